"""The neo4j-admin CSVs: header syntax, escaping, the import command, and a real
``neo4j-admin database import`` that gives the same graph as ``kg neo4j load``."""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import pytest
from conftest import load_neo4j_server_script
from neo4j_testlib import chain_papers, count_by_label_and_type, dump_graph

from kg.graph.links import shared_technique_links
from kg.neo4j.admin_csv import import_args, write_import_csv
from kg.neo4j.load import connect, load_graph


@pytest.mark.parametrize(
    ("name", "header"),
    [
        (
            "papers.csv",
            "id:ID(Paper),:LABEL,title,abstract,date,authors:string[],author_count:long,"
            "organization,upvotes:long,categories:string[],url,code_urls:string[]",
        ),
        ("entities.csv", "key:ID(Entity),:LABEL,name,type,aliases:string[],papers:long"),
        (
            "roles.csv",
            ":START_ID(Paper),:END_ID(Entity),:TYPE,confidence:double,mentions:long,evidence",
        ),
        ("variants.csv", ":START_ID(Entity),:END_ID(Entity),:TYPE"),
        ("links.csv", ":START_ID(Paper),:END_ID(Paper),:TYPE,weight:double,via:string[]"),
    ],
)
def test_admin_csv_headers(tmp_path, tiny_papers, name, header):
    write_import_csv(tiny_papers, tmp_path)
    assert (tmp_path / name).read_text(encoding="utf-8").splitlines()[0] == header


def test_admin_csv_rows_roundtrip_hostile_text(tmp_path, tiny_papers):
    tiny_papers[0].entities[1].aliases.append("G;R;P;O")
    counts = write_import_csv(tiny_papers, tmp_path)
    assert counts == {
        "papers.csv": 4,
        "entities.csv": 15,
        "roles.csv": 20,
        "variants.csv": 2,
        "links.csv": 3,
    }
    with (tmp_path / "papers.csv").open(encoding="utf-8", newline="") as fh:
        papers = {row["id:ID(Paper)"]: row for row in csv.DictReader(fh)}
    assert papers["t-quotes"]["title"] == tiny_papers[1].title
    assert papers["2502.00003"]["title"] == "Ünïcode names: Dr.LLM and G^2RPO"
    assert papers["2501.00001"]["authors:string[]"] == "A. Author;B. Author"
    assert papers["2503.00004"]["date"] == ""  # unknown: no property at all
    with (tmp_path / "entities.csv").open(encoding="utf-8", newline="") as fh:
        entities = {row["key:ID(Entity)"]: row for row in csv.DictReader(fh)}
    assert entities["grpo"][":LABEL"] == "Entity;Method"
    assert entities["grpo"]["aliases:string[]"] == "Group Relative Policy Optimization;G,R,P,O"
    with (tmp_path / "roles.csv").open(encoding="utf-8", newline="") as fh:
        roles = list(csv.DictReader(fh))
    assert {r[":TYPE"] for r in roles} == {"PROPOSES", "USES", "EVALUATES_ON", "COMPARES_TO"}
    evidence = [r["evidence"] for r in roles if r["evidence"]]
    assert len(evidence) == 18 and all("\n\n" in e for e in evidence)  # multi-line fields
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_admin_csv_import_script(tmp_path, tiny_papers):
    write_import_csv(tiny_papers, tmp_path)
    script = tmp_path / "import.sh"
    assert os.access(script, os.X_OK)
    subprocess.run(["sh", "-n", str(script)], check=True)
    text = script.read_text(encoding="utf-8")
    assert 'database import full "$DATABASE"' in text
    for arg in import_args():
        name, _, value = arg.partition("=")
        assert name in text and value in text
    assert "| links.csv | 3 |" in (tmp_path / "IMPORT.md").read_text(encoding="utf-8")


def test_admin_csv_fake_neo4j_admin_gets_the_arguments(tmp_path, tiny_papers):
    """import.sh passes every CSV, with absolute paths, to the neo4j-admin it is given."""
    write_import_csv(tiny_papers, tmp_path / "neo4j-import")
    fake = tmp_path / "neo4j-admin"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n', encoding="utf-8")
    fake.chmod(0o755)
    out = subprocess.run(
        ["sh", str(tmp_path / "neo4j-import" / "import.sh"), "mydb"],
        env={**os.environ, "NEO4J_ADMIN": str(fake)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[:5] == ["database", "import", "full", "mydb", "--overwrite-destination=true"]
    nodes = [a.split("=", 1)[1] for a in out if a.startswith("--nodes=")]
    assert [Path(n).name for n in nodes] == ["papers.csv", "entities.csv"]
    assert all(Path(n).is_file() for n in nodes)


@pytest.mark.neo4j
def test_admin_csv_bulk_import_gives_the_loaded_graph(neo4j_server, tmp_path, tiny_papers):
    from conftest import make_tiny_papers

    papers = chain_papers() + make_tiny_papers()
    papers[0].authors = ["Semi; Colon", "Second"]
    papers[0].upvotes = 7
    links = shared_technique_links(papers)
    uri, user, password = neo4j_server
    loaded = connect(uri, user, password)
    loaded.execute_query("MATCH (n) DETACH DELETE n")
    summary = load_graph(papers, links, uri=uri, user=user, password=password)
    want = dump_graph(loaded)
    loaded.close()

    write_import_csv(papers, tmp_path / "neo4j-import", links=links)
    server = load_neo4j_server_script()
    home = tmp_path / "import-server"
    lib = server.DEFAULT_HOME / "lib"
    report = server.import_csv(tmp_path / "neo4j-import", home, lib=lib)
    assert "IMPORT DONE" in report
    state = server.start(home, lib=lib)
    try:
        imported = connect(state.uri, state.user, state.password)
        got = dump_graph(imported)
        # the semicolon of an author name is the one difference: arrays split on ";"
        assert got != want
        semi = ("authors", ["Semi; Colon", "Second"])
        fixed = [
            (labels, [("authors", ["Semi, Colon", "Second"]) if kv == semi else kv for kv in props])
            for labels, props in want[0]
        ]
        assert got[1] == want[1]
        assert got[0] == sorted(fixed)
        assert +count_by_label_and_type(imported) == +summary.counts
        # a load over the imported graph finds everything there: no count changes
        again = load_graph(papers, links, uri=state.uri, user=state.user, password=state.password)
        assert again.counts == summary.counts
        imported.close()
    finally:
        server.stop(home)
