"""The JSON Lines reader: field mapping, normalisation, gzip, real arXiv lines."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest

from kg.errors import InputFormatError
from kg.ingest import load_papers
from kg.ingest.jsonl import read_jsonl, record_from_object
from kg.model import write_papers

ARXIV_DIR = Path(__file__).parent.parent.parent.parent / "shared" / "arxiv"

ARXIV_RECORD = {
    "id": "2501.12345v2",
    "categories": ["cs.CL", "cs.AI"],
    "abs": "https://arxiv.org/abs/2501.12345v2",
    "authors": ["Ada Lovelace", "Alan Turing"],
    "title": "Scaling\n  GRPO for  Reasoning",
    "comment": "Code: https://github.com/org/grpo-scale",
    "summary": "We scale GRPO.\nIt works\tfine.",
    "listing_date": "2025-03-04",
}


def write_jsonl(path: Path, rows: list, *, gz: bool = False) -> Path:
    text = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)
    if gz:
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_jsonl_arxiv_record_fields():
    paper = record_from_object(ARXIV_RECORD, "a.jsonl:7").to_paper()
    assert paper.id == "2501.12345"
    assert paper.title == "Scaling GRPO for Reasoning"
    assert paper.abstract == "We scale GRPO. It works fine."
    assert paper.authors == ["Ada Lovelace", "Alan Turing"]
    assert paper.author_count == 2
    assert paper.categories == ["cs.CL", "cs.AI"]
    assert paper.date == "2025-03-04"
    assert paper.url == "https://arxiv.org/abs/2501.12345v2"
    assert paper.code_urls == ["https://github.com/org/grpo-scale"]  # found in the comment
    assert paper.sources == ["a.jsonl:7"]


def test_jsonl_arxiv_latex_markup_is_reduced_to_text():
    record = {
        **ARXIV_RECORD,
        "title": r"\textsc{Rex}: Fast",
        "summary": r"We propose \textbf{Rex}.",
    }
    paper = record_from_object(record, "a.jsonl:1").to_paper()
    assert (paper.title, paper.abstract) == ("Rex: Fast", "We propose Rex.")


@pytest.mark.parametrize(
    ("extra", "field", "expected"),
    [
        ({"authors": "A. One; B. Two"}, "authors", ["A. One", "B. Two"]),
        ({"authors": "A. One, B. Two and C. Three"}, "authors", ["A. One", "B. Two", "C. Three"]),
        ({"authors": [{"name": "A. One"}]}, "authors", ["A. One"]),
        ({"categories": "cs.LG cs.AI"}, "categories", ["cs.LG", "cs.AI"]),
        ({"published": "2024-01-02T00:00:00Z"}, "date", "2024-01-02"),
        ({"date": "2023-05-06", "listing_date": "2024-01-01"}, "date", "2023-05-06"),
        ({"url": "https://arxiv.org/abs/2402.03300v1"}, "id", "2402.03300"),
        ({"id": "t-abc", "url": "https://example.org/p"}, "url", "https://example.org/p"),
        ({"id": "2402.03300"}, "url", "https://arxiv.org/abs/2402.03300"),
        ({"upvotes": 12, "organization": "OpenBMB"}, "upvotes", 12),
        ({"author_count": 9}, "author_count", 9),
        ({"code_urls": ["https://x.org/y"]}, "code_urls", ["https://x.org/y"]),
    ],
)
def test_jsonl_optional_fields(extra, field, expected):
    obj = {"title": "T", "abstract": "A https://github.com/a/b"} | extra
    assert getattr(record_from_object(obj, "f:1").to_paper(), field) == expected


def test_jsonl_title_only_id_is_title_hash():
    paper = record_from_object({"title": "T  x", "summary": "S"}, "f:1").to_paper()
    assert paper.id.startswith("t-") and paper.abstract == "S"


@pytest.mark.parametrize("gz", [False, True])
def test_jsonl_plain_and_gzip_read_alike(tmp_path, gz):
    rows = [ARXIV_RECORD, "", {"title": "Second", "abstract": "B."}]
    path = write_jsonl(tmp_path / ("r.jsonl.gz" if gz else "r.jsonl"), rows, gz=gz)
    result = load_papers([path])
    assert (result.entries, len(result.papers), result.skipped) == (2, 2, 0)
    assert result.papers[0].id == "2501.12345"
    assert result.papers[1].sources == [f"{path}:3"]  # blank line 2 counted in line numbers


def test_jsonl_papers_jsonl_round_trip(tmp_path, tiny_papers):
    path = tmp_path / "papers.jsonl"
    write_papers(tiny_papers, path)
    result = load_papers([path])
    assert len(result.papers) == len(tiny_papers)
    for before, after in zip(tiny_papers, result.papers, strict=True):
        assert (after.title, after.abstract, after.date, after.upvotes, after.authors) == (
            before.title,
            before.abstract,
            before.date,
            before.upvotes,
            before.authors,
        )
        assert after.entities == []  # extraction runs again
    assert result.papers[0].id == "2501.00001"


def test_jsonl_not_an_object_is_fatal(tmp_path):
    path = write_jsonl(tmp_path / "list.jsonl", [{"title": "T", "abstract": "A"}, "[1, 2]"])
    with pytest.raises(InputFormatError, match=r"list\.jsonl:2: a JSON list where a JSON object"):
        list(read_jsonl(path))


@pytest.mark.skipif(not ARXIV_DIR.is_dir(), reason="no shared arXiv dumps here")
def test_jsonl_real_arxiv_head(tmp_path):
    source = sorted(ARXIV_DIR.glob("*.jsonl.gz"))[0]
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        head = list(itertools.islice(fh, 500))
    path = tmp_path / "head.jsonl.gz"
    path.write_bytes(gzip.compress("".join(head).encode("utf-8")))
    result = load_papers([path])
    assert result.entries == 500 and result.skipped == 0
    assert 495 <= len(result.papers) <= 500
    ids = [json.loads(line)["id"] for line in head]
    assert {p.id for p in result.papers} <= set(ids)
    assert all(p.date and p.categories and p.authors and p.url for p in result.papers)
    assert all("\n" not in p.abstract and "  " not in p.abstract for p in result.papers)
