from __future__ import annotations

from kg.extract.canonical import canonicalise, find_variants
from kg.model import Entity, Mention, Paper


def paper(pid: str, *entities: Entity, text: str = "x") -> Paper:
    return Paper(pid, f"title {pid}", text, entities=list(entities))


def test_canonical_long_form_takes_short_name_from_other_paper():
    a = paper("a", Entity("GRPO", "Method", "uses", ["Group Relative Policy Optimization"]))
    b = paper("b", Entity("group relative policy optimization", "Method", "uses"))
    canonicalise([a, b])
    assert b.entities[0].name == "GRPO"
    assert "group relative policy optimization" in b.entities[0].aliases


def test_canonical_same_key_gets_one_spelling():
    ps = [
        paper("a", Entity("LLaMA-2", "Model", "uses")),
        paper("b", Entity("LLaMA-2", "Model", "uses")),
        paper("c", Entity("Llama 2", "Model", "uses")),
    ]
    canonicalise(ps)
    assert {p.entities[0].name for p in ps} == {"LLaMA-2"}


def test_canonical_merges_duplicates_keeping_strongest_role():
    p = paper(
        "a",
        Entity("GRPO", "Method", "uses", ["Group Relative Policy Optimization"]),
        Entity("Group Relative Policy Optimization", "Method", "compares_to"),
    )
    canonicalise([p])
    assert [(e.name, e.role) for e in p.entities] == [("GRPO", "compares_to")]


def test_canonical_derived_names_stay_separate():
    p = paper(
        "a",
        Entity("GRPO", "Method", "uses"),
        Entity("S-GRPO", "Method", "proposes"),
        Entity("G^2RPO", "Method", "proposes"),
        Entity("T^2-GRPO", "Method", "proposes"),
    )
    canonicalise([p])
    assert [e.name for e in p.entities] == ["GRPO", "S-GRPO", "G^2RPO", "T^2-GRPO"]
    assert sorted(p.variant_of) == sorted(
        [["S-GRPO", "GRPO"], ["G^2RPO", "GRPO"], ["T^2-GRPO", "GRPO"]]
    )


def test_canonical_variant_needs_the_base_in_the_paper():
    p = paper("a", Entity("S-GRPO", "Method", "proposes"))
    assert find_variants(p) == []


def test_canonical_variant_from_text_cue():
    sentence = "We propose FooOpt, an extension of Adam for sparse data."
    p = paper(
        "a",
        Entity("FooOpt", "Method", "proposes", mentions=[Mention(11, 17, "FooOpt", sentence)]),
        Entity("Adam", "Method", "uses"),
    )
    assert find_variants(p) == [["FooOpt", "Adam"]]


def test_canonical_variant_only_for_proposed_entities():
    p = paper("a", Entity("GRPO", "Method", "uses"), Entity("S-GRPO", "Method", "uses"))
    assert find_variants(p) == []


def test_canonical_plus_names_stay_separate_from_their_base():
    # "MoE++" and "VideoGPT+" are new methods, not spellings of MoE and VideoGPT
    ps = [
        paper("a", Entity("MoE", "Method", "uses"), Entity("MoE++", "Method", "proposes")),
        paper("b", Entity("MoE", "Method", "uses")),
        paper(
            "c",
            Entity("VideoGPT", "Model", "compares_to"),
            Entity("VideoGPT+", "Model", "proposes"),
        ),
    ]
    canonicalise(ps)
    assert [e.name for e in ps[0].entities] == ["MoE", "MoE++"]
    assert [e.name for e in ps[2].entities] == ["VideoGPT", "VideoGPT+"]
    assert ps[0].variant_of == [["MoE++", "MoE"]]
    assert ps[2].variant_of == [["VideoGPT+", "VideoGPT"]]
