"""``kg neo4j load``: write the graph into a running Neo4j with the official driver.

Constraints and indexes come first; then one pass per label and relationship
type, each a series of batched ``UNWIND $rows ... MERGE`` statements. Data only
ever travels as query parameters: the statements are constants of this module
(labels and types come from the fixed graph model, never from data).

Every batch is its own transaction (``session.execute_write``), so a load that
fails or is killed part-way leaves whole batches only; because every write is a
MERGE on a unique key, running the load again completes the graph, and a
second load of the same export changes no counts. ``wipe=True`` deletes the
:Paper and :Entity nodes first (nothing else) and, the database being known
empty of them, CREATEs the relationships instead of merging them.

>>> statement_for_entities("Method").splitlines()[1]
'MERGE (e:Entity {key: row.key})'
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import Neo4jError, QueryError
from kg.graph.links import Link, shared_technique_links
from kg.model import Paper, read_papers
from kg.neo4j.model import (
    ENTITY_LABELS,
    LINK_TYPE,
    PAPER_PROPS,
    REL_TYPES,
    ROLE_TYPES,
    VARIANT_TYPE,
    GraphRows,
    graph_rows,
)

__all__ = [
    "DEFAULT_BATCH",
    "DEFAULT_URI",
    "DEFAULT_USER",
    "SCHEMA",
    "LoadSummary",
    "connect",
    "create_schema",
    "graph_counts",
    "load_export",
    "load_graph",
    "neo4j_errors",
    "statement_for_entities",
    "wipe_graph",
]

log = logging.getLogger(__name__)

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_BATCH = 10_000
#: URI schemes of the Bolt protocol (``+s``: TLS, ``+ssc``: TLS with a self-signed certificate).
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

ProgressFactory = Callable[[str, int], Callable[[int], None]]

#: Constraints and indexes, created before any data (idempotent).
SCHEMA: tuple[str, ...] = (
    "CREATE CONSTRAINT kg_paper_id IF NOT EXISTS FOR (p:Paper) REQUIRE p.id IS UNIQUE",
    "CREATE CONSTRAINT kg_entity_key IF NOT EXISTS FOR (e:Entity) REQUIRE e.key IS UNIQUE",
    "CREATE INDEX kg_entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name)",
    "CREATE INDEX kg_paper_title IF NOT EXISTS FOR (p:Paper) ON (p.title)",
)

PAPERS = (
    "UNWIND $rows AS row\n"
    "MERGE (p:Paper {id: row.id})\n"
    "SET " + ", ".join(f"p.{name} = row.{name}" for name in PAPER_PROPS) + "\n"
    "RETURN row.id AS key, elementId(p) AS element"
)
# Relationship passes find their ends by the element ids the node passes returned:
# cheaper than a second index seek per end.
VARIANTS = (
    "UNWIND $rows AS row\n"
    "MATCH (a:Entity) WHERE elementId(a) = row.a\n"
    "MATCH (b:Entity) WHERE elementId(b) = row.b\n"
    "{verb} (a)-[:VARIANT_OF]->(b)"
)
LINKS = (
    "UNWIND $rows AS row\n"
    "MATCH (a:Paper) WHERE elementId(a) = row.a\n"
    "MATCH (b:Paper) WHERE elementId(b) = row.b\n"
    "{verb} (a)-[r:SHARES_TECHNIQUE]->(b)\n"
    "SET r.weight = row.weight, r.via = row.via"
)
ROLES = (
    "UNWIND $rows AS row\n"
    "MATCH (p:Paper) WHERE elementId(p) = row.a\n"
    "MATCH (e:Entity) WHERE elementId(e) = row.b\n"
    "{verb} (p)-[r:{rtype}]->(e)\n"
    "SET r.confidence = row.confidence, r.mentions = row.mentions, r.evidence = row.evidence"
)
ENTITY_SET = (
    "SET e.name = row.name, e.type = row.type, e.aliases = row.aliases, e.papers = row.papers"
)
WIPE = "MATCH (n) WHERE n:Paper OR n:Entity WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS n"


def statement_for_entities(label: str) -> str:
    """The MERGE of one entity label; ``label`` must be a label of the graph model."""
    head = f"UNWIND $rows AS row\nMERGE (e:Entity {{key: row.key}})\n{ENTITY_SET}"
    tail = "\nRETURN row.key AS key, elementId(e) AS element"
    if label == "Entity":
        return head + tail
    if label not in ENTITY_LABELS:
        raise ValueError(f"not an entity label of the graph model: {label!r}")
    others = ":".join(x for x in ENTITY_LABELS if x != label)
    return f"{head}, e:{label}\nREMOVE e:{others}{tail}"


@dataclass
class LoadSummary:
    """What a load wrote and what the database holds afterwards."""

    uri: str
    database: str
    rows: int = 0
    batches: int = 0
    seconds: float = 0.0
    write_seconds: float = 0.0
    counts: Counter = field(default_factory=Counter)

    @property
    def nodes(self) -> int:
        return self.counts["Paper"] + self.counts["Entity"]

    @property
    def relationships(self) -> int:
        return sum(self.counts[t] for t in REL_TYPES)


@contextlib.contextmanager
def neo4j_errors(uri: str, what: str = "Neo4j") -> Iterator[None]:
    """Turn the driver's errors into one-line :class:`kg.errors.Neo4jError` / ``QueryError``."""
    from neo4j.exceptions import (
        AuthError,
        ClientError,
        ConfigurationError,
        DriverError,
        ServiceUnavailable,
        SessionExpired,
    )
    from neo4j.exceptions import Neo4jError as DriverNeo4jError

    try:
        yield
    except AuthError as err:
        raise Neo4jError(
            f"Neo4j at {uri} refused the credentials ({_one_line(err)}); "
            "check --user/--password (or NEO4J_USER/NEO4J_PASSWORD)"
        ) from err
    except (ServiceUnavailable, SessionExpired) as err:
        raise Neo4jError(
            f"cannot reach Neo4j at {uri}: is it running? ({_one_line(err)}); "
            "check --uri (or NEO4J_URI)"
        ) from err
    except ConfigurationError as err:
        raise Neo4jError(f"bad Neo4j settings for {uri}: {_one_line(err)}") from err
    except ClientError as err:
        if err.code and ".Statement." in err.code:
            raise QueryError(f"{what}: {_one_line(err)}") from err
        raise Neo4jError(f"{what} failed on {uri}: {_one_line(err)}") from err
    except (DriverNeo4jError, DriverError) as err:
        raise Neo4jError(f"{what} failed on {uri}: {_one_line(err)}") from err
    except OSError as err:
        raise Neo4jError(f"cannot reach Neo4j at {uri}: {err}") from err


