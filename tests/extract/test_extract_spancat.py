"""The spancat helpers: the rule evidence ``kg_features`` writes into ``Token.tag_``."""

from __future__ import annotations

import pytest

from kg.extract.pipeline import make_nlp


@pytest.fixture(scope="module")
def features():
    return make_nlp(["kg_abbreviations", "kg_vocabulary", "kg_candidates", "kg_features"])


@pytest.mark.parametrize(
    ("word", "tag"),
    [
        ("propose", "VERB"),  # a verb form of the corpus lexicon
        ("destabilizes", "VERB"),
        ("the", "O"),
        ("Sparse", "ABBR"),  # an abbreviation pair beats the candidate it also is
        ("SMR", "ABBR"),
        ("Hecate", "B-titlecase"),  # first and inner tokens of a rule candidate
        ("Sharding", "I-titlecase"),
        ("GSM8K", "V-Benchmark"),  # a vocabulary match beats everything
    ],
)
def test_spancat_features_tag_each_token_with_its_strongest_evidence(features, word, tag):
    doc = features(
        "Title\n\nWe propose Sparse Mixture Routing (SMR), which destabilizes the Hecate "
        "Sharding Engine on GSM8K."
    )
    assert {t.text: t.tag_ for t in doc}[word] == tag


def test_spancat_features_vocabulary_beats_an_abbreviation(features):
    doc = features("Title\n\nWe train with Group Relative Policy Optimization (GRPO).")
    assert {t.text: t.tag_ for t in doc}["GRPO"] == "V-Method"


def test_spancat_features_accept_an_empty_text(features):
    assert len(features("")) == 0
