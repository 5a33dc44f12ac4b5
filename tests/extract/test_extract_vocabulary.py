from __future__ import annotations

import pytest

from kg.extract.pipeline import make_nlp


@pytest.fixture(scope="module")
def nlp():
    return make_nlp(components=["kg_abbreviations", "kg_vocabulary"])


@pytest.mark.parametrize(
    ("text", "vocab"),
    [
        # the text defines EA as its own technique, not the vocabulary's evolutionary algorithm
        ("The first technique, Entropic Annealing (EA), helps. EA is fast.", []),
        (
            "Evolutionary algorithms (EA) are slow. EA is old.",
            ["EA", "EA", "Evolutionary algorithms"],
        ),
        # a long form sharing a word with the entry is a spelling of it
        ("Proximal Policy Optimisation (PPO) is used.", ["PPO"]),
    ],
)
def test_vocabulary_yields_to_a_redefined_short_form(nlp, text, vocab):
    doc = nlp(text)
    assert sorted(s.text for s in doc.spans["kg_vocab"]) == sorted(vocab)


@pytest.mark.parametrize(
    ("text", "vocab"),
    [
        # an alias that is an English word in lower case matches only as written
        ("It allows seamless integration in many places.", []),
        ("We compare Seamless on Places.", ["Places", "Seamless"]),
        # a capitalised name that is a verb in lower case too
        ("Ours beats it and we rotate them.", []),
        ("We compare BEATs and RotatE.", ["BEATs", "RotatE"]),
        # a capital on a lower-case term names it
        ("It keeps Precision and Recall high.", ["Precision", "Recall"]),
    ],
)
def test_vocabulary_an_english_word_alias_matches_its_case_only(nlp, text, vocab):
    doc = nlp(text)
    assert sorted(s.text for s in doc.spans["kg_vocab"]) == vocab
