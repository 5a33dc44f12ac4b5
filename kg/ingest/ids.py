"""Paper identity: arXiv ids, normalised titles, and the stable ``Paper.id``.

A paper's id is its arXiv id (version stripped) when one is known, else ``t-``
and the first 16 hex digits of the SHA-1 of its normalised title. Two records
are the same paper when their normalised titles are equal (or their arXiv ids).

>>> normalise_title("  Ünïcode   Names: Dr.LLM & G^2RPO! ")
'ünïcode names dr llm g 2rpo'
>>> parse_arxiv_id("https://arxiv.org/abs/2501.12345v2")
'2501.12345'
>>> parse_arxiv_id("arXiv:cs/0501001v1")
'cs/0501001'
>>> parse_arxiv_id("t-0123456789abcdef") is None
True
>>> paper_id("GRPO at scale", "2501.00001v3")
'2501.00001'
>>> paper_id("GRPO at scale") == paper_id("grpo  AT scale!")
True
>>> paper_id("GRPO at scale")
't-7fb9a4a50182c2f0'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["normalise_title", "paper_id", "parse_arxiv_id"]

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
# New-style ids (0704.0001 onwards: YYMM.NNNN or YYMM.NNNNN) and old-style (cs/0501001,
# math.GT/0309136), each with an optional version, alone or inside an arxiv.org URL.
_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}"
_BARE = re.compile(rf"(?:arxiv:)?\s*({_NEW_ID}|{_OLD_ID})(?:v\d+)?", re.IGNORECASE)
_IN_URL = re.compile(
    rf"arxiv\.org/(?:abs|pdf|html)/({_NEW_ID}|{_OLD_ID})(?:v\d+)?(?:\.pdf)?/?(?:[?#]\S*)?$",
    re.IGNORECASE,
)


def normalise_title(title: str) -> str:
    """The dedup key of a title: NFKC, casefolded, runs of non-alphanumerics as one space."""
    return _NON_ALNUM.sub(" ", unicodedata.normalize("NFKC", title).casefold()).strip()


def parse_arxiv_id(value: str | None) -> str | None:
    """The versionless arXiv id in ``value`` (an id, ``arXiv:`` id or arxiv.org URL), else None."""
    if not value:
        return None
    value = value.strip()
    match = _BARE.fullmatch(value) or _IN_URL.search(value)
    if match is None:
        return None
    found = match.group(1)
    # Old-style archive names are lower case ("cs", "math.GT" keeps its subject class).
    return found if "/" not in found else found[0].lower() + found[1:]


def paper_id(title: str, arxiv_id: str | None = None) -> str:
    """``arxiv_id`` without its version when it is one, else ``t-`` + 16 hex of the title's SHA-1."""
    known = parse_arxiv_id(arxiv_id)
    if known:
        return known
    digest = hashlib.sha1(normalise_title(title).encode("utf-8")).hexdigest()
    return f"t-{digest[:16]}"
