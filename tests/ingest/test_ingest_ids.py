"""Paper identity: arXiv id parsing, title normalisation, stable ids."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.ingest.ids import normalise_title, paper_id, parse_arxiv_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2501.12345", "2501.12345"),
        ("2501.12345v2", "2501.12345"),
        ("0704.0001v1", "0704.0001"),
        ("arXiv:2402.03300", "2402.03300"),
        ("https://arxiv.org/abs/2501.12345v3", "2501.12345"),
        ("http://arxiv.org/pdf/2501.12345.pdf", "2501.12345"),
        ("https://arxiv.org/html/2501.12345v1", "2501.12345"),
        ("cs/0501001v2", "cs/0501001"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("t-0123456789abcdef", None),
        ("12345", None),
        ("https://github.com/a/2501.12345", None),
        ("", None),
        (None, None),
    ],
)
def test_ids_parse_arxiv_id(value, expected):
    assert parse_arxiv_id(value) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("GRPO at Scale", "grpo   at scale!"),
        ("Dr.LLM: Dynamic Layer Routing", "dr llm dynamic layer routing"),
        ("ﬁne-tuning Ｑwen", "fine tuning qwen"),  # NFKC folds ligatures and full-width letters
        ("Straße", "STRASSE"),  # casefold, not lower
    ],
)
def test_ids_normalise_title_equates_variants(a, b):
    assert normalise_title(a) == normalise_title(b)
    assert paper_id(a) == paper_id(b)


def test_ids_paper_id_forms():
    assert paper_id("Any title", "2501.00001v4") == "2501.00001"
    assert paper_id("Any title", "not-an-id") == paper_id("Any title")
    tid = paper_id("Any title")
    assert tid.startswith("t-") and len(tid) == 18 and int(tid[2:], 16) >= 0
    assert paper_id("Another title") != tid


def test_ids_stable_across_processes():
    code = "from kg.ingest.ids import paper_id; print(paper_id('GRPO at scale'))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == paper_id("GRPO at scale") == "t-7fb9a4a50182c2f0"
