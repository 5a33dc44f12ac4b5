from __future__ import annotations

import networkx as nx
import pytest

from kg.graph import build_graph, corpus_entities, write_graphml
from kg.graph.build import entity_node, paper_node


def test_build_graph_has_papers_entities_roles_and_links(tiny_papers):
    g = build_graph(tiny_papers)
    papers = [n for n, d in g.nodes(data=True) if d["kind"] == "paper"]
    entities = [n for n, d in g.nodes(data=True) if d["kind"] == "entity"]
    assert len(papers) == 4
    assert len(entities) == len(corpus_entities(tiny_papers))
    edge = g.edges[paper_node("2501.00001"), entity_node("grpo")]
    assert edge["kind"] == "role" and edge["role"] == "uses"
    assert g.edges[entity_node("sgrpo"), entity_node("grpo")]["kind"] == "variant_of"
    shares = [d for _, _, d in g.edges(data=True) if d["kind"] == "shares_technique"]
    assert shares and all(d["weight"] > 0 and d["via"] for d in shares)


def test_build_graph_graphml_round_trip(tiny_papers, tmp_path):
    g = build_graph(tiny_papers)
    path = tmp_path / "graph.graphml"
    write_graphml(g, path)
    back = nx.read_graphml(path)
    assert set(back.nodes) == set(g.nodes)
    assert set(back.edges) == set(g.edges)
    for node, data in g.nodes(data=True):
        assert back.nodes[node] == data
    for u, v, data in g.edges(data=True):
        assert back.edges[u, v] == data
    assert back.nodes[paper_node("t-quotes")]["label"].startswith('A "quoted" <script>')


def test_build_graph_graphml_write_is_atomic(tiny_papers, tmp_path):
    path = tmp_path / "graph.graphml"
    path.write_text("earlier export")
    g = build_graph(tiny_papers)
    g.nodes[paper_node("t-quotes")]["bad"] = object()  # GraphML cannot hold it
    with pytest.raises(Exception):  # noqa: B017 - networkx raises its own error types
        write_graphml(g, path)
    assert path.read_text() == "earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]