def _one_line(err: BaseException) -> str:
    text = getattr(err, "message", None) or str(err) or type(err).__name__
    return " ".join(str(text).split())[:300]


def connect(uri: str, user: str, password: str, *, database: str | None = None):
    """A verified driver; raises :class:`kg.errors.Neo4jError` when unreachable or refused."""
    from neo4j import GraphDatabase

    scheme = uri.partition("://")[0] if "://" in uri else ""
    if scheme not in URI_SCHEMES:
        raise Neo4jError(
            f"not a Neo4j URI: {uri!r}; use bolt://host:7687, neo4j://host:7687 "
            "or neo4j+s://xxxx.databases.neo4j.io (Aura)"
        )
    with neo4j_errors(uri):
        try:
            driver = GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=10.0,
                max_transaction_retry_time=5.0,
                notifications_min_severity="OFF",
            )
        except ValueError as err:
            raise Neo4jError(
                f"not a Neo4j URI: {uri!r} ({err}); use bolt://host:7687 or neo4j+s://..."
            ) from err
        try:
            driver.verify_connectivity()
            if database:
                driver.execute_query("RETURN 1", database_=database)
        except BaseException:
            driver.close()
            raise
    return driver


def create_schema(driver, database: str) -> None:
    """Create the constraints and indexes of :data:`SCHEMA` and wait until they are online."""
    for statement in SCHEMA:
        driver.execute_query(statement, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)


def wipe_graph(driver, database: str) -> None:
    """Delete every :Paper and :Entity node with its relationships (other data is kept)."""
    while True:
        records, _, _ = driver.execute_query(WIPE, database_=database)
        if not records or records[0]["n"] == 0:
            return


def graph_counts(driver, database: str) -> Counter:
    """Nodes per label (Paper, Entity and the six types) and relationships per type."""
    counts: Counter = Counter()
    for label in ("Paper", "Entity", *ENTITY_LABELS):
        records, _, _ = driver.execute_query(
            f"MATCH (n:{label}) RETURN count(n) AS n", database_=database
        )
        counts[label] = records[0]["n"]
    for rtype in REL_TYPES:
        records, _, _ = driver.execute_query(
            f"MATCH ()-[r:{rtype}]->() RETURN count(r) AS n", database_=database
        )
        counts[rtype] = records[0]["n"]
    return counts


@dataclass
class _Pass:
    """One label or relationship type: its statement, rows, and how a row finds its ends."""

    name: str
    statement: str
    rows: list[dict[str, Any]]
    ends: tuple[str, str, str, str] | None = None  # (start field, start kind, end field, kind)
    keep: tuple[str, ...] = ()


