from __future__ import annotations

import pytest

from kg.extract.abbreviations import match_long_form
from kg.extract.pipeline import make_nlp


@pytest.fixture(scope="module")
def nlp():
    return make_nlp(components=["kg_abbreviations"])


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "We use Group Relative Policy Optimization (GRPO) here.",
            [("Group Relative Policy Optimization", "GRPO")],
        ),
        ("A sparse Mixture-of-Experts (MoE) layer.", [("Mixture-of-Experts", "MoE")]),
        (
            "Reinforcement Learning with Verifiable Rewards (RLVR) helps.",
            [("Reinforcement Learning with Verifiable Rewards", "RLVR")],
        ),
        # word initials before the character walk, which would stop at the "o" of "-tion"
        (
            "Unlike Proximal Policy Optimisation (PPO), it is cheap.",
            [("Proximal Policy Optimisation", "PPO")],
        ),
        ("Most large language models (LLMs) err.", [("large language models", "LLMs")]),
        (
            "We train GRPO (Group Relative Policy Optimization).",
            [("Group Relative Policy Optimization", "GRPO")],
        ),
        # the short form first: the bracket spells it out, letters inside words too
        (
            "We present AURA (Agent aUtonomy Risk Assessment), a framework.",
            [("Agent aUtonomy Risk Assessment", "AURA")],
        ),
        ("We use BERT (Devlin et al) here.", []),
        # a digit the long form does not spell stands for a word
        (
            "We introduce Multi-turn-to-Single-turn (M2S), which converts prompts.",
            [("Multi-turn-to-Single-turn", "M2S")],
        ),
        ("the accuracy (see Table 2) rises", []),
        ("results (p < 0.05) hold", []),
        ("a model (ours) wins", []),
        # sizes are no short form
        ("six backbone models (8B 70B) win", []),
        ("two base models (7B) win", []),
        # letters picked from a clause opening with a function word spell nothing
        (
            "models show the average F1-score improvement of 3.8% when trained on respective "
            "eliminated (TACRED-EN) data",
            [],
        ),
        ("gains in standard metrics (IS) hold", []),
        # a line break before the bracket is not part of the long form
        (
            "we study natural language processing\n(NLP) here",
            [("natural language processing", "NLP")],
        ),
        # a capitalised article may open a long form
        ("data of The Cancer Genome Atlas (TCGA) help", [("The Cancer Genome Atlas", "TCGA")]),
        # a bracket left open defines nothing, and does not swallow the next sentence
        (
            "We study LeMAJ (Legal Multi-Agent Judge. Large language models (LLMs) err.",
            [("Large language models", "LLMs")],
        ),
        # a title's head spelled out by its subtitle, up to a preposition; the longest
        (
            "AdaDPO: Self-Adaptive Direct Preference Optimization with Balanced Updates\n\nHi.",
            [("Self-Adaptive Direct Preference Optimization", "AdaDPO")],
        ),
        (
            "HDEE: Heterogeneous Domain Expert Ensemble for Pretraining\n\nHi.",
            [("Heterogeneous Domain Expert Ensemble", "HDEE")],
        ),
        ("PG-SAM: Prior-Guided SAM with Medical Priors\n\nHi.", [("Prior-Guided SAM", "PG-SAM")]),
        # not when the subtitle does not open with it, nor for a lower-case last letter
        ("PLOT: Enhancing Preference Learning via Optimal Transport\n\nHi.", []),
        ("SpeCache: Speculative Key-Value Caching for Efficient Generation\n\nHi.", []),
        # a result in brackets is no short form, though its letters spell the words before
        ("while attaining the best TTS quality among generative models (6.2% WER)", []),
        ("while current LLMs achieve high accuracy (over 90%)", []),
        ("with hazard ratios from mild (HR 1.18-1.22)", []),
        # a version after the letters stays
        ("we prompt Segment Anything Model 2 (SAM 2)", [("Segment Anything Model 2", "SAM 2")]),
    ],
)
def test_abbreviations_find_long_and_short_forms(nlp, text, pairs):
    doc = nlp(text)
    assert [(lf.text, sf.text) for lf, sf in doc._.kg_abbreviations] == pairs


def test_abbreviations_survive_doc_copy(nlp):
    doc = nlp("We use Low-Rank Adaptation (LoRA).")
    copy = doc.copy()
    assert [(lf.text, sf.text) for lf, sf in copy._.kg_abbreviations] == [
        ("Low-Rank Adaptation", "LoRA")
    ]


@pytest.mark.parametrize(
    ("short", "words", "start"),
    [
        ("GRPO", "with Group Relative Policy Optimization".split(), 1),
        ("RL", "deep Reinforcement Learning".split(), 1),
        ("XYZ", "nothing matches here".split(), None),
    ],
)
def test_abbreviations_match_long_form(short, words, start):
    assert match_long_form(short, words) == start
