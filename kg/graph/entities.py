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

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kg.gcpause import gc_paused
from kg.model import ENTITY_TYPES, Paper, entity_key

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
    with gc_paused():
        return _merged(papers)


def _merged(papers: Iterable[Paper]) -> dict[str, CorpusEntity]:
    # key -> [names, types, aliases, uses, roles]; most keys occur once, so the
    # counters are plain dicts made on first use
    acc: dict[str, list] = {}
    for paper in papers:
        for ent in paper.entities:
            key = entity_key(ent.name)
            rec = acc.get(key)
            if rec is None:
                acc[key] = [
                    {ent.name: 1},
                    {ent.type: 1},
                    dict.fromkeys(ent.aliases),
                    1,
                    {ent.role: 1},
                ]
                continue
            names, types, aliases, _, roles = rec
            names[ent.name] = names.get(ent.name, 0) + 1
            types[ent.type] = types.get(ent.type, 0) + 1
            roles[ent.role] = roles.get(ent.role, 0) + 1
            for alias in ent.aliases:
                aliases.setdefault(alias, None)
            rec[3] += 1
    order = {t: i for i, t in enumerate(ENTITY_TYPES)}
    out: dict[str, CorpusEntity] = {}
    for key in sorted(acc):
        names, types, aliases, uses, roles = acc[key]
        name = next(iter(names)) if len(names) == 1 else _most_common(names, lambda n: n)
        etype = (
            next(iter(types))
            if len(types) == 1
            else _most_common(types, lambda t: order.get(t, len(order)))
        )
        out[key] = CorpusEntity(
            key=key,
            name=name,
            type=etype,
            aliases=[a for a in aliases if a != name],
            papers=uses,
            roles=Counter(roles),
        )
    return out


def _most_common(counts: dict[str, int], tie: Callable[[str], Any]) -> str:
    """The most frequent value; ties broken by the smallest ``tie(value)``."""
    return min(counts.items(), key=lambda kv: (-kv[1], tie(kv[0])))[0]
