"""The networkx stage: corpus-wide entities, paper-to-paper links, analytics."""

from __future__ import annotations

from kg.graph.build import build_graph, write_graphml
from kg.graph.entities import CorpusEntity, corpus_entities
from kg.graph.links import Link, shared_technique_links

__all__ = [
    "CorpusEntity",
    "Link",
    "build_graph",
    "corpus_entities",
    "shared_technique_links",
    "write_graphml",
]
