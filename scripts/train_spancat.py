"""Train the ``kg_spancat`` span categorizer on the gold papers; report k-fold scores.

The gold file gives entity names, not offsets: a candidate span (see
``kg.extract.spancat.candidate_spans``) is a positive example of type T when its
text matches the name or an alias of a gold entity of type T by the GUIDELINES
rule; every other candidate is a negative one. Steps:

1. ``--folds K``: for each fold, train on the other papers and score the held-out
   ones with ``kg.extract.evaluate`` (pooled over folds): the honest figure for
   papers the model never saw;
   With ``--stack`` (the default) each fold also fits ``kg_stacker`` (see
   ``kg.extract.stacker``) on *held-out* spancat scores of its training papers:
   paper i of fold j is scored by a spancat trained without folds k and j;
   ``--type-keep Task=0.25`` (the default) keeps a candidate whose best type is
   Task from a score of 0.25 instead of ``--threshold``: with about 170 task
   examples the stacker under-scores tasks (5-fold Task F1 0.26 at 0.4, 0.34 at
   0.25; core F1 0.745 and 0.743);
2. train on all gold papers and save the whole pipeline (rules + spancat, and the
   stacker fitted on every paper's 5-fold held-out scores) to
   ``--out`` (default ``kg/extract/model``), which ``kg`` then loads, with
   ``scores.json``: the k-fold scores and the saved model's fit on the papers it
   was trained on (which a test reproduces; it is not a quality estimate).

``--cache DIR`` saves each fold's spancat and loads it on later runs, so that a change
after spancat (stacker features, keep rules, roles) is measured in about a minute on
the same models, with no retraining noise. Deterministic for a given ``--seed``. Usage::

    python scripts/train_spancat.py ../shared/gold/dev.jsonl --folds 5
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import spacy
import srsly
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from kg.extract.canonical import canonicalise
from kg.extract.evaluate import evaluate, format_report, read_gold
from kg.extract.pipeline import make_nlp
from kg.extract.spancat import SPANCAT_CONFIG, SPANS_KEY, candidate_spans
from kg.extract.stacker import candidate_features
from kg.extract.tokenizer import make_tokenizer
from kg.extract.vocabulary import DEFAULT_VOCABULARY
from kg.ingest import load_papers
from kg.model import ENTITY_TYPES, Paper, match_key, write_papers

log = logging.getLogger("train_spancat")
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "kg" / "extract" / "model"


def gold_texts(gold: list[Paper], corpus: list[str] | None) -> list[Paper]:
    """The gold papers with their abstracts from the corpus (matched by title)."""
    by_title = {match_key(p.title): p for p in load_papers(corpus).papers}
    out = []
    for g in gold:
        p = by_title.get(match_key(g.title))
        if p is None:
            log.warning("no abstract for gold paper %r", g.title)
            continue
        out.append(Paper(p.id, p.title, p.abstract, entities=g.entities, variant_of=g.variant_of))
    return out


def reference_spans(doc: Doc, gold: Paper) -> list[Span]:
    forms: dict[str, str] = {}
    for ent in gold.entities:
        for form in [ent.name, *ent.aliases]:
            forms.setdefault(match_key(form), ent.type)
    spans = []
    for start, end in candidate_spans(doc):
        key = match_key(doc[start:end].text)
        etype = forms.get(key) or (forms.get(key[:-1]) if key.endswith("s") else None)
        if etype:
            spans.append(Span(doc, start, end, label=etype))
    return spans


def examples_for(nlp, papers: list[Paper]) -> list[Example]:
    out = []
    with nlp.select_pipes(
        disable=[n for n in ("kg_spancat", "kg_stacker", "kg_entities") if n in nlp.pipe_names]
    ):
        docs = list(nlp.pipe(p.text for p in papers))
    for doc, paper in zip(docs, papers, strict=True):
        ref = doc.copy()
        ref.spans[SPANS_KEY] = reference_spans(ref, paper)
        out.append(Example(doc, ref))
    return out


def resolver_settings(
    threshold: float, type_keep: dict[str, float] | None = None, phrase_keep: float | None = None
) -> dict:
    """The ``kg_entities`` keep settings, as its config and its attributes name them.

    >>> resolver_settings(0.4, {"Task": 0.25})
    {'keep_threshold': 0.4, 'type_keep': {'Task': 0.25}, 'phrase_keep': None}
    """
    return {
        "keep_threshold": threshold,
        "type_keep": dict(type_keep or {}),
        "phrase_keep": phrase_keep,
    }


def train(
    papers: list[Paper],
    *,
    epochs: int,
    seed: int,
    threshold: float,
    type_keep: dict[str, float] | None = None,
    phrase_keep: float | None = None,
):
    fix_random_seed(seed)
    nlp = make_nlp()
    nlp.add_pipe("spancat", name="kg_spancat", config=SPANCAT_CONFIG, before="kg_entities")
    nlp.add_pipe("kg_stacker", before="kg_entities")  # passes through until fitted
    nlp.replace_pipe(
        "kg_entities",
        "kg_entities",
        config=resolver_settings(threshold, type_keep, phrase_keep),
    )
    examples = examples_for(nlp, papers)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=8):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        log.debug("epoch %d loss %.3f", epoch, losses.get("kg_spancat", 0.0))
    return nlp


def stack_data(nlp, papers: list[Paper]) -> tuple[np.ndarray, list[str]]:
    """Stacker training rows: ``nlp``'s spancat on ``papers`` (which it must not have seen)."""
    with nlp.select_pipes(disable=["kg_stacker", "kg_entities"]):
        docs = list(nlp.pipe(p.text for p in papers))
    xs, ys = [], []
    for doc, paper in zip(docs, papers, strict=True):
        spans, x = candidate_features(doc)
        gold = {(s.start, s.end): s.label_ for s in reference_spans(doc, paper)}
        xs.append(x)
        ys += [gold.get(span, "") for span in spans]
    return np.concatenate(xs), ys


