from __future__ import annotations

import pytest

from kg.extract import extract_papers
from kg.model import ENTITY_TYPES, ROLES, Paper

TEXTS = [
    (
        "S-GRPO: Memory-Efficient Policy Optimization",
        "We propose S-GRPO, a variant of Group Relative Policy Optimization (GRPO). "
        "We fine-tune Qwen2.5-7B with LoRA and evaluate on GSM8K and MATH-500, "
        "where S-GRPO outperforms PPO.",
    ),
    (
        "Scaling Test-Time Compute",
        "Large language models (LLMs) benefit from chain-of-thought prompting. "
        "We study GRPO on AIME 2024 with Llama-3.1-8B-Instruct.",
    ),
    ('A "quoted" <script>alert(1)</script> title', "We use LoRA. Ünïcode ∑ text — done."),
    ("Empty", ""),
]


def papers() -> list[Paper]:
    return [Paper(str(i), t, a) for i, (t, a) in enumerate(TEXTS)]


@pytest.fixture(scope="module")
def extracted() -> list[Paper]:
    ps = papers()
    extract_papers(ps)
    return ps


def test_pipeline_mentions_index_into_paper_text(extracted):
    for paper in extracted:
        for ent in paper.entities:
            assert ent.mentions, ent
            for m in ent.mentions:
                assert paper.text[m.start : m.end] == m.text
                assert m.text in m.sentence


def test_pipeline_types_roles_and_confidence_are_valid(extracted):
    for paper in extracted:
        for ent in paper.entities:
            assert ent.type in ENTITY_TYPES and ent.role in ROLES
            assert 0.0 < ent.confidence <= 1.0


def test_pipeline_finds_the_expected_entities(extracted):
    first = {e.name: e for e in extracted[0].entities}
    assert first["S-GRPO"].role == "proposes"
    assert first["GRPO"].aliases == ["Group Relative Policy Optimization"]
    assert first["GSM8K"].type in {"Benchmark", "Dataset"}  # a swap costs the typed score only
    assert first["GSM8K"].role == "evaluates_on"
    assert first["PPO"].role == "compares_to"
    assert first["Qwen2.5-7B"].type == "Model"
    assert ["S-GRPO", "GRPO"] in extracted[0].variant_of
    second = {e.name for e in extracted[1].entities}
    assert "LLMs" not in second and "LLM" not in second  # a generic class, not a model


def test_pipeline_is_deterministic(extracted):
    again = papers()
    extract_papers(again)
    assert [p.to_dict() for p in again] == [p.to_dict() for p in extracted]


def test_pipeline_multiprocess_equals_single(extracted):
    many = papers() * 150  # enough for several worker chunks
    extract_papers(many, n_process=2)
    for i, paper in enumerate(many[: len(TEXTS)]):
        assert paper.to_dict()["entities"] == extracted[i].to_dict()["entities"]


def test_pipeline_numpy_blas_extracts_as_blis_does():
    """The shipped network runs on numpy's BLAS (faster on one core than thinc's blis),
    and the switch changes no entity, type, role, mention or confidence."""
    import spacy

    from kg.extract.pipeline import MODEL_DIR, get_nlp

    texts = [p.text for p in papers()]
    nlp = get_nlp()
    assert not nlp.get_pipe("kg_spancat").model.ops.use_blis
    with_blis = spacy.load(MODEL_DIR)
    assert with_blis.get_pipe("kg_spancat").model.ops.use_blis
    expected = [doc._.kg_entities for doc in with_blis.pipe(texts)]
    assert [doc._.kg_entities for doc in nlp.pipe(texts)] == expected
    assert any(expected)
