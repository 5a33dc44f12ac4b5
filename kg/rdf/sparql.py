"""SPARQL over an RDF export (``kg sparql``): bundled example queries, parameters, two stores.

A query is a ``.rq`` file, the name of a bundled example (``kg sparql --list``) or
inline text. ``params`` set a query's ``VALUES ?name { ... }`` clause, so the
examples answer "papers that use X" for any X without editing them; values are
escaped as RDF terms, never pasted as text:

>>> set_params('SELECT * { VALUES ?name { "GRPO" } }', {"name": 'Lo"RA'})
'SELECT * { VALUES ?name { "Lo\\\\"RA" } }'

Two stores answer the same queries: ``rdflib`` (pure Python) and ``oxigraph``
(pyoxigraph, Rust; the default, see docs/rdf.md for the measured difference).
The common prefixes of :data:`kg.rdf.namespace.PREFIXES` are predeclared.

>>> import tempfile, pathlib
>>> from kg.model import Paper
>>> from kg.rdf.export import write_rdf
>>> path = pathlib.Path(tempfile.mkdtemp()) / "graph.ttl"
>>> write_rdf([Paper("2501.1", "A title", "An abstract.")], path)
>>> res = run_sparql("SELECT ?t WHERE { ?p dcterms:title ?t }", data=path)
>>> [str(row[0]) for row in res.rows]
['A title']
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from kg.errors import ExportError, QueryError
from kg.rdf.export import format_for_path
from kg.rdf.namespace import PREFIXES, bind_prefixes
from kg.rdf.validate import load_graph

__all__ = [
    "DEFAULT_STORE",
    "STORES",
    "BundledQuery",
    "QueryResult",
    "Store",
    "bind_params",
    "bundled_queries",
    "check_offline",
    "open_store",
    "parse_params",
    "prepare_query",
    "resolve_query",
    "result_to_csv",
    "result_to_json",
    "result_to_rows",
    "result_to_table",
    "run_sparql",
    "set_params",
]

log = logging.getLogger(__name__)

StoreName = TypingLiteral["rdflib", "oxigraph"]
STORES: tuple[str, ...] = ("oxigraph", "rdflib")
#: The default store: oxigraph answers every example in milliseconds at 46k papers (scripts/bench_rdf.py).
DEFAULT_STORE = "oxigraph"

_VALUES = r"VALUES\s+\?{name}\s*\{{\s*([^{{}}]*?)\s*\}}"
_ANY_VALUES = re.compile(_VALUES.format(name=r"(\w+)"), re.IGNORECASE)
_BAD_IRI = re.compile(r'[\s<>"{}|^`\\]')
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
}


# ---------------------------------------------------------------- bundled queries


@dataclass(frozen=True)
class BundledQuery:
    """An example query shipped in ``kg/rdf/queries/``: its header comments say what it does."""

    name: str
    text: str
    description: str
    params: dict[str, str] = field(default_factory=dict)
    example: str = ""


def _parse_header(name: str, text: str) -> BundledQuery:
    description, example, params = "", "", {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.startswith("param "):
            pname, _, doc = body[len("param ") :].partition(":")
            params[pname.strip()] = doc.strip()
        elif body.startswith("example:"):
            example = body[len("example:") :].strip()
        elif body and not description:
            description = body
    return BundledQuery(name, text, description, params, example)


def bundled_queries() -> dict[str, BundledQuery]:
    """The example queries by name (file stem), sorted."""
    folder = resources.files("kg.rdf") / "queries"
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            out[name] = _parse_header(name, entry.read_text(encoding="utf-8"))
    return out


def resolve_query(query: str) -> tuple[str, str]:
    """``(text, source)`` of a query given as a bundled name, a ``.rq`` path or inline text."""
    bundled = bundled_queries()
    if query in bundled:
        return bundled[query].text, f"example {query}"
    looks_like_path = "\n" not in query and "{" not in query and len(query) < 4096
    if looks_like_path:
        path = Path(query)
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8"), str(path)
            except (OSError, UnicodeDecodeError) as err:
                raise QueryError(f"{path}: cannot read the query ({err})") from err
        if path.suffix in {".rq", ".sparql"}:
            raise QueryError(f"{path} not found")
        if re.fullmatch(r"[\w-]+", query):
            raise QueryError(
                f"no example query named {query!r}; `kg sparql --list` shows them "
                f"({', '.join(bundled)})"
            )
    return query, "inline query"


# ---------------------------------------------------------------- parameters


def _param_term(name: str, default: str, value: str) -> str:
    """``value`` as an RDF term of the same kind as the clause's default ``default``."""
    default = default.strip()
    if default.startswith("<") or re.fullmatch(r"[A-Za-z][\w-]*:[\w.-]*", default):
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri) or _BAD_IRI.search(iri):
            raise QueryError(f"--param {name}: {value!r} is not an absolute IRI")
        return URIRef(iri).n3()
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", default):
        try:
            number = Decimal(value)
        except InvalidOperation as err:
            raise QueryError(f"--param {name}: {value!r} is not a number") from err
        if not number.is_finite():
            raise QueryError(f"--param {name}: {value!r} is not a finite number")
        return str(number)
    return _string_literal(value)


