"""The ingest stage: input files and folders -> distinct :class:`~kg.model.Paper` records.

Formats are told from content (:mod:`kg.ingest.detect`): Hugging Face Daily
Papers page dumps (:mod:`kg.ingest.hf_daily`) and JSON Lines, plain or gzipped
(:mod:`kg.ingest.jsonl`). Records of the same paper are merged
(:mod:`kg.ingest.merge`); ids come from :mod:`kg.ingest.ids`.

>>> result = load_papers()          # the bundled sample corpus
>>> result.entries, len(result.papers), result.skipped
(218, 196, 0)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputFormatError, MissingFieldError
from kg.ingest.detect import detect_format
from kg.ingest.hf_daily import read_hf_daily
from kg.ingest.ids import normalise_title, paper_id, parse_arxiv_id
from kg.ingest.jsonl import read_jsonl
from kg.ingest.merge import PaperIndex
from kg.ingest.record import Record
from kg.model import Paper

__all__ = [
    "SAMPLE_DIR",
    "IngestResult",
    "input_files",
    "load_papers",
    "normalise_title",
    "paper_id",
    "parse_arxiv_id",
    "read_records",
]

log = logging.getLogger(__name__)

#: The bundled sample corpus: three Daily Papers page dumps.
SAMPLE_DIR = Path(__file__).parent / "sample"
_LOGGED_WARNINGS = 20  # skipped records logged one by one; the rest only counted


@dataclass
class IngestResult:
    """Distinct ``papers``; ``entries`` records read (skipped ones included); ``warnings``."""

    papers: list[Paper] = field(default_factory=list)
    entries: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)


def input_files(inputs: Sequence[str | Path]) -> Iterator[Path]:
    """Files of ``inputs`` in order; a folder gives its files, sorted, recursively, no hidden ones."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise InputFormatError(path, "folder holds no input file; pass a non-empty folder")
            yield from found
        elif path.exists():
            yield path
        else:
            raise InputFormatError(path, "no such file or folder; check the path")


def _label(path: Path) -> str:
    """How ``sources`` name ``path``: bundled files as ``sample/NAME``, others as given."""
    try:
        return f"sample/{path.resolve().relative_to(SAMPLE_DIR.resolve()).as_posix()}"
    except ValueError:
        return str(path)


def read_records(
    path: str | Path, *, warn: Callable[[str], None] | None = None
) -> Iterator[Record]:
    """The records of one file, in whichever supported format its content is.

    ``warn`` receives file-level warnings (e.g. a Daily Papers page year that had
    to be guessed); per-record problems are left to the caller (:meth:`Record.missing`).
    """
    path = Path(path)
    fmt = detect_format(path)
    log.debug("%s: %s", path, fmt)
    if fmt == "jsonl":
        return read_jsonl(path, label=_label(path))
    return read_hf_daily(path, label=_label(path), warn=warn)


def load_papers(
    inputs: Sequence[str | Path] | None = None, *, strict: bool = False
) -> IngestResult:
    """Read ``inputs`` (files or folders; default: the bundled sample) into distinct papers.

    A record without title or abstract is skipped with a warning, or raises
    :class:`MissingFieldError` when ``strict``. A file that cannot be read as
    papers raises :class:`InputFormatError` naming it (and the line).
    """
    if inputs is None:
        inputs = [SAMPLE_DIR]
    elif isinstance(inputs, str | Path):
        inputs = [inputs]
    result = IngestResult()
    index = PaperIndex()
    files = list(input_files(inputs))  # every path is checked before any is read
    for path in files:
        for record in read_records(path, warn=result.warnings.append):
            result.entries += 1
            missing = record.missing()
            if missing is None:
                index.add(record.to_paper())
                continue
            line = int(record.source.rsplit(":", 1)[1])
            if strict:
                raise MissingFieldError(
                    path,
                    f"record has no {missing}; add it, or drop --strict to skip such records",
                    line=line,
                )
            result.skipped += 1
            message = f"{path}:{line}: record without {missing} skipped"
            result.warnings.append(message)
            if result.skipped <= _LOGGED_WARNINGS:
                log.warning(message)
    if result.skipped > _LOGGED_WARNINGS:
        log.warning("%d records without title or abstract skipped in all", result.skipped)
    result.papers = index.papers
    log.info(
        "ingest: %d entries from %d files, %d distinct papers, %d skipped",
        result.entries,
        len(files),
        len(result.papers),
        result.skipped,
    )
    return result
