"""``kg neo4j load``: write the graph into a running Neo4j with the official driver.

Constraints and indexes come first; then one pass per label and relationship
type, each a series of batched ``UNWIND $rows ...`` statements. Data only ever
travels as query parameters: the statements are constants of this module
(labels, types and property names come from the fixed graph model, never from data).

Every batch is its own transaction (``session.execute_write``), so a load that
fails or is killed part-way leaves whole batches only; because every write is a
MERGE on a unique key, running the load again completes the graph, and a
second load of the same export changes no counts. ``wipe=True`` deletes the
:Paper and :Entity nodes first (nothing else) and, the database being known
empty of them, CREATEs nodes and relationships instead of merging them.

Each node batch returns the element ids of its nodes, and the relationship rows
find their ends by element id (a direct record lookup, cheaper than a seek in
the unique-key index); a relationship row whose end was not loaded is not sent.
Two transactions are in flight at once by default (``workers``): the server works
on one while the other is sent or committed. The stages go papers, entities,
paper-entity and variant relationships, links; the rows of each are made on a
background thread while the stage before is written.

>>> statement_for_entities("Method").splitlines()[1]
'MERGE (e:Entity {key: row.key})'
>>> print(statement_for_entities("Metric", create=True))
UNWIND $rows AS row
CREATE (e:Entity:Metric {key: row.key, name: row.name, type: row.type, aliases: row.aliases, papers: row.papers})
RETURN collect([row.key, elementId(e)]) AS ids
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import Neo4jError, QueryError
from kg.gcpause import gc_paused
from kg.graph.entities import corpus_entities
from kg.graph.links import Link, shared_technique_links
from kg.model import Paper, read_papers
from kg.neo4j.model import (
    ENTITY_LABELS,
    LINK_TYPE,
    PAPER_PROPS,
    REL_TYPES,
    VARIANT_TYPE,
    entity_rows,
    link_rows,
    paper_rows,
    relationship_rows,
)

__all__ = [
    "DEFAULT_BATCH",
    "DEFAULT_URI",
    "DEFAULT_USER",
    "DEFAULT_WORKERS",
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
#: Transactions in flight at once.
DEFAULT_WORKERS = 2
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

ENTITY_PROPS: tuple[str, ...] = ("name", "type", "aliases", "papers")
ROLE_PROPS: tuple[str, ...] = ("confidence", "mentions", "evidence")
LINK_PROPS: tuple[str, ...] = ("weight", "via")


def _props(names: Sequence[str]) -> str:
    """``{a: row.a, ...}``: the properties of a CREATE (a null, a key the row lacks, is not stored)."""
    return "{" + ", ".join(f"{name}: row.{name}" for name in names) + "}"


def _set(var: str, names: Sequence[str]) -> str:
    """``SET v.a = row.a, ...`` (a null removes the property)."""
    return "SET " + ", ".join(f"{var}.{name} = row.{name}" for name in names)


# A node batch returns [key, element id] of each of its nodes.
PAPER_IDS = "\nRETURN collect([row.id, elementId(p)]) AS ids"
ENTITY_IDS = "\nRETURN collect([row.key, elementId(e)]) AS ids"
PAPERS = f"UNWIND $rows AS row\nMERGE (p:Paper {{id: row.id}})\n{_set('p', PAPER_PROPS)}{PAPER_IDS}"
PAPERS_CREATE = f"UNWIND $rows AS row\nCREATE (p:Paper {_props(['id', *PAPER_PROPS])}){PAPER_IDS}"
ENTITY_SET = _set("e", ENTITY_PROPS)
# Relationship rows carry the element ids of their ends (see _Pass.ends).
ROLE_ENDS = (
    "UNWIND $rows AS row\nMATCH (p) WHERE elementId(p) = row.paper\n"
    "MATCH (e) WHERE elementId(e) = row.entity\n"
)
ROLES = f"{ROLE_ENDS}MERGE (p)-[r:{{rtype}}]->(e)\n{_set('r', ROLE_PROPS)}"
ROLES_CREATE = f"{ROLE_ENDS}CREATE (p)-[:{{rtype}} {_props(ROLE_PROPS)}]->(e)"
VARIANT_ENDS = (
    "UNWIND $rows AS row\nMATCH (a) WHERE elementId(a) = row.variant\n"
    "MATCH (b) WHERE elementId(b) = row.base\n"
)
VARIANTS = f"{VARIANT_ENDS}MERGE (a)-[:VARIANT_OF]->(b)"
VARIANTS_CREATE = f"{VARIANT_ENDS}CREATE (a)-[:VARIANT_OF]->(b)"
LINK_ENDS = (
    "UNWIND $rows AS row\nMATCH (a) WHERE elementId(a) = row.source\n"
    "MATCH (b) WHERE elementId(b) = row.target\n"
)
LINKS = f"{LINK_ENDS}MERGE (a)-[r:SHARES_TECHNIQUE]->(b)\n{_set('r', LINK_PROPS)}"
LINKS_CREATE = f"{LINK_ENDS}CREATE (a)-[:SHARES_TECHNIQUE {_props(LINK_PROPS)}]->(b)"
# The wipe deletes the relationships first, then the nodes, each in transactions of
# bounded size: a paper has dozens of relationships, and deleting 5,000 papers
# with theirs in one transaction outgrew a small server's transaction memory.
WIPE: tuple[str, ...] = (
    "MATCH (n)-[r]->() WHERE n:Paper OR n:Entity\n"
    "CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS",
    "MATCH (n) WHERE n:Paper OR n:Entity\n"
    "CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS",
)


def statement_for_entities(label: str, *, create: bool = False) -> str:
    """The MERGE (``create``: CREATE) of one entity label, a label of the graph model."""
    if label != "Entity" and label not in ENTITY_LABELS:
        raise ValueError(f"not an entity label of the graph model: {label!r}")
    if create:
        labels = "Entity" if label == "Entity" else f"Entity:{label}"
        create_ = f"CREATE (e:{labels} {_props(['key', *ENTITY_PROPS])})"
        return f"UNWIND $rows AS row\n{create_}{ENTITY_IDS}"
    head = f"UNWIND $rows AS row\nMERGE (e:Entity {{key: row.key}})\n{ENTITY_SET}"
    if label == "Entity":
        return head + ENTITY_IDS
    others = ":".join(x for x in ENTITY_LABELS if x != label)
    return f"{head}, e:{label}\nREMOVE e:{others}{ENTITY_IDS}"


@dataclass
class LoadSummary:
    """What a load wrote and what the database holds afterwards."""

    uri: str
    database: str
    rows: int = 0
    batches: int = 0
    #: Wall-clock seconds of the whole call: connecting, schema, wipe, writing, counting.
    seconds: float = 0.0
    #: Of which writing the batches (from the first to the last commit).
    write_seconds: float = 0.0
    #: Making the rows of entities and relationships (and the links when not given),
    #: done while the :Paper batches are written.
    prepare_seconds: float = 0.0
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
    """Delete every :Paper and :Entity node with its relationships (other data is kept).

    ``CALL { ... } IN TRANSACTIONS`` runs only in an auto-commit transaction,
    hence ``session.run``.
    """
    with driver.session(database=database) as session:
        for statement in WIPE:
            session.run(statement).consume()


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
    """One label or relationship type: its statement and its rows.

    ``ids``: for a node pass, where the element ids its batches return go (key ->
    element id). ``ends``: for a relationship pass, the row fields naming its two
    ends and the id map of each; a batch is sent with those keys replaced by
    element ids, less the rows whose end was not loaded.
    """

    name: str
    statement: str
    rows: list[dict[str, Any]]
    ids: dict[str, str] | None = None
    ends: tuple[tuple[str, dict[str, str]], ...] = ()

    def batch(self, start: int, stop: int) -> _Rows:
        rows = self.rows[start:stop]
        if not self.ends:
            return _Rows(rows)
        (field_a, ids_a), (field_b, ids_b) = self.ends
        out = _Rows()
        for row in rows:
            a, b = ids_a.get(row[field_a]), ids_b.get(row[field_b])
            if a is not None and b is not None:
                out.append({**row, field_a: a, field_b: b})
        return out


class _Rows(list):
    """The rows of one batch, with a short ``repr``.

    The driver formats every query's parameters for its debug log even when that
    log is off (``Bolt5x5.run`` in neo4j 6.x); the full ``repr`` of 10,000 rows
    took about 15 ms per batch, a tenth of the client's time in a load.

    >>> repr(_Rows([{"id": "a"}, {"id": "b"}]))
    '<2 rows>'
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


