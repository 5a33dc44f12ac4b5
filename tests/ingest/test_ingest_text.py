"""Text helpers: whitespace clean-up, code URL extraction, ISO dates."""

from __future__ import annotations

import pytest

from kg.ingest.text import clean_space, find_code_urls, iso_date, strip_latex_markup


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Code: https://github.com/zz-haooo/STEER.", ["https://github.com/zz-haooo/STEER"]),
        (
            "at https://github.com/Nandan91/entropy-guided-attention-llm{entropy-guided-llm}.",
            ["https://github.com/Nandan91/entropy-guided-attention-llm"],
        ),
        ("(see https://gitlab.com/g/p), done", ["https://gitlab.com/g/p"]),
        (
            "demo at computer-use-agents.github.io/dart-gui, and",
            ["https://computer-use-agents.github.io/dart-gui"],
        ),
        ("data: huggingface.co/datasets/a/b;", ["https://huggingface.co/datasets/a/b"]),
        (
            "https://hf-mirror.492719920.workers.dev/datasets/koenshen/EVADE-Bench.",
            ["https://hf-mirror.492719920.workers.dev/datasets/koenshen/EVADE-Bench"],
        ),
        (
            "https://anonymous.4open.science/r/METEORA-DC46/README.md",
            ["https://anonymous.4open.science/r/METEORA-DC46/README.md"],
        ),
        ("https://github.com/a/b and again https://github.com/a/b.", ["https://github.com/a/b"]),
        ("see https://arxiv.org/abs/2501.00001 and www.example.com/x", []),
        ("no links at all, e.g. a.com/b is not a code host", []),
        ("mail me at someone@github.com/x", []),
    ],
)
def test_text_find_code_urls(text, expected):
    assert find_code_urls(text) == expected


def test_text_find_code_urls_keeps_order():
    text = "weights https://huggingface.co/m/x, code https://github.com/o/r"
    assert find_code_urls(text) == ["https://huggingface.co/m/x", "https://github.com/o/r"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  plain  ", "plain"),
        ("two\nlines\r\nhere", "two lines here"),
        ("tab\tand  double", "tab and double"),
        ("non\u00a0breaking\u2003spaces", "non breaking spaces"),
        ("", ""),
    ],
)
def test_text_clean_space(text, expected):
    assert clean_space(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-04", "2025-03-04"),
        ("2025-03-04T10:00:00Z", "2025-03-04"),
        ("2025-02-30", None),
        ("March 2025", None),
        (20250304, None),
        (None, None),
    ],
)
def test_text_iso_date(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"we propose \textbf{\textit{OmniScore}}, a metric", "we propose OmniScore, a metric"),
        (r"\emph{not} \texttt{vLLM} and \textsc{Rex}", "not vLLM and Rex"),
        # math is left alone; a link reads as its text and URL, or its URL alone
        (
            r"$\mathcal{O}(n)$ and \href{https://x.org}{code}",
            r"$\mathcal{O}(n)$ and code (https://x.org)",
        ),
        (
            r"at \href{https://github.com/a/b}{\texttt{https://github.com/a/b}}.",
            "at https://github.com/a/b.",
        ),
        ("no LaTeX here", "no LaTeX here"),
        # a tie is a space; a tilde before a number means "about"
        ("Llama~3 beats Task~2 by ~10%", "Llama 3 beats Task 2 by ~10%"),
        # a tie before a bracket too
        ("Feed-Forward Network~(FFN) and~[12]", "Feed-Forward Network (FFN) and [12]"),
        # LaTeX quotes and old-style switches
        ("a study on ``Traveler'', a game", 'a study on "Traveler", a game'),
        (r"modes: {\em entropy collapse} and {\bf X}", "modes: entropy collapse and X"),
        # a letter in inline math that opens a hyphenated name is the letter
        (r"on $\tau$-bench and $τ^2$-bench", "on τ-bench and τ^2-bench"),
        (r"$\lambda$-GRPO, $\mu^{2}$-MoE and $k$-means", "λ-GRPO, μ^2-MoE and k-means"),
        # a script glued to a name is its text, as names write it without LaTeX
        (r"T$^2$PO, UniD$^{3}$, PAR$^2$-RAG and F$_1$", "T^2PO, UniD^3, PAR^2-RAG and F1"),
        # a letter that ends a hyphenated name; an escaped character
        (
            r"the Mobi-$\pi$ framework on K\&K with 50\% fewer",
            "the Mobi-π framework on K&K with 50% fewer",
        ),
        # not an operator, nor math that opens no name
        (r"$\times$-fold, $\alpha$ = 0.5, $ab$-x", r"$\times$-fold, $\alpha$ = 0.5, $ab$-x"),
    ],
)
def test_text_strip_latex_markup(text, expected):
    assert strip_latex_markup(text) == expected
