"""load_papers: inputs, format detection from content, dedup, bad input, missing fields."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from kg.errors import InputFormatError, MissingFieldError
from kg.ingest import SAMPLE_DIR, load_papers
from kg.ingest.detect import detect_format

SAMPLE_FILES = sorted(SAMPLE_DIR.glob("*.txt"))
ENTROPY_TITLE = "The Entropy Mechanism of Reinforcement Learning for Reasoning Language Models"


def jsonl(rows: list) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)


ROWS = [
    {
        "id": "2505.22617",
        "title": ENTROPY_TITLE,
        "summary": "Longer arXiv abstract.",
        "authors": ["G. Cui"],
        "categories": ["cs.LG"],
        "listing_date": "2025-05-29",
    },
    {"title": "A JSONL-only paper", "abstract": "Abstract."},
]


def test_load_default_is_bundled_sample():
    assert len(load_papers().papers) == len(load_papers([SAMPLE_DIR]).papers) == 196


def test_load_single_path_not_in_a_list():
    assert load_papers(SAMPLE_FILES[0]).entries == load_papers([SAMPLE_FILES[0]]).entries


def test_load_dedup_across_formats_keeps_first_values_and_arxiv_id(tmp_path):
    extra = tmp_path / "extra.jsonl"
    extra.write_text(jsonl(ROWS), encoding="utf-8")
    result = load_papers([SAMPLE_DIR, extra])
    assert result.entries == 220
    assert len(result.papers) == 197
    paper = next(p for p in result.papers if p.title == ENTROPY_TITLE)
    assert paper.id == "2505.22617"  # the arXiv id wins
    assert paper.abstract.startswith("This paper aims")  # first non-empty value kept
    assert (paper.date, paper.upvotes, paper.author_count) == ("2025-05-28", 4, 17)
    assert (paper.authors, paper.categories) == (["G. Cui"], ["cs.LG"])  # filled from JSONL
    assert paper.sources == ["sample/000_0ee7ece68afbe808.txt:13", f"{extra}:1"]
    # order: first seen first
    assert result.papers[-1].title == "A JSONL-only paper"


def test_load_dedup_same_arxiv_id_different_title(tmp_path):
    path = tmp_path / "v.jsonl"
    path.write_text(
        jsonl(
            [
                {"id": "2501.00001v1", "title": "Old title", "abstract": "A."},
                {"id": "2501.00001v2", "title": "New title", "abstract": "B."},
            ]
        ),
        encoding="utf-8",
    )
    (paper,) = load_papers([path]).papers
    assert (paper.id, paper.title, paper.sources) == (
        "2501.00001",
        "Old title",
        [f"{path}:1", f"{path}:2"],
    )


def test_load_folder_recursive_sorted_skips_hidden(tmp_path):
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    shutil.copy(SAMPLE_FILES[1], tmp_path / "b" / "deeper" / "page1.txt")
    shutil.copy(SAMPLE_FILES[0], tmp_path / "a.txt")
    (tmp_path / ".hidden" / "junk.bin").write_bytes(b"\x00\xff")
    (tmp_path / ".junk.txt").write_text("not papers", encoding="utf-8")
    result = load_papers([tmp_path])
    files = [s.rsplit(":", 1)[0] for p in result.papers for s in p.sources]
    assert files[0] == str(tmp_path / "a.txt")
    assert set(files) == {str(tmp_path / "a.txt"), str(tmp_path / "b" / "deeper" / "page1.txt")}


@pytest.mark.parametrize(
    ("name", "kind", "content"),
    [
        ("papers.txt", "jsonl", jsonl(ROWS).encode()),  # JSONL under a .txt name
        ("papers.dat", "jsonl", gzip.compress(jsonl(ROWS).encode())),  # .jsonl.gz renamed
        ("page.jsonl", "hf_daily", SAMPLE_FILES[0].read_bytes()),  # page dump named .jsonl
        ("page.bin", "hf_daily", gzip.compress(SAMPLE_FILES[0].read_bytes())),  # gzipped page
        ("bom.jsonl", "jsonl", b"\xef\xbb\xbf\n\n" + jsonl(ROWS).encode()),  # BOM, blank lines
    ],
)
def test_load_format_detected_from_content(tmp_path, name, kind, content):
    path = tmp_path / name
    path.write_bytes(content)
    assert detect_format(path) == kind
    result = load_papers([path])
    assert result.entries == (2 if kind == "jsonl" else 43)  # 43 entries on page 000
    assert result.skipped == 0


GOOD = jsonl(ROWS).encode()


@pytest.mark.parametrize(
    ("name", "content", "line", "words"),
    [
        ("empty.jsonl", b"", None, "empty file"),
        ("blank.txt", b"\n \n\t\n", None, "empty file"),
        ("notes.txt", b"Just some notes.\nNothing else here.\n", 1, "no supported format"),
        ("array.json", b'[{"title": "T"}]', 1, "JSON array is not supported"),
        (
            "latin1.jsonl",
            GOOD + '{"title": "caf\xe9", "abstract": "A"}\n'.encode("latin-1"),
            3,
            "not UTF-8",
        ),
        ("binary.dat", b"\x89PNG\r\n\x1a\n\x00\x00", 1, "not UTF-8"),
        ("broken.jsonl", GOOD + b'{"title": "T", "abstract": \n', 3, "not valid JSON"),
        ("trunc.jsonl.gz", gzip.compress(GOOD * 200)[:-40], None, "truncated or corrupt gzip"),
        ("corrupt.gz", b"\x1f\x8b\x08\x00garbage-garbage-garbage", None, "gzip"),
        ("archive.zip", b"PK\x03\x04rest", 1, "zip archive"),
        (
            "header.txt",
            b"Daily Papers\n\nbyAK and the research community\n\nOct 31\n",
            None,
            "no supported format",
        ),
    ],
)
def test_load_bad_input_raises_input_format_error(tmp_path, name, content, line, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputFormatError) as info:
        load_papers([path])
    err = info.value
    assert words in str(err)
    assert err.path == str(path) and str(err).startswith(str(path))
    if line is not None:
        assert err.line == line and str(err).startswith(f"{path}:{line}: ")
    assert "\n" not in str(err)


def test_load_truncated_gzip_names_line_after_last_good(tmp_path):
    path = tmp_path / "trunc.jsonl.gz"
    path.write_bytes(gzip.compress(GOOD * 2000)[:-100])
    with pytest.raises(InputFormatError) as info:
        load_papers([path])
    assert info.value.line is not None and info.value.line > 1


def test_load_missing_path(tmp_path):
    missing = tmp_path / "nope.jsonl"
    with pytest.raises(InputFormatError, match=r"nope\.jsonl: no such file or folder"):
        load_papers([SAMPLE_DIR, missing])


def test_load_empty_folder(tmp_path):
    with pytest.raises(InputFormatError, match="folder holds no input file"):
        load_papers([tmp_path])


MISSING = [
    {"title": "Fine", "abstract": "A."},
    {"title": "No abstract"},
    {"summary": "No title."},
    {"title": "  ", "abstract": "Blank title."},
    {"title": "Null abstract", "abstract": None, "summary": ""},
]


def test_load_missing_fields_skipped_with_warnings(tmp_path, caplog):
    path = tmp_path / "partial.jsonl"
    path.write_text(jsonl(MISSING), encoding="utf-8")
    result = load_papers([path])
    assert (result.entries, len(result.papers), result.skipped) == (5, 1, 4)
    assert result.warnings == [
        f"{path}:2: record without abstract skipped",
        f"{path}:3: record without title skipped",
        f"{path}:4: record without title skipped",
        f"{path}:5: record without abstract skipped",
    ]
    assert f"{path}:2: record without abstract skipped" in caplog.text


def test_load_missing_field_strict_raises(tmp_path):
    path = tmp_path / "partial.jsonl"
    path.write_text(jsonl(MISSING), encoding="utf-8")
    with pytest.raises(MissingFieldError) as info:
        load_papers([path], strict=True)
    assert (info.value.path, info.value.line) == (str(path), 2)
    assert str(info.value).startswith(f"{path}:2: record has no abstract")


def test_load_hf_entry_without_abstract_strict(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(
        "Daily Papers\n\nOct 31\n\nLonely Title\n\n  • 2 authors\n·\nOct 2, 2024\n",
        encoding="utf-8",
    )
    assert load_papers([path]).skipped == 1
    with pytest.raises(MissingFieldError, match=r"page\.txt:5: record has no abstract"):
        load_papers([path], strict=True)
