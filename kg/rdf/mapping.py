"""Papers and links -> RDF triples on the ontology of ``ontology/kg.ttl``.

IRIs are built from identities only (paper id, :func:`kg.model.entity_key`), each
part percent-encoded (so ``:`` joins parts unambiguously and Turtle can abbreviate
them as ``relation:2501.00001:grpo``); they are stable across runs and valid for
any id or name:

>>> str(paper_iri('t-a "b" <c>'))
'https://w3id.org/kg-papers/resource/paper/t-a%20%22b%22%20%3Cc%3E'
>>> str(entity_iri("C#"))
'https://w3id.org/kg-papers/resource/entity/c%23'

A paper-to-entity fact is stated directly *and* qualified by a relation node
carrying confidence and evidence; a shares-technique link likewise (both
directions directly, one :data:`KG.TechniqueLink <kg.rdf.namespace.KG>` node):

>>> from kg.model import Paper, Entity, Mention
>>> p = Paper("2501.1", "GRPO", "x", entities=[Entity("GRPO", "Method", "uses",
...     mentions=[Mention(0, 4, "GRPO", "GRPO")], confidence=0.9)])
>>> g = to_graph([p])
>>> (paper_iri("2501.1"), KG.uses, entity_iri("GRPO")) in g
True
>>> rel = relation_iri("2501.1", "grpo")
>>> g.value(rel, KG.confidence).toPython()
Decimal('0.9')
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from urllib.parse import quote

from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph import Link, corpus_entities, shared_technique_links
from kg.model import ROLE_STRENGTH, Entity, Mention, Paper, entity_key
from kg.rdf.namespace import KG, RES, ROLE_PROPERTIES, SCHEMA, TYPE_CLASSES, bind_prefixes

__all__ = [
    "entity_iri",
    "iter_triples",
    "link_iri",
    "mention_iri",
    "paper_iri",
    "relation_iri",
    "to_graph",
]

log = logging.getLogger(__name__)

Triple = tuple[Node, Node, Node]

_DATE_FORMS = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), XSD.date),
    (re.compile(r"\d{4}-\d{2}"), XSD.gYearMonth),
    (re.compile(r"\d{4}"), XSD.gYear),
)
# Characters that may not appear in an IRI (RFC 3987) are percent-encoded in URLs.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def _segment(value: str) -> str:
    """One percent-encoded path segment; never empty, never a dot segment."""
    seg = quote(value, safe="")
    if seg in {"", ".", ".."}:
        return "_" + seg.replace(".", "%2E")
    return seg


def paper_iri(paper_id: str) -> URIRef:
    """``<RES>paper/<id>`` for a paper id."""
    return URIRef(f"{RES}paper/{_segment(paper_id)}")


def entity_iri(name_or_key: str) -> URIRef:
    """``<RES>entity/<key>`` for an entity name (or its key: the key of a key is itself)."""
    return URIRef(f"{RES}entity/{_segment(entity_key(name_or_key))}")


def relation_iri(paper_id: str, key: str) -> URIRef:
    """The qualified-relation node of a paper's entity: ``<RES>relation/<id>:<key>``."""
    return URIRef(f"{RES}relation/{_segment(paper_id)}:{_segment(key)}")


def mention_iri(paper_id: str, key: str, mention: Mention) -> URIRef:
    """A mention node, named by its offsets: ``<RES>mention/<id>:<key>:<start>-<end>``."""
    return URIRef(
        f"{RES}mention/{_segment(paper_id)}:{_segment(key)}:{int(mention.start)}-{int(mention.end)}"
    )


def link_iri(source: str, target: str) -> URIRef:
    """The node of the technique link between two papers: ``<RES>link/<source>:<target>``."""
    return URIRef(f"{RES}link/{_segment(source)}:{_segment(target)}")


def _decimal(value: float) -> Literal:
    """An ``xsd:decimal`` with at most 4 decimals, in canonical lexical form (``0.9``, ``1.0``)."""
    text = f"{float(value):.4f}".rstrip("0")
    return Literal(text + "0" if text.endswith(".") else text, datatype=XSD.decimal)


def _date(value: str) -> Literal | None:
    value = value.strip()
    for pattern, datatype in _DATE_FORMS:
        if pattern.fullmatch(value):
            return Literal(value, datatype=datatype)
    m = _DATE_FORMS[0][0].match(value)  # "2025-05-28T10:00:00Z" -> its date
    if m:
        return Literal(m.group(0), datatype=XSD.date)
    return None


def _url(value: str) -> URIRef:
    return URIRef(quote(value.strip(), safe=_URL_SAFE))


