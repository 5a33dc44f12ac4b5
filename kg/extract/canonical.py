"""Canonical names across the whole corpus, and ``variant_of`` links.

Per paper, extraction already merged an abbreviation with its long form and
plurals with the singular. Across papers this step:

* renames an entity written only as a long form in one paper to the short form
  another paper defined for it (``Group Relative Policy Optimization`` -> GRPO);
* gives every entity with the same key one spelling, the most common one;
* links a proposed entity to the entity it derives from (``variant_of``) when
  the base is named in the same paper and the derived name contains it as a
  part (``S-GRPO``, ``T^2-GRPO``, ``Streaming DiLoCo``), or equals it once a
  superscript or a trailing ``+`` is dropped (``G^2RPO`` -> GRPO, ``MoE++`` ->
  MoE), or the text says "variant / extension of" the base.

Names are compared by :func:`kg.model.entity_key`, which keeps ``+`` and ``#``:
``MoE++`` is a new method, not a spelling of MoE.

>>> from kg.model import Paper, Entity
>>> a = Paper("a", "t", "x", entities=[Entity("GRPO", "Method", "uses", ["Group Relative Policy Optimization"])])
>>> b = Paper("b", "u", "y", entities=[Entity("Group Relative Policy Optimization", "Method", "uses"),
...                                     Entity("S-GRPO", "Method", "proposes")])
>>> canonicalise([a, b])
>>> [e.name for e in b.entities], b.variant_of
(['GRPO', 'S-GRPO'], [['S-GRPO', 'GRPO']])
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from kg.model import ROLE_STRENGTH, Entity, Paper, entity_key

__all__ = ["canonicalise", "find_variants"]

_SUPERSCRIPT = re.compile(r"\^\{?\d+\}?|[²³¹⁰⁴⁵⁶⁷⁸⁹]")
_PARTS = re.compile(r"[-\s_/]+")
_VARIANT_CUES = re.compile(
    r"\b(?:variant|extension|modification|generali[sz]ation|version)s? of\b", re.I
)


def _merge_into(target: Entity, other: Entity) -> None:
    for alias in [other.name, *other.aliases]:
        if alias != target.name and alias not in target.aliases:
            target.aliases.append(alias)
    target.mentions = sorted(target.mentions + other.mentions, key=lambda m: m.start)
    if ROLE_STRENGTH[other.role] > ROLE_STRENGTH[target.role]:
        target.role = other.role
    target.confidence = max(target.confidence, other.confidence)


def _rename(paper: Paper, mapping: dict[str, str]) -> None:
    merged: dict[str, Entity] = {}
    for ent in paper.entities:
        name = mapping.get(entity_key(ent.name), ent.name)
        if name != ent.name:
            ent.aliases = [a for a in [ent.name, *ent.aliases] if a != name]
            ent.name = name
        key = entity_key(name)
        if key in merged:
            _merge_into(merged[key], ent)
        else:
            merged[key] = ent
    paper.entities = list(merged.values())


def find_variants(paper: Paper) -> list[list[str]]:
    """``[name, base]`` pairs for the paper's proposed entities (see the module docstring)."""
    pairs = []
    others = {entity_key(e.name): e for e in paper.entities}
    for ent in paper.entities:
        if ent.role != "proposes":
            continue
        own = entity_key(ent.name)
        parts = {entity_key(p) for p in _PARTS.split(_SUPERSCRIPT.sub("", ent.name)) if p}
        plain = entity_key(_SUPERSCRIPT.sub("", ent.name)).rstrip("+")
        cue_text = " ".join(m.sentence for m in ent.mentions)
        for key, base in others.items():
            if key == own or base.role == "proposes" or len(key) < 2:
                continue
            if key in parts or plain == key:
                pairs.append([ent.name, base.name])
            elif (
                key in own
                and key != own
                and len(key) >= 3
                and own.endswith(key)
                and ent.name[0].isupper()
            ):
                pairs.append([ent.name, base.name])
            elif _VARIANT_CUES.search(cue_text) and re.search(
                _VARIANT_CUES.pattern + r"\s+(?:the\s+)?" + re.escape(base.name), cue_text, re.I
            ):
                pairs.append([ent.name, base.name])
    return pairs


def canonicalise(papers: Sequence[Paper]) -> None:
    """Apply the corpus-wide naming rules and set ``variant_of`` on each paper, in place."""
    long_to_short: dict[str, Counter] = defaultdict(Counter)
    for paper in papers:
        for ent in paper.entities:
            for alias in ent.aliases:
                akey = entity_key(alias)
                if akey != entity_key(ent.name) and len(ent.name) < len(alias):
                    long_to_short[akey][ent.name] += 1
    mapping = {k: c.most_common(1)[0][0] for k, c in long_to_short.items()}
    # a short form must not itself be renamed
    for name in list(mapping.values()):
        mapping.pop(entity_key(name), None)
    for paper in papers:
        _rename(paper, mapping)

    spellings: dict[str, Counter] = defaultdict(Counter)
    for paper in papers:
        for ent in paper.entities:
            spellings[entity_key(ent.name)][ent.name] += 1
    for paper in papers:
        for ent in paper.entities:
            best = spellings[entity_key(ent.name)].most_common(1)[0][0]
            if best != ent.name:
                if ent.name not in ent.aliases:
                    ent.aliases.append(ent.name)
                ent.name = best
                ent.aliases = [a for a in ent.aliases if a != best]
        paper.variant_of = find_variants(paper)
