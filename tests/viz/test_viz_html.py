"""graph.html as a file: self-contained, escaped, counted, focused, written atomically."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from kg.errors import ExportError, QueryError
from kg.graph import build_graph
from kg.model import write_papers
from kg.viz.html import render_html, safe_json, view_path, write_html, write_view

HOSTILE = "<script>alert(1)</script> title & <img src=x onerror=alert(2)>"


def _payload(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert match, "the page has no data block"
    return json.loads(match.group(1))


def test_viz_html_page_loads_nothing_from_outside(tmp_path, tiny_papers):
    write_html(tiny_papers, tmp_path / "g.html")
    html = (tmp_path / "g.html").read_text()
    assert not re.search(
        r"<(script|img|iframe|link|object|embed)\b[^>]*\b(src|href|data)\s*=", html, re.I
    )
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", html, re.I)
    assert "Content-Security-Policy" in html and "connect-src 'none'" in html
    assert "vis-network" in html  # the library is inlined


def test_viz_html_data_text_never_appears_as_markup(tmp_path, tiny_papers):
    html, _ = render_html(tiny_papers)
    assert HOSTILE not in html
    assert "<img src=x" not in html and "<script>alert" not in html
    titles = {n["kg"]["n"] for n in _payload(html)["nodes"]}
    assert tiny_papers[1].title in titles  # intact in the data, shown as text by the page


@pytest.mark.parametrize(
    "value",
    ["</script><script>alert(1)</script>", "a & b > c", "line\u2028sep\u2029", '"quoted"', "Ünï"],
)
def test_viz_html_safe_json_round_trips_without_breaking_out(value):
    text = safe_json({"v": value})
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"v": value}


def test_viz_html_counts_match_the_graph(tiny_papers):
    graph = build_graph(tiny_papers)
    html, summary = render_html(tiny_papers)
    data = _payload(html)
    assert (summary.nodes, summary.edges) == (graph.number_of_nodes(), graph.number_of_edges())
    assert (len(data["nodes"]), len(data["edges"])) == (summary.nodes, summary.edges)
    assert summary.left_out == 0 and not summary.truncated
    kinds = {e["k"] for e in data["edges"]}
    assert kinds == {"role", "link", "variant"}
    link = next(e for e in data["edges"] if e["k"] == "link")
    assert link["v"] and link["w"] > 0  # shared entities and weight for the tooltip
    grpo = next(n for n in data["nodes"] if n["id"] == "entity:grpo")
    assert grpo["kg"]["a"] == ["Group Relative Policy Optimization"] and grpo["kg"]["p"] == 3
    paper = next(n for n in data["nodes"] if n["id"] == "paper:2501.00001")
    assert ["GRPO", "Method", "uses"] in paper["kg"]["e"] and paper["kg"]["d"] == "2025-05-28"


def test_viz_html_layout_is_precomputed_with_physics_off(tiny_papers):
    html, _ = render_html(tiny_papers)
    data = _payload(html)
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert render_html(tiny_papers)[0] == html  # deterministic


def test_viz_html_max_nodes_keeps_the_best_connected_and_says_so(tiny_papers):
    html, summary = render_html(tiny_papers, max_nodes=8)
    assert summary.nodes == 8 and summary.truncated
    assert summary.entities_left_out + summary.papers_left_out == 19 - 8
    assert summary.edges_left_out > 0
    assert "left out" in summary.describe() and "left out" in html


def test_viz_html_focus_keeps_the_neighbourhood(tiny_papers):
    html, summary = render_html(tiny_papers, focus="GRPO")
    ids = {n["id"] for n in _payload(html)["nodes"]}
    assert "entity:grpo" in ids and "paper:t-quotes" in ids and "paper:2503.00004" not in ids
    assert summary.focus == "GRPO" and _payload(html)["focus"] == "entity:grpo"
    assert "Neighbourhood of GRPO" in html


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"focus": "no such thing"}, QueryError, "no entity or paper"),
        ({"max_nodes": 0}, ExportError, "at least 1"),
    ],
)
def test_viz_html_bad_arguments_raise_clear_errors(tmp_path, tiny_papers, kwargs, error, message):
    with pytest.raises(error, match=message):
        write_html(tiny_papers, tmp_path / "g.html", **kwargs)
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_viz_html_unwritable_target_is_an_export_error(tmp_path, tiny_papers):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        write_html(tiny_papers, blocker / "g.html")


def test_viz_html_write_view_reads_an_export(tmp_path, tiny_papers):
    write_papers(tiny_papers, tmp_path / "papers.jsonl")
    summary = write_view(tmp_path, focus="LoRA")
    assert summary.path == tmp_path / "graph-lora.html" and summary.path.exists()
    assert view_path(tmp_path) == tmp_path / "graph.html"
    with pytest.raises(ExportError, match="not found"):
        write_view(tmp_path / "missing")


@pytest.mark.parametrize(
    ("args", "code", "expect"),
    [
        (["--focus", "GRPO", "--max-nodes", "5"], 0, "graph-grpo.html"),
        (["--out", "{tmp}/all.html"], 0, "all.html"),
        (["--focus", "nothing-like-this"], 2, "no entity or paper"),
    ],
)
def test_viz_cli_writes_views_and_reports_errors(tmp_path, tiny_papers, args, code, expect):
    write_papers(tiny_papers, tmp_path / "papers.jsonl")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    run = subprocess.run(
        [sys.executable, "-m", "kg", "viz", str(tmp_path), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == code, run.stderr
    assert expect in run.stdout + run.stderr
    if code == 0:
        assert (tmp_path / expect).exists()
