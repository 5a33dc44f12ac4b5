"""Abbreviation detection (Schwartz & Hearst, PSB 2003) as a spaCy component.

Finds ``long form (SF)`` and ``SF (long form)`` pairs and stores them in
``Doc._.kg_abbreviations``: a list of ``(long_span, short_span)``. Matching
follows the paper: every alphanumeric character of the short form must occur
in order, right to left, in the long form, the first one at the start of a word,
and the long form has at most ``min(len(SF) + 5, 2 * len(SF))`` words.

>>> import spacy
>>> from kg.extract.pipeline import make_nlp
>>> nlp = make_nlp(components=["kg_abbreviations"])
>>> doc = nlp("We train with Group Relative Policy Optimization (GRPO) and LoRA.")
>>> [(lf.text, sf.text) for lf, sf in doc._.kg_abbreviations]
[('Group Relative Policy Optimization', 'GRPO')]
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = ["find_abbreviations", "match_long_form"]

# Stored as token offsets (spans cannot be copied or pickled with their doc);
# ``Doc._.kg_abbreviations`` rebuilds the ``(long_span, short_span)`` pairs.
if not Doc.has_extension("kg_abbreviation_offsets"):
    Doc.set_extension("kg_abbreviation_offsets", default=())
if not Doc.has_extension("kg_abbreviations"):
    Doc.set_extension(
        "kg_abbreviations",
        getter=lambda doc: [(doc[a:b], doc[c:d]) for a, b, c, d in doc._.kg_abbreviation_offsets],
    )

_MAX_SF_CHARS = 12
_CLOSERS = {")", "]"}
_OPENERS = {"(": ")", "[": "]"}
_CUT = {";", ",", ":", "="}


_QUANTITY = re.compile(r"^\d+(?:\.\d+)?[KMBT]$")
_NUMBER = re.compile(r"^[<>~±+-]?\d+(?:[.,]\d+)*%?$")  # "6.2%", "1,000"
_RANGE = re.compile(r"^\d+(?:[.,]\d+)*-\d+(?:[.,]\d+)*%?$")  # "1.18-1.22", "5-10"


def _is_short_form(text: str) -> bool:
    if not (2 <= len(text) <= _MAX_SF_CHARS) or len(text.split()) > 2:
        return False
    if not text[0].isalnum() or not any(c.isalpha() for c in text):
        return False
    words = text.split()
    if all(_QUANTITY.match(w) for w in words):
        return False  # "six backbone models (8B 70B)": sizes, not a short form
    if _NUMBER.match(words[0]) or any(w.endswith("%") or _RANGE.match(w) for w in words):
        # "the best TTS quality (6.2% WER)", "(HR 1.18-1.22)": a result; "SAM 2" stays
        return False
    # a short form has an upper-case letter or a digit somewhere past the start
    return any(c.isupper() for c in text) or any(c.isdigit() for c in text)


_SKIPPABLE = {"of", "for", "and", "the", "with", "to", "in", "on", "a", "an", "by", "via"}


def _initials_start(chars: list[str], words: list[str]) -> int | None:
    """Index of the first word when the short form's letters are the initials of the last
    words (hyphenated parts count as words, small function words may be skipped)."""
    if chars and chars[-1] == "s" and len(chars) > 2:
        chars = chars[:-1]  # "LLMs", "PRMs": the plural ending has no word
    parts = [
        (k, piece[0].lower(), piece.lower() in _SKIPPABLE)
        for k, word in enumerate(words)
        for piece in re.split(r"[-/]", word)
        if piece
    ]
    s, j = len(chars) - 1, len(parts) - 1
    while s >= 0 and j >= 0:
        _k, initial, skippable = parts[j]
        if initial == chars[s]:
            s -= 1
        elif not skippable:
            return None
        j -= 1
    return parts[j + 1][0] if s < 0 else None


def match_long_form(short: str, words: list[str]) -> int | None:
    """Index of the first word of the long form in ``words`` for ``short``, or None.

    Word initials first (``PPO`` is "Proximal Policy Optimisation", not the "Policy
    Optimisation" whose ``o`` in "-tion" the character walk of Schwartz-Hearst finds
    first), then Schwartz-Hearst's character walk.

    >>> match_long_form("GRPO", "with Group Relative Policy Optimization".split())
    1
    >>> match_long_form("MoE", "a Mixture-of-Experts".split())
    1
    >>> match_long_form("PPO", "with Proximal Policy Optimisation".split())
    1

    A digit the long form does not spell is read as a word ("M2S" is
    "Multi-turn-to-Single-turn"):

    >>> match_long_form("M2S", "called Multi-turn-to-Single-turn".split())
    1
    """
    start = _match_chars([c.lower() for c in short if c.isalnum()], short, words)
    letters = [c.lower() for c in short if c.isalpha()]
    if start is None and len(letters) >= 2 and any(c.isdigit() for c in short):
        start = _match_chars(letters, short, words)
    return start


def _match_chars(chars: list[str], short: str, words: list[str]) -> int | None:
    """:func:`match_long_form` for the characters ``chars`` of ``short``."""
    if short.isalpha() and (start := _initials_start(chars, words)) is not None:
        return start
    text = " ".join(words)
    low = text.lower()
    s = len(chars) - 1
    i = len(low) - 1
    while s >= 0:
        c = chars[s]
        # the first short-form character must start a word of the long form
        while i >= 0 and (low[i] != c or (s == 0 and i > 0 and low[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start_char = i + 1
    # the word that holds start_char
    pos = 0
    for k, w in enumerate(words):
        if pos <= start_char < pos + len(w) + 1:
            return k
        pos += len(w) + 1
    return None


def _spelled_out(short: str, words: list[str]) -> bool:
    """``AURA (Agent aUtonomy Risk Assessment)``, ``SCALER (Synthetic sCalable Adaptive
    Learning Environment ...)``: after a short form, a bracket whose first word opens with
    its first letter and whose text holds the rest in order spells it out (the character
    walk, which takes the nearest letters, starts such a long form a word too late).

    >>> _spelled_out("AURA", "Agent aUtonomy Risk Assessment".split())
    True
    >>> _spelled_out("BERT", "Devlin et al. 2019".split())
    False
    """
    chars = [c.lower() for c in short if c.isalpha()]
    if len(chars) < 2 or any(c.isdigit() for c in short) or chars[0] != words[0][:1].lower():
        return False
    rest = iter(" ".join(words)[1:].lower())
    return all(c in rest for c in chars[1:])


# lower-case words that open a clause or a phrase, never a long form (a capitalised "The
# Cancer Genome Atlas (TCGA)" does spell its short form)
_FUNCTION_WORDS = frozenset(
    """a an the and or but also at in on of to for by with as such than from their our its
    his her we they it this that these those which is are was were be""".split()
)


def _long_form(doc: Doc, end: int, short: str) -> Span | None:
    """The long form ending right before token ``end`` (exclusive) for ``short``."""
    n_chars = sum(c.isalnum() for c in short)
    max_words = min(n_chars + 5, 2 * n_chars)
    sent_start = doc[end - 1].sent.start if doc.has_annotation("SENT_START") else 0
    start = max(sent_start, end - max_words)
    tokens = [t for t in doc[start:end]]
    # do not cross punctuation that ends a phrase
    for k in range(len(tokens) - 1, -1, -1):
        if tokens[k].text in _CUT or tokens[k].text in _OPENERS or tokens[k].text in _CLOSERS:
            tokens = tokens[k + 1 :]
            break
    if not tokens:
        return None
    words = [t.text for t in tokens]
    k = match_long_form(short, words)
    if k is None:
        return None
    last = end
    while last > tokens[k].i and doc[last - 1].is_space:
        last -= 1  # "natural language processing\n(NLP)": the line break is not in it
    span = doc[tokens[k].i : last]
    if len(span) < 1 or span.text.lower() == short.lower() or len(span.text) <= len(short):
        return None
    if span[0].text in _FUNCTION_WORDS:
        # "the average F1-score improvement of 3.8% ... eliminated (TACRED-EN)", "in
        # standard metrics (IS)": letters picked from a clause, not a spelled-out name
        return None
    return span


_TITLE_BREAK = {"for", "with", "via", "using", "from", "in", "on", "through", "to", "towards", "by"}


def _title_pair(doc: Doc) -> tuple[Span, Span] | None:
    """``AdaDPO: Self-Adaptive Direct Preference Optimization with ...``: a title whose
    head is a short form that the subtitle opens by spelling out (after an article, before
    a preposition), the long form's last word starting with the short form's last capital
    (or being its last part: "PG-SAM: Prior-Guided SAM"); the longest such long form.

    >>> from kg.extract.pipeline import make_nlp
    >>> nlp = make_nlp(components=["kg_abbreviations"])
    >>> doc = nlp("GHI: Graphormer over Hypergraph Incidence for Sentiment. We propose GHI.")
    >>> [(lf.text, sf.text) for lf, sf in doc._.kg_abbreviations]
    [('Graphormer over Hypergraph Incidence', 'GHI')]
    """
    if len(doc) < 4 or doc[1].text != ":" or not _is_short_form(doc[0].text):
        return None
    short = doc[0].text
    chars = [c for c in short if c.isalnum()]
    if len(chars) > 2 and chars[-1] == "s" and chars[-2].isupper():
        chars = chars[:-1]  # "PRMs"
    start = 3 if doc[2].lower_ in {"a", "an", "the"} else 2
    limit = min(doc[0].sent.end, start + min(len(chars) + 5, 2 * len(chars)))
    found = None
    for end in range(start + 1, limit + 1):
        last = doc[end - 1]
        if last.is_punct or last.is_space or last.lower_ in _TITLE_BREAK:
            break
        initial = chars[-1].isupper() and last.text[:1] == chars[-1]
        part = short.lower().endswith("-" + last.lower_)
        if (initial or part) and match_long_form(short, [t.text for t in doc[start:end]]) == 0:
            found = doc[start:end], doc[0:1]  # the longest: "Heterogeneous Domain Expert Ensemble"
    return found


def find_abbreviations(doc: Doc) -> list[tuple[Span, Span]]:
    """All ``(long_form, short_form)`` pairs of ``doc``, in text order."""
    pairs: list[tuple[Span, Span]] = [pair] if (pair := _title_pair(doc)) else []
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        closer = _OPENERS.get(tok.text)
        if closer is None:
            i += 1
            continue
        j = i + 1
        while j < n and j - i <= 12 and doc[j].text != closer and doc[j].text not in _CUT:
            if doc[j].text in _OPENERS:  # "(Legal Judge. Large models (LLMs)": left open
                break
            j += 1
        # the bracket must close, or a cut ("(GRPO; Shao et al.") follow, within reach;
        # one left open defines nothing and must not pair text of the next sentence
        if j >= n or j == i + 1 or (doc[j].text != closer and doc[j].text not in _CUT):
            i += 1
            continue
        inner = doc[i + 1 : j]
        if _is_short_form(inner.text) and i > 0:
            lf = _long_form(doc, i, inner.text)
            if lf is not None:
                pairs.append((lf, inner))
        elif len(inner) >= 2 and i > 0 and _is_short_form(doc[i - 1].text):
            # "SF (long form)": the long form must match the short form as a whole
            words = [t.text for t in inner]
            short = doc[i - 1].text
            if match_long_form(short, words) == 0 or _spelled_out(short, words):
                pairs.append((inner, doc[i - 1 : i]))
        i = j if j > i else i + 1
    return pairs


@Language.component("kg_abbreviations", assigns=["doc._.kg_abbreviation_offsets"])
def abbreviations_component(doc: Doc) -> Doc:
    """Store the doc's ``(long_form, short_form)`` pairs, read as ``doc._.kg_abbreviations``."""
    doc._.kg_abbreviation_offsets = tuple(
        (lf.start, lf.end, sf.start, sf.end) for lf, sf in find_abbreviations(doc)
    )
    return doc
