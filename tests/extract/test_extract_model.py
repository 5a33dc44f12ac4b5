"""The shipped pipeline loads with the network off and reproduces its recorded scores."""

from __future__ import annotations

import json
import socket

import pytest
import spacy

from kg.extract.evaluate import evaluate_file
from kg.extract.pipeline import MODEL_DIR, get_nlp
from kg.extract.tokenizer import make_tokenizer
from kg.extract.vocabulary import load_vocabulary

TOLERANCE = 0.01


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access attempted during an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_model_is_shipped_and_small():
    assert (MODEL_DIR / "config.cfg").exists()
    size = sum(f.stat().st_size for f in MODEL_DIR.rglob("*") if f.is_file())
    assert size < 50 * 2**20


def test_model_vocabulary_is_the_packages():
    """The shipped pipeline keeps its own copy of kg/extract/data/vocabulary.jsonl; a
    vocabulary edit must reach it (re-save the component or retrain)."""
    shipped = spacy.load(MODEL_DIR).get_pipe("kg_vocabulary").entries
    assert list(shipped) == list(load_vocabulary())


def test_model_tokenizer_is_the_packages():
    """spaCy saves the tokenizer's rules with a pipeline; a tokenizer edit must reach the
    shipped copy (re-save it or retrain)."""
    shipped = spacy.load(MODEL_DIR)
    code = make_tokenizer(shipped)
    for attr in ("prefix_search", "suffix_search", "infix_finditer"):
        assert getattr(shipped.tokenizer, attr).__self__.pattern == (
            getattr(code, attr).__self__.pattern
        ), attr


def test_model_files_are_in_a_stable_order():
    """scripts/train_spancat.py sorts the sentencizer's punctuation, which spaCy writes in
    hash order, so that a retrained pipeline differs only where its model does."""
    punct = json.loads((MODEL_DIR / "sentencizer.json").read_text(encoding="utf-8"))["punct_chars"]
    assert punct == sorted(punct) and len(punct) > 10


def test_model_loads_offline_with_all_components(no_network):
    nlp = spacy.load(MODEL_DIR)
    assert {"kg_abbreviations", "kg_vocabulary", "kg_spancat", "kg_entities"} <= set(nlp.pipe_names)
    doc = nlp("FooNet: Fast Things\n\nWe propose FooNet and compare it with GRPO on GSM8K.")
    assert "FooNet" in {e.name for e in doc._.kg_entities}


def test_model_is_the_default_pipeline():
    assert "kg_spancat" in get_nlp().pipe_names


def test_model_reproduces_its_recorded_dev_scores(no_network, gold_dev):
    recorded = json.loads((MODEL_DIR / "scores.json").read_text())["fit"]
    report = evaluate_file(gold_dev).to_dict()
    for key in ("core_untyped", "core_typed"):
        assert report[key]["f1"] == pytest.approx(recorded[key]["f1"], abs=TOLERANCE)
    assert report["role_accuracy"] == pytest.approx(recorded["role_accuracy"], abs=TOLERANCE)
