from __future__ import annotations

import pytest

from kg.extract.candidates import class_list_items, doc_text
from kg.extract.pipeline import make_nlp


@pytest.fixture(scope="module")
def nlp():
    return make_nlp(components=["kg_candidates"])


def candidates(nlp, text: str) -> set[tuple[str, str]]:
    doc = nlp(text)
    return {(s.text, s.label_) for s in doc.spans["kg_candidates"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # every suffix of a task phrase down to its head: spancat picks the one that counts
        (
            "We target open-domain mathematical reasoning here.",
            {"open-domain mathematical reasoning", "mathematical reasoning", "reasoning"},
        ),
        # an acronym may qualify a task or a metric
        ("We report GPU utilization and LLM reasoning.", {"GPU utilization", "LLM reasoning"}),
        # heads of tasks named in "tasks such as X" and "the problem of X" on arXiv
        (
            "It helps sentiment analysis, drug discovery and content moderation.",
            {"sentiment analysis", "drug discovery", "content moderation"},
        ),
        (
            "We address resource allocation, bias mitigation and image inpainting.",
            {"resource allocation", "bias mitigation", "image inpainting"},
        ),
    ],
)
def test_candidates_task_and_metric_phrases(nlp, text, expected):
    found = {t for t, _ in candidates(nlp, text)}
    assert expected <= found


def test_candidates_method_phrase_needs_a_modifier(nlp):
    found = candidates(nlp, "We apply knowledge distillation and plain distillation.")
    assert ("knowledge distillation", "Method") in found
    assert ("distillation", "Method") not in found


def test_candidates_method_phrase_and_its_shorter_phrases(nlp):
    # a modifier may or may not be part of the name: spancat picks
    found = candidates(nlp, "It needs no iterative adversarial training at all.")
    assert {
        ("iterative adversarial training", "Method"),
        ("adversarial training", "Method"),
    } <= found
    assert ("training", "Method") not in found


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # a number is not part of a measure's name
        ("It gives 1.1-2.1x expert forward throughput.", "1.1-2.1x expert forward throughput"),
        # hardware is none of the entity types
        ("Transfers cross PCIe links.", "PCIe"),
        ("Nodes share one NIC.", "NIC"),
        # a score after a name is no version of it
        ("It reaches Wasserstein-1 0.044 and FID2.5D 29.35.", "Wasserstein-1 0.044"),
        ("It reaches Wasserstein-1 0.044 and FID2.5D 29.35.", "FID2.5D 29.35"),
        ("It reaches Precision 0.671 overall.", "Precision 0.671"),
        # dotted abbreviations and acronyms of other fields are none of the six types
        ("We use data from U.S. hospitals.", "U.S"),
        ("Samples are I.I.D. draws.", "I.I.D"),
        ("We segment MRI scans with EHR notes.", "MRI"),
        ("We segment MRI scans with EHR notes.", "EHR"),
        ("Our ICLR 2025 paper extends the NeurIPS work.", "ICLR 2025"),
        ("Our ICLR 2025 paper extends the NeurIPS work.", "NeurIPS"),
        # algebra is no name
        ("The tree collapses to I^K for P1 and to (I+1)^K for P2.", "I^K"),
        ("The tree collapses to I^K for P1 and to (I+1)^K for P2.", "I+1"),
        # generic classes by their acronym
        ("Both LMMs and FMs fail here.", "LMMs"),
        ("Both LMMs and FMs fail here.", "FMs"),
        # a preposition or a reporting verb opens no phrase
        ("It keeps accuracy despite efficiency gains.", "despite efficiency"),
        ("It keeps accuracy alongside efficiency gains.", "alongside efficiency"),
        ("Our study highlights spatial reasoning.", "highlights spatial reasoning"),
    ],
)
def test_candidates_numbers_and_hardware_are_not_names(nlp, text, absent):
    assert absent not in {t for t, _ in candidates(nlp, text)}