def fit_stacker(nlp, parts: list[tuple[np.ndarray, list[str]]]) -> None:
    x = np.concatenate([p[0] for p in parts])
    y = [label for p in parts for label in p[1]]
    nlp.get_pipe("kg_stacker").fit(x, y)
    log.info("stacker fitted on %d candidates (%d entities)", len(y), sum(1 for t in y if t))


def parse_type_keep(pairs: list[str]) -> dict[str, float]:
    """``["Task=0.25"]`` -> ``{"Task": 0.25}``.

    >>> parse_type_keep(["Task=0.25", "Metric=0.3"])
    {'Task': 0.25, 'Metric': 0.3}
    """
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or name not in ENTITY_TYPES:
            raise SystemExit(
                f"--type-keep {pair!r}: use TYPE=THRESHOLD, TYPE one of {ENTITY_TYPES}"
            )
        out[name] = float(value)
    return out


def predict(nlp, papers: list[Paper], thresholds: list[float]) -> dict[float, list[Paper]]:
    """Predictions of the held-out papers for each keep threshold (the model runs once)."""
    resolver = nlp.get_pipe("kg_entities")
    with nlp.select_pipes(disable=["kg_entities"]):
        docs = list(nlp.pipe(p.text for p in papers))
    out = {}
    for t in thresholds:
        resolver.keep_threshold = t
        preds = [Paper(p.id, p.title, p.abstract) for p in papers]
        for paper, doc in zip(preds, docs, strict=True):
            paper.entities = resolver(doc)._.kg_entities
        canonicalise(preds)
        out[t] = preds
    return out


def load_cached(path: Path, settings: dict):
    """A fold's spancat saved by an earlier run, with this run's code and data (the
    tokenizer rules and the vocabulary too, which spaCy saves with a pipeline) and keep
    ``settings`` (:func:`resolver_settings`)."""
    nlp = spacy.load(path)
    nlp.tokenizer = make_tokenizer(nlp)
    nlp.get_pipe("kg_vocabulary").from_disk(DEFAULT_VOCABULARY.parent)
    resolver = nlp.get_pipe("kg_entities")
    for name, value in settings.items():
        setattr(resolver, name, value)
    return nlp


