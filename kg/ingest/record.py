"""What every reader yields: one input record, before identity and dedup.

>>> r = Record(source="a.jsonl:3", title="GRPO  at\\nscale", abstract="We use GRPO.",
...            arxiv_id="2501.00001v2", fields={"upvotes": 4})
>>> r.missing() is None
True
>>> p = r.to_paper()
>>> p.id, p.title, p.upvotes, p.sources
('2501.00001', 'GRPO at scale', 4, ['a.jsonl:3'])
>>> Record(source="a.jsonl:4", title="T", abstract=" ").missing()
'abstract'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.ingest.ids import paper_id
from kg.ingest.text import clean_space, find_code_urls, strip_latex_markup
from kg.model import Paper

__all__ = ["Record"]


@dataclass
class Record:
    """One input record, text as read.

    ``source`` is ``file:line``; ``fields`` holds other :class:`Paper` fields;
    ``url_text`` is more text to look for code URLs in (with the abstract) when
    ``fields`` has no ``code_urls``.
    """

    source: str
    title: str | None
    abstract: str | None
    arxiv_id: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    url_text: str = ""

    def missing(self) -> str | None:
        """The name of the first required field that is empty ("title"/"abstract"), else None."""
        if not isinstance(self.title, str) or not self.title.strip():
            return "title"
        if not isinstance(self.abstract, str) or not self.abstract.strip():
            return "abstract"
        return None

    def to_paper(self) -> Paper:
        """The :class:`Paper` of a complete record (see :meth:`missing`): whitespace collapsed,
        LaTeX formatting commands (``\\textbf{X}``) reduced to their text."""
        assert self.title and self.abstract, "to_paper() of an incomplete record"
        title = clean_space(strip_latex_markup(self.title))
        abstract = clean_space(strip_latex_markup(self.abstract))
        fields = self.fields
        if "code_urls" not in fields:
            text = f"{abstract} {self.url_text}" if self.url_text else abstract
            fields = {**fields, "code_urls": find_code_urls(text)}
        return Paper(
            id=paper_id(title, self.arxiv_id),
            title=title,
            abstract=abstract,
            sources=[self.source],
            **fields,
        )
