"""End to end on the real build of the sample corpus (`sample_export`)."""

from __future__ import annotations

import pytest
import rdf_expected as expected

from kg.model import read_papers
from kg.rdf.sparql import STORES, bundled_queries, open_store, prepare_query

pytestmark = pytest.mark.slow

#: Parameters as the queries default them (names), with the sample corpus' answers required.
SAMPLE_ARGS = {
    "papers-using": {"name": "GRPO"},
    "variants-of": {"name": "GRPO"},
    "task-papers-using": {"task": "mathematical reasoning", "technique": "LoRA"},
}
#: Queries whose defaults must find something in the sample corpus.
NON_EMPTY = {
    "papers-using",
    "top-benchmarks",
    "variants-of",
    "linked-papers",
    "evidence",
    "shared-techniques",
}


def _default(name: str, param: str) -> str:
    import re

    text = bundled_queries()[name].text
    return re.search(rf'VALUES \?{param} \{{ "([^"]*)" \}}', text).group(1)


def test_e2e_sample_graph_conforms(sample_export):
    from kg.rdf.validate import validate_export

    reports = validate_export(sample_export)
    assert [r.source.rsplit("/", 1)[1] for r in reports] == ["graph.ttl"]
    assert reports[0].conforms and reports[0].triples > 1000


@pytest.mark.parametrize("store_name", STORES)
def test_e2e_examples_answer_like_papers_jsonl(sample_export, store_name):
    papers = read_papers(sample_export / "papers.jsonl")
    store = open_store(sample_export / "graph.ttl", store_name)
    for name, query in bundled_queries().items():
        args = {param: _default(name, param) for param in query.params}
        result = store.query(*prepare_query(query.text, None, store_name))
        rows = expected.check_example(name, args, result, papers)
        if name in NON_EMPTY:
            assert rows, f"{name} answers nothing on the sample corpus with its defaults"
