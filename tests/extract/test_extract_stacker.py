from __future__ import annotations

import json

import numpy as np
import pytest

from kg.extract.pipeline import MODEL_DIR, get_nlp, make_nlp
from kg.extract.spancat import SPANS_KEY, candidate_spans
from kg.extract.stacker import FEATURES, Stacker, candidate_features

TEXT = (
    "ZetaRL: Fast Policy Optimization\n\n"
    "We propose Zeta Policy Optimization (ZPO) and fine-tune Llama-2-7B with LoRA on GSM8K."
)


@pytest.fixture(scope="module")
def doc():
    return make_nlp()(TEXT)


def column(name: str) -> int:
    return FEATURES.index(name)


def test_stacker_features_one_row_per_candidate(doc):
    spans, x = candidate_features(doc)
    assert spans == candidate_spans(doc)
    assert x.shape == (len(spans), len(FEATURES))
    row = {doc[a:b].text: x[i] for i, (a, b) in enumerate(spans)}
    assert row["LoRA"][column("vocab")] == 1 and row["LoRA"][column("vocab:Method")] == 1
    assert row["GSM8K"][column("vocab:Benchmark")] == 1
    assert row["ZPO"][column("short_form")] == 1
    assert row["Zeta Policy Optimization"][column("long_form")] == 1
    assert row["ZetaRL"][column("in_title")] == 1 and row["LoRA"][column("in_title")] == 0
    # "ZetaRL: ..." heads the title before its colon
    assert row["ZetaRL"][column("title_head")] == 1 and row["ZPO"][column("title_head")] == 0
    assert row["Llama-2-7B"][column("digit")] == 1
    assert row["GSM8K"][column("after_for")] == 1 and row["LoRA"][column("after_for")] == 0
    # "We propose Zeta Policy Optimization": the name a proposal verb introduces
    assert row["Zeta Policy Optimization"][column("after_proposal")] == 1
    assert row["Llama-2-7B"][column("after_proposal")] == 0
    # a phrase around a vocabulary entry at its end: "test accuracy" (not the entry itself)
    assert row["Zeta Policy Optimization"][column("extends_vocab")] == 0
    assert row["LoRA"][column("extends_vocab")] == 0
    # without a spancat in the pipeline every spancat score is 0
    assert not x[:, : column("vocab")].any()


def test_stacker_unfitted_leaves_the_doc_alone(doc):
    assert SPANS_KEY not in doc.spans
    assert Stacker(l2=1e-3)(doc) is doc and SPANS_KEY not in doc.spans


def fitted() -> Stacker:
    rng = np.random.default_rng(0)
    x = rng.random((300, len(FEATURES))).astype(np.float32)
    # an entity when the vocabulary column says so; its type from the hint columns
    y = ["Method" if r[column("vocab")] > 0.5 else "" for r in x]
    return Stacker(l2=1e-3).fit(x, y)


def test_stacker_learns_the_evidence():
    stacker = fitted()
    x = np.zeros((2, len(FEATURES)), dtype=np.float32)
    x[0, column("vocab")] = 1.0
    probs = stacker.predict(x)
    assert probs.shape == (2, 7)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert probs[0, 1 + stacker.labels.index("Method")] > 0.8
    assert probs[1, 0] > 0.8


def test_stacker_round_trips_through_disk(tmp_path):
    stacker = fitted()
    stacker.to_disk(tmp_path)
    loaded = Stacker(l2=0.5).from_disk(tmp_path)
    x = np.random.default_rng(1).random((5, len(FEATURES))).astype(np.float32)
    assert np.allclose(loaded.predict(x), stacker.predict(x), atol=1e-5)


def test_stacker_refuses_weights_of_other_features(tmp_path):
    fitted().to_disk(tmp_path)
    state = json.loads((tmp_path / "weights.json").read_text())
    state["features"] = state["features"][:-1]
    (tmp_path / "weights.json").write_text(json.dumps(state))
    with pytest.raises(ValueError, match="retrain"):
        Stacker(l2=1e-3).from_disk(tmp_path)


