"""The statistical layer: spaCy's span categorizer over our candidate spans.

Rules propose (``kg_vocabulary``, ``kg_abbreviations``, ``kg_candidates``); a
trained ``spancat`` named ``kg_spancat`` decides which candidates are entities
and of which type, from the words in and around them (hash embeddings of
norm, prefix, suffix and shape, a small CNN). It never sees a name it could
only memorise: it learns what an entity looks like in context, which is what
carries over to names coined after training.

The suggester ``kg.candidate_suggester.v1`` hands spancat exactly those
candidates, so training and prediction see the same spans. Predictions go to
``doc.spans["kg_typed"]`` with their scores in ``.attrs["scores"]``; the
``kg_entities`` component reads them. Train with ``scripts/train_spancat.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy
from spacy.attrs import LOWER, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Ops, get_current_ops
from thinc.types import Ragged

from kg.extract.lexicon import is_verb

__all__ = [
    "SPANCAT_CONFIG",
    "SPANS_KEY",
    "candidate_spans",
    "features_component",
    "make_candidate_suggester",
]

SPANS_KEY = "kg_typed"

#: The ``kg_spancat`` component's config: a small model, fast on CPU.
SPANCAT_CONFIG = {
    "spans_key": SPANS_KEY,
    "threshold": 0.01,  # every candidate comes out with its score; kg_entities decides
    "max_positive": None,  # every type it scores above the threshold, for kg_stacker
    "suggester": {"@misc": "kg.candidate_suggester.v1"},
    "model": {
        "@architectures": "spacy.SpanCategorizer.v1",
        "reducer": {"@layers": "spacy.mean_max_reducer.v1", "hidden_size": 96},
        "scorer": {"@layers": "spacy.LinearLogistic.v1"},
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {
                "@architectures": "spacy.MultiHashEmbed.v2",
                "width": 64,
                "rows": [4000, 1000, 2000, 1000, 200],
                "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG"],
                "include_static_vectors": False,
            },
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2",
                "width": 64,
                "window_size": 1,
                "maxout_pieces": 2,
                "depth": 2,
            },
        },
    },
}


@Language.component("kg_features", assigns=["token.tag"])
def features_component(doc: Doc) -> Doc:
    """Write each token's rule evidence into ``Token.tag_`` for spancat to embed.

    The tag is the strongest of: ``V-<type>`` (in a vocabulary match), ``ABBR``
    (in an abbreviation pair), ``B-<source>``/``I-<source>`` (first / inner token of
    a rule candidate), ``VERB`` (a verb form of the corpus lexicon), else ``O``.
    It works on attribute arrays, not Token objects: this runs on every token.
    """
    strings = doc.vocab.strings
    verb, other = strings.add("VERB"), strings.add("O")
    tags = numpy.fromiter(
        (verb if _is_verb_cached(strings[h]) else other for h in doc.to_array(LOWER).tolist()),
        dtype=numpy.uint64,
        count=len(doc),
    )
    for span in doc.spans.get("kg_candidates", []):
        source = span._.kg_source or "shape"
        tags[span.start + 1 : span.end] = strings.add("I-" + source)
        tags[span.start] = strings.add("B-" + source)
    abbr = strings.add("ABBR")
    for lf, sf in doc._.kg_abbreviations or []:
        tags[lf.start : lf.end] = abbr
        tags[sf.start : sf.end] = abbr
    for span in doc.spans.get("kg_vocab", []):
        tags[span.start : span.end] = strings.add("V-" + span.label_)
    if len(doc):
        doc.from_array([TAG], tags.reshape(-1, 1))
    return doc


#: :func:`is_verb`, memoised: the same words recur in every abstract (bounded, so that a
#: long build does not keep every word it has seen)
_is_verb_cached = lru_cache(maxsize=1 << 16)(is_verb)


def candidate_spans(doc: Doc) -> list[tuple[int, int]]:
    """Token offsets of every candidate of ``doc`` (vocabulary, abbreviations, rules), sorted."""
    seen: set[tuple[int, int]] = set()
    for key in ("kg_vocab", "kg_candidates"):
        for span in doc.spans.get(key, []):
            seen.add((span.start, span.end))
    for lf, sf in doc._.kg_abbreviations or []:
        seen.add((lf.start, lf.end))
        seen.add((sf.start, sf.end))
    return sorted(seen)


@registry.misc("kg.candidate_suggester.v1")
def make_candidate_suggester():
    """A spancat suggester that proposes the candidates the rule components found."""

    def suggest(docs: Iterable[Doc], *, ops: Ops | None = None) -> Ragged:
        ops = ops or get_current_ops()
        spans: list[tuple[int, int]] = []
        lengths: list[int] = []
        for doc in docs:
            found = candidate_spans(doc)
            spans.extend(found)
            lengths.append(len(found))
        data = ops.asarray2i(spans) if spans else ops.xp.zeros((0, 2), dtype="i")
        return Ragged(data, ops.asarray1i(lengths))

    return suggest
