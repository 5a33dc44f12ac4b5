"""Write the RDF export: Turtle (default), N-Triples or JSON-LD, atomically.

The format comes from ``format`` or else the file's suffix (``.ttl``, ``.nt``,
``.jsonld``). Turtle and N-Triples are streamed through pyoxigraph's serializer
(seconds for millions of triples); JSON-LD goes through rdflib with a compact
``@context`` of :data:`kg.rdf.namespace.PREFIXES`.

>>> import tempfile, pathlib
>>> from kg.model import Paper
>>> path = pathlib.Path(tempfile.mkdtemp()) / "graph.nt"
>>> write_rdf([Paper("2501.1", "A title", "An abstract.")], path)
>>> print(path.read_text().splitlines()[0])
<https://w3id.org/kg-papers/resource/paper/2501.1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/kg-papers/ontology#Paper> .
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.atomic import atomic_write
from kg.errors import ExportError
from kg.graph import Link
from kg.model import Paper
from kg.rdf.mapping import iter_triples, to_graph
from kg.rdf.namespace import PREFIXES

__all__ = ["FORMATS", "SUFFIXES", "format_for_path", "to_oxigraph_triples", "write_rdf"]

log = logging.getLogger(__name__)

#: Format name -> rdflib serializer/parser name.
FORMATS: dict[str, str] = {"turtle": "turtle", "ntriples": "nt", "json-ld": "json-ld"}
#: File suffix -> format name.
SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
_OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}


def format_for_path(path: str | Path, format: str | None = None) -> str:
    """The format name of ``path`` (or the given ``format``, checked); ExportError if unknown."""
    if format is not None:
        name = {"nt": "ntriples", "ttl": "turtle", "jsonld": "json-ld"}.get(format, format)
        if name not in FORMATS:
            raise ExportError(f"unknown RDF format {format!r}; use one of {', '.join(FORMATS)}")
        return name
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(
            f"{path}: cannot tell the RDF format from {suffix or 'no suffix'!r}; "
            f"use .ttl, .nt or .jsonld (or pass format=)"
        )
    return SUFFIXES[suffix]


def _ox_term(term: Node, cache: dict[Node, object]) -> object:
    if isinstance(term, URIRef):
        node = cache.get(term)
        if node is None:
            node = cache[term] = ox.NamedNode(str(term))
        return node
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is None:
            return ox.Literal(str(term))
        return ox.Literal(str(term), datatype=_ox_term(term.datatype, cache))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise ExportError(f"cannot export RDF term {term!r}")


def to_oxigraph_triples(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[ox.Triple]:
    """rdflib triples -> pyoxigraph triples (IRIs converted once each)."""
    cache: dict[Node, object] = {}
    for s, p, o in triples:
        yield ox.Triple(_ox_term(s, cache), _ox_term(p, cache), _ox_term(o, cache))


def write_rdf(
    papers: Sequence[Paper],
    path: str | Path,
    *,
    links: Sequence[Link] | None = None,
    format: str | None = None,
) -> None:
    """Write the RDF graph of ``papers`` (and ``links``, default computed) to ``path`` atomically."""
    name = format_for_path(path, format)
    path = Path(path)
    try:
        with atomic_write(path, "wb") as fh:
            if name in _OX_FORMATS:
                ox.serialize(
                    to_oxigraph_triples(iter_triples(papers, links)),
                    fh,
                    _OX_FORMATS[name],
                    prefixes=PREFIXES if name == "turtle" else None,
                )
            else:
                graph = to_graph(papers, links)
                context = {prefix: ns for prefix, ns in PREFIXES.items()}
                fh.write(graph.serialize(format="json-ld", context=context, encoding="utf-8"))
    except OSError as err:
        raise ExportError(f"cannot write {path}: {err.strerror or err}") from err
    log.info("wrote %s (%s)", path, name)
