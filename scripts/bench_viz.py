"""Time to a settled drawing of graph.html in headless Debian chromium.

Prints, for each case, the seconds to write the page (Python: graph, layout,
HTML) and the seconds from navigation start to the first drawing (physics is
off, so the first drawing is the settled one), measured in the real browser.

Cases: the sample export (built with ``kg build``; a synthetic corpus of the
same size if extraction fails) and a 5,000-node view of the arXiv graph
(``--papers`` a papers.jsonl of it; else extraction of ``--arxiv-limit`` arXiv
records from ../shared/arxiv if it works, else a synthetic corpus with
Zipf-distributed entity use). Goal: <= 5 s for 5,000 nodes.

    python scripts/bench_viz.py [--papers exports-arxiv/papers.jsonl] [--nodes 5000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import random
import sys
import tempfile
import time
from pathlib import Path

from kg.model import ENTITY_TYPES, ROLES, Entity, Paper, read_papers
from kg.viz.browser import CHROMIUM_ARGS, chromium_path
from kg.viz.html import write_html

ROOT = Path(__file__).resolve().parents[1]
ARXIV = ROOT.parent / "shared" / "arxiv"
CHROMIUM = chromium_path()
GOAL_SECONDS = 5.0
DRAWN = "[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]"
SHOW_ALL = """() => new Promise((resolve) => {
  const box = document.querySelector("#kg-singles");
  if (box.checked || box.disabled) { resolve(0); return; }
  const t0 = performance.now();
  kgNetwork.once("afterDrawing", () => resolve(performance.now() - t0));
  box.checked = true;
  box.dispatchEvent(new Event("change"));
})"""


def synthetic_papers(n_papers: int, seed: int = 0) -> list[Paper]:
    """Papers with 5-12 entities each, drawn from Zipf-like vocabularies per type."""
    rng = random.Random(seed)
    vocab = {t: [f"{t[:3]}-{i}" for i in range(n_papers)] for t in ENTITY_TYPES}
    weights = [1.0 / (i + 1) ** 1.05 for i in range(n_papers)]
    type_weights = [5, 4, 1.5, 2, 2, 1]
    papers = []
    for i in range(n_papers):
        ents: dict[str, Entity] = {}
        for _ in range(rng.randint(5, 12)):
            etype = rng.choices(ENTITY_TYPES, type_weights)[0]
            name = rng.choices(vocab[etype], weights)[0]
            role = rng.choices(ROLES, [1, 2, 2, 5, 1])[0]
            ents.setdefault(name, Entity(name, etype, role))
        papers.append(
            Paper(
                id=f"syn.{i:05d}",
                title=f"Synthetic paper {i} on {' and '.join(list(ents)[:2])}",
                abstract="synthetic",
                date="2025-06-01",
                entities=list(ents.values()),
            )
        )
    return papers


def sample_papers() -> tuple[str, list[Paper]]:
    try:
        from kg.build import build

        out = Path(tempfile.mkdtemp(prefix="bench-viz-sample-"))
        build(None, out)
        return "sample export", read_papers(out)
    except Exception as err:  # extraction may not be ready: bench a same-sized stand-in
        logging.warning("kg build of the sample failed (%s); using a synthetic corpus", err)
        return "synthetic stand-in for the sample (196 papers)", synthetic_papers(196)


def arxiv_papers(papers_path: Path | None, limit: int) -> tuple[str, list[Paper]]:
    if papers_path is not None:
        return f"arXiv papers from {papers_path}", read_papers(papers_path)
    try:
        from kg.extract import extract_papers
        from kg.ingest import load_papers

        files = sorted(ARXIV.glob("*.jsonl.gz"))
        if not files:
            raise FileNotFoundError(ARXIV)
        tmp = Path(tempfile.mkdtemp(prefix="bench-viz-arxiv-")) / "arxiv.jsonl"
        with gzip.open(files[0], "rt", encoding="utf-8") as src, tmp.open("w") as dst:
            for i, line in enumerate(src):
                if i >= limit:
                    break
                dst.write(json.dumps(json.loads(line)) + "\n")
        papers = load_papers([tmp]).papers
        started = time.perf_counter()
        extract_papers(papers)
        logging.warning(
            "extracted %d arXiv papers in %.0f s", len(papers), time.perf_counter() - started
        )
        return f"arXiv graph ({len(papers)} papers extracted)", papers
    except Exception as err:
        logging.warning("arXiv extraction unavailable (%s); using a synthetic corpus", err)
        return "synthetic arXiv-like corpus (2,500 papers)", synthetic_papers(2500, seed=1)


def time_in_browser(page_path: Path) -> dict[str, float]:
    """Seconds from navigation start to the first (settled) drawing, drawn counts, and the
    seconds to redraw with every node shown (single-paper entities start hidden in big views)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(page_path.as_uri(), wait_until="load", timeout=120_000)
        page.wait_for_function("window.kgReady !== undefined", timeout=120_000)
        out = {"ready": page.evaluate("window.kgReady") / 1000.0}
        out["nodes"], out["edges"] = page.evaluate(DRAWN)
        out["show_all"] = page.evaluate(SHOW_ALL) / 1000.0
        out["all_nodes"], out["all_edges"] = page.evaluate(DRAWN)
        browser.close()
    return out


def bench(label: str, papers: list[Paper], max_nodes: int, out_dir: Path) -> float:
    path = out_dir / f"{len(papers)}.html"
    started = time.perf_counter()
    summary = write_html(papers, path, max_nodes=max_nodes)
    written = time.perf_counter() - started
    t = time_in_browser(path)
    size_mb = path.stat().st_size / 1e6
    print(f"{label}: {summary.describe()}")
    print(f"  page written in {written:.2f} s ({size_mb:.1f} MB)")
    print(
        f"  settled drawing after {t['ready']:.2f} s in chromium "
        f"({t['nodes']:,} nodes, {t['edges']:,} edges drawn)"
    )
    if t["show_all"]:
        print(
            f"  showing single-paper entities too: redrawn in {t['show_all']:.2f} s "
            f"({t['all_nodes']:,} nodes, {t['all_edges']:,} edges)"
        )
    return t["ready"] + t["show_all"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--papers", type=Path, help="papers.jsonl (or export folder) of the arXiv graph"
    )
    parser.add_argument("--nodes", type=int, default=5000, help="nodes of the large view")
    parser.add_argument("--arxiv-limit", type=int, default=3000, help="arXiv records to extract")
    parser.add_argument("--skip-sample", action="store_true", help="only the large view")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install -y chromium", file=sys.stderr)
        return 2
    out_dir = Path(tempfile.mkdtemp(prefix="bench-viz-"))
    if not args.skip_sample:
        bench(*sample_papers(), max_nodes=args.nodes, out_dir=out_dir)
    seconds = bench(
        *arxiv_papers(args.papers, args.arxiv_limit), max_nodes=args.nodes, out_dir=out_dir
    )
    verdict = "meets" if seconds <= GOAL_SECONDS else "MISSES"
    print(
        f"{args.nodes:,}-node view, load plus showing every node: {seconds:.2f} s, "
        f"{verdict} the goal of <= {GOAL_SECONDS:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