def _passes(rows: GraphRows, create: bool) -> list[_Pass]:
    verb = "CREATE" if create else "MERGE"
    passes = [_Pass("Paper nodes", PAPERS, rows.papers)]
    for label, entity_rows in rows.entities.items():
        passes.append(_Pass(f"{label} nodes", statement_for_entities(label), entity_rows))
    role_ends = ("paper", "Paper", "entity", "Entity")
    for rtype in ROLE_TYPES.values():
        statement = ROLES.replace("{verb}", verb).replace("{rtype}", rtype)
        keep = ("confidence", "mentions", "evidence")
        passes.append(_Pass(rtype, statement, rows.roles.get(rtype, []), role_ends, keep))
    variant_ends = ("variant", "Entity", "base", "Entity")
    passes.append(
        _Pass(VARIANT_TYPE, VARIANTS.replace("{verb}", verb), rows.variants, variant_ends)
    )
    link_ends = ("source", "Paper", "target", "Paper")
    link_keep = ("weight", "via")
    passes.append(_Pass(LINK_TYPE, LINKS.replace("{verb}", verb), rows.links, link_ends, link_keep))
    return [p for p in passes if p.rows]


def _bind(
    pass_: _Pass, batch: list[dict[str, Any]], elements: dict[str, dict[str, str]]
) -> list[dict[str, Any]]:
    """The batch's rows with the element ids of their ends (rows whose ends are missing dropped)."""
    if pass_.ends is None:
        return batch
    start, start_kind, end, end_kind = pass_.ends
    starts, ends = elements[start_kind], elements[end_kind]
    out = []
    for row in batch:
        a, b = starts.get(row[start]), ends.get(row[end])
        if a is None or b is None:
            log.warning(
                "%s %s -> %s: an end is not in the graph; skipped", pass_.name, row[start], row[end]
            )
            continue
        out.append({"a": a, "b": b, **{k: row.get(k) for k in pass_.keep}})
    return out


def _write_batch(tx, statement: str, batch: list[dict[str, Any]]) -> list[tuple[str, str]]:
    result = tx.run(statement, rows=batch)
    return [(rec["key"], rec["element"]) for rec in result] if "RETURN" in statement else []


def load_graph(
    papers: Sequence[Paper],
    links: Sequence[Link] | None = None,
    *,
    uri: str = DEFAULT_URI,
    user: str = DEFAULT_USER,
    password: str = "",
    database: str = "neo4j",
    wipe: bool = False,
    batch_size: int = DEFAULT_BATCH,
    progress: ProgressFactory | None = None,
) -> LoadSummary:
    """Load ``papers`` (and ``links``, default :func:`shared_technique_links`) into Neo4j."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    if links is None:
        links = shared_technique_links(papers)
    rows = graph_rows(papers, links)
    summary = LoadSummary(uri=uri, database=database)
    driver = connect(uri, user, password, database=database)
    try:
        with neo4j_errors(uri, "creating constraints"):
            create_schema(driver, database)
        if wipe:
            with neo4j_errors(uri, "wiping the graph"):
                wipe_graph(driver, database)
        passes = _passes(rows, create=wipe)
        total = sum(len(p.rows) for p in passes)
        elements: dict[str, dict[str, str]] = {"Paper": {}, "Entity": {}}
        advance = progress("Loading into Neo4j", total) if progress else None
        log.info(
            "loading %d nodes and %d relationships into %s (%s) in batches of %d",
            rows.nodes,
            rows.relationships,
            uri,
            database,
            batch_size,
        )
        writing = time.perf_counter()
        with driver.session(database=database) as session:
            for pass_ in passes:
                name = pass_.name
                found = elements["Paper" if name == "Paper nodes" else "Entity"]
                n_batches = -(-len(pass_.rows) // batch_size)
                for i in range(n_batches):
                    batch = pass_.rows[i * batch_size : (i + 1) * batch_size]
                    bound = _bind(pass_, batch, elements)
                    what = f"loading {name}, batch {i + 1}/{n_batches} (rolled back)"
                    with neo4j_errors(uri, what):
                        found.update(session.execute_write(_write_batch, pass_.statement, bound))
                    summary.rows += len(batch)
                    summary.batches += 1
                    log.debug("committed %s batch %d/%d", name, i + 1, n_batches)
                    if advance:
                        advance(len(batch))
        summary.write_seconds = time.perf_counter() - writing
        with neo4j_errors(uri, "counting"):
            summary.counts = graph_counts(driver, database)
    finally:
        driver.close()
    summary.seconds = time.perf_counter() - started
    return summary


def load_export(export: str | Path, **kwargs: Any) -> LoadSummary:
    """:func:`load_graph` of an export folder's ``papers.jsonl`` (links recomputed)."""
    return load_graph(read_papers(export), **kwargs)
