"""How to open our HTML headless in Debian's chromium, for the tests and the benchmark.

>>> "--disable-background-networking" in CHROMIUM_ARGS
True
"""

from __future__ import annotations

import shutil

__all__ = ["CHROMIUM_ARGS", "chromium_path"]

#: Flags for a headless run as root on a closed network: no sandbox, no GPU, and
#: none of chromium's own background connections (they would count as requests).
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


def chromium_path() -> str:
    """Debian's chromium binary (``/usr/bin/chromium`` unless another is on PATH)."""
    return shutil.which("chromium") or "/usr/bin/chromium"
