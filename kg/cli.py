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


@app.callback()
def _setup(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show debug logging.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only warnings and errors.")] = False,
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
def progress_bars(enabled: bool = True) -> Iterator[Callable[[str, int], Callable[[int], None]] | None]:
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
        bool, typer.Option(help="Fail on a record without title or abstract instead of skipping it.")
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
    table.add_row("papers", f"{summary.papers} (from {summary.entries} entries, {summary.skipped} skipped)")
    for etype, n in summary.entities_by_type.items():
        table.add_row(f"  {etype}", str(n))
    table.add_row("entities", str(summary.entities))
    table.add_row("mentions", str(summary.mentions))
    table.add_row("paper links", str(summary.links))
    table.add_row("seconds", f"{summary.seconds:.1f}")
    out_console.print(table)


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold file in the GUIDELINES.md format (JSON Lines).")],
    pred: Annotated[
        Path | None,
        typer.Option(help="Predicted papers.jsonl; default: extract the gold papers' texts now."),
    ] = None,
    corpus: Annotated[
        list[Path] | None,
        typer.Option(help="Where to find the gold papers' abstracts (default: the bundled sample)."),
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
    except Exception as err:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(err, click.exceptions.Exit):
            sys.exit(err.exit_code)
        if isinstance(err, click.ClickException):
            err.show()
            sys.exit(err.exit_code)
        raise
