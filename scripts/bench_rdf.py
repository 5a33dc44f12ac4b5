"""RDF at scale: export, load and every example query, timed for rdflib and oxigraph.

    python scripts/bench_rdf.py                      # the shared arXiv dumps (46,670 records)
    python scripts/bench_rdf.py PATH ...             # ingest + extract these inputs
    python scripts/bench_rdf.py --papers papers.jsonl  # an existing extraction
    python scripts/bench_rdf.py --synthetic 46670    # synthetic papers, realistic entity counts

Prints, per stage, seconds and peak memory; per example query and store, the
seconds to answer and the row count (queries on paper ids use the most linked
paper and the strongest link of the data). ``--validate`` also times pySHACL.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.graph import shared_technique_links
from kg.model import ENTITY_TYPES, Entity, Mention, Paper, read_papers
from kg.rdf.export import write_rdf
from kg.rdf.sparql import STORES, bundled_queries, open_store, prepare_query

ROOT = Path(__file__).resolve().parent.parent
ARXIV = sorted((ROOT.parent / "shared" / "arxiv").glob("*.jsonl.gz"))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, fn: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    value = fn()
    print(
        f"{label:<34} {time.perf_counter() - started:9.2f} s   peak {peak_mb():8,.0f} MB",
        flush=True,
    )
    return value


def synthetic_papers(n: int, seed: int = 0) -> list[Paper]:
    """``n`` papers with ~8 entities each, names drawn from a Zipf-like vocabulary per type."""
    rng = random.Random(seed)
    vocab = {t: [f"{t}-{i}" for i in range(max(50, n // 4))] for t in ENTITY_TYPES}
    weights = {t: [1 / (i + 1) ** 1.1 for i in range(len(v))] for t, v in vocab.items()}
    vocab["Method"][:3] = ["GRPO", "LoRA", "PPO"]
    vocab["Task"][0] = "mathematical reasoning"
    roles = ["uses", "uses", "uses", "evaluates_on", "compares_to", "proposes", "mentions"]
    papers = []
    for i in range(n):
        title = f"Paper {i}: a study of things"
        abstract = " ".join(f"Sentence {j} about the method and its results." for j in range(8))
        p = Paper(f"25{i // 100000:02d}.{i % 100000:05d}", title, abstract, date="2025-06-01")
        text = p.text
        chosen = {}
        for _ in range(rng.randint(4, 12)):
            t = rng.choice(ENTITY_TYPES)
            name = rng.choices(vocab[t], weights[t])[0]
            chosen[name] = t
        for name, t in chosen.items():
            start = rng.randrange(0, len(text) - 20)
            mention = Mention(start, start + 10, text[start : start + 10], text[:200])
            p.entities.append(
                Entity(name, t, rng.choice(roles), [], [mention], round(rng.random(), 2))
            )
        if rng.random() < 0.02:
            new = f"GRPO-variant-{i}"
            p.entities.append(Entity(new, "Method", "proposes", [], [], 0.9))
            p.variant_of.append([new, "GRPO"])
        papers.append(p)
    return papers


def load(args: argparse.Namespace) -> list[Paper]:
    if args.synthetic:
        return timed(
            f"synthetic {args.synthetic:,} papers", lambda: synthetic_papers(args.synthetic)
        )
    if args.papers:
        return timed(f"read {args.papers.name}", lambda: read_papers(args.papers))
    from kg.extract import extract_papers
    from kg.ingest import load_papers

    inputs = args.inputs or ARXIV
    papers = timed("ingest", lambda: load_papers(inputs).papers)
    timed(
        f"extract ({args.processes} processes)",
        lambda: extract_papers(papers, n_process=args.processes),
    )
    return papers


def query_params(papers: list[Paper], links) -> dict[str, dict[str, str]]:
    degree: dict[str, int] = {}
    for link in links:
        for pid in (link.source, link.target):
            degree[pid] = degree.get(pid, 0) + 1
    hub = max(degree, key=lambda pid: (degree[pid], pid)) if degree else papers[0].id
    a, b = (links[0].source, links[0].target) if links else (papers[0].id, papers[-1].id)
    return {
        "shared-techniques": {"a": a, "b": b},
        "linked-papers": {"id": hub},
        "evidence": {"id": hub},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "inputs", nargs="*", type=Path, help="inputs to ingest (default: shared arXiv)"
    )
    parser.add_argument(
        "--papers", type=Path, help="an existing papers.jsonl instead of extraction"
    )
    parser.add_argument("--synthetic", type=int, default=0, help="this many synthetic papers")
    parser.add_argument("--processes", "-j", type=int, default=2, help="extraction processes")
    parser.add_argument(
        "--stores", default=",".join(STORES), help="stores to time (comma-separated)"
    )
    parser.add_argument("--out", type=Path, help="folder for the exports (default: a temp folder)")
    parser.add_argument("--save-papers", type=Path, help="write the extracted papers.jsonl here")
    parser.add_argument("--validate", action="store_true", help="also time pySHACL on the export")
    parser.add_argument("--limit", type=int, default=0, help="keep only the first N papers")
    args = parser.parse_args()

    papers = load(args)
    if args.limit:
        papers = papers[: args.limit]
    if args.save_papers:
        from kg.model import write_papers

        timed("write papers.jsonl", lambda: write_papers(papers, args.save_papers))
    n_ent = sum(len(p.entities) for p in papers)
    print(f"{len(papers):,} papers, {n_ent:,} paper-entity pairs")
    links = timed("shared_technique_links", lambda: shared_technique_links(papers))
    print(f"{len(links):,} links")
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-rdf-"))
    out.mkdir(parents=True, exist_ok=True)
    ttl = out / "graph.ttl"
    timed("export graph.ttl", lambda: write_rdf(papers, ttl, links=links))
    timed("export graph.nt", lambda: write_rdf(papers, out / "graph.nt", links=links))
    print(
        f"graph.ttl {ttl.stat().st_size / 1e6:,.0f} MB, graph.nt {(out / 'graph.nt').stat().st_size / 1e6:,.0f} MB"
    )
    params = query_params(papers, links)
    papers.clear()  # free the memory before loading the stores

    for store_name in args.stores.split(","):
        store = timed(f"load graph.ttl into {store_name}", lambda s=store_name: open_store(ttl, s))
        print(f"  {store.triples:,} triples")
        for name, query in bundled_queries().items():
            result = store.query(*prepare_query(query.text, params.get(name), store_name))
            flag = "" if result.seconds <= 1 else "   > 1 s"
            print(
                f"  {store_name:<9} {name:<20} {result.seconds:8.3f} s  {len(result.rows):6,} rows{flag}"
            )
        if args.validate and store_name == "rdflib":
            from kg.rdf.validate import check_graph

            report = timed(
                "pySHACL validate (rdflib graph)", lambda st=store: check_graph(st.graph)
            )
            print(f"  conforms: {report.conforms} ({len(report.violations)} violations)")
        del store
    print(f"exports in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
