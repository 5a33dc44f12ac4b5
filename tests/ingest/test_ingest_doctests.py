"""The runnable examples in the ingest modules' docstrings."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "kg.ingest",
    "kg.ingest.detect",
    "kg.ingest.hf_daily",
    "kg.ingest.ids",
    "kg.ingest.jsonl",
    "kg.ingest.merge",
    "kg.ingest.record",
    "kg.ingest.text",
]


@pytest.mark.parametrize("name", MODULES)
def test_ingest_doctests_pass(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
