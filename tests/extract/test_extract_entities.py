from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from spacy.tokens import Span, SpanGroup

from kg.extract.entities import guess_type, resolve_entities
from kg.extract.pipeline import get_nlp, make_nlp
from kg.extract.spancat import SPANS_KEY


@pytest.fixture(scope="module")
def rules():
    """The rule layers alone (no trained spancat): what the resolver adds is visible."""
    return make_nlp()


def entities(nlp, text: str) -> dict[str, tuple[str, int]]:
    return {e.name: (e.role, len(e.mentions)) for e in nlp(text)._.kg_entities}


def test_entities_repeats_of_a_kept_name_are_mentions(rules):
    got = entities(
        rules,
        "Hecate: Fast Sparse Training\n\n"
        "We build Hecate, a training system. Hecate introduces zigzag sharding, which cuts memory.",
    )
    # the title and the sentence-initial "Hecate" are found by the name, not by a rule
    assert got["Hecate"] == ("proposes", 3)
    # ... and that sentence speaks for the authors: what Hecate introduces is the paper's
    assert got["zigzag sharding"] == ("proposes", 1)


@pytest.mark.parametrize("opener", ["", "Additionally, ", "In particular, "])
def test_entities_proposed_subject_after_an_opening_adverbial(rules, opener):
    got = entities(
        rules,
        "Hecate: Fast Sparse Training\n\n"
        f"We build Hecate, a training system. {opener}Hecate introduces zigzag sharding.",
    )
    assert got["zigzag sharding"][0] == "proposes"


@pytest.mark.parametrize(
    ("subject", "role"), [("Hecate", "proposes"), ("It", "uses"), ("The cluster", "uses")]
)
def test_entities_camel_case_coinage_under_the_proposals_subject(rules, subject, role):
    got = entities(
        rules,
        "Hecate: Fast Sparse Training\n\nWe build Hecate, a training system. "
        f"{subject} shards parameters with two collectives SparseGather and SparseScatter.",
    )
    assert got["SparseGather"][0] == got["SparseScatter"][0] == role


@pytest.mark.parametrize(
    ("abbreviation", "later", "role"),
    [
        (" (ZS)", " We apply ZS to client sampling.", "uses"),
        # defined in the background and never written again: only mentioned
        (" (ZS)", "", "mentions"),
        ("", "", "mentions"),
    ],
)
def test_entities_an_abbreviation_defined_in_the_background_is_used_if_used_again(
    rules, abbreviation, later, role
):
    got = entities(
        rules,
        "Sparse Training Revisited\n\n"
        f"Recently, zigzag sharding{abbreviation} has emerged as a popular paradigm. "
        f"We study client sampling.{later}",
    )
    assert next(r for name, (r, _) in got.items() if name in {"ZS", "zigzag sharding"}) == role


def test_entities_name_across_a_sentence_boundary(rules):
    """The sentencizer ends a sentence at "MR." inside the short form; the mention's
    sentence and its role read both parts."""
    doc = rules(
        "Judges\n\nWe find that results improve with the Multimodal Reasoner as a Judge "
        "(MR. Judge) on all tasks."
    )
    (entity,) = [e for e in doc._.kg_entities if e.name == "MR. Judge"]
    assert entity.mentions[-1].sentence.endswith("(MR. Judge) on all tasks.")


_ROUNDS = "Clients rarely take part in every round."
_PRESENT = "We present DeepSeek-V3, a strong language model."


@pytest.mark.parametrize(
    ("title", "body", "name", "role"),
    [
        ("Anchor Sampling for Federated Learning", _ROUNDS, "Anchor Sampling", "proposes"),
        ("An Anchor Sampling for Federated Learning", _ROUNDS, "Anchor Sampling", "proposes"),
        ("Rethinking Anchor Sampling for Federated Learning", _ROUNDS, "Anchor Sampling", "uses"),
        # a kind word may come between the name and the preposition
        ("Anchor Sampling Strategies to Build Datasets", _ROUNDS, "Anchor Sampling", "proposes"),
        # a known name that heads the title is the paper's own
        ("DeepSeek-V3: Towards Efficient Long-Context Models", _PRESENT, "DeepSeek-V3", "proposes"),
        ("Towards Efficient Long-Context Models", _PRESENT, "DeepSeek-V3", "uses"),
        # either side of a bracket in the title's head names the paper's proposal
        (
            "Zorbian Fourier Language Model (ZFLM): A Scalable Approach",
            "We find that ZFLM models text well. ZFLM is fast.",
            "ZFLM",
            "proposes",
        ),
        (
            "ZorbSim (Zorb Simulator for Ships): A High-Fidelity Framework",
            "We find that ZorbSim runs on a laptop. ZorbSim is open.",
            "ZorbSim",
            "proposes",
        ),
    ],
)
def test_entities_title_opening_with_a_name_proposes_it(rules, title, body, name, role):
    assert entities(rules, f"{title}\n\n{body}")[name][0] == role


@pytest.mark.parametrize(
    ("text", "name", "other"),
    [
        (
            "Learning to Halt in Mixture-of-Recursion Models\n\n"
            "Mixture-of-Recursions (MoR) models reuse layers. We train MoR models on text.",
            "MoR",
            "Mixture-of-Recursion",
        ),
        (
            "Sparse Gated Routing Networks for Vision\n\n"
            "We study a Sparse Gated Routing Network (SGRN). The SGRN routes patches.",
            "SGRN",
            "Sparse Gated Routing Networks",
        ),
    ],
)
def test_entities_long_form_in_the_other_number_is_the_abbreviations_entity(
    rules, text, name, other
):
    got = {e.name: e for e in rules(text)._.kg_entities}
    assert other not in got
    assert other in got[name].aliases


def test_entities_a_plus_name_heading_the_title_does_not_make_its_base_proposed(rules):
    got = entities(
        rules,
        "ZorbNet++: Faster Routing with Null Experts\n\n"
        "We propose ZorbNet++, a framework that extends vanilla ZorbNet with null experts. "
        "ZorbNet++ beats ZorbNet on every task.",
    )
    assert got["ZorbNet++"][0] == "proposes"
    assert got["ZorbNet"][0] != "proposes"


