"""Reader of Hugging Face Daily Papers page dumps (the text of a saved papers page).

A dump has a header (``Daily Papers``, ``byAK and the research community``, the
page date such as ``Oct 31``), then one block per paper, blocks and their parts
separated by blank lines::

    Title line

    Abstract paragraph

      • 17 authors          <- or an organisation line ("openbmb OpenBMB")
    ·
    May 28 4                <- date, then upvotes when there are any

The footer (authors/organisation, ``·``, date) may be missing: then the next
title follows the abstract directly, and date, upvotes and author count stay
None (as does ``upvotes`` when the date line shows none). Dates carry a year
only when it is not the page's year (``Jun 16, 2023``, ``Oct 28, 2024 2``).
An organisation line ``handle Display Name`` gives ``organization="Display Name"``.

Page year rule (how a yearless date gets its year):

1. the page date's own year, when it shows one;
2. else one more than the latest year shown on any entry of the page (the site
   shows the year only for dates outside the current year, so the page was saved
   at least a year after its newest year-stamped entry);
3. else the current year, with a warning.

A yearless date that would fall after the page date (month, day) belongs to the
year before the page year. Code/data URLs in the abstract go to ``code_urls``.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "page.txt"
>>> _ = p.write_text("Daily Papers\\n\\nOct 31\\n\\nA Title\\n\\nAn abstract, code at "
...     "https://github.com/a/b.\\n\\n  • 3 authors\\n·\\nNov 2 7\\n\\nOld One\\n\\nText.\\n\\n"
...     "openbmb OpenBMB\\n·\\nJun 16, 2023\\n", encoding="utf-8")
>>> [(p.title, p.date, p.upvotes, p.author_count, p.organization, p.code_urls, p.sources[0])
...  for p in (r.to_paper() for r in read_hf_daily(p))]
... # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
[('A Title', '2023-11-02', 7, 3, None, ['https://github.com/a/b'], '...page.txt:5'),
 ('Old One', '2023-06-16', None, None, 'OpenBMB', [], '...page.txt:13')]
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kg.errors import InputFormatError
from kg.ingest.detect import DATE_LINE, iter_lines
from kg.ingest.record import Record

__all__ = ["infer_page_year", "read_hf_daily"]

log = logging.getLogger(__name__)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_AUTHORS = re.compile(r"•\s*(\d+)\s+authors?", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[\W_]+")
_HEADER_SEARCH = 10  # paragraphs in which the "Daily Papers" header is looked for


@dataclass
class _Paragraph:
    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass
class _Entry:
    line: int
    title: str
    abstract: str | None
    footer: dict[str, object] = field(default_factory=dict)
    day: tuple[int, int, int | None] | None = None  # month, day, year shown


def _paragraphs(path: Path) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    current: _Paragraph | None = None
    for lineno, text in iter_lines(path):
        stripped = text.strip()
        if not stripped:
            current = None
        elif current is None:
            current = _Paragraph(lineno, [stripped])
            paragraphs.append(current)
        else:
            current.lines.append(stripped)
    return paragraphs


def _is_footer(par: _Paragraph) -> bool:
    lines = par.lines
    return (
        "·" in lines
        or _AUTHORS.fullmatch(lines[0]) is not None
        or (len(lines) == 1 and DATE_LINE.fullmatch(lines[0]) is not None)
    )


def _organisation(line: str) -> str:
    """``"openbmb OpenBMB"`` (handle, display name) -> ``"OpenBMB"``; anything else as is."""
    handle, _, name = line.partition(" ")
    squash = _NON_ALNUM.sub("", name).casefold()
    return name if squash and squash == handle.casefold() else line


def _month_day_year(match: re.Match[str]) -> tuple[int, int, int | None]:
    year = match.group("year")
    return _MONTHS.index(match.group("month")) + 1, int(match.group("day")), year and int(year)


def _parse_footer(par: _Paragraph, entry: _Entry) -> None:
    for line in par.lines:
        if line == "·":
            continue
        if authors := _AUTHORS.fullmatch(line):
            entry.footer["author_count"] = int(authors.group(1))
        elif when := DATE_LINE.fullmatch(line):
            entry.day = _month_day_year(when)
            votes = when.group("upvotes")
            entry.footer["upvotes"] = int(votes) if votes else None
        else:
            entry.footer["organization"] = _organisation(line)


def infer_page_year(
    page_year: int | None, entry_years: list[int], *, today: date | None = None
) -> tuple[int, bool]:
    """The year of a page (see the module's rule) and whether it was only guessed from today.

    >>> infer_page_year(None, [2023, 2024, 2021])
    (2025, False)
    >>> infer_page_year(2024, [2023])
    (2024, False)
    >>> infer_page_year(None, [], today=date(2026, 1, 5))
    (2026, True)
    """
    if page_year is not None:
        return page_year, False
    if entry_years:
        return max(entry_years) + 1, False
    return (today or date.today()).year, True


def _split(paragraphs: list[_Paragraph]) -> tuple[tuple[int, int, int | None] | None, list[_Entry]]:
    """The page date (month, day, year shown) and the entries of a dump's paragraphs."""
    i, page_day = 0, None
    for k, par in enumerate(paragraphs[:_HEADER_SEARCH]):
        if par.lines == ["Daily Papers"]:
            i = k + 1
            if i < len(paragraphs) and paragraphs[i].text.startswith("by"):
                i += 1
            if i < len(paragraphs) and len(paragraphs[i].lines) == 1:
                if when := DATE_LINE.fullmatch(paragraphs[i].lines[0]):
                    page_day = _month_day_year(when)
                    i += 1
            break
    entries: list[_Entry] = []
    while i < len(paragraphs):
        par = paragraphs[i]
        i += 1
        if _is_footer(par):
            log.debug("paragraph at line %d: footer without an entry, ignored", par.line)
            continue
        entry = _Entry(par.line, par.text, None)
        if i < len(paragraphs) and not _is_footer(paragraphs[i]):
            entry.abstract = paragraphs[i].text
            i += 1
        if i < len(paragraphs) and _is_footer(paragraphs[i]):
            _parse_footer(paragraphs[i], entry)
            i += 1
        entries.append(entry)
    return page_day, entries


def read_hf_daily(
    path: str | Path,
    *,
    label: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> Iterator[Record]:
    """The records of a Daily Papers dump; ``label`` names the file in ``sources``.

    Raises :class:`InputFormatError` when the file holds no paper block.
    """
    path = Path(path)
    label = label or str(path)
    page_day, entries = _split(_paragraphs(path))
    if not entries:
        raise InputFormatError(
            path,
            "no supported format: no Daily Papers entry (title line, blank line, abstract) found",
        )
    years = [e.day[2] for e in entries if e.day and e.day[2]]
    page_year, guessed = infer_page_year(page_day[2] if page_day else None, years)
    if guessed:
        message = f"{label}: page year unknown (no date shows a year); assuming {page_year}"
        log.warning(message)
        if warn:
            warn(message)
    for entry in entries:
        fields = dict(entry.footer)
        fields["date"] = _resolve(entry.day, page_year, page_day)
        fields.setdefault("upvotes", None)
        yield Record(
            source=f"{label}:{entry.line}",
            title=entry.title,
            abstract=entry.abstract,
            fields=fields,
        )


def _resolve(
    day: tuple[int, int, int | None] | None,
    page_year: int,
    page_day: tuple[int, int, int | None] | None,
) -> str | None:
    """ISO date of an entry's (month, day, year shown); a yearless one gets the page's year."""
    if day is None:
        return None
    month, dom, year = day
    if year is None:
        year = page_year
        if page_day is not None and (month, dom) > page_day[:2]:
            year -= 1
    try:
        return date(year, month, dom).isoformat()
    except ValueError:
        log.debug("impossible date %s-%s-%s ignored", year, month, dom)
        return None
