from __future__ import annotations

import pytest

from kg.extract.roles import combine_roles, role_of_sentence


def words(text: str) -> list[str]:
    return text.lower().split()


@pytest.mark.parametrize(
    ("sentence", "name", "etype", "known", "role"),
    [
        ("we propose s-grpo , a variant of grpo", "s-grpo", "Method", False, "proposes"),
        ("we propose s-grpo , a variant of grpo", "grpo", "Method", True, "uses"),
        # the gerund proposes as the verb does, and "building on" still starts from X
        ("we address it by introducing sbta , a new method", "sbta", "Method", False, "proposes"),
        ("we win by building on ppo and a critic", "ppo", "Method", True, "uses"),
        ("loss falls by 61 % relative to transe", "transe", "Method", True, "compares_to"),
        ("a 5 % relative improvement using lora", "lora", "Method", True, "uses"),
        (
            "it is competitive with moonvit at half the cost",
            "moonvit",
            "Model",
            True,
            "compares_to",
        ),
        # the rivals a baseline word lists, not what the authors' side does after it
        (
            "we use six baselines , react , reflexion and gepa",
            "gepa",
            "Method",
            True,
            "compares_to",
        ),
        (
            "compared with the baseline , our approach enables llama-8b to win",
            "llama-8b",
            "Model",
            True,
            "uses",
        ),
        ("a new method called foonet is shown", "foonet", "Method", False, "proposes"),
        # an apposition says the authors made it; "we formalize this as X"
        ("in editlang , a language that we design .", "editlang", "Method", False, "proposes"),
        ("on gsm8k , a benchmark that we use .", "gsm8k", "Benchmark", False, "evaluates_on"),
        ("we formalize this as foonet .", "foonet", "Method", False, "proposes"),
        ("it was formalized as foonet by others .", "foonet", "Method", False, "uses"),
        ("foonet is introduced to fix it", "foonet", "Method", False, "proposes"),
        # someone else's: proposed earlier, or introduced by others
        ("recently , foonet is proposed to fix it", "foonet", "Method", False, "uses"),
        ("foonet has been proposed to fix it", "foonet", "Method", False, "uses"),
        ("foonet , introduced by tandon et al.", "foonet", "Method", False, "uses"),
        ("our method outperforms ppo by far", "ppo", "Method", True, "compares_to"),
        ("we report results on gsm8k", "gsm8k", "Benchmark", True, "evaluates_on"),
        ("we train on c4 for a week", "c4", "Dataset", True, "uses"),
        ("we fine-tune llama with lora", "lora", "Method", True, "uses"),
        (
            "first , pytorch-direct is devised to cut transfers",
            "pytorch-direct",
            "Method",
            False,
            "proposes",
        ),
        (
            "the ssdtrain offloading framework is designed and implemented",
            "ssdtrain",
            "Method",
            False,
            "proposes",
        ),
        # the rival is named before the mention, which is on the authors' side
        (
            "compared with the baseline , our approach enables llama-8b to win",
            "llama-8b",
            "Model",
            True,
            "uses",
        ),
        ("compared with our method , ppo is slow", "ppo", "Method", True, "compares_to"),
        # every rival the comparison verb governs, however far down the list
        (
            "foo beats sc by 3.4 % , bok by 3.2 % , and self-refine by 4.0 %",
            "self-refine",
            "Method",
            True,
            "compares_to",
        ),
        (
            "sequential search underperforms parallel sampling",
            "parallel",
            "Method",
            True,
            "compares_to",
        ),
        # the rivals a baseline word lists after a dash or "such as"
        (
            "it gives baselines - from large agents and behaviour cloning to ppo and grpo",
            "grpo",
            "Method",
            True,
            "compares_to",
        ),
        (
            "it gives baselines such as large agents , behaviour cloning , ppo and grpo",
            "grpo",
            "Method",
            True,
            "compares_to",
        ),
        (
            "unlike traditional self-refine methods , foo adapts",
            "self-refine",
            "Method",
            True,
            "compares_to",
        ),
        # "In comparison, X": a discourse marker
        ("in comparison , dense pruning is less explored", "dense", "Method", True, "uses"),
        ("in comparison with dense pruning it is fast", "dense", "Method", True, "compares_to"),
        # a name cited to others is not the paper's
        (
            "we study a form of error feedback called ef21 ( richtarik et al. , 2021 )",
            "ef21",
            "Method",
            False,
            "uses",
        ),
        ("we study a form of error feedback called ef21 .", "ef21", "Method", False, "proposes"),
        (
            "motivated by the recently proposed learngene framework , we propose a pool",
            "learngene",
            "Method",
            False,
            "uses",
        ),
        # the comparison has turned to what the rivals ran with
        (
            "it beats them over various sparse methods with resnet-50 on imagenet",
            "resnet-50",
            "Model",
            True,
            "uses",
        ),
        ("it gains 3 % over resnet-50 on imagenet", "resnet-50", "Model", True, "compares_to"),
        # "compare X with Y": the comparison's own "with" names the rival
        (
            "we compare the clustering approach with classical fedavg",
            "fedavg",
            "Method",
            True,
            "compares_to",
        ),
        (
            "foo outperforms rivals on math benchmarks when run with vllm",
            "vllm",
            "Method",
            True,
            "uses",
        ),
        # an apposition that claims the name; not one that only cites it
        (
            "on e2a-bench , our benchmark of 63 editing tasks , foo wins",
            "e2a-bench",
            "Benchmark",
            False,
            "proposes",
        ),
        (
            "on e2a-bench , a benchmark of 63 editing tasks , foo wins",
            "e2a-bench",
            "Benchmark",
            False,
            "evaluates_on",
        ),
        (
            "while this applies to the simplest form of ef21 , our approach naturally extends",
            "ef21",
            "Method",
            False,
            "uses",
        ),
    ],
)
def test_roles_from_sentence_cues(sentence, name, etype, known, role):
    w = words(sentence)
    assert role_of_sentence(w, w.index(name), etype, known=known) == role


