from __future__ import annotations

import pytest

from kg.extract.pipeline import make_nlp


@pytest.fixture(scope="module")
def nlp():
    return make_nlp(components=["kg_candidates"])


def candidates(nlp, text: str) -> set[tuple[str, str]]:
    doc = nlp(text)
    return {(s.text, s.label_) for s in doc.spans["kg_candidates"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # every suffix of a task phrase down to its head: spancat picks the one that counts
        (
            "We target open-domain mathematical reasoning here.",
            {"open-domain mathematical reasoning", "mathematical reasoning", "reasoning"},
        ),
        # an acronym may qualify a task or a metric
        ("We report GPU utilization and LLM reasoning.", {"GPU utilization", "LLM reasoning"}),
    ],
)
def test_candidates_task_and_metric_phrases(nlp, text, expected):
    found = {t for t, _ in candidates(nlp, text)}
    assert expected <= found


def test_candidates_method_phrase_needs_a_modifier(nlp):
    found = candidates(nlp, "We apply knowledge distillation and plain distillation.")
    assert ("knowledge distillation", "Method") in found
    assert ("distillation", "Method") not in found
