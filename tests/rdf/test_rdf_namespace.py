"""The ontology file and its Python mirror (kg.rdf.namespace)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, Graph, URIRef

from kg.model import ENTITY_TYPES, ROLES
from kg.rdf.namespace import (
    KG,
    ONTOLOGY_IRI,
    PREFIXES,
    RES,
    ROLE_PROPERTIES,
    SCHEMA,
    TYPE_CLASSES,
    VERSION_IRI,
    ontology_path,
)

ROOT = Path(__file__).parent.parent.parent
ONTOLOGY = ROOT / "ontology" / "kg.ttl"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _declared_terms(g: Graph) -> set[URIRef]:
    ns = str(KG._NS)
    return {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}


def test_namespace_ontology_is_owl_with_version_iri(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == VERSION_IRI
    assert str(VERSION_IRI).endswith(str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)))
    assert str(
        ontology.value(ONTOLOGY_IRI, URIRef("http://purl.org/vocab/vann/preferredNamespaceUri"))
    ) == str(KG._NS)


def test_namespace_terms_match_ontology_both_ways(ontology):
    python_terms = {KG[name] for name in KG.__annotations__}
    assert python_terms == _declared_terms(ontology)


@pytest.mark.parametrize("name", list(KG.__annotations__))
def test_namespace_every_term_has_label_comment_and_kind(ontology, name):
    term = KG[name]
    assert ontology.value(term, RDFS.label) is not None
    assert len(str(ontology.value(term, RDFS.comment))) > 20
    kinds = set(ontology.objects(term, RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    if kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
        assert ontology.value(term, RDFS.domain) is not None, f"{name} has no domain"
        assert ontology.value(term, RDFS.range) is not None, f"{name} has no range"


def test_namespace_unknown_term_is_an_error():
    with pytest.raises(AttributeError):
        _ = KG.usesTypo


@pytest.mark.parametrize("role", ROLES)
def test_namespace_roles_are_subproperties_of_relates_to(ontology, role):
    prop = ROLE_PROPERTIES[role]
    assert (prop, RDFS.subPropertyOf, KG.relatesTo) in ontology
    assert ontology.value(prop, RDFS.domain) == KG.Paper
    assert ontology.value(prop, RDFS.range) == KG.ResearchEntity


@pytest.mark.parametrize("etype", ENTITY_TYPES)
def test_namespace_entity_types_are_research_entity_subclasses(ontology, etype):
    assert (TYPE_CLASSES[etype], RDFS.subClassOf, KG.ResearchEntity) in ontology


def test_namespace_links_and_alignment(ontology):
    assert (KG.sharesTechniqueWith, RDF.type, OWL.SymmetricProperty) in ontology
    assert ontology.value(KG.sharesTechniqueWith, RDFS.domain) == KG.Paper
    assert ontology.value(KG.sharesTechniqueWith, RDFS.range) == KG.Paper
    assert ontology.value(KG.variantOf, RDFS.range) == KG.ResearchEntity
    assert (KG.Paper, RDFS.subClassOf, SCHEMA.ScholarlyArticle) in ontology
    assert (KG.ResearchEntity, RDFS.subClassOf, SKOS.Concept) in ontology
    assert (KG.Mention, RDFS.subClassOf, PROV.Entity) in ontology
    assert (KG.evidence, RDFS.subPropertyOf, PROV.wasDerivedFrom) in ontology


def test_namespace_prefixes_keep_data_apart_from_ontology():
    assert not str(RES).startswith(str(KG._NS))
    assert PREFIXES["kg"] == str(KG._NS)
    assert PREFIXES["dcterms"] == str(DCTERMS)


@pytest.mark.parametrize("name", ["kg.ttl", "shapes.ttl"])
def test_namespace_ontology_path_finds_repo_files(name):
    assert ontology_path(name).resolve() == (ROOT / "ontology" / name).resolve()


def test_namespace_ontology_path_missing_file_is_an_error():
    from kg.errors import ExportError

    with pytest.raises(ExportError, match=r"nothere\.ttl"):
        ontology_path("nothere.ttl")
