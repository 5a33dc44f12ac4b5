"""networkx analytics: rarity-weighted links, Louvain communities, similar papers, stats,
and the ``kg similar`` / ``kg stats`` commands."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
from pathlib import Path

import pytest

import kg.graph.analytics
from kg.graph import analytics
from kg.graph.build import build_graph
from kg.model import Entity, Paper, write_papers

ROOT = Path(__file__).parent.parent.parent


def _corpus(n_common: int = 40, n_other: int = 20) -> list[Paper]:
    """``rl-*`` papers share "reinforcement learning"; g1 and g2 also share GRPO; filler pads N."""
    rl = lambda: Entity("reinforcement learning", "Method", "uses")  # noqa: E731
    papers = [Paper(f"rl-{i:02d}", f"RL paper {i}", "x", entities=[rl()]) for i in range(n_common)]
    papers[0].entities.append(Entity("GRPO", "Method", "uses"))
    papers[1].entities.append(Entity("GRPO", "Method", "proposes"))
    papers += [
        Paper(f"zz-{i:02d}", f"Other {i}", "y", entities=[Entity(f"M{i}", "Model", "uses")])
        for i in range(n_other)
    ]
    return papers


def test_analytics_rare_shared_entity_outweighs_common_one():
    g = build_graph(_corpus())
    pg = analytics.paper_graph(g)
    with_grpo = pg.edges["rl-00", "rl-01"]
    only_rl = pg.edges["rl-00", "rl-02"]
    assert with_grpo["via"] == ["GRPO", "reinforcement learning"]
    assert only_rl["via"] == ["reinforcement learning"]
    # GRPO (2 papers of 60) adds log(30); "reinforcement learning" (40 of 60) adds log(1.5)
    assert with_grpo["weight"] - only_rl["weight"] == pytest.approx(3.4012, abs=1e-3)
    assert with_grpo["weight"] > 5 * only_rl["weight"]


def test_analytics_similar_orders_by_weight_then_id():
    top = analytics.similar(_corpus(), "rl-00", k=3)
    assert [n.id for n in top] == ["rl-01", "rl-02", "rl-03"]
    assert top[0].shared == ["GRPO", "reinforcement learning"]
    assert top[0].weight > top[1].weight == top[2].weight


@pytest.mark.parametrize(
    ("query", "expected"),
    [("rl-05", "rl-05"), ("RL PAPER 7", "rl-07"), ("other 3", "zz-03"), ("  Other 12", "zz-12")],
)
def test_analytics_find_paper_by_id_or_title(query, expected):
    assert analytics.find_paper(_corpus(), query) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("nothing like it", "no paper has the id or a title containing"),
        ("paper 1", "11 papers have a title"),
    ],
)
def test_analytics_find_paper_errors(query, message):
    with pytest.raises(analytics.PaperNotFoundError, match=message):
        analytics.find_paper(_corpus(), query)


def _two_cliques() -> list[Paper]:
    papers = []
    for group, methods in (("a", ["A1", "A2", "A3"]), ("b", ["B1", "B2"])):
        for i in range(5):
            ents = [Entity(m, "Method", "uses") for m in methods]
            papers.append(Paper(f"{group}{i}", f"{group} {i}", "x", entities=ents))
    papers[0].entities.append(Entity("Bridge", "Method", "uses"))
    papers[5].entities.append(Entity("Bridge", "Method", "uses"))
    papers.append(Paper("lone", "lone", "x"))
    return papers


def test_analytics_louvain_finds_the_groups_deterministically():
    g = build_graph(_two_cliques())
    first = analytics.communities(g, seed=0)
    assert first == [["a0", "a1", "a2", "a3", "a4"], ["b0", "b1", "b2", "b3", "b4"], ["lone"]]
    for seed in (0, 1, 7):
        assert analytics.communities(g, seed=seed) == first
    assert analytics.communities(g, seed=0) == analytics.communities(_two_cliques(), seed=0)


def test_analytics_stats_of_tiny_papers(tiny_papers):
    s = analytics.stats(tiny_papers)
    assert (s.papers, s.entities, s.links) == (4, 15, 3)
    assert s.entities_by_type["Method"] == 6 and s.entities_by_type["Metric"] == 1
    assert s.relationships_by_type["USES"] == 10 and s.relationships_by_type["VARIANT_OF"] == 2
    assert s.top_entities[0] == ("GRPO", "Method", 3)
    assert s.degree == {"min": 0, "median": 2.0, "mean": 1.5, "max": 2}
    assert (s.isolated_papers, s.communities, s.largest_community) == (1, 1, 3)
    assert json.loads(json.dumps(s.to_dict()))["relationships_by_type"]["SHARES_TECHNIQUE"] == 3


def test_analytics_empty_corpus():
    s = analytics.stats([])
    assert (s.papers, s.communities, s.largest_community, s.degree) == (0, 0, 0, {})
    assert analytics.communities([]) == []


def test_analytics_doctests():
    assert doctest.testmod(kg.graph.analytics).failed == 0


def _kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )


def test_analytics_cli_similar_and_stats(tmp_path, tiny_papers):
    write_papers(tiny_papers, tmp_path / "papers.jsonl")
    proc = _kg("similar", "memory-efficient", str(tmp_path), "-k", "5")
    assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in proc.stdout.splitlines() if "│" in ln]
    assert "t-quotes" in lines[0] and "GRPO, LoRA" in lines[0]  # strongest first
    assert "2502.00003" in lines[1] and len(lines) == 2
    proc = _kg("stats", str(tmp_path), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["links"] == 3
    proc = _kg("similar", "no such paper", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: no paper has the id or a title containing 'no such paper'"
