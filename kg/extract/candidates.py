"""Rule-based candidate names: what looks like an ML name in context.

Three rules, each writing spans into ``doc.spans["kg_candidates"]`` with the
rule in ``Span._.kg_source`` and a type hint (or ``""``) as the label:

* ``shape``: runs of name-shaped tokens (``GRPO``, ``DeepSeek``, ``Qwen2.5``,
  ``G^2RPO``) with their version/size continuations (``Llama 3 8B``) and the
  title-case words around them (``Swin Transformer V2``);
* ``titlecase``: two or more capitalised words inside a sentence
  (``Monte Carlo Tree Search``), or one followed by a type word (``the
  Traveler benchmark``);
* ``phrase``: lower-case phrases ending in a head noun of a technique, task or
  metric (``knowledge distillation``, ``code generation``, ``inference latency``,
  ``rounding-based quantization``, plural heads as ``multi-party computations``,
  eponyms as ``Thompson sampling`` and ``Sharpe ratio``, one hyphenated word ending
  in a technique head as ``co-training``);
  a task or metric phrase must be an established term of the unlabelled arXiv
  corpus (``scripts/build_lexicon.py``), else a metric is its bare head word.

The title (everything before the blank line of :attr:`kg.model.Paper.text`) is
in Title Case, so only the ``shape`` rule runs there, and the ``titlecase`` rule
only on the words before its colon (``Flag Aggregator: ...``). ``Doc._.kg_title_end`` is
the index of the first abstract token.

>>> from kg.extract.pipeline import make_nlp
>>> nlp = make_nlp(components=["kg_candidates"])
>>> doc = nlp("We apply knowledge distillation to Qwen2.5 7B and test on the Traveler benchmark.")
>>> [(s.text, s.label_, s._.kg_source) for s in doc.spans["kg_candidates"]]
[('knowledge distillation', 'Method', 'phrase'), ('Qwen2.5 7B', '', 'shape'), ('Traveler', 'Benchmark', 'titlecase')]
>>> doc = nlp("We release ZetaSet, a new multilingual benchmark for agents.")
>>> [(s.text, s.label_) for s in doc.spans["kg_candidates"]]
[('ZetaSet', 'Benchmark')]
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.attrs import LOWER, ORTH, SPACY
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import (
    GENERIC_ACRONYMS,
    METHOD_HEADS,
    METRIC_HEADS,
    MODIFIER_STOP,
    PROPOSAL_ARTICLES,
    PROPOSE_VERBS,
    TASK_HEADS,
    TYPE_CUES,
    corpus_terms,
    is_generic,
    is_verb,
)

__all__ = [
    "after_proposal",
    "class_list_items",
    "cue_before",
    "doc_text",
    "find_candidates",
    "head_label",
    "is_name_shaped",
    "list_cue_type",
    "title_end",
    "token_strings",
]

if not Span.has_extension("kg_source"):
    Span.set_extension("kg_source", default="")
if not Doc.has_extension("kg_title_end"):
    Doc.set_extension("kg_title_end", default=0)

# a version number ("3.1", "v2.0.1", "2025"), not a score ("29.35", "0.671")
_VERSION_NUMBER = r"v\d+(?:\.\d+)*|[1-9]\d*(?:\.\d)?"
_CONTINUATION = re.compile(
    # a version or a size ("70B", "0.5B")
    rf"^(?:(?:{_VERSION_NUMBER})[BbMmKkTt]?|0\.\d+[BbMmKkTt]|[IVX]{{1,4}}|V\d+(?:\.\d+)?|"
    r"R\d|XL|XXL|Large|Base|Small|Mini|"
    r"mini|Pro|Plus|Max|Turbo|Instruct|Chat|Lite|Flash|Ultra|Nano|Coder|Math|Vision|VL|Omni|"
    r"Preview|Distill|Zero|Air|Thinking|QA)$"
)
_NOT_NAME = re.compile(
    r"^(?:\d+(?:\.\d+)?[A-Za-z]{0,2}|[A-Z]\d?|[ivxIVX]+|(?:[A-Za-z]\.)+[A-Za-z]?|\W+"
    r"|[A-Za-z][+^]\{?\w\}?)$"
)  # "7B", "X", "iii", "U.S", "I.I.D", "--", and algebra: "I+1", "I^K", "N^{2}"
_NOT_NAME_CHARS = re.compile(r"[=*\\(){}\[\]<>|$%_/]|^www\.|\.(?:com|org|io|html?)\b|^[+\-±~]?\d")
_DIGIT_NAME = re.compile(r"^\d+(?:D-?)?(?=[A-Z][a-z]{2}|[A-Z]{2,}[a-z])")
# a prefix on a capitalised word, not a name: "non-English", "sub-Gaussian", "semi-Markov"
_PREFIXED_WORD = re.compile(r"^[a-z]{2,}-[A-Z][a-z]+$")
# a complexity class, not a name: "NP-hard", "PPAD-complete", "#P-hardness"
_COMPLEXITY = re.compile(r"^#?[A-Z]+(?:-[A-Z]+)?-(?:hard|complete)(?:ness)?$")
_STOP = STOP_WORDS | MODIFIER_STOP
_CONNECT = {"of", "for", "'s", "-", "&"}


@lru_cache(maxsize=1 << 16)
def is_name_shaped(text: str) -> bool:
    """True for ``GRPO``, ``DeepSeek``, ``Qwen2.5``, ``G^2RPO``, ``VideoGPT+``; not ``Model``, ``7B``.

    >>> [is_name_shaped(t) for t in ["GRPO", "DeepSeek", "o1", "VideoGPT+", "Model", "7B", "LLMs"]]
    [True, True, True, True, False, False, True]
    >>> [is_name_shaped(t) for t in ["3D-Front", "2WikiMultiHopQA", "8-GPU", "1B-Instruct", "3rd"]]
    [True, True, False, False, False]
    >>> [is_name_shaped(t) for t in ["non-Euclidean", "semi-Markov", "e-SNLI", "pre-LN"]]
    [False, False, True, True]
    >>> [is_name_shaped(t) for t in ["NP-hard", "PPAD-complete", "NP-hardness"]]
    [False, False, False]
    >>> [is_name_shaped(t) for t in ["I+1", "N^{2}", "C++", "LoRA+"]]
    [False, False, True, True]
    >>> is_name_shaped("RGB-")  # "RGB- and depth-based": the first half of a compound
    False
    """
    if len(text) < 2 or text.endswith("-") or _NOT_NAME.match(text) or _PREFIXED_WORD.match(text):
        return False
    if _COMPLEXITY.match(text):
        return False
    # a number may open a name ("3D-Front", "2WikiMultiHopQA"), not a quantity ("7B", "8-GPU")
    if _NOT_NAME_CHARS.search(_DIGIT_NAME.sub("", text, count=1)):
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    if any(c.isupper() for c in text[1:]) and any(c.isalpha() for c in text[1:]):
        return True
    if any(c.isdigit() for c in text) or text.endswith("-bench"):  # "tau-bench", "τ-bench"
        return True
    return any(c in "^@+" for c in text[1:])


def token_strings(doc: Doc, attr: int = ORTH) -> list[str]:
    """Each token's ``attr`` string (``ORTH``: its text, ``LOWER``: lower case), read from
    the doc's arrays: faster than making a Token object per word.

    >>> import spacy
    >>> token_strings(spacy.blank("en")("Use LoRA."), LOWER)
    ['use', 'lora', '.']
    """
    strings = doc.vocab.strings
    return [strings[key] for key in doc.to_array(attr).tolist()]


def doc_text(doc: Doc) -> str:
    """The doc's text, like ``Doc.text`` but from its arrays: ``Doc.text`` makes a Token
    object per word, which costs more than the rest of a component's work.

    >>> import spacy
    >>> doc_text(spacy.blank("en")("Use LoRA, twice.  "))
    'Use LoRA, twice.  '
    """
    strings = doc.vocab.strings
    return "".join(
        strings[orth] + " " if space else strings[orth]
        for orth, space in doc.to_array([ORTH, SPACY]).tolist()
    )


def title_end(doc: Doc) -> int:
    """Index of the first token after the title (0 when the text has no title)."""
    for tok in doc:
        if tok.is_space and "\n\n" in tok.text:
            return tok.i + 1
    return 0


def _is_title_word(tok: Token) -> bool:
    return _is_title_text(tok.text)


def _is_title_text(text: str) -> bool:
    """A capitalised word of letters ("Sharding"; Token.is_title and is_alpha are
    str.istitle and str.isalpha of the text)."""
    return text.istitle() and text.isalpha() and len(text) > 1


_NAMING = {"named", "called", "dubbed", "termed", "coined"}


# where an apposition's kind words end: "X, a toolkit to evaluate LLMs"
_APPOSITION_END = {"that", "which", "who", "to", "for", "with", "by", "in", "on", "from", "via"}


def _infix_hyphen(tok: Token) -> bool:
    """A hyphen inside a word the tokenizer split ("Transformer-based")."""
    return tok.text == "-" and not tok.whitespace_ and not tok.nbor(-1).whitespace_


_MODEL_CLASSES = {"llm", "llms", "vlm", "mllm", "lm"}
# what a model class may qualify: a technique, a task or a system ("an LLM serving system")
_SYSTEM_NOUNS = frozenset(
    "serving system systems framework agent agents simulator pipeline platform toolkit".split()
)


def _modifies_next(tok: Token, nxt: Token) -> bool:
    """``tok`` qualifies the word after it: a hyphenated modifier ("LLM-guided"), or a
    model class before a technique, task or system ("an LLM serving system", "the first
    LLM adaptation framework"; not "a compact VLM baseline", "an LLM trained on ...",
    where the class is the kind)."""
    if _infix_hyphen(nxt):
        return True
    low = nxt.lower_
    return tok.lower_ in _MODEL_CLASSES and (
        low in _SYSTEM_NOUNS or low in METHOD_HEADS or low in TASK_HEADS
    )


_COUNTS = frozenset(
    "two three four five six seven eight nine ten eleven twelve several multiple many".split()
)


def _counted_kind(doc: Doc, start: int, end: int) -> bool:
    """``two benchmark CRS datasets``, ``three VTG benchmarks``: an acronym between a count
    and a plural data word names the task the collections are of, not one of them
    (GUIDELINES: "three LongConvQA benchmarks" names no benchmark)."""
    text = doc[start:end].text
    if end - start != 1 or not (text.isupper() and text.isalpha() and 2 <= len(text) <= 5):
        return False
    if not doc[end].lower_.endswith("s"):
        return False  # "the SLT benchmark": one
    k = start - 1
    while k >= 0 and start - k <= 3 and doc[k].is_lower and doc[k].lower_ not in _COUNTS:
        k -= 1  # "two novel TS datasets", "two benchmark CRS datasets"
    return k >= 0 and (doc[k].lower_ in _COUNTS or doc[k].like_num)


def _type_hint(doc: Doc, start: int, end: int) -> str:
    """The type the words around ``doc[start:end]`` give: ``X benchmark``, ``Long Form
    (LF) metric``, ``a metric named X``, or an apposition ``X, a new benchmark``."""
    if start >= 2 and doc[start - 1].lower_ in _NAMING:
        if hint := TYPE_CUES.get(doc[start - 2].lower_, ""):
            return hint
    if end >= len(doc):
        return ""
    if hint := TYPE_CUES.get(doc[end].lower_, ""):
        if hint in {"Dataset", "Benchmark"} and _counted_kind(doc, start, end):
            return "Task"
        return hint
    if doc[end].text == ")" and start > 0 and doc[start - 1].text == "(" and end + 1 < len(doc):
        if hint := TYPE_CUES.get(doc[end + 1].lower_, ""):
            return hint
    if doc[end].text == "," and end + 1 < len(doc) and doc[end + 1].lower_ in {"a", "an", "the"}:
        for tok in doc[end + 2 : end + 8]:
            if (tok.is_punct and not _infix_hyphen(tok)) or tok.lower_ in _APPOSITION_END:
                break  # "a Transformer-based model" goes on; "a tool to evaluate LLMs" ends
            if tok.i + 1 < len(doc) and _modifies_next(tok, doc[tok.i + 1]):
                continue  # "an LLM-guided framework", "an LLM serving system": not the kind
            if hint := TYPE_CUES.get(tok.lower_, ""):
                return hint
    return ""


_LIST_CUES = {
    "benchmarks": "Benchmark",
    "datasets": "Dataset",
    "corpora": "Dataset",
    "tasks": "Benchmark",  # "two reasoning tasks: CountDown and Sudoku"
    "environments": "Benchmark",  # "environments, Blocks World and Sokoban"
}
_INTRODUCERS = {"including", "as", "like", ":", "namely"}


def after_proposal(doc: Doc, start: int) -> bool:
    """``we propose X``, ``we introduce a new X``: the name a proposal verb introduces."""
    for tok in reversed(doc[max(0, start - 3) : start]):
        if tok.lower_ in PROPOSE_VERBS:
            return True
        if tok.lower_ not in PROPOSAL_ARTICLES:
            return False
    return False


# a data word that may stand right before the name it is ("the benchmark GSM8K"), and the
# words before it that make it a verb ("we (extensively) benchmark GPT-4")
_DATA_CUES = {"dataset", "benchmark", "corpus"}
_SUBJECTS = {"we", "they", "i", "you", "to", "also", "can", "will", "should", "may", "and"}


def cue_before(doc: Doc, start: int) -> str:
    """The type a data word right before ``doc[start]`` gives the name there ("the RE
    dataset TACRED", "a new benchmark NeSyGeo-Test"), or "".

    >>> import spacy
    >>> doc = spacy.blank("en")("the dataset TACRED ; we benchmark GPT-4")
    >>> cue_before(doc, 2), cue_before(doc, 6)
    ('Dataset', '')
    """
    if start < 1 or (cue := doc[start - 1].lower_) not in _DATA_CUES:
        return ""
    prev = doc[start - 2].lower_ if start >= 2 else ""
    if prev in _SUBJECTS or prev.endswith("ly"):
        return ""
    return TYPE_CUES[cue]


def list_cue_type(doc: Doc, start: int, end: int) -> str:
    """The type a plural cue gives the names it lists: "two SLT benchmarks (PHOENIX-2014T
    and CSL-Daily)", "the ASAP 2.0 and ELLIPSE datasets", or a task the names in brackets
    after it ("sentiment classification (NusaX)"), or introduced ("benchmarks, including
    RAGTruth and HalluLens", "datasets such as X", "benchmarks: X, Y"); else ""."""

    def listed(tok: Token) -> bool:
        return tok.text in {",", "and", "or"} or not (tok.is_lower or tok.is_punct)

    k = start - 1  # leftwards over the list to "(" after the cue
    while k > 0 and listed(doc[k]) and start - k < 12:
        k -= 1
    if doc[k].lower_ in _INTRODUCERS:  # "benchmarks, including", "datasets such as"
        before = [t.lower_ for t in doc[max(0, k - 3) : k] if t.lower_ not in {",", "such"}]
        if before and (hint := _LIST_CUES.get(before[-1])):
            return hint
    if doc[k].text == "(" and k > 0:
        if hint := _LIST_CUES.get(doc[k - 1].lower_):
            return hint
        if doc[k - 1].lower_ in TASK_HEADS and doc[k - 1].is_lower:
            return "Benchmark"  # "sentiment classification (NusaX)": what it is tested on
    left = k
    k = end  # rightwards over the list to the cue
    while k < len(doc) and listed(doc[k]) and k - end < 8:
        k += 1
    # "A and B datasets": the names are coordinated (the last one, too)
    coordinated = any(t.lower_ in {"and", "or"} for t in doc[left + 1 : k])
    # past what the list is about: "Game-of-24 and Countdown mathematical reasoning
    # benchmarks"
    about = k
    while about < len(doc) and about - k < 3 and _topic_word(doc[about]):
        about += 1
    if coordinated and about < len(doc):
        return _LIST_CUES.get(doc[about].lower_, "") or _LIST_CUES.get(doc[k].lower_, "")
    return ""


def _topic_word(tok: Token) -> bool:
    """A lower-case word of what a list is about ("mathematical reasoning")."""
    low = tok.lower_
    return (
        tok.is_lower
        and tok.is_alpha
        and low not in _STOP
        and low not in _LIST_CUES
        and not is_verb(low)
    )


#: Plural nouns that introduce a list of their kinds ("methods such as A and B",
#: "metrics: A, B and C"), with the type of the kinds.
_LIST_CLASSES = {
    **dict.fromkeys(
        """methods techniques strategies algorithms approaches baselines mechanisms schemes
        heuristics defenses defences protocols optimizers""".split(),
        "Method",
    ),
    **dict.fromkeys("metrics measures criteria".split(), "Metric"),
}
_LIST_OPENERS = {"including", "like", "namely", ":", "-", "(", "—"}
_ITEM_ENDS = {".", ")", ";", "—"}
_ITEM_OPENERS = {"the", "a", "an", "both", "either", "its", "their", "our"}
_ITEM_PREPOSITIONS = {"of", "for", "in", "on", "with", "at", "by", "under", "over", "from"}


def _is_dash(tok: Token) -> bool:
    """A spaced hyphen used as a dash ("strategies - A and B - are"), not "self-play"."""
    return tok.text == "-" and bool(tok.whitespace_ or (tok.i and tok.doc[tok.i - 1].whitespace_))


def _list_after(doc: Doc, k: int) -> list[list[int]]:
    """The items of a list that starts at ``doc[k]``: runs of at most four words between
    commas and conjunctions, up to the end of the clause; an item ends at a preposition
    ("the accuracy of derived architectures" is "accuracy")."""
    n = len(doc)
    items, item, frozen, closed = [], [], False, False
    while k < n and not closed:
        t = doc[k]
        if t.text in {",", "and", "or"}:
            if item:
                items.append(item)
            item, frozen = [], False
        elif t.text in _ITEM_ENDS or "\n" in t.text or _is_dash(t):
            closed = True
        elif t.is_lower and is_verb(t.lower_) and t.lower_ not in METHOD_HEADS:
            closed = True  # "such as LoRA and DoRA reduce memory"
        elif item and t.is_alpha and t.is_lower and t.lower_.endswith("ed"):
            closed = True  # "the computation costs associated with it"
        elif frozen:
            pass
        elif item and t.lower_ in _ITEM_PREPOSITIONS:
            frozen = True
        elif len(item) == 4:
            return []  # no item is this long: not a list of names
        elif item or t.lower_ not in _ITEM_OPENERS:
            item.append(k)
        k += 1
    if item and (closed or k == n):
        items.append(item)
    return items


def class_list_items(doc: Doc) -> dict[tuple[int, int], str]:
    """The items, by token offsets, of lists that a plural noun introduces, with the type
    the noun gives them: "methods such as self-play, fictitious play, and double oracle",
    "four strategies, namely subset selection, pair dissociation, ...", "explanation
    methods (LIME, Occlusion, ...)" (Method); "metrics: total return, Sharpe ratio and
    maximum drawdown" (Metric). A list has two items or more, except after "in terms of"
    ("in terms of the accuracy of derived architectures": a Metric).

    >>> import spacy
    >>> doc = spacy.blank("en")("We compare methods such as self-play, fictitious play and double oracle.")
    >>> sorted((doc[s:e].text, t) for (s, e), t in class_list_items(doc).items())
    [('double oracle', 'Method'), ('fictitious play', 'Method'), ('self-play', 'Method')]
    """
    found: dict[tuple[int, int], str] = {}
    n = len(doc)
    lowers = token_strings(doc, LOWER)
    for i, low in enumerate(lowers):
        kind = _LIST_CLASSES.get(low)
        k = i + 1
        if kind is None:
            if not (low == "of" and i >= 2 and lowers[i - 1] == "terms"):
                continue
            if lowers[i - 2] != "in":
                continue
            kind, least = "Metric", 1  # "in terms of accuracy"
        else:
            least = 2
            if k < n and lowers[k] == ",":
                k += 1
            if k + 1 < n and lowers[k] == "such" and lowers[k + 1] == "as":
                k += 2
            elif k < n and (lowers[k] in _LIST_OPENERS or lowers[k] == "e.g."):
                k += 1 + (k + 1 < n and lowers[k + 1] == ",")
            else:
                continue
        items = _list_after(doc, k)
        if len(items) < least:
            continue
        for item in items:
            start, end = item[0], item[-1] + 1
            if lowers[start] not in STOP_WORDS and lowers[end - 1] not in STOP_WORDS:
                found[(start, end)] = kind
    return found


def _opens_class(doc: Doc, i: int) -> bool:
    """``doc[i]`` is a size word that opens a generic class ("Black-Box Large Language
    Models", "Fine-Tuning Small Language Models"), not a model's size ("BERT Large")."""
    if not (doc[i].is_title and doc[i].is_alpha) or i + 1 >= len(doc) or not doc[i + 1].is_alpha:
        return False
    return is_generic(doc[i + 1 : i + 3].text)


def _shape_spans(doc: Doc, sent: Span, in_title: bool, words: tuple[list, list]) -> list[Span]:
    texts, lowers = words
    out = []
    i = sent.start
    while i < sent.end:
        if not is_name_shaped(texts[i]) or lowers[i] in GENERIC_ACRONYMS:
            i += 1
            continue
        start, end = i, i + 1
        while end < sent.end and (
            is_name_shaped(doc[end].text) or _CONTINUATION.match(doc[end].text)
        ):
            generic = doc[end].lower_ in GENERIC_ACRONYMS
            if (generic and not _CONTINUATION.match(doc[end].text)) or _opens_class(doc, end):
                break  # "CoTemp QA" goes on; "DeepSeek LLM" ends before the class
            end += 1
        if not in_title:
            while (
                start - 1 > sent.start
                and _is_title_word(doc[start - 1])
                and doc[start - 1].lower_ not in _STOP
            ):
                start -= 1
            while end < sent.end and _is_title_word(doc[end]) and doc[end].lower_ not in _STOP:
                if doc[end].lower_ in TYPE_CUES:
                    break
                end += 1
        span = doc[start:end]
        if not is_generic(span.text):
            out.append(Span(doc, start, end, label=_type_hint(doc, start, end)))
            version = _version_end(doc, sent, end)  # "NVIDIA Nemotron 3 Super"
            if version > end:
                out.append(Span(doc, start, version, label=_type_hint(doc, start, version)))
        i = end
    return out


def _titlecase_spans(doc: Doc, sent: Span, words: tuple[list, list]) -> list[Span]:
    texts, lowers = words
    out = []
    i = sent.start + 1  # a sentence's first word is capitalised anyway
    while i < sent.end:
        if not _is_title_text(texts[i]) or lowers[i] in _STOP:
            i += 1
            continue
        start, end = i, i + 1
        while end < sent.end:
            if _is_title_word(doc[end]) and doc[end].lower_ not in TYPE_CUES:
                end += 1
            elif (
                doc[end].lower_ in _CONNECT and end + 1 < sent.end and _is_title_word(doc[end + 1])
            ):
                end += 2
            else:
                break
        hint = _type_hint(doc, start, end)
        if not is_generic(doc[start:end].text):
            out.append(Span(doc, start, end, label=hint))
        # a version number goes on with the name: "Claude Opus 4.7", "Nemotron 3 Super"
        # (not "Table 3", "Section 4.2")
        version = _version_end(doc, sent, end)
        if version > end:
            out.append(Span(doc, start, version, label=_type_hint(doc, start, version)))
        i = end
    return out


_VERSION = re.compile(rf"^(?:{_VERSION_NUMBER})[a-z]?$")  # "4.7", "4o"
_REFERENCE = frozenset(
    """table tables figure fig section appendix theorem lemma corollary proposition definition
    equation eq example algorithm stage phase step level round part chapter type class task
    experiment experiments setting case day year question rq track group season grade""".split()
)


def _version_end(doc: Doc, sent: Span, end: int) -> int:
    """Where a name ending at ``end`` ends with its version number and the words after it
    ("Claude Opus 4.7", "Nemotron 3 Super"), or ``end`` when no version follows."""
    if end >= sent.end or not _VERSION.match(doc[end].text) or doc[end - 1].lower_ in _REFERENCE:
        return end
    stop = end + 1
    while stop < sent.end and (
        _CONTINUATION.match(doc[stop].text)
        or (_is_title_word(doc[stop]) and doc[stop].lower_ not in _STOP | TYPE_CUES.keys())
    ):
        stop += 1
    return stop


@lru_cache(maxsize=1)
def _term_firsts() -> frozenset[str]:
    """The first words of the corpus terms: where a term may start."""
    return frozenset(term.split()[0] for term in corpus_terms())


def _term_spans(doc: Doc, sent: Span, lowers: list[str]) -> list[Span]:
    """Established multi-word terms of the unlabelled corpus that end in a technical noun
    (``lowers``: the doc's words in lower case, :func:`token_strings`)."""
    terms = corpus_terms()
    firsts = _term_firsts()
    out = []
    words = lowers[sent.start : sent.end]
    for i in range(len(words)):
        if words[i] not in firsts:
            continue
        for n in (4, 3, 2):
            if i + n > len(words):
                continue
            gram = " ".join(words[i : i + n])
            last = words[i + n - 1]
            if gram in terms and _TECHNICAL.search(last) and last not in _STOP:
                out.append(Span(doc, sent.start + i, sent.start + i + n))
                break
    return out


_TECHNICAL = re.compile(r"(?:tion|sion|ing|ment|ity|cy|sis|ance|ence|ure|ism|ics|ogy|ner|ers?)$")


def head_label(low: str) -> str:
    """The type a head noun ends a phrase of (plural heads too: ``computations``), or ""."""
    forms = (low, low[:-1]) if low.endswith("s") and not low.endswith("ss") else (low,)
    for form in forms:
        if form in METHOD_HEADS:
            return "Method"
        if form in TASK_HEADS:
            return "Task"
        if form in METRIC_HEADS:
            return "Metric"
    return ""


def _hyphen_compound(doc: Doc, end: int, floor: int) -> int:
    """The start of a hyphenated modifier ``X-based``/``X-level``/``X-aware`` that the
    tokenizer split into three tokens ending at ``end``, or -1."""
    start = end - 3
    if start < floor:
        return -1
    first, hyphen, second = doc[start], doc[start + 1], doc[start + 2]
    glued = first.whitespace_ == "" and hyphen.whitespace_ == ""
    if hyphen.text != "-" or not glued or not (first.is_alpha and second.is_alpha):
        return -1
    return start


_GLUED = re.compile(r"^[A-Za-z]+(?:-[A-Za-z]+)+$")
_ARTICLES = frozenset({"a", "an", "the"})
_DIMENSION = re.compile(r"^[1-4]D$")  # "3D", a modifier of what a phrase names


def _opens_compound(doc: Doc, i: int) -> bool:
    """Token ``i`` is the first part of a hyphenated modifier the tokenizer split:
    "transformer" in "transformer-based", "reasoning" in "reasoning-oriented"."""
    return (
        i + 2 < len(doc)
        and doc[i].whitespace_ == ""
        and doc[i + 1].text == "-"
        and doc[i + 1].whitespace_ == ""
        and doc[i + 2].is_alpha
    )


#: Word-forming prefixes and modifiers that open a hyphenated word without naming what
#: a task acts on: "next-generation", "self-verification", "long-reasoning".
_BOUND_PREFIXES = frozenset(
    """self next pseudo post multi cross meta auto mini over under semi anti inter intra
    super hyper long short dual safe first current best open fine full half""".split()
)


def _object_compound(low: str) -> bool:
    """A hyphenated task word whose first part is the thing the task acts on
    ("question-answering", "code-generation", "image-captioning"), not a prefix ("re-ranking",
    "non-reasoning", "self-verification") nor another head ("training-inference").

    >>> [_object_compound(w) for w in ("question-answering", "next-generation", "re-ranking")]
    [True, False, False]
    """
    first = low.split("-", 1)[0]
    return (
        len(first) >= 4
        and first not in _BOUND_PREFIXES
        and not head_label(first)
        and not is_verb(first)
        and low.count("-") == 1
    )


def _phrase_spans(doc: Doc, sent: Span, in_title: bool, words: tuple[list, list]) -> list[Span]:
    """Phrases that end in a technique, task or measure head (``words``: the doc's
    words as written and in lower case, :func:`token_strings`)."""
    texts, lowers = words
    out = []
    artefacts = {  # known datasets, benchmarks and models
        i
        for span in doc.spans.get("kg_vocab", [])
        if span.label_ in {"Dataset", "Benchmark", "Model"}
        for i in range(span.start, span.end)
    }
    for i in range(sent.start, sent.end):
        lower = lowers[i]
        label = head_label(lower)
        # a head glued to a modifier is one word, and names a technique alone
        # ("co-training", "self-supervision", "re-materialization")
        glued = not label and _GLUED.match(texts[i]) is not None
        if glued:
            label = head_label(lower.rsplit("-", 1)[1])
            if label == "Task" and _object_compound(lower):
                glued = False  # "question-answering": a task of its own, like "question answering"
            elif label != "Method":
                continue  # "test-time", "real-time": a modifier, not a metric
        if not label:
            continue
        tok = doc[i]
        if not in_title and not tok.is_lower:
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in _ARTICLES:
            continue  # "Humor plays a role", "this costs the model": a verb, not a head
        start = tok.i
        starts = [start]  # where a phrase may begin: the head and each modifier
        while start - 1 >= sent.start and len(starts) < 4:
            # "preemption-based scheduling", "iteration-level batching"
            compound = _hyphen_compound(doc, start, sent.start)
            if compound >= 0 and (in_title or doc[compound].is_lower):
                start = compound
                starts.append(start)
                continue
            prev = doc[start - 1]
            if _DIMENSION.match(prev.text):  # "3D object detection", "2D GUI manipulation"
                start -= 1
                starts.append(start)
                continue
            if prev.lower_ in _STOP or not (prev.is_alpha or "-" in prev.text):
                break
            if prev.text[:1].isdigit():  # "1.1-2.1x expert forward throughput"
                break
            # an acronym may qualify a task or metric ("LLM serving", "GPU hours")
            acronym = label != "Method" and prev.is_upper and prev.is_alpha and len(prev) <= 5
            if acronym and prev.i in artefacts:
                break  # "COCO object detection": the dataset, then the task
            if not in_title and not prev.is_lower and not acronym:
                # an eponym ends the phrase: "Thompson sampling", "Monte Carlo sampling",
                # "Sharpe ratio"
                while (
                    start - 1 >= sent.start
                    and len(starts) < 4
                    and _is_title_word(doc[start - 1])
                    and doc[start - 1].lower_ not in _STOP
                    and not is_verb(doc[start - 1].lower_)
                ):
                    start -= 1
                    starts.append(start)
                break
            if prev.text.startswith("-") or prev.text.endswith("-") or is_verb(prev.lower_):
                break
            if prev.lower_.endswith("ly"):
                break
            start -= 1
            starts.append(start)
        if not in_title and _opens_compound(doc, tok.i):
            # "massive transformer-based models": the modifiers qualify the compound, not
            # the head, unless they make an established term with it ("transfer
            # learning-based"); a capitalised name stays ("Neural Radiance Field-based"), as do
            # the title's capitalised words
            terms = corpus_terms()
            starts = [
                k
                for k in starts
                if k == tok.i
                or any(not t.is_lower and not t.is_sent_start for t in doc[k : tok.i])
                or doc[k : tok.i + 1].text.lower() in terms
            ]
        if label == "Method":
            # every phrase of two words or more ("unstable adversarial training" and
            # "adversarial training"): spancat picks the one that names the technique
            for k in starts if glued else starts[1:]:
                if not is_generic(doc[k : tok.i + 1].text):
                    out.append(Span(doc, k, tok.i + 1, label=label))
            continue
        # a task or metric phrase: every suffix down to the bare head is a candidate
        # (``efficient code generation``, ``code generation``, ``generation``); spancat
        # picks, and the rule's evidence marks the suffixes that are established terms
        for k in starts:
            if not is_generic(doc[k : tok.i + 1].text):
                out.append(Span(doc, k, tok.i + 1, label=label))
    return out


# words that open a title's head without naming anything: "Beyond Accuracy: ...",
# "From Uniform to Heterogeneous: ...", "Mind the Gap: ..."
_TITLE_OPENERS = frozenset(
    """from beyond towards toward when why how what which is are do does can should not no
    one on in to into mind let let's rethinking revisiting""".split()
)
_TITLE_PRONOUNS = frozenset(
    "i you we it they your our my their its this these that is are less more only all vs but not than".split()
)
_HEAD_CONNECT = {"of", "as", "a", "an", "in", "for", "-"}
# verbs that end a title's head when it is a claim, not a name: "Tokenization Matters:
# ...", "LLM Library Learning Fails: ...", "Sightation Counts: ..."
_TITLE_VERBS = frozenset(
    """matter matters count counts fail fails help helps work works win wins hurt hurts
    suffice suffices lie lies think thinks learn learns see sees know knows""".split()
)


def _title_head_span(doc: Doc, tend: int) -> Span | None:
    """``Flag Aggregator: ...``, ``Mixture of Thoughts: ...``, ``Lumine: ...``: the one to
    four capitalised words before the title's colon, where a paper names what it
    introduces; not a head that opens with a preposition, a question or a gerund."""
    colon = next((t.i for t in doc[:tend] if t.text == ":"), -1)
    start = 1 if colon > 1 and doc[0].lower_ in {"the", "a", "an"} else 0
    if not 1 <= colon - start <= 4:
        return None
    first = doc[start]
    if first.lower_ in _TITLE_OPENERS or first.lower_.endswith("ing"):
        return None
    if colon - start > 1 and doc[colon - 1].lower_ in _TITLE_VERBS:
        return None
    for k, tok in enumerate(doc[start:colon]):
        inner = 0 < k < colon - start - 1
        if tok.lower_ in _TITLE_PRONOUNS:  # "Validate Your Authority", "Less is More"
            return None
        if tok.lower_ in {"and", "&"}:  # "FortisAVQA and MAVEN: ...": two names, or a slogan
            return None
        if not (
            tok.text[:1].isupper()
            or is_name_shaped(tok.text)
            or _CONTINUATION.match(tok.text)
            or (inner and tok.lower_ in _HEAD_CONNECT)
        ):
            return None
    span = Span(doc, start, colon, label=_type_hint(doc, start, colon))
    return None if is_generic(span.text) else span


_YEAR = re.compile(r"^(?:19|20)\d\d[a-z]?$")


def _cites_author(doc: Doc, span: Span) -> bool:
    """``Smith et al.``, ``Malladi et al. (2023)``, ``Karp, Vazirani, and Vazirani (1990)``:
    a person, not an entity."""
    after = [t.lower_ for t in doc[span.end : span.end + 2]]
    if after[:1] == ["et"] or after[:2] == ["and", "colleagues"]:
        return True
    if len(span) > 2 or not all(t.is_title and t.is_alpha for t in span):
        return False
    # surnames joined by commas and "and", then the year in brackets
    for k in range(span.end, min(span.end + 8, len(doc) - 1)):
        tok = doc[k]
        if tok.text == "(":
            return bool(_YEAR.match(doc[k + 1].text))
        if not (tok.text == "," or tok.lower_ == "and" or (tok.is_title and tok.is_alpha)):
            return False
    return False


def _ends_in_participle(text: str) -> bool:
    """``Teacher Guided``, ``LiDAR-Guided``, ``RANSAC Revisited``, ``Post-Editing
    LLM-Generated``: a name does not end in a verb's past participle; the noun it
    qualifies comes after. A name with a digit may (``DeepSeek-R1-Distilled``).

    >>> _ends_in_participle("Face-Region Guided"), _ends_in_participle("Gemini-Pro")
    (True, False)
    """
    parts = re.split(r"[\s-]+", text)
    last = parts[-1]
    if len(parts) < 2 or len(last) < 5 or any(c.isdigit() for c in text):
        return False
    low = last.lower()
    if not (last.isalpha() and (last.islower() or last.istitle()) and low.endswith("ed")):
        return False
    stems = {low[:-2], low[:-1]}  # "augmented", "guided"
    if low.endswith("ied"):
        stems.add(low[:-3] + "y")  # "verified"
    if low[-3] == low[-4]:
        stems.add(low[:-3])  # "distilled"
    return any(is_verb(stem) for stem in stems)


def find_candidates(doc: Doc) -> list[Span]:
    """All candidate spans of ``doc`` (they may overlap), with ``_.kg_source`` set."""
    tend = title_end(doc)
    doc._.kg_title_end = tend
    spans: list[Span] = []
    if tend and (head := _title_head_span(doc, tend)) is not None:
        head._.kg_source = "titlecase"
        spans.append(head)
    texts, lowers = token_strings(doc), token_strings(doc, LOWER)
    for sent in doc.sents:
        in_title = sent.start < tend
        for span in _shape_spans(doc, sent, in_title, (texts, lowers)):
            span._.kg_source = "shape"
            spans.append(span)
        if not in_title:
            for span in _titlecase_spans(doc, sent, (texts, lowers)):
                span._.kg_source = "titlecase"
                spans.append(span)
        for span in _phrase_spans(doc, sent, in_title, (texts, lowers)):
            span._.kg_source = "phrase"
            spans.append(span)
        if not in_title:
            for span in _term_spans(doc, sent, lowers):
                if not is_generic(span.text):
                    span._.kg_source = "phrase"
                    spans.append(span)
    unique: dict[tuple[int, int], Span] = {}
    for span in spans:  # one span per offsets; a typed one wins
        if _cites_author(doc, span) or _ends_in_participle(span.text):
            continue
        seen = unique.get((span.start, span.end))
        if seen is None or (span.label_ and not seen.label_):
            unique[(span.start, span.end)] = span
    return sorted(unique.values(), key=lambda s: (s.start, -s.end))


@Language.component(
    "kg_candidates", assigns=["doc.spans", "span._.kg_source", "doc._.kg_title_end"]
)
def candidates_component(doc: Doc) -> Doc:
    """Write :func:`find_candidates` into ``doc.spans["kg_candidates"]``."""
    doc.spans["kg_candidates"] = find_candidates(doc)
    return doc
