"""One node per distinct entity across the corpus.

Papers name the same entity with one canonical ``name`` (extraction merges
forms corpus-wide), so :func:`kg.model.entity_key` of the name identifies it.
Its type is the one most papers give it; its aliases are the union.

>>> from kg.model import Paper, Entity
>>> ps = [Paper("a", "t", "x", entities=[Entity("GRPO", "Method", "uses", ["Group Relative Policy Optimization"])]),
...       Paper("b", "u", "y", entities=[Entity("GRPO", "Method", "proposes")])]
>>> e = corpus_entities(ps)["grpo"]
>>> (e.name, e.type, e.aliases, e.papers)
('GRPO', 'Method', ['Group Relative Policy Optimization'], 2)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.model import ENTITY_TYPES, Paper

__all__ = ["CorpusEntity", "corpus_entities"]


@dataclass
class CorpusEntity:
    """An entity of the whole corpus: ``key`` is its identity, ``papers`` how many papers have it."""

    key: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    papers: int = 0
    roles: Counter = field(default_factory=Counter)


def corpus_entities(papers: Iterable[Paper]) -> dict[str, CorpusEntity]:
    """Merge the per-paper entities by key; deterministic for a given input order."""
    names: defaultdict[str, Counter] = defaultdict(Counter)
    types: defaultdict[str, Counter] = defaultdict(Counter)
    aliases: defaultdict[str, dict[str, None]] = defaultdict(dict)
    counts: Counter = Counter()
    roles: defaultdict[str, Counter] = defaultdict(Counter)
    for paper in papers:
        for ent in paper.entities:
            key = ent.key
            names[key][ent.name] += 1
            types[key][ent.type] += 1
            roles[key][ent.role] += 1
            bag = aliases[key]
            for alias in ent.aliases:
                bag.setdefault(alias, None)
            counts[key] += 1
    order = {t: i for i, t in enumerate(ENTITY_TYPES)}
    out: dict[str, CorpusEntity] = {}
    for key in sorted(names):
        name = min(names[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        etype = min(types[key].items(), key=lambda kv: (-kv[1], order.get(kv[0], 99)))[0]
        out[key] = CorpusEntity(
            key=key,
            name=name,
            type=etype,
            aliases=[a for a in aliases[key] if a != name],
            papers=counts[key],
            roles=roles[key],
        )
    return out
