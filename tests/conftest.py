"""Shared fixtures. Data paths are anchored at this file; stage-specific fixtures
live beside their tests unless several stages need them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.model import Entity, Mention, Paper

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SHARED = ROOT.parent / "shared"
SAMPLE_DIR = ROOT / "kg" / "ingest" / "sample"
GOLD_DEV = SHARED / "gold" / "dev.jsonl"
ARXIV_DIR = SHARED / "arxiv"


def _ent(paper_text: str, name: str, etype: str, role: str, aliases=(), confidence=0.9) -> Entity:
    start = paper_text.find(name)
    mentions = []
    if start >= 0:
        mentions.append(Mention(start, start + len(name), name, paper_text))
    return Entity(name, etype, role, list(aliases), mentions, confidence)


def make_tiny_papers() -> list[Paper]:
    """Four hand-built papers: shared GRPO/LoRA, a variant, and hostile titles."""
    p1 = Paper(
        id="2501.00001",
        title="S-GRPO: memory-efficient GRPO",
        abstract="We propose S-GRPO, a variant of Group Relative Policy Optimization (GRPO). "
        "We fine-tune Qwen2.5-7B with LoRA and evaluate on GSM8K, outperforming PPO.",
        date="2025-05-28",
        authors=["A. Author", "B. Author"],
        url="https://arxiv.org/abs/2501.00001",
    )
    t = p1.text
    p1.entities = [
        _ent(t, "S-GRPO", "Method", "proposes"),
        _ent(t, "GRPO", "Method", "uses", ["Group Relative Policy Optimization"]),
        _ent(t, "Qwen2.5-7B", "Model", "uses"),
        _ent(t, "LoRA", "Method", "uses"),
        _ent(t, "GSM8K", "Benchmark", "evaluates_on"),
        _ent(t, "PPO", "Method", "compares_to"),
        _ent(t, "mathematical reasoning", "Task", "uses"),
        _ent(t, "accuracy", "Metric", "evaluates_on"),
    ]
    p1.variant_of = [["S-GRPO", "GRPO"]]
    p2 = Paper(
        id="t-quotes",
        title='A "quoted" <script>alert(1)</script> title & <img src=x onerror=alert(2)>',
        abstract="We study GRPO and LoRA for mathematical reasoning on MATH.",
        date="2025-10-09",
        upvotes=12,
    )
    t = p2.text
    p2.entities = [
        _ent(t, "GRPO", "Method", "uses"),
        _ent(t, "LoRA", "Method", "uses"),
        _ent(t, "MATH", "Benchmark", "evaluates_on"),
        _ent(t, "mathematical reasoning", "Task", "uses"),
    ]
    p3 = Paper(
        id="2502.00003",
        title="Ünïcode names: Dr.LLM and G^2RPO",
        abstract="We introduce G^2RPO, extending GRPO, and the SimBench benchmark. "
        "Dr.LLM is compared with GPT-4o.",
        date="2025-10-20",
    )
    t = p3.text
    p3.entities = [
        _ent(t, "G^2RPO", "Method", "proposes"),
        _ent(t, "GRPO", "Method", "uses"),
        _ent(t, "SimBench", "Benchmark", "proposes"),
        _ent(t, "Dr.LLM", "Method", "uses"),
        _ent(t, "GPT-4o", "Model", "compares_to"),
    ]
    p3.variant_of = [["G^2RPO", "GRPO"]]
    p4 = Paper(
        id="2503.00004",
        title="An unrelated paper on ImageNet",
        abstract="We train ResNet-50 on ImageNet and report top-1 accuracy.",
    )
    t = p4.text
    p4.entities = [
        _ent(t, "ResNet-50", "Model", "uses"),
        _ent(t, "ImageNet", "Dataset", "evaluates_on"),
        _ent(t, "accuracy", "Metric", "evaluates_on"),
    ]
    return [p1, p2, p3, p4]


@pytest.fixture
def tiny_papers() -> list[Paper]:
    """Fresh copies of :func:`make_tiny_papers` for each test."""
    return make_tiny_papers()


def _run_kg(*args: str, cwd: Path, columns: int = 200) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def run_kg():
    """Run the real ``kg`` command line: ``run_kg(*args, cwd=..., columns=200)``."""
    return _run_kg


@pytest.fixture(scope="session")
def sample_export(tmp_path_factory) -> Path:
    """The bundled sample corpus built once with ``kg build`` into a temporary folder."""
    from kg.build import build

    out = tmp_path_factory.mktemp("sample-export")
    build(None, out)
    return out


def load_neo4j_server_script():
    """``scripts/neo4j_server.py`` as a module (it is a script, not part of the package)."""
    import importlib.util
    import sys

    name = "neo4j_server"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "neo4j_server.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def neo4j_server():
    """``(uri, user, password)`` of the real Neo4j test server, started once per session.

    Runs in ``.neo4j/test-server`` (jars in ``.neo4j/lib``, installed with Maven if
    missing) and is stopped at the end. Without Java/Maven the tests fail when ``CI``
    is set and are skipped otherwise.
    """
    server = load_neo4j_server_script()
    home = server.DEFAULT_HOME / "test-server"
    lib = server.DEFAULT_HOME / "lib"
    try:
        state, started = server.ensure_running(home, lib=lib, fresh=True)
    except server.Neo4jServerError as err:
        if os.environ.get("CI"):
            pytest.fail(f"the Neo4j test server is required in CI: {err}")
        pytest.skip(f"no Neo4j test server: {err}")
    yield state.uri, state.user, state.password
    if started:
        server.stop(home)


def _shared(path: Path) -> Path:
    """``path`` under ../shared: required on CI, the test is skipped elsewhere when absent."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI runs with ../shared beside the checkout")
        pytest.skip(f"{path} not found")
    return path


@pytest.fixture(scope="session")
def gold_dev() -> Path:
    """The dev gold file of ../shared."""
    return _shared(GOLD_DEV)


@pytest.fixture(scope="session")
def arxiv_dumps() -> list[Path]:
    """The arXiv dumps of ../shared/arxiv (JSONL, gzip)."""
    return sorted(_shared(ARXIV_DIR).glob("*.jsonl.gz"))
