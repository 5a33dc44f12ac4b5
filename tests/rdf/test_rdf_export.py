"""kg.rdf.mapping and kg.rdf.export: triples, IRIs, formats, round trips."""

from __future__ import annotations

import pytest
from rdflib import DCTERMS, RDF, SKOS, XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.errors import ExportError
from kg.graph import shared_technique_links
from kg.model import Entity, Mention, Paper
from kg.rdf.export import format_for_path, write_rdf
from kg.rdf.mapping import entity_iri, link_iri, paper_iri, relation_iri, to_graph
from kg.rdf.namespace import KG, RES

PARSE = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
HOSTILE = [
    't-a "quoted" <b> title',
    "spaces and\ttabs\nnewline",
    "naïve/模型?#frag&x=1",
    "..",
    ".",
    "",
    "%41 already%20encoded",
    "back\\slash {braces} |pipe| ^caret` tick",
]


def hostile_papers() -> list[Paper]:
    papers = []
    names = ["C#", "VideoGPT+", "G^2RPO", "Dr.LLM", "!!!", "模型-7B", 'A "B" <C>', "x y"]
    for i, pid in enumerate(HOSTILE):
        title = f'Title {i} with "quotes", <angle> & {pid!r} ünïcødé'
        abstract = f"We use {names[i]} and {names[(i + 1) % len(names)]}."
        p = Paper(id=pid or f"empty-{i}", title=title, abstract=abstract, date="2025-03")
        text = p.text
        for name in (names[i], names[(i + 1) % len(names)]):
            start = text.find(name)
            p.entities.append(
                Entity(
                    name,
                    "Method",
                    "uses",
                    [f"{name} alias"],
                    [Mention(start, start + len(name), name, text)],
                )
            )
        papers.append(p)
    return papers


@pytest.mark.parametrize("suffix", ["ttl", "nt", "jsonld"])
def test_export_round_trip_is_isomorphic(tmp_path, tiny_papers, suffix):
    expected = to_graph(tiny_papers)
    path = tmp_path / f"graph.{suffix}"
    write_rdf(tiny_papers, path)
    parsed = Graph().parse(path, format=PARSE[suffix])
    assert len(parsed) == len(expected) > 300
    assert isomorphic(parsed, expected)


def test_export_turtle_ntriples_jsonld_chain_is_isomorphic(tmp_path, tiny_papers):
    write_rdf(tiny_papers, tmp_path / "a.ttl")
    g1 = Graph().parse(tmp_path / "a.ttl", format="turtle")
    (tmp_path / "b.nt").write_text(g1.serialize(format="nt"), encoding="utf-8")
    g2 = Graph().parse(tmp_path / "b.nt", format="nt")
    (tmp_path / "c.jsonld").write_text(g2.serialize(format="json-ld"), encoding="utf-8")
    g3 = Graph().parse(tmp_path / "c.jsonld", format="json-ld")
    assert isomorphic(g1, g2) and isomorphic(g2, g3) and len(g3) == len(g1)


@pytest.mark.parametrize("suffix", ["ttl", "nt", "jsonld"])
def test_export_hostile_ids_and_names_parse_back(tmp_path, suffix):
    papers = hostile_papers()
    path = tmp_path / f"graph.{suffix}"
    write_rdf(papers, path)
    parsed = Graph().parse(path, format=PARSE[suffix])
    assert isomorphic(parsed, to_graph(papers))
    ids = {str(o) for o in parsed.objects(None, DCTERMS.identifier)}
    assert ids == {p.id for p in papers}
    titles = {str(o) for o in parsed.objects(None, DCTERMS.title)}
    assert titles == {p.title for p in papers}
    for node in parsed.all_nodes():
        if isinstance(node, URIRef):
            assert not any(c in str(node) for c in ' <>"{}|^`\\\t\n'), node


@pytest.mark.parametrize("pid", HOSTILE)
def test_export_paper_iri_is_a_single_clean_segment(pid):
    iri = str(paper_iri(pid))
    segment = iri.removeprefix(f"{RES}paper/")
    assert segment and "/" not in segment and segment not in {".", ".."}
    assert iri.isascii()


def test_export_distinct_ids_get_distinct_iris():
    iris = {paper_iri(pid) for pid in HOSTILE}
    assert len(iris) == len(HOSTILE)
    assert relation_iri("a:b", "c") != relation_iri("a", "b:c")
    assert link_iri("a:b", "c") != link_iri("a", "b:c")


def test_export_iris_are_stable_across_runs(tmp_path, tiny_papers):
    from conftest import make_tiny_papers

    write_rdf(tiny_papers, tmp_path / "one.nt")
    write_rdf(make_tiny_papers(), tmp_path / "two.nt")
    assert (tmp_path / "one.nt").read_bytes() == (tmp_path / "two.nt").read_bytes()
    assert entity_iri("GRPO") == entity_iri("grpo") == URIRef(f"{RES}entity/grpo")


def test_export_entities_are_corpus_nodes_with_skos_names(tiny_papers):
    g = to_graph(tiny_papers)
    grpo = entity_iri("GRPO")
    assert set(g.objects(grpo, RDF.type)) == {KG.ResearchEntity, KG.Method}
    assert g.value(grpo, SKOS.prefLabel) == Literal("GRPO")
    assert Literal("Group Relative Policy Optimization") in set(g.objects(grpo, SKOS.altLabel))
    assert len(set(g.subjects(RDF.type, KG.ResearchEntity))) == 15


