"""Which nodes a view keeps: a focus node's neighbourhood, or the best-connected nodes.

>>> from kg.model import Paper, Entity
>>> from kg.graph import build_graph
>>> g = build_graph([Paper("a", "GRPO at scale", "x", entities=[Entity("GRPO", "Method", "uses",
...                  ["Group Relative Policy Optimization"])])])
>>> resolve_focus(g, "group relative policy optimization"), resolve_focus(g, "a")
('entity:grpo', 'paper:a')
>>> top_nodes(g, 1)
['paper:a']
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Hashable

import networkx as nx

from kg.errors import QueryError
from kg.model import entity_key

__all__ = ["neighbourhood", "resolve_focus", "top_nodes"]

log = logging.getLogger(__name__)


def _names(graph: nx.DiGraph, node: Hashable) -> list[str]:
    data = graph.nodes[node]
    names = [str(data.get("label", ""))]
    if data.get("kind") == "entity":
        names += [a for a in str(data.get("aliases", "")).split("; ") if a]
    else:
        names.append(str(node).removeprefix("paper:"))
    return names


def resolve_focus(graph: nx.DiGraph, name: str) -> str:
    """The node ``name`` designates: an entity name or alias, a paper id or title.

    Exact matches (entity key, paper id, case-insensitive title) win; otherwise a
    unique best-connected node whose name contains ``name``. Raises
    :class:`~kg.errors.QueryError`, with close names as hints, when nothing matches.
    """
    wanted = name.strip()
    if not wanted:
        raise QueryError("--focus is empty; give an entity name, a paper id or a paper title")
    for candidate in (wanted, f"paper:{wanted}", f"entity:{entity_key(wanted)}"):
        if candidate in graph:
            return candidate
    folded, key = wanted.casefold(), entity_key(wanted)
    exact = [n for n in graph if any(s.casefold() == folded for s in _names(graph, n))]
    exact += [
        n
        for n in graph
        if graph.nodes[n].get("kind") == "entity"
        and n not in exact
        and any(entity_key(a) == key for a in _names(graph, n)[1:])
    ]
    partial = exact or [n for n in graph if any(folded in s.casefold() for s in _names(graph, n))]
    if not partial:
        labels = {str(graph.nodes[n].get("label", "")): n for n in graph}
        close = difflib.get_close_matches(wanted, list(labels), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise QueryError(f"no entity or paper named {wanted!r} in the graph{hint}")
    und = graph.to_undirected(as_view=True)
    best = min(partial, key=lambda n: (-und.degree(n), str(n)))
    if len(partial) > 1:
        log.info("--focus %r matches %d nodes; using %s", wanted, len(partial), best)
    return best


def neighbourhood(
    graph: nx.DiGraph, center: Hashable, max_nodes: int | None = None, radius: int = 2
) -> list[Hashable]:
    """Nodes within ``radius`` hops of ``center``, nearest then best-connected first, at most ``max_nodes``."""
    und = graph.to_undirected(as_view=True)
    dist = nx.single_source_shortest_path_length(und, center, cutoff=radius)
    ranked = sorted(dist, key=lambda n: (dist[n], -und.degree(n), str(n)))
    return ranked if max_nodes is None else ranked[:max_nodes]


def top_nodes(graph: nx.DiGraph, max_nodes: int | None) -> list[Hashable]:
    """All nodes, or the ``max_nodes`` best-connected ones (papers before entities on ties).

    Entities that one paper alone uses have a single edge and go first, so a
    cut keeps the shared techniques that give the graph its shape.
    """
    if max_nodes is None or len(graph) <= max_nodes:
        return list(graph)
    und = graph.to_undirected(as_view=True)
    kind_rank = {"paper": 0, "entity": 1}
    ranked = sorted(
        graph,
        key=lambda n: (-und.degree(n), kind_rank.get(graph.nodes[n].get("kind"), 2), str(n)),
    )
    return ranked[:max_nodes]
