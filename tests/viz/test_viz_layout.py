"""The precomputed layout: deterministic, spread out, neighbours close, components apart."""

from __future__ import annotations

import doctest
import importlib
import math

import networkx as nx
import numpy as np
import pytest

from kg.viz.layout import spread_layout


def _paper_like(n_papers: int, seed: int) -> nx.Graph:
    """Papers linked to entities of Zipf-like popularity: hubs, leaves, small components."""
    rng = np.random.default_rng(seed)
    g = nx.Graph()
    popularity = 1.0 / np.arange(1, 3 * n_papers + 1) ** 1.1
    popularity /= popularity.sum()
    for p in range(n_papers):
        for e in set(rng.choice(len(popularity), size=6, p=popularity).tolist()):
            g.add_edge(f"p{p}", f"e{e}")
    g.add_edge("lonely-a", "lonely-b")
    g.add_node("isolated")
    return g


@pytest.mark.parametrize("name", ["kg.viz.layout", "kg.viz.select", "kg.viz.html"])
def test_viz_doctests_pass(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("n_papers", [40, 700])  # exact repulsion, then the grid approximation
def test_layout_is_deterministic_and_finite(n_papers):
    g = _paper_like(n_papers, seed=1)
    first = spread_layout(g, seed=3)
    assert first == spread_layout(g, seed=3)
    assert set(first) == set(g)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())
    assert first != spread_layout(g, seed=4)


@pytest.mark.parametrize(("side", "ratio"), [(10, 3.0), (35, 6.0)])  # exact, then grid repulsion
def test_layout_unfolds_a_grid(side, ratio):
    """A square grid comes out flat: neighbours are much closer than random pairs."""
    g = nx.convert_node_labels_to_integers(nx.grid_2d_graph(side, side))
    pos = {n: np.array(xy) for n, xy in spread_layout(g, seed=0).items()}
    edge_len = np.median([np.linalg.norm(pos[a] - pos[b]) for a, b in g.edges])
    rng = np.random.default_rng(0)
    pairs = rng.integers(0, len(g), size=(2000, 2))
    stranger = np.median([np.linalg.norm(pos[i] - pos[j]) for i, j in pairs])
    assert stranger > ratio * edge_len


def test_layout_keeps_nodes_apart():
    g = _paper_like(400, seed=5)
    coords = np.array(list(spread_layout(g, seed=0, scale=60.0).values()))
    d = np.sqrt(((coords[:, None, :] - coords[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    # almost no node sits on another: the nearest neighbour is a few pixels away at least
    assert np.mean(d.min(axis=1) < 3.0) < 0.02


def test_layout_rings_leaves_around_their_anchor():
    g = nx.star_graph(12)  # node 0 with 12 leaves
    g.add_edge(0, 100)
    g.add_edge(100, 101)
    g.add_edge(101, 0)
    pos = {n: np.array(xy) for n, xy in spread_layout(g, seed=0, scale=50.0).items()}
    radii = [np.linalg.norm(pos[leaf] - pos[0]) for leaf in range(1, 13)]
    assert max(radii) - min(radii) < 0.2  # on one circle (positions are rounded to 0.1 px)
    assert max(radii) < 50.0  # closer than an ordinary edge


def test_layout_packs_components_without_overlap():
    g = nx.disjoint_union_all([nx.cycle_graph(30), nx.complete_graph(6), nx.path_graph(3)])
    g.add_node("alone")
    pos = spread_layout(g, seed=0)
    boxes = []
    for comp in nx.connected_components(g):
        xy = np.array([pos[n] for n in comp])
        boxes.append((*xy.min(axis=0), *xy.max(axis=0)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            assert not overlap


def test_layout_of_empty_graph_is_empty():
    assert spread_layout(nx.Graph()) == {}
