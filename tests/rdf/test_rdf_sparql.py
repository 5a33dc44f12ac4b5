"""kg.rdf.sparql and `kg sparql`: every example query, checked against the papers."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import rdf_expected as expected

from kg.errors import ExportError, QueryError
from kg.rdf.export import write_rdf
from kg.rdf.sparql import (
    STORES,
    bind_params,
    bundled_queries,
    open_store,
    parse_params,
    prepare_query,
    resolve_query,
    result_to_csv,
    result_to_json,
    run_sparql,
    set_params,
)

QUERIES = Path(__file__).parent.parent.parent / "kg" / "rdf" / "queries"


@pytest.fixture(scope="module")
def tiny_export(tmp_path_factory) -> Path:
    from conftest import make_tiny_papers

    path = tmp_path_factory.mktemp("rdf-sparql") / "graph.ttl"
    write_rdf(make_tiny_papers(), path)
    return path


@pytest.fixture(scope="module", params=STORES)
def store(request, tiny_export):
    return open_store(tiny_export, request.param)


def _run(store, query_name, params=None):
    return store.query(*prepare_query(bundled_queries()[query_name].text, params, store.name))


def _values(result):
    return [tuple(None if t is None else t.toPython() for t in row) for row in result.rows]


def _num(value) -> float:
    return round(float(value), 4)


#: Every bundled query with the parameter sets it is checked with (defaults first).
CASES = {
    "papers-using": [
        {},
        {"name": "LoRA"},
        {"name": "lora"},  # names match as written: case matters
        {"name": "Group Relative Policy Optimization"},  # an alias
        {"name": "nothing"},
    ],
    "shared-techniques": [
        {},
        {"a": "2501.00001", "b": "t-quotes"},
        {"a": "2501.00001", "b": "2503.00004"},
    ],
    "top-benchmarks": [{}],
    "variants-of": [{}, {"name": "Group Relative Policy Optimization"}, {"name": "PPO"}],
    "task-papers-using": [
        {},
        {"task": "mathematical reasoning", "technique": "GRPO"},
        {"task": "Mathematical Reasoning"},
        {"task": "x"},
    ],
    "linked-papers": [{}, {"id": "t-quotes"}, {"id": "2503.00004"}],
    "evidence": [{}, {"id": "2502.00003"}],
}
#: The parameters of each query (the defaults name things of the sample corpus; the ids
#: given here are the tiny papers' ones, the names are the queries' defaults).
TINY = {
    "papers-using": {"name": "GRPO"},
    "shared-techniques": {"a": "2501.00001", "b": "2502.00003"},
    "variants-of": {"name": "GRPO"},
    "task-papers-using": {"task": "mathematical reasoning", "technique": "LoRA"},
    "linked-papers": {"id": "2501.00001"},
    "evidence": {"id": "2501.00001"},
}
#: Parameters whose default is the same on the tiny papers (so they are left unset in tests).
NAME_PARAMS = {"name", "task", "technique"}


def test_sparql_every_bundled_query_is_checked():
    assert set(bundled_queries()) == set(CASES)
    assert {p.stem for p in QUERIES.glob("*.rq")} == set(CASES)


@pytest.mark.parametrize("name", list(CASES))
def test_sparql_bundled_queries_are_documented(name):
    q = bundled_queries()[name]
    assert len(q.description) > 20
    assert q.example.startswith(f"kg sparql {name}")
    assert set(q.params) == set(TINY.get(name, {}))


@pytest.mark.parametrize(
    ("name", "params"), [(n, p) for n, cases in CASES.items() for p in cases], ids=str
)
def test_sparql_example_answers_match_papers(store, tiny_papers, name, params):
    ids = {k: v for k, v in TINY.get(name, {}).items() if k not in NAME_PARAMS}
    args = {**TINY.get(name, {}), **params}
    rows = expected.check_example(name, args, _run(store, name, {**ids, **params}), tiny_papers)
    if params == {}:
        assert rows, f"{name} answers nothing on tiny_papers"


@pytest.mark.parametrize("name", list(CASES))
def test_sparql_stores_agree(tiny_export, name):
    results = [_run(open_store(tiny_export, s), name, TINY.get(name)) for s in STORES]
    assert results[0].vars == results[1].vars
    assert _norm(results[0]) == _norm(results[1])
    assert results[0].rows


@pytest.mark.parametrize(
    ("default", "value", "expected_term"),
    [
        ('"GRPO"', 'Lo"RA\\ }', '"Lo\\"RA\\\\ }"'),
        ('"GRPO"', "line\nbreak", '"line\\nbreak"'),
        ("20", "5", "5"),
        ("<https://example.org/a>", "https://example.org/b", "<https://example.org/b>"),
    ],
)
def test_sparql_params_are_escaped_terms(default, value, expected_term):
    text = f"SELECT * {{ VALUES ?x {{ {default} }} ?s ?p ?x }}"
    assert (
        set_params(text, {"x": value}) == f"SELECT * {{ VALUES ?x {{ {expected_term} }} ?s ?p ?x }}"
    )


def test_sparql_param_injection_stays_a_literal(store):
    hostile = 'GRPO" } ?s ?p ?o . FILTER(true) { "'
    result = _run(store, "papers-using", {"name": hostile})
    assert result.rows == []


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"nope": "x"}, re.escape("no `VALUES ?nope { ... }`; it can set name")),
        ({"bad name": "x"}, "variable name"),
    ],
)
def test_sparql_bad_params_are_query_errors(params, match):
    with pytest.raises(QueryError, match=match):
        set_params(bundled_queries()["papers-using"].text, params)


@pytest.mark.parametrize(
    ("default", "value", "match"),
    [
        ("20", "many", "not a number"),
        ("20", "NaN", "finite"),
        ("<http://a/b>", "not an iri", "absolute IRI"),
    ],
)
def test_sparql_param_of_wrong_kind_is_a_query_error(default, value, match):
    with pytest.raises(QueryError, match=match):
        set_params(f"SELECT * {{ VALUES ?x {{ {default} }} }}", {"x": value})


def test_sparql_parse_params():
    assert parse_params(["a=1", "?b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_params(["novalue"])


def test_sparql_resolve_query_forms(tmp_path):
    rq = tmp_path / "mine.rq"
    rq.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert resolve_query(str(rq)) == ("ASK { ?s ?p ?o }", str(rq))
    assert resolve_query("papers-using")[1] == "example papers-using"
    assert resolve_query("SELECT * WHERE { ?s ?p ?o }")[1] == "inline query"
    with pytest.raises(QueryError, match="no example query named"):
        resolve_query("papers-usin")
    with pytest.raises(QueryError, match="not found"):
        resolve_query(str(tmp_path / "missing.rq"))


@pytest.mark.parametrize("store_name", STORES)
@pytest.mark.parametrize("query", ["SELEC ?x", "SELECT ?x WHERE { ?x undeclared:p ?y }"])
def test_sparql_bad_query_is_a_query_error(tiny_export, store_name, query):
    with pytest.raises(QueryError, match=f"SPARQL error \\({store_name}\\)"):
        run_sparql(query, tiny_export, store=store_name)


@pytest.mark.parametrize("store_name", STORES)
def test_sparql_ask_construct_and_prefixes(tiny_export, store_name):
    ask = run_sparql("ASK { ?p kg:uses entity:grpo }", tiny_export, store=store_name)
    assert ask.kind == "ask" and ask.boolean is True
    assert json.loads(result_to_json(ask)) == {"head": {}, "boolean": True}
    graph = run_sparql(
        "CONSTRUCT { ?p dcterms:title ?t } WHERE { ?p a kg:Paper ; dcterms:title ?t }",
        tiny_export,
        store=store_name,
    )
    assert graph.kind == "graph" and len(graph.graph) == 4


@pytest.mark.parametrize("suffix", ["nt", "jsonld"])
@pytest.mark.parametrize("store_name", STORES)
def test_sparql_reads_every_export_format(tmp_path, tiny_papers, suffix, store_name):
    path = tmp_path / f"graph.{suffix}"
    write_rdf(tiny_papers, path)
    result = run_sparql("papers-using", path, store=store_name)
    assert [r[0] for r in _values(result)] == ["2501.00001", "2502.00003", "t-quotes"]


def test_sparql_missing_data_is_an_export_error(tmp_path):
    with pytest.raises(ExportError, match="kg build"):
        run_sparql("papers-using", tmp_path / "graph.ttl")
    with pytest.raises(QueryError, match="--store"):
        open_store(tmp_path, "virtuoso")


def test_sparql_csv_and_json_results(store):
    result = _run(store, "papers-using")
    rows = list(csv.reader(io.StringIO(result_to_csv(result))))
    assert rows[0] == ["id", "title", "confidence"]
    assert rows[3][1] == 'A "quoted" <script>alert(1)</script> title & <img src=x onerror=alert(2)>'
    data = json.loads(result_to_json(result))
    assert data["head"]["vars"] == ["id", "title", "confidence"]
    first = data["results"]["bindings"][0]
    assert first["id"] == {"type": "literal", "value": "2501.00001"}
    assert first["confidence"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"


def _kg(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_sparql_cli_formats(tiny_export, tmp_path):
    data = ["--data", str(tiny_export)]
    table = _kg("sparql", "papers-using", "--param", "name=LoRA", *data, cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert "2501.00001" in table.stdout and "t-quotes" in table.stdout
    assert "2502.00003" not in table.stdout
    as_csv = _kg(
        "sparql", "top-benchmarks", "--format", "csv", "--store", "rdflib", *data, cwd=tmp_path
    )
    assert as_csv.returncode == 0, as_csv.stderr
    assert as_csv.stdout.splitlines()[0] == "benchmark,papers"
    assert len(as_csv.stdout.splitlines()) == 4
    as_json = _kg("sparql", "linked-papers", "-f", "json", "-p", "id=t-quotes", *data, cwd=tmp_path)
    assert as_json.returncode == 0, as_json.stderr
    bindings = json.loads(as_json.stdout)["results"]["bindings"]
    assert [b["other"]["value"] for b in bindings] == ["2501.00001", "2502.00003"]


def test_sparql_cli_file_inline_list_and_errors(tiny_export, tmp_path):
    data = ["--data", str(tiny_export)]
    rq = tmp_path / "titles.rq"
    rq.write_text(
        "SELECT ?t WHERE { ?p a kg:Paper ; dcterms:title ?t } ORDER BY ?t", encoding="utf-8"
    )
    from_file = _kg("sparql", str(rq), "-f", "csv", *data, cwd=tmp_path)
    assert from_file.returncode == 0 and len(from_file.stdout.splitlines()) == 5
    inline = _kg("sparql", "ASK { ?p kg:proposes entity:simbench }", *data, cwd=tmp_path)
    assert inline.returncode == 0 and inline.stdout.strip() == "true"
    listed = _kg("sparql", "--list", cwd=tmp_path)
    assert listed.returncode == 0 and all(name in listed.stdout for name in CASES)
    bad = _kg("sparql", "SELECT WHERE {", *data, cwd=tmp_path)
    assert bad.returncode == 2 and "SPARQL error" in bad.stderr and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    bad_param = _kg("sparql", "papers-using", "-p", "name", *data, cwd=tmp_path)
    assert bad_param.returncode == 2 and "NAME=VALUE" in bad_param.stderr
    no_data = _kg("sparql", "papers-using", cwd=tmp_path)
    assert no_data.returncode == 2 and "kg build" in no_data.stderr


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <http://example.org/graph.ttl> WHERE { ?s ?p ?o }",
        "select * from named <http://example.org/g> where { ?s ?p ?o }",
    ],
)
@pytest.mark.parametrize("store_name", STORES)
def test_sparql_network_access_is_refused(tiny_export, query, store_name):
    with pytest.raises(QueryError, match="local export only"):
        run_sparql(query, tiny_export, store=store_name)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?from WHERE { ?from dcterms:title "SERVICE FROM" } # FROM here',
        "SELECT ?service WHERE { ?service a kg:Paper }",
    ],
)
def test_sparql_words_in_strings_and_variables_are_allowed(tiny_export, query):
    assert run_sparql(query, tiny_export).kind == "select"


def test_sparql_bind_params_only_binds_top_level_single_values():
    text = (
        'SELECT * WHERE { VALUES ?a { "x y" } VALUES ?t { kg:Method kg:Model } '
        'OPTIONAL { VALUES ?b { "z" } ?s ?p ?b } }'
    )
    out, bindings = bind_params(text, {"b": "w"})
    assert set(bindings) == {"a"} and str(bindings["a"]) == "x y"
    assert 'VALUES ?b { "w" }' in out and "VALUES ?t { kg:Method kg:Model }" in out
    assert "VALUES ?a" not in out


@pytest.mark.parametrize("name", list(CASES))
def test_sparql_bound_and_textual_params_agree(tiny_export, name):
    store = open_store(tiny_export, "rdflib")
    text = bundled_queries()[name].text
    bound = store.query(*bind_params(text, TINY.get(name)))
    plain = store.query(set_params(text, TINY.get(name, {})))
    assert _norm(bound) == _norm(plain)


def _norm(result) -> list:
    """Rows sorted, GROUP_CONCAT cells (``shared``) as sets: their order is unspecified."""
    rows = [
        tuple(
            frozenset(str(c).split("; ")) if v == "shared" else c
            for v, c in zip(result.vars, r, strict=True)
        )
        for r in result.rows
    ]
    return sorted(rows, key=repr)