def test_entities_title_head_after_an_article_proposes_its_abbreviation(rules):
    got = entities(
        rules,
        "The Cognitive Categorical Transformer: Inductive Biases for Language Modeling\n\n"
        "The Cognitive Categorical Transformer (CCT) is a 306M-parameter architecture. "
        "CCT reaches lower perplexity on WikiText-103.",
    )
    assert got["CCT"][0] == "proposes"


@pytest.mark.parametrize(
    ("title", "etype"),
    [
        ("ZORBA: A Multimodal Benchmark for Content Detection", "Benchmark"),
        ("ZORBA: A Large Dataset of Product Images", "Dataset"),
        ("ZORBA: Unlocking Sparse Model Training", "Method"),
        # a subtitle that benchmarks or evaluates: the name is what evaluates
        ("ZORBA: Benchmarking LLM Agents on Bug Repair", "Benchmark"),
        ("ZORBA: Evaluating Large Language Models on Business Procedures", "Benchmark"),
        ("ZORBA: Evaluating and Improving Dialect Robustness", "Method"),
        # models the subtitle's verb acts on are not the name's kind, unless it makes them
        ("ZORBA: Enhancing Large Language Models with Graphs", "Method"),
        ("ZORBA: Training Small Reasoning Models", "Model"),
        ("ZORBA: Open Hybrid Models for Code", "Model"),
    ],
)
def test_entities_subtitle_types_the_title_name(rules, title, etype):
    doc = rules(f"{title}\n\nWe introduce ZORBA to study evasive content.")
    assert {e.name: e.type for e in doc._.kg_entities}["ZORBA"] == etype


def test_entities_capitalised_vocabulary_alias_is_not_an_english_word(rules):
    doc = rules("Title\n\nA simpler policy is evaluated on SIMPLER.")
    names = [(e.name, [m.text for m in e.mentions]) for e in doc._.kg_entities]
    assert names == [("SimplerEnv", ["SIMPLER"])]


@pytest.mark.parametrize(
    "text",
    [
        "Creativity Evaluation: A Reference-Based Approach\n\nWe propose Zorbanet, a Reference-Based evaluator.",
        "Fast Detection\n\nWe propose Zorbanet, a Real-Time and Domain-Agnostic detector.",
        # participles not in -ed ("LLM-Driven Fake News Detection": 4,610 "-driven" in arXiv)
        "A Time-Aware Benchmark for LLM-Driven Fake News Detection\n\nWe propose Zorbanet.",
        "Fast Detection\n\nWe propose Zorbanet, an AI-Driven and Human-Written corpus.",
        "PolyZorb: An End-to-End Method for Contours\n\nWe propose Zorbanet, a Trust-First tool.",
    ],
)
@pytest.mark.parametrize("pipeline", ["rules", "shipped"])
def test_entities_hyphenated_modifier_is_not_a_name(rules, pipeline, text):
    nlp = rules if pipeline == "rules" else get_nlp()
    names = {e.name for e in nlp(text)._.kg_entities}
    modifiers = {"Reference-Based", "Domain-Agnostic", "Real-Time", "LLM-Driven", "AI-Driven"}
    assert not names & (modifiers | {"Human-Written", "End-to-End", "Trust-First"})
    assert "Zorbanet" in names  # the name beside them still is


@pytest.mark.parametrize("pipeline", ["rules", "shipped"])
def test_entities_list_members_share_the_known_members_type(rules, pipeline):
    nlp = rules if pipeline == "rules" else get_nlp()
    doc = nlp(
        "Ranking Systems\n\nWe conduct experiments on real scores "
        "(e.g. GLUE, EXTREM, SEVAL, TAC, FLICKR) and report the results."
    )
    types = {e.name: e.type for e in doc._.kg_entities}
    assert types["GLUE"] == "Benchmark"  # the vocabulary's
    assert {types.get(n) for n in ("EXTREM", "SEVAL", "FLICKR")} == {"Benchmark"}


@pytest.mark.parametrize(
    ("sentence", "name", "etype"),
    [
        ("we introduce the Token Elasticity of Performance (TEP) metric.", "TEP", "Metric"),
        ("it uses a metric named Pseudo-Label Probability Difference (PLPD).", "PLPD", "Metric"),
        ("models trained on the reannotated (TACRED-RN) datasets improve.", "TACRED-RN", "Dataset"),
        ("we train on a corpus called WebZorb.", "WebZorb", "Dataset"),
    ],
)
@pytest.mark.parametrize("pipeline", ["rules", "shipped"])
def test_entities_cue_around_an_abbreviation_types_it(rules, pipeline, sentence, name, etype):
    nlp = rules if pipeline == "rules" else get_nlp()
    resolver = nlp.get_pipe("kg_entities")
    keep = resolver.keep_threshold
    resolver.keep_threshold = 0.0  # whether to keep it is the model's call; its type is the cue's
    try:
        doc = nlp(f"Title\n\nDrawing from economics, {sentence}")
    finally:
        resolver.keep_threshold = keep
    assert {e.name: e.type for e in doc._.kg_entities}[name] == etype


@pytest.mark.parametrize(
    ("type_keep", "kept"),
    [({}, []), ({"Task": 0.25}, ["skin lesion classification"]), ({"Metric": 0.25}, [])],
)
def test_entities_type_keep_threshold_overrides_the_keep_threshold(rules, type_keep, kept):
    """A candidate whose best type is Task is kept at 0.3 only when Task's own threshold allows."""
    doc = rules("Title\n\nWe study skin lesion classification in small clinics.")
    start = [t.text for t in doc].index("skin")
    group = SpanGroup(doc, name=SPANS_KEY, spans=[Span(doc, start, start + 3, label="Task")])
    group.attrs["scores"] = np.array([[0.3]], dtype=np.float32)
    doc.spans[SPANS_KEY] = group
    got = resolve_entities(doc, keep_threshold=0.4, type_keep=type_keep)
    assert [e.name for e in got] == kept


