"""The library without the CLI: `run_project` is the whole job; library functions take
settings objects and paths, never a Project; the report never opens the store."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from ptce_coding.analysis.synthesis_data import synthesis_data
from ptce_coding.app.project import load_project
from ptce_coding.app.workflow import run_project
from ptce_coding.base.language import DocCache, load_pipeline
from ptce_coding.base.settings import ImportSettings, SpeakerSettings
from ptce_coding.cli import cli
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.corpus.importer import import_paths
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.publish import write_report
from ptce_coding.store import Store
from ptce_coding.tagging.rule_coding import Scoring, code_with_rules
from ptce_coding.tagging.rules import RuleTagger
from tests.test_network_cli import network_study

DATA = Path(__file__).parent / "data"
SOURCE = Path(__file__).parent.parent / "src" / "ptce_coding"


def _network_project(root: Path) -> Path:
    """A fresh project with the network test corpus and its members list, not imported;
    every rule match written (as tests/conftest.py's project)."""
    network_study(root)
    settings = root / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("  min_confidence: 0.35 ", "  min_confidence: 0    "))
    return root


def _outputs(root: Path) -> dict[str, Path]:
    folder = root / "outputs"
    return {str(p.relative_to(folder)): p for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow  # the French spaCy model (the rules)
def test_run_project_alone_writes_what_the_run_command_writes(tmp_path: Path) -> None:
    by_cli = _network_project(tmp_path / "cli" / "study")
    result = CliRunner().invoke(cli, ["run", "--project", str(by_cli)])
    assert result.exit_code == 0, result.output

    alone = _network_project(tmp_path / "library" / "study")
    project = load_project(alone)
    with project.open_store() as store:
        run = run_project(project, store)

    # what the run says it wrote is there: matrices, the network, the report
    assert len(run.matrices) == 16 and all(p.is_file() for p in run.matrices)
    assert run.matrices_folder == alone / "outputs" / "matrices"
    assert run.network is not None and run.network_folder == alone / "outputs" / "network"
    assert {p.name for p in run.network_files} >= {"ties.csv", "evidence.csv", "measures.csv"}
    assert all(p.is_file() for p in run.report.files.all())
    assert run.report.files.html == alone / "outputs" / "report" / "synthese.html"
    assert run.suggestions_counted and run.report.synthesis.includes_suggestions
    assert run.report.synthesis.network is not None  # the network chapter is in the report
    assert run.imported.failed == [] and run.rules.added > 0
    assert run.counts["codings"] == run.rules.added

    # the same files as `ptce-coding run`, with the same tables
    written, expected = _outputs(alone), _outputs(by_cli)
    assert sorted(written) == sorted(expected)
    assert all(path in written for path in ("matrices/case-x-code-level1-count.csv",))
    for name in sorted(written):
        if name.endswith((".csv", ".md")):
            mine = written[name].read_text(encoding="utf-8").replace(str(alone), "ROOT")
            theirs = expected[name].read_text(encoding="utf-8").replace(str(by_cli), "ROOT")
            assert mine == theirs, name


@pytest.mark.slow  # the French spaCy model (the rules)
def test_library_imports_and_codes_with_settings_objects_alone(tmp_path: Path) -> None:
    """No project folder, no project.yaml: the importer and the rules take settings
    objects and paths, and honour them."""
    settings = ImportSettings(
        speakers=SpeakerSettings(extra_interviewers=("Marie Dupont",)), preamble="all"
    )
    codebook = load_codebook(DATA / "codebook.yaml")
    nlp = load_pipeline()
    with Store(tmp_path / "coding.sqlite") as store:
        report = import_paths(
            store, [DATA / "corpus"], settings, cases_file=DATA / "corpus" / "cases.csv"
        )
        assert report.failed == [] and len(report.outcomes) >= 2
        assert store.cases()["pole-a"]["region"] == "Bretagne"
        document = next(d for d in store.documents() if d.name.endswith("directrice.txt"))
        segments = store.segments(document.id)
        marie = [s for s in segments if s.speaker == "Marie Dupont"]
        assert marie and all(s.interviewer for s in marie)  # speakers.interviewers
        assert not any(s.title for s in segments)  # coding.preamble: all
        assert segments[0].speaker is None  # the title line, counted with `all`

        def rules(interviewer_turns: bool) -> int:
            return code_with_rules(
                store,
                codebook,
                RuleTagger(codebook, nlp),
                DocCache(tmp_path / "docs", nlp),
                interviewer_turns=interviewer_turns,
                scoring=Scoring(min_confidence=0, sentence_vectors=False),
            ).segments

        # Marie Dupont is an interviewer here: her turns are coded only when asked
        assert rules(interviewer_turns=True) > rules(interviewer_turns=False)


@pytest.mark.slow  # the French spaCy model (the rules)
def test_the_report_is_written_from_gathered_data_with_the_store_closed(
    tmp_project: Path,
) -> None:
    project = load_project(tmp_project)
    runner = CliRunner()
    assert runner.invoke(cli, ["run", "--project", str(tmp_project)]).exit_code == 0
    with project.open_store(create=False) as store:
        data = synthesis_data(store)
        suggestions = store.count_codings(["suggested"])
    assert suggestions > 0
    synthesis, files = write_report(  # the store is closed: the report reads only ``data``
        data,
        project.load_codebook(),
        tmp_project / "elsewhere",
        ReportChoices(project="Étude", include_suggestions=True),
    )
    assert synthesis.figures["codings"] == suggestions
    assert synthesis.figures["poles"] == 2
    assert "Étude" in files.markdown.read_text(encoding="utf-8")


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top, in functions or for type checking."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize(
    ("packages", "forbidden"),
    [
        (None, "ptce_coding.app"),  # only app/, web/ and cli/ see the Project
        (("report",), "ptce_coding.store"),  # the report renders the data it is given
    ],
)
def test_no_library_module_reaches_up_to_the_project_or_the_store(
    packages: tuple[str, ...] | None, forbidden: str
) -> None:
    allowed = {"app", "web", "cli"}
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        package = path.relative_to(SOURCE).parts[0]
        if package in allowed or (packages is not None and package not in packages):
            continue
        if any(m == forbidden or m.startswith(forbidden + ".") for m in _imports(path)):
            offenders.append(str(path.relative_to(SOURCE)))
    assert offenders == []
