"""The curated vocabulary of well-known ML entities and its spaCy matcher.

``data/vocabulary.jsonl`` holds one entry a line: ``name`` (canonical),
``type``, ``aliases``, ``source`` (where it comes from) and optional
``ambiguous``. The ``kg_vocabulary`` component matches every name and alias:
case-insensitively, except for names that are all capitals and have no
digit (``MATH``, ``ARC``, ``SIMPLER``; but ``GSM8k`` is GSM8K) or are marked ambiguous, which
must match exactly. Matches go to
``doc.spans["kg_vocab"]`` labelled with the type; ``Span._.kg_canonical`` is the
canonical name (the entry's, or the alias itself where it adds a size or version:
``Vicuna-13B``). The component saves and loads its entries with the pipeline.

>>> from kg.extract.pipeline import make_nlp
>>> nlp = make_nlp(components=["kg_vocabulary"])
>>> doc = nlp("We fine-tune with Low-Rank Adaptation on GSM8K.")
>>> [(s.text, s.label_, s._.kg_canonical) for s in doc.spans["kg_vocab"]]
[('Low-Rank Adaptation', 'Method', 'LoRA'), ('GSM8K', 'Benchmark', 'GSM8K')]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract.lexicon import GRADING, TASK_HEADS, is_verb
from kg.model import ENTITY_TYPES, match_key

__all__ = [
    "DEFAULT_VOCABULARY",
    "VocabEntry",
    "VocabularyMatcher",
    "canonical_name",
    "load_vocabulary",
]

DEFAULT_VOCABULARY = Path(__file__).parent / "data" / "vocabulary.jsonl"

if not Span.has_extension("kg_canonical"):
    Span.set_extension("kg_canonical", default=None)


@dataclass
class VocabEntry:
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    source: str = ""
    ambiguous: bool = False

    @property
    def forms(self) -> list[str]:
        return [self.name, *self.aliases]


# what a size or version adds to a name: "-7B", "-13B-Instruct", "-1K", "-v0.3"
_SIZED = re.compile(r"\d[bmkt]|^v\d")


def canonical_name(entry: VocabEntry, surface: str) -> str:
    """The name ``surface`` stands for: the entry's, unless it adds a size or version to
    it, which stays in the name by the guidelines (Vicuna-13B is not Vicuna).

    >>> vicuna = VocabEntry("Vicuna", "Model", ["Vicuna-7B", "Vicuna-13B"])
    >>> canonical_name(vicuna, "vicuna"), canonical_name(vicuna, "Vicuna-13B")
    ('Vicuna', 'Vicuna-13B')
    >>> canonical_name(VocabEntry("GSM8K", "Benchmark", ["GSM-8K"]), "GSM-8K")
    'GSM8K'
    """
    own, key = match_key(entry.name), match_key(surface)
    if key != own and key.startswith(own) and _SIZED.search(key[len(own) :]):
        return surface
    return entry.name


def _entries(lines: Iterable[dict]) -> list[VocabEntry]:
    out = []
    for row in lines:
        if row.get("type") not in ENTITY_TYPES:
            continue
        out.append(
            VocabEntry(
                name=row["name"],
                type=row["type"],
                aliases=list(row.get("aliases", [])),
                source=row.get("source", ""),
                ambiguous=bool(row.get("ambiguous", False)),
            )
        )
    return out


@cache
def load_vocabulary(path: str | Path = DEFAULT_VOCABULARY) -> tuple[VocabEntry, ...]:
    """The entries of a vocabulary file (cached per path)."""
    path = Path(path)
    if not path.exists():
        return ()
    with path.open(encoding="utf-8") as fh:
        return tuple(_entries(json.loads(line) for line in fh if line.strip()))


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", text.lower()) if len(w) > 2}


def _case_sensitive(form: str, entry: VocabEntry) -> bool:
    """All-capital names (``MATH``, ``ARC``, ``SIMPLER``: English words in lower case) match
    exactly; with a digit (``GSM8K``) not. So does a capitalised name that is a verb in lower
    case ("MoE++ beats MoE" is no ``BEATs``; "rotate" is no ``RotatE``)."""
    letters = [c for c in form if c.isalpha()]
    if entry.ambiguous or (form != form.lower() and is_verb(form.lower())):
        return True
    return all(c.isupper() for c in letters) and not any(c.isdigit() for c in form)


# an acronym that takes a plural "s": "WER", "FID", "MoE", "DiT" (not "TTS", "T5", "Adam")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]*[A-RT-Z]$")
# endings of a modifier that describes rather than names a kind ("progressive", "standard"),
# and verbs that the verb lexicon leaves out because they also modify ("use case")
_DESCRIBING = re.compile(r"(?:ive|ous|al|ic|ed|ing|ful|less|able|ard)$")
_USE_VERBS = frozenset("use uses study studies".split())


def _head_of_another(span: Span, matcher: VocabularyMatcher) -> bool:
    """``Distillation`` in "Dataset Distillation" or "LLM Distillation", ``kappa`` in
    "Fleiss' kappa": the one-word short alias of a longer name ("distillation" for
    knowledge distillation) heading a compound of another noun names another kind."""
    entry = matcher.lookup(span.text)
    if entry is None or len(span) != 1 or span.start == 0 or " " not in entry.name:
        return False
    if match_key(entry.name.split()[-1]) != match_key(span.text):
        return False  # not the name's head: "KD", "MoE"
    prev = span.doc[span.start - 1]
    low = prev.lower_
    if not prev.text.replace("-", "").isalnum() or prev.is_stop or low in _USE_VERBS | GRADING:
        return False  # "the best diarization", "we use distillation"
    return not is_verb(low) and not _DESCRIBING.search(low)


def _qualifies_another(span: Span, matcher: VocabularyMatcher) -> bool:
    """``text-to-image`` in "text-to-image person re-identification": a task's alias made
    of the first words of its name ("text-to-image generation") that qualifies another
    task, named by a task noun within the next two words, names that one."""
    entry = matcher.lookup(span.text)
    if entry is None or entry.type != "Task":
        return False
    name, words = entry.name.lower().split(), span.text.lower().split()
    if len(words) >= len(name) or name[: len(words)] != words:
        return False
    for tok in span.doc[span.end : span.end + 2]:
        if not tok.is_lower or not tok.text.replace("-", "").isalpha():
            return False
        head = tok.lower_.rsplit("-", 1)[-1]  # "re-identification"
        if head == name[len(words)]:
            return False  # its own head: "text-to-image image generation"
        if head in TASK_HEADS:
            return True
    return False


class VocabularyMatcher:
    """Matches vocabulary names and aliases; keeps the longest match where they overlap."""

    def __init__(self, nlp: Language, name: str = "kg_vocabulary", *, path: str | None = None):
        self.nlp = nlp
        self.name = name
        self.entries: list[VocabEntry] = list(load_vocabulary(path or DEFAULT_VOCABULARY))
        self._build()

    def _build(self) -> None:
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.by_key: dict[str, VocabEntry] = {}
        exact: dict[str, list[Doc]] = {}
        lower: dict[str, list[Doc]] = {}
        for idx, entry in enumerate(self.entries):
            label = str(idx)
            for form in entry.forms:
                self.by_key.setdefault(match_key(form), entry)
                bucket = exact if _case_sensitive(form, entry) else lower
                bucket.setdefault(label, []).append(self.nlp.make_doc(form))
                if bucket is exact and form.islower() and form[:1].isalpha():
                    # "with Precision and Recall collapsing": a capital names the term
                    exact[label].append(self.nlp.make_doc(form[:1].upper() + form[1:]))
                if form == entry.name and _ACRONYM.match(form):
                    # "oracle WERs", "lower FIDs": an acronym's plural is the entry (the
                    # name's only: "FFNs" after "Feed-Forward Network (FFN)" is no MLP)
                    self.by_key.setdefault(match_key(form + "s"), entry)
                    exact.setdefault(label, []).append(self.nlp.make_doc(form + "s"))
        for label, docs in exact.items():
            self.exact.add(label, docs)
        for label, docs in lower.items():
            self.lower.add(label, docs)

    def lookup(self, name: str) -> VocabEntry | None:
        """The entry whose name or alias has the same :func:`kg.model.match_key` as ``name``."""
        return self.by_key.get(match_key(name))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(doc):
                entry = self.entries[int(self.nlp.vocab.strings[match_id])]
                span = Span(doc, start, end, label=entry.type)
                span._.kg_canonical = canonical_name(entry, span.text)
                spans.append(span)
        redefined = self._redefined(doc)
        kept = filter_spans(
            [
                s
                for s in spans
                if s.text not in redefined
                and s.text.removesuffix("s") not in redefined  # "ASRs" after "(ASR)"
                and not _head_of_another(s, self)
                and not _qualifies_another(s, self)
            ]
        )
        doc.spans["kg_vocab"] = sorted(kept, key=lambda s: s.start)
        return doc

    def _redefined(self, doc: Doc) -> set[str]:
        """Short forms the text defines as something else: "Entropic Annealing (EA)" is not
        the vocabulary's EA (evolutionary algorithm), so "EA" does not match it here. A long
        form sharing a word with the entry ("Proximal Policy Optimisation (PPO)") keeps it."""
        out = set()
        for lf, sf in doc._.kg_abbreviations or []:
            entry = self.lookup(sf.text)
            if entry is None or self.lookup(lf.text) is entry:
                continue
            words = {w for form in entry.forms for w in _words(form)}
            if not words & _words(lf.text):
                out.add(sf.text)
        return out

    # --- serialisation: the entries travel with the pipeline -------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / "vocabulary.jsonl", [asdict(e) for e in self.entries])

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> VocabularyMatcher:
        self.entries = _entries(srsly.read_jsonl(Path(path) / "vocabulary.jsonl"))
        self._build()
        return self


@Language.factory(
    "kg_vocabulary",
    assigns=["doc.spans", "span._.kg_canonical"],
    default_config={"path": None},
)
def make_vocabulary_matcher(nlp: Language, name: str, *, path: str | None) -> VocabularyMatcher:
    """Factory of :class:`VocabularyMatcher`; ``path`` defaults to the shipped vocabulary."""
    return VocabularyMatcher(nlp, name, path=path)
