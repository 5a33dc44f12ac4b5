"""Mine word and phrase statistics from unlabelled abstracts into kg/extract/data/.

Writes ``corpus_lexicon.json`` with:

* ``verbs``: words mostly seen in verb position (after *we*, *to*, *can*, *will*,
  *which*, *that*) rather than after a determiner: such a word cannot start a
  technique phrase (``destabilizes training``, ``improving training``);
* ``head_terms``: 2-3 word phrases ending in a task or metric head word that
  take a fair share of that head's uses (``code generation``, ``inference
  latency``, not ``flawed reasoning``);
* ``terms``: lower-case 2-4 word phrases that recur across many abstracts and
  hold together (their count is a large share of their rarest word's count):
  ``knowledge distillation``, ``differential privacy``, ``majority voting``.

Usage: ``python scripts/build_lexicon.py ../shared/arxiv/*.jsonl.gz``. The result is
deterministic for the same input; no evaluation data is read.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import math
import re
from collections import Counter
from pathlib import Path

from kg.extract.lexicon import METRIC_HEADS, TASK_HEADS

log = logging.getLogger("build_lexicon")

OUT = Path(__file__).resolve().parents[1] / "kg" / "extract" / "data" / "corpus_lexicon.json"
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*[A-Za-z0-9]|[A-Za-z]|[.,;:()]")
VERB_LEFT = {
    "we",
    "to",
    "can",
    "will",
    "which",
    "also",
    "may",
    "could",
    "should",
    "they",
    "often",
    "further",
}
NOUN_LEFT = {"the", "a", "an", "this", "these", "our", "their", "its", "of", "such"}
FUNCTION = set(
    """a an the this that these those our their its of for to in on at by with from into and or
    but is are was were be been being has have had we they it which who as than then not no can
    could may might will would should must also only such both each all any some many more most
    via using based while whereas however thus hence therefore e.g i.e vs et al""".split()
)


def abstracts(paths: list[Path]):
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                yield row.get("summary") or row.get("abstract") or ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--min-head-share", type=float, default=0.008)
    ap.add_argument(
        "--min-docs", type=int, default=8, help="a term must occur in this many abstracts"
    )
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    total, verb_pos, noun_pos = Counter(), Counter(), Counter()
    ngram_docs: Counter = Counter()
    word_docs: Counter = Counter()
    n_docs = 0
    for text in abstracts(args.inputs):
        n_docs += 1
        toks = WORD.findall(text)
        low = [t.lower() for t in toks]
        seen_ngrams, seen_words = set(), set()
        for i, w in enumerate(low):
            total[w] += 1
            seen_words.add(w)
            if i:
                if low[i - 1] in VERB_LEFT:
                    verb_pos[w] += 1
                elif low[i - 1] in NOUN_LEFT:
                    noun_pos[w] += 1
            for n in (2, 3, 4):
                gram = low[i : i + n]
                if len(gram) < n or not all(t[0].isalpha() for t in gram):
                    continue
                if gram[0] in FUNCTION or gram[-1] in FUNCTION:
                    continue
                if any(not toks[i + k].islower() for k in range(n)):
                    continue
                seen_ngrams.add(" ".join(gram))
        ngram_docs.update(seen_ngrams)
        word_docs.update(seen_words)
    verbs = sorted(
        w
        for w, c in total.items()
        if c >= 5
        and verb_pos[w] >= 3
        and verb_pos[w] > 3 * noun_pos[w]
        and verb_pos[w] >= 0.15 * c
        and w.isalpha()
        and w not in FUNCTION
    )
    terms = {}
    for gram, df in ngram_docs.items():
        if df < args.min_docs:
            continue
        words = gram.split()
        if any(w in FUNCTION for w in words) or words[0] in set(verbs):
            continue
        rarest = min(word_docs[w] for w in words)
        cohesion = df / rarest
        expected = n_docs
        for w in words:
            expected *= word_docs[w] / n_docs
        npmi = math.log(df / expected) / -math.log(df / n_docs)
        if cohesion >= 0.12 or npmi >= 0.45:
            terms[gram] = round(max(cohesion, npmi), 3)
    # phrases ending in a task / metric head that a good share of the head's uses take
    heads = TASK_HEADS | METRIC_HEADS
    head_terms = {}
    for gram, df in ngram_docs.items():
        words = gram.split()
        if df < 5 or len(words) > 3 or words[-1] not in heads or words[0] in set(verbs):
            continue
        share = df / word_docs[words[-1]]
        if share >= args.min_head_share:
            head_terms[gram] = round(share, 4)
    log.info(
        "%d abstracts, %d verbs, %d terms, %d head terms",
        n_docs,
        len(verbs),
        len(terms),
        len(head_terms),
    )
    args.out.write_text(
        json.dumps(
            {
                "documents": n_docs,
                "verbs": verbs,
                "terms": dict(sorted(terms.items())),
                "head_terms": dict(sorted(head_terms.items())),
            },
            indent=0,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
