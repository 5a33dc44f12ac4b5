"""The Daily Papers reader on the bundled sample corpus and on hand-written pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputFormatError
from kg.ingest import SAMPLE_DIR, load_papers
from kg.ingest.hf_daily import infer_page_year, read_hf_daily
from kg.ingest.ids import paper_id

SAMPLE_FILES = sorted(SAMPLE_DIR.glob("*.txt"))
HEADER = "new\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\n"


@pytest.fixture(scope="module")
def sample_papers():
    return {p.title: p for p in load_papers().papers}


def test_hf_daily_sample_counts_entries_and_distinct_papers():
    result = load_papers()
    assert (result.entries, len(result.papers), result.skipped) == (218, 196, 0)
    assert result.warnings == []
    per_file = [sum(1 for _ in read_hf_daily(f)) for f in SAMPLE_FILES]
    assert sum(per_file) == 218
    assert all(n > 30 for n in per_file)


@pytest.mark.parametrize(
    ("title", "date_", "upvotes", "authors", "org", "source"),
    [
        (  # yearless date on an "Oct 31" page whose newest year-stamped entry is 2024
            "The Entropy Mechanism of Reinforcement Learning for Reasoning Language Models",
            "2025-05-28",
            4,
            17,
            None,
            "sample/000_0ee7ece68afbe808.txt:13",
        ),
        (  # date with its year, no upvotes, on two pages
            "Just One Byte (per gradient): A Note on Low-Bandwidth Decentralized Language "
            "Model Finetuning Using Shared Randomness",
            "2023-06-16",
            None,
            5,
            None,
            "sample/000_0ee7ece68afbe808.txt:29",
        ),
        (  # organisation line instead of authors, date with year and upvotes
            "Configurable Foundation Models: Building LLMs from a Modular Perspective",
            "2024-09-04",
            2,
            None,
            "OpenBMB",
            "sample/001_10b82fd40c07beab.txt:325",
        ),
        (
            "Dr.LLM: Dynamic Layer Routing in LLMs",
            "2025-10-14",
            2,
            None,
            "Parameter Lab",
            "sample/002_a723c68d80ade92e.txt:61",
        ),
        (  # no footer at all: the next title follows the abstract
            "G^2RPO: Granular GRPO for Precise Reward in Flow Models",
            None,
            None,
            None,
            None,
            "sample/001_10b82fd40c07beab.txt:13",
        ),
    ],
)
def test_hf_daily_known_entries(sample_papers, title, date_, upvotes, authors, org, source):
    paper = sample_papers[title]
    assert paper.date == date_
    assert paper.upvotes == upvotes
    assert paper.author_count == authors
    assert paper.organization == org
    assert paper.sources[0] == source
    assert paper.id == paper_id(title)
    assert (
        paper.abstract and "\n" not in paper.abstract and paper.abstract == paper.abstract.strip()
    )


def test_hf_daily_merges_duplicate_across_pages(sample_papers):
    paper = sample_papers[
        "Just One Byte (per gradient): A Note on Low-Bandwidth Decentralized Language "
        "Model Finetuning Using Shared Randomness"
    ]
    assert paper.sources == [
        "sample/000_0ee7ece68afbe808.txt:29",
        "sample/002_a723c68d80ade92e.txt:393",
    ]


def test_hf_daily_code_urls_from_abstract(sample_papers):
    steer = sample_papers["Rethinking Entropy Interventions in RLVR: An Entropy Change Perspective"]
    assert steer.code_urls == ["https://github.com/zz-haooo/STEER"]
    assert steer.date == "2025-10-11"
    with_code = [p for p in sample_papers.values() if p.code_urls]
    assert len(with_code) >= 35
    assert all(
        u.startswith("https://") and not u.endswith(".") for p in with_code for u in p.code_urls
    )


def _page(tmp_path: Path, body: str, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_hf_daily_yearless_date_after_page_date_is_previous_year(tmp_path):
    path = _page(
        tmp_path,
        HEADER + "Mar 3\n\nLate Paper\n\nAbstract one.\n\n  • 2 authors\n·\nDec 30 5\n\n"
        "Early Paper\n\nAbstract two.\n\n  • 1 author\n·\nFeb 1\n\n"
        "Old Paper\n\nAbstract three.\n\n  • 3 authors\n·\nJun 16, 2024\n",
    )
    papers = {r.title: r.to_paper() for r in read_hf_daily(path)}
    # newest shown year 2024 -> page year 2025; Dec 30 is after Mar 3 -> 2024
    assert papers["Late Paper"].date == "2024-12-30"
    assert papers["Late Paper"].upvotes == 5
    assert papers["Early Paper"].date == "2025-02-01"
    assert papers["Early Paper"].author_count == 1
    assert papers["Old Paper"].date == "2024-06-16"


def test_hf_daily_page_date_with_year_wins(tmp_path):
    path = _page(
        tmp_path, HEADER + "Oct 31, 2021\n\nT\n\nAn abstract.\n\n  • 2 authors\n·\nOct 9 1\n"
    )
    (record,) = read_hf_daily(path)
    assert record.to_paper().date == "2021-10-09"


def test_hf_daily_page_year_unknown_warns(tmp_path):
    path = _page(tmp_path, HEADER + "Oct 31\n\nT\n\nAn abstract.\n\n  • 2 authors\n·\nOct 9 1\n")
    warnings: list[str] = []
    (record,) = read_hf_daily(path, warn=warnings.append)
    assert record.to_paper().date == f"{date.today().year}-10-09"
    assert len(warnings) == 1 and "page year unknown" in warnings[0] and "page.txt" in warnings[0]


@pytest.mark.parametrize(
    ("page_year", "years", "expected"),
    [
        (None, [2021, 2024, 2023], (2025, False)),
        (2020, [2024], (2020, False)),
        (None, [], (1999, True)),
    ],
)
def test_hf_daily_infer_page_year(page_year, years, expected):
    assert infer_page_year(page_year, years, today=date(1999, 5, 1)) == expected


def test_hf_daily_without_header_and_title_without_abstract(tmp_path):
    path = _page(
        tmp_path,
        "First\n\nIts abstract\ncontinues here.\n\n  • 4 authors\n·\nJan 2, 2023 7\n\n"
        "Orphan Title\n\n  • 1 authors\n·\nJan 3, 2023\n",
    )
    records = list(read_hf_daily(path))
    assert [r.title for r in records] == ["First", "Orphan Title"]
    first = records[0].to_paper()
    assert (first.abstract, first.date, first.upvotes) == (
        "Its abstract continues here.",
        "2023-01-02",
        7,
    )
    assert records[1].missing() == "abstract"
    assert records[1].source.endswith("page.txt:10")


def test_hf_daily_header_only_is_no_supported_format(tmp_path):
    path = _page(tmp_path, HEADER + "Oct 31\n", name="empty_page.txt")
    with pytest.raises(InputFormatError, match=r"empty_page\.txt: no supported format"):
        list(read_hf_daily(path))