_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def _string_literal(value: str) -> str:
    """A SPARQL ``"..."`` literal: quotes, backslashes and line breaks escaped (ECHAR)."""
    return '"' + "".join(_ESCAPES.get(c, c) for c in value) + '"'


def set_params(text: str, params: Mapping[str, str]) -> str:
    """Replace each ``VALUES ?name { default }`` clause by ``VALUES ?name { value }``.

    QueryError if the query has no such clause for a parameter.
    """
    for name, value in params.items():
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"--param {name!r}: a parameter name is a SPARQL variable name")
        pattern = re.compile(_VALUES.format(name=re.escape(name)), re.IGNORECASE)
        match = pattern.search(text)
        if match is None:
            known = sorted({m.group(1) for m in _ANY_VALUES.finditer(text)})
            hint = f"it can set {', '.join(known)}" if known else "it has no VALUES clause"
            raise QueryError(f"--param {name}: the query has no `VALUES ?{name} {{ ... }}`; {hint}")
        term = _param_term(name, match.group(1), value)
        text = text[: match.start()] + f"VALUES ?{name} {{ {term} }}" + text[match.end() :]
    return text


_STRINGS_AND_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*'
)
#: One RDF term: a plain string, a number, an <IRI> or a prefixed name.
_ONE_TERM = re.compile(
    r'"(?:[^"\\\n]|\\.)*"|[+-]?\d+(\.\d+)?|<[^<>"{}|^`\\\s]*>|[A-Za-z][\w-]*:[\w-]*'
)
_NETWORK = re.compile(r"(?<![?$\w:])(SERVICE|FROM)\b", re.IGNORECASE)


def _blank_strings(text: str) -> str:
    """``text`` with string literals and comments blanked out (same length)."""
    return _STRINGS_AND_COMMENTS.sub(lambda m: " " * len(m.group(0)), text)


def check_offline(text: str) -> None:
    """QueryError for SERVICE or FROM: both make a SPARQL engine fetch data over the network.

    >>> check_offline("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: SERVICE is not supported: kg sparql queries the local export only
    """
    match = _NETWORK.search(_blank_strings(text))
    if match:
        raise QueryError(
            f"{match.group(1).upper()} is not supported: kg sparql queries the local export only"
        )


def bind_params(text: str, params: Mapping[str, str] | None = None) -> tuple[str, dict[str, Node]]:
    """Set ``params`` (:func:`set_params`), then turn each top-level one-value ``VALUES ?v { x }``
    into a pre-bound variable ``v = x``: the same answers, but rdflib then evaluates the
    patterns with the value bound instead of joining afterwards (minutes -> milliseconds).

    >>> text, bindings = bind_params('SELECT ?t WHERE { VALUES ?id { "a" } ?p ?q ?id }', {"id": "b"})
    >>> text, bindings
    ('SELECT ?t WHERE {  ?p ?q ?id }', {'id': rdflib.term.Literal('b')})
    """
    from rdflib.util import from_n3

    text = set_params(text, params or {})
    bindings: dict[str, Node] = {}
    while True:
        blanked = _blank_strings(text)
        for match in _ANY_VALUES.finditer(blanked):
            depth = blanked.count("{", 0, match.start()) - blanked.count("}", 0, match.start())
            opening = blanked.index("{", match.start())
            body = text[opening + 1 : match.end() - 1].strip()
            if depth != 1 or match.group(1) in bindings or not _ONE_TERM.fullmatch(body):
                continue
            bindings[match.group(1)] = from_n3(body, nsm=bind_prefixes(Graph()).namespace_manager)
            text = text[: match.start()] + text[match.end() :]
            break
        else:
            return text, bindings


