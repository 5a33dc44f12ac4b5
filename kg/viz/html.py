"""``graph.html``: a self-contained interactive view of the graph that opens from disk.

The network is built with pyvis (nodes, edges, vis-network options) and drawn
by the vis-network bundled with pyvis, inlined into the page together with our
own script and style: the page makes no request. Positions are precomputed by
:func:`kg.viz.layout.spread_layout` and physics is off, so the drawing is
immediate and the same on every build. Every text from the data travels as
JSON inside a non-executed ``<script type="application/json">`` (``<``, ``>``,
``&`` escaped) and is put on the page with ``textContent`` only; a content
security policy allows no script but ours.

>>> import tempfile, pathlib
>>> from kg.model import Paper, Entity
>>> out = pathlib.Path(tempfile.mkdtemp()) / "g.html"
>>> s = write_html([Paper("a", "<b>T</b>", "x", entities=[Entity("GRPO", "Method")])], out)
>>> (s.nodes, s.edges, s.left_out)
(2, 1, 0)
>>> "<b>T</b>" in out.read_text()
False
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from kg.atomic import atomic_write
from kg.errors import ExportError
from kg.graph import Link, build_graph, corpus_entities, shared_technique_links
from kg.model import ENTITY_TYPES, Paper, read_papers
from kg.viz.layout import spread_layout
from kg.viz.select import neighbourhood, resolve_focus, top_nodes

__all__ = [
    "DEFAULT_MAX_NODES",
    "TYPE_STYLE",
    "VizSummary",
    "render_html",
    "safe_json",
    "view_path",
    "write_html",
    "write_view",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_NODES = 1500
DEFAULT_TITLE = "Knowledge graph of ML papers"
#: Colour and shape of each node type, in legend order (colour-blind safe Tableau 10).
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "Paper": ("#8a99ad", "square"),
    "Method": ("#4e79a7", "dot"),
    "Model": ("#f28e2b", "dot"),
    "Dataset": ("#59a14f", "dot"),
    "Benchmark": ("#e15759", "dot"),
    "Task": ("#b07aa1", "dot"),
    "Metric": ("#c9a227", "dot"),
}
_HERE = Path(__file__).parent
_VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
_LABEL_MAX = 38
#: Pixels between neighbours in the precomputed layout.
_SPACING = 60.0
#: Above this many nodes an unfocused view starts with single-paper entities hidden.
_HIDE_SINGLES_ABOVE = 300


@dataclass(frozen=True)
class VizSummary:
    """What a view shows and what it left out (counts), and where it was written."""

    path: Path
    nodes: int
    edges: int
    papers_left_out: int = 0
    entities_left_out: int = 0
    edges_left_out: int = 0
    focus: str | None = None
    truncated: bool = False

    @property
    def left_out(self) -> int:
        """Nodes of the graph that the view does not show."""
        return self.papers_left_out + self.entities_left_out

    def describe(self) -> str:
        """One line for the log and the page: what is shown and what was left out."""
        text = f"{self.nodes:,} nodes, {self.edges:,} edges"
        if self.focus is not None:
            text += f" within 2 links of {self.focus}"
            if self.truncated:
                text += " (the nearest and best-connected kept: raise --max-nodes to see more)"
        elif self.left_out:
            text += (
                f"; left out {self.papers_left_out:,} papers, {self.entities_left_out:,} entities "
                f"and {self.edges_left_out:,} edges, the least connected "
                "(raise --max-nodes or use --focus)"
            )
        return text


def safe_json(data: object) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line separators.

    >>> safe_json({"t": "</script><img onerror=x>"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cimg onerror=x\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(", ", ": "), allow_nan=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _short(text: str, limit: int = _LABEL_MAX) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _select(
    graph: nx.DiGraph, focus: str | None, max_nodes: int | None
) -> tuple[list[Hashable], str | None, bool]:
    """The kept nodes, the focus node, and whether ``max_nodes`` cut anything."""
    if focus is None:
        keep = top_nodes(graph, max_nodes)
        return keep, None, len(keep) < len(graph)
    center = resolve_focus(graph, focus)
    around = neighbourhood(graph, center)
    keep = around if max_nodes is None else around[:max_nodes]
    return keep, center, len(keep) < len(around)


def _network(
    papers: Sequence[Paper], graph: nx.DiGraph, links: Sequence[Link], keep: list[Hashable]
) -> Network:
    """The pyvis network of the kept nodes, with positions and the data the page shows."""
    view = graph.subgraph(keep)
    und = nx.Graph()
    und.add_nodes_from(keep)
    for a, b, data in view.edges(data=True):
        pull = 0.15 if data.get("kind") == "shares_technique" else 1.0
        und.add_edge(a, b, layout_weight=pull)
    # small views: room for big nodes and their labels (node sizes do not shrink below a floor)
    spacing = _SPACING * min(3.0, max(1.0, math.sqrt(150 / max(len(keep), 1))))
    pos = spread_layout(und, seed=0, scale=spacing)
    by_id = {f"paper:{p.id}": p for p in papers}
    entities = {f"entity:{k}": e for k, e in corpus_entities(papers).items()}
    via = {(f"paper:{lk.source}", f"paper:{lk.target}"): lk.via for lk in links}

    net = Network(directed=True, cdn_resources="in_line")
    # papers first: vis-network draws in this order, so entities (and their labels) stay on top
    for node in sorted(keep, key=lambda n: graph.nodes[n].get("kind") != "paper"):
        data = graph.nodes[node]
        x, y = pos[node]
        if data.get("kind") == "paper":
            paper = by_id[node]
            info = {
                "k": "paper",
                "n": paper.title,
                "id": paper.id,
                "d": paper.date or "",
                "u": paper.url or "",
                "up": paper.upvotes,
                "e": [[e.name, e.type, e.role] for e in paper.entities],
            }
            group, label = "Paper", _short(paper.title)
        else:
            ent = entities[node]
            info = {
                "k": "entity",
                "n": ent.name,
                "a": ent.aliases,
                "p": ent.papers,
                "r": dict(ent.roles),
            }
            group = ent.type if ent.type in TYPE_STYLE else "Method"
            label = _short(ent.name, 30)
        # entities grow with their papers, papers (many links each) stay modest
        degree = und.degree(node) if group != "Paper" else 1 + und.degree(node) / 4
        net.add_node(
            node,
            label=label,
            group=group,
            shape=TYPE_STYLE[group][1],
            value=round(degree, 2),
            x=x,
            y=y,
            kg=info,
        )
    for a, b, data in view.edges(data=True):
        kind = data.get("kind")
        if kind == "shares_technique":
            weight = float(data.get("weight", 0.0))
            names = via.get((a, b)) or via.get((b, a)) or str(data.get("via", "")).split("; ")
            net.add_edge(a, b, k="link", w=weight, v=list(names), value=weight, arrows="")
        elif kind == "variant_of":
            net.add_edge(a, b, k="variant", arrows="to", dashes=True)
        else:
            net.add_edge(a, b, k="role", r=data.get("role", "mentions"), arrows="")
    return net


def _options(n_nodes: int, n_shown: int) -> dict:
    """vis-network options; nodes grow with the graph so a fitted overview stays legible."""
    big = n_nodes > 800
    grow = min(2.0, max(1.0, math.sqrt(n_shown / 150)))
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 0},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1,
            "borderWidthSelected": 3,
            "font": {
                "face": "system-ui, -apple-system, 'Segoe UI', sans-serif",
                "color": "#1f2933",
                "strokeWidth": 4,
                "strokeColor": "rgba(255,255,255,0.9)",
            },
            "scaling": {
                "min": round(7 * grow, 1),
                "max": round(48 * grow, 1),
                "label": {
                    "enabled": True,
                    "min": round(12 * grow, 1),
                    "max": round(44 * grow, 1),
                    "drawThreshold": 7,
                    "maxVisible": 24,
                },
            },
        },
        "edges": {
            "smooth": False,
            "width": 0.6,
            "selectionWidth": 1.6,
            "hoverWidth": 1.2,
            "color": {
                "color": "#b8c0cc",
                "highlight": "#37474f",
                "hover": "#37474f",
                "opacity": 0.7,
            },
            "scaling": {"min": 0.6, "max": 5, "label": {"enabled": False}},
            "arrows": {"to": {"scaleFactor": 0.5}},
        },
        "groups": {
            name: {
                # paper titles are long: drawn small, so they appear only when zoomed in
                **(
                    {
                        "scaling": {
                            "min": round(6 * grow, 1),
                            "max": round(14 * grow, 1),
                            "label": {"min": 8, "max": 12, "drawThreshold": 9},
                        }
                    }
                    if name == "Paper"
                    else {}
                ),
                "shape": shape,
                "color": {
                    "background": color,
                    "border": "#ffffff",
                    "highlight": {"background": color, "border": "#111827"},
                    "hover": {"background": color, "border": "#111827"},
                },
            }
            for name, (color, shape) in TYPE_STYLE.items()
        },
    }


@cache
def _asset(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ExportError(
            f"{path}: cannot be inlined (contains a closing tag); reinstall kg-papers"
        )
    return text


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render_html(
    papers: Sequence[Paper],
    *,
    links: Sequence[Link] | None = None,
    focus: str | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    title: str = DEFAULT_TITLE,
    path: Path = Path("graph.html"),
) -> tuple[str, VizSummary]:
    """The page's HTML and its :class:`VizSummary` (see :func:`write_html`)."""
    if max_nodes is not None and max_nodes < 1:
        raise ExportError(f"--max-nodes must be at least 1, not {max_nodes}")
    if links is None:
        links = shared_technique_links(papers)
    graph = build_graph(papers, links)
    keep, center, truncated = _select(graph, focus, max_nodes)
    net = _network(papers, graph, links, keep)
    view = graph.subgraph(keep)
    kinds = [graph.nodes[n].get("kind") for n in graph]
    kept_kinds = [graph.nodes[n].get("kind") for n in keep]
    summary = VizSummary(
        path=Path(path),
        nodes=len(net.nodes),
        edges=len(net.edges),
        papers_left_out=kinds.count("paper") - kept_kinds.count("paper"),
        entities_left_out=kinds.count("entity") - kept_kinds.count("entity"),
        edges_left_out=graph.number_of_edges() - view.number_of_edges(),
        focus=str(graph.nodes[center].get("label")) if center else None,
        truncated=truncated,
    )
    if center and title == DEFAULT_TITLE:
        title = f"Neighbourhood of {_short(summary.focus or '', 60)}"
    counts = {t: 0 for t in TYPE_STYLE}
    for node in net.nodes:
        counts[node["group"]] += 1
    weights = [e["w"] for e in net.edges if e.get("k") == "link"]
    nodes, edges, _heading, _height, _width, _options_json = net.get_network_data()
    hide_singles = center is None and len(nodes) > _HIDE_SINGLES_ABOVE
    shown = sum(
        1 for n in nodes if not (hide_singles and n["kg"]["k"] == "entity" and n["kg"]["p"] <= 1)
    )
    payload = {
        "nodes": nodes,
        "edges": edges,
        "options": _options(len(nodes), shown),
        "types": [
            {"name": t, "color": c, "shape": s, "count": counts[t]}
            for t, (c, s) in TYPE_STYLE.items()
            if t == "Paper" or t in ENTITY_TYPES
        ],
        "maxWeight": math.ceil(max(weights, default=0.0) * 10) / 10,
        "focus": center,
        "hideSingles": hide_singles,
        "summary": summary.describe(),
    }
    scripts = [_asset(_VIS_DIR / "vis-network.min.js"), _asset(_HERE / "static" / "graph.js")]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_HERE / "templates"),
        autoescape=True,
        keep_trailing_newline=True,
    )
    html = env.get_template("graph.html.j2").render(
        title=title,
        summary=summary,
        data_json=jinja2.utils.markupsafe.Markup(safe_json(payload)),
        styles=[
            jinja2.utils.markupsafe.Markup(_asset(_VIS_DIR / "vis-network.css")),
            jinja2.utils.markupsafe.Markup(_asset(_HERE / "static" / "graph.css")),
        ],
        scripts=[jinja2.utils.markupsafe.Markup(s) for s in scripts],
        script_hashes=" ".join(_csp_hash(s) for s in scripts),
    )
    return html, summary


