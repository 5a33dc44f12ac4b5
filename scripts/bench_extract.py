"""Benchmark extraction speed and memory against spaCy's bare tokenizer.

Each phase runs in a fresh subprocess so its peak RSS is its own:

* ``tokenizer``: spaCy's default English tokenizer alone over the texts;
* ``extract``: our pipeline (``kg.extract.extract_papers``, ``--processes`` workers);
* ``build``: the whole ``kg build`` (ingest, extraction, graph, every export).

Prints abstracts/s, words/s and peak RSS per phase, and each phase's speed as a
share of the tokenizer's. Usage::

    python scripts/bench_extract.py ../shared/arxiv/*.jsonl.gz --processes 2
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def run_phase(phase: str, inputs: list[str], processes: int, limit: int | None) -> dict:
    from kg.ingest import load_papers

    papers = load_papers(inputs).papers
    if limit:
        papers = papers[:limit]
    words = sum(len(p.text.split()) for p in papers)
    started = time.perf_counter()
    if phase == "tokenizer":
        import spacy

        nlp = spacy.blank("en")
        for _ in nlp.tokenizer.pipe((p.text for p in papers), batch_size=256):
            pass
    elif phase == "extract":
        from kg.extract import extract_papers

        extract_papers(papers, n_process=processes)
    elif phase == "build":
        from kg.build import build

        with tempfile.TemporaryDirectory() as tmp:
            if limit:  # the build reads its input itself: give it just these papers
                from kg.model import write_papers

                inputs = [f"{tmp}/papers.jsonl"]
                write_papers(papers, inputs[0])
            started = time.perf_counter()
            build(inputs, f"{tmp}/out", n_process=processes)
    seconds = time.perf_counter() - started
    return {
        "phase": phase,
        "abstracts": len(papers),
        "words": words,
        "seconds": seconds,
        "peak_rss_mb": _peak_rss_mb(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--processes", "-j", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None, help="only the first N papers")
    ap.add_argument("--phases", default="tokenizer,extract,build")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.inputs, args.processes, args.limit)))
        return
    results = []
    for phase in args.phases.split(","):
        cmd = [sys.executable, __file__, *args.inputs, "--phase", phase, "-j", str(args.processes)]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    base = next((r for r in results if r["phase"] == "tokenizer"), None)
    print(
        f"{'phase':10} {'abstracts':>9} {'words':>10} {'seconds':>8} {'abstracts/s':>11} "
        f"{'words/s':>9} {'words/s/core':>12} {'peak RSS':>9} {'vs tokenizer':>12}"
    )
    for r in results:
        wps = r["words"] / r["seconds"]
        cores = 1 if r["phase"] == "tokenizer" else args.processes
        ratio = f"{wps / (base['words'] / base['seconds']):.3f}" if base else "-"
        print(
            f"{r['phase']:10} {r['abstracts']:9d} {r['words']:10d} {r['seconds']:8.1f} "
            f"{r['abstracts'] / r['seconds']:11.0f} {wps:9.0f} {wps / cores:12.0f} "
            f"{r['peak_rss_mb']:8.0f}M {ratio:>12}"
        )


if __name__ == "__main__":
    main()
