"""End to end: `kg build` on the bundled sample corpus, through the real command line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import networkx as nx
import pytest
import rdflib

from kg.build import build
from kg.model import CORE_TYPES, read_papers


@pytest.fixture(scope="module")
def cli_export(tmp_path_factory, run_kg) -> tuple[Path, subprocess.CompletedProcess[str]]:
    cwd = tmp_path_factory.mktemp("cli-build")
    proc = run_kg("build", cwd=cwd)  # defaults: the bundled sample into ./exports
    return cwd / "exports", proc


def test_build_cli_on_sample_writes_every_export(cli_export):
    out, proc = cli_export
    assert proc.returncode == 0, proc.stderr
    assert "196 (from 218 entries, 0 skipped)" in proc.stdout
    for name in ("papers.jsonl", "graph.ttl", "graph.graphml", "graph.html"):
        assert (out / name).stat().st_size > 1000, name
    assert (out / "neo4j-import" / "import.sh").exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".exports.staging")]


def test_build_cli_sample_content_is_consistent(cli_export):
    out, _ = cli_export
    papers = read_papers(out)
    assert len(papers) == 196 and len({p.id for p in papers}) == 196
    core = [e for p in papers for e in p.entities if e.type in CORE_TYPES]
    assert len(core) > 500
    names = {e.name for p in papers for e in p.entities}
    assert {"GRPO", "LoRA", "GSM8K"} <= names
    graph = nx.read_graphml(out / "graph.graphml")
    assert sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "paper") == 196
    rdf = rdflib.Graph().parse(out / "graph.ttl")
    assert len(rdf) > 10_000


def test_build_is_deterministic(cli_export, tmp_path):
    out, _ = cli_export
    build(None, tmp_path)
    assert (tmp_path / "papers.jsonl").read_bytes() == (out / "papers.jsonl").read_bytes()
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


def test_build_skips_records_without_abstract_and_counts_them(tmp_path, run_kg):
    src = tmp_path / "in.jsonl"
    rows = [
        {"title": "GRPO for All", "abstract": "We propose FooRL, a variant of GRPO."},
        {"title": "No abstract here"},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    proc = run_kg("build", str(src), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "1 (from 2 entries, 1 skipped)" in proc.stdout
    assert f"{src}:2" in proc.stderr  # the warning names file and line
    assert len(read_papers(tmp_path / "out")) == 1
