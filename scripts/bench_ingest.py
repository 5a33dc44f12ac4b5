"""Ingest speed and memory: ``python scripts/bench_ingest.py [INPUT ...]``.

Default inputs: the shared arXiv dumps (``../shared/arxiv/*.jsonl.gz``, 46,670
records) and the bundled sample corpus. Prints records/s and peak memory; the
goal is under 3 s for both arXiv files on the project's 2-core machine.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from kg.ingest import SAMPLE_DIR, load_papers

ROOT = Path(__file__).resolve().parent.parent
ARXIV = sorted((ROOT.parent / "shared" / "arxiv").glob("*.jsonl.gz"))


def bench(label: str, inputs: list[Path], repeat: int) -> None:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = load_papers(inputs)
        times.append(time.perf_counter() - started)
    best = min(times)
    print(
        f"{label}: {result.entries:,} records -> {len(result.papers):,} papers "
        f"({result.skipped} skipped) in {best:.2f} s best of {repeat} "
        f"({result.entries / best:,.0f} records/s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.inputs:
        bench("inputs", args.inputs, args.repeat)
    else:
        bench("sample corpus", [SAMPLE_DIR], args.repeat)
        if ARXIV:
            bench("arXiv dumps", ARXIV, args.repeat)
        else:
            print("no ../shared/arxiv dumps here; arXiv figure skipped")
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak_mib:,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
