"""The ``kg_stacker`` component: one calibrated keep-and-type decision per candidate.

spancat (:mod:`kg.extract.spancat`) scores each candidate from the words in and
around it. What it does not see is evidence about the span as a whole: whether it is
exactly a vocabulary entry or an abbreviation's long or short form, which rule
proposed it and with which type hint, its length and shape, whether it sits in the
title or opens a sentence, is an established term of the unlabelled corpus, follows
"for"/"on"/"in"/"of" or a proposal verb ("we propose X"), extends a vocabulary entry
("test accuracy"), opens with an evaluative word ("higher accuracy"), heads the
title before its colon ("Lumine: An Open Recipe ..."), or is an item of a list of
methods ("methods such as self-play and double oracle") or of measures ("in terms of
Hypervolume and R2-distance"), or is an abbreviation (or its long form) whose long
form ends in a technique noun ("Graph Neural Network (GNN)") or in a noun that names
neither a technique, a task nor a measure ("Markov Game (MG)"). The stacker
is a multinomial logistic regression over spancat's type scores plus those span
features, with classes "not an entity" and the six types.
``scripts/train_spancat.py`` fits it on *held-out* spancat scores (each paper scored
by a spancat that did not see it), so it learns how far to trust spancat on new
papers, not on its training set.

It rewrites ``doc.spans["kg_typed"]``: every candidate with its most probable type
and that probability in ``.attrs["scores"]``; ``kg_entities`` keeps those at or
above its ``keep_threshold`` (or its type's threshold in ``type_keep``). Until
fitted (or without a spancat in the pipeline) it leaves the doc alone. Its weights
are saved with the pipeline (``kg_stacker/weights.json``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from spacy.attrs import IDX, LOWER, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from kg.extract.candidates import after_proposal, class_list_items, doc_text, token_strings
from kg.extract.lexicon import (
    EVALUATIVE,
    METHOD_HEADS,
    METRIC_HEADS,
    TASK_HEADS,
    corpus_terms,
    is_model_name,
)
from kg.extract.spancat import SPANS_KEY, candidate_spans
from kg.model import ENTITY_TYPES

__all__ = ["FEATURES", "Stacker", "candidate_features", "make_stacker"]

_SOURCES = ("shape", "titlecase", "phrase")
_PURPOSE = {"for", "in", "on", "of"}  # "for code generation", "on GSM8K", "in image captioning"

#: Names of the feature columns, in order.
FEATURES: tuple[str, ...] = (
    *(f"spancat:{t}" for t in ENTITY_TYPES),
    "vocab",
    "long_form",
    "short_form",
    *(f"rule:{s}" for s in _SOURCES),
    *(f"vocab:{t}" for t in ENTITY_TYPES),
    *(f"hint:{t}" for t in ENTITY_TYPES),
    "log_length",
    "in_title",
    "sentence_start",
    "inner_capital",
    "digit",
    "corpus_term",
    "after_for",
    "after_proposal",
    "extends_vocab",
    "modifier_start",
    "model_name",
    "title_head",
    "way_list",
    "measure_list",
    "long_form_technique",
    "long_form_other",
)


def _heads_title(doc: Doc, start: int, end: int, title_end: int) -> bool:
    """``Lumine: An Open Recipe ...``: the span is the title's head before its colon
    (after an article, if any), the place a paper names what it introduces."""
    if end >= title_end or doc[end].text != ":":
        return False
    return start == 0 or (start == 1 and doc[0].lower_ in {"the", "a", "an"})


#: Nouns that end the long form of a technique's abbreviation besides the technique heads
#: ("Hidden Markov Model (HMM)"; the heads already cover "Graph Neural Network").
_TECHNIQUE_NOUNS = frozenset(
    "method algorithm model framework mechanism architecture approach technique".split()
)


def _long_form_head(long_form: Span) -> str:
    """What the last word of an abbreviation's long form names: "technique", "" for a task
    or metric head, or "other" ("Markov Game (MG)", "Service Level Objectives (SLOs)").

    >>> import spacy
    >>> doc = spacy.blank("en")("Markov Game and Graph Neural Networks")
    >>> _long_form_head(doc[0:2]), _long_form_head(doc[3:6])
    ('other', 'technique')
    """
    word = long_form[-1].lower_
    forms = {word, word[:-1]} if word.endswith("s") and not word.endswith("ss") else {word}
    if forms & (METHOD_HEADS | _TECHNIQUE_NOUNS):
        return "technique"
    return "" if forms & (TASK_HEADS | METRIC_HEADS) else "other"


def candidate_features(doc: Doc) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The candidates of ``doc`` and their :data:`FEATURES` (one row each).

    Reads spancat's scores from ``doc.spans["kg_typed"]`` (a type it did not
    score counts 0) and the rule layers' spans.
    """
    spans = candidate_spans(doc)
    index = {span: i for i, span in enumerate(spans)}
    x = np.zeros((len(spans), len(FEATURES)), dtype=np.float32)
    if not spans:
        return spans, x
    col = {name: k for k, name in enumerate(FEATURES)}
    group = doc.spans.get(SPANS_KEY)
    if group is not None and len(group):
        scores = np.asarray(group.attrs.get("scores", np.ones(len(group))), dtype=np.float32)
        for span, score in zip(group, scores.reshape(len(group), -1).max(axis=1), strict=True):
            i = index.get((span.start, span.end))
            key = f"spancat:{span.label_}"
            if i is not None and key in col:
                x[i, col[key]] = max(x[i, col[key]], score)
    vocab_starts: dict[int, int] = {}
    for span in doc.spans.get("kg_vocab", []):
        vocab_starts[span.end] = max(vocab_starts.get(span.end, -1), span.start)
        if (i := index.get((span.start, span.end))) is not None:
            x[i, col["vocab"]] = 1.0
            if f"vocab:{span.label_}" in col:
                x[i, col[f"vocab:{span.label_}"]] = 1.0
    for lf, sf in doc._.kg_abbreviations or []:
        # "Markov Game (MG)": the long form's head says whether it names a technique
        head = _long_form_head(lf)
        for span, kind in ((lf, "long_form"), (sf, "short_form")):
            if (i := index.get((span.start, span.end))) is not None:
                x[i, col[kind]] = 1.0
                if head:
                    x[i, col[f"long_form_{head}"]] = 1.0
    for span in doc.spans.get("kg_candidates", []):
        if (i := index.get((span.start, span.end))) is None:
            continue
        if (source := span._.kg_source or "shape") in _SOURCES:
            x[i, col[f"rule:{source}"]] = 1.0
        if f"hint:{span.label_}" in col:
            x[i, col[f"hint:{span.label_}"]] = 1.0
    title_end = doc._.kg_title_end or 0
    terms = corpus_terms()
    listed = class_list_items(doc)
    # each span's text and words from the doc's arrays: Span.text makes a Token per word
    full, words, lowers = doc_text(doc), token_strings(doc), token_strings(doc, LOWER)
    offsets, sent_starts = doc.to_array(IDX).tolist(), doc.to_array(SENT_START).tolist()
    for i, (start, end) in enumerate(spans):
        text = full[offsets[start] : offsets[end - 1] + len(words[end - 1])]
        x[i, col["log_length"]] = math.log(end - start)
        x[i, col["in_title"]] = float(start < title_end)
        x[i, col["sentence_start"]] = float(sent_starts[start] == 1)
        x[i, col["inner_capital"]] = float(any(c.isupper() for c in text[1:]))
        x[i, col["digit"]] = float(any(c.isdigit() for c in text))
        x[i, col["corpus_term"]] = float(text.lower() in terms)
        x[i, col["after_for"]] = float(start > 0 and lowers[start - 1] in _PURPOSE)
        x[i, col["after_proposal"]] = float(after_proposal(doc, start))
        x[i, col["extends_vocab"]] = float(vocab_starts.get(end, -1) > start)
        # "higher accuracy", "similar latency": an evaluative word, not part of a name
        x[i, col["modifier_start"]] = float(end - start > 1 and lowers[start] in EVALUATIVE)
        # "DeBERTav3Large", "Orchestra-o1-8B": a model family's prefix or a parameter count
        x[i, col["model_name"]] = float(is_model_name(text))
        x[i, col["title_head"]] = float(_heads_title(doc, start, end, title_end))
        x[i, col["way_list"]] = float(listed.get((start, end)) == "Method")
        x[i, col["measure_list"]] = float(listed.get((start, end)) == "Metric")
    return spans, x