@pytest.mark.parametrize(
    ("phrase_keep", "kept"),
    [
        (None, ["ZorbNet", "expert parallelism"]),
        # a lower-case Method needs the higher threshold; the name keeps its type's
        (0.45, ["ZorbNet"]),
        (0.4, ["ZorbNet", "expert parallelism"]),
    ],
)
def test_entities_phrase_keep_is_the_threshold_of_a_lower_case_method(rules, phrase_keep, kept):
    doc = rules("Title\n\nZorbNet relies on expert parallelism across nodes.")
    spans = [Span(doc, 2, 3, label="Method"), Span(doc, 5, 7, label="Method")]
    assert [s.text for s in spans] == ["ZorbNet", "expert parallelism"]
    group = SpanGroup(doc, name=SPANS_KEY, spans=spans)
    group.attrs["scores"] = np.array([[0.42], [0.42]], dtype=np.float32)
    doc.spans[SPANS_KEY] = group
    got = resolve_entities(doc, keep_threshold=0.4, phrase_keep=phrase_keep)
    assert [e.name for e in got] == kept


def test_entities_phrase_keep_is_in_the_shipped_pipeline():
    """The shipped resolver reads its phrase threshold from the saved config."""
    assert get_nlp().get_pipe("kg_entities").phrase_keep == 0.45


@pytest.mark.parametrize(
    ("scores", "margin", "kept"),
    [
        # one place under the threshold: not kept, whatever the margin
        ([0.35], 0.1, []),
        # two places within the margin: the repeated name is kept
        ([0.35, 0.32], 0.1, ["ZorbNet"]),
        ([0.35, 0.32], 0.0, []),
        # the second place is below the margin: no longer evidence
        ([0.35, 0.25], 0.1, []),
    ],
)
def test_entities_repeated_name_is_kept_on_weaker_evidence(rules, scores, margin, kept):
    doc = rules("Title\n\nWe run ZorbNet for parsing. ZorbNet runs on phones.")
    starts = [t.i for t in doc if t.text == "ZorbNet"][: len(scores)]
    spans = [Span(doc, i, i + 1, label="Method") for i in starts]
    group = SpanGroup(doc, name=SPANS_KEY, spans=spans)
    group.attrs["scores"] = np.array([[x] for x in scores], dtype=np.float32)
    doc.spans[SPANS_KEY] = group
    got = resolve_entities(doc, keep_threshold=0.4, repeat_margin=margin)
    assert [e.name for e in got if e.name == "ZorbNet"] == kept


@pytest.mark.parametrize(
    ("listed", "margin", "kept"),
    [
        ("ZorbNet, QuuxLM and BlorpGPT", 0.0, ["ZorbNet"]),
        # QuuxLM is listed next to a kept name (after it or before it); BlorpGPT
        # scores under the margin too, and PlimNet is not in the list
        ("ZorbNet, QuuxLM and BlorpGPT", 0.3, ["ZorbNet", "QuuxLM"]),
        ("BlorpGPT, QuuxLM and ZorbNet", 0.3, ["QuuxLM", "ZorbNet"]),
        # brackets alone are no list: "QuuxLM (ZorbNet)" names QuuxLM by its abbreviation
        ("QuuxLM (ZorbNet) or BlorpGPT", 0.3, ["ZorbNet"]),
        ("BlorpGPT (ZorbNet) QuuxLM", 0.3, ["ZorbNet"]),
    ],
)
def test_entities_name_listed_next_to_a_kept_one_is_kept_on_weaker_evidence(
    rules, listed, margin, kept
):
    doc = rules(f"Title\n\nWe compare {listed}. PlimNet is slow.")
    scores = {"ZorbNet": 0.5, "QuuxLM": 0.2, "BlorpGPT": 0.05, "PlimNet": 0.2}
    spans = [Span(doc, t.i, t.i + 1, label="Model") for t in doc if t.text in scores]
    group = SpanGroup(doc, name=SPANS_KEY, spans=spans)
    group.attrs["scores"] = np.array([[scores[s.text]] for s in spans], dtype=np.float32)
    doc.spans[SPANS_KEY] = group
    got = resolve_entities(doc, keep_threshold=0.4, list_margin=margin)
    assert [e.name for e in got] == kept


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It doubles training throughput.", ("training throughput", "Metric")),
        ("It cuts prefill latency.", ("prefill latency", "Metric")),
        ("We study joke recommendation.", ("joke recommendation", "Task")),
        ("It applies rounding-based quantization.", ("rounding-based quantization", "Method")),
        # an adjective or a graded word qualifies the known measure; it does not name one
        ("It keeps its predictive accuracy.", ("accuracy", "Metric")),
        ("It keeps a similar latency.", ("latency", "Metric")),
        ("It keeps a consistent accuracy.", ("accuracy", "Metric")),
        ("It meets a strict latency.", ("latency", "Metric")),
        ("It applies aggressive quantization.", ("quantization", "Method")),
    ],
)
def test_entities_compound_of_a_known_metric_task_or_method_names_it(rules, sentence, expected):
    """Even when spancat scores the compound low, it replaces the bare vocabulary head."""
    doc = rules(f"Title\n\n{sentence}")
    spans = [s for s in doc.spans["kg_candidates"] if len(s) == 2]
    group = SpanGroup(doc, name=SPANS_KEY, spans=[Span(doc, s.start, s.end) for s in spans])
    group.attrs["scores"] = np.full((len(spans), 1), 0.05, dtype=np.float32)
    doc.spans[SPANS_KEY] = group
    got = [(e.name, e.type) for e in resolve_entities(doc, keep_threshold=0.4)]
    assert got == [expected]


@pytest.mark.parametrize(
    ("sentence", "etype"),
    [
        ("We evaluate on the GSM8K dataset.", "Dataset"),
        ("We evaluate on GSM8K.", "Benchmark"),
        ("We train on the ImageNet benchmark.", "Benchmark"),
        ("We train on ImageNet.", "Dataset"),
        ("We clean the dataset GSM8K.", "Dataset"),
        ("We train on the benchmark ImageNet.", "Benchmark"),
    ],
)
def test_entities_the_texts_own_word_decides_dataset_or_benchmark(rules, sentence, etype):
    """GUIDELINES: between Dataset and Benchmark the abstract's word beats the vocabulary."""
    assert [e.type for e in rules(f"Title\n\n{sentence}")._.kg_entities] == [etype]


