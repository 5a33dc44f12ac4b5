"""The ``kg`` command line. Each command parses its arguments and calls one
importable function of the package; this module holds no pipeline logic.

Run ``kg --help`` for the commands and ``kg COMMAND --help`` for each.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.errors import KGError

__all__ = ["app", "main"]

app = typer.Typer(
    name="kg",
    help="Build and query knowledge graphs of machine-learning papers "
    "(Methods, Models, Datasets, Benchmarks, Tasks, Metrics).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)
out_console = Console()
log = logging.getLogger("kg")

DEFAULT_OUT = Path("exports")


def _print_version(value: bool) -> None:
    if value:
        from kg import __version__

        out_console.print(f"kg {__version__}", highlight=False, markup=False)
        raise typer.Exit()


@app.callback()
def _setup(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show debug logging.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only warnings and errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    logging.basicConfig(
        level=level,
        format="%(message)s",
        handlers=[RichHandler(console=err_console, show_path=False, show_time=False)],
        force=True,
    )
    for noisy in ("neo4j", "rdflib", "pyshacl", "httpx"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


@contextlib.contextmanager
def progress_bars(
    enabled: bool = True,
) -> Iterator[Callable[[str, int], Callable[[int], None]] | None]:
    """A factory ``(description, total) -> advance(n)`` drawing rich progress bars on stderr."""
    if not enabled or not err_console.is_terminal:
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:

        def factory(description: str, total: int) -> Callable[[int], None]:
            task = bar.add_task(description, total=total)
            return lambda n=1: bar.advance(task, n)

        yield factory


InputsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Input files or folders: Hugging Face Daily Papers page dumps, or JSON Lines "
        "(plain or .gz) with title and abstract/summary. Default: the bundled sample corpus.",
        show_default=False,
    ),
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]
ExportArg = Annotated[
    Path, typer.Argument(help="Export folder written by `kg build` (or its papers.jsonl).")
]


@app.command()
def build(
    inputs: InputsArg = None,
    out: OutOpt = DEFAULT_OUT,
    strict: Annotated[
        bool,
        typer.Option(help="Fail on a record without title or abstract instead of skipping it."),
    ] = False,
    processes: Annotated[
        int, typer.Option("--processes", "-j", min=1, help="Worker processes for extraction.")
    ] = 1,
) -> None:
    """Build the knowledge graph of INPUTS into --out.

    Writes papers.jsonl, graph.ttl (RDF), graph.graphml (networkx), graph.html
    (interactive view) and neo4j-import/ (CSV for neo4j-admin). An earlier export
    in --out is replaced only when every file was written.
    """
    from kg.build import build as run_build

    with progress_bars() as progress:
        summary = run_build(inputs, out, strict=strict, n_process=processes, progress=progress)
    table = Table(title=f"Knowledge graph written to {summary.out_dir}/", show_header=False)
    table.add_row(
        "papers", f"{summary.papers} (from {summary.entries} entries, {summary.skipped} skipped)"
    )
    for etype, n in summary.entities_by_type.items():
        table.add_row(f"  {etype}", str(n))
    table.add_row("entities", str(summary.entities))
    table.add_row("mentions", str(summary.mentions))
    table.add_row("paper links", str(summary.links))
    table.add_row("seconds", f"{summary.seconds:.1f}")
    out_console.print(table)


@app.command("eval")
def eval_(
    gold: Annotated[
        Path, typer.Argument(help="Gold file in the GUIDELINES.md format (JSON Lines).")
    ],
    pred: Annotated[
        Path | None,
        typer.Option(help="Predicted papers.jsonl; default: extract the gold papers' texts now."),
    ] = None,
    corpus: Annotated[
        list[Path] | None,
        typer.Option(
            help="Where to find the gold papers' abstracts (default: the bundled sample)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score extraction against GOLD: P/R/F1 (core untyped, core typed, per type) and role accuracy."""
    from kg.extract.evaluate import evaluate_file, format_report

    report = evaluate_file(gold, pred=pred, corpus=corpus)
    if as_json:
        out_console.print_json(data=report.to_dict())
    else:
        out_console.print(format_report(report))


# --- commands of the other stages register below (rdf, graph, neo4j, viz) ---


# rdf: kg validate, kg sparql (kg/rdf/validate.py, kg/rdf/sparql.py)