def write_html(
    papers: Sequence[Paper],
    path: str | Path,
    *,
    links: Sequence[Link] | None = None,
    focus: str | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    title: str = DEFAULT_TITLE,
) -> VizSummary:
    """Write the interactive view of ``papers`` to ``path`` (atomically).

    ``links`` default to :func:`kg.graph.shared_technique_links`. ``focus`` (an
    entity name or alias, a paper id or title) keeps that node's neighbourhood,
    nearest first; ``max_nodes`` caps the view, keeping the best-connected nodes
    (``None``: no cap). Raises :class:`~kg.errors.QueryError` for an unknown focus.
    """
    path = Path(path)
    html, summary = render_html(
        papers, links=links, focus=focus, max_nodes=max_nodes, title=title, path=path
    )
    try:
        with atomic_write(path) as fh:
            fh.write(html)
    except OSError as err:
        raise ExportError(f"cannot write {path}: {err.strerror}; choose another --out") from err
    log.info("wrote %s: %s", path, summary.describe())
    return summary


def view_path(export_dir: str | Path, focus: str | None = None) -> Path:
    """Where ``kg viz`` writes by default: ``graph.html``, or ``graph-<focus>.html``.

    >>> view_path("exports", "Qwen2.5 7B").name
    'graph-qwen2.5-7b.html'
    """
    folder = Path(export_dir)
    if folder.suffix == ".jsonl":
        folder = folder.parent
    if not focus:
        return folder / "graph.html"
    slug = re.sub(r"[^\w.+-]+", "-", focus.casefold()).strip("-.")[:60] or "focus"
    return folder / f"graph-{slug}.html"


def write_view(
    export_dir: str | Path = "exports",
    *,
    focus: str | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    out: str | Path | None = None,
) -> VizSummary:
    """``kg viz``: read ``papers.jsonl`` of ``export_dir`` and write a (focused) view."""
    papers = read_papers(export_dir)
    if not papers:
        raise ExportError(f"{export_dir}: no papers to show; run `kg build` first")
    target = Path(out) if out is not None else view_path(export_dir, focus)
    return write_html(papers, target, focus=focus, max_nodes=max_nodes)
