"""Check RDF exports against ``ontology/shapes.ttl`` with pySHACL (``kg validate``).

>>> import tempfile, pathlib
>>> from kg.model import Paper
>>> from kg.rdf.export import write_rdf
>>> path = pathlib.Path(tempfile.mkdtemp()) / "graph.ttl"
>>> write_rdf([Paper("2501.1", "A title", "An abstract.")], path)
>>> validate_rdf(path).conforms
True
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from kg.errors import ExportError, ValidationError
from kg.rdf.export import SUFFIXES, format_for_path
from kg.rdf.namespace import bind_prefixes, ontology_path

__all__ = [
    "ValidationReport",
    "Violation",
    "check_graph",
    "load_graph",
    "rdf_files",
    "shapes_graph",
    "validate_export",
    "validate_rdf",
]

log = logging.getLogger(__name__)

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the focus node, the property path and the message."""

    focus: str
    path: str
    message: str
    severity: str = "Violation"


@dataclass
class ValidationReport:
    """The outcome of one file's validation."""

    source: str
    triples: int
    violations: list[Violation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations

    def summary(self, limit: int = 10) -> str:
        """A readable summary: counts by message, then the first ``limit`` results."""
        if self.conforms:
            return f"{self.source}: conforms ({self.triples} triples)"
        counts = Counter(v.message for v in self.violations)
        lines = [
            f"{self.source}: {len(self.violations)} SHACL violation(s) in {self.triples} triples"
        ]
        lines += [f"  {n} x {message}" for message, n in counts.most_common()]
        lines.append("first ones:")
        lines += [f"  {v.focus} {v.path}: {v.message}" for v in self.violations[:limit]]
        return "\n".join(lines)


def shapes_graph() -> Graph:
    """``ontology/shapes.ttl`` parsed."""
    return Graph().parse(ontology_path("shapes.ttl"), format="turtle")


def load_graph(path: str | Path) -> Graph:
    """Parse an RDF file (format from its suffix); ExportError naming the file if it cannot."""
    path = Path(path)
    name = format_for_path(path)
    if not path.is_file():
        raise ExportError(f"{path} not found; run `kg build` first or pass the export folder")
    try:
        return bind_prefixes(Graph()).parse(path, format={"ntriples": "nt"}.get(name, name))
    except Exception as err:  # rdflib raises many types (BadSyntax, ValueError, JSON errors)
        raise ExportError(f"{path}: not valid {name}: {str(err).splitlines()[0][:300]}") from err


def _short(graph: Graph, node) -> str:
    if node is None:
        return ""
    try:
        return node.n3(graph.namespace_manager)
    except Exception:  # a path node (blank node) or odd term: fall back to its plain form
        return str(node)


def check_graph(graph: Graph, source: str = "<graph>") -> ValidationReport:
    """Run pySHACL on ``graph`` with the shapes; never raises for a non-conforming graph."""
    conforms, results, _text = pyshacl.validate(
        graph, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True
    )
    report = ValidationReport(source=source, triples=len(graph))
    if conforms:
        return report
    for result in results.subjects(RDF.type, SH.ValidationResult):
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        report.violations.append(
            Violation(
                focus=_short(graph, results.value(result, SH.focusNode)),
                path=_short(graph, path) if path is not None and not _is_bnode(path) else "",
                message=str(message) if message is not None else "constraint not met",
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    report.violations.sort(key=lambda v: (v.message, v.focus, v.path))
    return report


def _is_bnode(node) -> bool:
    from rdflib import BNode

    return isinstance(node, BNode)


def validate_rdf(path: str | Path) -> ValidationReport:
    """Validate one RDF file; returns its report (see :func:`validate_export` to raise)."""
    return check_graph(load_graph(path), source=str(path))


def rdf_files(target: str | Path) -> list[Path]:
    """The RDF files to validate: ``target`` itself, or the ``graph.*`` RDF files of a folder."""
    target = Path(target)
    if target.is_dir():
        files = sorted(p for p in target.glob("graph.*") if p.suffix.lower() in SUFFIXES)
        if not files:
            raise ExportError(
                f"{target}: no graph.ttl, graph.nt or graph.jsonld; run `kg build` first"
            )
        return files
    if not target.exists():
        raise ExportError(f"{target} not found; run `kg build` first or pass the export folder")
    return [target]


def validate_export(target: str | Path = "exports") -> list[ValidationReport]:
    """Validate every RDF file of an export folder (or one file); ValidationError if any fails."""
    reports = [validate_rdf(path) for path in rdf_files(target)]
    failed = [r for r in reports if not r.conforms]
    for report in reports:
        log.debug("%s", report.summary())
    if failed:
        raise ValidationError("\n".join(r.summary() for r in failed))
    return reports