def test_roles_background_sentence_is_mentions():
    w = words("recent work has widely used ppo for alignment")
    assert role_of_sentence(w, w.index("ppo"), "Method", known=True, background=True) == "mentions"


@pytest.mark.parametrize(
    ("name", "role"),
    [("chatgpt", "mentions"), ("copilot", "mentions"), ("mmlu", "uses")],
)
def test_roles_every_member_of_a_background_example_list_is_mentioned(name, role):
    w = words("it matters in chat systems such as chatgpt , perplexity , copilot , trained on mmlu")
    assert role_of_sentence(w, w.index(name), "Model", known=True, background=True) == role


def test_roles_title_head_proposes_unless_known():
    w = words("foonet : fast training")
    assert role_of_sentence(w, 0, "Method", in_title_head=True) == "proposes"
    assert role_of_sentence(w, 0, "Method", in_title_head=True, known=True) == "uses"


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (["mentions", "uses"], "uses"),
        (["compares_to", "evaluates_on"], "evaluates_on"),
        (["uses", "proposes", "mentions"], "proposes"),
        ([], "mentions"),
    ],
)
def test_roles_combine_takes_strongest(roles, expected):
    assert combine_roles(roles) == expected


@pytest.mark.parametrize(
    ("sentence", "name", "own_subject", "role"),
    [
        ("hecate introduces zigzag sharding for experts", "zigzag", True, "proposes"),
        ("hecate comprises zigzag sharding and caching", "zigzag", True, "proposes"),
        ("hecate consists of zigzag sharding and caching", "zigzag", True, "proposes"),
        ("hecate consists of two parts : zigzag sharding and caching", "zigzag", True, "proposes"),
        # every item of the list a colon opens after "introduces three modules"
        (
            "hecate introduces three modules : quux pooling for speed , zigzag sharding for experts",
            "zigzag",
            True,
            "proposes",
        ),
        # a colon that turns from the proposal to something else
        (
            "we propose hecate : ppo , zigzag sharding and dpo serve as baselines",
            "zigzag",
            False,
            "uses",
        ),
        ("hecate introduces zigzag sharding for experts", "zigzag", False, "uses"),
        ("hecate builds on zigzag sharding", "zigzag", True, "uses"),
        # an enumerated component: "(2) Y that ..." after the verb that lists them
        (
            "aepo comprises : ( 1 ) a rollout with caching ; and ( 2 ) zigzag sharding",
            "zigzag",
            True,
            "proposes",
        ),
        (
            "we list : ( 1 ) a rollout with caching ; and ( 2 ) zigzag sharding",
            "zigzag",
            True,
            "uses",
        ),
        # the first of the paper's techniques, named in apposition
        ("the first technique , zigzag sharding ( zs ) , cuts memory", "zigzag", False, "proposes"),
    ],
)
def test_roles_proposed_subject_speaks_for_the_authors(sentence, name, own_subject, role):
    w = words(sentence)
    got = role_of_sentence(w, w.index(name), "Method", length=2, own_subject=own_subject)
    assert got == role


