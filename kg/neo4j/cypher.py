"""The bundled Cypher examples (``kg/neo4j/queries/*.cypher``) and ``kg neo4j query``.

Each example file starts with ``//`` comment lines: the first says what it
answers, and each ``// @param NAME JSON`` gives a parameter and its default.
Values always reach Neo4j as driver parameters, never spliced into the text.

>>> [e.name for e in examples()]
['papers_using', 'shared_techniques', 'shortest_path', 'top_benchmarks', 'variants']
>>> example("variants").params
{'name': 'GRPO'}
>>> parse_params(["limit=5", "name=GRPO", 'ids=["a", "b"]'])
{'limit': 5, 'name': 'GRPO', 'ids': ['a', 'b']}
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import KGError, QueryError
from kg.neo4j.load import DEFAULT_URI, DEFAULT_USER, connect, neo4j_errors

__all__ = [
    "Example",
    "QueryResult",
    "example",
    "examples",
    "parse_params",
    "resolve_query",
    "run_query",
]


@dataclass(frozen=True)
class Example:
    """A bundled query: ``name`` (the file stem), what it answers, its text and default params."""

    name: str
    description: str
    cypher: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class QueryResult:
    """Column names and rows (plain Python values) of a query."""

    columns: list[str]
    rows: list[dict[str, Any]]


def _parse_example(name: str, text: str) -> Example:
    description, params = "", {}
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        body = line[2:].strip()
        if body.startswith("@param"):
            _, pname, value = body.split(None, 2)
            params[pname] = json.loads(value)
        elif not description:
            description = body
    return Example(name, description, text, params)


def examples() -> list[Example]:
    """Every bundled example, by name."""
    folder = resources.files("kg.neo4j") / "queries"
    found = [
        _parse_example(item.name.removesuffix(".cypher"), item.read_text(encoding="utf-8"))
        for item in folder.iterdir()
        if item.name.endswith(".cypher")
    ]
    return sorted(found, key=lambda e: e.name)


def example(name: str) -> Example:
    """The bundled example ``name``; an unknown name is a :class:`QueryError` listing them."""
    for ex in examples():
        if ex.name == name.removesuffix(".cypher"):
            return ex
    names = ", ".join(e.name for e in examples())
    raise QueryError(f"no example query named {name!r}; the examples are: {names}")


def parse_params(pairs: Sequence[str]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs; a value is read as JSON when it parses, else as a string."""
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"parameter {pair!r} is not NAME=VALUE")
        try:
            out[name.strip()] = json.loads(value)
        except ValueError:
            out[name.strip()] = value
    return out


def resolve_query(query: str) -> tuple[str, dict[str, Any]]:
    """Cypher and default parameters of ``query``: an example name, a ``.cypher`` file or Cypher."""
    names = {e.name for e in examples()}
    if query.removesuffix(".cypher") in names and not Path(query).is_file():
        ex = example(query)
        return ex.cypher, dict(ex.params)
    path = Path(query)
    if query.endswith(".cypher") or (len(query) < 300 and "\n" not in query and path.is_file()):
        try:
            parsed = _parse_example(path.stem, path.read_text(encoding="utf-8"))
        except OSError as err:
            raise QueryError(f"{query}: cannot read the query file ({err.strerror})") from err
        return parsed.cypher, parsed.params
    return query, {}


def _plain(value: Any) -> Any:
    """Driver values (nodes, relationships, paths) as plain dicts and lists."""
    from neo4j.graph import Node, Relationship
    from neo4j.graph import Path as GraphPath

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **dict(value)}
    if isinstance(value, Relationship):
        return {"type": value.type, **dict(value)}
    if isinstance(value, GraphPath):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@contextlib.contextmanager
def _write_hint(read_only: bool) -> Iterator[None]:
    try:
        yield
    except KGError as err:
        code = getattr(err.__cause__, "code", "") or ""
        if read_only and "AccessMode" in code:
            raise type(err)(f"{err}; add --write to let the query write") from err.__cause__
        raise


def run_query(
    cypher: str,
    params: dict[str, Any] | None = None,
    *,
    uri: str = DEFAULT_URI,
    user: str = DEFAULT_USER,
    password: str = "",
    database: str = "neo4j",
    read_only: bool = True,
) -> QueryResult:
    """Run ``cypher`` with ``params`` as driver parameters (in a read transaction by default)."""
    from neo4j import READ_ACCESS, WRITE_ACCESS

    driver = connect(uri, user, password)
    try:
        with (
            _write_hint(read_only),
            neo4j_errors(uri, "query"),
            driver.session(
                database=database, default_access_mode=READ_ACCESS if read_only else WRITE_ACCESS
            ) as session,
        ):

            def work(tx):
                result = tx.run(cypher, params or {})
                keys = list(result.keys())
                return keys, [{k: _plain(r[k]) for k in keys} for r in result]

            if read_only:
                columns, rows = session.execute_read(work)
            else:
                columns, rows = session.execute_write(work)
    finally:
        driver.close()
    return QueryResult(columns, rows)
