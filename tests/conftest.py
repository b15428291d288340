"""Shared fixtures: a temporary project built from the small files in tests/data/."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.store import Store
from tests.test_agreement_cli import ALICE, BOB, segment_spans, write_codings

DATA = Path(__file__).parent / "data"

# Speed is measured in benchmarks, not in tests: on a busy machine hypothesis would fail a test
# for drawing its inputs slowly (a health check) or for one slow example (its deadline).
settings.register_profile("timeless", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("timeless")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def tmp_project(tmp_path: Path, runner: CliRunner) -> Path:
    """A project made by `init`, with the test codebook and the two-pole test corpus.

    The test codebook's codes have one-line definitions, too thin for the rules' confidence
    (tagging/relevance.py) to mean anything: the project writes every rule match
    (``coding.min_confidence: 0``), so that these tests see what the rules find.
    tests/test_relevance.py tests the confidence with the default codebook."""
    root = tmp_path / "study"
    result = runner.invoke(cli, ["init", str(root)])
    assert result.exit_code == 0, result.output
    settings = root / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "  min_confidence: 0.35 " in text
    settings.write_text(text.replace("  min_confidence: 0.35 ", "  min_confidence: 0    "))
    shutil.copyfile(DATA / "codebook.yaml", root / "codebooks" / "ptce.yaml")
    shutil.rmtree(root / "corpus")
    shutil.copytree(DATA / "corpus", root / "corpus")
    return root


@pytest.fixture
def invoke(runner: CliRunner, tmp_project: Path) -> Callable[..., Result]:
    """Run a command on the temporary project."""

    def run(*args: str) -> Result:
        return runner.invoke(cli, [*args, "--project", str(tmp_project)])

    return run


@pytest.fixture
def imported(invoke: Callable[..., Result], tmp_project: Path) -> Path:
    """The test project with its corpus imported (no coding)."""
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    return tmp_project


@pytest.fixture
def two_coders(invoke: Callable[..., Result], imported: Path) -> Path:
    """alice and bob coded both interviews (codings import: no spaCy)."""
    spans = segment_spans(invoke, imported)
    for coder, items in (("alice", ALICE), ("bob", BOB)):
        write_codings(imported / f"{coder}.csv", coder, items, spans)
        result = invoke("codings", "import", str(imported / f"{coder}.csv"))
        assert result.exit_code == 0, result.output
    return imported


@pytest.fixture
def suggested(imported: Path) -> Path:
    """Two rule suggestions waiting for review in pole-a/directrice.txt."""
    with Store(imported / "coding.sqlite") as store:
        document = store.document("pole-a/directrice.txt")
        assert document is not None
        suggestions = []
        for words, code in (("locaux partagés", "COOP.LIEU"), ("achats groupés", "COOP.ACHATS")):
            start = document.text.index(words)
            coding = Coding(
                document.name, start, start + len(words), code, "rules", "rule", "suggested"
            )
            suggestions.append((document.id, coding))
        store.replace_suggestions("rule", [document.id], suggestions)
    return imported


@pytest.fixture
def labelled(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str]], None]:
    """Make `pseudonymise --review` read names with a stand-in NER (the privacy tests')."""

    from ptce_coding.privacy import workflow  # on use: spaCy is not every test's
    from tests.privacy_support import Labelling

    def use(labels: dict[str, str]) -> None:
        monkeypatch.setattr(workflow, "load_ner", lambda: Labelling(labels))

    return use
