"""Atomic writes: a reader sees the old file or the new one, never half of either.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_write(d / "a.txt") as fh:
...     _ = fh.write("hello")
>>> (d / "a.txt").read_text()
'hello'
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kg.errors import ExportError

__all__ = ["atomic_write", "staging_dir"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Write ``path`` through a temporary file in the same folder, renamed in on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; exports are ordinary files
    kwargs = {} if "b" in mode else {"encoding": encoding, "newline": ""}
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def staging_dir(out_dir: str | Path) -> Iterator[Path]:
    """Yield an empty folder beside ``out_dir``; on success its files replace those in ``out_dir``.

    Each file is moved in with ``os.replace`` only after every file was written, so
    a failure part-way leaves the earlier export as it was. Files of ``out_dir`` that
    the new export does not write are kept.
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.staging.", dir=out_dir.parent))
    except OSError as err:
        raise ExportError(
            f"cannot write to {out_dir}: {err.strerror}; choose another --out"
        ) from err
    try:
        yield tmp
        for item in sorted(tmp.rglob("*")):
            if item.is_file():
                target = out_dir / item.relative_to(tmp)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(item, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
