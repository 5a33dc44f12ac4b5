"""Benchmark extraction speed and memory against spaCy's bare tokenizer.

Each phase runs in a fresh subprocess so its peak RSS is its own:

* ``tokenizer``: spaCy's default English tokenizer alone over the texts;
* ``extract``: our pipeline (``kg.extract.extract_papers``, ``--processes`` workers);
* ``build``: the whole ``kg build`` (ingest, extraction, graph, every export).

Prints abstracts/s, words/s and peak RSS per phase, and each phase's speed as a
share of the tokenizer's. "peak mem" is the largest memory the phase's whole
process tree (the phase and its extraction workers) used at once: the sum of
their PSS, sampled every 0.2 s. "RSS+wkr" is what earlier versions printed, the
phase's own peak RSS plus its largest worker's (each counts the pages the forked
workers share, and two workers alive at once count as one). Usage::

    python scripts/bench_extract.py ../shared/arxiv/*.jsonl.gz --processes 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _peak_rss_mb() -> float:
    """The phase process's peak RSS plus the peak of its largest worker (``ru_maxrss``);
    with several workers alive at once this is not a bound on the whole tree."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def tree_pss_mb(root: int) -> float:
    """Memory of process ``root`` and all its descendants now, in MB: the sum of their
    PSS (Linux ``/proc/PID/smaps_rollup``), which counts pages shared by forked
    workers once instead of once per process as a sum of RSS would."""
    parent_of: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent_of[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, ppid in parent_of.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    total_kb = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total_kb += int(line.split()[1])
                break
    return total_kb / 1024


def run_sampled(cmd: list[str], interval: float = 0.2) -> tuple[str, float]:
    """Run ``cmd``; its stdout and the largest memory its process tree had at once
    (:func:`tree_pss_mb`, sampled every ``interval`` seconds)."""
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(cmd, stdout=out, text=True)
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, tree_pss_mb(proc.pid))
            time.sleep(interval)
        if proc.returncode:
            raise subprocess.CalledProcessError(proc.returncode, cmd)
        out.seek(0)
        return out.read(), peak


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
        out, tree_peak = run_sampled(cmd)
        results.append({**json.loads(out.strip().splitlines()[-1]), "tree_peak_mb": tree_peak})
    base = next((r for r in results if r["phase"] == "tokenizer"), None)
    print(
        f"{'phase':10} {'abstracts':>9} {'words':>10} {'seconds':>8} {'abstracts/s':>11} "
        f"{'words/s':>9} {'words/s/core':>12} {'peak mem':>9} {'RSS+wkr':>9} "
        f"{'vs tokenizer':>12}"
    )
    for r in results:
        wps = r["words"] / r["seconds"]
        cores = 1 if r["phase"] == "tokenizer" else args.processes
        ratio = f"{wps / (base['words'] / base['seconds']):.3f}" if base else "-"
        print(
            f"{r['phase']:10} {r['abstracts']:9d} {r['words']:10d} {r['seconds']:8.1f} "
            f"{r['abstracts'] / r['seconds']:11.0f} {wps:9.0f} {wps / cores:12.0f} "
            f"{r['tree_peak_mb']:8.0f}M {r['peak_rss_mb']:8.0f}M {ratio:>12}"
        )


if __name__ == "__main__":
    main()
