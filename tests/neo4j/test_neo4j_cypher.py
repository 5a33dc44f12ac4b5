"""Every bundled Cypher example, run on the real Neo4j, gives the networkx answer
(:mod:`kg.graph.analytics` on :func:`kg.graph.build_graph`); and ``kg neo4j query``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_tiny_papers
from neo4j_testlib import chain_papers

from kg.errors import QueryError
from kg.graph import analytics as nxq
from kg.graph.build import build_graph
from kg.graph.links import shared_technique_links
from kg.model import write_papers
from kg.neo4j.cypher import example, examples, parse_params, resolve_query, run_query
from kg.neo4j.load import connect, load_graph

ROOT = Path(__file__).parent.parent.parent


def test_cypher_examples_are_documented():
    names = [e.name for e in examples()]
    assert names == [
        "papers_using",
        "shared_techniques",
        "shortest_path",
        "top_benchmarks",
        "variants",
    ]
    docs = (ROOT / "docs" / "neo4j.md").read_text(encoding="utf-8")
    for ex in examples():
        assert ex.description and "$" in ex.cypher
        body = "\n".join(ln for ln in ex.cypher.splitlines() if not ln.startswith("//")).strip()
        assert body in docs, f"{ex.name} is not in docs/neo4j.md"


def test_cypher_example_unknown_name_lists_the_examples():
    with pytest.raises(QueryError, match="the examples are: papers_using"):
        example("nope")


@pytest.mark.parametrize(
    ("pairs", "params"),
    [
        (["limit=5"], {"limit": 5}),
        (["name=Dr. GRPO"], {"name": "Dr. GRPO"}),
        (["x=[1,2]"], {"x": [1, 2]}),
    ],
)
def test_cypher_parse_params(pairs, params):
    assert parse_params(pairs) == params


def test_cypher_parse_params_rejects_missing_value():
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_params(["limit"])


def test_cypher_resolve_query_reads_files_and_text(tmp_path):
    f = tmp_path / "q.cypher"
    f.write_text("// mine\n// @param n 3\nRETURN $n AS n\n", encoding="utf-8")
    assert resolve_query(str(f)) == (f.read_text(encoding="utf-8"), {"n": 3})
    assert resolve_query("RETURN 1") == ("RETURN 1", {})
    assert resolve_query("variants")[1] == {"name": "GRPO"}


@pytest.fixture(scope="module")
def loaded(neo4j_server, tmp_path_factory):
    """The chain corpus and the tiny corpus loaded side by side (distinct ids)."""
    papers = chain_papers() + make_tiny_papers()
    uri, user, password = neo4j_server
    settings = {"uri": uri, "user": user, "password": password}
    driver = connect(**settings)
    driver.execute_query("MATCH (n) DETACH DELETE n")
    driver.close()
    links = shared_technique_links(papers)
    load_graph(papers, links, **settings)
    folder = tmp_path_factory.mktemp("cypher-export")
    write_papers(papers, folder / "papers.jsonl")
    return settings, build_graph(papers, links), folder


def _run(loaded, query, **params):
    settings, _, _ = loaded
    ex = example(query)
    return run_query(ex.cypher, {**ex.params, **params}, **settings).rows


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "name", ["GRPO", "group relative policy optimization", "LoRA", "Alpha", "absent"]
)
def test_cypher_papers_using_matches_networkx(loaded, name):
    rows = _run(loaded, "papers_using", name=name)
    got = sorted((r["paper"], r["role"]) for r in rows)
    assert got == nxq.papers_using(loaded[1], name)
    if name == "GRPO":
        assert {p for p, _ in got} == {"p-a", "p-e", "2501.00001", "t-quotes", "2502.00003"}
        assert all(r["evidence"] for r in rows)


@pytest.mark.neo4j
@pytest.mark.parametrize("paper", ["p-b", "p-a", "2501.00001", "p-f"])
def test_cypher_shared_techniques_matches_networkx(loaded, paper):
    rows = _run(loaded, "shared_techniques", paper=paper, limit=10)
    got = [(r["paper"], pytest.approx(r["weight"]), r["shared"]) for r in rows]
    want = [(n.id, n.weight, n.shared) for n in nxq.similar(loaded[1], paper, 10)]
    assert got == want
    if paper == "p-b":
        assert [r["paper"] for r in rows] == ["p-a", "p-c"] or [r["paper"] for r in rows] == [
            "p-c",
            "p-a",
        ]


@pytest.mark.neo4j
@pytest.mark.parametrize("limit", [1, 3, 10])
def test_cypher_top_benchmarks_matches_networkx(loaded, limit):
    rows = _run(loaded, "top_benchmarks", limit=limit)
    got = [(r["benchmark"], r["papers"]) for r in rows]
    assert got == nxq.top_benchmarks(loaded[1], limit)
    assert got[0] == ("Bench1", 3)


@pytest.mark.neo4j
@pytest.mark.parametrize("name", ["GRPO", "Dr. GRPO", "PPO"])
def test_cypher_variants_matches_networkx(loaded, name):
    rows = _run(loaded, "variants", name=name)
    got = [(r["variant"], r["depth"]) for r in rows]
    assert got == nxq.variants(loaded[1], name)
    if name == "GRPO":
        assert got == [("Dr. GRPO", 1), ("G^2RPO", 1), ("S-GRPO", 1), ("Dr. GRPO++", 2)]
        assert next(r for r in rows if r["variant"] == "Dr. GRPO")["proposed_by"] == ["p-e"]


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("source", "target"), [("p-a", "p-d"), ("p-a", "p-e"), ("p-d", "t-quotes"), ("p-a", "p-f")]
)
def test_cypher_shortest_path_matches_networkx(loaded, source, target):
    rows = _run(loaded, "shortest_path", source=source, target=target)
    want = nxq.shortest_path(loaded[1], source, target)
    if want is None:
        assert rows == []
        return
    assert len(rows) == 1
    path = rows[0]["papers"]
    assert (path[0], path[-1], rows[0]["hops"]) == (source, target, len(want) - 1)
    pg = nxq.paper_graph(loaded[1])
    for a, b, via in zip(path[:-1], path[1:], rows[0]["shared"], strict=True):
        assert pg.edges[a, b]["via"] == via  # each hop is a real link with its shared entities
    if (source, target) == ("p-a", "p-d"):
        assert path == ["p-a", "p-b", "p-c", "p-d"]


@pytest.mark.neo4j
def test_cypher_cli_query_passes_parameters(loaded):
    settings, _, _ = loaded
    env = {**os.environ, "NEO4J_URI": settings["uri"], "NEO4J_PASSWORD": settings["password"]}
    cmd = [
        sys.executable,
        "-m",
        "kg",
        "neo4j",
        "query",
        "variants",
        "-p",
        "name=Dr. GRPO",
        "--json",
    ]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [{"variant": "Dr. GRPO++", "depth": 1, "proposed_by": []}]
    # a value that looks like Cypher stays a value
    hostile = "x'}) DETACH DELETE n //"
    cmd = [
        sys.executable,
        "-m",
        "kg",
        "neo4j",
        "query",
        "papers_using",
        "-p",
        f"name={hostile}",
        "--json",
    ]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0 and json.loads(proc.stdout) == []


@pytest.mark.neo4j
def test_cypher_cli_refuses_writes_without_flag(loaded):
    settings, _, _ = loaded
    env = {**os.environ, "NEO4J_URI": settings["uri"], "NEO4J_PASSWORD": settings["password"]}
    cmd = [sys.executable, "-m", "kg", "neo4j", "query", "CREATE (:Oops)"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode != 0 and "--write" in proc.stderr
    cmd = [sys.executable, "-m", "kg", "neo4j", "query", "MATCH (n RETURN n"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 2 and proc.stderr.startswith("error: query: Invalid input")
