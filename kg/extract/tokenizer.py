"""A tokenizer that keeps ML names whole.

spaCy's English tokenizer splits on hyphens between letters and on a period
between a lower- and an upper-case letter, which cuts ``Qwen2.5-Math-7B``,
``T^2-GRPO``, ``Llama-3.1-8B-Instruct`` and ``Dr.LLM`` apart. This one drops
those two infix rules (hyphenated words of any kind stay whole, so
``chain-of-thought`` is one token too) and the emoticons with a bracket (``):``
would glue a closing bracket to a colon), splits a period glued between two
sentences ("tasks.To") and a dash glued between words ("costs--often", "AgentRxiv-a
framework"), and keeps everything else of spaCy's English rules. It is registered as ``kg.Tokenizer.v1``.

>>> import spacy
>>> nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "kg.Tokenizer.v1"}}})
>>> [t.text for t in nlp("Qwen2.5-Math-7B, G^2RPO, VideoGPT+ and Dr.LLM reach Pass@1.")]
['Qwen2.5-Math-7B', ',', 'G^2RPO', ',', 'VideoGPT+', 'and', 'Dr.LLM', 'reach', 'Pass@1', '.']
>>> [t.text for t in nlp("GRPO-based RL on GSM8K. See e.g. Dr. Smith et al.")]
['GRPO', '-', 'based', 'RL', 'on', 'GSM8K', '.', 'See', 'e.g.', 'Dr.', 'Smith', 'et', 'al', '.']
>>> [t.text for t in nlp("Remask, Refine (R3): Block Diffusion (Table 8)")]
['Remask', ',', 'Refine', '(', 'R3', ')', ':', 'Block', 'Diffusion', '(', 'Table', '8', ')']
>>> [t.text for t in nlp("It fails on tasks.To fix this, Dr.LLM uses node.js.")]
['It', 'fails', 'on', 'tasks', '.', 'To', 'fix', 'this', ',', 'Dr.LLM', 'uses', 'node.js', '.']
>>> [t.text for t in nlp("three operations--Correlate and Infer—with Actor–Critic")]
['three', 'operations', '--', 'Correlate', 'and', 'Infer', '—', 'with', 'Actor–Critic']
>>> [t.text for t in nlp("We introduce AgentRxiv-a framework for Chain-of-Thought-a")]
['We', 'introduce', 'AgentRxiv', '-', 'a', 'framework', 'for', 'Chain-of-Thought', '-', 'a']
"""

from __future__ import annotations

import re
from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex

__all__ = ["create_tokenizer", "make_tokenizer"]

# Strings an infix rule must not split: such rules are dropped.
_KEEP_WHOLE = ("x-y", "3.1-8B", "a.B", "T^2")


def _keeps_names(pattern: str) -> bool:
    return not any(re.search(pattern, s) for s in _KEEP_WHOLE)


def make_tokenizer(nlp: Language) -> Tokenizer:
    """Build the tokenizer for ``nlp`` from its language defaults minus the dropped infixes.

    A hyphen before a suffix of use (``-based``, ``-style``, ``-guided``, ...) still
    splits, so ``GRPO-based`` yields the token ``GRPO``.
    """
    from kg.extract.lexicon import SPLIT_SUFFIXES

    defaults = nlp.Defaults
    uses = "|".join(re.escape(s) for s in SPLIT_SUFFIXES)
    infixes = [p for p in defaults.infixes if _keeps_names(p)]
    infixes.append(rf"-(?=(?:{uses})\b)")
    # a sentence whose space went missing ("across tasks.To address this"); not a name
    # with a period inside ("Dr.LLM", "node.js")
    infixes.append(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])")
    # a dash, never inside a name: "costs--often", "operations---Correlate", "X—Y"
    infixes.append(r"-{2,}|—")
    # a hyphen typed for a dash before an article: "AgentRxiv-a framework", "SeaExam-a
    # multilingual benchmark" (177 of the 46,670 arXiv abstracts)
    infixes.append(r"(?<=[A-Za-z0-9]{3})-(?=(?:a|an|the)$)")
    # unit suffixes would cut GSM8K into GSM8 + K; a final period always splits
    suffixes = [p for p in defaults.suffixes if "km" not in p] + [r"(?<=[\w+])\.$"]
    # emoticons with a bracket ("):", "8)") glue a closing bracket to what follows it:
    # "Refine (R3): Block Diffusion", "(Table 8)"
    rules = {k: v for k, v in defaults.tokenizer_exceptions.items() if not set(k) & set("()[]")}
    tokenizer = Tokenizer(
        nlp.vocab,
        rules=rules,
        prefix_search=spacy.util.compile_prefix_regex(defaults.prefixes).search,
        suffix_search=spacy.util.compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )
    return tokenizer


@spacy.registry.tokenizers("kg.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered factory: ``[nlp.tokenizer] @tokenizers = "kg.Tokenizer.v1"``."""
    return make_tokenizer
