"""The HTML view: ``graph.html``, a self-contained interactive drawing of the graph."""

from __future__ import annotations

from kg.viz.html import VizSummary, write_html, write_view

__all__ = ["VizSummary", "write_html", "write_view"]