@app.command("validate")
def validate(
    target: Annotated[
        Path,
        typer.Argument(help="Export folder (its graph.ttl/.nt/.jsonld) or one RDF file."),
    ] = DEFAULT_OUT,
) -> None:
    """Check RDF exports against the ontology's SHACL shapes (ontology/shapes.ttl).

    Exits 0 when every file conforms, 1 with a summary of the violations otherwise.
    """
    from kg.rdf.validate import validate_export

    for report in validate_export(target):
        out_console.print(report.summary(), highlight=False, markup=False)


@app.command("sparql")
def sparql(
    query: Annotated[
        str | None,
        typer.Argument(
            help="A bundled example's name (see --list), a .rq file, or the query text.",
            show_default=False,
        ),
    ] = None,
    data: Annotated[
        Path,
        typer.Option("--data", "-d", help="RDF export (.ttl, .nt, .jsonld) or its folder."),
    ] = DEFAULT_OUT / "graph.ttl",
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="table, csv or json (SPARQL 1.1 CSV / JSON results)."),
    ] = "table",
    store: Annotated[
        str,
        typer.Option(help="Query engine: oxigraph (fast, Rust) or rdflib (pure Python)."),
    ] = "oxigraph",
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="NAME=VALUE: set the query's `VALUES ?NAME { ... }`, e.g. --param name=LoRA.",
        ),
    ] = None,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the bundled example queries and exit.")
    ] = False,
) -> None:
    """Run a SPARQL query on the RDF export and print the answer.

    Examples: kg sparql papers-using --param name=LoRA;
    kg sparql my-query.rq --format csv;
    kg sparql "SELECT ?t WHERE { ?p dcterms:title ?t } LIMIT 5".
    The prefixes kg, paper, entity, dcterms, schema, skos, prov, rdf, rdfs, owl, xsd are predeclared.
    """
    from rich.text import Text

    from kg.errors import QueryError
    from kg.rdf import sparql as rq

    if list_queries:
        table = Table(title="Example queries (kg sparql NAME [--param NAME=VALUE])")
        for column in ("name", "what it answers", "params", "example"):
            table.add_column(column, overflow="fold")
        for q in rq.bundled_queries().values():
            params = "\n".join(f"{k}: {v}" for k, v in q.params.items())
            table.add_row(Text(q.name), Text(q.description), Text(params), Text(q.example))
        out_console.print(table)
        return
    if query is None:
        raise QueryError("give a query: an example name (kg sparql --list), a .rq file or its text")
    if fmt not in ("table", "csv", "json"):
        raise QueryError(f"--format {fmt!r}: use table, csv or json")
    result = rq.run_sparql(query, data, store=store, params=rq.parse_params(param))
    if fmt == "csv":
        typer.echo(rq.result_to_csv(result), nl=False)
    elif fmt == "json":
        typer.echo(rq.result_to_json(result))
    elif result.kind == "ask":
        out_console.print(str(result.boolean).lower())
    elif result.kind == "graph":
        typer.echo(result.graph.serialize(format="turtle"), nl=False)
    else:
        out_console.print(rq.result_to_table(result))
    if result.kind == "select":
        log.info("%d row(s) in %.3f s (%s)", len(result.rows), result.seconds, store)


# neo4j + graph analytics: kg neo4j load|query|examples, kg similar, kg stats
# (kg/neo4j/load.py, kg/neo4j/cypher.py, kg/graph/analytics.py)

neo4j_app = typer.Typer(
    help="Load the graph into Neo4j and run Cypher (see docs/neo4j.md).",
    no_args_is_help=True,
)
app.add_typer(neo4j_app, name="neo4j")

UriOpt = Annotated[
    str,
    typer.Option(
        "--uri",
        envvar="NEO4J_URI",
        help="Bolt URI, e.g. neo4j+s://xxxx.databases.neo4j.io for Aura.",
    ),
]
UserOpt = Annotated[str, typer.Option("--user", envvar="NEO4J_USER", help="Neo4j user.")]
PasswordOpt = Annotated[
    str,
    typer.Option("--password", envvar="NEO4J_PASSWORD", help="Neo4j password (or NEO4J_PASSWORD)."),
]
DatabaseOpt = Annotated[
    str, typer.Option("--database", envvar="NEO4J_DATABASE", help="Database name.")
]


