#!/usr/bin/env python3
"""Benchmark ``kg neo4j load`` on the 46,670 arXiv records of ``../shared/arxiv``.

Prints nodes, relationships, relationships per second and total time of a load
into the real Neo4j test server (``scripts/neo4j_server.py``, home
``.neo4j/bench``, started fresh and stopped here unless ``--uri`` is given). Goal:
at least 50,000 relationships/s on the 2-core machine.

What is timed: ``load_graph`` from its call to its return ("total"): connecting,
constraints, the wipe (of an empty database on a fresh server), making the rows
(while the :Paper batches are written), writing every batch, and counting what
the database holds. Reading the corpus and computing the SHARES_TECHNIQUE links
come before and are printed apart. "writing" is the part from the first batch
sent to the last one committed. The relationships/s figures divide the
relationships by those times.

The server is the test server with ``--heap`` and ``--pagecache`` (defaults 2g
and 1g, far more than the graph needs). On a fresh server the JVM compiles the
Cypher runtime during the first load (on 2 cores, its compiler threads compete
with the load); ``--warm`` also times a CREATE load on the warmed server (the
wipe before it not timed), the case of a long-running server, and ``--twice`` a
reload (MERGE) on it.

Where the entities come from:

* ``--papers FILE``: a ``papers.jsonl`` written by ``kg build ../shared/arxiv``;
* ``--extract``: ingest the records and run the extractor now (slow);
* default: ingest the real records (real ids, titles, abstracts, authors) and give
  each paper synthetic entities with realistic sizes: ~8 per paper drawn with
  Zipfian reuse from a vocabulary per type, roles by type, evidence sentences,
  and a variant for one paper in 20.

Usage: python scripts/bench_neo4j.py [--papers FILE] [--limit N] [--batch-size 10000]
    [--workers 2] [--warm] [--twice] [--bulk]
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import random
import sys
import time
from pathlib import Path

from kg.graph.links import shared_technique_links
from kg.model import Entity, Mention, Paper, read_papers
from kg.neo4j.load import DEFAULT_BATCH, DEFAULT_WORKERS, connect, load_graph, wipe_graph

ROOT = Path(__file__).resolve().parent.parent
ARXIV = ROOT.parent / "shared" / "arxiv"

#: Share of a paper's entities per type, vocabulary size per type, roles per type.
TYPES = {
    "Method": (0.32, 12000, ["uses"] * 6 + ["proposes", "compares_to", "compares_to", "mentions"]),
    "Model": (0.20, 6000, ["uses"] * 5 + ["compares_to"] * 3 + ["mentions"] * 2),
    "Dataset": (0.12, 5000, ["evaluates_on"] * 5 + ["uses"] * 4 + ["mentions"]),
    "Benchmark": (0.12, 3000, ["evaluates_on"] * 8 + ["proposes", "mentions"]),
    "Task": (0.14, 2500, ["uses"] * 6 + ["mentions"] * 4),
    "Metric": (0.10, 600, ["evaluates_on"] * 7 + ["mentions"] * 3),
}


def _server_module():
    spec = importlib.util.spec_from_file_location(
        "neo4j_server", ROOT / "scripts" / "neo4j_server.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["neo4j_server"] = module
    spec.loader.exec_module(module)
    return module


def _zipf_sampler(rng: random.Random, size: int, s: float = 1.1):
    weights = [1.0 / (r**s) for r in range(1, size + 1)]
    total = sum(weights)
    cum, acc = [], 0.0
    for w in weights:
        acc += w / total
        cum.append(acc)
    import bisect

    return lambda: min(bisect.bisect_left(cum, rng.random()), size - 1)


def synthetic_entities(papers: list[Paper], seed: int = 0, per_paper: float = 8.0) -> None:
    """Give each paper ~``per_paper`` entities with Zipfian reuse (in place)."""
    rng = random.Random(seed)
    samplers = {t: _zipf_sampler(rng, size) for t, (_, size, _) in TYPES.items()}
    types = list(TYPES)
    shares = [TYPES[t][0] for t in types]
    for paper in papers:
        sentence = paper.abstract.split(". ")[0][:400]
        n = max(1, int(rng.gauss(per_paper, 2.5)))
        seen: set[str] = set()
        for _ in range(n):
            etype = rng.choices(types, shares)[0]
            name = f"{etype}-{samplers[etype]()}"
            if name in seen:
                continue
            seen.add(name)
            role = rng.choice(TYPES[etype][2])
            mention = Mention(0, len(name), name, sentence)
            paper.entities.append(
                Entity(name, etype, role, [], [mention], round(rng.uniform(0.5, 1.0), 3))
            )
        if rng.random() < 0.05:
            variant = f"Method-v{paper.id}"
            base = f"Method-{samplers['Method']()}"
            paper.entities.append(Entity(variant, "Method", "proposes", [], [], 0.9))
            if base not in seen:
                paper.entities.append(Entity(base, "Method", "uses", [], [], 0.9))
            paper.variant_of.append([variant, base])


def corpus(args: argparse.Namespace) -> list[Paper]:
    if args.papers:
        papers = read_papers(args.papers)
        return papers[: args.limit] if args.limit else papers
    from kg.ingest import load_papers

    papers = load_papers([ARXIV]).papers
    if args.limit:
        papers = papers[: args.limit]
    if args.extract:
        from kg.extract import extract_papers

        extract_papers(papers, n_process=2)
    else:
        synthetic_entities(papers, seed=args.seed)
    return papers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=Path, help="papers.jsonl of `kg build ../shared/arxiv`")
    parser.add_argument("--extract", action="store_true", help="run the extractor (slow)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N papers")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH)
    parser.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, help="transactions in flight at once"
    )
    parser.add_argument("--twice", action="store_true", help="load again (MERGE, idempotent)")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="also time a second CREATE load once the server's JVM has compiled its code "
        "(a long-running server's case; the first load pays ~25 s of JIT warm-up)",
    )
    parser.add_argument(
        "--bulk", action="store_true", help="also time the offline path: CSVs + neo4j-admin import"
    )
    parser.add_argument("--uri", help="an already running Neo4j (default: start .neo4j/bench)")
    parser.add_argument("--user", default="neo4j")
    parser.add_argument("--password", default="kg-test-password")
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--pagecache", default="1g")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")

    t0 = time.perf_counter()
    papers = corpus(args)
    links = shared_technique_links(papers)
    prep = time.perf_counter() - t0
    print(
        f"corpus: {len(papers)} papers, {sum(len(p.entities) for p in papers)} entity uses, "
        f"{len(links)} links ({prep:.1f} s to read them and compute the links: not timed below)"
    )

    server = None
    uri, password = args.uri, args.password
    if uri is None:
        server = _server_module()
        home = server.DEFAULT_HOME / "bench"
        state, _ = server.ensure_running(
            home,
            lib=server.DEFAULT_HOME / "lib",
            fresh=True,
            heap=args.heap,
            pagecache=args.pagecache,
            password=password,
        )
        uri = state.uri
    try:
        runs = [("first load, fresh server (--wipe, CREATE)", True, False)]
        if args.warm:
            runs.append(("load again, warm server (--wipe, CREATE; wipe not timed)", True, True))
        if args.twice:
            runs.append(("reload (MERGE)", False, False))
        for label, wipe, clear_first in runs:
            if clear_first:
                driver = connect(uri, args.user, password)
                try:
                    wipe_graph(driver, "neo4j")
                finally:
                    driver.close()
            summary = load_graph(
                papers,
                links,
                uri=uri,
                user=args.user,
                password=password,
                wipe=wipe,
                batch_size=args.batch_size,
                workers=args.workers,
            )
            rels = summary.relationships
            print(
                f"{label}: nodes {summary.nodes}, relationships {rels}, "
                f"{rels / summary.seconds:,.0f} relationships/s, total {summary.seconds:.1f} s\n"
                f"  of which writing {summary.write_seconds:.1f} s "
                f"({rels / summary.write_seconds:,.0f} relationships/s; "
                f"{summary.rows} rows in {summary.batches} batches of {args.batch_size}, "
                f"{args.workers} in flight), the rows made meanwhile in "
                f"{summary.prepare_seconds:.1f} s"
            )
    finally:
        if server is not None:
            server.stop(server.DEFAULT_HOME / "bench")
    if args.bulk:
        bulk(papers, links)
    return 0


def bulk(papers: list[Paper], links) -> None:
    """Time ``write_import_csv`` and ``neo4j-admin database import full`` into a fresh home."""
    import shutil
    import tempfile

    from kg.neo4j.admin_csv import write_import_csv

    server = _server_module()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-import-"))
    try:
        t0 = time.perf_counter()
        rows = write_import_csv(papers, tmp / "neo4j-import", links=links)
        t1 = time.perf_counter()
        server.import_csv(tmp / "neo4j-import", tmp / "home", lib=server.DEFAULT_HOME / "lib")
        t2 = time.perf_counter()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    nodes = rows["papers.csv"] + rows["entities.csv"]
    rels = rows["roles.csv"] + rows["variants.csv"] + rows["links.csv"]
    print(
        f"bulk (neo4j-admin import): nodes {nodes}, relationships {rels}, "
        f"{rels / (t2 - t1):,.0f} relationships/s, import {t2 - t1:.1f} s "
        f"(+ writing the CSVs {t1 - t0:.1f} s)"
    )


if __name__ == "__main__":
    sys.exit(main())
