"""The Neo4j stage: graph model, driver loader, neo4j-admin CSV export, Cypher examples."""

from __future__ import annotations

__all__: list[str] = []