def test_export_paper_metadata_uses_dcterms_and_schema(tiny_papers):
    g = to_graph(tiny_papers)
    p = paper_iri("2501.00001")
    assert g.value(p, DCTERMS.title) == Literal("S-GRPO: memory-efficient GRPO")
    assert g.value(p, DCTERMS.date) == Literal("2025-05-28", datatype=XSD.date)
    assert g.value(p, DCTERMS.identifier) == Literal("2501.00001")
    assert g.value(p, URIRef("https://schema.org/url")) == URIRef(
        "https://arxiv.org/abs/2501.00001"
    )
    assert g.value(paper_iri("2503.00004"), DCTERMS.date) is None


def test_export_relation_carries_role_confidence_and_evidence(tiny_papers):
    g = to_graph(tiny_papers)
    p, e = paper_iri("2501.00001"), entity_iri("LoRA")
    assert (p, KG.uses, e) in g
    rel = relation_iri("2501.00001", "lora")
    assert (p, KG.qualifiedRelation, rel) in g
    assert g.value(rel, KG.entity) == e and g.value(rel, KG.role) == KG.uses
    assert g.value(rel, KG.confidence) == Literal("0.9", datatype=XSD.decimal)
    mention = g.value(rel, KG.evidence)
    text = tiny_papers[0].text
    start, end = (
        g.value(mention, KG.startOffset).toPython(),
        g.value(mention, KG.endOffset).toPython(),
    )
    assert text[start:end] == str(g.value(mention, KG.surfaceForm)) == "LoRA"
    assert "LoRA" in str(g.value(mention, KG.sentence))


def test_export_links_carry_weight_and_shared_entities(tiny_papers):
    g = to_graph(tiny_papers)
    links = shared_technique_links(tiny_papers)
    assert links
    for link in links:
        a, b = paper_iri(link.source), paper_iri(link.target)
        assert (a, KG.sharesTechniqueWith, b) in g and (b, KG.sharesTechniqueWith, a) in g
        node = link_iri(link.source, link.target)
        assert set(g.objects(node, KG.linkedPaper)) == {a, b}
        assert float(g.value(node, KG.weight).toPython()) == pytest.approx(link.weight)
        assert set(g.objects(node, KG.sharedEntity)) == {entity_iri(n) for n in link.via}
    assert len(set(g.subjects(RDF.type, KG.TechniqueLink))) == len(links)


def test_export_given_links_are_used_as_is(tiny_papers):
    g = to_graph(tiny_papers, links=[])
    assert not set(g.subjects(RDF.type, KG.TechniqueLink))
    assert not set(g.triples((None, KG.sharesTechniqueWith, None)))


def test_export_variants_and_duplicate_entities(tiny_papers):
    p = tiny_papers[0]
    p.entities.append(
        Entity("grpo", "Method", "proposes", confidence=0.95)
    )  # same key, stronger role
    p.variant_of.append(["S-GRPO", "GRPO"])  # duplicate pair
    p.variant_of.append(["Unknown", "GRPO"])  # not an entity: dropped
    g = to_graph(tiny_papers)
    assert set(g.objects(entity_iri("S-GRPO"), KG.variantOf)) == {entity_iri("GRPO")}
    assert set(g.subjects(KG.variantOf, entity_iri("GRPO"))) == {
        entity_iri("S-GRPO"),
        entity_iri("G^2RPO"),
    }
    rel = relation_iri(p.id, "grpo")
    assert g.value(rel, KG.role) == KG.proposes
    assert g.value(rel, KG.confidence) == Literal("0.95", datatype=XSD.decimal)
    assert (paper_iri(p.id), KG.uses, entity_iri("GRPO")) not in g


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("g.ttl", "turtle"), ("g.nt", "ntriples"), ("g.jsonld", "json-ld"), ("G.TTL", "turtle")],
)
def test_export_format_from_suffix(name, fmt):
    assert format_for_path(name) == fmt


@pytest.mark.parametrize("name", ["graph.rdf", "graph", "graph.txt"])
def test_export_unknown_format_is_an_error(tmp_path, tiny_papers, name):
    with pytest.raises(ExportError, match="cannot tell the RDF format"):
        write_rdf(tiny_papers, tmp_path / name)
    assert not list(tmp_path.iterdir())


def test_export_explicit_format_overrides_suffix(tmp_path, tiny_papers):
    write_rdf(tiny_papers, tmp_path / "graph.data", format="nt")
    assert Graph().parse(tmp_path / "graph.data", format="nt")


def test_export_failure_leaves_previous_file(tmp_path, tiny_papers):
    path = tmp_path / "graph.ttl"
    write_rdf(tiny_papers, path)
    before = path.read_bytes()
    bad = [
        *tiny_papers,
        Paper("x", "t", "a", entities=[Entity("E", "Method", "uses", confidence="high")]),
    ]
    with pytest.raises(TypeError):  # fails mid-stream, after part of the file was written
        write_rdf(bad, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
