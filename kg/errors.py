"""Every error the package raises on purpose.

All derive from :class:`KGError`; the CLI turns any of them into a one-line
message and a non-zero exit code (``exit_code``), so a user never sees a
traceback for a problem they can fix.

>>> from kg.errors import InputFormatError
>>> str(InputFormatError("notes.txt", "no paper found", line=3))
'notes.txt:3: no paper found'
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ExportError",
    "GoldFormatError",
    "InputError",
    "InputFormatError",
    "KGError",
    "MissingFieldError",
    "Neo4jError",
    "QueryError",
    "ValidationError",
]


class KGError(Exception):
    """Base class of the package's errors; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class InputError(KGError):
    """An input file cannot be read as papers. Names the file and, where known, the line."""

    exit_code = 2

    def __init__(self, path: str | Path, message: str, *, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class InputFormatError(InputError):
    """The file is in no supported format, empty, truncated or not UTF-8."""


class MissingFieldError(InputError):
    """A record lacks a title or an abstract (fatal only with ``--strict``)."""


class GoldFormatError(InputError):
    """A gold annotation file does not follow the format of GUIDELINES.md."""


class ExportError(KGError):
    """An export directory or file cannot be read or written."""

    exit_code = 2


class ValidationError(KGError):
    """An RDF export does not conform to ``ontology/shapes.ttl``."""

    exit_code = 1


class QueryError(KGError):
    """A SPARQL or Cypher query is malformed or cannot run."""

    exit_code = 2


class Neo4jError(KGError):
    """Neo4j is unreachable, refuses the credentials, or a load failed (and was rolled back)."""

    exit_code = 3
