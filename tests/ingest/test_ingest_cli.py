"""`kg build` on bad input: exit code 2, a one-line message naming the file, old export kept."""

from __future__ import annotations

import json

import pytest

GOOD_LINE = json.dumps({"title": "T", "abstract": "A."})
CASES = [
    ("broken.jsonl", f"{GOOD_LINE}\n{{oops\n", [], "broken.jsonl:2: not valid JSON"),
    ("notes.txt", "Just some notes.\n", [], "notes.txt:1: no supported format"),
    ("empty.jsonl", "", [], "empty.jsonl: empty file"),
    (
        "partial.jsonl",
        f'{GOOD_LINE}\n{{"title": "No abstract"}}\n',
        ["--strict"],
        "partial.jsonl:2: record has no abstract",
    ),
    ("missing.jsonl", None, [], "missing.jsonl: no such file or folder"),
    (
        "surrogate.jsonl",
        '{"title": "Bad \\ud800 title", "abstract": "A."}\n',
        [],
        "surrogate.jsonl:1: the title holds an unpaired surrogate",
    ),
]


@pytest.mark.parametrize(("name", "content", "flags", "expected"), CASES)
def test_ingest_cli_bad_input_exit_2_and_export_untouched(
    tmp_path, run_kg, name, content, flags, expected
):
    bad = tmp_path / name
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    out = tmp_path / "exports"
    out.mkdir()
    (out / "papers.jsonl").write_text('{"old": true}\n', encoding="utf-8")
    (out / "graph.ttl").write_text("# old export\n", encoding="utf-8")

    proc = run_kg("build", str(bad), "--out", str(out), *flags, cwd=tmp_path, columns=60)

    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ") and str(tmp_path) in lines[0]
    assert expected in lines[0]
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl", "papers.jsonl"]
    assert (out / "papers.jsonl").read_text(encoding="utf-8") == '{"old": true}\n'
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# old export\n"
