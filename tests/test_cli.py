"""The ``kg`` command line's own behaviour: usage errors, ``--version``."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import __version__


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nosuch"], "No such command 'nosuch'"),
        (["build", "--nosuch"], "No such option: --nosuch"),
        (["eval"], "Missing argument"),
        (["viz", "--max-nodes", "many"], "Invalid value"),
    ],
)
def test_cli_usage_error_exits_2_with_message(run_kg, tmp_path: Path, args, message) -> None:
    proc = run_kg(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "Usage:" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_version_prints_package_version(run_kg, tmp_path: Path) -> None:
    proc = run_kg("--version", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"kg {__version__}"
