"""Paper-to-paper links for the techniques two papers share, weighted by rarity.

Two papers are linked when both have the same Method or Model in a role other
than ``mentions``. Each shared entity adds its inverse document frequency,
``log(N / df)``: sharing GRPO (a few papers) counts for more than sharing
"reinforcement learning" (many). Entities in more than ``max_df`` papers are
too common to link anything and are left out, which also keeps the number of
pairs linear in practice; each paper keeps its ``top_k`` strongest links.

>>> from kg.model import Paper, Entity
>>> g = lambda: Entity("GRPO", "Method", "uses")
>>> ps = [Paper("a", "t", "x", entities=[g()]), Paper("b", "u", "y", entities=[g()]),
...       Paper("c", "v", "z")]
>>> [(l.source, l.target, l.via) for l in shared_technique_links(ps)]
[('a', 'b', ['GRPO'])]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from kg.graph.entities import corpus_entities
from kg.model import Paper

__all__ = ["LINK_ROLES", "TECHNIQUE_TYPES", "Link", "shared_technique_links"]

#: Entity types whose sharing links two papers.
TECHNIQUE_TYPES: frozenset[str] = frozenset({"Method", "Model"})
#: Roles that count as a paper really having a technique.
LINK_ROLES: frozenset[str] = frozenset({"proposes", "uses", "evaluates_on", "compares_to"})


@dataclass(frozen=True)
class Link:
    """An undirected link ``source < target`` (paper ids) with its weight and shared entity names."""

    source: str
    target: str
    weight: float
    via: list[str]


def shared_technique_links(
    papers: Sequence[Paper], *, max_df: int | None = None, top_k: int = 20
) -> list[Link]:
    """Links between papers that share techniques, strongest first then by ids.

    ``max_df`` defaults to ``max(50, 2% of the papers)``.
    """
    n = len(papers)
    if max_df is None:
        max_df = max(50, n // 50)
    entities = corpus_entities(papers)
    holders: dict[str, list[str]] = defaultdict(list)
    for paper in papers:
        seen = set()
        for ent in paper.entities:
            if ent.type in TECHNIQUE_TYPES and ent.role in LINK_ROLES and ent.key not in seen:
                seen.add(ent.key)
                holders[ent.key].append(paper.id)
    pair_weight: dict[tuple[str, str], float] = defaultdict(float)
    pair_via: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in sorted(holders):
        ids = sorted(set(holders[key]))
        df = len(ids)
        if df < 2 or df > max_df:
            continue
        idf = math.log(n / df) if n > df else 0.0
        weight = max(idf, 0.1)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pair_weight[(a, b)] += weight
                pair_via[(a, b)].append(entities[key].name)
    ranked = sorted(pair_weight.items(), key=lambda kv: (-kv[1], kv[0]))
    kept: dict[str, int] = defaultdict(int)
    links = []
    for (a, b), w in ranked:
        if kept[a] >= top_k and kept[b] >= top_k:
            continue
        kept[a] += 1
        kept[b] += 1
        links.append(Link(a, b, round(w, 4), sorted(pair_via[(a, b)], key=str.casefold)))
    return links
