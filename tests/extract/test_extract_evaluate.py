from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import GoldFormatError
from kg.extract.evaluate import evaluate, match_entities, read_gold
from kg.model import Entity, Paper


def test_evaluate_matches_by_alias_ignoring_case_and_punctuation():
    gold = [Entity("GRPO", "Method", "uses", ["Group Relative Policy Optimization"])]
    pred = [Entity("group-relative policy optimization", "Method", "uses")]
    assert len(match_entities(gold, pred)) == 1


def test_evaluate_matching_is_one_to_one():
    gold = [Entity("LoRA", "Method", "uses")]
    pred = [Entity("LoRA", "Method", "uses"), Entity("lora", "Method", "uses")]
    assert len(match_entities(gold, pred)) == 1


def test_evaluate_matching_pairs_identical_names_first():
    # MoE and MoE++ share the match key "moe"; each must meet its own namesake
    gold = [Entity("MoE", "Method", "compares_to"), Entity("MoE++", "Method", "proposes")]
    pred = [Entity("MoE++", "Method", "proposes"), Entity("MoE", "Method", "compares_to")]
    pairs = match_entities(gold, pred)
    assert [(g.name, p.name) for g, p in pairs] == [("MoE", "MoE"), ("MoE++", "MoE++")]


def test_evaluate_scores_core_typed_untyped_and_roles():
    g = Paper(
        "1",
        "A Title",
        "",
        entities=[
            Entity("GRPO", "Method", "uses"),
            Entity("GSM8K", "Benchmark", "evaluates_on"),
            Entity("accuracy", "Metric", "evaluates_on"),
        ],
    )
    p = Paper(
        "x",
        "a title",
        "",
        entities=[
            Entity("GRPO", "Method", "proposes"),
            Entity("GSM8K", "Dataset", "evaluates_on"),
            Entity("PPO", "Method", "uses"),
        ],
    )
    r = evaluate([g], [p])
    assert (r.core_untyped.tp, r.core_untyped.fp, r.core_untyped.fn) == (2, 1, 0)
    assert (r.core_typed.tp, r.core_typed.fp, r.core_typed.fn) == (1, 2, 1)
    assert r.role_accuracy == pytest.approx(0.5)
    assert r.by_type["Metric"].fn == 1
    assert r.by_type["Benchmark"].fn == 1 and r.by_type["Dataset"].fp == 1


def test_evaluate_unmatched_paper_counts_as_misses():
    g = Paper("1", "Only in gold", "", entities=[Entity("GRPO", "Method", "uses")])
    r = evaluate([g], [])
    assert r.unmatched_titles == ["Only in gold"] and r.core_untyped.fn == 1


def test_evaluate_read_gold_names_the_bad_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    good = {"id": "1", "title": "T", "entities": [], "variant_of": []}
    path.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"gold\.jsonl:2"):
        read_gold(path)


def test_evaluate_arxiv_check_gold_is_readable_and_grounded(arxiv_dumps):
    """scripts/data/arxiv-check.jsonl: each paper is in the dumps, each name in its text."""
    from kg.ingest import load_papers
    from kg.model import match_key

    gold = read_gold(Path(__file__).parents[2] / "scripts" / "data" / "arxiv-check.jsonl")
    texts = {match_key(p.title): match_key(p.text) for p in load_papers(arxiv_dumps).papers}
    assert len(gold) == 160
    for paper in gold:
        text = texts[match_key(paper.title)]
        for entity in paper.entities:
            for form in [entity.name, *entity.aliases]:
                assert match_key(form) in text, (paper.id, form)
