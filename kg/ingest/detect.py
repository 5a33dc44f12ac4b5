"""Reading input files as numbered UTF-8 lines, and telling their format from their content.

Gzip is recognised by its magic bytes whatever the file is called; the format of
the (decompressed) text is then sniffed: a first non-blank line starting with ``{``
is JSON Lines, a page with the "Daily Papers" header or an entry footer (``·``
then a date line) is a Hugging Face Daily Papers dump.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "papers.txt"
>>> _ = p.write_text('{"title": "T", "abstract": "A"}\\n')
>>> detect_format(p)
'jsonl'
>>> list(iter_lines(p))
[(1, '{"title": "T", "abstract": "A"}')]
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal

from kg.errors import InputFormatError

__all__ = ["DATE_LINE", "FORMATS", "Format", "detect_format", "iter_lines"]

Format = Literal["jsonl", "hf_daily"]
#: The formats :func:`detect_format` can return.
FORMATS: tuple[Format, ...] = ("jsonl", "hf_daily")

#: A Daily Papers date line: "May 28", "May 28 4" (upvotes), "Jun 16, 2023", "Oct 28, 2024 2".
DATE_LINE = re.compile(
    r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?P<day>\d{1,2})"
    r"(?:, (?P<year>\d{4}))?(?: (?P<upvotes>\d+))?"
)

_GZIP_MAGIC = b"\x1f\x8b"
_OTHER_ARCHIVES = {
    b"PK\x03\x04": "a zip archive",
    b"BZh": "a bzip2 file",
    b"\xfd7zXZ\x00": "an xz file",
    b"\x28\xb5\x2f\xfd": "a zstd file",
    b"%PDF": "a PDF",
}
_SNIFF_LINES = 200
_SUPPORTED = (
    "expected a Hugging Face Daily Papers page dump or JSON Lines "
    "(one object per line with title and abstract/summary), plain or gzipped"
)


def _check_path(path: Path) -> None:
    if not path.exists():
        raise InputFormatError(path, "no such file or folder; check the path")
    if not path.is_file():
        raise InputFormatError(path, "not a regular file; pass a file or a folder of files")


@contextlib.contextmanager
def _open_binary(path: Path) -> Iterator[IO[bytes]]:
    _check_path(path)
    try:
        with path.open("rb") as raw:
            magic = raw.read(6)
            raw.seek(0)
            if magic.startswith(_GZIP_MAGIC):
                with gzip.GzipFile(fileobj=raw, mode="rb") as fh:
                    yield fh
                return
            for prefix, what in _OTHER_ARCHIVES.items():
                if magic.startswith(prefix):
                    raise InputFormatError(
                        path, f"no supported format: this is {what}; {_SUPPORTED}", line=1
                    )
            yield raw
    except PermissionError as err:
        raise InputFormatError(path, "cannot read the file (permission denied)") from err


def iter_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of each line of ``path`` (gunzipped if gzip), without its newline.

    Raises :class:`InputFormatError` naming the line for bytes that are not UTF-8
    and for a truncated or corrupt gzip stream.
    """
    path = Path(path)
    lineno = 0
    with _open_binary(path) as fh:
        try:
            for lineno, raw in enumerate(fh, 1):  # lineno is read after the loop too
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as err:
                    raise InputFormatError(
                        path,
                        f"not UTF-8 text (byte 0x{raw[err.start]:02x} at column {err.start + 1}); "
                        "re-save the file as UTF-8",
                        line=lineno,
                    ) from err
                if lineno == 1:
                    text = text.removeprefix("\ufeff")
                yield lineno, text.rstrip("\r\n")
        except (EOFError, zlib.error, gzip.BadGzipFile) as err:
            raise InputFormatError(
                path,
                f"truncated or corrupt gzip data {f'after line {lineno}' if lineno else 'at its start'}"
                f" ({err}); "
                "re-download or re-compress the file",
                line=lineno + 1,
            ) from err


def detect_format(path: str | Path) -> Format:
    """The format of ``path`` from its content: ``"jsonl"`` or ``"hf_daily"``.

    Raises :class:`InputFormatError` for a missing, empty, binary, non-UTF-8 or
    unrecognised file.
    """
    path = Path(path)
    first: tuple[int, str] | None = None
    lines = iter_lines(path)
    try:
        head: list[str] = []
        for lineno, text in lines:
            if first is None:
                if not text.strip():
                    continue
                first = (lineno, text.strip())
            head.append(text.strip())
            if len(head) >= _SNIFF_LINES:
                break
    finally:
        lines.close()
    if first is None:
        raise InputFormatError(path, f"empty file; {_SUPPORTED}")
    lineno, text = first
    if text.startswith("{"):
        return "jsonl"
    if text.startswith("["):
        raise InputFormatError(
            path,
            "a JSON array is not supported; write one JSON object per line (JSON Lines)",
            line=lineno,
        )
    if "Daily Papers" in head[:30] or _has_entry_footer(head):
        return "hf_daily"
    raise InputFormatError(path, f"no supported format; {_SUPPORTED}", line=lineno)


def _has_entry_footer(lines: list[str]) -> bool:
    """True when a ``·`` line is followed by a Daily Papers date line."""
    return any(line == "·" and DATE_LINE.fullmatch(nxt) for line, nxt in itertools.pairwise(lines))