# ---------------------------------------------------------------- results


@dataclass
class QueryResult:
    """A store-independent result: SELECT rows of rdflib terms, an ASK boolean or CONSTRUCT triples."""

    kind: str  # "select" | "ask" | "graph"
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    seconds: float = 0.0


def _plain(term: Node | None) -> str:
    if term is None:
        return ""
    return str(term)


def result_to_rows(
    result: QueryResult, namespace_manager: NamespaceManager | None = None
) -> list[list[str]]:
    """Rows of display strings: IRIs shortened with the export's prefixes, literals as their text."""
    nm = namespace_manager or bind_prefixes(Graph()).namespace_manager
    rows = []
    for row in result.rows:
        cells = []
        for term in row:
            if isinstance(term, URIRef):
                try:
                    cells.append(nm.normalizeUri(term) if _abbreviable(nm, term) else str(term))
                except Exception:  # rdflib cannot split every IRI into a prefixed name
                    cells.append(str(term))
            else:
                cells.append(_plain(term))
        rows.append(cells)
    return rows


def _abbreviable(nm: NamespaceManager, term: URIRef) -> bool:
    return any(str(term).startswith(ns) and len(str(term)) > len(ns) for _, ns in nm.namespaces())


def result_to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV results (full IRIs, literal text); ``true``/``false`` for ASK."""
    if result.kind == "ask":
        return f"{str(result.boolean).lower()}\n"
    if result.kind == "graph":
        return result.graph.serialize(format="nt") if result.graph is not None else ""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow([_plain(t) for t in row])
    return buf.getvalue()


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def result_to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (the W3C format every SPARQL client reads)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    if result.kind == "graph":
        return result.graph.serialize(format="json-ld") if result.graph is not None else "[]"
    bindings = [
        {
            var: _json_term(term)
            for var, term in zip(result.vars, row, strict=True)
            if term is not None
        }
        for row in result.rows
    ]
    return json.dumps(
        {"head": {"vars": result.vars}, "results": {"bindings": bindings}},
        ensure_ascii=False,
        indent=2,
    )


# ---------------------------------------------------------------- stores


def _from_ox(term) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"unsupported RDF term in the result: {term!r}")


def _from_rdflib(term: Node | None) -> Node | None:
    if isinstance(term, Literal) and term.datatype == XSD.string and not term.language:
        return Literal(str(term))
    return term


class Store:
    """A loaded RDF export that answers SPARQL; see :func:`open_store`."""

    name: str = ""
    triples: int = 0

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        """Run ``text`` with variables pre-bound to ``bindings``; QueryError if it cannot."""
        raise NotImplementedError  # pragma: no cover - overridden


class RdflibStore(Store):
    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.triples = len(graph)

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        started = time.perf_counter()
        check_offline(text)
        try:
            res = self.graph.query(text, initNs=PREFIXES, initBindings=dict(bindings or {}))
            if res.type == "ASK":
                out = QueryResult("ask", boolean=bool(res.askAnswer))
            elif res.type in {"CONSTRUCT", "DESCRIBE"}:
                out = QueryResult("graph", graph=bind_prefixes(res.graph))
            else:
                names = [str(v) for v in res.vars]
                rows = [tuple(_from_rdflib(row[i]) for i in range(len(names))) for row in res]
                out = QueryResult("select", vars=names, rows=rows)
        except QueryError:
            raise
        except Exception as err:  # pyparsing, rdflib and evaluation errors of every kind
            raise QueryError(f"SPARQL error (rdflib): {_one_line(err)}") from err
        out.seconds = time.perf_counter() - started
        return out


class OxigraphStore(Store):
    name = "oxigraph"

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.triples = len(store)

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        started = time.perf_counter()
        check_offline(text)
        if bindings:  # oxigraph substitutes projected variables only: state them as VALUES
            values = " ".join(f"VALUES ?{k} {{ {v.n3()} }}" for k, v in bindings.items())
            text = re.sub(
                r"\bWHERE\s*\{", lambda m: m.group(0) + " " + values, text, count=1, flags=re.I
            )
        try:
            res = self.store.query(text, prefixes=PREFIXES)
            if isinstance(res, ox.QueryBoolean):
                out = QueryResult("ask", boolean=bool(res))
            elif isinstance(res, ox.QueryTriples):
                graph = bind_prefixes(Graph())
                for t in res:
                    graph.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))
                out = QueryResult("graph", graph=graph)
            else:
                names = [v.value for v in res.variables]
                rows = [tuple(_from_ox(sol[i]) for i in range(len(names))) for sol in res]
                out = QueryResult("select", vars=names, rows=rows)
        except QueryError:
            raise
        except (SyntaxError, ValueError, OSError, TypeError) as err:
            raise QueryError(f"SPARQL error (oxigraph): {_one_line(err)}") from err
        out.seconds = time.perf_counter() - started
        return out


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text[:400] or type(err).__name__


def _data_file(data: str | Path) -> Path:
    path = Path(data)
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.is_file():
        raise ExportError(f"{path} not found; run `kg build` first or pass --data")
    return path


def open_store(data: str | Path = "exports/graph.ttl", store: str = DEFAULT_STORE) -> Store:
    """Load an RDF export (a file, or an export folder's graph.ttl) into the chosen store."""
    if store not in STORES:
        raise QueryError(f"--store {store!r}: use one of {', '.join(STORES)}")
    path = _data_file(data)
    if store == "rdflib":
        return RdflibStore(load_graph(path))
    fmt = format_for_path(path)
    oxs = ox.Store()
    try:
        oxs.bulk_load(path=str(path), format=_OX_FORMATS[fmt])
    except (SyntaxError, ValueError, OSError) as err:
        raise ExportError(f"{path}: not valid {fmt}: {_one_line(err)}") from err
    return OxigraphStore(oxs)


def prepare_query(
    text: str, params: Mapping[str, str] | None = None, store: str = DEFAULT_STORE
) -> tuple[str, dict[str, Node]]:
    """``(text, bindings)`` to pass to ``Store.query``: parameters set the best way for ``store``.

    rdflib gets pre-bound variables (:func:`bind_params`), oxigraph plain VALUES clauses.
    """
    if store == "rdflib":
        return bind_params(text, params)
    return set_params(text, params or {}), {}


def run_sparql(
    query: str,
    data: str | Path = "exports/graph.ttl",
    *,
    store: str = DEFAULT_STORE,
    params: Mapping[str, str] | None = None,
) -> QueryResult:
    """Resolve ``query`` (name, file or text), set ``params`` and run it on ``data``."""
    text, source = resolve_query(query)
    text, bindings = prepare_query(text, params, store)
    log.debug("running %s on %s with %s, bindings %s", source, data, store, bindings)
    return open_store(data, store).query(text, bindings)


def parse_params(items: list[str] | None) -> dict[str, str]:
    """``["name=LoRA", "id=2501.1"]`` -> ``{"name": "LoRA", "id": "2501.1"}``; QueryError if malformed.

    >>> parse_params(["name=LoRA", "task=code generation"])
    {'name': 'LoRA', 'task': 'code generation'}
    """
    out = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {item!r}: write NAME=VALUE, e.g. --param name=LoRA")
        out[name.strip().lstrip("?")] = value
    return out


def result_to_table(result: QueryResult, title: str | None = None):
    """A rich Table of a SELECT result (cells are plain text, never console markup)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=False)
    for var in result.vars:
        table.add_column(var, overflow="fold")
    for row in result_to_rows(result):
        table.add_row(*(Text(cell) for cell in row))
    return table