def test_entities_type_keep_names_entity_types():
    with pytest.raises(ValueError, match="not entity types"):
        make_nlp().replace_pipe("kg_entities", "kg_entities", config={"type_keep": {"Tasks": 0.2}})


@pytest.mark.parametrize("pipeline", ["rules", "shipped"])
@pytest.mark.parametrize("name", ["pass@N", "EM@10", "Precision@1", "mAP@0.75", "Hit@10"])
def test_entities_a_measure_at_a_cutoff_is_a_metric(rules, pipeline, name):
    """Kept and typed by its shape, whatever spancat scores it."""
    nlp = rules if pipeline == "rules" else get_nlp()
    doc = nlp(f"Title\n\nIt achieves an MRR of 0.521 and {name} of 0.680, beating DPO.")
    assert {e.name: e.type for e in doc._.kg_entities}.get(name) == "Metric"


@pytest.mark.parametrize("pipeline", ["rules", "shipped"])
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("This paper describes our submission to IWSLT 2025.", {("IWSLT 2025", "Benchmark")}),
        (
            "We compare GPT-4o and Llama 3 8B on AIME 2025 and IWSLT 2025.",
            {
                ("GPT-4o", "Model"),
                ("Llama-3-8B", "Model"),
                ("AIME 2025", "Benchmark"),
                ("IWSLT 2025", "Benchmark"),
            },
        ),
        # a year that is no edition stays out of the name
        ("SQuAD in 2020 was hard.", {("SQuAD", "Benchmark")}),
    ],
)
def test_entities_an_edition_of_a_known_benchmark_is_its_name(rules, pipeline, sentence, expected):
    nlp = rules if pipeline == "rules" else get_nlp()
    assert {(e.name, e.type) for e in nlp(f"Title\n\n{sentence}")._.kg_entities} == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "We test on two SLT benchmarks (PHOENIX-2014T and CSL-Daily) with models.",
            {("PHOENIX-2014T", "Benchmark"), ("CSL-Daily", "Benchmark")},
        ),
        (
            "We study bias using the ASAP-2 and ELLIPSE datasets, revealing gaps.",
            {("ASAP-2", "Dataset"), ("ELLIPSE", "Dataset")},
        ),
        # a task names in brackets what it is tested on
        (
            "We test DeFT-X on sentiment classification (NusaX) and win.",
            {("NusaX", "Benchmark"), ("DeFT-X", "Method")},
        ),
        # or introduces them: "benchmarks, including", "datasets such as"
        (
            "We use four benchmarks, including RAGTruth and HalluLens, for tests.",
            {("RAGTruth", "Benchmark"), ("HalluLens", "Benchmark")},
        ),
        (
            "We train on datasets such as FooCorp and BarText today.",
            {("FooCorp", "Dataset"), ("BarText", "Dataset")},
        ),
        # named tasks a model is tested on are benchmarks
        (
            "We compare them on two reasoning tasks: CountDown and SuDoKu.",
            {("CountDown", "Benchmark"), ("SuDoKu", "Benchmark")},
        ),
    ],
)
def test_entities_a_plural_cue_types_the_names_it_lists(rules, sentence, expected):
    got = {(e.name, e.type) for e in rules(f"Title\n\n{sentence}")._.kg_entities}
    assert expected <= got


def test_entities_a_phrase_does_not_open_with_the_verb_after_we(rules):
    got = entities(rules, "Title\n\nWe study natural language inference and code generation.")
    assert "study natural language inference" not in got
    assert "NLI" in got  # the vocabulary's name of natural language inference


def test_entities_a_phrase_does_not_open_with_the_verb_after_findings(rules):
    got = entities(rules, "Title\n\nOur findings highlight adaptive model merging.")
    assert "highlight adaptive model merging" not in got
    assert "adaptive model merging" in got


def test_entities_a_generic_word_with_a_prefix_is_no_entity(rules):
    got = entities(
        rules, "Title\n\nWe study multi-LLM and Multi-Agent setups with cross-attention."
    )
    assert "multi-LLM" not in got and "Multi-Agent" not in got
    assert "cross-attention" in got


def test_entities_the_modifier_of_a_generic_class_is_no_name(rules):
    """ "Vision-Language Models" is a generic class, "Qwen-VL models" a family's models."""
    doc = rules("Title\n\nVision-Language Models (VLM) and Qwen-VL models help.")
    spans = [s for s in doc.spans["kg_candidates"] if s.text in {"Vision-Language", "Qwen-VL"}]
    group = SpanGroup(
        doc, name=SPANS_KEY, spans=[Span(doc, s.start, s.end, "Model") for s in spans]
    )
    group.attrs["scores"] = np.array([[0.9]] * len(spans), dtype=np.float32)
    doc.spans[SPANS_KEY] = group
    assert len(spans) == 2
    assert [e.name for e in resolve_entities(doc, keep_threshold=0.4)] == ["Qwen-VL"]


def test_entities_a_names_own_type_word_outweighs_the_subtitle(rules):
    doc = rules(
        "Agent Planning Benchmark: A Diagnostic Framework for Agents\n\n"
        "We introduce Agent Planning Benchmark (APB) with 4,209 cases. Models fail on APB."
    )
    assert ("APB", "Benchmark") in {(e.name, e.type) for e in doc._.kg_entities}


@pytest.mark.parametrize(
    ("text", "proposed", "not_proposed"),
    [
        (
            "We propose ZorbRL, a new training method. On OSWorld, ZorbRL-GUI-7B achieves a "
            "42% success rate, ahead of Qwen2.5-VL-7B.",
            {"ZorbRL", "ZorbRL-GUI-7B"},
            {"Qwen2.5-VL-7B"},
        ),
        # a two-letter form of the proposal claims no checkpoint
        (
            "We propose Elastic Sampling (ES), a new training method. We apply ES to GRPO "
            "and find that ES-Lite from prior work lags behind.",
            {"ES"},
            {"ES-Lite"},
        ),
    ],
)
def test_entities_a_checkpoint_of_the_papers_proposal_is_proposed(
    rules, text, proposed, not_proposed
):
    roles = {e.name: e.role for e in rules(f"Title\n\n{text}")._.kg_entities}
    assert {n for n in proposed | not_proposed if roles[n] == "proposes"} == proposed