def _sort_sentencizer(path: Path) -> None:
    """spaCy writes the sentencizer's punctuation set in hash order, so that every save
    differs; sorted, a retrained pipeline changes only where its model did."""
    file = path / "sentencizer.json"
    if file.exists():
        state = srsly.read_json(file)
        state["punct_chars"] = sorted(state.get("punct_chars", []))
        srsly.write_json(file, state)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("--corpus", nargs="*", default=None, help="abstracts (default: bundled sample)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threshold", type=float, default=0.4, help="keep threshold to ship")
    ap.add_argument(
        "--type-keep",
        nargs="*",
        default=["Task=0.25"],
        metavar="TYPE=T",
        help="keep thresholds per type that override --threshold (default: Task=0.25)",
    )
    ap.add_argument(
        "--phrase-keep",
        type=float,
        default=0.45,
        help="keep threshold of a lower-case Method phrase (default: 0.45; negative: none)",
    )
    ap.add_argument("--sweep", type=float, nargs="*", default=[], help="also score these")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--no-stack", dest="stack", action="store_false", help="spancat alone, no kg_stacker"
    )
    ap.add_argument("--no-save", action="store_true", help="only report the k-fold scores")
    ap.add_argument("--report", type=Path, help="also write the scores as JSON here")
    ap.add_argument("--pred-out", type=Path, help="write the held-out predictions (papers.jsonl)")
    ap.add_argument(
        "--cache",
        type=Path,
        help="keep each fold's trained spancat here and reuse it on the next run with the same "
        "seed, folds and epochs: for changes after spancat (stacker features, keep rules, "
        "roles); a change to the candidates or the vocabulary needs a fresh directory",
    )
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    gold = read_gold(args.gold)
    papers = gold_texts(gold, args.corpus)
    order = list(range(len(papers)))
    random.Random(args.seed).shuffle(order)
    sweep = sorted({args.threshold, *args.sweep})
    type_keep = parse_type_keep(args.type_keep)
    phrase_keep = args.phrase_keep if args.phrase_keep >= 0 else None
    settings = resolver_settings(args.threshold, type_keep, phrase_keep)
    scores: dict = {
        "gold": Path(args.gold).name,
        "papers": len(papers),
        "folds": args.folds,
        "epochs": args.epochs,
        "seed": args.seed,
        **settings,
    }
    scores["stacker"] = args.stack
    fold_of = {i: n % max(args.folds, 2) for n, i in enumerate(order)}
    cache_dir = (
        args.cache / f"seed{args.seed}-folds{args.folds}-epochs{args.epochs}"
        if args.cache
        else None
    )
    models: dict[frozenset[int], spacy.Language] = {}
    started = time.perf_counter()

    def without(folds: set[int]):
        """The spancat trained on every paper outside ``folds`` (trained once, kept)."""
        key = frozenset(folds)
        if key not in models:
            cached = cache_dir / "-".join(map(str, sorted(key))) if cache_dir else None
            if cached is not None and cached.exists():
                models[key] = load_cached(cached, settings)
                return models[key]
            kept = [p for i, p in enumerate(papers) if fold_of[i] not in key]
            models[key] = train(
                kept,
                epochs=args.epochs,
                seed=args.seed,
                threshold=args.threshold,
                type_keep=type_keep,
                phrase_keep=phrase_keep,
            )
            log.info("spancat without folds %s (%.0fs)", sorted(key), time.perf_counter() - started)
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                models[key].to_disk(cached)
        return models[key]

    def fold(j: int) -> list[Paper]:
        return [p for i, p in enumerate(papers) if fold_of[i] == j]

    if args.folds > 1:
        predicted: dict[float, list[Paper]] = {t: [] for t in sweep}
        for k in range(args.folds):
            nlp = without({k})
            if args.stack:
                others = [j for j in range(args.folds) if j != k]
                fit_stacker(nlp, [stack_data(without({k, j}), fold(j)) for j in others])
            for t, preds in predict(nlp, fold(k), sweep).items():
                predicted[t] += preds
            log.info("fold %d/%d done (%.0fs)", k + 1, args.folds, time.perf_counter() - started)
        for t in sweep:
            r = evaluate(gold, predicted[t])
            log.info(
                "keep threshold %.2f: core untyped F1 %.3f (P %.3f R %.3f), typed F1 %.3f, "
                "roles %.3f",
                t,
                r.core_untyped.f1,
                r.core_untyped.precision,
                r.core_untyped.recall,
                r.core_typed.f1,
                r.role_accuracy,
            )
        report = evaluate(gold, predicted[args.threshold])
        scores["kfold"] = report.to_dict()
        if args.pred_out:
            write_papers(predicted[args.threshold], args.pred_out)
        log.info(
            "%d-fold cross-validation on %s (threshold %.2f):\n%s",
            args.folds,
            args.gold,
            args.threshold,
            format_report(report),
        )
    if not args.no_save:
        nlp = train(
            papers,
            epochs=args.epochs,
            seed=args.seed,
            threshold=args.threshold,
            type_keep=type_keep,
            phrase_keep=phrase_keep,
        )
        if args.stack:
            folds = range(max(args.folds, 2))
            fit_stacker(nlp, [stack_data(without({j}), fold(j)) for j in folds])
        with tempfile.TemporaryDirectory(dir=args.out.parent) as tmp:
            staged = Path(tmp) / "model"
            nlp.to_disk(staged)
            _sort_sentencizer(staged)
            if args.out.exists():
                shutil.rmtree(args.out)
            shutil.move(str(staged), args.out)
        reloaded = spacy.load(args.out)  # it must load back, and score as it did
        fit = evaluate(gold, predict(reloaded, papers, [args.threshold])[args.threshold])
        scores["fit"] = fit.to_dict()
        (args.out / "scores.json").write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
        log.info(
            "saved the pipeline to %s; its fit on the training papers:\n%s",
            args.out,
            format_report(fit),
        )
    if args.report:
        args.report.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
