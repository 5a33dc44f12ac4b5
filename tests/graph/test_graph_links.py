from __future__ import annotations

from kg.graph.links import shared_technique_links
from kg.model import Entity, Paper


def paper(pid: str, *names: str, role: str = "uses", etype: str = "Method") -> Paper:
    return Paper(pid, pid, "x", entities=[Entity(n, etype, role) for n in names])


def test_links_rare_shared_entity_weighs_more_than_common():
    common = [paper(f"c{i}", "RL") for i in range(8)]
    ps = [paper("a", "RL", "GRPO"), paper("b", "RL", "GRPO"), paper("c", "RL"), *common]
    links = {(link.source, link.target): link for link in shared_technique_links(ps)}
    assert links[("a", "b")].via == ["GRPO", "RL"]
    assert links[("a", "b")].weight > links[("a", "c")].weight


def test_links_ignore_mentions_tasks_and_entities_in_too_many_papers():
    ps = [
        paper("a", "GRPO", role="mentions"),
        paper("b", "GRPO", role="mentions"),
        paper("c", "reasoning", etype="Task"),
        paper("d", "reasoning", etype="Task"),
    ]
    assert shared_technique_links(ps) == []
    everywhere = [paper(f"p{i}", "Adam") for i in range(10)]
    assert shared_technique_links(everywhere, max_df=5) == []


def test_links_keep_top_k_per_paper_and_are_sorted():
    ps = [paper("hub", *[f"M{i}" for i in range(6)])]
    ps += [paper(f"s{i}", f"M{i}") for i in range(6)]
    links = shared_technique_links(ps, top_k=2)
    assert all(link.source < link.target for link in links)
    assert [link.weight for link in links] == sorted((link.weight for link in links), reverse=True)
    # every spoke keeps its one link to the hub although the hub's top 2 are full
    assert {link.target for link in links if link.source == "hub"} == {f"s{i}" for i in range(6)}


def test_links_are_deterministic():
    ps = [paper(str(i), f"M{i % 3}", f"N{i % 5}") for i in range(30)]
    assert shared_technique_links(ps) == shared_technique_links(list(ps))
