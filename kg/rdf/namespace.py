"""The ontology's namespace as Python terms, the data namespace, and the ontology files.

Every ontology IRI the code uses comes from :class:`KG`, whose terms mirror
``ontology/kg.ttl`` one for one (a test checks both ways); an unknown term is an
error rather than a silently new IRI.

>>> str(KG.uses)
'https://w3id.org/kg-papers/ontology#uses'
>>> KG.usez  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
AttributeError: term 'usez' not in namespace 'https://w3id.org/kg-papers/ontology#'
>>> ontology_path("kg.ttl").name
'kg.ttl'
"""

from __future__ import annotations

from pathlib import Path

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Graph, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.errors import ExportError

__all__ = [
    "KG",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "RES",
    "ROLE_PROPERTIES",
    "SCHEMA",
    "TYPE_CLASSES",
    "VERSION_IRI",
    "bind_prefixes",
    "ontology_path",
]


class KG(DefinedNamespace):
    """Terms of ``ontology/kg.ttl`` (prefix ``kg``)."""

    _NS = Namespace("https://w3id.org/kg-papers/ontology#")
    _fail = True

    # classes
    Paper: URIRef
    ResearchEntity: URIRef
    Method: URIRef
    Model: URIRef
    Dataset: URIRef
    Benchmark: URIRef
    Task: URIRef
    Metric: URIRef
    EntityRelation: URIRef
    Mention: URIRef
    TechniqueLink: URIRef
    # paper -> entity roles
    relatesTo: URIRef
    proposes: URIRef
    uses: URIRef
    evaluatesOn: URIRef
    comparesTo: URIRef
    mentions: URIRef
    # entity -> entity, paper -> paper
    variantOf: URIRef
    sharesTechniqueWith: URIRef
    # qualified relations
    qualifiedRelation: URIRef
    entity: URIRef
    role: URIRef
    confidence: URIRef
    evidence: URIRef
    surfaceForm: URIRef
    startOffset: URIRef
    endOffset: URIRef
    sentence: URIRef
    linkedPaper: URIRef
    weight: URIRef
    sharedEntity: URIRef


#: The ontology's IRI and the IRI of this version of it (``owl:versionIRI``).
ONTOLOGY_IRI = URIRef("https://w3id.org/kg-papers/ontology")
VERSION_IRI = URIRef("https://w3id.org/kg-papers/ontology/0.1.0")
#: Namespace of the data: papers, entities, relation and link nodes.
RES = Namespace("https://w3id.org/kg-papers/resource/")
SCHEMA = Namespace("https://schema.org/")

#: ``kg.model.ROLES`` value -> role property.
ROLE_PROPERTIES: dict[str, URIRef] = {
    "proposes": KG.proposes,
    "evaluates_on": KG.evaluatesOn,
    "compares_to": KG.comparesTo,
    "uses": KG.uses,
    "mentions": KG.mentions,
}
#: ``kg.model.ENTITY_TYPES`` value -> class.
TYPE_CLASSES: dict[str, URIRef] = {
    "Method": KG.Method,
    "Model": KG.Model,
    "Dataset": KG.Dataset,
    "Benchmark": KG.Benchmark,
    "Task": KG.Task,
    "Metric": KG.Metric,
}

#: Prefixes bound in every export and known to ``kg sparql`` queries.
PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "paper": f"{RES}paper/",
    "entity": f"{RES}entity/",
    "relation": f"{RES}relation/",
    "mention": f"{RES}mention/",
    "link": f"{RES}link/",
    "res": str(RES),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind :data:`PREFIXES` on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, Namespace(ns), override=True, replace=True)
    return graph


def ontology_path(name: str) -> Path:
    """Path of ``ontology/<name>``: ``kg/_ontology/<name>`` in a wheel, else the repo's ``ontology/``."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_ontology" / name, package.parent / "ontology" / name):
        if candidate.is_file():
            return candidate
    raise ExportError(f"ontology file {name!r} not found beside the package; reinstall kg-papers")
