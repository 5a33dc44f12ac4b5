"""Dedup: records of one paper, from one input or several, become one :class:`Paper`.

Two papers are the same when their normalised titles are equal or they share an
arXiv id. The merged paper keeps the first non-empty value of each field, takes
the arXiv id as its id as soon as any record has one, and lists every source.

>>> from kg.model import Paper
>>> index = PaperIndex()
>>> index.add(Paper(id="t-1", title="GRPO at Scale", abstract="A.", upvotes=3, sources=["a:1"]))
True
>>> index.add(Paper(id="2501.00001", title="GRPO at scale!", abstract="B.", date="2025-01-02",
...                 sources=["b:9"]))
False
>>> [(p.id, p.abstract, p.upvotes, p.date, p.sources) for p in index.papers]
[('2501.00001', 'A.', 3, '2025-01-02', ['a:1', 'b:9'])]
"""

from __future__ import annotations

from dataclasses import fields

from kg.ingest.ids import normalise_title
from kg.model import Paper

__all__ = ["PaperIndex", "merge_into"]

_MERGED = tuple(f.name for f in fields(Paper) if f.name not in {"id", "sources"})


def _is_arxiv(paper_id: str) -> bool:
    return not paper_id.startswith("t-")


def merge_into(kept: Paper, other: Paper) -> None:
    """Fill ``kept``'s empty fields from ``other``, prefer an arXiv id, union the sources."""
    for name in _MERGED:
        if getattr(kept, name) in (None, "", []) and getattr(other, name) not in (None, "", []):
            setattr(kept, name, getattr(other, name))
    if not _is_arxiv(kept.id) and _is_arxiv(other.id):
        kept.id = other.id
    kept.sources.extend(s for s in other.sources if s not in kept.sources)


class PaperIndex:
    """Distinct papers in first-seen order, looked up by normalised title and by arXiv id."""

    def __init__(self) -> None:
        self.papers: list[Paper] = []
        self._by_title: dict[str, Paper] = {}
        self._by_id: dict[str, Paper] = {}

    def __len__(self) -> int:
        return len(self.papers)

    def add(self, paper: Paper) -> bool:
        """Add ``paper``, or merge it into the same paper seen before; True when it is new."""
        key = normalise_title(paper.title)
        kept = self._by_title.get(key)
        if kept is None and _is_arxiv(paper.id):
            kept = self._by_id.get(paper.id)
        if kept is None:
            self.papers.append(paper)
            self._by_title[key] = paper
            if _is_arxiv(paper.id):
                self._by_id[paper.id] = paper
            return True
        merge_into(kept, paper)
        self._by_title.setdefault(key, kept)
        if _is_arxiv(kept.id):
            self._by_id.setdefault(kept.id, kept)
        return False