@pytest.mark.parametrize(
    ("title", "absent", "present"),
    [
        # a plural inside or opening the phrase: two things side by side
        ("Boosting Mixture of LoRA Experts Fine-Tuning", "LoRA Experts Fine-Tuning", "LoRA"),
        (
            "Control for LLM Agents Reinforcement Learning",
            "LLM Agents Reinforcement Learning",
            None,
        ),
        ("Control for LLM Agents Reinforcement Learning", "Agents Reinforcement Learning", None),
        # the title's gerund, at its start, after its colon or after a preposition
        ("Harnessing Deep Q-Learning for Trading", "Harnessing Deep Q-Learning", "DQN"),
        ("Less is More: Studying Adaptive Computation", "Studying Adaptive Computation", None),
        ("A Framework for Studying Adaptive Computation", "Studying Adaptive Computation", None),
        # a known technique's gerund that opens the title or its subtitle is its verb
        ("DynMoLE: Boosting Mixture of LoRA Experts", "boosting", "LoRA"),
        ("Boosting Mathematical Capability of LLMs", "boosting", None),
    ],
)
def test_entities_title_phrases_that_are_no_names(rules, title, absent, present):
    """A title's phrase that joins two things or opens with the title's verb; the name
    inside it stays."""
    got = entities(rules, f"{title}\n\nWe study it.")
    assert absent not in got
    assert present is None or present in got


@pytest.mark.parametrize(
    "title", ["Boosting: A Survey", "Boosting for Tabular Data", "A Study of Boosting Methods"]
)
def test_entities_a_title_gerund_without_an_object_names_the_technique(rules, title):
    assert "boosting" in entities(rules, f"{title}\n\nWe study it.")


def test_entities_an_abbreviation_that_only_qualifies_a_task_is_no_entity(rules):
    got = entities(
        rules,
        "Title\n\nKnowledge graph (KG) reasoning remains hard. We improve KG reasoning "
        "and compare with Graph Attention Networks (GAT) on FB15k.",
    )
    assert "Knowledge graph" not in got and "KG" not in got
    assert "GAT" in got


def test_entities_a_task_word_that_qualifies_a_way_is_no_task(rules):
    """In "a token scheduling strategy" and "intermediate reasoning steps" the task
    word names the kind of a method, not a problem the paper addresses."""
    got = entities(
        rules,
        "Title\n\nWe add a token scheduling strategy and check intermediate reasoning steps. "
        "We improve time series forecasting.",
    )
    assert "token scheduling" not in got and "intermediate reasoning" not in got
    assert "time series forecasting" in got


@pytest.mark.parametrize(
    "text", ["It is NP-hard and PPAD-complete.", "Better fairness and robustness."]
)
def test_entities_complexity_classes_and_vague_goals_are_no_entities(rules, text):
    assert entities(rules, f"Title\n\n{text} We study it.") == {}


def test_entities_a_name_with_a_plus_is_not_its_base(rules):
    got = entities(
        rules,
        "Title\n\nMixture-of-Experts (MoE) layers are costly. We propose MoE++, which "
        "adds zero-computation experts. MoE++ is faster than MoE.",
    )
    assert got["MoE++"][1] == 2 and "MoE" in got


def entities_at_score(nlp, text: str, score: float, label: str = "Method") -> list:
    """The entities of ``text`` when spancat gives every candidate ``score``."""
    doc = nlp(text)
    spans = [Span(doc, s.start, s.end, label=label) for s in doc.spans["kg_candidates"]]
    group = SpanGroup(doc, name=SPANS_KEY, spans=spans)
    group.attrs["scores"] = np.full(len(group), score, dtype=np.float32)
    doc.spans[SPANS_KEY] = group
    return resolve_entities(doc, keep_threshold=0.4)


def names_at_score(nlp, text: str, score: float, label: str = "Method") -> set[str]:
    """The entity names of ``text`` when spancat gives every candidate ``score``."""
    return {e.name for e in entities_at_score(nlp, text, score, label)}


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        # the word after a name calls it a benchmark
        ("We gain 10% accuracy on the OmniGAIA benchmark and on Qwixel.", {"OmniGAIA"}, {"Qwixel"}),
        # the word before it calls it one; not the verb "we benchmark"
        ("We gain 10% on the QA benchmark QwixelQA and on Qwixel.", {"QwixelQA"}, {"Qwixel"}),
        ("We extensively benchmark QwixelQA on phones.", set(), {"QwixelQA"}),
        # a list of benchmarks holds it
        (
            "We test on the Game-of-24 and Countdown reasoning benchmarks.",
            {"Game-of-24", "Countdown"},
            set(),
        ),
        # the authors introduce it and a clause or bracket explains it
        ("We propose Aranyani, an ensemble of oblique trees.", {"Aranyani"}, set()),
        ("We introduce ZorbNet (a parser) for phones.", {"ZorbNet"}, set()),
        ("We evaluate Aranyani, an ensemble of oblique trees.", set(), {"Aranyani"}),
        ("We propose Aranyani trees for phones.", set(), {"Aranyani"}),
        # the sentence reports its result
        ("Results show that Avengers consistently beats the rest.", {"Avengers"}, set()),
        ("We find that Avengers achieves 3% more than others.", {"Avengers"}, set()),
        ("Results show that Avengers and others win.", set(), {"Avengers"}),
    ],
)
def test_entities_a_names_context_keeps_it_on_any_score(rules, text, kept, dropped):
    names = names_at_score(rules, f"Title\n\n{text}", 0.05)
    assert kept <= names
    assert not dropped & names


@pytest.mark.parametrize(
    ("title", "absent", "present"),
    [
        ("Recursive Agents via Held-Out Selection", "Held-Out", None),
        ("Meta-Pretraining for NER in Low-Resource Philippine Languages", "Low-Resource", None),
        # a type word or a verb after it: a name
        ("A Divide-and-Conquer Framework for Routing", None, "Divide-and-Conquer"),
        ("Weight-Entanglement Meets Gradient-Based Search", None, "Weight-Entanglement"),
    ],
)
def test_entities_a_title_compound_before_a_capitalised_word_qualifies_it(
    rules, title, absent, present
):
    names = names_at_score(rules, f"{title}\n\nWe study it.", 0.9)
    assert absent is None or absent not in names
    assert present is None or present in names


