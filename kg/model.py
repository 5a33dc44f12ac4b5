"""The data that flows between the pipeline's stages, and its JSON form.

A :class:`Paper` comes out of ingest with its metadata; extraction fills its
``entities`` and ``variant_of``. ``papers.jsonl`` holds one ``Paper.to_dict()``
per line and is the single source every other export is made from.

Mention offsets index into :attr:`Paper.text`: the title, a blank line, then
the abstract (``title + "\\n\\n" + abstract``), as Python ``str`` indices.

>>> p = Paper(id="2501.00001", title="GRPO at scale", abstract="We use GRPO.")
>>> p.text[p.text.index("We"):]
'We use GRPO.'
>>> Paper.from_dict(p.to_dict()) == p
True
>>> entity_key("Qwen2.5-Math-7B") == entity_key("qwen2.5 math 7b")
True
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.atomic import atomic_write
from kg.errors import ExportError

__all__ = [
    "CORE_TYPES",
    "ENTITY_TYPES",
    "ROLES",
    "ROLE_STRENGTH",
    "Entity",
    "Mention",
    "Paper",
    "entity_key",
    "iter_papers",
    "match_key",
    "read_papers",
    "write_papers",
]

#: Entity types of GUIDELINES.md, in the order they are shown.
ENTITY_TYPES: tuple[str, ...] = ("Method", "Model", "Dataset", "Benchmark", "Task", "Metric")
#: The types scored first (and the only ones whose roles are scored).
CORE_TYPES: frozenset[str] = frozenset({"Method", "Model", "Dataset", "Benchmark"})
#: Paper-to-entity roles, strongest first: an entity takes the first that applies.
ROLES: tuple[str, ...] = ("proposes", "evaluates_on", "compares_to", "uses", "mentions")
ROLE_STRENGTH: dict[str, int] = {role: len(ROLES) - i for i, role in enumerate(ROLES)}

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_NON_KEY = re.compile(r"[^\w+#]+|_", re.UNICODE)


def match_key(name: str) -> str:
    """The key GUIDELINES.md compares names by: casefolded, spaces/hyphens/punctuation removed."""
    return _NON_ALNUM.sub("", unicodedata.normalize("NFKC", name).casefold())


@lru_cache(maxsize=1 << 18)
def entity_key(name: str) -> str:
    """A graph-wide identity for an entity name; like :func:`match_key` but keeps ``+`` and ``#``.

    ``VideoGPT+`` and ``VideoGPT`` are different models, ``C#`` is not ``C``. Cached:
    a corpus names the same entities over and over, and every graph stage keys them.
    """
    return _NON_KEY.sub("", unicodedata.normalize("NFKC", name).casefold())


@dataclass
class Mention:
    """One occurrence of an entity: ``text == paper.text[start:end]``, inside ``sentence``."""

    start: int
    end: int
    text: str
    sentence: str


@dataclass
class Entity:
    """An entity as one paper uses it: canonical ``name``, ``type``, the paper's ``role``."""

    name: str
    type: str
    role: str = "mentions"
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    confidence: float = 1.0

    @property
    def key(self) -> str:
        return entity_key(self.name)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            name=data["name"],
            type=data["type"],
            role=data.get("role", "mentions"),
            aliases=list(data.get("aliases", [])),
            mentions=[Mention(**m) for m in data.get("mentions", [])],
            confidence=float(data.get("confidence", 1.0)),
        )


@dataclass
class Paper:
    """A paper: identity and metadata from ingest, entities from extraction.

    ``id`` is the arXiv id when known, else ``t-`` and a hash of the normalised
    title (see :func:`kg.ingest.ids.paper_id`). ``sources`` lists ``file:line``
    of every input record that was this paper.
    """

    id: str
    title: str
    abstract: str
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    author_count: int | None = None
    organization: str | None = None
    upvotes: int | None = None
    categories: list[str] = field(default_factory=list)
    url: str | None = None
    code_urls: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    variant_of: list[list[str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """What extraction reads and mention offsets index into."""
        return f"{self.title}\n\n{self.abstract}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        known = {f for f in cls.__dataclass_fields__}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["entities"] = [Entity.from_dict(e) for e in data.get("entities", [])]
        kwargs["variant_of"] = [list(pair) for pair in data.get("variant_of", [])]
        return cls(**kwargs)


def write_papers(papers: Iterable[Paper], path: str | Path) -> int:
    """Write ``papers.jsonl`` atomically; returns the number of papers written."""
    n = 0
    with atomic_write(path) as fh:
        for paper in papers:
            fh.write(json.dumps(paper.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


def iter_papers(path: str | Path) -> Iterator[Paper]:
    """Read a ``papers.jsonl`` written by :func:`write_papers`."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    yield Paper.from_dict(json.loads(line))
                except (ValueError, KeyError, TypeError) as err:
                    raise ExportError(
                        f"{path}:{lineno}: not a papers.jsonl record ({err}); rebuild with `kg build`"
                    ) from err
    except FileNotFoundError as err:
        raise ExportError(
            f"{path} not found; run `kg build` first or pass the export folder"
        ) from err
    except UnicodeDecodeError as err:
        raise ExportError(f"{path}: not UTF-8; rebuild with `kg build`") from err


def read_papers(path: str | Path) -> list[Paper]:
    """All papers of a ``papers.jsonl`` (a file, or an export folder that holds one)."""
    path = Path(path)
    if path.is_dir():
        path = path / "papers.jsonl"
    return list(iter_papers(path))
