"""kg.rdf.validate: real pySHACL runs of exports against ontology/shapes.ttl."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from rdflib import DCTERMS, RDF, SKOS, XSD, Graph, Literal, URIRef
from test_rdf_export import hostile_papers

from kg.errors import ExportError, ValidationError
from kg.rdf.export import write_rdf
from kg.rdf.mapping import entity_iri, link_iri, paper_iri, relation_iri, to_graph
from kg.rdf.namespace import KG
from kg.rdf.validate import check_graph, validate_export, validate_rdf

SUFFIXES = ["ttl", "nt", "jsonld"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_validate_tiny_export_conforms(tmp_path, tiny_papers, suffix):
    path = tmp_path / f"graph.{suffix}"
    write_rdf(tiny_papers, path)
    report = validate_rdf(path)
    assert report.conforms, report.summary()
    assert report.triples > 300


def test_validate_hostile_export_conforms(tmp_path):
    write_rdf(hostile_papers(), tmp_path / "graph.ttl")
    report = validate_rdf(tmp_path / "graph.ttl")
    assert report.conforms, report.summary()


def _first_link(g: Graph) -> URIRef:
    return sorted(g.subjects(RDF.type, KG.TechniqueLink))[0]


def _drop_title(g):
    g.remove((paper_iri("2501.00001"), DCTERMS.title, None))


def _second_title(g):
    g.add((paper_iri("2501.00001"), DCTERMS.title, Literal("Another title")))


def _drop_weight(g):
    g.remove((_first_link(g), KG.weight, None))


def _negative_weight(g):
    link = _first_link(g)
    g.set((link, KG.weight, Literal(Decimal("-1.5"), datatype=XSD.decimal)))


def _one_linked_paper(g):
    link = link_iri("2501.00001", "t-quotes")
    g.remove((link, KG.linkedPaper, paper_iri("t-quotes")))


def _bad_role(g):
    g.set((relation_iri("2501.00001", "lora"), KG.role, KG.variantOf))


def _confidence_above_one(g):
    g.set((relation_iri("2501.00001", "lora"), KG.confidence, Literal("1.5", datatype=XSD.decimal)))


def _entity_two_types(g):
    g.add((entity_iri("GRPO"), RDF.type, KG.Model))


def _entity_without_name(g):
    g.remove((entity_iri("GRPO"), SKOS.prefLabel, None))


def _role_to_a_paper(g):
    g.add((paper_iri("2501.00001"), KG.uses, paper_iri("t-quotes")))


def _bad_date(g):
    g.set((paper_iri("2501.00001"), DCTERMS.date, Literal("next week")))


def _offsets_reversed(g):
    mention = next(g.objects(relation_iri("2501.00001", "lora"), KG.evidence))
    g.set((mention, KG.startOffset, Literal(500)))


def _orphan_relation(g):
    rel = relation_iri("2501.00001", "lora")
    g.remove((None, KG.qualifiedRelation, rel))


BREAKAGES = {
    "paper without title": (_drop_title, "dcterms:title"),
    "paper with two titles": (_second_title, "dcterms:title"),
    "link without weight": (_drop_weight, "kg:weight"),
    "link with negative weight": (_negative_weight, "kg:weight"),
    "link with one paper": (_one_linked_paper, "kg:linkedPaper"),
    "relation with a non-role": (_bad_role, "kg:role"),
    "confidence above 1": (_confidence_above_one, "kg:confidence"),
    "entity with two types": (_entity_two_types, "rdf:type"),
    "entity without name": (_entity_without_name, "skos:prefLabel"),
    "role pointing at a paper": (_role_to_a_paper, "points to a kg:ResearchEntity"),
    "date not a date": (_bad_date, "dcterms:date"),
    "start after end": (_offsets_reversed, "kg:startOffset"),
    "relation of no paper": (_orphan_relation, "belongs to exactly one paper"),
}


@pytest.mark.parametrize("case", list(BREAKAGES))
def test_validate_broken_graph_does_not_conform(tiny_papers, case):
    breakage, expected = BREAKAGES[case]
    g = to_graph(tiny_papers)
    assert check_graph(g).conforms
    breakage(g)
    report = check_graph(g, "broken")
    assert not report.conforms
    summary = report.summary()
    assert "SHACL violation" in summary
    assert expected in summary, summary


def test_validate_export_folder_checks_every_rdf_file(tmp_path, tiny_papers):
    for suffix in SUFFIXES:
        write_rdf(tiny_papers, tmp_path / f"graph.{suffix}")
    reports = validate_export(tmp_path)
    assert sorted(r.source.rsplit(".", 1)[1] for r in reports) == sorted(SUFFIXES)


def test_validate_export_raises_with_summary(tmp_path, tiny_papers):
    g = to_graph(tiny_papers)
    _drop_title(g)
    (tmp_path / "graph.ttl").write_text(g.serialize(format="turtle"), encoding="utf-8")
    with pytest.raises(ValidationError, match="title"):
        validate_export(tmp_path)


@pytest.mark.parametrize(
    ("content", "name", "match"),
    [
        ("@prefix broken", "graph.ttl", "not valid turtle"),
        ("<a> <b> .", "graph.nt", "not valid ntriples"),
        ("{not json", "graph.jsonld", "not valid json-ld"),
    ],
)
def test_validate_unparsable_file_is_an_export_error(tmp_path, content, name, match):
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(ExportError, match=match):
        validate_export(tmp_path / name)


def test_validate_missing_export_is_an_export_error(tmp_path):
    with pytest.raises(ExportError, match="kg build"):
        validate_export(tmp_path / "nothere")
    with pytest.raises(ExportError, match=r"no graph\.ttl"):
        validate_export(tmp_path)


def _kg(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_validate_cli_exit_codes(tmp_path, tiny_papers):
    good = tmp_path / "good"
    write_rdf(tiny_papers, good / "graph.ttl")
    ok = _kg("validate", str(good), cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "conforms" in ok.stdout

    g = to_graph(tiny_papers)
    _drop_weight(g)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "graph.ttl").write_text(g.serialize(format="turtle"), encoding="utf-8")
    failed = _kg("validate", str(bad), cwd=tmp_path)
    assert failed.returncode == 1
    assert "kg:weight" in failed.stderr and "Traceback" not in failed.stderr

    missing = _kg("validate", cwd=tmp_path)  # default exports/ does not exist here
    assert missing.returncode == 2
    assert "kg build" in missing.stderr
