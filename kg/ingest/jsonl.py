"""Reader of JSON Lines papers (plain or gzipped): arXiv dumps, kg's own ``papers.jsonl``.

One object per line with ``title`` and ``abstract`` (or ``summary``); optional
``id`` (an arXiv id, version dropped), ``authors`` (list, or a string separated
by ``;`` or ``,``/``and``), ``categories``, a date (``date``, ``listing_date``
or ``published``; ISO, kept as ``YYYY-MM-DD``), ``abs``/``url``, and the other
:class:`~kg.model.Paper` fields (``author_count``, ``organization``,
``upvotes``, ``code_urls``). Whitespace in titles and abstracts is collapsed.
Code URLs come from ``code_urls`` or else the abstract and ``comment``.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.jsonl"
>>> _ = p.write_text('{"id": "2501.00001v2", "title": "T\\\\n  one", "summary": "S.", '
...                  '"authors": "A. B; C. D", "listing_date": "2025-03-04"}\\n', encoding="utf-8")
>>> r = next(read_jsonl(p))
>>> r.arxiv_id, r.fields["authors"], r.fields["date"], r.source.endswith("a.jsonl:1")
('2501.00001', ['A. B', 'C. D'], '2025-03-04', True)
>>> r.to_paper().title
'T one'

"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputFormatError
from kg.ingest.detect import iter_lines
from kg.ingest.ids import parse_arxiv_id
from kg.ingest.record import Record
from kg.ingest.text import iso_date

__all__ = ["read_jsonl", "record_from_object"]

_AUTHOR_SPLIT = re.compile(r"\s*;\s*")
_AUTHOR_COMMA = re.compile(r"\s*,\s*|\s+and\s+")
_CATEGORY_SPLIT = re.compile(r"[\s,;]+")
_DATE_KEYS = ("date", "listing_date", "published", "updated")
_URL_KEYS = ("abs", "url")


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _authors(value: Any) -> list[str]:
    if isinstance(value, list):
        names = [a if isinstance(a, str) else (a or {}).get("name", "") for a in value]
    elif isinstance(value, str):
        splitter = _AUTHOR_SPLIT if ";" in value else _AUTHOR_COMMA
        names = splitter.split(value)
    else:
        return []
    return [n.strip() for n in names if isinstance(n, str) and n.strip()]


def _categories(value: Any) -> list[str]:
    if isinstance(value, list):
        return [c.strip() for c in value if isinstance(c, str) and c.strip()]
    if isinstance(value, str):
        return [c for c in _CATEGORY_SPLIT.split(value) if c]
    return []


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def record_from_object(obj: dict[str, Any], source: str) -> Record:
    """The :class:`Record` of one decoded JSON object (``source`` is ``file:line``)."""
    abstract = _text(obj.get("abstract")) or _text(obj.get("summary"))
    url = next((u for k in _URL_KEYS if (u := _text(obj.get(k)))), None)
    ident = _text(obj.get("id")) or _text(obj.get("arxiv_id"))
    arxiv = parse_arxiv_id(ident) or parse_arxiv_id(url)
    authors = _authors(obj.get("authors"))
    fields: dict[str, Any] = {
        "date": next((d for k in _DATE_KEYS if (d := iso_date(obj.get(k)))), None),
        "authors": authors,
        "author_count": len(authors) or _int(obj.get("author_count")),
        "organization": _text(obj.get("organization")) or None,
        "upvotes": _int(obj.get("upvotes")),
        "categories": _categories(obj.get("categories")),
        "url": url or (f"https://arxiv.org/abs/{arxiv}" if arxiv else None),
    }
    code_urls = obj.get("code_urls")
    if isinstance(code_urls, list) and all(isinstance(u, str) for u in code_urls):
        fields["code_urls"] = code_urls
    return Record(
        source=source,
        title=_text(obj.get("title")),
        abstract=abstract,
        arxiv_id=arxiv,
        fields=fields,
        url_text=_text(obj.get("comment")) or "",
    )


def read_jsonl(path: str | Path, *, label: str | None = None) -> Iterator[Record]:
    """The records of a JSON Lines file, streamed; ``label`` names the file in ``sources``.

    A line that is not a JSON object raises :class:`InputFormatError` naming the line.
    """
    path = Path(path)
    label = label or str(path)
    loads = json.loads
    for lineno, text in iter_lines(path):
        if not text or text.isspace():
            continue
        try:
            obj = loads(text)
        except json.JSONDecodeError as err:
            raise InputFormatError(
                path,
                f"not valid JSON ({err.msg} at column {err.colno}); "
                "fix or remove this line (each line must be one JSON object)",
                line=lineno,
            ) from err
        if not isinstance(obj, dict):
            raise InputFormatError(
                path,
                f"a JSON {type(obj).__name__} where a JSON object was expected; "
                "each line must be one object with title and abstract",
                line=lineno,
            )
        record = record_from_object(obj, f"{label}:{lineno}")
        for field_name in ("title", "abstract"):
            value = getattr(record, field_name, None)
            if value and not _encodable(value):
                raise InputFormatError(
                    path,
                    f"the {field_name} holds an unpaired surrogate escape (e.g. \\ud800), "
                    "which is not text; fix the escape or remove this line",
                    line=lineno,
                )
        yield record


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