def test_stacker_unfitted_loads_whatever_features_it_was_saved_with(tmp_path):
    """An unfitted stacker holds no weights to mismatch: a spancat cached by
    ``train_spancat.py --cache`` before a feature was added still loads."""
    Stacker(l2=1e-3).to_disk(tmp_path)
    state = json.loads((tmp_path / "weights.json").read_text())
    state["features"] = state["features"][:-1]
    (tmp_path / "weights.json").write_text(json.dumps(state))
    assert not Stacker(l2=1e-3).from_disk(tmp_path).is_fitted


def test_stacker_unfitted_refuses_to_predict():
    with pytest.raises(ValueError, match="not fitted"):
        Stacker(l2=1e-3).predict(np.zeros((1, len(FEATURES)), dtype=np.float32))


def test_stacker_shipped_and_decides_each_candidate():
    assert (MODEL_DIR / "kg_stacker" / "weights.json").exists()
    nlp = get_nlp()
    assert nlp.get_pipe("kg_stacker").is_fitted
    doc = nlp(TEXT)
    group = doc.spans[SPANS_KEY]
    assert len(group) == len(candidate_spans(doc))  # one decision per candidate
    scores = np.asarray(group.attrs["scores"])
    assert ((scores > 0) & (scores <= 1)).all()


def feature_rows(text: str) -> dict[str, np.ndarray]:
    """Each candidate's feature row in ``text``, by its text."""
    doc = make_nlp()(text)
    spans, x = candidate_features(doc)
    return {doc[a:b].text: x[i] for i, (a, b) in enumerate(spans)}


@pytest.mark.parametrize(
    ("feature", "marked", "unmarked"),
    [
        # a phrase that ends in a vocabulary entry, not the entry itself
        ("extends_vocab", "test accuracy", "accuracy"),
        # "higher accuracy": an evaluative word, not part of a name
        ("modifier_start", "higher accuracy", "test accuracy"),
    ],
)
def test_stacker_marks_phrases_around_a_vocabulary_entry(feature, marked, unmarked):
    row = feature_rows("It reaches higher accuracy than the test accuracy of LoRA.")
    assert row[marked][column(feature)] == 1
    assert row[unmarked][column(feature)] == 0


def test_stacker_marks_the_items_of_a_list_of_methods():
    row = feature_rows("We compare methods such as self-play, fictitious play and double oracle.")
    assert row["fictitious play"][column("way_list")] == 1
    assert all(
        v[column("way_list")] == 0
        for k, v in row.items()
        if k not in {"self-play", "fictitious play", "double oracle"}
    )


def test_stacker_marks_the_items_of_a_list_of_measures():
    row = feature_rows("It wins in terms of accuracy and response length over LoRA.")
    assert row["accuracy"][column("measure_list")] == 1
    assert row["accuracy"][column("way_list")] == 0
    assert row["LoRA"][column("measure_list")] == 0


@pytest.mark.parametrize(
    ("sentence", "short", "feature"),
    [
        ("In a single Markov Game (MG) the agents learn.", "MG", "long_form_other"),
        ("We train a Graph Neural Network (GNN) on it.", "GNN", "long_form_technique"),
        ("We apply Proximal Policy Optimization (PPO) to it.", "PPO", "long_form_technique"),
    ],
)
def test_stacker_marks_what_an_abbreviations_long_form_names(sentence, short, feature):
    row = feature_rows(sentence)
    other = ({"long_form_other", "long_form_technique"} - {feature}).pop()
    assert row[short][column(feature)] == 1
    assert row[short][column(other)] == 0


def test_stacker_long_form_features_skip_task_and_metric_heads():
    row = feature_rows("We study Visual Question Answering (VQA) here.")
    assert row["VQA"][column("long_form_technique")] == 0
    assert row["VQA"][column("long_form_other")] == 0