@neo4j_app.command("load")
def neo4j_load(
    export_dir: ExportArg = DEFAULT_OUT,
    uri: UriOpt = "bolt://localhost:7687",
    user: UserOpt = "neo4j",
    password: PasswordOpt = "",
    database: DatabaseOpt = "neo4j",
    wipe: Annotated[
        bool,
        typer.Option(
            "--wipe", help="Delete the :Paper and :Entity nodes first (other data is kept)."
        ),
    ] = False,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Rows per transaction.")
    ] = 10_000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, help="Transactions in flight at once (1: one after another)."
        ),
    ] = 2,
) -> None:
    """Load an export's papers, entities and links into Neo4j (idempotent: MERGE on unique keys).

    Constraints and indexes come first, then batched UNWIND ... MERGE transactions;
    a failed or interrupted load leaves whole batches only, and running it again
    completes the graph. Example: kg neo4j load exports --uri bolt://localhost:7687 --password secret
    """
    from kg.neo4j.load import load_export

    with progress_bars() as progress:
        summary = load_export(
            export_dir,
            uri=uri,
            user=user,
            password=password,
            database=database,
            wipe=wipe,
            batch_size=batch_size,
            workers=workers,
            progress=progress,
        )
    table = Table(title=f"Neo4j {summary.database} at {summary.uri}", show_header=False)
    for name, n in summary.counts.items():
        table.add_row(name, str(n))
    table.add_row("nodes", str(summary.nodes))
    table.add_row("relationships", str(summary.relationships))
    table.add_row("rows written", f"{summary.rows} in {summary.batches} batches")
    table.add_row("seconds", f"{summary.seconds:.1f}")
    out_console.print(table)


