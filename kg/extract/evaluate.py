"""``kg eval``: score extraction against a gold file by the rule of GUIDELINES.md.

Papers are matched by title; within a paper, gold and predicted entities are
matched one-to-one by name or any alias, compared case-insensitively and
ignoring spaces, hyphens and punctuation (:func:`kg.model.match_key`); exact
name matches are paired first. Scores:

* core untyped: Method/Model/Dataset/Benchmark entities, type ignored;
* core typed: the same, the type must agree;
* per type: each of the six types (typed);
* role accuracy: share of core untyped matches whose role agrees.

>>> from kg.model import Entity
>>> gold = [Entity("GRPO", "Method", "uses", ["Group Relative Policy Optimization"])]
>>> pred = [Entity("Group Relative Policy Optimization", "Method", "uses")]
>>> [(g.name, p.name) for g, p in match_entities(gold, pred)]
[('GRPO', 'Group Relative Policy Optimization')]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import GoldFormatError
from kg.model import CORE_TYPES, ENTITY_TYPES, Entity, Paper, entity_key, match_key, read_papers

__all__ = [
    "EvalReport",
    "Score",
    "evaluate",
    "evaluate_file",
    "format_report",
    "match_entities",
    "read_gold",
]


@dataclass
class Score:
    """Counts and P/R/F1 of one comparison."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def to_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class EvalReport:
    """All scores of one evaluation run."""

    papers: int = 0
    unmatched_titles: list[str] = field(default_factory=list)
    core_untyped: Score = field(default_factory=Score)
    core_typed: Score = field(default_factory=Score)
    by_type: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in ENTITY_TYPES})
    role_correct: int = 0
    role_total: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def role_accuracy(self) -> float:
        return self.role_correct / self.role_total if self.role_total else 0.0

    def to_dict(self) -> dict:
        return {
            "papers": self.papers,
            "unmatched_titles": self.unmatched_titles,
            "core_untyped": self.core_untyped.to_dict(),
            "core_typed": self.core_typed.to_dict(),
            "by_type": {t: s.to_dict() for t, s in self.by_type.items()},
            "role_accuracy": round(self.role_accuracy, 4),
            "role_matched": self.role_total,
        }


def _keys(ent: Entity) -> set[str]:
    return {k for k in (match_key(n) for n in [ent.name, *ent.aliases]) if k}


def match_entities(
    gold: Sequence[Entity],
    pred: Sequence[Entity],
    same: Callable[[Entity, Entity], bool] = lambda g, p: True,
) -> list[tuple[Entity, Entity]]:
    """One-to-one pairs of gold and predicted entities.

    Identical names pair first (so gold ``MoE++`` meets predicted ``MoE++``, not ``MoE``,
    though both have the match key ``moe``), then names by match key, then aliases.
    """
    passes: tuple[Callable[[Entity], set[str]], ...] = (
        lambda e: {entity_key(e.name)},
        lambda e: {match_key(e.name)},
        _keys,
    )
    pairs: list[tuple[Entity, Entity]] = []
    used: set[int] = set()
    done: set[int] = set()
    for keys in passes:
        for gi, g in enumerate(gold):
            if gi in done:
                continue
            gkeys = keys(g)
            for pi, p in enumerate(pred):
                if pi in used or not same(g, p):
                    continue
                if gkeys & keys(p):
                    pairs.append((g, p))
                    used.add(pi)
                    done.add(gi)
                    break
    return pairs


def read_gold(path: str | Path) -> list[Paper]:
    """Gold papers (title + entities + variant_of) of a GUIDELINES.md gold file."""
    path = Path(path)
    papers = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise GoldFormatError(path, f"cannot read gold file: {err}") from err
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            papers.append(
                Paper(
                    id=str(row.get("id", lineno)),
                    title=row["title"],
                    abstract=row.get("abstract", ""),
                    entities=[Entity.from_dict(e) for e in row["entities"]],
                    variant_of=[list(v) for v in row.get("variant_of", [])],
                )
            )
        except (ValueError, KeyError, TypeError) as err:
            raise GoldFormatError(
                path, f"not a gold record ({err!r}); see GUIDELINES.md for the format", line=lineno
            ) from err
    return papers


