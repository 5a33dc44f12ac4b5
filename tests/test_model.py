from __future__ import annotations

import json

import pytest

from kg.atomic import atomic_write, staging_dir
from kg.errors import ExportError
from kg.model import Paper, entity_key, match_key, read_papers, write_papers


def test_model_papers_jsonl_round_trip(tiny_papers, tmp_path):
    path = tmp_path / "papers.jsonl"
    assert write_papers(tiny_papers, path) == 4
    assert read_papers(path) == tiny_papers
    assert read_papers(tmp_path) == tiny_papers  # an export folder works too
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert set(first) >= {"id", "title", "abstract", "entities", "variant_of"}
    assert set(first["entities"][0]) == {
        "name",
        "type",
        "role",
        "aliases",
        "mentions",
        "confidence",
    }


def test_model_offsets_index_into_text(tiny_papers):
    for paper in tiny_papers:
        for ent in paper.entities:
            for m in ent.mentions:
                assert paper.text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Qwen2.5-Math-7B", "qwen2.5 math 7b", True),
        ("GRPO", "G-RPO", True),
        ("VideoGPT+", "VideoGPT", False),
        ("C#", "C", False),
    ],
)
def test_model_entity_key(a, b, same):
    assert (entity_key(a) == entity_key(b)) is same
    assert match_key(a) == match_key(b) or not same


def test_model_read_papers_names_bad_line(tmp_path):
    path = tmp_path / "papers.jsonl"
    path.write_text('{"id": "1", "title": "t", "abstract": "a"}\n{oops\n', encoding="utf-8")
    with pytest.raises(ExportError, match=r"papers\.jsonl:2"):
        read_papers(path)
    with pytest.raises(ExportError, match="kg build"):
        read_papers(tmp_path / "missing.jsonl")


def test_model_atomic_write_keeps_old_file_on_failure(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(path) as fh:
        fh.write("half")
        raise RuntimeError("boom")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_model_staging_dir_moves_in_only_on_success(tmp_path):
    out = tmp_path / "exports"
    with staging_dir(out) as tmp:
        (tmp / "papers.jsonl").write_text("new")
    assert (out / "papers.jsonl").read_text() == "new"
    with pytest.raises(RuntimeError), staging_dir(out) as tmp:
        (tmp / "papers.jsonl").write_text("newer")
        raise RuntimeError("failed half-way")
    assert (out / "papers.jsonl").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]


def test_model_paper_from_dict_ignores_unknown_fields():
    p = Paper.from_dict({"id": "1", "title": "t", "abstract": "a", "extra": 1})
    assert p == Paper("1", "t", "a")
