"""Helpers of the Neo4j tests: small corpora and a full dump of a database for comparisons."""

from __future__ import annotations

import random
from collections import Counter

from kg.model import Entity, Mention, Paper

__all__ = [
    "chain_papers",
    "count_by_label_and_type",
    "dump_graph",
    "expected_counts",
    "synthetic_papers",
]


def chain_papers() -> list[Paper]:
    """Six papers: a chain a-b-c-d linked by different methods, a GRPO family, a lone paper.

    a and b share "Alpha", b and c share "Beta", c and d share "Gamma"; e uses GRPO with
    a and proposes "Dr. GRPO", a variant of GRPO, itself the base of "Dr. GRPO++".
    """

    def ent(name: str, etype: str, role: str, aliases=()) -> Entity:
        return Entity(
            name, etype, role, list(aliases), [Mention(0, len(name), name, f"We use {name}.")], 0.8
        )

    a = Paper(
        "p-a",
        "Paper A",
        "a",
        entities=[
            ent("Alpha", "Method", "uses"),
            ent("GRPO", "Method", "uses"),
            ent("Bench1", "Benchmark", "evaluates_on"),
        ],
    )
    b = Paper(
        "p-b",
        "Paper B",
        "b",
        entities=[
            ent("Alpha", "Method", "uses"),
            ent("Beta", "Model", "uses"),
            ent("Bench1", "Benchmark", "evaluates_on"),
        ],
    )
    c = Paper(
        "p-c",
        "Paper C",
        "c",
        entities=[
            ent("Beta", "Model", "compares_to"),
            ent("Gamma", "Method", "uses"),
            ent("Bench2", "Benchmark", "mentions"),
        ],
    )
    d = Paper(
        "p-d",
        "Paper D",
        "d",
        entities=[ent("Gamma", "Method", "proposes"), ent("Bench1", "Benchmark", "evaluates_on")],
    )
    e = Paper(
        "p-e",
        "Paper E: Dr. GRPO",
        "e",
        entities=[
            ent("GRPO", "Method", "uses", ["Group Relative Policy Optimization"]),
            ent("Dr. GRPO", "Method", "proposes"),
            ent("Dr. GRPO++", "Method", "mentions"),
        ],
        variant_of=[["Dr. GRPO", "GRPO"], ["Dr. GRPO++", "Dr. GRPO"]],
    )
    f = Paper("p-f", "Paper F", "f", entities=[ent("Lonely", "Dataset", "uses")])
    return [a, b, c, d, e, f]


def synthetic_papers(n: int, seed: int = 0, per_paper: int = 6) -> list[Paper]:
    """``n`` papers with entities reused from small vocabularies (deterministic)."""
    rng = random.Random(seed)
    types = ["Method", "Model", "Dataset", "Benchmark", "Task", "Metric"]
    roles = ["uses", "uses", "evaluates_on", "compares_to", "proposes", "mentions"]
    papers = []
    for i in range(n):
        p = Paper(
            f"s-{i:05d}", f"Synthetic paper {i}", f'Abstract {i}; with a comma, and "quotes".'
        )
        seen = set()
        for _ in range(per_paper):
            etype = rng.choice(types)
            name = f"{etype}-{int(rng.paretovariate(1.2)) % 300}"
            if name in seen:
                continue
            seen.add(name)
            p.entities.append(
                Entity(name, etype, rng.choice(roles), [], [], round(rng.random(), 3))
            )
        papers.append(p)
    return papers


def expected_counts(papers: list[Paper], links) -> Counter:
    """Nodes per label and relationships per type computed from the papers themselves."""
    from kg.model import ROLE_STRENGTH, entity_key

    out: Counter = Counter()
    types: dict[str, Counter] = {}
    roles: dict[tuple[str, str], str] = {}
    for p in papers:
        for e in p.entities:
            types.setdefault(e.key, Counter())[e.type] += 1
            old = roles.get((p.id, e.key))
            if old is None or ROLE_STRENGTH[e.role] > ROLE_STRENGTH[old]:
                roles[(p.id, e.key)] = e.role
    out["Paper"] = len({p.id for p in papers})
    out["Entity"] = len(types)
    for counter in types.values():
        out[counter.most_common(1)[0][0]] += 1
    for role in roles.values():
        out[role.upper()] += 1
    variants = {
        (entity_key(a), entity_key(b))
        for p in papers
        for a, b in p.variant_of
        if entity_key(a) in types and entity_key(b) in types and entity_key(a) != entity_key(b)
    }
    out["VARIANT_OF"] = len(variants)
    out["SHARES_TECHNIQUE"] = len(links)
    return out


def count_by_label_and_type(driver) -> Counter:
    """Every label's node count and every relationship type's count, straight from the database."""
    out: Counter = Counter()
    for rec in driver.execute_query(
        "MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS n"
    ).records:
        out[rec["l"]] = rec["n"]
    for rec in driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n").records:
        out[rec["t"]] = rec["n"]
    return out


def dump_graph(driver) -> tuple[list, list]:
    """Every node (sorted labels, properties) and relationship (type, ends, properties), sorted."""
    nodes = sorted(
        (tuple(sorted(r["labels"])), sorted(r["props"].items()))
        for r in driver.execute_query(
            "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
        ).records
    )
    rels = sorted(
        (r["t"], r["a"], r["b"], sorted(r["props"].items()))
        for r in driver.execute_query(
            "MATCH (x)-[r]->(y) RETURN type(r) AS t, coalesce(x.id, x.key) AS a, "
            "coalesce(y.id, y.key) AS b, properties(r) AS props"
        ).records
    )
    return nodes, rels
