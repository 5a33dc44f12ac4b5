"""The extraction pipeline: a blank English spaCy pipeline plus our components.

Components, in order (each documented in its module):

=================  ==========================================  ==============================
name               what it does                                writes
=================  ==========================================  ==============================
tokenizer          keeps ML names whole (``kg.Tokenizer.v1``)   tokens
sentencizer        spaCy's rule-based sentence splitter          ``Token.is_sent_start``
kg_title           makes the title its own sentence              ``Token.is_sent_start``
kg_abbreviations   Schwartz-Hearst long/short form pairs         ``Doc._.kg_abbreviations``
kg_vocabulary      curated well-known names                      ``doc.spans["kg_vocab"]``
kg_candidates      name shapes, title-case, head-noun phrases    ``doc.spans["kg_candidates"]``
kg_features        rule evidence per token, for spancat          ``Token.tag_``
kg_spancat         (trained) scores candidates per type          ``doc.spans["kg_typed"]``
kg_stacker         (trained) calibrated keep/type decision      ``doc.spans["kg_typed"]``
kg_entities        resolve, group, type, roles                   ``Doc._.kg_entities``
=================  ==========================================  ==============================

:func:`extract_papers` runs it over papers (with ``n_process`` workers) and then
canonicalises names across the whole corpus (:mod:`kg.extract.canonical`).

>>> from kg.model import Paper
>>> papers = [Paper("1", "LoRA for all", "We fine-tune Llama-2-7B with LoRA on GSM8K.")]
>>> extract_papers(papers)
>>> [(e.name, e.type, e.role) for e in papers[0].entities]
[('LoRA', 'Method', 'uses'), ('Llama-2-7B', 'Model', 'uses'), ('GSM8K', 'Benchmark', 'evaluates_on')]
"""

from __future__ import annotations

import logging
import multiprocessing as mp
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

from kg.extract import abbreviations as _abbreviations  # noqa: F401  (registers the component)
from kg.extract import candidates as _candidates  # noqa: F401
from kg.extract import entities as _entities  # noqa: F401
from kg.extract import spancat as _spancat  # noqa: F401
from kg.extract import stacker as _stacker  # noqa: F401
from kg.extract import tokenizer as _tokenizer  # noqa: F401
from kg.extract import vocabulary as _vocabulary  # noqa: F401
from kg.extract.canonical import canonicalise
from kg.model import Entity, Paper

__all__ = ["MODEL_DIR", "PIPE_NAMES", "extract_papers", "get_nlp", "make_nlp"]

log = logging.getLogger(__name__)

PIPE_NAMES: tuple[str, ...] = (
    "sentencizer",
    "kg_title",
    "kg_abbreviations",
    "kg_vocabulary",
    "kg_candidates",
    "kg_features",
    "kg_entities",
)


@Language.component("kg_title", assigns=["token.is_sent_start"])
def title_component(doc: Doc) -> Doc:
    """Start a sentence after the blank line that ends the title (see :attr:`Paper.text`)."""
    for tok in doc:
        if tok.is_space and "\n\n" in tok.text and tok.i + 1 < len(doc):
            doc[tok.i + 1].is_sent_start = True
            break
    return doc


def make_nlp(components: Iterable[str] | None = None) -> Language:
    """A fresh pipeline; ``components`` keeps only those (plus the sentence splitters)."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "kg.Tokenizer.v1"}}})
    wanted = set(PIPE_NAMES if components is None else components) | {"sentencizer", "kg_title"}
    if "kg_entities" in wanted:
        wanted |= set(PIPE_NAMES)
    for name in PIPE_NAMES:
        if name in wanted:
            nlp.add_pipe(name)
    return nlp


#: The trained pipeline shipped with the package (``scripts/train_spancat.py`` writes it).
MODEL_DIR = Path(__file__).parent / "model"


@cache
def get_nlp() -> Language:
    """The shared pipeline of this process: the shipped trained one, else rules only.

    Its network multiplies matrices with numpy's BLAS rather than thinc's default blis:
    on one core OpenBLAS is about three times faster at spancat's sizes.
    """
    if (MODEL_DIR / "config.cfg").exists():
        with use_ops("numpy", use_blis=False):
            return spacy.load(MODEL_DIR)
    log.warning("no trained pipeline in %s: extracting with the rules alone", MODEL_DIR)
    return make_nlp()


def _extract_texts(texts: Sequence[str], batch_size: int = 64) -> list[list[Entity]]:
    nlp = get_nlp()
    # one BLAS thread: a worker is one core (n_process gives the parallelism), and two
    # threads per worker would fight over the cores
    with threadpool_limits(1, user_api="blas"):
        return [doc._.kg_entities for doc in nlp.pipe(texts, batch_size=batch_size)]


def extract_papers(
    papers: Sequence[Paper],
    *,
    n_process: int = 1,
    batch_size: int = 64,
    progress: Callable[[str, int], Callable[[int], None]] | None = None,
) -> None:
    """Fill ``entities`` and ``variant_of`` of every paper, in place."""
    advance = progress("extracting", len(papers)) if progress else None
    texts = [p.text for p in papers]
    chunk = max(batch_size, 256)
    chunks = [texts[i : i + chunk] for i in range(0, len(texts), chunk)]
    results: list[list[Entity]] = []
    if n_process > 1 and len(chunks) > 1:
        ctx = mp.get_context("fork")
        with ctx.Pool(n_process) as pool:
            for part in pool.imap(_extract_texts, chunks):
                results.extend(part)
                if advance:
                    advance(len(part))
    else:
        for part in chunks:
            results.extend(_extract_texts(part, batch_size))
            if advance:
                advance(len(part))
    for paper, entities in zip(papers, results, strict=True):
        paper.entities = entities
    canonicalise(papers)