@dataclass
class _Ids:
    """Element ids of the nodes loaded so far: papers by id, entities by key."""

    papers: dict[str, str] = field(default_factory=dict)
    entities: dict[str, str] = field(default_factory=dict)


def _entity_passes(
    entities: dict[str, list[dict[str, Any]]], create: bool, ids: _Ids
) -> list[_Pass]:
    return [
        _Pass(
            f"{label} nodes",
            statement_for_entities(label, create=create),
            entity_rows,
            ids=ids.entities,
        )
        for label, entity_rows in entities.items()
    ]


def _relationship_passes(
    roles: dict[str, list[dict[str, Any]]],
    variants: list[dict[str, Any]],
    create: bool,
    ids: _Ids,
) -> list[_Pass]:
    role_ends = (("paper", ids.papers), ("entity", ids.entities))
    passes = [
        _Pass(
            rtype,
            (ROLES_CREATE if create else ROLES).replace("{rtype}", rtype),
            role_rows,
            ends=role_ends,
        )
        for rtype, role_rows in roles.items()
    ]
    passes.append(
        _Pass(
            VARIANT_TYPE,
            VARIANTS_CREATE if create else VARIANTS,
            variants,
            ends=(("variant", ids.entities), ("base", ids.entities)),
        )
    )
    return passes


