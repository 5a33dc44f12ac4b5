from __future__ import annotations

import pytest

from kg.extract.pipeline import make_nlp


@pytest.fixture(scope="module")
def nlp():
    return make_nlp(components=[])


@pytest.mark.parametrize(
    "name",
    [
        "Qwen2.5-Math-7B",
        "G^2RPO",
        "VideoGPT+",
        "Dr.LLM",
        "Pass@1",
        "Llama-3.1-8B-Instruct",
        "T^2-GRPO",
        "GSM8K",
        "MATH-500",
        "chain-of-thought",
    ],
)
def test_tokenizer_keeps_ml_names_whole(nlp, name):
    doc = nlp(f"We evaluate {name}, then stop.")
    assert [t.text for t in doc][2] == name


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("GRPO-based RL", ["GRPO", "-", "based", "RL"]),
        ("on GSM8K.", ["on", "GSM8K", "."]),
        ("(GRPO)", ["(", "GRPO", ")"]),
        ("e.g. LoRA", ["e.g.", "LoRA"]),
        ("GSM8K/MATH", ["GSM8K", "/", "MATH"]),
        # spaCy's emoticon "):" would glue the bracket to the colon
        ("Refine (R3): Diffusion", ["Refine", "(", "R3", ")", ":", "Diffusion"]),
        ("(Table 8)", ["(", "Table", "8", ")"]),
        # two sentences whose space went missing, and names with a period inside
        ("across tasks.To fix", ["across", "tasks", ".", "To", "fix"]),
        ("Dr.LLM and node.js", ["Dr.LLM", "and", "node.js"]),
        # a dash is never inside a name; an en dash joins like a hyphen
        ("costs--often", ["costs", "--", "often"]),
        ("Infer—with Actor–Critic", ["Infer", "—", "with", "Actor–Critic"]),
        # a hyphen typed for a dash before an article
        ("AgentRxiv-a framework", ["AgentRxiv", "-", "a", "framework"]),
        ("SeaExam-an exam", ["SeaExam", "-", "an", "exam"]),
        ("Qwen-the model", ["Qwen", "-", "the", "model"]),
    ],
)
def test_tokenizer_splits_punctuation_and_use_suffixes(nlp, text, tokens):
    assert [t.text for t in nlp(text)] == tokens