def _merged_entities(paper: Paper) -> list[Entity]:
    """The paper's entities, one per key: strongest role, highest confidence, all mentions."""
    by_key: dict[str, Entity] = {}
    for ent in paper.entities:
        seen = by_key.get(ent.key)
        if seen is None:
            by_key[ent.key] = Entity(
                ent.name, ent.type, ent.role, list(ent.aliases), list(ent.mentions), ent.confidence
            )
            continue
        if ROLE_STRENGTH.get(ent.role, 0) > ROLE_STRENGTH.get(seen.role, 0):
            seen.role = ent.role
        seen.confidence = max(seen.confidence, ent.confidence)
        seen.mentions.extend(ent.mentions)
    return list(by_key.values())


def _paper_triples(paper: Paper) -> Iterator[Triple]:
    node = paper_iri(paper.id)
    yield node, RDF.type, KG.Paper
    yield node, DCTERMS.identifier, Literal(paper.id)
    yield node, DCTERMS.title, Literal(paper.title)
    if paper.abstract:
        yield node, DCTERMS.abstract, Literal(paper.abstract)
    if paper.date:
        date = _date(paper.date)
        if date is None:
            log.warning(
                "paper %s: date %r is no ISO date; left out of the RDF", paper.id, paper.date
            )
        else:
            yield node, DCTERMS.date, date
    if paper.url:
        yield node, SCHEMA.url, _url(paper.url)
    for author in paper.authors:
        yield node, SCHEMA.author, Literal(author)
    qualified: list[Triple] = []
    for ent in _merged_entities(paper):
        role = ROLE_PROPERTIES.get(ent.role)
        if role is None:
            log.warning(
                "paper %s: unknown role %r of %s; taken as mentions", paper.id, ent.role, ent.name
            )
            role = KG.mentions
        target = entity_iri(ent.key)
        rel = relation_iri(paper.id, ent.key)
        yield node, role, target
        yield node, KG.qualifiedRelation, rel
        qualified.append((rel, RDF.type, KG.EntityRelation))
        qualified.append((rel, KG.entity, target))
        qualified.append((rel, KG.role, role))
        qualified.append((rel, KG.confidence, _decimal(min(max(ent.confidence, 0.0), 1.0))))
        seen: set[tuple[int, int]] = set()
        for mention in ent.mentions:
            if (mention.start, mention.end) in seen:
                continue
            seen.add((mention.start, mention.end))
            m = mention_iri(paper.id, ent.key, mention)
            qualified.append((rel, KG.evidence, m))
            qualified.append((m, RDF.type, KG.Mention))
            qualified.append((m, KG.surfaceForm, Literal(mention.text)))
            qualified.append((m, KG.startOffset, Literal(int(mention.start))))
            qualified.append((m, KG.endOffset, Literal(int(mention.end))))
            qualified.append((m, KG.sentence, Literal(mention.sentence)))
            qualified.append((m, PROV.wasQuotedFrom, node))
    yield from qualified


def iter_triples(papers: Sequence[Paper], links: Sequence[Link] | None = None) -> Iterator[Triple]:
    """Every triple of the export, once each: entities, then papers, then links; deterministic.

    ``links`` default to :func:`kg.graph.shared_technique_links` of ``papers``.
    """
    if links is None:
        links = shared_technique_links(papers)
    entities = corpus_entities(papers)
    variants: set[tuple[str, str]] = set()
    for key, ent in entities.items():
        node = entity_iri(key)
        yield node, RDF.type, KG.ResearchEntity
        yield node, RDF.type, TYPE_CLASSES.get(ent.type, KG.ResearchEntity)
        yield node, SKOS.prefLabel, Literal(ent.name)
        yield node, RDFS.label, Literal(ent.name)
        for alias in ent.aliases:
            yield node, SKOS.altLabel, Literal(alias)
    for paper in papers:
        yield from _paper_triples(paper)
        for name, base in paper.variant_of:
            a, b = entity_key(name), entity_key(base)
            if a in entities and b in entities and a != b and (a, b) not in variants:
                variants.add((a, b))
                yield entity_iri(a), KG.variantOf, entity_iri(b)
    for link in links:
        a, b = paper_iri(link.source), paper_iri(link.target)
        node = link_iri(link.source, link.target)
        yield a, KG.sharesTechniqueWith, b
        yield b, KG.sharesTechniqueWith, a
        yield node, RDF.type, KG.TechniqueLink
        yield node, KG.linkedPaper, a
        yield node, KG.linkedPaper, b
        yield node, KG.weight, _decimal(link.weight)
        for name in link.via:
            yield node, KG.sharedEntity, entity_iri(name)


def to_graph(papers: Sequence[Paper], links: Sequence[Link] | None = None) -> Graph:
    """The RDF graph of ``papers`` and their shares-technique ``links``, prefixes bound."""
    graph = bind_prefixes(Graph())
    for triple in iter_triples(papers, links):
        graph.add(triple)
    return graph
