"""Roles of GUIDELINES.md from the sentences an entity occurs in.

Each mention gets the role its sentence supports; the entity takes the
strongest of its mentions' roles (``proposes > evaluates_on > compares_to >
uses > mentions``), ``mentions`` only when every mention is background.

* ``proposes``: the head of the title (``X: ...``), or after a proposal verb in
  a sentence by the authors (``we propose X``, ``this paper introduces X``), or
  ``our X``; never for a vocabulary entry (well-known things are not new; the
  resolver passes one that heads the title, "DeepSeek-V4: ...", as not known) nor a Task;
* ``evaluates_on``: Benchmarks, Datasets and Metrics by default (Datasets that
  are trained on are ``uses``); Tasks in a sentence that reports results;
* ``compares_to``: Methods and Models after a comparison word (``outperforms X``,
  ``compared with X``, ``X baselines``), and every rival a comparison verb governs
  (``beats A by 3%, B by 2% and C``) until the sentence turns to what was used;
* ``mentions``: only in background sentences (before the authors speak, with a
  cue such as *recent*, *existing*, *has been*);
* ``uses``: everything else.

>>> role_of_sentence(["we", "propose", "s-grpo", ",", "a", "variant", "of", "grpo"], 2, "Method")
'proposes'
>>> role_of_sentence(["we", "propose", "s-grpo", ",", "a", "variant", "of", "grpo"], 7, "Method")
'uses'
>>> role_of_sentence(["it", "outperforms", "ppo", "."], 2, "Method")
'compares_to'
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from kg.extract.lexicon import (
    BACKGROUND_CUES,
    COMPARE_CUES,
    EVAL_CUES,
    PROPOSAL_ARTICLES,
    PROPOSE_VERBS,
    TYPE_CUES,
    is_verb,
)
from kg.model import ROLE_STRENGTH

__all__ = ["combine_roles", "role_of_sentence"]

_AUTHOR = {"we", "our", "ours", "us", "here", "herein"}
_THIS_PAPER = {"paper", "work", "study", "article", "report"}
# words after which the proposed thing's description turns to what it builds on
_PROPOSAL_BREAK = {
    "based",
    "using",
    "with",
    "by",
    "via",
    "which",
    "that",
    "on",
    "over",
    "than",
    "from",
    "builds",
    "extends",
    "extending",
    "leveraging",
    "upon",
    "of",
    "into",
    "combining",
    "to",
    "for",
    "in",
    "where",
    "while",
    "whereas",
    "against",
    "outperforms",
    "beyond",
}
_TRAIN_WORDS = {
    "train",
    "trained",
    "training",
    "pretrain",
    "pretrained",
    "pre-trained",
    "fine-tuned",
    "finetuned",
    "collect",
    "collected",
    "curate",
    "curated",
    "distill",
    "distilled",
    "sft",
}
_EVALUATED = {"Benchmark", "Dataset", "Metric"}
_BEAT = ("outperform", "surpass", "beat", "exceed")
# words after which the sentence turns from the rivals to what was used or where
_COMPARE_BREAK = {
    "using",
    "use",
    "uses",
    "via",
    "based",
    "leveraging",
    "on",
    "when",
    "while",
    "under",
    "with",
    "for",
    "in",
    "across",
}


def _turned_away(window: Sequence[str], cue: int) -> bool:
    """After the comparison cue at ``cue``, the sentence has turned from the rivals to
    what was used ("over various methods with ResNet-50"); "compare X with Y" keeps its
    own "with"."""
    rest = list(window[cue + 1 :])
    if window[cue].startswith(("compar", "competitive")) and "with" in rest:
        rest.remove("with")
    else:
        rest = rest[1:]
    return bool(_COMPARE_BREAK & set(rest))


def _authored(words: Sequence[str]) -> bool:
    if any(w in _AUTHOR for w in words):
        return True
    return any(a == "this" and b in _THIS_PAPER for a, b in pairwise(words))


_NAMING = {"called", "named", "dubbed", "termed", "coined", "denoted", "referred", "namely"}
# what a proposed system is made of: "Hecate introduces heterogeneous sharding"
_COMPOSE = {
    "comprises",
    "consists",
    "combines",
    "incorporates",
    "integrates",
    "includes",
    "features",
    "contains",
    "couples",
    "unifies",
}
_OWN_SIDE = {"our", "we", "ours"}
# words that carry an apposition on past its noun ("our benchmark of 63 tasks")
_APPOSITION_GOES_ON = {"of", ",", "for", "that", "which", "with"}
_BE = {"is", "are", "was", "were", "be", "being", "been"}
_CUE_WORDS = set(TYPE_CUES) | {",", "(", ")", "strategy", "module", "mechanism", "scheme"}


_ORDINALS = {"first", "second", "third", "fourth", "latter", "former"}
_MARKERS = {"1", "2", "3", "4", "5", "i", "ii", "iii", "iv", "v", "a", "b", "c", "d"}


def _item_start(words: Sequence[str], index: int) -> int | None:
    """Where the enumerated item ``(2) a Y ...`` that opens with the mention begins, if
    the mention is among the item's first words."""
    for k in range(index - 1, max(-1, index - 4), -1):
        if words[k] == ")" and k >= 1 and words[k - 1] in _MARKERS:
            return k - 1
        if words[k] not in PROPOSAL_ARTICLES:
            return None
    return None