def _write_batch(tx, statement: str, batch: list[dict[str, Any]]) -> list[list[str]]:
    """Run one batch; the [key, element id] pairs a node batch returns (else [])."""
    records = list(tx.run(statement, rows=batch))
    return records[0]["ids"] if records else []


class _Writer:
    """Writes batches, each its own transaction, with up to ``workers`` in flight at once.

    Each batch in flight has its own session (and so its own connection). A failed
    batch stops the writing: the batches already in flight finish (each commits or
    rolls back whole), none is started after it, and its error is raised.
    """

    def __init__(self, driver, database: str, uri: str, workers: int, summary: LoadSummary) -> None:
        self.driver, self.database, self.uri = driver, database, uri
        self.workers, self.summary = workers, summary
        self.committed: Counter = Counter()

    def _write(self, statement: str, batch: list[dict[str, Any]]) -> list[list[str]]:
        with self.driver.session(database=self.database) as session:
            return session.execute_write(_write_batch, statement, batch)

    def run(
        self,
        passes: Sequence[_Pass],
        batch_size: int,
        advance: Callable[[int], None] | None = None,
    ) -> None:
        """Write every batch of ``passes``; returns when all are committed."""
        in_flight: dict[Future, tuple[_Pass, int, int, int]] = {}
        with ThreadPoolExecutor(self.workers, thread_name_prefix="kg-neo4j") as pool:
            try:
                for pass_ in passes:
                    n_batches = -(-len(pass_.rows) // batch_size)
                    for i in range(n_batches):
                        while len(in_flight) >= self.workers:
                            self._finish(in_flight, advance)
                        start = i * batch_size
                        stop = min(start + batch_size, len(pass_.rows))
                        batch = pass_.batch(start, stop)
                        future = pool.submit(self._write, pass_.statement, batch)
                        in_flight[future] = (pass_, i, n_batches, stop - start)
                while in_flight:
                    self._finish(in_flight, advance)
            finally:
                wait(in_flight)

    def _finish(self, in_flight: dict, advance: Callable[[int], None] | None) -> None:
        """Account for the batches that are done; raise the error of a failed one."""
        done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        for future in done:
            pass_, i, n_batches, size = in_flight.pop(future)
            with neo4j_errors(
                self.uri, f"loading {pass_.name}, batch {i + 1}/{n_batches} (rolled back)"
            ):
                ids = future.result()
            if pass_.ids is not None:
                pass_.ids.update(ids)
            self.committed[pass_.name] += 1
            self.summary.rows += size
            self.summary.batches += 1
            log.debug(
                "committed %s batches: %d of %d", pass_.name, self.committed[pass_.name], n_batches
            )
            if advance:
                advance(size)


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
    workers: int = DEFAULT_WORKERS,
    progress: ProgressFactory | None = None,
) -> LoadSummary:
    """Load ``papers`` (and ``links``, default :func:`shared_technique_links`) into Neo4j.

    ``workers``: transactions in flight at once (1: strictly one after another).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if workers < 1:
        raise ValueError("workers must be at least 1")
    started = time.perf_counter()
    summary = LoadSummary(uri=uri, database=database)
    ids = _Ids()
    papers_pass = _Pass(
        "Paper nodes", PAPERS_CREATE if wipe else PAPERS, paper_rows(papers), ids=ids.papers
    )
    driver = connect(uri, user, password, database=database)
    try:
        with neo4j_errors(uri, "creating constraints"):
            create_schema(driver, database)
        if wipe:
            with neo4j_errors(uri, "wiping the graph"):
                wipe_graph(driver, database)
        writer = _Writer(driver, database, uri, workers, summary)
        log.info(
            "loading into %s (%s) in batches of %d rows, %d at a time",
            uri,
            database,
            batch_size,
            workers,
        )
        writing = time.perf_counter()
        made = _RowMaker(papers, links)
        background = ThreadPoolExecutor(1, thread_name_prefix="kg-neo4j-rows")
        # Over a million rows are alive during the load: one full collection of the
        # cyclic GC, triggered by whichever thread allocates, stalled every thread
        # for 2.5 s. Reference counting still frees the batches sent.
        with contextlib.ExitStack() as paused:
            paused.enter_context(gc_paused())
            # after a failed batch, rows not yet made are not made
            paused.callback(background.shutdown, wait=True, cancel_futures=True)
            # each stage's rows are made while the stage before is written
            entities = background.submit(made.entities)
            relationships = background.submit(made.relationships)
            link_rows_ = background.submit(made.links)
            writer.run(
                [papers_pass], batch_size, _bar(progress, "Loading papers", papers_pass.rows)
            )
            entity_passes = _entity_passes(entities.result(), wipe, ids)
            n_entities = sum(len(p.rows) for p in entity_passes)
            log.info("loading %d entities", n_entities)
            writer.run(entity_passes, batch_size, _bar(progress, "Loading entities", n_entities))
            rel_passes = _relationship_passes(*relationships.result(), wipe, ids)
            n_roles = sum(len(p.rows) for p in rel_passes)
            log.info("loading %d paper-entity and variant relationships", n_roles)
            writer.run(rel_passes, batch_size, _bar(progress, "Loading relationships", n_roles))
            links_pass = _Pass(
                LINK_TYPE,
                LINKS_CREATE if wipe else LINKS,
                link_rows_.result(),
                ends=(("source", ids.papers), ("target", ids.papers)),
            )
            log.info("loading %d %s relationships", len(links_pass.rows), LINK_TYPE)
            writer.run([links_pass], batch_size, _bar(progress, "Loading links", links_pass.rows))
        expected = n_roles + len(links_pass.rows)
        summary.prepare_seconds = made.seconds
        summary.write_seconds = time.perf_counter() - writing
        with neo4j_errors(uri, "counting"):
            summary.counts = graph_counts(driver, database)
        if wipe and summary.relationships < expected:
            # a relationship row whose end is not in the graph matches nothing
            log.warning(
                "%d of %d relationships were not written: an end is missing from the export",
                expected - summary.relationships,
                expected,
            )
    finally:
        driver.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _bar(
    progress: ProgressFactory | None, label: str, rows: int | Sequence[Any]
) -> Callable[[int], None] | None:
    """A progress bar over ``rows`` (or that many), or none."""
    if progress is None:
        return None
    return progress(label, rows if isinstance(rows, int) else len(rows))


class _RowMaker:
    """Makes the rows of each load stage, in order, timing the work (``seconds``)."""

    def __init__(self, papers: Sequence[Paper], links: Sequence[Link] | None) -> None:
        self.papers, self.given_links = papers, links
        self.seconds = 0.0
        self._entities: dict | None = None

    @contextlib.contextmanager
    def _timed(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds += time.perf_counter() - started

    def entities(self) -> dict[str, list[dict[str, Any]]]:
        with self._timed():
            self._entities = corpus_entities(self.papers)
            return entity_rows(self._entities)

    def relationships(self) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
        with self._timed():
            if self._entities is None:
                self._entities = corpus_entities(self.papers)
            return relationship_rows(self.papers, self._entities)

    def links(self) -> list[dict[str, Any]]:
        with self._timed():
            links = self.given_links
            if links is None:
                links = shared_technique_links(self.papers)
            return link_rows(links)


def load_export(export: str | Path, **kwargs: Any) -> LoadSummary:
    """:func:`load_graph` of an export folder's ``papers.jsonl`` (links recomputed)."""
    return load_graph(read_papers(export), **kwargs)