def evaluate(gold: Sequence[Paper], pred: Sequence[Paper]) -> EvalReport:
    """Score ``pred`` against ``gold`` (papers matched by title)."""
    by_title = {match_key(p.title): p for p in pred}
    report = EvalReport()
    for gp in gold:
        pp = by_title.get(match_key(gp.title))
        if pp is None:
            report.unmatched_titles.append(gp.title)
            pred_ents: list[Entity] = []
        else:
            report.papers += 1
            pred_ents = pp.entities
        g_core = [e for e in gp.entities if e.type in CORE_TYPES]
        p_core = [e for e in pred_ents if e.type in CORE_TYPES]
        untyped = match_entities(g_core, p_core)
        report.core_untyped.add(
            len(untyped), len(p_core) - len(untyped), len(g_core) - len(untyped)
        )
        for g, p in untyped:
            report.role_total += 1
            report.role_correct += g.role == p.role
            if g.role != p.role:
                report.errors.append(
                    {
                        "paper": gp.title,
                        "kind": "role",
                        "gold": g.name,
                        "gold_role": g.role,
                        "pred_role": p.role,
                    }
                )
        typed = match_entities(g_core, p_core, lambda g, p: g.type == p.type)
        report.core_typed.add(len(typed), len(p_core) - len(typed), len(g_core) - len(typed))
        for etype in ENTITY_TYPES:
            g_t = [e for e in gp.entities if e.type == etype]
            p_t = [e for e in pred_ents if e.type == etype]
            m = match_entities(g_t, p_t)
            report.by_type[etype].add(len(m), len(p_t) - len(m), len(g_t) - len(m))
        matched_g = {id(g) for g, _ in match_entities(gp.entities, pred_ents)}
        matched_p = {id(p) for _, p in match_entities(gp.entities, pred_ents)}
        for g in gp.entities:
            if id(g) not in matched_g:
                report.errors.append(
                    {"paper": gp.title, "kind": "fn", "gold": g.name, "type": g.type}
                )
        for p in pred_ents:
            if id(p) not in matched_p:
                report.errors.append(
                    {"paper": gp.title, "kind": "fp", "pred": p.name, "type": p.type}
                )
    return report


def evaluate_file(
    gold: str | Path,
    *,
    pred: str | Path | None = None,
    corpus: Sequence[str | Path] | None = None,
) -> EvalReport:
    """Score a ``papers.jsonl`` (or, without ``pred``, a fresh extraction of the gold papers)."""
    gold_papers = read_gold(gold)
    if pred is not None:
        return evaluate(gold_papers, read_papers(pred))
    from kg.extract.pipeline import extract_papers
    from kg.ingest import load_papers

    wanted = {match_key(p.title) for p in gold_papers}
    papers = [p for p in load_papers(corpus).papers if match_key(p.title) in wanted]
    extract_papers(papers)
    return evaluate(gold_papers, papers)


def format_report(report: EvalReport) -> str:
    """A plain-text table of the report."""
    rows = [
        f"papers matched: {report.papers} (unmatched gold titles: {len(report.unmatched_titles)})",
        f"{'':16}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}",
    ]

    def line(label: str, s: Score) -> str:
        return f"{label:16}{s.precision:8.3f}{s.recall:8.3f}{s.f1:8.3f}{s.tp:6d}{s.fp:6d}{s.fn:6d}"

    rows.append(line("core untyped", report.core_untyped))
    rows.append(line("core typed", report.core_typed))
    for etype, score in report.by_type.items():
        rows.append(line(f"  {etype}", score))
    rows.append(
        f"role accuracy   {report.role_accuracy:8.3f}  ({report.role_correct}/{report.role_total} matched core entities)"
    )
    return "\n".join(rows)
