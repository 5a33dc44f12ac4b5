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


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        # related but distinct things are separate entries, not aliases of each other
        ("We evaluate on CMU-MOSI and CMU-MOSEI.", ["CMU-MOSI", "CMU-MOSEI"]),
        (
            "We study image denoising and image restoration.",
            ["image denoising", "image restoration"],
        ),
        ("We use GPipe for pipeline parallelism.", ["GPipe", "pipeline parallelism"]),
        (
            "It helps hallucination mitigation more than hallucination detection.",
            ["hallucination mitigation", "hallucination detection"],
        ),
        # an alias is the same thing written another way
        ("We fine-tune with Low-Rank Adaptation.", ["LoRA"]),
        ("Llama3-8B and GSM-8K.", ["Llama-3-8B", "GSM8K"]),
        # ... but a size or version added to the name stays in it
        ("Vicuna-7B and Vicuna-13B beat Vicuna.", ["Vicuna-7B", "Vicuna-13B", "Vicuna"]),
        ("We pretrain on ImageNet-1K.", ["ImageNet-1K"]),
    ],
)
def test_vocabulary_aliases_are_the_same_thing_not_a_related_one(nlp, text, canonical):
    doc = nlp(text)
    assert [s._.kg_canonical for s in doc.spans["kg_vocab"]] == canonical


def test_vocabulary_no_alias_names_another_entry():
    from kg.extract.vocabulary import DEFAULT_VOCABULARY, load_vocabulary
    from kg.model import match_key

    def key(form: str) -> str:  # match_key drops "+": "Grad-CAM++" is not "GradCAM"
        return match_key(form) + "+" * form.count("+")

    entries = list(load_vocabulary(DEFAULT_VOCABULARY))
    names = {key(e.name): e.name for e in entries}
    clashes = [
        (e.name, alias)
        for e in entries
        for alias in e.aliases
        if names.get(key(alias), e.name) != e.name
    ]
    assert clashes == []


@pytest.mark.parametrize(
    ("text", "vocab"),
    [
        # the head word alias of "knowledge distillation" heads other techniques' names
        ("We study Dataset Distillation, LLM Distillation and score distillation.", []),
        ("It fails on video inpainting.", []),
        # ... but stands for it alone, after a verb or a grading word
        ("We use distillation.", ["distillation"]),
        ("AWS had the best diarization.", ["diarization"]),
        ("We apply knowledge distillation.", ["knowledge distillation"]),
        # the first words of "text-to-image generation" qualify another task
        ("We study text-to-image person retrieval.", ["retrieval"]),
        ("We study text-to-image vehicle re-identification.", []),
        # ... but stand for it before another noun or alone
        ("We fine-tune text-to-image models.", ["text-to-image"]),
        ("We study text-to-image generation.", ["text-to-image generation"]),
        ("Results on text-to-image are strong.", ["text-to-image"]),
    ],
)
def test_vocabulary_an_alias_part_of_another_kinds_name_is_not_the_entry(nlp, text, vocab):
    """A short alias that heads ("LLM Distillation") or opens ("text-to-image person
    retrieval") the name of another kind does not stand for its entry there."""
    doc = nlp(text)
    assert [s.text for s in doc.spans["kg_vocab"]] == vocab


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # an acronym's plural is its entry
        ("It beats oracle WERs and lowers FIDs.", {("WERs", "WER"), ("FIDs", "FID")}, set()),
        # ... not where the text defines the acronym as something else
        ("Attack success rate (ASR) is high; prompts yield higher ASRs.", set(), {"ASRs"}),
        # ... nor an alias's plural, which the text may define as its own name
        ("It mixes Feed-Forward Network (FFN) experts; tokens use fewer FFNs.", set(), {"FFNs"}),
    ],
)
def test_vocabulary_an_acronyms_plural_matches_its_entry(nlp, text, present, absent):
    doc = nlp(text)
    found = {(s.text, s._.kg_canonical) for s in doc.spans["kg_vocab"]}
    assert present <= found
    assert not absent & {name for name, _ in found}
