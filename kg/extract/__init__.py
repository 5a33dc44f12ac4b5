"""The extraction stage: a spaCy pipeline that finds typed entities and roles.

>>> from kg.extract import extract_papers   # see kg.extract.pipeline
"""

from __future__ import annotations

from kg.extract.pipeline import extract_papers, get_nlp, make_nlp

__all__ = ["extract_papers", "get_nlp", "make_nlp"]
