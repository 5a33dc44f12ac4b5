"""graph.html in a real browser: Debian's chromium, headless, with the network watched.

Each page records console messages, page errors, dialogs and every request; the
checks are what a person would see: the drawn network, the search box, the
filters, the tooltips, and that a hostile title shows as text. Screenshots go
to test-artifacts/ at the repository root.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.viz.browser import CHROMIUM_ARGS, chromium_path
from kg.viz.html import write_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = chromium_path()
ARGS = list(CHROMIUM_ARGS)
HOSTILE_TITLE = 'A "quoted" <script>alert(1)</script> title & <img src=x onerror=alert(2)>'
DRAWN = "[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        message = "Debian chromium is missing: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api") if not os.environ.get("CI") else None
    if sync_api is None:
        import playwright.sync_api as sync_api
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@dataclass
class Watched:
    """A page and everything it did: console output, errors, dialogs, requests."""

    page: object
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file://", "data:", "blob:"))]

    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"]


@pytest.fixture
def open_page(browser):
    contexts = []

    def _open(path: Path) -> Watched:
        context = browser.new_context(viewport={"width": 1400, "height": 860})
        contexts.append(context)
        page = context.new_page()
        seen = Watched(page)
        page.on("console", lambda m: seen.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: seen.errors.append(str(e)))
        page.on("request", lambda r: seen.requests.append(r.url))

        def on_dialog(dialog):
            seen.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("window.kgReady !== undefined", timeout=30_000)
        return seen

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def tiny_page(tmp_path, tiny_papers, open_page):
    summary = write_html(tiny_papers, tmp_path / "graph.html")
    return summary, open_page(summary.path)


def _clean(seen: Watched) -> None:
    assert seen.console_errors() == []
    assert seen.errors == []
    assert seen.dialogs == []
    assert seen.outside_requests() == []


def test_viz_browser_draws_the_whole_tiny_graph_offline(tiny_page):
    summary, seen = tiny_page
    assert seen.page.evaluate(DRAWN) == [summary.nodes, summary.edges] == [19, 25]
    assert seen.page.evaluate("kgNetwork.physics.options.enabled") is False
    assert seen.requests == [summary.path.as_uri()]  # the page itself, nothing else
    _clean(seen)
    ARTIFACTS.mkdir(exist_ok=True)
    seen.page.screenshot(path=str(ARTIFACTS / "viz-tiny.png"))


@pytest.mark.parametrize(
    ("query", "node"),
    [
        ("GRPO", "entity:grpo"),
        ("group relative policy", "entity:grpo"),
        ("imagenet", "entity:imagenet"),
        ("2502.00003", "paper:2502.00003"),
    ],
)
def test_viz_browser_search_selects_and_centres_the_node(tiny_page, query, node):
    _, seen = tiny_page
    page = seen.page
    page.evaluate("kgNetwork.moveTo({position: {x: 5000, y: 5000}, scale: 0.5})")
    page.fill("#kg-search", query)
    page.press("#kg-search", "Enter")
    assert page.evaluate("kgNetwork.getSelectedNodes()") == [node]
    centre = page.evaluate("kgNetwork.getViewPosition()")
    target = page.evaluate(f"kgNetwork.getPositions([{node!r}])[{node!r}]")
    assert abs(centre["x"] - target["x"]) < 1 and abs(centre["y"] - target["y"]) < 1
    assert page.locator("#kg-details h3").inner_text() != ""
    _clean(seen)


def test_viz_browser_search_without_match_says_so(tiny_page):
    _, seen = tiny_page
    seen.page.fill("#kg-search", "no such node anywhere")
    seen.page.press("#kg-search", "Enter")
    assert seen.page.inner_text("#kg-search-status") == "no match"
    assert seen.page.evaluate("kgNetwork.getSelectedNodes()") == []


def test_viz_browser_hostile_title_shows_as_text(tiny_page):
    _, seen = tiny_page
    page = seen.page
    page.fill("#kg-search", "t-quotes")
    page.press("#kg-search", "Enter")
    assert page.inner_text("#kg-details h3") == HOSTILE_TITLE
    assert page.locator("#kg-details img, #kg-details script").count() == 0
    # the tooltip too: hover over the node where it is drawn
    point = page.evaluate(
        "(() => { const p = kgNetwork.getPositions(['paper:t-quotes'])['paper:t-quotes'];"
        " const d = kgNetwork.canvasToDOM(p); const r = document.querySelector('#kg-network')"
        ".getBoundingClientRect(); return {x: d.x + r.left, y: d.y + r.top}; })()"
    )
    page.mouse.move(point["x"] + 40, point["y"] + 40)
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert HOSTILE_TITLE in tooltip.inner_text()
    assert "GRPO" in tooltip.inner_text() and "uses" in tooltip.inner_text()
    assert tooltip.locator("img, script").count() == 0
    assert page.evaluate("document.images.length") == 0
    _clean(seen)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "viz-tiny-tooltip.png"))


def test_viz_browser_filters_by_type_and_link_weight(tiny_page):
    _, seen = tiny_page
    page = seen.page
    page.uncheck("#kg-types input[value=Method]")  # 6 methods, with 9 role + 2 variant edges
    assert page.evaluate(DRAWN) == [13, 14]
    page.check("#kg-types input[value=Method]")
    assert page.evaluate(DRAWN) == [19, 25]
    n_links = page.evaluate("kgEdges.get({filter: e => e.k === 'link'}).length")
    assert n_links == 3
    page.eval_on_selector(
        "#kg-min-weight",
        "el => { el.value = el.max; el.dispatchEvent(new Event('input')); }",
    )
    strongest = page.evaluate(
        "kgEdges.get({filter: e => e.k === 'link' && e.w >= parseFloat("
        "document.querySelector('#kg-min-weight').value)}).length"
    )
    assert page.evaluate(DRAWN) == [19, 25 - n_links + strongest]
    _clean(seen)


def test_viz_browser_focused_view_selects_its_centre(tmp_path, tiny_papers, open_page):
    summary = write_html(tiny_papers, tmp_path / "grpo.html", focus="GRPO")
    seen = open_page(summary.path)
    assert seen.page.evaluate(DRAWN) == [summary.nodes, summary.edges]
    assert seen.page.evaluate("kgNetwork.getSelectedNodes()") == ["entity:grpo"]
    assert "Neighbourhood of GRPO" in seen.page.inner_text("h1")
    _clean(seen)


@pytest.mark.slow
def test_viz_browser_sample_export_draws_and_hides_single_paper_entities(sample_export, open_page):
    """The page kg build writes for the sample corpus (the screenshot people first see)."""
    seen = open_page(sample_export / "graph.html")
    page = seen.page
    total = page.evaluate("[kgNodes.length, kgEdges.length]")
    singles = page.evaluate("kgNodes.get({filter: n => n.kg.k === 'entity' && n.kg.p <= 1}).length")
    nodes, edges = page.evaluate(DRAWN)
    assert nodes == total[0] - singles > 0 and 0 < edges < total[1]
    page.check("#kg-singles")
    assert page.evaluate(DRAWN) == total
    page.uncheck("#kg-singles")
    _clean(seen)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "viz-sample.png"))
