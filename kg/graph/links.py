"""Paper-to-paper links for the techniques two papers share, weighted by rarity.

Two papers are linked when both have the same Method or Model in a role other
than ``mentions``. Each shared entity adds its inverse document frequency,
``log(N / df)`` (at least 0.1): sharing GRPO (a few papers) counts for more than
sharing "reinforcement learning" (many). Entities in more than ``max_df`` papers
are too common to link anything and are left out. The weights are one sparse
product, ``X · diag(idf) · Xᵀ`` over the paper × entity matrix (scipy); each
paper keeps its ``top_k`` strongest links, and a link is kept when it is among
the strongest of either of its papers.

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

import numpy as np
from scipy import sparse

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
    holders: dict[str, set[int]] = defaultdict(set)
    for row, paper in enumerate(papers):
        for ent in paper.entities:
            if ent.type in TECHNIQUE_TYPES and ent.role in LINK_ROLES:
                holders[ent.key].add(row)
    keys = sorted(k for k, rows in holders.items() if 2 <= len(rows) <= max_df)
    if not keys:
        return []
    names = {k: e.name for k, e in corpus_entities(papers).items()}
    rows, cols = [], []
    for col, key in enumerate(keys):
        for row in holders[key]:
            rows.append(row)
            cols.append(col)
    x = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(n, len(keys)), dtype=np.float64
    )
    idf = np.array([max(math.log(n / len(holders[k])), 0.1) for k in keys])
    w = (x @ sparse.diags(idf) @ x.T).tocsr()
    w.setdiag(0)
    w.eliminate_zeros()

    # ids order ties: a paper's strongest links, weight descending, then the other's id
    order = np.argsort(np.array([p.id for p in papers], dtype=object), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    kept: dict[tuple[int, int], float] = {}
    for i in range(n):
        lo, hi = w.indptr[i], w.indptr[i + 1]
        if lo == hi:
            continue
        nbrs, weights = w.indices[lo:hi], np.round(w.data[lo:hi], 6)
        best = np.lexsort((rank[nbrs], -weights))[:top_k]
        for j, weight in zip(nbrs[best].tolist(), weights[best].tolist(), strict=True):
            kept[(i, j) if rank[i] < rank[j] else (j, i)] = weight

    entity_cols = [set() for _ in range(n)]
    for row, col in zip(rows, cols, strict=True):
        entity_cols[row].add(col)
    links = []
    for (i, j), weight in kept.items():
        shared = entity_cols[i] & entity_cols[j]
        via = sorted((names[keys[c]] for c in shared), key=str.casefold)
        links.append(Link(papers[i].id, papers[j].id, round(weight, 4), via))
    links.sort(key=lambda link: (-link.weight, link.source, link.target))
    return links
