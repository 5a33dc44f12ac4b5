"""The Neo4j graph model, and the rows both loaders (driver and neo4j-admin CSV) write.

==================  ==================================================================
Node / relationship Properties
==================  ==================================================================
``(:Paper)``        ``id`` (unique), ``title``, ``abstract``, ``date``, ``authors``,
                    ``author_count``, ``organization``, ``upvotes``, ``categories``,
                    ``url``, ``code_urls``
``(:Entity:<Type>)`` ``key`` (unique, :func:`kg.model.entity_key` of the name), ``name``,
                    ``type``, ``aliases``, ``papers`` (how many papers have it);
                    ``<Type>`` is one of Method Model Dataset Benchmark Task Metric
``PROPOSES`` ``USES`` ``EVALUATES_ON`` ``COMPARES_TO`` ``MENTIONS``
                    ``(:Paper)-[]->(:Entity)``: ``confidence``, ``evidence`` (the sentence
                    of the first mention), ``mentions`` (how many)
``VARIANT_OF``      ``(:Entity)-[]->(:Entity)``: the variant points at its base
``SHARES_TECHNIQUE`` ``(:Paper)-[]->(:Paper)``, undirected in meaning (stored once, from
                    the smaller id): ``weight`` (sum of the shared entities' rarity),
                    ``via`` (the shared entity names)
==================  ==================================================================

Properties that are unknown (None, empty string, empty list) are left out, as
Neo4j does not store nulls; both loaders therefore write the same graph.

>>> from kg.model import Paper, Entity
>>> rows = graph_rows([Paper("a", "T", "x", entities=[Entity("GRPO", "Method", "uses")])], [])
>>> rows.entities["Method"][0], rows.roles["USES"][0]["confidence"]
({'key': 'grpo', 'name': 'GRPO', 'type': 'Method', 'papers': 1}, 1.0)
>>> rows.counts()["USES"], rows.counts()["Paper"]
(1, 1)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.gcpause import gc_paused
from kg.graph.entities import CorpusEntity, corpus_entities
from kg.graph.links import Link
from kg.model import ENTITY_TYPES, ROLE_STRENGTH, ROLES, Paper, entity_key

__all__ = [
    "ENTITY_LABELS",
    "LINK_TYPE",
    "PAPER_PROPS",
    "REL_TYPES",
    "ROLE_TYPES",
    "VARIANT_TYPE",
    "GraphRows",
    "entity_rows",
    "graph_rows",
    "link_rows",
    "paper_rows",
    "relationship_rows",
    "role_type",
]

#: Labels an entity node can have besides :Entity.
ENTITY_LABELS: tuple[str, ...] = ENTITY_TYPES
#: Relationship type of each paper-to-entity role.
ROLE_TYPES: dict[str, str] = {role: role.upper() for role in ROLES}
VARIANT_TYPE = "VARIANT_OF"
LINK_TYPE = "SHARES_TECHNIQUE"
REL_TYPES: tuple[str, ...] = (*ROLE_TYPES.values(), VARIANT_TYPE, LINK_TYPE)
#: Paper fields stored as properties, and whether each is a list.
PAPER_PROPS: dict[str, type] = {
    "title": str,
    "abstract": str,
    "date": str,
    "authors": list,
    "author_count": int,
    "organization": str,
    "upvotes": int,
    "categories": list,
    "url": str,
    "code_urls": list,
}


def role_type(role: str) -> str:
    """The relationship type of a role; an unknown role is a plain mention.

    >>> role_type("evaluates_on"), role_type("something")
    ('EVALUATES_ON', 'MENTIONS')
    """
    return ROLE_TYPES.get(role, "MENTIONS")


def _known(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None and v != "" and v != []}


@dataclass
class GraphRows:
    """Parameter rows per label and relationship type, in a deterministic order.

    Each row is a flat dict: the node key (``id``/``key``) or relationship ends
    (``paper``/``entity``, ``variant``/``base``, ``source``/``target``) and the
    known properties; a property a row lacks is not stored.
    """

    papers: list[dict[str, Any]] = field(default_factory=list)
    entities: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    roles: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    variants: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> Counter:
        """Expected nodes per label and relationships per type once loaded."""
        out: Counter = Counter(Paper=len(self.papers))
        out["Entity"] = sum(len(rows) for rows in self.entities.values())
        for label, rows in self.entities.items():
            if label != "Entity":
                out[label] = len(rows)
        for rtype, rows in self.roles.items():
            out[rtype] = len(rows)
        out[VARIANT_TYPE] = len(self.variants)
        out[LINK_TYPE] = len(self.links)
        return out

    @property
    def nodes(self) -> int:
        return len(self.papers) + sum(len(rows) for rows in self.entities.values())

    @property
    def relationships(self) -> int:
        return sum(len(r) for r in self.roles.values()) + len(self.variants) + len(self.links)


def paper_rows(papers: Sequence[Paper]) -> list[dict[str, Any]]:
    """The :Paper rows, one per paper id (the first paper of an id wins)."""
    rows: dict[str, dict[str, Any]] = {}
    with gc_paused():
        for paper in papers:
            if paper.id not in rows:
                props = _known({name: getattr(paper, name) for name in PAPER_PROPS})
                rows[paper.id] = {"id": paper.id, **props}
    return list(rows.values())


def graph_rows(
    papers: Sequence[Paper],
    links: Sequence[Link],
    *,
    papers_rows: list[dict[str, Any]] | None = None,
) -> GraphRows:
    """The rows of the whole graph: one per node and per relationship.

    A paper that lists an entity twice keeps its strongest role; variants whose
    two ends are not both entities of the corpus, or are the same, are dropped.
    ``papers_rows``: the :func:`paper_rows` of ``papers`` when already made.
    The parts are :func:`entity_rows`, :func:`relationship_rows` and
    :func:`link_rows`, for a loader that writes some while it makes the others.
    """
    entities = corpus_entities(papers)
    roles, variants = relationship_rows(papers, entities)
    return GraphRows(
        papers=paper_rows(papers) if papers_rows is None else papers_rows,
        entities=entity_rows(entities),
        roles=roles,
        variants=variants,
        links=link_rows(links),
    )


def entity_rows(entities: dict[str, CorpusEntity]) -> dict[str, list[dict[str, Any]]]:
    """The entity rows per label (every label of :data:`ENTITY_LABELS`, maybe empty)."""
    rows: dict[str, list[dict[str, Any]]] = {label: [] for label in ENTITY_LABELS}
    with gc_paused():
        for key, ent in entities.items():
            label = ent.type if ent.type in ENTITY_LABELS else "Entity"
            props = _known({"name": ent.name, "type": ent.type, "aliases": ent.aliases})
            rows.setdefault(label, []).append({"key": key, **props, "papers": ent.papers})
    return rows


def relationship_rows(
    papers: Sequence[Paper], entities: dict[str, CorpusEntity]
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """The paper-to-entity rows per relationship type, and the VARIANT_OF rows."""
    roles: dict[str, list[dict[str, Any]]] = {rtype: [] for rtype in ROLE_TYPES.values()}
    seen_papers: set[str] = set()
    variants: set[tuple[str, str]] = set()
    with gc_paused():
        for paper in papers:
            if paper.id in seen_papers:
                continue
            seen_papers.add(paper.id)
            best: dict[str, Any] = {}
            for ent in paper.entities:
                key = ent.key
                old = best.get(key)
                if old is None or ROLE_STRENGTH.get(ent.role, 0) > ROLE_STRENGTH.get(old.role, 0):
                    best[key] = ent
            for key, ent in best.items():
                row = {
                    "paper": paper.id,
                    "entity": key,
                    "confidence": float(ent.confidence),
                    "mentions": len(ent.mentions),
                }
                if ent.mentions and ent.mentions[0].sentence:
                    row["evidence"] = ent.mentions[0].sentence
                roles[role_type(ent.role)].append(row)
            for name, base in paper.variant_of:
                a, b = entity_key(name), entity_key(base)
                if a != b and a in entities and b in entities:
                    variants.add((a, b))
    return roles, [{"variant": a, "base": b} for a, b in sorted(variants)]


def link_rows(links: Sequence[Link]) -> list[dict[str, Any]]:
    """The SHARES_TECHNIQUE rows."""
    with gc_paused():
        return [
            {
                "source": lk.source,
                "target": lk.target,
                "weight": float(lk.weight),
                "via": list(lk.via),
            }
            for lk in links
        ]
