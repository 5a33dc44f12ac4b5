"""Choosing a view's nodes: the focus node, its neighbourhood, the best-connected nodes."""

from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.graph import build_graph
from kg.viz.select import neighbourhood, resolve_focus, top_nodes


@pytest.fixture
def graph(tiny_papers):
    return build_graph(tiny_papers)


@pytest.mark.parametrize(
    ("name", "node"),
    [
        ("GRPO", "entity:grpo"),
        ("grpo", "entity:grpo"),
        ("Group Relative Policy Optimization", "entity:grpo"),
        ("group-relative policy optimization", "entity:grpo"),
        ("Qwen2.5 7B", "entity:qwen257b"),
        ("2501.00001", "paper:2501.00001"),
        ("paper:t-quotes", "paper:t-quotes"),
        ("S-GRPO: memory-efficient GRPO", "paper:2501.00001"),
        ("unrelated paper", "paper:2503.00004"),
        ("Ünïcode names", "paper:2502.00003"),
        ("<script>alert(1)</script>", "paper:t-quotes"),
    ],
)
def test_select_resolve_focus_finds(graph, name, node):
    assert resolve_focus(graph, name) == node


@pytest.mark.parametrize(
    ("name", "hint"),
    [("GRPOO", "did you mean 'GRPO'"), ("zzzz", "no entity or paper"), ("  ", "empty")],
)
def test_select_resolve_focus_unknown_raises_with_hint(graph, name, hint):
    with pytest.raises(QueryError, match=hint):
        resolve_focus(graph, name)


def test_select_neighbourhood_is_nearest_first(graph):
    ring = neighbourhood(graph, "entity:grpo")
    assert ring[0] == "entity:grpo"
    # radius 1: the papers that use GRPO and its variants
    first = {
        "paper:2501.00001",
        "paper:t-quotes",
        "paper:2502.00003",
        "entity:sgrpo",
        "entity:g2rpo",
    }
    assert set(ring[1:6]) == first
    assert "entity:lora" in ring and "paper:2503.00004" not in ring  # radius 2, not 3
    assert neighbourhood(graph, "entity:grpo", max_nodes=4) == ring[:4]
    assert neighbourhood(graph, "entity:grpo", radius=1) == ring[:6]


def test_select_top_nodes_drops_single_paper_entities_first(graph):
    assert top_nodes(graph, None) == list(graph)
    assert top_nodes(graph, 10_000) == list(graph)
    kept = top_nodes(graph, 8)
    assert len(kept) == 8
    assert {"entity:grpo", "paper:2501.00001"} <= set(kept)
    assert not {"entity:ppo", "entity:imagenet"} & set(kept)  # used by one paper each