# "we address this by introducing X": the gerund proposes as the verb does
_PROPOSING = PROPOSE_VERBS | {
    "proposing",
    "introducing",
    "presenting",
    "developing",
    "designing",
    "constructing",
    "devising",
    "formulating",
    "creating",
}


def _listed_example(words: Sequence[str], index: int) -> bool:
    """``index`` is further down a list of examples: "systems such as ChatGPT, Perplexity,
    Microsoft Copilot" (names, commas and "and"/"or" since the example word)."""
    for k in range(index - 1, max(-1, index - 13), -1):
        w = words[k]
        if w in _EXAMPLE:
            return True
        if w in _PROPOSAL_BREAK or w in _COMPARE_BREAK or w in {".", ";", ":"} or is_verb(w):
            return False
    return False


# "we formalize this as X", "we cast the problem as X"
_CASTING = {"formalize", "formalise", "formulate", "cast", "frame", "define", "model"}


def _we_made(tail: Sequence[str]) -> bool:
    """The words after a name say the authors made it, in an apposition: ", a PDDL-inspired
    language that we design" (not "the benchmark we use")."""
    if not tail or tail[0] != ",":
        return False
    rest = tail[1:]
    for a, b, c in zip(rest, rest[1:], rest[2:], strict=False):
        if a in {"that", "which"} and b == "we" and c in PROPOSE_VERBS:
            return True
        if a in {".", ";", "(", ")"} or (a == "," and b != "we"):
            return False
    return False


def _proposal_verb(words: Sequence[str]) -> bool:
    """A proposal verb that is not "build upon"/"built on" (what the work starts from)."""
    return any(
        w in PROPOSE_VERBS and (k + 1 >= len(words) or words[k + 1] not in {"on", "upon"})
        for k, w in enumerate(words)
    )


# what a proposal is called when a known term only qualifies it ("a novel IL framework")
_GENERIC_HEADS = {
    "framework",
    "method",
    "approach",
    "system",
    "algorithm",
    "technique",
    "scheme",
    "strategy",
    "architecture",
    "pipeline",
    "module",
    "paradigm",
}
_COMPONENT_HEADS = {
    "module",
    "mechanism",
    "layer",
    "block",
    "component",
    "unit",
    "loss",
    "strategy",
    "scheduler",
    "router",
    "planner",
}
# what opens the list of rivals after "baselines": ", A", ": A", "including A", "- from A"
_LIST_OPENERS = [[w] for w in (",", ":", "including", "-", "--", "—", "such")]
_EXAMPLE = {"e.g.", "e.g", "such"}
_EARLIER = {"recently", "previously", "originally", "already", "widely"}


def _cited(words: Sequence[str], index: int, length: int) -> bool:
    """The mention is someone else's: a citation follows it, or an earlier proposal
    precedes it ("the recently proposed X")."""
    tail = words[index + length : index + length + 4]
    if any(a == "et" and b.startswith("al") for a, b in pairwise(tail)):
        return True
    # "Gradient Coding (GC), introduced by Tandon et al."
    if any(
        a in PROPOSE_VERBS and b == "by"
        for a, b in pairwise(words[index + length : index + length + 7])
    ):
        return True
    before = words[max(0, index - 3) : index]
    return any(a in _EARLIER and b in PROPOSE_VERBS for a, b in pairwise(before))