@pytest.mark.parametrize(
    "text",
    [
        "It extends the matching problem of Karp, Vazirani, and Vazirani (1990) to rewards.",
        "As shown by Huang and Zhang (2020), the ratio holds.",
        "As shown by Malladi et al. (2023), the ratio holds.",
    ],
)
def test_candidates_cited_authors_are_not_names(nlp, text):
    found = {t for t, _ in candidates(nlp, text)}
    assert not found & {"Karp", "Vazirani", "Huang", "Zhang", "Malladi"}


def test_candidates_term_does_not_end_in_a_preposition(nlp):
    found = {t for t, _ in candidates(nlp, "It gives a large speedup over the baseline.")}
    assert "speedup over" not in found
    assert "speedup" in found


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        # the tokenizer splits "preemption-based" in three: the compound is one modifier
        (
            "We use rounding-based quantization for weights.",
            {("rounding-based quantization", "Method")},
            {"based quantization", "- based quantization"},
        ),
        (
            "We adopt iteration-level batching and report similarity-based retrieval accuracy.",
            {
                ("iteration-level batching", "Method"),
                ("similarity-based retrieval accuracy", "Metric"),
                ("retrieval accuracy", "Metric"),
            },
            {"level batching", "based retrieval accuracy"},
        ),
        # a spaced hyphen is not a compound
        ("We use pruning - based scheduling.", set(), {"pruning - based scheduling"}),
        # plural heads end phrases too
        ("They rely on multi-party computations.", {("multi-party computations", "Method")}, set()),
        # a proper name may qualify a technique or a measure
        (
            "We use Thompson sampling and report the Sharpe ratio.",
            {("Thompson sampling", "Method"), ("Sharpe ratio", "Metric")},
            set(),
        ),
        # at a sentence's start too, but a verb or a function word is not a name
        (
            "Monte Carlo sampling helps. Using Bayesian optimization helps.",
            {("Monte Carlo sampling", "Method"), ("Bayesian optimization", "Method")},
            {"Using Bayesian optimization"},
        ),
        # one hyphenated word ending in a technique head names a technique alone
        (
            "We add co-training and self-supervision to semi-supervised co-training.",
            {
                ("co-training", "Method"),
                ("self-supervision", "Method"),
                ("semi-supervised co-training", "Method"),
            },
            set(),
        ),
        # a hyphenated task word names a task when its first part is what the task acts on
        (
            "We test open-domain question-answering and code-generation.",
            {
                ("open-domain question-answering", "Task"),
                ("question-answering", "Task"),
                ("code-generation", "Task"),
            },
            set(),
        ),
        # not when it opens with a prefix or a modifier
        (
            "Next-generation systems beat non-reasoning and self-verification models.",
            set(),
            {"Next-generation", "non-reasoning", "self-verification"},
        ),
        # modifiers before "X-based" qualify the compound, not X; a term or a name stays
        (
            "Massive transformer-based models and a spatially-local transformer-based "
            "network use transfer learning-based tuning and Neural Radiance Field-based meshes.",
            {("transfer learning", "Method"), ("Neural Radiance Field", "")},
            {"Massive transformer", "spatially-local transformer"},
        ),
        # the title's capitalised words may name the technique
        (
            "Non-Monotonic Attention-based Read Policies\n\nWe study them.",
            {("Non-Monotonic Attention", "Method")},
            set(),
        ),
        # a dimension qualifies what a phrase names
        (
            "We study monocular 3D object detection and 2D GUI manipulation.",
            {
                ("monocular 3D object detection", "Task"),
                ("3D object detection", "Task"),
                ("2D GUI manipulation", "Task"),
            },
            set(),
        ),
        # not a hyphenated word ending in a metric head: "test-time" qualifies a noun
        ("We study test-time scaling in real-time systems.", set(), {"test-time", "real-time"}),
    ],
)
def test_candidates_phrase_modifiers_and_heads(nlp, text, expected, absent):
    """Hyphen compounds, plural heads, eponyms and one-word hyphenated heads."""
    found = candidates(nlp, text)
    assert expected <= found
    assert not absent & {t for t, _ in found}


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (
            "Overall, Claude Opus 4.7 and NVIDIA Nemotron 3 Super perform best.",
            {"Claude Opus 4.7", "NVIDIA Nemotron 3 Super", "Nemotron 3 Super"},
            set(),
        ),
        # a number after a reference word is no version
        (
            "Results are in Table 3 and in Section 4.2 of the paper.",
            set(),
            {"Table 3", "Section 4.2"},
        ),
        # a size word that opens a generic class is not the model's size
        (
            "A Rewriting Framework for Black-Box Large Language Models\n\nWe test BERT Large.",
            {"Black-Box", "BERT Large"},
            {"Black-Box Large"},
        ),
        # "vs" joins two things, it is inside neither
        (
            "Inference Scaling vs Reasoning: An Analysis\n\nWe study it.",
            {"Inference Scaling"},
            {"Inference Scaling vs Reasoning", "vs Reasoning"},
        ),
        # "QA" goes on with a name, though alone it is a task
        ("We train on the CoTemp QA dataset.", {"CoTemp QA"}, {"CoTemp"}),
        # an evaluative adjective grades a technique; it is not part of its name
        (
            "We avoid unstable adversarial training with a lightweight budget-constrained "
            "rollout in modern multi-agent reinforcement learning.",
            {"adversarial training", "budget-constrained rollout"},
            {
                "unstable adversarial training",
                "lightweight budget-constrained rollout",
                "modern multi-agent reinforcement learning",
            },
        ),
        # a prefix on a capitalised word is no name; a "-bench" word is one
        (
            "We study non-Euclidean and semi-Markov spaces on tau-bench.",
            {"tau-bench"},
            {"non-Euclidean", "semi-Markov"},
        ),
    ],
)
def test_candidates_where_a_name_ends_and_what_is_one(nlp, text, expected, absent):
    """Versions and sizes go on with a name; generic classes and prefixes are none."""
    found = {t for t, _ in candidates(nlp, text)}
    assert expected <= found
    assert not absent & found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We build on the 3D-Front dataset.", "3D-Front"),
        ("Results on 2WikiMultiHopQA improve.", "2WikiMultiHopQA"),
    ],
)
def test_candidates_a_number_may_open_a_name(nlp, text, name):
    assert name in {t for t, _ in candidates(nlp, text)}


