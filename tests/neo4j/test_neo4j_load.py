"""``kg neo4j load`` against the real Neo4j test server: counts, idempotence, wipe,
rollback of a failed batch, a killed load completed by a rerun, and clear errors."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j_testlib import count_by_label_and_type, dump_graph, expected_counts, synthetic_papers

from kg.errors import Neo4jError
from kg.graph.links import shared_technique_links
from kg.model import Paper, write_papers
from kg.neo4j.load import connect, load_export, load_graph

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).parent.parent.parent


@pytest.fixture
def db(neo4j_server):
    """Connection settings and an open driver on an empty (of :Paper/:Entity) database."""
    uri, user, password = neo4j_server
    driver = connect(uri, user, password)
    driver.execute_query("MATCH (n) DETACH DELETE n")
    yield {"uri": uri, "user": user, "password": password}, driver
    driver.execute_query("DROP CONSTRAINT test_url IF EXISTS")
    driver.close()


def test_load_counts_match_papers(db, tiny_papers):
    settings, driver = db
    summary = load_graph(tiny_papers, **settings)
    links = shared_technique_links(tiny_papers)
    expected = expected_counts(tiny_papers, links)
    got = count_by_label_and_type(driver)
    assert got == +expected
    # hand-checked figures of the four tiny papers
    assert (got["Paper"], got["Entity"], got["Method"], got["USES"], got["VARIANT_OF"]) == (
        4,
        15,
        6,
        10,
        2,
    )
    assert summary.nodes == 19 and summary.relationships == sum(
        n for k, n in expected.items() if k.isupper()
    )


def test_load_keeps_hostile_text_and_evidence(db, tiny_papers):
    settings, driver = db
    load_graph(tiny_papers, **settings)
    rec = driver.execute_query(
        "MATCH (p:Paper {id: $id})-[r:USES]->(e:Entity:Method {key: 'grpo'}) "
        "RETURN p.title AS title, r.confidence AS conf, r.evidence AS ev, e.aliases AS aliases",
        id="t-quotes",
    ).records[0]
    assert rec["title"] == tiny_papers[1].title
    assert rec["conf"] == pytest.approx(0.9)
    assert "We study GRPO" in rec["ev"]
    assert rec["aliases"] == ["Group Relative Policy Optimization"]
    uni = driver.execute_query("MATCH (p:Paper {id: '2502.00003'}) RETURN p.title AS t").records[0]
    assert uni["t"] == "Ünïcode names: Dr.LLM and G^2RPO"
    links = driver.execute_query(
        "MATCH (:Paper {id: '2501.00001'})-[s:SHARES_TECHNIQUE]-(:Paper {id: 't-quotes'}) "
        "RETURN s.via AS via, s.weight AS w"
    ).records
    assert links[0]["via"] == ["GRPO", "LoRA"] and links[0]["w"] > 0


def test_load_second_run_changes_nothing(db, tiny_papers):
    settings, driver = db
    load_graph(tiny_papers, **settings)
    before = dump_graph(driver)
    again = load_graph(tiny_papers, **settings, batch_size=3)
    assert dump_graph(driver) == before
    assert +again.counts == count_by_label_and_type(driver)


def test_load_wipe_starts_clean(db, tiny_papers):
    settings, driver = db
    load_graph(tiny_papers, **settings)
    driver.execute_query("CREATE (:Keep {name: 'not ours'})")
    driver.execute_query("MATCH (p:Paper) CREATE (:Keep {name: 'cites'})-[:CITES]->(p)")
    one = [tiny_papers[3]]
    load_graph(one, **settings, wipe=True)
    got = count_by_label_and_type(driver)
    assert got["Paper"] == 1 and got["Entity"] == 3 and got["SHARES_TECHNIQUE"] == 0
    # --wipe deletes only the graph's own nodes, with every relationship they had
    assert got["Keep"] == 5 and got["CITES"] == 0
    load_graph(tiny_papers[:2], **settings)  # without --wipe: merged into what is there
    assert count_by_label_and_type(driver)["Paper"] == 3


@pytest.mark.parametrize("fails", [False, True])
def test_load_pauses_gc_while_writing_and_restores_it(db, tiny_papers, fails):
    """A full collection over a million live rows stalled every thread for 2.5 s."""
    settings, _ = db
    seen: list[bool] = []

    def progress(label, total):
        def advance(n):
            seen.append(gc.isenabled())
            if fails and label == "Loading entities":
                raise RuntimeError("stop here")

        return advance

    assert gc.isenabled()
    if fails:
        with pytest.raises(RuntimeError, match="stop here"):
            load_graph(tiny_papers, **settings, progress=progress)
    else:
        load_graph(tiny_papers, **settings, progress=progress)
    assert seen and not any(seen)
    assert gc.isenabled()


@pytest.mark.parametrize("workers", [1, 2])
def test_load_failed_batch_is_rolled_back_and_rerun_completes(db, tiny_papers, workers):
    settings, driver = db
    clean = expected_counts(tiny_papers, shared_technique_links(tiny_papers))
    # a real constraint violation in the third paper batch: two papers with the same url
    driver.execute_query("CREATE CONSTRAINT test_url FOR (p:Paper) REQUIRE p.url IS UNIQUE")
    broken = [Paper(p.id, p.title, p.abstract, entities=p.entities) for p in tiny_papers]
    broken[0].url = broken[2].url = "https://example.org/same"
    with pytest.raises(Neo4jError, match=r"Paper nodes, batch 3/4 \(rolled back\)"):
        load_graph(broken, **settings, batch_size=1, workers=workers)
    got = count_by_label_and_type(driver)
    ids = {r["id"] for r in driver.execute_query("MATCH (p:Paper) RETURN p.id AS id").records}
    assert got["Entity"] == 0  # nothing after the failed batch's pass
    assert broken[2].id not in ids  # batch 3 not at all
    if workers == 1:
        assert ids == {broken[0].id, broken[1].id}  # batches 1 and 2 whole
    else:  # batch 4 may have been in flight beside batch 3: committed whole or not at all
        assert {broken[0].id, broken[1].id} <= ids <= {broken[0].id, broken[1].id, broken[3].id}
    driver.execute_query("DROP CONSTRAINT test_url")
    load_graph(tiny_papers, **settings, batch_size=1, workers=workers)
    assert count_by_label_and_type(driver) == +clean


def test_load_killed_midway_leaves_whole_batches(db, tmp_path):
    settings, driver = db
    papers = synthetic_papers(1500, seed=3)
    write_papers(papers, tmp_path / "papers.jsonl")
    batch = 50
    env = {**os.environ, "NEO4J_URI": settings["uri"], "NEO4J_PASSWORD": settings["password"]}
    env["COLUMNS"] = "200"
    cmd = [sys.executable, "-m", "kg", "-v", "neo4j", "load", str(tmp_path), "--wipe"]
    proc = subprocess.Popen(
        [*cmd, "--batch-size", str(batch)], env=env, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    deadline = time.monotonic() + 120
    killed = False
    for line in proc.stderr:
        if "committed USES batches: 3 of" in line:  # three whole batches, in any order
            proc.send_signal(signal.SIGKILL)
            killed = True
            break
        assert time.monotonic() < deadline
    proc.wait(timeout=60)
    assert killed, "the load finished before it could be killed"
    links = shared_technique_links(papers)
    full = expected_counts(papers, links)
    partial = count_by_label_and_type(driver)
    assert partial["Paper"] == full["Paper"]  # the node passes were done
    assert 3 * batch <= partial["USES"] < full["USES"]
    for rtype in ("USES", "SHARES_TECHNIQUE", "MENTIONS"):
        assert partial[rtype] % batch == 0 or partial[rtype] == full[rtype], rtype
    summary = load_export(tmp_path, **settings, batch_size=500)  # the rerun, merging
    assert count_by_label_and_type(driver) == +full
    assert summary.relationships == sum(n for k, n in full.items() if k.isupper())


def test_load_concurrent_writers_write_the_same_graph(db):
    """Two or three transactions in flight (small batches of every pass, so that they
    share hub entities and papers) write exactly the graph of one writer, created or merged."""
    settings, driver = db
    papers = synthetic_papers(400, seed=5)
    links = shared_technique_links(papers)
    load_graph(papers, links, **settings, wipe=True, workers=1)
    one = dump_graph(driver)
    assert len(one[1]) > 2000
    summary = load_graph(papers, links, **settings, wipe=True, workers=2, batch_size=40)
    assert dump_graph(driver) == one
    assert summary.batches == sum(-(-n // 40) for n in _pass_sizes(papers, links))
    driver.execute_query("MATCH ()-[r:USES]->() WITH r LIMIT 100 DELETE r")
    load_graph(papers, links, **settings, workers=3, batch_size=40)  # merging: completes
    assert dump_graph(driver) == one


def test_load_relationship_with_an_end_not_loaded_is_skipped(db, tiny_papers, caplog):
    """Relationship ends are found by the element ids the node batches returned: a
    link to a paper outside the load writes nothing, and the load says so."""
    from kg.graph.links import Link

    settings, driver = db
    links = [
        *shared_technique_links(tiny_papers),
        Link(tiny_papers[0].id, "not-loaded", 1.0, ["X"]),
    ]
    with caplog.at_level("WARNING", logger="kg.neo4j.load"):
        summary = load_graph(tiny_papers, links, **settings, wipe=True)
    assert summary.counts["SHARES_TECHNIQUE"] == len(links) - 1
    assert "1 of" in caplog.text and "were not written" in caplog.text
    assert not driver.execute_query("MATCH (p:Paper {id: 'not-loaded'}) RETURN p").records


def _pass_sizes(papers, links) -> list[int]:
    from kg.neo4j.model import graph_rows

    rows = graph_rows(papers, links)
    return [
        len(rows.papers),
        *(len(r) for r in rows.entities.values()),
        *(len(r) for r in rows.roles.values()),
        len(rows.variants),
        len(rows.links),
    ]


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("password", "refused the credentials"),
        ("port", "cannot reach Neo4j at bolt://127.0.0.1:"),
        ("scheme", "not a Neo4j URI"),
    ],
)
def test_load_cli_errors_are_one_line_exit_3(neo4j_server, tmp_path, tiny_papers, how, message):
    uri, user, password = neo4j_server
    write_papers(tiny_papers, tmp_path / "papers.jsonl")
    if how == "password":
        password = "wrong-password"
    elif how == "port":
        from neo4j_server import free_port

        uri = f"bolt://127.0.0.1:{free_port()}"
    else:
        uri = "http://127.0.0.1:7474"
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "neo4j", "load", str(tmp_path), "--uri", uri, "--user", user],
        env={**os.environ, "NEO4J_PASSWORD": password, "COLUMNS": "80"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 3
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert "Traceback" not in proc.stderr


def test_load_missing_export_is_clear(neo4j_server, tmp_path):
    uri, _, password = neo4j_server
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "neo4j", "load", str(tmp_path / "nope"), "--uri", uri],
        env={**os.environ, "NEO4J_PASSWORD": password},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 2 and "nope not found; run `kg build` first" in proc.stderr
