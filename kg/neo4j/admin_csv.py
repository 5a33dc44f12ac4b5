"""CSVs for the offline bulk path: ``neo4j-admin database import full``.

``kg build`` writes ``neo4j-import/`` with one CSV per kind of node and
relationship in neo4j-admin's header syntax (``id:ID(Paper)``, ``:LABEL``,
``:START_ID(Paper)``, ``:END_ID(Entity)``, ``:TYPE``, typed properties such as
``confidence:double`` and ``aliases:string[]``, arrays split on ``;``), plus
``import.sh`` holding the exact command, ``import.args`` (its arguments, one a
line) and ``IMPORT.md``. The rows are those of :func:`kg.neo4j.model.graph_rows`,
so an import gives the same graph as ``kg neo4j load``.

>>> import tempfile, pathlib
>>> from kg.model import Paper, Entity
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> files = write_import_csv([Paper("a", "T", "x", entities=[Entity("GRPO", "Method")])], d)
>>> (d / "entities.csv").read_text().splitlines()[0]
'key:ID(Entity),:LABEL,name,type,aliases:string[],papers:long'
>>> files["roles.csv"]
1
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.atomic import atomic_write
from kg.graph.links import Link, shared_technique_links
from kg.model import Paper
from kg.neo4j.model import LINK_TYPE, PAPER_PROPS, VARIANT_TYPE, graph_rows

__all__ = ["ARRAY_DELIMITER", "CSV_FILES", "import_args", "import_command", "write_import_csv"]

ARRAY_DELIMITER = ";"

PAPER_TYPES = {"author_count": "long", "upvotes": "long"}
PAPER_HEADER = ["id:ID(Paper)", ":LABEL"] + [
    f"{name}:string[]"
    if kind is list
    else f"{name}:{PAPER_TYPES[name]}"
    if name in PAPER_TYPES
    else name
    for name, kind in PAPER_PROPS.items()
]
ENTITY_HEADER = ["key:ID(Entity)", ":LABEL", "name", "type", "aliases:string[]", "papers:long"]
ROLE_HEADER = [
    ":START_ID(Paper)",
    ":END_ID(Entity)",
    ":TYPE",
    "confidence:double",
    "mentions:long",
    "evidence",
]
VARIANT_HEADER = [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"]
LINK_HEADER = [":START_ID(Paper)", ":END_ID(Paper)", ":TYPE", "weight:double", "via:string[]"]

#: Node files and relationship files, in the order the command lists them.
CSV_FILES: dict[str, tuple[str, ...]] = {
    "nodes": ("papers.csv", "entities.csv"),
    "relationships": ("roles.csv", "variants.csv", "links.csv"),
}


def import_args() -> list[str]:
    """The arguments of ``neo4j-admin database import full`` after the database name."""
    args = ["--multiline-fields=true", f"--array-delimiter={ARRAY_DELIMITER}"]
    args += [f"--nodes={name}" for name in CSV_FILES["nodes"]]
    args += [f"--relationships={name}" for name in CSV_FILES["relationships"]]
    return args


def _format_args(folder: str) -> str:
    """:func:`import_args` for a shell, CSV paths under ``folder``, one per line."""
    parts = []
    for arg in import_args():
        name, _, value = arg.partition("=")
        if name in ("--nodes", "--relationships"):
            parts.append(f'{name}="{folder}/{value}"')
        else:
            parts.append(f"{name}='{value}'")
    return " \\\n  ".join(parts)


def import_command(folder: str = "$DIR", database: str = "neo4j") -> str:
    """The shell command that imports the CSVs of ``folder`` into a stopped Neo4j.

    >>> import_command("/x").split()[:6]
    ['neo4j-admin', 'database', 'import', 'full', 'neo4j', '--overwrite-destination=true']
    """
    return (
        f"neo4j-admin database import full {database} --overwrite-destination=true \\\n  "
        + _format_args(folder)
    )


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, ",") for v in value)
    if value is None:
        return ""
    return value


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> int:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    with atomic_write(path) as fh:
        fh.write(buf.getvalue())
    path.chmod(0o644)  # readable by the neo4j user of a Docker image
    return len(rows)


_SCRIPT = """#!/bin/sh
# Offline bulk import of this folder into a STOPPED Neo4j 5 (Community or Enterprise).
# It REPLACES the database (default: neo4j). Usage:
#   NEO4J_ADMIN=/path/to/neo4j/bin/neo4j-admin sh import.sh [DATABASE]
# Then start Neo4j and run `kg neo4j load EXPORT_DIR` once: it adds the constraints and
# indexes, and changes no counts.
set -eu
DIR=$(cd "$(dirname "$0")" && pwd)
DATABASE=${1:-neo4j}
exec "${NEO4J_ADMIN:-neo4j-admin}" database import full "$DATABASE" \\
  --overwrite-destination=true \\
  %s