def test_roles_a_task_is_never_proposed():
    w = words("we propose elastic scaling of experts")
    assert role_of_sentence(w, 2, "Task", length=2) == "uses"
    assert role_of_sentence(w, 2, "Method", length=2) == "proposes"


@pytest.mark.parametrize(("prior", "role"), [(True, "uses"), (False, "proposes")])
def test_roles_a_term_named_before_only_qualifies_the_proposal(prior, role):
    # "IL" was named in the background: the novel thing is the framework, not IL
    w = words("we introduce a novel il framework named mansa")
    assert role_of_sentence(w, w.index("il"), "Method", prior=prior) == role


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("we build upon a minimax winner ( mw ) of social choice", "uses"),
        ("we design a minimax winner ( mw ) for social choice", "proposes"),
    ],
)
def test_roles_coined_name_proposed_unless_built_upon(sentence, role):
    w = words(sentence)
    assert role_of_sentence(w, w.index("mw"), "Method", coined=True) == role


@pytest.mark.parametrize(
    ("name", "role"),
    [("vector", "proposes"), ("subset", "proposes"), ("lora", "uses")],
)
def test_roles_members_named_after_namely_are_proposed(name, role):
    w = words(
        "we propose mixture of shards , integrating four strategies , namely subset selection , "
        "pair dissociation , vector sharding and shard privatization , with lora"
    )
    assert role_of_sentence(w, w.index(name), "Method", length=2) == role


@pytest.mark.parametrize(
    ("sentence", "background", "role"),
    [
        ("an hbm management module ( hmm ) reuses weights", False, "proposes"),
        ("an hbm management module ( hmm ) reuses weights", True, "uses"),
        ("an hbm management scheme ( hmm ) reuses weights", False, "uses"),
    ],
)
def test_roles_a_named_part_coined_after_the_authors_speak_is_proposed(sentence, background, role):
    # the long form of an abbreviation defined in this sentence, ending in a part's name
    w = words(sentence)
    got = role_of_sentence(w, 1, "Method", length=3, coined=True, background=background)
    assert got == role


@pytest.mark.parametrize(
    ("own_subject", "background", "role"),
    [(True, False, "proposes"), (False, False, "uses"), (True, True, "uses")],
)
def test_roles_a_fresh_coinage_under_the_proposals_subject_is_proposed(
    own_subject, background, role
):
    # "FSSDP shards the parameters with two collectives SparseAllGather and ..."
    w = words("fssdp shards the parameters with two collectives sparseallgather and more")
    got = role_of_sentence(
        w, 7, "Method", fresh=True, own_subject=own_subject, background=background
    )
    assert got == role


@pytest.mark.parametrize(
    "sentence", ["czad beats patchcore by 3 points", "czad is faster than patchcore"]
)
def test_roles_a_fresh_coinage_the_proposal_beats_is_its_rival(sentence):
    w = words(sentence)
    got = role_of_sentence(w, w.index("patchcore"), "Method", fresh=True, own_subject=True)
    assert got == "compares_to"


@pytest.mark.parametrize(
    ("sentence", "background", "role"),
    [
        ("this holds for pre-trained models ( e.g. gpt , bert ) in nlp", True, "mentions"),
        ("this holds for pre-trained models such as gpt in nlp", True, "mentions"),
        ("this holds for pre-trained models ( e.g. gpt , bert ) in nlp", False, "uses"),
        ("this holds for gpt in nlp", True, "uses"),
    ],
)
def test_roles_an_example_in_the_background_is_a_mention(sentence, background, role):
    w = words(sentence)
    assert role_of_sentence(w, w.index("gpt"), "Model", known=True, background=background) == role


def test_roles_a_passive_proposal_before_the_authors_speak_still_proposes():
    """ "First, PyTorch-Direct is devised ..." opens many abstracts without a "we"."""
    w = words("first , pytorch-direct is devised to cut transfers")
    assert role_of_sentence(w, 2, "Method", background=True) == "proposes"
    w = words("recently , pytorch-direct is proposed to cut transfers")
    assert role_of_sentence(w, 2, "Method", background=True) == "mentions"