class Stacker:
    """The ``kg_stacker`` component (see the module docstring)."""

    def __init__(self, name: str = "kg_stacker", *, l2: float) -> None:
        self.name = name
        self.l2 = l2
        self.labels: tuple[str, ...] = ENTITY_TYPES
        self.mean: np.ndarray | None = None
        self.std: np.ndarray | None = None
        self.weights: np.ndarray | None = None  # (features + 1) x (1 + labels): bias last row

    @property
    def is_fitted(self) -> bool:
        return self.weights is not None

    def fit(self, x: np.ndarray, y: Iterable[str]) -> Stacker:
        """Fit on feature rows ``x`` and their gold types (``""``: not an entity).

        >>> s = Stacker(l2=1e-3)
        >>> x = np.eye(len(FEATURES), dtype=np.float32)[[0, 0, 1, 1]]
        >>> int(s.fit(x, ["Method", "Method", "", ""]).predict(x[:1]).argmax())
        1
        """
        from scipy.optimize import minimize

        classes = {"": 0, **{t: k + 1 for k, t in enumerate(self.labels)}}
        target = np.asarray([classes[t] for t in y])
        self.mean = x.mean(axis=0)
        self.std = x.std(axis=0) + 1e-6
        z = np.hstack([(x - self.mean) / self.std, np.ones((len(x), 1), dtype=np.float32)])
        n_classes = len(classes)
        onehot = np.eye(n_classes)[target]
        reg = np.ones((z.shape[1], 1))
        reg[-1] = 0.0  # the bias is not regularised

        def loss(flat: np.ndarray) -> tuple[float, np.ndarray]:
            w = flat.reshape(z.shape[1], n_classes)
            logits = z @ w
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            nll = -np.log(p[np.arange(len(z)), target] + 1e-12).mean()
            grad = z.T @ (p - onehot) / len(z) + 2 * self.l2 * reg * w
            return nll + self.l2 * float((reg * w * w).sum()), grad.ravel()

        start = np.zeros(z.shape[1] * n_classes)
        result = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 500})
        self.weights = result.x.reshape(z.shape[1], n_classes)
        return self

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities (column 0: not an entity, then :attr:`labels`)."""
        if self.weights is None or self.mean is None or self.std is None:
            raise ValueError("the stacker is not fitted: train it with scripts/train_spancat.py")
        z = np.hstack([(x - self.mean) / self.std, np.ones((len(x), 1), dtype=np.float32)])
        logits = z @ self.weights
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def __call__(self, doc: Doc) -> Doc:
        if not self.is_fitted or SPANS_KEY not in doc.spans:
            return doc
        spans, x = candidate_features(doc)
        kept, scores = [], []
        if spans:
            probs = self.predict(x)[:, 1:]
            for (start, end), p in zip(spans, probs, strict=True):
                k = int(p.argmax())
                kept.append(Span(doc, start, end, label=self.labels[k]))
                scores.append(float(p[k]))
        group = SpanGroup(doc, name=SPANS_KEY, spans=kept)
        group.attrs["scores"] = np.asarray(scores, dtype=np.float32)
        doc.spans[SPANS_KEY] = group
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        state = {"features": list(FEATURES), "labels": list(self.labels), "l2": self.l2}
        if self.is_fitted:
            state |= {
                "mean": self.mean.tolist(),
                "std": self.std.tolist(),
                "weights": self.weights.tolist(),
            }
        (path / "weights.json").write_text(json.dumps(state), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Stacker:
        state = json.loads((Path(path) / "weights.json").read_text(encoding="utf-8"))
        if "weights" in state and state["features"] != list(FEATURES):  # unfitted: no matter
            raise ValueError(
                f"{path}: the stacker was trained on other features; "
                "retrain with scripts/train_spancat.py"
            )
        self.labels = tuple(state["labels"])
        if "weights" in state:
            self.mean = np.asarray(state["mean"], dtype=np.float32)
            self.std = np.asarray(state["std"], dtype=np.float32)
            self.weights = np.asarray(state["weights"], dtype=np.float64)
        return self


@Language.factory(
    "kg_stacker",
    requires=["doc.spans"],
    assigns=["doc.spans"],
    default_config={"l2": 1e-3},
)
def make_stacker(nlp: Language, name: str, *, l2: float) -> Stacker:
    """Factory of :class:`Stacker` (``l2``: the weight decay used when it is fitted)."""
    return Stacker(name, l2=l2)
