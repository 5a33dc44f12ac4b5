"""``kg build``: ingest -> extract -> graph -> exports, as one importable function.

>>> import tempfile
>>> summary = build(out_dir=tempfile.mkdtemp())  # the bundled sample corpus
>>> summary.papers, summary.entries
(196, 218)
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.atomic import staging_dir
from kg.model import ENTITY_TYPES, write_papers

__all__ = ["EXPORT_FILES", "BuildSummary", "build"]

log = logging.getLogger(__name__)

#: What ``kg build`` writes into its output folder.
EXPORT_FILES: tuple[str, ...] = (
    "papers.jsonl",
    "graph.ttl",
    "graph.graphml",
    "graph.html",
    "neo4j-import/",
)

ProgressFactory = Callable[[str, int], Callable[[int], None]]


@dataclass
class BuildSummary:
    """What a build produced: counts for the closing summary."""

    out_dir: Path
    entries: int = 0
    papers: int = 0
    skipped: int = 0
    entities_by_type: Counter = field(default_factory=Counter)
    mentions: int = 0
    links: int = 0
    seconds: float = 0.0

    @property
    def entities(self) -> int:
        return sum(self.entities_by_type.values())


def build(
    inputs: Sequence[str | Path] | None = None,
    out_dir: str | Path = "exports",
    *,
    strict: bool = False,
    n_process: int = 1,
    progress: ProgressFactory | None = None,
) -> BuildSummary:
    """Build every export of ``inputs`` (default: the bundled sample corpus) into ``out_dir``.

    Outputs are written into a staging folder and moved in only when all of them
    were written, so a failure leaves an earlier export untouched.
    """
    from kg.ingest import load_papers

    started = time.perf_counter()
    summary = BuildSummary(out_dir=Path(out_dir))
    ingested = load_papers(inputs, strict=strict)  # bad input fails here, before any work

    from kg.extract import extract_papers
    from kg.graph import build_graph, corpus_entities, shared_technique_links, write_graphml
    from kg.neo4j.admin_csv import write_import_csv
    from kg.rdf.export import write_rdf
    from kg.viz.html import write_html

    papers = ingested.papers
    summary.entries, summary.papers, summary.skipped = (
        ingested.entries,
        len(papers),
        ingested.skipped,
    )

    extract_papers(papers, n_process=n_process, progress=progress)
    links = shared_technique_links(papers)
    entities = corpus_entities(papers)
    summary.entities_by_type = Counter({t: 0 for t in ENTITY_TYPES})
    summary.entities_by_type.update(e.type for e in entities.values())
    summary.mentions = sum(len(e.mentions) for p in papers for e in p.entities)
    summary.links = len(links)

    with staging_dir(out_dir) as tmp:
        write_papers(papers, tmp / "papers.jsonl")
        write_rdf(papers, tmp / "graph.ttl", links=links)
        write_graphml(build_graph(papers, links), tmp / "graph.graphml")
        write_html(papers, tmp / "graph.html", links=links)
        write_import_csv(papers, tmp / "neo4j-import", links=links)
    summary.seconds = time.perf_counter() - started
    return summary
