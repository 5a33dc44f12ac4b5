"""networkx analytics of the paper graph: communities, similar papers, statistics.

Everything here works on the graph of :func:`kg.graph.build_graph` (or on a
list of papers, from which that graph is built). Paper-to-paper links are the
``shares_technique`` edges: their ``weight`` adds up the rarity
(``log(N / df)``) of every shared technique, so sharing GRPO weighs more than
sharing "reinforcement learning". The query helpers at the end answer the
Cypher examples of ``kg/neo4j/queries/`` in networkx, for users without Neo4j
and as the reference the Neo4j tests compare with.

>>> from kg.model import Paper, Entity
>>> g = lambda: Entity("GRPO", "Method", "uses")
>>> ps = [Paper("a", "First", "x", entities=[g()]), Paper("b", "Second", "y", entities=[g()]),
...       Paper("c", "Third", "z")]
>>> [(n.id, n.shared) for n in similar(ps, "first")]
[('b', ['GRPO'])]
>>> communities(ps)
[['a', 'b'], ['c']]
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.errors import QueryError
from kg.graph.build import build_graph, paper_node
from kg.model import ENTITY_TYPES, Paper

__all__ = [
    "GraphStats",
    "Neighbour",
    "PaperNotFoundError",
    "as_graph",
    "communities",
    "find_entity",
    "find_paper",
    "paper_graph",
    "papers_using",
    "shortest_path",
    "similar",
    "stats",
    "top_benchmarks",
    "variants",
]

#: Roles that count as a paper "using" an entity (everything but a plain mention).
USE_ROLES: frozenset[str] = frozenset({"proposes", "uses", "evaluates_on", "compares_to"})

GraphLike = nx.DiGraph | Sequence[Paper]


class PaperNotFoundError(QueryError):
    """No paper (or more than one) matches the id or title the user gave."""


@dataclass
class Neighbour:
    """A paper linked to another one: its id, title, link weight and the shared entity names."""

    id: str
    title: str
    weight: float
    shared: list[str]


@dataclass
class GraphStats:
    """Summary figures of a graph, as ``kg stats`` prints them."""

    papers: int = 0
    entities: int = 0
    entities_by_type: Counter = field(default_factory=Counter)
    relationships_by_type: Counter = field(default_factory=Counter)
    links: int = 0
    top_entities: list[tuple[str, str, int]] = field(default_factory=list)
    degree: dict[str, float] = field(default_factory=dict)
    isolated_papers: int = 0
    communities: int = 0
    largest_community: int = 0
    modularity: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "papers": self.papers,
            "entities": self.entities,
            "entities_by_type": dict(self.entities_by_type),
            "relationships_by_type": dict(self.relationships_by_type),
            "links": self.links,
            "top_entities": [{"name": n, "type": t, "papers": c} for n, t, c in self.top_entities],
            "degree": self.degree,
            "isolated_papers": self.isolated_papers,
            "communities": self.communities,
            "largest_community": self.largest_community,
            "modularity": self.modularity,
        }


def as_graph(data: GraphLike) -> nx.DiGraph:
    """``data`` itself if it is a graph, else :func:`build_graph` of the papers."""
    if isinstance(data, nx.Graph):
        return data
    return build_graph(list(data))


def _pid(node: str) -> str:
    return node.split(":", 1)[1]


def paper_graph(data: GraphLike) -> nx.Graph:
    """The undirected paper-to-paper graph: every paper, edges ``weight`` and ``via``."""
    g = as_graph(data)
    pg = nx.Graph()
    for node, attrs in g.nodes(data=True):
        if attrs.get("kind") == "paper":
            pg.add_node(_pid(node), title=attrs.get("label", ""))
    for a, b, attrs in g.edges(data=True):
        if attrs.get("kind") == "shares_technique":
            via = [v for v in str(attrs.get("via", "")).split("; ") if v]
            pg.add_edge(_pid(a), _pid(b), weight=float(attrs.get("weight", 1.0)), via=via)
    return pg


def communities(data: GraphLike, *, seed: int = 0, resolution: float = 1.0) -> list[list[str]]:
    """Louvain communities of the weighted paper graph: paper ids, largest community first.

    Deterministic for a given graph and ``seed``; a paper with no link is a community of its own.
    """
    pg = paper_graph(data)
    if pg.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(pg, weight="weight", resolution=resolution, seed=seed)
    groups = [sorted(c) for c in found]
    return sorted(groups, key=lambda c: (-len(c), c[0]))


def find_paper(data: GraphLike, query: str) -> str:
    """The id of the paper whose id is ``query``, or whose title contains it (case-insensitive)."""
    g = as_graph(data)
    if g.nodes.get(paper_node(query), {}).get("kind") == "paper":
        return query
    needle = query.casefold().strip()
    hits = []
    for node, attrs in g.nodes(data=True):
        if attrs.get("kind") != "paper":
            continue
        title = str(attrs.get("label", "")).casefold()
        if title == needle:
            return _pid(node)
        if needle and needle in title:
            hits.append((_pid(node), attrs.get("label", "")))
    if len(hits) == 1:
        return hits[0][0]
    if not hits:
        raise PaperNotFoundError(f"no paper has the id or a title containing {query!r}")
    shown = "; ".join(f"{pid} ({title[:50]})" for pid, title in sorted(hits)[:3])
    raise PaperNotFoundError(
        f"{len(hits)} papers have a title containing {query!r}, e.g. {shown}: give the id"
    )


def similar(data: GraphLike, paper: str, k: int = 10) -> list[Neighbour]:
    """The ``k`` papers most strongly linked to ``paper`` (id or title substring), with the
    shared entities; strongest first, then by id."""
    g = as_graph(data)
    pg = paper_graph(g)
    pid = find_paper(g, paper)
    out = [
        Neighbour(other, pg.nodes[other].get("title", ""), attrs["weight"], list(attrs["via"]))
        for other, attrs in pg[pid].items()
    ]
    out.sort(key=lambda n: (-n.weight, n.id))
    return out[:k]


def find_entity(data: GraphLike, name: str) -> str | None:
    """The node of the entity named ``name`` (or with it as an alias), case-insensitive."""
    g = as_graph(data)
    needle = name.casefold()
    alias_hit = None
    for node, attrs in g.nodes(data=True):
        if attrs.get("kind") != "entity":
            continue
        if str(attrs.get("label", "")).casefold() == needle:
            return node
        aliases = [a.casefold() for a in str(attrs.get("aliases", "")).split("; ") if a]
        if alias_hit is None and needle in aliases:
            alias_hit = node
    return alias_hit


def papers_using(data: GraphLike, name: str) -> list[tuple[str, str]]:
    """``(paper id, role)`` of the papers that use the entity ``name`` in any role but a mention."""
    g = as_graph(data)
    node = find_entity(g, name)
    if node is None:
        return []
    return sorted(
        (_pid(p), attrs["role"])
        for p, _, attrs in g.in_edges(node, data=True)
        if attrs.get("kind") == "role" and attrs.get("role") in USE_ROLES
    )


def top_benchmarks(data: GraphLike, limit: int = 10) -> list[tuple[str, int]]:
    """``(benchmark name, papers)`` of the benchmarks most papers have, most first, then by name."""
    g = as_graph(data)
    counts = []
    for node, attrs in g.nodes(data=True):
        if attrs.get("kind") == "entity" and attrs.get("type") == "Benchmark":
            papers = {p for p, _, e in g.in_edges(node, data=True) if e.get("kind") == "role"}
            counts.append((attrs["label"], len(papers)))
    counts.sort(key=lambda c: (-c[1], c[0]))
    return counts[:limit]


def variants(data: GraphLike, name: str, max_depth: int = 5) -> list[tuple[str, int]]:
    """``(variant name, depth)`` of the entities that are (transitively) variants of ``name``."""
    g = as_graph(data)
    base = find_entity(g, name)
    if base is None:
        return []
    rev = nx.DiGraph(
        (b, a) for a, b, attrs in g.edges(data=True) if attrs.get("kind") == "variant_of"
    )
    if base not in rev:
        return []
    depths = nx.single_source_shortest_path_length(rev, base, cutoff=max_depth)
    return sorted(
        ((g.nodes[n]["label"], d) for n, d in depths.items() if n != base),
        key=lambda v: (v[1], v[0]),
    )


def shortest_path(data: GraphLike, source: str, target: str) -> list[str] | None:
    """Paper ids of a shortest chain of shared-technique links, or None if there is none."""
    pg = paper_graph(data)
    try:
        return nx.shortest_path(pg, source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None


def stats(data: GraphLike, *, top: int = 10, seed: int = 0) -> GraphStats:
    """Counts by type, the entities most papers have, link degrees and communities."""
    from kg.neo4j.model import LINK_TYPE, VARIANT_TYPE, role_type

    g = as_graph(data)
    out = GraphStats()
    out.entities_by_type = Counter({t: 0 for t in ENTITY_TYPES})
    entities = []
    for _, attrs in g.nodes(data=True):
        if attrs.get("kind") == "paper":
            out.papers += 1
        elif attrs.get("kind") == "entity":
            out.entities += 1
            out.entities_by_type[attrs.get("type", "")] += 1
            entities.append((attrs.get("label", ""), attrs.get("type", ""), attrs.get("papers", 0)))
    for _, _, attrs in g.edges(data=True):
        kind = attrs.get("kind")
        if kind == "role":
            out.relationships_by_type[role_type(attrs.get("role", ""))] += 1
        elif kind == "variant_of":
            out.relationships_by_type[VARIANT_TYPE] += 1
        elif kind == "shares_technique":
            out.relationships_by_type[LINK_TYPE] += 1
    out.links = out.relationships_by_type[LINK_TYPE]
    out.top_entities = sorted(entities, key=lambda e: (-e[2], e[0]))[:top]
    pg = paper_graph(g)
    degrees = [d for _, d in pg.degree()]
    if degrees:
        out.degree = {
            "min": min(degrees),
            "median": float(statistics.median(degrees)),
            "mean": round(statistics.fmean(degrees), 3),
            "max": max(degrees),
        }
    out.isolated_papers = sum(1 for d in degrees if d == 0)
    groups = communities(g, seed=seed)
    linked = [c for c in groups if len(c) > 1]
    out.communities = len(linked)
    out.largest_community = len(groups[0]) if groups else 0
    if pg.number_of_edges():
        out.modularity = round(nx.community.modularity(pg, groups, weight="weight"), 4)
    return out
