"""Text clean-up shared by the readers: whitespace, LaTeX markup, code URLs, ISO dates.

>>> clean_space("Attention\\n  is all\\tyou need "), clean_space("Ünï\\u00a0 code\\u2003x")
('Attention is all you need', 'Ünï code x')
>>> print(strip_latex_markup(r"we propose \\textbf{\\textit{OmniScore}}, see \\url{x.org}; $\\alpha$"))
we propose OmniScore, see x.org; $\\alpha$
>>> find_code_urls("Code: https://github.com/a/b. Data at hf.co/datasets/x/y, see arxiv.org/abs/1.")
['https://github.com/a/b', 'https://hf.co/datasets/x/y']
>>> find_code_urls("at https://github.com/N/repo{repo} and (https://gitlab.com/g/p).")
['https://github.com/N/repo', 'https://gitlab.com/g/p']
>>> iso_date("2025-03-04T12:00:00Z"), iso_date("March 2025")
('2025-03-04', None)
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["CODE_HOST", "clean_space", "find_code_urls", "iso_date", "strip_latex_markup"]

#: Hosts whose URLs are code, weights or data releases (matched against the URL's host).
CODE_HOST = re.compile(
    r"(?:^|\.)(?:github\.com|github\.io|gitlab\.com|gitlab\.[a-z.]+|huggingface\.co|hf\.co"
    r"|bitbucket\.org|codeberg\.org|gitee\.com|sourceforge\.net|4open\.science)$"
    r"|^hf-mirror\.",
    re.IGNORECASE,
)
_URL_CHARS = r"[^\s<>\"'{}|\\^`\[\]]"
# A URL, or a bare host name ending in .com/.io/.co ("github.com/a/b", "x.github.io/page"),
# matched only inside the whitespace-free tokens that hold a hint (plain substring tests are
# far faster than a regex scan of every abstract).
_URL = re.compile(
    rf"https?://{_URL_CHARS}+|(?<![\w./@:-])[\w.-]+\.(?:com|io|co)/{_URL_CHARS}*", re.IGNORECASE
)
_NON_SPACE = re.compile(r"\S*")
_TOKEN_HINTS = ("http", ".com/", ".io/", ".co/")
_TRAILING = ".,;:!?)'\"*"
_ASCII_SPACE_RUNS = ("\n", "  ", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def clean_space(text: str) -> str:
    """``text`` with every run of whitespace (newlines too) as one space, stripped."""
    if text.isascii() and not any(ws in text for ws in _ASCII_SPACE_RUNS):
        return text.strip()  # the common case, several times cheaper than split/join
    return " ".join(text.split())


# a formatting command around plain text: "\\textbf{OmniScore}" is "OmniScore"
_LATEX_MARKUP = re.compile(
    r"\\(?:textbf|textit|textsc|texttt|textrm|textsf|textup|textnormal|text|emph|underline"
    r"|mathrm|mathbf|mathit|mathsf|mathtt|mbox|url)\s*\{([^{}]*)\}"
)

# an old-style switch inside a group: "{\\em entropy collapse}" is "entropy collapse"
_LATEX_GROUP = re.compile(r"\{\\(?:em|it|bf|sc|tt|sl|rm)\s+([^{}]*)\}")
# LaTeX quotes: "``Traveler''" is '"Traveler"'
_LATEX_QUOTE = re.compile(r"``([^`'\n]*)''")

# a tie, LaTeX's unbreakable space between two words or before a bracket: "Llama~3",
# "Task~2", "Feed-Forward Network~(FFN)"
_LATEX_TIE = re.compile(r"(?<=\w)~(?=[\w(\[])")


_GREEK = dict(
    zip(
        """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda
        mu nu xi pi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda
        Xi Pi Sigma Upsilon Phi Psi Omega ell""".split(),
        "αβγδεεζηθθικλμνξπρστυφφχψωΓΔΘΛΞΠΣΥΦΨΩℓ",
        strict=True,
    )
)
# a letter in inline math that opens or ends a hyphenated name: "$\tau$-bench",
# "$\lambda$-GRPO", "$k$-means", "$τ^2$-bench", "Mobi-$\pi$" (a sub- or superscript of one
# character kept)
_MATH_LETTER = re.compile(
    r"(?:(?<=\w-)|(?=\$[^$]{1,12}\$-\w))\$(\\[A-Za-z]+|[A-Za-zα-ωΑ-Ω])(?:([_^])\{?([0-9A-Za-z])\}?)?\$"
)
# a character LaTeX escapes: "K\&K" is "K&K", "50\%" is "50%"
_LATEX_ESCAPE = re.compile(r"\\([&%#_])")


# a script in inline math glued to a name: "T$^2$PO" is "T^2PO" (as names write it
# without LaTeX, "G^2RPO"), "UniD$^3$" "UniD^3", "F$_1$" "F1"
_GLUED_SCRIPT = re.compile(r"(?<=[A-Za-z0-9])\$([_^])\{?([0-9A-Za-z+*]{1,3})\}?\$")


def _glued_script(match: re.Match[str]) -> str:
    mark, script = match.groups()
    return ("^" if mark == "^" else "") + script


def _math_letter(match: re.Match[str]) -> str:
    letter, mark, script = match.groups()
    if letter.startswith("\\"):
        if (letter := _GREEK.get(letter[1:])) is None:
            return match.group(0)  # "$\times$-": an operator, not a letter
    return letter + (mark + script if mark else "")


def strip_latex_markup(text: str) -> str:
    """``text`` with LaTeX formatting commands (``\\textbf{X}``, ``\\emph{X}``, nested too)
    replaced by their argument, as are old-style switches (``{\\em X}``); links
    (``\\href{URL}{text}``) by their text and URL, ties (``Llama~3``) by a space and
    quotes (````X''``) by ``"X"``; a letter in inline math that opens or ends a
    hyphenated name by the letter (``$\\tau$-bench`` is ``τ-bench``), a script glued to a
    name by its text (``T$^2$PO`` is ``T^2PO``) and escaped characters (``K\\&K``) by
    themselves; other LaTeX (math) is left as it is.

    >>> strip_latex_markup("Llama~3 on Task~2, ~10% fewer, Network~(FFN)")
    'Llama 3 on Task 2, ~10% fewer, Network (FFN)'
    >>> print(strip_latex_markup("a study on ``Traveler'' and {\\\\em entropy collapse}"))
    a study on "Traveler" and entropy collapse
    """
    if "~" in text:
        text = _LATEX_TIE.sub(" ", text)
    if "``" in text:
        text = _LATEX_QUOTE.sub(r'"\1"', text)
    if "$" in text:
        text = _GLUED_SCRIPT.sub(_glued_script, _MATH_LETTER.sub(_math_letter, text))
    if "\\" not in text:
        return text
    text = _LATEX_ESCAPE.sub(r"\1", text)
    while (stripped := _LATEX_MARKUP.sub(r"\1", text)) != text:
        text = stripped
    if "{\\" in text:
        text = _LATEX_GROUP.sub(r"\1", text)
    return _LATEX_HREF.sub(_href_text, text) if "\\href" in text else text


# a link: "\href{https://github.com/a/b}{our code}" reads "our code (https://github.com/a/b)"
_LATEX_HREF = re.compile(r"\\href\s*\{([^{}\s]*)\}\s*\{([^{}]*)\}")


def _href_text(match: re.Match[str]) -> str:
    url, label = match.group(1), match.group(2).strip()
    if not label or label == url or "://" in label or label.startswith("www."):
        return label or url
    return f"{label} ({url})"


def find_code_urls(text: str) -> list[str]:
    """Code/data URLs in ``text`` (GitHub, GitLab, Hugging Face, ...), in order, without repeats.

    Trailing sentence punctuation and LaTeX ``{label}`` leftovers are cut; bare host
    names get ``https://``.
    """
    if not ("http" in text or ".com/" in text or ".io/" in text or ".co/" in text):
        return []  # the common case, kept to plain substring tests
    starts: set[int] = set()
    for hint in _TOKEN_HINTS:
        pos = text.find(hint)
        while pos >= 0:
            start = pos
            while start and not text[start - 1].isspace():
                start -= 1
            starts.add(start)
            pos = text.find(hint, pos + 1)
    found: list[str] = []
    for start in sorted(starts):
        for match in _URL.finditer(text, start, _NON_SPACE.match(text, start).end()):
            url = _tidy(match.group(0))
            if url and url not in found:
                found.append(url)
    return found


def _tidy(url: str) -> str | None:
    """``url`` without trailing punctuation, with a scheme; None when not on a code host."""
    url = url.rstrip(_TRAILING)
    if url.count("(") < url.count(")"):
        url = url[: url.rindex(")")].rstrip(_TRAILING)
    if not url.lower().startswith("http"):
        url = "https://" + url
    host = url.split("/", 3)[2].split("@")[-1].split(":")[0] if url.count("/") >= 2 else ""
    return url if CODE_HOST.search(host) else None


def iso_date(value: object) -> str | None:
    """The ``YYYY-MM-DD`` a date string starts with (ISO date or timestamp), else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) < 10 or not _ISO.match(value):
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None