@pytest.mark.parametrize(
    ("sentence", "metrics"),
    [
        ("Its sensitivity to noise is high.", []),
        ("We run a sensitivity analysis of the margin.", []),
        ("We report sensitivity and specificity.", ["sensitivity", "specificity"]),
        ("It raises accuracy to 92% on the test set.", ["accuracy"]),
    ],
)
def test_entities_a_known_metric_before_to_is_the_word_not_the_measure(rules, sentence, metrics):
    got = rules(f"Title\n\n{sentence}")._.kg_entities
    assert [e.name for e in got if e.type == "Metric"] == metrics


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("It helps, boosting accuracy by 5%.", False),
        ("It consistently boosting F1-scores is new.", False),
        ("We use a boosting mechanism.", True),
        ("We compare bagging, boosting and stacking.", True),
        ("On AIME, probing significantly outperforms prompting.", True),
    ],
)
def test_entities_an_everyday_gerund_opening_a_clause_is_the_verb(rules, sentence, kept):
    """'boosting' performance is the verb; 'boosting' the ensemble technique is the name."""
    got = rules(f"Title\n\n{sentence}")._.kg_entities
    assert any(e.name.lower() in {"boosting", "probing"} for e in got) == kept


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        # natural languages alone
        (
            "We translate English and Korean into Hindi with ZorbMT on English Wikipedia.",
            {"English", "Korean", "Hindi"},
            {"ZorbMT"},
        ),
        # generic classes, structures, formats and units
        (
            "Generative AI (GenAI) and AGI are popular. We convert each chain into a directed "
            "acyclic graph (DAG) and answer MCQs with ZorbNet in 24 GB of memory.",
            {"GenAI", "AGI", "DAG", "MCQs", "GB"},
            {"ZorbNet"},
        ),
        # formats, units, standards and school subjects
        (
            "ZorbNet writes LaTeX and Markdown, gains 2.5 dB of PSNR, follows ISO/IEC 42001 "
            "and answers STEM questions.",
            {"LaTeX", "Markdown", "dB", "ISO", "IEC", "STEM"},
            {"ZorbNet"},
        ),
        # a licence's issuer, a corpus without its name, a format
        (
            "ZorbNet is released under the MIT license with the Corpus in JSONL files.",
            {"MIT", "Corpus", "JSONL"},
            {"ZorbNet"},
        ),
        # everyday apps and platforms
        (
            "ZorbNet ranks YouTube and TikTok videos and drafts PowerPoint decks.",
            {"YouTube", "TikTok", "PowerPoint"},
            {"ZorbNet"},
        ),
        ("ZorbNet runs on iOS and Android phones.", {"iOS", "Android"}, {"ZorbNet"}),
        # diseases
        (
            "ZorbNet screens COVID-19 and SARS-CoV-2 in X-rays.",
            {"COVID-19", "SARS-CoV-2"},
            {"ZorbNet"},
        ),
        # programming languages; the first half of a compound ("RGB- and audio-based")
        (
            "We release ZorbNet, a Python library with C++ kernels, beside RGB- and "
            "audio-based detectors in PyTorch.",
            {"Python", "C++", "RGB-", "RGB"},
            {"ZorbNet", "PyTorch"},
        ),
        # translation directions
        (
            "ZorbNet helps the low-resource Turkish-to-English direction and English-German.",
            {"Turkish-to-English", "English-German"},
            {"ZorbNet"},
        ),
        # places
        (
            "ZorbNet maps crops in Heilongjiang Province for the European Union.",
            {"Heilongjiang Province", "European Union"},
            {"ZorbNet"},
        ),
        # a pair is one entity: "out-of-distribution (OOD)" is as generic as OOD
        (
            "ZorbNet detects out-of-distribution (OOD) inputs over a peer-to-peer (P2P) "
            "network, meets the Service Level Objectives (SLOs) and beats Graph Neural "
            "Networks (GNNs).",
            {"out-of-distribution", "OOD", "peer-to-peer", "P2P", "Service Level Objectives"},
            {"ZorbNet", "GNN"},
        ),
        # ... and so is a part of its long form: no MDP in a POMDP
        (
            "ZorbNet plans in Partially Observable Markov Decision Processes (POMDPs).",
            {"MDP", "Markov Decision Processes", "POMDPs"},
            {"ZorbNet"},
        ),
        # an acronym ending in S is no plural of a generic one (AI, CT)
        (
            "ZorbNet improves Annealed Importance Sampling (AIS) and Combinatorial Thompson "
            "Sampling (CTS).",
            set(),
            {"ZorbNet", "AIS", "CTS"},
        ),
    ],
)
@pytest.mark.parametrize("pipeline", ["rules", "shipped"])
def test_entities_generic_words_are_no_entities(rules, pipeline, text, absent, present):
    nlp = rules if pipeline == "rules" else get_nlp()
    names = {e.name for e in nlp(f"Title\n\n{text}")._.kg_entities}
    assert not names & absent
    assert present <= names


@pytest.mark.parametrize(
    "sentence",
    [
        "We implement our approach using transformers and Node2Vec.",
        "Standard Transformers struggle to scale inference-time compute.",
    ],
)
def test_entities_an_architecture_family_in_the_plural_is_the_family(sentence):
    """'transformers' are the Transformer family (a Method by the guidelines), not a
    generic class like 'neural networks'."""
    got = {e.name: e.type for e in get_nlp()(f"Title\n\n{sentence}")._.kg_entities}
    assert got.get("Transformer") == "Method"


