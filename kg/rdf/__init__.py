"""The RDF stage: papers -> RDF on the kg-papers ontology, SHACL validation, SPARQL.

docs/rdf.md is the user documentation; in short:

Namespaces: ontology ``kg:`` = ``https://w3id.org/kg-papers/ontology#`` (versionIRI
``https://w3id.org/kg-papers/ontology/0.1.0``); data under
``https://w3id.org/kg-papers/resource/``: ``paper/<id>``, ``entity/<key>``,
``relation/<id>:<key>``, ``mention/<id>:<key>:<start>-<end>``, ``link/<id>:<id>``,
every part percent-encoded (stable, valid for any id or name).

Classes: ``kg:Paper`` (schema:ScholarlyArticle), ``kg:ResearchEntity`` (skos:Concept)
with ``kg:Method``, ``kg:Model``, ``kg:Dataset``, ``kg:Benchmark``, ``kg:Task``,
``kg:Metric``; ``kg:EntityRelation``, ``kg:Mention`` (prov:Entity), ``kg:TechniqueLink``.

Properties: paper -> entity ``kg:proposes``, ``kg:uses``, ``kg:evaluatesOn``,
``kg:comparesTo``, ``kg:mentions`` (sub-properties of ``kg:relatesTo``); entity ->
entity ``kg:variantOf``; paper -> paper ``kg:sharesTechniqueWith`` (symmetric, both
directions stated). Papers: dcterms:title/date/identifier/abstract, schema:url,
schema:author; entities: skos:prefLabel, skos:altLabel.

Qualified relations carry evidence and weights (plain RDF 1.1, no RDF-star)::

    paper:P kg:uses entity:E ; kg:qualifiedRelation relation:P:E .
    relation:P:E kg:entity entity:E ; kg:role kg:uses ; kg:confidence 0.9 ;
        kg:evidence mention:P:E:10-14 .
    mention:P:E:10-14 kg:startOffset 10 ; kg:endOffset 14 ; kg:surfaceForm "LoRA" ;
        kg:sentence "..." ; prov:wasQuotedFrom paper:P .
    link:P:Q kg:linkedPaper paper:P, paper:Q ; kg:weight 2.3 ; kg:sharedEntity entity:E .

Evidence query: ``SELECT ?s WHERE { ?p kg:qualifiedRelation ?r . ?r kg:entity entity:lora ;
kg:evidence ?m . ?m kg:sentence ?s }``; weights: ``SELECT ?o ?w WHERE { ?l kg:linkedPaper
paper:P, ?o ; kg:weight ?w FILTER(?o != paper:P) } ORDER BY DESC(?w)``.

Example queries (``kg sparql --list``; ``kg sparql NAME --param NAME=VALUE``):
``papers-using`` (name), ``shared-techniques`` (a, b), ``top-benchmarks``,
``variants-of`` (name), ``task-papers-using`` (task, technique), ``linked-papers`` (id),
``evidence`` (id); e.g. ``kg sparql papers-using --param name=LoRA --format csv``.

Modules: :mod:`kg.rdf.namespace` (the ontology's terms, prefixes, ontology files),
:mod:`kg.rdf.mapping` (papers -> triples, IRIs), :mod:`kg.rdf.export` (Turtle,
N-Triples, JSON-LD files), :mod:`kg.rdf.validate` (``kg validate``) and
:mod:`kg.rdf.sparql` (``kg sparql``, stores ``oxigraph`` (default) and ``rdflib``).
"""

from __future__ import annotations

__all__: list[str] = []
