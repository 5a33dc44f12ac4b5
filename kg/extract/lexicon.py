"""Closed word lists the rules read: head nouns, cue words, generic terms.

These are linguistic cues of ML writing (what a technique, task or metric
phrase ends with; which words introduce a proposal or a comparison), not
entity names: entity names live in ``data/vocabulary.jsonl``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

__all__ = [
    "BACKGROUND_CUES",
    "COMPARE_CUES",
    "EVALUATIVE",
    "EVAL_CUES",
    "GENERIC_ACRONYMS",
    "GENERIC_NAMES",
    "GRADING",
    "LANGUAGES",
    "METHOD_HEADS",
    "METRIC_HEADS",
    "MODEL_FAMILIES",
    "MODIFIER_STOP",
    "ORGANISATIONS",
    "PROGRAMMING_LANGUAGES",
    "PROPOSAL_ARTICLES",
    "PROPOSE_VERBS",
    "SPLIT_SUFFIXES",
    "TASK_HEADS",
    "TYPE_CUES",
    "USE_CUES",
    "corpus_lexicon",
    "corpus_terms",
    "is_adjectival_compound",
    "is_generic",
    "is_generic_compound",
    "is_model_name",
    "is_verb",
]

#: Last words of a technique phrase ("knowledge distillation", "low-rank adaptation").
METHOD_HEADS = frozenset(
    """learning training fine-tuning finetuning tuning distillation optimization optimisation
    regularization regularisation decoding prompting pruning quantization quantisation sampling
    search attention augmentation normalization dropout pretraining pre-training descent
    adaptation alignment embedding embeddings encoding initialization ensembling ensemble
    boosting bagging clustering backpropagation propagation filtering smoothing annealing
    tokenization parallelism sharding offloading caching checkpointing merging routing
    scaling-law distillation decomposition factorization inversion interpolation
    programming planning-algorithm estimation-method transformer transformers
    networks network autoencoder autoencoders perceptron perceptrons
    gradient gradients regression forests forest trees tree machines
    reward rewards penalty loss losses objective
    scaling sharing selection play voting compression encryption privacy cloning refinement
    critique pooling aggregation exit computation batching materialization rearrangement
    placement partitioning splitting transport migration convolution convolutions gating
    coding codes modeling modelling supervision self-consistency consistency decoding
    prompting distillation hashing indexing masking mixing replay rollout rollouts
    bootstrapping imitation planning-based translation-based steering editing unlearning
    """.split()
)

#: Last words of a task phrase ("mathematical reasoning", "object detection"). The list
#: grew from the words most often seen in "<X> tasks", "tasks such as <X>" and "the
#: problem of <X>" in the unlabelled arXiv abstracts (never from the gold files).
TASK_HEADS = frozenset(
    """reasoning generation understanding classification detection recognition translation
    answering forecasting prediction segmentation summarization summarisation recommendation
    captioning parsing retrieval completion tracking editing synthesis extraction
    localization localisation grounding navigation manipulation control trading
    proving verification repair labeling labelling tagging matching ranking
    planning perception decision-making problem-solving coding programming writing
    annotation estimation identification diagnosis counting denoising comprehension
    reconstruction scheduling monitoring driving dialogue inference
    analysis assessment simulation design construction correction inspection moderation
    mitigation allocation attribution debugging negotiation restoration auditing grading
    visualization mining enhancement inpainting super-resolution management discovery testing
    """.split()
)

#: Last words of a metric phrase ("top-1 accuracy", "time to first token"): the words
#: most often seen in "<X> of/by N%" in the unlabelled arXiv abstracts.
METRIC_HEADS = frozenset(
    """accuracy latency throughput perplexity speedup f1 f1-score precision recall
    error-rate bandwidth utilization utilisation rate rates score scores time usage cost costs
    consumption error errors auc auroc efficiency ratio overhead consistency sensitivity
    specificity coverage speed distance similarity runtime correctness storage correlation
    deviation emissions footprint variance iou miou wer cer rmse mae psnr ssim flops length
    """.split()
)

#: Words that end a modifier run to the left of a head noun.
MODIFIER_STOP = frozenset(
    """a an the this that these those our their its his her my your we they it which who
    of for to in on at by with from into onto over under via as and or but nor than then
    is are was were be been being has have had do does did can could may might will would
    should must shall not no also only just such both each every all any some many much more
    most less least few several various different multiple other another same new novel
    proposed existing current prior previous recent standard conventional traditional typical
    common popular classic simple effective efficient robust better best improved strong
    stronger large larger small smaller complex general generic specific key main major
    first second third final further additional extensive comprehensive
    based using used use via how what when where why while whereas however thus hence
    therefore although though because since so if e.g. i.e. etc. vs. vs versus et al.
    significant significantly substantial substantially consistently remarkable
    challenging difficult hard easy diverse broad wide real-world downstream
    comparable competitive mainstream higher lower high low superior inferior overall average
    improved reduced increased decreased faster slower greater large-scale small-scale
    state-of-the-art sota-level like unlike including include includes task tasks
    outperforming outperform outperforms surpassing achieving enabling using
    alongside across among amongst within without between through throughout beyond against
    despite toward towards upon amid around about per numerous countless
    modern lightweight unstable sub-optimal suboptimal enhanced excessive increasing growing """.split()
)

#: Words that grade or qualify a measure rather than name it ("higher accuracy",
#: "similar latency", "huge speedup").
EVALUATIVE = MODIFIER_STOP | {
    "similar",
    "longer",
    "shorter",
    "lowest",
    "highest",
    "maximum",
    "minimum",
    "huge",
}

#: Words that grade a known measure in a compound without being evaluative on their own
#: (found on arXiv output: "consistent accuracy", "strict latency constraints", "absolute
#: accuracy gains"; "balance accuracy and cost" is a verb).
GRADING = EVALUATIVE | frozenset(
    "consistent inconsistent absolute relative strict stringent balance balances".split()
)

#: Acronyms too generic to be an entity on their own (GUIDELINES: generic classes are not
#: Models), and hardware or infrastructure, which is none of the types (PCIe, NIC, HPC).
GENERIC_ACRONYMS = frozenset(
    """kv kl ood mdp mdps slo slos rng vm vms iid pomdp sla slas qos
    ai ml dl nlp cv llm llms lm lms mllm mllms vlm vlms lvlm lvlms lrm lrms slm slms
    lmm lmms fm fms ptm ptms plm plms rllm rllms lvm lvms
    gpu gpus cpu cpus tpu tpus api apis sota url urls io os ui ux ie eg ii iii iv vi
    rq rqs faq pdf json jsonl sql html http qa 2d 3d 4d 1d id ids latex markdown xml yaml csv
    us uk eu usa ieee acm arxiv github huggingface
    fl dnn dnns nn nns ann anns kg kgs
    pcie nic nics hpc gui guis iot p2p rdma nvlink ssd ssds dram hbm fpga fpgas asic asics it
    mri fmri ct eeg ecg ehr ehrs icu rgb rgbd bev v2x lidar hci iiot uav uavs 5g 6g
    iclr neurips nips icml acl emnlp naacl eacl coling cvpr iccv eccv aaai ijcai kdd sigir
    agi aigc genai dag dags mcq mcqs gb mb tb db dbs iso iec stem
    """.split()
)

#: Natural languages are what a corpus or a task is in, none of the six types on their own
#: ("English" was kept 18 times in 4,000 arXiv abstracts, as a Method or a Dataset).
LANGUAGES = frozenset(
    """english chinese mandarin cantonese french german spanish portuguese italian dutch
    russian polish ukrainian czech greek turkish arabic hebrew persian farsi hindi bengali
    urdu tamil telugu marathi japanese korean vietnamese thai indonesian malay filipino
    tagalog swahili yoruba hausa amharic igbo zulu""".split()
)

_LANGUAGE_PAIR = re.compile(r"-to-|-")

#: Programming languages are what code is written in, no technique ("a Python library"),
#: unlike a library or engine; proof languages (Lean) and SQL stay names of their own.
PROGRAMMING_LANGUAGES = frozenset(
    """python java javascript typescript c++ c# rust julia kotlin haskell scala php perl ruby
    golang fortran""".split()
)

# diseases are what data is about, none of the six types: "COVID-19" was kept 19 times
# in 8,000 arXiv abstracts, mostly as a Method ("COVID-19 Twitter" stays a dataset's name)
_DISEASES = frozenset(
    d.strip() for d in "covid, covid-19, long covid, sars-cov-2, mers, h1n1, ebola, zika".split(",")
)

#: Organisations make models but are none of the six types ("OpenAI", "Stanford University").
ORGANISATIONS = frozenset(
    """openai anthropic google deepmind microsoft meta nvidia amazon aws apple ibm intel amd
    baidu alibaba tencent huawei bytedance samsung facebook mistral.ai xai mit""".split()
)
_ORG_WORDS = frozenset(
    """university universities institute institution consortium corporation corp inc inc.
    ltd llc laboratory laboratories academy ministry""".split()
)
# places: "Heilongjiang Province", "the European Union"
_PLACE_WORDS = frozenset("province provinces prefecture county municipality republic".split())
_PLACES = frozenset({"united states", "european union", "united kingdom", "united nations"})
# everyday apps and platforms, no ML technique: "YouTube", "PowerPoint pitch decks"
_PRODUCTS = frozenset(
    """youtube tiktok whatsapp slack zoom powerpoint excel instagram twitter telegram discord
    linkedin spotify netflix ios android macos""".split()
)

#: Generic words that are never an entity on their own (GUIDELINES' "not this" column).
GENERIC_NAMES = frozenset(
    phrase.strip()
    for phrase in """method, methods, approach, approaches, framework, frameworks, algorithm,
    algorithms, strategy, strategies, module, modules, pipeline, pipelines, training,
    optimization, model, models, system, systems, technique, techniques, benchmark, benchmarks,
    dataset, datasets, corpus, corpora, data, task, tasks, learning, network, networks, agent,
    agents, policy, policies, position, survey, architecture, architectures, large language models, large language model,
    language models, language model, vision-language models, vision language models,
    multimodal large language models, large reasoning models, diffusion models,
    foundation models, neural networks, neural network, deep neural networks, deep learning,
    foundation model, deep neural network, vision-language model, vision language model,
    large multimodal models, large multimodal model, multimodal large language model,
    large reasoning model, pretrained models, pre-trained models, pretrained language models,
    state-of-the-art,
    machine learning, artificial intelligence, baseline, baselines, performance, efficiency,
    scalability, fairness, robustness, safety, privacy, interpretability, explainability,
    results, experiments, evaluation, inference, reasoning models,
    search, loss, reward, rewards, objective, gradient, gradients, embedding, embeddings,
    attention, generation, prediction, detection, retrieval, planning, control, ranking,
    matching, estimation, extraction, synthesis, editing, classification, alignment,
    understanding, answering, completion, tracking, parsing, error,
    regression, tree, trees, forest, penalty, sampling, encoding, decoding, caching, routing,
    merging, scaling, filtering, propagation, tuning, fine-tuning, finetuning, pretraining,
    pre-training, adaptation, augmentation, normalization, initialization, ensemble, ensembling,
    machines""".split(",")
)

#: Prefixes of well-known model families: a name starting with one is typed Model.
MODEL_FAMILIES = (
    "GPT",
    "ChatGPT",
    "Llama",
    "LLaMA",
    "Qwen",
    "QwQ",
    "Mistral",
    "Mixtral",
    "Gemma",
    "Gemini",
    "Claude",
    "Phi-",
    "DeepSeek",
    "BERT",
    "RoBERTa",
    "DeBERTa",
    "ALBERT",
    "DistilBERT",
    "T5",
    "Flan-T5",
    "BART",
    "ResNet",
    "ViT",
    "CLIP",
    "SigLIP",
    "OLMo",
    "Vicuna",
    "Falcon",
    "InternLM",
    "InternVL",
    "LLaVA",
    "Yi-",
    "GLM",
    "ChatGLM",
    "Kimi",
    "Grok",
    "Baichuan",
    "Pythia",
    "OPT-",
    "BLOOM",
    "StarCoder",
    "CodeLlama",
    "Code Llama",
    "Whisper",
    "DINO",
    "Stable Diffusion",
    "SDXL",
    "FLUX",
    "PaLM",
    "Chinchilla",
    "Gopher",
    "Alpaca",
    "MiniCPM",
    "Swin",
    "EfficientNet",
    "MobileNet",
    "VGG",
    "AlexNet",
    "DenseNet",
    "ConvNeXt",
    "YOLO",
    "XLNet",
    "ELECTRA",
    "o1",
    "o3",
    "o4-mini",
    "Sonnet",
    "Opus",
    "Haiku",
    "Nemotron",
    "Granite",
    "SmolLM",
    "Hunyuan",
    "ERNIE",
    "AlphaFold",
    "AlphaGo",
    "AlphaZero",
    "MuZero",
    "SAM",
    "BLIP",
    "Flamingo",
    "Imagen",
    "DALL-E",
    "Sora",
    "Veo",
    "Wan2",
    "Ministral",
    "Codex",
    "WizardLM",
    "Zephyr",
    "Orca",
)

#: The word after a name that says its type ("the X benchmark", "X dataset").
TYPE_CUES: dict[str, str] = {
    **dict.fromkeys(
        "benchmark benchmarks suite leaderboard testbed test-bed arena challenge".split(),
        "Benchmark",
    ),
    **dict.fromkeys("dataset datasets corpus corpora collection".split(), "Dataset"),
    **dict.fromkeys("model models checkpoint checkpoints llm llms vlm mllm".split(), "Model"),
    **dict.fromkeys(
        "algorithm algorithms method methods framework technique approach optimizer loss "
        "architecture mechanism paradigm objective library engine".split(),
        "Method",
    ),
    **dict.fromkeys("metric metrics score scores".split(), "Metric"),
    **dict.fromkeys("task tasks problem problems".split(), "Task"),
}

#: Verbs of a proposal ("we propose X").
#: Words between a proposal verb and the name it introduces ("we propose a new X").
PROPOSAL_ARTICLES = frozenset({"a", "an", "the", "new", "novel"})

PROPOSE_VERBS = frozenset(
    """propose proposes proposed introduce introduces introduced present presents presented
    develop develops developed design designs designed build builds built construct
    constructs constructed release releases released create creates created curate curates
    curated contribute contributes offer offers devise devises devised formulate formulates
    call called dub dubbed name named term termed establish establishes""".split()
)

#: Words of a sentence that reports results on something.
EVAL_CUES = frozenset(
    """evaluate evaluates evaluated evaluating evaluation evaluations experiments experiment
    experimental results result benchmark benchmarks achieves achieve achieving achieved
    attains reaches scores score accuracy performance tested test tests validate validated
    demonstrate demonstrates shows show""".split()
)

#: Words of a sentence that compares with baselines.
COMPARE_CUES = frozenset(
    """outperform outperforms outperformed outperforming surpass surpasses surpassed
    surpassing beat beats exceed exceeds exceeding compare compares compared comparing comparison than
    baseline baselines versus vs vs. over rivals rivaling matches matching competitive
    underperform underperforms underperformed underperforming unlike""".split()
)

#: Words of a sentence that applies something.
USE_CUES = frozenset(
    """use uses using used apply applies applied applying leverage leverages leveraging
    build builds built employ employs employing adopt adopts adopting based via extend
    extends extending fine-tune fine-tunes fine-tuned train trains trained training""".split()
)

#: Words of a background sentence (prior work, not this paper's).
BACKGROUND_CUES = frozenset(
    """recent recently existing prior previous previously traditional conventional popular
    widely typically often commonly has have emerged remains however although""".split()
)

#: Hyphenated suffixes split off a name: "GRPO-based" is a use of GRPO.
SPLIT_SUFFIXES = (
    "based",
    "style",
    "like",
    "driven",
    "guided",
    "aware",
    "enhanced",
    "powered",
    "generated",
    "trained",
    "tuned",
    "finetuned",
    "fine-tuned",
    "specific",
    "free",
    "level",
    "only",
    "augmented",
    "assisted",
    "centric",
    "inspired",
    "friendly",
    "compatible",
    "related",
    "oriented",
    "derived",
    "distilled",
    "scale",
    "sized",
)

#: Last parts of a hyphenated compound that make it a modifier ("Zero-Shot",
#: "Real-Time", "Long-Horizon") besides adjective endings ("Domain-Agnostic").
ADJECTIVE_PARTS = frozenset(
    """shot shots time scale horizon context level grained range term world source step
    order stage turn round modal sided stream end aware free wise like friendly efficient hop first
    driven written known bound built led drawn made grown chosen hidden given proven taken""".split()
)  # the last line: participles not in -ed ("LLM-Driven", "Human-Written", "Memory-Bound")
_ADJECTIVE_ENDINGS = ("ed", "ic", "ian", "ive", "ous", "ful", "less", "able", "ible", "al")


def is_adjectival_compound(text: str) -> bool:
    """Whether ``text`` is a hyphenated modifier of common words rather than a name.

    Title-case adjectives ("Zero-Shot", "Retrieval-Augmented", "non-Gaussian",
    "LLM-Powered") look like coined names but modify the noun after them.

    >>> [is_adjectival_compound(t) for t in ("Zero-Shot", "Domain-Agnostic", "LLM-Powered")]
    [True, True, True]
    >>> [is_adjectival_compound(t) for t in ("Self-Refine", "Math-Shepherd", "KL-Cov", "GRPO")]
    [False, False, False, False]
    >>> [is_adjectival_compound(t) for t in ("Geometry-Aware", "Training-Free", "Multi-Hop")]
    [True, True, True]
    >>> [is_adjectival_compound(t) for t in ("LLM-Driven", "Human-Written", "Memory-Bound")]
    [True, True, True]
    >>> [is_adjectival_compound(t) for t in ("End-to-End", "peer-to-peer", "Trust-First")]
    [True, True, True]
    >>> [is_adjectival_compound(t) for t in ("Text-to-SQL", "Speech-to-Speech Translation")]
    [False, False]
    >>> is_adjectival_compound("Zero-Shot Cross-Lingual"), is_adjectival_compound("Zero-Shot CoT")
    (True, False)
    """
    words = text.split()
    if len(words) > 1:  # "Zero-Shot Cross-Lingual", "Evidence-Based Text-Conditioned"
        return all(is_adjectival_compound(word) for word in words)
    parts = text.split("-")
    if len(parts) < 2 or not all(part.isalpha() for part in parts):
        return False
    if (
        len(parts) == 3
        and parts[1].lower() in {"to", "by"}
        and parts[0].lower() == parts[2].lower()
    ):
        return True  # "End-to-End", "Peer-to-Peer", "Step-by-Step"
    if any(part.lower() in {"to", "of", "and", "or", "in"} for part in parts[1:-1]):
        return False  # a phrase: "Text-to-SQL", "Multi-turn-to-Single-turn"
    # a part with inner capitals is a name ("iSelf", "DeepSpeed"); all-capital ones are fine
    if any(not part.isupper() and any(c.isupper() for c in part[1:]) for part in parts):
        return False
    last = parts[-1].lower()
    return last in ADJECTIVE_PARTS or last.endswith(_ADJECTIVE_ENDINGS)


_CORPUS_LEXICON = Path(__file__).parent / "data" / "corpus_lexicon.json"


@cache
def corpus_lexicon() -> dict:
    """Statistics mined from unlabelled arXiv abstracts by ``scripts/build_lexicon.py``."""
    if not _CORPUS_LEXICON.exists():
        return {"verbs": [], "terms": {}}
    return json.loads(_CORPUS_LEXICON.read_text(encoding="utf-8"))


@cache
def corpus_terms() -> frozenset[str]:
    """Established lower-case terms of the unlabelled corpus (``knowledge distillation``,
    ``code generation``): the ``terms`` and ``head_terms`` of :func:`corpus_lexicon`."""
    lexicon = corpus_lexicon()
    return frozenset(lexicon.get("terms", {})) | frozenset(lexicon.get("head_terms", {}))


# reporting verbs whose base form the corpus sees as a noun too ("video highlight
# detection"); their -s form only follows a subject: "results highlight", "it suggests"
_REPORTING = frozenset("highlights underscores suggests indicates".split())


@cache
def _verbs() -> frozenset[str]:
    return frozenset(corpus_lexicon()["verbs"])


def is_verb(word: str) -> bool:
    """True when ``word`` (lower case) is a verb form that cannot modify a technique noun.

    >>> is_verb("destabilizes"), is_verb("improving"), is_verb("supervised"), is_verb("training")
    (True, True, False, False)
    >>> is_verb("identifies"), is_verb("applies"), is_verb("policies"), is_verb("highlights")
    (True, True, False, True)
    """
    verbs = _verbs()
    if word in verbs or word in _REPORTING:
        return True
    if word in METHOD_HEADS or word in TASK_HEADS:
        return False
    if word.endswith("ing"):
        stem = word[:-3]
        return stem in verbs or stem + "e" in verbs or (len(stem) > 2 and stem[:-1] in verbs)
    if word.endswith("es") and (word[:-2] in verbs or word[:-1] in verbs):
        return True
    if word.endswith("ies") and word[:-3] + "y" in verbs:  # "identifies", "applies"
        return True
    return word.endswith("s") and not word.endswith("ss") and word[:-1] in verbs


_SIZE = re.compile(r"(?:^|[-\s_])\d+(?:\.\d+)?[BM](?:\b|-)", re.I)


def is_model_name(text: str) -> bool:
    """True for a name of a known model family or with a parameter count.

    >>> is_model_name("DeBERTav3Large"), is_model_name("Orchestra-o1-8B"), is_model_name("GRPO")
    (True, True, False)
    """
    return text.startswith(MODEL_FAMILIES) or _SIZE.search(text) is not None


_GENERIC_PREFIXES = {"multi", "cross", "non", "inter", "intra", "single", "dual", "human"}
_GENERIC_LAST = {"agent", "agents", "human", "humans"}


def is_generic_compound(text: str) -> bool:
    """A generic word with a prefix: "multi-LLM", "cross-LLM", "human-AI", "Multi-Agent";
    not "cross-attention", which names a mechanism.

    >>> is_generic_compound("multi-LLM"), is_generic_compound("Multi-Agent")
    (True, True)
    >>> is_generic_compound("cross-attention"), is_generic_compound("GRPO-LLM")
    (False, False)
    """
    low = text.lower()
    parts = [part for part in low.split("-") if part]
    if len(parts) < 2 or " " in low:
        return False
    last = parts[-1]
    if not (last in GENERIC_ACRONYMS or last in _GENERIC_LAST or last[:-1] in GENERIC_ACRONYMS):
        return False
    return all(
        p in _GENERIC_PREFIXES or p in GENERIC_ACRONYMS or p in GENERIC_NAMES for p in parts[:-1]
    )


def is_generic(text: str) -> bool:
    """True for words GUIDELINES.md never counts as an entity on their own.

    >>> is_generic("LLMs"), is_generic("large language models"), is_generic("GRPO")
    (True, True, False)
    >>> is_generic("OpenAI"), is_generic("University of Westminster")
    (True, True)
    >>> is_generic("English"), is_generic("English Wikipedia"), is_generic("Turkish-to-English")
    (True, False, True)
    >>> is_generic("Heilongjiang Province"), is_generic("European Union")
    (True, True)
    >>> is_generic("GPUs"), is_generic("AIS"), is_generic("CTS")
    (True, False, False)
    >>> is_generic("Python"), is_generic("C++"), is_generic("PyTorch")
    (True, True, False)
    >>> is_generic("COVID-19"), is_generic("COVID-19 Twitter")
    (True, False)
    """
    low = text.lower().strip()
    if len(low) < 2 or low in GENERIC_NAMES or low in GENERIC_ACRONYMS or low in LANGUAGES:
        return True
    if low in PROGRAMMING_LANGUAGES or low in _DISEASES:
        return True
    # a translation direction: "Turkish-to-English", "English-German"
    if "-" in low and set(_LANGUAGE_PAIR.split(low)) <= LANGUAGES:
        return True
    if low in ORGANISATIONS or not _ORG_WORDS.isdisjoint(low.split()):
        return True
    if low in _PLACES or low in _PRODUCTS or not _PLACE_WORDS.isdisjoint(low.split()):
        return True
    # a plural ("LLMs", "GPUs"), not an acronym ending in S ("AIS", "CTS", "USS")
    plural = text.rstrip().endswith("s")
    return plural and (low[:-1] in GENERIC_ACRONYMS or low[:-1] in GENERIC_NAMES)