@pytest.mark.parametrize(
    ("name", "long_form", "cue", "etype"),
    [
        # the name says it is a benchmark: the tasks it holds or a framework word do not
        ("ClawBench", None, "cue:Task", "Benchmark"),
        ("HWE-Bench", None, "cue:Method", "Benchmark"),
        ("BTB", "BankerToolBench", "cue:Task", "Benchmark"),
        ("PAC-BENCH", None, None, "Benchmark"),
        # ... but the abstract's own "dataset" does
        ("ZorbBench", None, "cue:Dataset", "Dataset"),
        # "Benchmarking" is no such name
        ("Benchmarking", None, "cue:Task", "Task"),
    ],
)
def test_entities_a_name_with_bench_in_it_is_a_benchmark(name, long_form, cue, etype):
    hints = Counter({cue: 1, "model:Method": 3}) if cue else Counter({"model:Method": 3})
    assert guess_type(name, hints=hints, long_form=long_form) == etype


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "CZAD: Toward Continual Zorb Anomaly Detection via Kernel Attention\n\n"
            "We study Continual Zorb Anomaly Detection (CZAD) with kernels. CZAD is fast.",
            "CZAD",
        ),
        (
            "ZorbNER: Ensemble Learning for Named Entity Recognition\n\n"
            "We present ZorbNER, an ensemble for the named entity recognition task. "
            "The ZorbNER task accuracy is high.",
            "ZorbNER",
        ),
        ("JEBS: A Fine-grained Lexical Simplification Task\n\nWe introduce JEBS.", "JEBS"),
    ],
)
def test_entities_a_coined_name_heading_the_title_is_no_task(rules, text, name):
    """What the title's head names the paper builds and proposes; tasks are addressed."""
    got = {e.name: (e.type, e.role) for e in rules(text)._.kg_entities}
    assert got[name] == ("Method", "proposes")


def test_entities_a_model_family_in_the_title_name_keeps_the_models_subtitle(rules):
    doc = rules("Zorb Mistral: Adapting LLMs for Dialectal Translation\n\nWe present Zorb Mistral.")
    assert {e.name: e.type for e in doc._.kg_entities}["Zorb Mistral"] == "Model"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        # "-Eval" reads like an adjective ending ("Cross-Lingual"), "ML-Agent" like a generic
        # word with a prefix ("Multi-Agent"): before the title's colon, each is a name
        ("Climate-Eval: A Benchmark of Climate Tasks", "Climate-Eval"),
        ("ML-Agent: Reinforcing Agents for Machine Learning Engineering", "ML-Agent"),
        ("Reward-SQL: Boosting Text-to-SQL via Stepwise Reasoning", "Reward-SQL"),
    ],
)
def test_entities_the_title_name_before_the_colon_is_kept_whatever_its_parts(rules, title, name):
    got = {
        e.name: (e.role, len(e.mentions))
        for e in rules(f"{title}\n\nWe propose {name}.")._.kg_entities
    }
    assert got[name] == ("proposes", 2)
    assert "boosting" not in {n.lower() for n in got}  # "Boosting Text-to-SQL": the verb


def test_entities_a_position_paper_does_not_propose_position(rules):
    doc = rules("Position: Zorb Evaluation Requires Item Data\n\nWe argue for ZorbNet.")
    assert "Position" not in {e.name for e in doc._.kg_entities}


@pytest.mark.parametrize(
    ("name", "long_form", "etype"),
    [
        # the head noun comes before the preposition, not at the end
        ("TBT", "time between tokens", "Metric"),
        ("ROC", "rate of convergence", "Metric"),
        ("QAP", "question answering for proteins", "Task"),
        # a game the paper abbreviates is the problem setting it studies
        ("MCGs", "Markov Coding Games", "Task"),
        ("IIEFG", "imperfect-information extensive-form game", "Task"),
        # ... and the last word still counts where there is none
        ("HFT", "High-Frequency Trading", "Task"),
        ("ZPO", "Zorb Policy Optimization", "Method"),
    ],
)
def test_entities_an_abbreviation_is_typed_by_its_long_forms_head(name, long_form, etype):
    assert guess_type(name, long_form=long_form) == etype


@pytest.mark.parametrize(
    ("name", "etype"),
    [
        # a name ending in a measure word is a measure, whatever spancat's type
        ("Micro Recall", "Metric"),
        ("PR AUC", "Metric"),
        ("Defense Success Rate", "Metric"),
        ("MBPP pass@1", "Metric"),
        # not a learning rate, the precision of numbers, or a masked autoencoder
        ("Adaptive Learning Rate", "Method"),
        ("full precision", "Method"),
        ("Visual MAE", "Method"),
        ("Recall", "Method"),
    ],
)
def test_entities_a_name_ending_in_a_measure_word_is_a_metric(name, etype):
    assert guess_type(name, hints=Counter({"model:Method": 2})) == etype


def test_entities_a_task_of_the_title_the_abstract_repeats_is_kept_on_less_evidence():
    nlp = get_nlp()
    doc = nlp(
        "Flag Aggregator: Scalable Distributed Training under Failures\n\n"
        "Modern models are trained in a distributed fashion. We study distributed training "
        "when workers fail, and propose Flag Aggregator, a robust aggregation rule."
    )
    resolver = nlp.get_pipe("kg_entities")
    assert resolver.title_task_keep is not None

    def names(title_task_keep):
        settings = {k: v for k, v in vars(resolver).items() if k != "name"}
        settings["title_task_keep"] = title_task_keep
        return {e.name.lower() for e in resolve_entities(doc, **settings)}

    assert "distributed training" in names(resolver.title_task_keep)
    assert "distributed training" not in names(None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name the word before calls a dataset is one, and so are its marked versions
        (
            "We clean the dataset Zorbex. Models trained on Zorbex-R and Zorbex-EN gain.",
            {"Zorbex": "Dataset", "Zorbex-R": "Dataset", "Zorbex-EN": "Dataset"},
        ),
        # a model's mark makes no dataset version
        (
            "We clean the dataset Zorbex. Models trained on Zorbex-R and Zorbex-GPT gain.",
            {"Zorbex": "Dataset", "Zorbex-R": "Dataset", "Zorbex-GPT": "Method"},
        ),
    ],
)
def test_entities_a_marked_version_of_a_dataset_is_data(rules, text, expected):
    got = {e.name: e.type for e in entities_at_score(rules, f"Title\n\n{text}", 0.9)}
    assert {name: got.get(name) for name in expected} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an acronym used without a definition is the kept name whose initials it spells
        (
            "Our second approach, referred to as Extrinsic Strategy, uses clean data. "
            "Following ES, models gain.",
            {"ES": ["Extrinsic Strategy"]},
        ),
        # other letters are another name
        (
            "Our second approach, referred to as Extrinsic Strategy, uses clean data. "
            "Following EST, models gain.",
            {"EST": [], "Extrinsic Strategy": []},
        ),
    ],
)
def test_entities_an_undefined_acronym_is_the_name_it_spells(rules, text, expected):
    got = {e.name: e.aliases for e in entities_at_score(rules, f"Title\n\n{text}", 0.9)}
    assert {name: got.get(name) for name in expected} == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a label in brackets does not end a list of benchmarks
        (
            "On ARC (logic) and DART (math), ZorbLLM improves accuracy by up to 3.4%.",
            {"ARC": "Benchmark", "DART": "Benchmark", "ZorbLLM": "Method"},
        ),
        # the subject after the list is none of its items
        ("On GSM8K, ZorbNet achieves 90% accuracy.", {"GSM8K": "Benchmark", "ZorbNet": "Method"}),
    ],
)
def test_entities_an_evaluation_list_and_its_clause_subject(sentence, expected):
    got = {e.name: e.type for e in get_nlp()(f"Title\n\n{sentence}")._.kg_entities}
    assert {name: got.get(name) for name in expected} == expected


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        # the kind noun after an eponym is part of its name, mentioned with it or not
        ("We fit a Plackett-Luce model; Plackett-Luce ranks items.", "Plackett-Luce model"),
        ("We use the Uniform Phantom mechanism to place facilities.", "Uniform Phantom mechanism"),
        ("The Kuramoto-Sivashinsky equation is chaotic.", "Kuramoto-Sivashinsky equation"),
    ],
)
def test_entities_an_eponyms_kind_noun_is_part_of_its_name(rules, sentence, name):
    names = [e.name for e in entities_at_score(rules, f"Title\n\n{sentence}", 0.9)]
    assert name in names
    assert name.rsplit(" ", 1)[0] not in names