@neo4j_app.command("query")
def neo4j_query(
    query: Annotated[
        str,
        typer.Argument(
            help="A bundled example's name (kg neo4j examples), a .cypher file, or Cypher."
        ),
    ],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param", "-p", help="NAME=VALUE driver parameter (JSON or text), e.g. -p name=LoRA."
        ),
    ] = None,
    uri: UriOpt = "bolt://localhost:7687",
    user: UserOpt = "neo4j",
    password: PasswordOpt = "",
    database: DatabaseOpt = "neo4j",
    write: Annotated[bool, typer.Option("--write", help="Allow the query to write.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
) -> None:
    """Run Cypher on Neo4j; values go as driver parameters, never into the query text.

    Examples: kg neo4j query papers_using -p name=GRPO;
    kg neo4j query shortest_path -p source=2501.00001 -p target=2502.00003;
    kg neo4j query "MATCH (p:Paper) RETURN count(p) AS papers".
    """
    from kg.neo4j.cypher import parse_params, resolve_query, run_query

    cypher, params = resolve_query(query)
    params.update(parse_params(param or []))
    result = run_query(
        cypher,
        params,
        uri=uri,
        user=user,
        password=password,
        database=database,
        read_only=not write,
    )
    if as_json:
        out_console.print_json(data=result.rows)
        return
    table = Table()
    for column in result.columns:
        table.add_column(column, overflow="fold")
    for row in result.rows:
        table.add_row(*(str(row[c]) for c in result.columns))
    out_console.print(table)


@neo4j_app.command("examples")
def neo4j_examples(
    show: Annotated[
        str | None, typer.Argument(help="Print this example's Cypher.", show_default=False)
    ] = None,
) -> None:
    """List the bundled Cypher examples (run one with `kg neo4j query NAME -p NAME=VALUE`)."""
    from rich.text import Text

    from kg.neo4j.cypher import example, examples

    if show:
        typer.echo(example(show).cypher, nl=False)
        return
    table = Table(title="Cypher examples (kg neo4j query NAME [-p NAME=VALUE])")
    for column in ("name", "what it answers", "params (defaults)"):
        table.add_column(column, overflow="fold")
    for ex in examples():
        params = ", ".join(f"{k}={v}" for k, v in ex.params.items())
        table.add_row(Text(ex.name), Text(ex.description), Text(params))
    out_console.print(table)


@app.command("similar")
def similar(
    paper: Annotated[str, typer.Argument(help="A paper id, or a part of its title.")],
    export_dir: ExportArg = DEFAULT_OUT,
    k: Annotated[int, typer.Option("-k", min=1, help="How many papers to show.")] = 10,
) -> None:
    """The papers that share the rarest techniques with PAPER, strongest first, with what they share."""
    from rich.text import Text

    from kg.graph.analytics import find_paper
    from kg.graph.analytics import similar as find_similar
    from kg.graph.build import build_graph
    from kg.model import read_papers

    graph = build_graph(read_papers(export_dir))
    pid = find_paper(graph, paper)
    neighbours = find_similar(graph, pid, k)
    title = graph.nodes[f"paper:{pid}"].get("label", "")
    table = Table(title=Text(f"Papers like {pid}: {title}"))
    for column in ("#", "paper", "title", "weight", "shared"):
        table.add_column(column, overflow="fold")
    for i, n in enumerate(neighbours, 1):
        table.add_row(
            str(i), Text(n.id), Text(n.title), f"{n.weight:.2f}", Text(", ".join(n.shared))
        )
    out_console.print(table)
    if not neighbours:
        log.info("%s shares no technique with another paper", pid)


@app.command("stats")
def stats(
    export_dir: ExportArg = DEFAULT_OUT,
    top: Annotated[int, typer.Option("--top", min=1, help="How many top entities to list.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Figures of the graph: counts by type, top entities, link degrees, Louvain communities."""
    from rich.text import Text

    from kg.graph.analytics import stats as graph_stats
    from kg.model import read_papers

    figures = graph_stats(read_papers(export_dir), top=top)
    if as_json:
        out_console.print_json(data=figures.to_dict())
        return
    table = Table(title=f"Graph of {export_dir}", show_header=False)
    table.add_row("papers", str(figures.papers))
    table.add_row("entities", str(figures.entities))
    for etype, n in figures.entities_by_type.items():
        table.add_row(f"  {etype}", str(n))
    for rtype, n in sorted(figures.relationships_by_type.items()):
        table.add_row(f"  {rtype}", str(n))
    degree = ", ".join(f"{k} {v}" for k, v in figures.degree.items())
    table.add_row("paper links", f"{figures.links} (degree: {degree})")
    table.add_row("papers without links", str(figures.isolated_papers))
    table.add_row(
        "communities (Louvain)",
        f"{figures.communities} of 2+ papers, largest {figures.largest_community}, "
        f"modularity {figures.modularity}",
    )
    out_console.print(table)
    top_table = Table(title="Entities in most papers")
    for column in ("entity", "type", "papers"):
        top_table.add_column(column)
    for name, etype, n in figures.top_entities:
        top_table.add_row(Text(name), etype, str(n))
    out_console.print(top_table)


# viz: kg viz (kg/viz/html.py)


@app.command("viz")
def viz(
    export_dir: Annotated[
        Path, typer.Argument(help="Export folder written by `kg build` (or its papers.jsonl).")
    ] = DEFAULT_OUT,
    focus: Annotated[
        str | None,
        typer.Option(
            "--focus",
            "-f",
            help="Show the neighbourhood (up to 2 hops) of an entity name or alias, "
            "a paper id or a paper title, e.g. --focus GRPO.",
        ),
    ] = None,
    max_nodes: Annotated[
        int,
        typer.Option(
            "--max-nodes",
            "-n",
            min=0,
            help="Keep at most N nodes: the best-connected ones (or the nearest, with --focus); "
            "0 keeps all.",
        ),
    ] = 1500,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="HTML file to write; default EXPORT_DIR/graph.html, or "
            "EXPORT_DIR/graph-<focus>.html with --focus.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write an interactive HTML view of the graph that opens from disk, offline.

    Examples: kg viz; kg viz exports --focus GRPO; kg viz --focus 2505.12345 --out grpo.html;
    kg viz --max-nodes 5000. Open the file in a browser: search box, type filters,
    link-weight slider, details on hover and click.
    """
    from kg.viz.html import write_view

    summary = write_view(export_dir, focus=focus, max_nodes=max_nodes or None, out=out)
    out_console.print(f"open {summary.path} in a browser", highlight=False, markup=False)


def main() -> None:
    """Entry point of the ``kg`` script: KGError -> one-line message and its exit code."""
    try:
        app(standalone_mode=False)
    except KGError as err:
        err_console.print(f"[bold red]error:[/] {err}", highlight=False, soft_wrap=True)
        sys.exit(err.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except Exception as err:  # click's usage errors arrive here in non-standalone mode
        # typer < 0.29 raises click's exceptions, later versions those of its own copy of
        # click: recognise them by what they carry rather than by class
        code = getattr(err, "exit_code", None)
        if not isinstance(code, int):
            raise
        if callable(getattr(err, "show", None)):
            err.show()  # "Usage: kg build ..." and the error, on stderr
        sys.exit(code)
