"""What each bundled example query must answer, computed from the papers in plain Python.

Independent of the RDF mapping: only kg.model and kg.graph (the contract) are used,
so a wrong query or a wrong mapping shows up as a difference.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from kg.graph import corpus_entities, shared_technique_links
from kg.graph.links import LINK_ROLES, TECHNIQUE_TYPES
from kg.model import ROLE_STRENGTH, Paper, entity_key

__all__ = [
    "check_example",
    "evidence",
    "linked_papers",
    "papers_using",
    "shared_techniques",
    "task_papers_using",
    "top_benchmarks",
    "variants_of",
]

ROLE_NAMES = {
    "proposes": "proposes",
    "uses": "uses",
    "evaluates_on": "evaluatesOn",
    "compares_to": "comparesTo",
    "mentions": "mentions",
}


def _roles(paper: Paper) -> dict[str, tuple[str, float]]:
    """key -> (strongest role, highest confidence) of one paper."""
    out: dict[str, tuple[str, float]] = {}
    for ent in paper.entities:
        role, conf = out.get(ent.key, (ent.role, ent.confidence))
        if ROLE_STRENGTH[ent.role] > ROLE_STRENGTH[role]:
            role = ent.role
        out[ent.key] = (role, max(conf, ent.confidence))
    return out


def _matching(papers: Sequence[Paper], name: str, etype: str | None = None) -> set[str]:
    """Keys of the corpus entities named ``name`` exactly (canonical name or an alias)."""
    return {
        key
        for key, ent in corpus_entities(papers).items()
        if (etype is None or ent.type == etype) and name in {ent.name, *ent.aliases}
    }


def papers_using(papers: Sequence[Paper], name: str) -> list[tuple[str, str, float]]:
    keys = _matching(papers, name)
    rows = set()
    for p in papers:
        for key, (role, conf) in _roles(p).items():
            if key in keys and role == "uses":
                rows.add((p.id, p.title, round(conf, 4)))
    return sorted(rows)


def shared_techniques(papers: Sequence[Paper], a: str, b: str) -> list[tuple[str, str, str]]:
    ents = corpus_entities(papers)
    by_id = {p.id: _roles(p) for p in papers}
    ra, rb = by_id[a], by_id[b]
    rows = []
    for key in ra.keys() & rb.keys():
        if (
            ents[key].type in TECHNIQUE_TYPES
            and ra[key][0] in LINK_ROLES
            and rb[key][0] in LINK_ROLES
        ):
            rows.append((ents[key].name, ROLE_NAMES[ra[key][0]], ROLE_NAMES[rb[key][0]]))
    return sorted(rows, key=lambda r: r[0].lower())


def top_benchmarks(papers: Sequence[Paper], limit: int = 20) -> list[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    ents = corpus_entities(papers)
    for p in papers:
        for key, (role, _) in _roles(p).items():
            if ents[key].type == "Benchmark" and role != "mentions":
                counts[key] += 1
    rows = [(ents[k].name, n) for k, n in counts.items()]
    return sorted(rows, key=lambda r: (-r[1], r[0].lower()))[:limit]


def _variant_edges(papers: Sequence[Paper]) -> dict[str, set[str]]:
    ents = corpus_entities(papers)
    parents: dict[str, set[str]] = defaultdict(set)
    for p in papers:
        for name, base in p.variant_of:
            a, b = entity_key(name), entity_key(base)
            if a in ents and b in ents and a != b:
                parents[a].add(b)
    return parents


def variants_of(papers: Sequence[Paper], name: str) -> set[tuple[str, str, str, str]]:
    ents = corpus_entities(papers)
    parents = _variant_edges(papers)
    bases = _matching(papers, name)

    def ancestors(key: str) -> set[str]:
        seen, todo = set(), [key]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    rows = set()
    for p in papers:
        for key, (role, _) in _roles(p).items():
            if role == "proposes" and ancestors(key) & bases:
                for parent in parents[key]:
                    rows.add((ents[key].name, ents[parent].name, p.id, p.title))
    return rows


def task_papers_using(papers: Sequence[Paper], task: str, technique: str) -> list[tuple[str, str]]:
    tasks = _matching(papers, task, "Task")
    tools = _matching(papers, technique)
    rows = set()
    for p in papers:
        roles = _roles(p)
        on_task = any(roles.get(k, ("",))[0] in {"uses", "evaluates_on"} for k in tasks)
        uses_tool = any(roles.get(k, ("",))[0] == "uses" for k in tools)
        if on_task and uses_tool:
            rows.add((p.id, p.title))
    return sorted(rows)


def linked_papers(
    papers: Sequence[Paper], paper_id: str
) -> list[tuple[str, float, frozenset[str]]]:
    rows = []
    for link in shared_technique_links(papers):
        if paper_id in (link.source, link.target):
            other = link.target if link.source == paper_id else link.source
            rows.append((other, round(link.weight, 4), frozenset(link.via)))
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def evidence(
    papers: Sequence[Paper], paper_id: str
) -> set[tuple[str, str, int | None, int | None]]:
    ents = corpus_entities(papers)
    paper = next(p for p in papers if p.id == paper_id)
    roles = _roles(paper)
    rows = set()
    for ent in paper.entities:
        role = ROLE_NAMES[roles[ent.key][0]]
        for m in ent.mentions:
            rows.add((ents[ent.key].name, role, m.start, m.end))
    return rows


def _values(result) -> list[tuple]:
    return [tuple(None if t is None else t.toPython() for t in row) for row in result.rows]


def _num(value) -> float:
    return round(float(value), 4)


def check_example(name: str, args: dict, result, papers: Sequence[Paper]) -> list[tuple]:
    """Assert ``result`` of example ``name`` run with ``args`` (all its params) is right."""
    rows = _values(result)
    if name == "papers-using":
        want = papers_using(papers, args["name"])
        assert [(r[0], r[1], _num(r[2])) for r in rows] == want
    elif name == "shared-techniques":
        want = shared_techniques(papers, args["a"], args["b"])
        got = [(r[0], str(r[2]).rsplit("#", 1)[1], str(r[3]).rsplit("#", 1)[1]) for r in rows]
        assert got == want
    elif name == "top-benchmarks":
        assert [(r[0], int(r[1])) for r in rows] == top_benchmarks(papers)
    elif name == "variants-of":
        assert set(rows) == variants_of(papers, args["name"])
        assert len(rows) == len(set(rows))
    elif name == "task-papers-using":
        assert rows == task_papers_using(papers, args["task"], args["technique"])
    elif name == "linked-papers":
        got = [(r[0], _num(r[2]), frozenset(r[3].split("; "))) for r in rows]
        assert got == linked_papers(papers, args["id"])
    elif name == "evidence":
        got = {(r[0], str(r[1]).rsplit("#", 1)[1], r[3], r[4]) for r in rows}
        assert got == evidence(papers, args["id"])
        text = next(p for p in papers if p.id == args["id"]).text
        for r in rows:
            assert text[r[3] : r[4]] in r[5], r  # the offsets point into the sentence given
    return rows