@pytest.mark.parametrize(
    ("title", "head"),
    [
        ("Flag Aggregator: Scalable Distributed Training", "Flag Aggregator"),
        ("Mixture of Thoughts: Learning to Aggregate", "Mixture of Thoughts"),
        ("The Cognitive Categorical Transformer: A Study", "Cognitive Categorical Transformer"),
        ("Lumine: An Open Recipe for Agents", "Lumine"),
        ("Beyond Accuracy: What Data Quality Means", None),
        ("Harnessing Uncertainty: Entropy-Modulated Policy Gradients", None),
        ("Mind the Gap: Examining the Self-Improvement of LLMs", None),
        ("Scaling Laws for Data Filtering in Large Language Models", None),
        # two names or a slogan, not one name
        ("FortisAVQA and MAVEN: a Benchmark and a Framework", None),
        ("Query and Conquer: Execution-Guided SQL Generation", None),
        # a claim, not a name
        ("Tokenization Matters: Improving Zero-Shot NER", None),
        ("LLM Library Learning Fails: A Case Study", None),
        ("Bigger But Not Better: Small Models Win", None),
    ],
)
def test_candidates_the_title_head_before_its_colon(nlp, title, head):
    """The words before a title's colon are where a paper names what it introduces."""
    doc = nlp(title + "\n\nWe study it.")
    first = 1 if doc[0].lower_ == "the" else 0
    heads = {
        s.text for s in doc.spans["kg_candidates"] if s.start == first and doc[s.end].text == ":"
    }
    assert heads == ({head} if head else set())


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "We unify explanation methods (LIME, Occlusion, and Vanilla Gradients).",
            {"LIME", "Occlusion", "Vanilla Gradients"},
        ),
        (
            "It uses four strategies, namely subset selection, pair dissociation, and shard "
            "privatization.",
            {"subset selection", "pair dissociation", "shard privatization"},
        ),
        ("Baselines - Hyphenize and Numberize - are weak.", {"Hyphenize", "Numberize"}),
        # one item is no list; a verb ends the list
        ("Methods such as LoRA reduce memory.", set()),
        ("Methods such as LoRA and DoRA reduce memory.", {"LoRA", "DoRA"}),
        # not a plural noun of ways or measures
        ("Datasets such as GSM8K and MATH are used.", set()),
    ],
)
def test_candidates_items_of_a_list_of_methods(nlp, text, items):
    doc = nlp(text)
    found = class_list_items(doc)
    assert {doc[s:e].text for s, e in found} == items
    assert set(found.values()) <= {"Method"}


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "We report three metrics: total return, Sharpe ratio, and maximum drawdown.",
            {"total return", "Sharpe ratio", "maximum drawdown"},
        ),
        # one measure is enough after "in terms of"; an item ends at a preposition or
        # a participle
        (
            "It wins in terms of both the accuracy of inference and the computation costs "
            "associated with it.",
            {"accuracy", "computation costs"},
        ),
        ("It wins in terms of Hypervolume.", {"Hypervolume"}),
    ],
)
def test_candidates_items_of_a_list_of_measures(nlp, text, items):
    doc = nlp(text)
    found = class_list_items(doc)
    assert {doc[s:e].text for s, e in found} == items
    assert set(found.values()) == {"Metric"}