@pytest.mark.parametrize(
    "sentence",
    [
        # ... but not after words of technical terms, nor after a known name
        "We train a Self-Improving Model on tasks.",
        "We add a Local Pair Attention mechanism.",
        "We fine-tune the Llama model.",
    ],
)
def test_entities_a_technical_name_keeps_its_kind_noun_out(rules, sentence):
    names = [e.name for e in entities_at_score(rules, f"Title\n\n{sentence}", 0.9)]
    assert not any(n.lower().endswith((" model", " mechanism")) for n in names)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a corpus term carries no rule label: its head noun types it
        ("LLMs still fail at complex reasoning.", ("complex reasoning", "Task")),
        # ... except a number format, which is no measure
        ("The model runs in full precision.", ("full precision", "Method")),
    ],
)
def test_entities_a_corpus_terms_head_noun_types_it(rules, sentence, expected):
    """spancat keeps the term but is not sure of its type (0.5 < ``type_threshold``)."""
    doc = rules(f"Title\n\n{sentence}")
    spans = [s for s in doc.spans["kg_candidates"] if s.text == expected[0]]
    assert [s.label_ for s in spans] == [""]  # no rule typed it
    group = SpanGroup(doc, name=SPANS_KEY, spans=[Span(doc, s.start, s.end) for s in spans])
    group.attrs["scores"] = np.full((len(spans), 1), 0.5, dtype=np.float32)
    doc.spans[SPANS_KEY] = group
    got = [(e.name, e.type) for e in resolve_entities(doc, keep_threshold=0.4)]
    assert got == [expected]


@pytest.mark.parametrize("pipeline", ["rules", "shipped"])
def test_entities_a_plural_short_form_names_the_singular_entity(rules, pipeline):
    """ "Spiking Neural Networks (SNNs)": the entity is SNN, the same node as "an SNN"
    elsewhere in the corpus, with the plural and the long form as aliases."""
    nlp = rules if pipeline == "rules" else get_nlp()
    doc = nlp(
        "Title\n\nSpiking Neural Networks (SNNs) are efficient. We train SNNs with "
        "ZorbNet, and a single SNN runs on a chip."
    )
    snn = [e for e in doc._.kg_entities if "SNN" in e.name]
    assert [e.name for e in snn] == ["SNN"]
    assert {"SNNs", "Spiking Neural Networks"} <= set(snn[0].aliases)
    assert snn[0].role != "proposes"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an acronym between a count and a plural data word names the collections' task
        ("Experiments on two benchmark CRS datasets show gains.", ("CRS", "Task")),
        ("ZorbNet leads on three VTG benchmarks.", ("VTG", "Task")),
        # ... not a single named collection
        ("ZorbNet leads on the VTGX benchmark.", ("VTGX", "Benchmark")),
    ],
)
def test_entities_an_acronym_counted_with_data_words_is_their_task(rules, sentence, expected):
    """GUIDELINES: "three LongConvQA benchmarks" names no benchmark."""
    got = {e.name: e.type for e in rules(f"Title\n\n{sentence}")._.kg_entities}
    assert got[expected[0]] == expected[1]


@pytest.mark.parametrize(
    "sentence",
    [
        "ZorbNet beats all baselines in terms of Hypervolume, R2-distance and diversity.",
        "We report three metrics: Hypervolume, R2-distance and ParaScore.",
    ],
)
def test_entities_names_in_a_list_of_measures_are_metrics(sentence):
    """A name a measure list holds is a Metric, whatever spancat's type (the shipped
    model types Hypervolume and R2-distance as Methods on their own)."""
    got = {e.name: e.type for e in get_nlp()(f"Title\n\n{sentence}")._.kg_entities}
    assert got.get("Hypervolume") == got.get("R2-distance") == "Metric"


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "On E2A-Bench, our benchmark of 63 editing tasks across 9 indoor environments, "
            "Edit-As-Act significantly outperforms prior methods.",
            "E2A-Bench",
        ),
        (
            "Models trained on VisionFoundry-10K achieve substantial improvements on visual "
            "perception benchmarks: +7% on MMVP and +10% on CV-Bench-3D.",
            "CV-Bench-3D",
        ),
    ],
)
def test_entities_a_bench_name_is_a_benchmark_whatever_spancat_scores(sentence, name):
    """A word ending in "Bench" is kept by its shape, as a "Hit@10" is."""
    found = {e.name: e.type for e in get_nlp()(f"Title\n\n{sentence}")._.kg_entities}
    assert found.get(name) == "Benchmark"
