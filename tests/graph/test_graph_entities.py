"""Corpus-wide entities: one per key, the most common name and type, merged aliases."""

from __future__ import annotations

import pytest

from kg.graph.entities import corpus_entities
from kg.model import Entity, Paper


def _papers(*uses: tuple[str, str, str, list[str]]) -> list[Paper]:
    return [
        Paper(f"p{i}", f"T{i}", "x", entities=[Entity(name, etype, role, aliases)])
        for i, (name, etype, role, aliases) in enumerate(uses)
    ]


@pytest.mark.parametrize(
    ("uses", "name", "etype"),
    [
        # the majority wins
        (
            [
                ("LoRA", "Method", "uses", []),
                ("lora", "Method", "uses", []),
                ("LoRA", "Model", "uses", []),
            ],
            "LoRA",
            "Method",
        ),
        # a tie of names: the smallest; a tie of types: the earlier in ENTITY_TYPES
        ([("GRPO", "Model", "uses", []), ("grpo", "Method", "uses", [])], "GRPO", "Method"),
        ([("Qwen-2", "Model", "uses", [])], "Qwen-2", "Model"),
    ],
)
def test_entities_most_common_name_and_type(uses, name, etype):
    (ent,) = corpus_entities(_papers(*uses)).values()
    assert (ent.name, ent.type, ent.papers) == (name, etype, len(uses))


def test_entities_merge_aliases_and_roles_in_order():
    papers = _papers(
        ("GRPO", "Method", "uses", ["Group Relative Policy Optimization", "grpo"]),
        ("GRPO", "Method", "proposes", ["G.R.P.O.", "Group Relative Policy Optimization"]),
        ("VideoGPT+", "Model", "uses", []),
    )
    ents = corpus_entities(papers)
    assert list(ents) == sorted(ents)  # deterministic key order
    grpo = ents["grpo"]
    assert grpo.aliases == ["Group Relative Policy Optimization", "grpo", "G.R.P.O."]
    assert grpo.roles == {"uses": 1, "proposes": 1}
    assert "videogpt+" in ents and ents["videogpt+"].papers == 1  # "+" keeps it apart


def test_entities_do_not_depend_on_gc_state():
    import gc

    papers = _papers(("LoRA", "Method", "uses", []), ("LoRA", "Method", "uses", []))
    gc.disable()
    try:
        assert corpus_entities(papers)["lora"].papers == 2
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
    corpus_entities(papers)
    assert gc.isenabled()