def test_candidates_a_known_dataset_does_not_qualify_a_task():
    nlp = make_nlp(components=["kg_vocabulary", "kg_candidates"])
    found = candidates(nlp, "It excels in vision tasks such as COCO object detection.")
    assert ("object detection", "Task") in found
    assert ("COCO object detection", "Task") not in found


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # the kind word of an apposition may come after a hyphenated modifier
        ("We propose CloudZorb, a dual-branch Transformer-based model designed for VMs.", "Model"),
        ("We release ZorbSet, a large multi-turn dialogue corpus.", "Dataset"),
        # a kind word that is itself the modifier is not the kind ("LLM-guided")
        ("We propose ZorbGift, an LLM-guided framework for trading.", "Method"),
        ("We propose ZorbScore, a novel LLM-based metric for judges.", "Metric"),
        # a model class before a technique or system is its modifier, before else the kind
        ("We present ZorbNet, the first LLM adaptation framework for networks.", "Method"),
        ("We propose ZorbSim, an LLM serving system simulator.", ""),
        ("We release ZorbLM, a compact VLM baseline with 1B parameters.", "Model"),
        # ... but not from the clause that follows the kind word
        ("We release ZorbKit, a toolkit to evaluate LLMs.", ""),
    ],
)
def test_candidates_an_apposition_types_the_name(nlp, text, label):
    name = text.split()[2].rstrip(",")
    assert (name, label) in candidates(nlp, text)


@pytest.mark.parametrize(
    ("text", "absent", "kept"),
    [
        (
            "We add Face-Region Guided fusion and LiDAR-Guided depth to RANSAC Revisited.",
            {"Face-Region Guided", "LiDAR-Guided", "RANSAC Revisited"},
            set(),
        ),
        # a digit marks a released variant: "DeepSeek-R1-Distilled" is a name
        ("We fine-tune AM-DeepSeek-R1-Distilled on it.", set(), {"AM-DeepSeek-R1-Distilled"}),
    ],
)
def test_candidates_name_does_not_end_in_a_participle(nlp, text, absent, kept):
    found = {t for t, _ in candidates(nlp, text)}
    assert not absent & found
    assert kept <= found


def test_candidates_head_before_an_article_is_a_verb(nlp):
    """'plays' ends a technique phrase in 'self-play', not in 'Humor plays a role'."""
    found = {t for t, _ in candidates(nlp, "Humor plays a role and quizzes play the part.")}
    assert not {"Humor plays", "quizzes play"} & found


@pytest.mark.parametrize(
    "text",
    ["", "We use LoRA.", "  A title\n\nText  with   spaces. ", "Ünïcode ∑ — G^2RPO (x)\t."],
)
def test_candidates_doc_text_is_the_doc_text(nlp, text):
    doc = nlp.make_doc(text)
    assert doc_text(doc) == doc.text == text