def role_of_sentence(
    words: Sequence[str],
    index: int,
    etype: str,
    *,
    known: bool = False,
    in_title_head: bool = False,
    background: bool = False,
    length: int = 1,
    coined: bool = False,
    own_subject: bool = False,
    prior: bool = False,
    fresh: bool = False,
) -> str:
    """The role one mention's sentence supports.

    ``words`` are the sentence's lower-cased tokens, ``index`` where the mention
    starts and ``length`` its number of tokens; ``known`` says the entity is a
    well-known vocabulary entry, ``coined`` that this sentence defines its
    abbreviation (a new name defined where the authors propose something is theirs),
    ``own_subject`` that the sentence's subject is something the paper proposes
    (``Hecate introduces X``, ``AEPO comprises ...``: the authors' voice), ``prior``
    that the entity was named before the authors spoke: then "we propose a novel X
    framework" proposes the framework, not X; ``fresh`` that this is the first mention
    of a CamelCase coinage (``SparseAllGather``): where the sentence's subject is the
    paper's proposal, it names a part of it.

    >>> role_of_sentence(["hecate", "introduces", "sparse", "materialization"], 2, "Method",
    ...                  own_subject=True, length=2)
    'proposes'
    """
    # what is well known is not new; a task is addressed or evaluated, never proposed;
    # nor is a name cited to others ("called EF21 (Richtarik et al.", "the recently
    # proposed Learngene framework")
    may_propose = not known and etype != "Task" and not _cited(words, index, length)
    if prior and any(w in _GENERIC_HEADS for w in words[index + length : index + length + 1]):
        may_propose = may_propose and in_title_head
    if in_title_head and may_propose:
        return "proposes"
    if may_propose:
        before = words[max(0, index - 3) : index]
        if index > 0 and words[index - 1] in {"our", "ours"}:
            return "proposes"
        # an apposition that claims it ("On E2A-Bench, our benchmark of 63 tasks, ..."),
        # not a clause of the authors' after it ("the simplest form of EF21, our approach
        # naturally extends ...")
        after = words[index + length : index + length + 5]
        if tuple(after[:2]) == (",", "our") and _APPOSITION_GOES_ON & set(after[3:5]):
            return "proposes"
        if any(w in _NAMING for w in before):
            return "proposes"
        # "we propose MoS, integrating four strategies, namely A, B, C and D"
        if "namely" in words[:index] and (_authored(words) or own_subject):
            k = index - 1 - words[:index][::-1].index("namely")
            if _proposal_verb(words[:k]) and not _PROPOSAL_BREAK & set(words[k + 1 : index]):
                return "proposes"
        # "X is introduced", "the SSDTrain offloading framework is designed" (even before
        # the authors say "we"); not "X has been proposed", "Recently, X is proposed"
        tail = [w for w in words[index + length : index + length + 6] if w not in _CUE_WORDS]
        be = next((k for k, w in enumerate(tail[:2]) if w in _BE), None)
        if be is not None and any(w in PROPOSE_VERBS for w in tail[be + 1 : be + 3]):
            earlier = _EARLIER & set(words) or {"has", "have", "had"} & set(tail[: be + 1])
            if not earlier:
                return "proposes"
        if any(w in {"novel", "new"} for w in before):
            return "proposes"
        # "EditLang, a PDDL-inspired action language that we design"
        if _we_made(words[index + length : index + length + 14]):
            return "proposes"
        # "We formalize this as Governed Evolving Memory (GEM)"
        if index >= 3 and words[index - 1] == "as" and _authored(words[: index - 1]):
            if any(w in _CASTING for w in words[max(0, index - 5) : index - 1]):
                return "proposes"
        # "The first technique, Entropic Annealing (EA), ..."
        if not background and index >= 3 and before[-1] == "," and before[0] in _ORDINALS:
            return "proposes"
        if coined and _authored(words) and _proposal_verb(words):
            return "proposes"
        # "An HBM Management Module (HMM) reuses ...": a named part, once the authors speak
        if coined and not background and words[index + length - 1] in _COMPONENT_HEADS:
            return "proposes"
        # "FSSDP shards ... with two collectives SparseAllGather and SparseReduceScatter"
        # ... not the rival it beats ("CZAD beats PatchCore")
        if fresh and own_subject and not background and not COMPARE_CUES & set(words[:index]):
            return "proposes"
        if _authored(words) or own_subject:
            cue = _PROPOSING | _COMPOSE if own_subject else _PROPOSING
            verbs = [i for i, w in enumerate(words[:index]) if w in cue]
            if verbs:
                between = words[verbs[-1] + 1 : index]
                if words[verbs[-1]] == "consists" and between[:1] == ["of"]:
                    between = between[1:]  # "consists of A, B and C" lists its parts
                colon = between.index(":") if ":" in between else -1
                if 0 < colon <= 4 and between[colon - 1].endswith("s"):
                    # "introduces three key modules: A for X, B for Y and C": each item
                    # of the list the colon opens is proposed
                    cut = max(k for k, w in enumerate(between) if w in {":", ",", ";"})
                    between = [w for w in between[cut + 1 :] if w not in {"and", "(", ")"}]
                    between = [w for w in between if w not in _MARKERS]
                elif colon >= 0:
                    between = [":"]  # "we propose X: A, B and C are used ..." turns away
                if not any(w in _PROPOSAL_BREAK or w == ":" for w in between):
                    return "proposes"
            # "X comprises two components: (1) a dynamic rollout ...; and (2) Y that ..."
            item = _item_start(words, index)
            if verbs and item is not None and verbs[0] < item:
                return "proposes"
    if etype in _EVALUATED:
        if etype == "Dataset" and any(w in _TRAIN_WORDS for w in words[max(0, index - 5) : index]):
            return "uses"
        return "evaluates_on"
    if etype == "Task" and any(w in EVAL_CUES for w in words) and _authored(words):
        return "evaluates_on"
    if etype in {"Method", "Model"}:
        window = words[max(0, index - 6) : index]
        # "In comparison, X ...": a discourse marker, not a comparison with X
        cues = [
            k
            for k, w in enumerate(window)
            if (w in COMPARE_CUES and window[k + 1 : k + 2] != [","])
            or (w == "relative" and window[k + 1 : k + 2] == ["to"])  # "61% relative to X"
        ]
        # "compared with the baseline, our approach enables X": the rival is named
        # before the comma, and X is on the authors' side of it
        between = window[cues[-1] + 1 :] if cues else []
        if "," in between and _OWN_SIDE & set(between[between.index(",") + 1 :]):
            cues = []
        elif cues and _turned_away(window, cues[-1]):
            cues = []
        after = words[index + 1 : index + 4]
        if cues or any(w in {"baseline", "baselines"} for w in after):
            return "compares_to"
        # "X beats A by 3.4%, B by 3.2% and C by 4.0%": every rival the verb governs
        verbs = [i for i, w in enumerate(words[:index]) if w.startswith(_BEAT)]
        if verbs and not any(w in _COMPARE_BREAK for w in words[verbs[-1] + 1 : index]):
            return "compares_to"
        # "six baselines, ReAct, Reflexion, GEPA and ACE": the rivals the word lists
        lists = [i for i, w in enumerate(words[:index]) if w in {"baseline", "baselines"}]
        if lists and words[lists[-1] + 1 : lists[-1] + 2] in _LIST_OPENERS:
            rest = words[lists[-1] + 1 : index]
            if not any(w in _COMPARE_BREAK or w in _OWN_SIDE for w in rest):
                return "compares_to"
    if background and not _authored(words):
        # an example of what others did: "(e.g. GPT, BERT)", "models such as X"
        example = _EXAMPLE & set(words[max(0, index - 4) : index]) or _listed_example(words, index)
        if example or any(w in BACKGROUND_CUES for w in words):
            return "mentions"
    return "uses"


def combine_roles(roles: Sequence[str]) -> str:
    """The entity's role from its mentions' roles.

    >>> combine_roles(["mentions", "uses", "compares_to"])
    'compares_to'
    >>> combine_roles(["mentions", "mentions"])
    'mentions'
    """
    if not roles:
        return "mentions"
    return max(roles, key=lambda r: ROLE_STRENGTH[r])