"""

_README = """# Bulk import into Neo4j

These CSVs are in `neo4j-admin database import` format. From the export folder,
with Neo4j **stopped**:

```sh
%s
```

(`sh import.sh [DATABASE]` runs exactly this; set `NEO4J_ADMIN` to the path of
`bin/neo4j-admin` if it is not on the PATH.) With Docker, mount this folder and run
the same command in the `neo4j:5.26` image:

```sh
docker run --rm -v "$PWD":/import -v neo4j-data:/data neo4j:5.26 \\
  neo4j-admin database import full neo4j --overwrite-destination=true \\
  %s
```

Then start Neo4j and run `kg neo4j load EXPORT_DIR` once to add the constraints and
indexes (it changes no counts). Aura cannot import CSVs this way: use `kg neo4j load`.

| file | rows |
| --- | --- |
%s
"""


def write_import_csv(
    papers: Sequence[Paper], folder: str | Path, *, links: Sequence[Link] | None = None
) -> dict[str, int]:
    """Write the import CSVs, ``import.sh``, ``import.args`` and ``IMPORT.md`` into ``folder``.

    Returns the number of data rows of each CSV. Array items containing ``;``
    have it replaced by ``,`` (the array delimiter cannot be escaped).
    """
    folder = Path(folder)
    if links is None:
        links = shared_technique_links(papers)
    rows = graph_rows(papers, links)
    written: dict[str, int] = {}
    written["papers.csv"] = _write_csv(
        folder / "papers.csv",
        PAPER_HEADER,
        [[r["id"], "Paper", *(r.get(n) for n in PAPER_PROPS)] for r in rows.papers],
    )
    entity_rows = []
    for label, entities in rows.entities.items():
        labels = "Entity" if label == "Entity" else f"Entity{ARRAY_DELIMITER}{label}"
        for r in entities:
            entity_rows.append(
                [r["key"], labels, r.get("name"), r.get("type"), r.get("aliases"), r["papers"]]
            )
    written["entities.csv"] = _write_csv(folder / "entities.csv", ENTITY_HEADER, entity_rows)
    role_rows = []
    for rtype, rels in rows.roles.items():
        for r in rels:
            role_rows.append(
                [r["paper"], r["entity"], rtype, r["confidence"], r["mentions"], r.get("evidence")]
            )
    written["roles.csv"] = _write_csv(folder / "roles.csv", ROLE_HEADER, role_rows)
    written["variants.csv"] = _write_csv(
        folder / "variants.csv",
        VARIANT_HEADER,
        [[r["variant"], r["base"], VARIANT_TYPE] for r in rows.variants],
    )
    written["links.csv"] = _write_csv(
        folder / "links.csv",
        LINK_HEADER,
        [[r["source"], r["target"], LINK_TYPE, r["weight"], r["via"]] for r in rows.links],
    )
    args = import_args()
    with atomic_write(folder / "import.args") as fh:
        fh.write("# arguments of `neo4j-admin database import full DATABASE`, one a line\n")
        fh.write("\n".join(args) + "\n")
    (folder / "import.args").chmod(0o644)
    with atomic_write(folder / "import.sh") as fh:
        fh.write(_SCRIPT % _format_args("$DIR"))
    (folder / "import.sh").chmod(0o755)
    docker_args = _format_args("/import")
    table = "\n".join(f"| {name} | {n} |" for name, n in written.items())
    with atomic_write(folder / "IMPORT.md") as fh:
        fh.write(_README % (import_command(str(folder.name)), docker_args, table))
    (folder / "IMPORT.md").chmod(0o644)
    return written
