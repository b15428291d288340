"""`ptce-coding compare` and the report's « Typologie des pôles » given odd requests: each is
refused with what is wrong and what to do, or, in the report (which is still written), said on
the terminal and in the chapter; never a traceback, never a column that sets no pole apart used
silently. The five-pole project of test_compare_cli: COOP.LIEU in poles 1–2, ECO.PUBLIC in
poles 3–5, COOP.ACHATS in one segment of poles 2, 4, 5."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_compare_cli import COMPARE, LAYOUT, build, invoke, set_compare


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad-compare") / "study"
    build(root, CliRunner(), LAYOUT)
    set_compare(root, COMPARE)
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built project: a test may change its settings or write outputs."""
    root = tmp_path / "study"
    shutil.copytree(built, root)
    return root


def refused(project: Path, *args: str) -> str:
    result = invoke(project, *args)
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert not (project / "outputs" / "compare" / "qca-truth-table.csv").exists()
    return " ".join(result.output.split())  # the message as one line, whatever the wrapping


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--conditions", "COOP.LIEU,COOP.LIEU"],
            "condition COOP.LIEU is given twice List each condition once.",
        ),
        (
            ["--conditions", "COOP.LIEU,~ECO.PUBLIC"],
            "condition ~ECO.PUBLIC: a condition is not negated; `~` marks the outcome's absence",
        ),
        (
            ["--conditions", "COOP.LIEU,~COOP.LIEU"],
            "condition ~COOP.LIEU: a condition is not negated",
        ),
        (
            ["--outcome", "~laureat", "--conditions", "COOP.LIEU,laureat"],
            "laureat cannot be both the outcome and a condition",
        ),
        (["--outcome", "~~laureat"], "outcome '~~laureat': one `~` in front of a name"),
        (["--outcome", "~"], "outcome '~': one `~` in front of a name"),
        (
            ["--conditions", "COOP.LIEU,gouvernance="],
            "'gouvernance=': attribute=value needs both the attribute and its value",
        ),
        (["--conditions", "=monocentrique"], "'=monocentrique': attribute=value needs both"),
        (["--outcome", " "], "Invalid value for --outcome: name the outcome, or leave"),
        (["--conditions", " , "], "Invalid value for --conditions: name at least one condition"),
    ],
)
def test_qca_options_that_cannot_make_a_truth_table_are_refused(
    project: Path, args: list[str], message: str
) -> None:
    assert message in refused(project, "compare", "qca", *args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--conditions", "gouvernance=hybride,COOP.LIEU"],
            "condition gouvernance=hybride sets no pole apart (no pole has gouvernance = "
            "'hybride') Values taken (number of poles): gouvernance: monocentrique (2), "
            "polycentrique (2), multipolaire (1).",
        ),
        (
            ["--conditions", "COOP.ACHATS,COOP.LIEU", "--min-segments", "2"],
            "condition COOP.ACHATS sets no pole apart (coded in at least 2 segment(s) in no "
            "pole; at most 1 in a pole)",
        ),
        (
            ["--conditions", "COOP,ECO.PUBLIC", "--min-segments", "1"],
            "condition COOP sets no pole apart (coded in at least 1 segment(s) in every pole)",
        ),
        (
            ["--outcome", "nom", "--conditions", "COOP.LIEU"],
            "the outcome nom sets no pole apart (every pole has a value for nom",
        ),
        (
            ["--outcome", "gouvernance=hybride", "--conditions", "COOP.LIEU"],
            "the outcome gouvernance=hybride sets no pole apart",
        ),
        (
            ["--cases", "pole-3,pole-4", "--conditions", "ECO.PUBLIC,gouvernance"],
            "condition ECO.PUBLIC sets no pole apart",
        ),
    ],
)
def test_qca_columns_equal_for_every_pole_are_refused_with_the_values(
    project: Path, args: list[str], message: str
) -> None:
    output = refused(project, "compare", "qca", *args)
    assert message in output
    assert "Choose conditions and an outcome that differ between the poles." in output


def test_qca_of_one_pole_is_refused(project: Path) -> None:
    output = refused(project, "compare", "qca", "--cases", "pole-1,pole-1")
    assert "1 pole, 1 interview; codings: accepted" in output
    assert "a truth table compares poles: it needs at least 2 (here 1)" in output


@pytest.mark.parametrize("command", ["ca", "typology", "qca"])
def test_cases_naming_no_case_is_refused_not_read_as_every_pole(
    project: Path, command: str
) -> None:
    output = refused(project, "compare", command, "--cases", ",")
    assert "Invalid value for --cases: name at least one case, or leave --cases out" in output


def test_a_condition_that_is_nowhere_says_what_was_meant(project: Path) -> None:
    output = refused(project, "compare", "qca", "--conditions", "COOP.LIEU,gouvernanse=mono")
    assert (
        "'gouvernanse=mono' is neither a code of the codebook nor a case attribute (did you "
        "mean gouvernance?)" in output
    )


@pytest.mark.parametrize("command", ["ca", "typology", "qca"])
def test_an_unknown_case_is_refused_with_the_cases_there(project: Path, command: str) -> None:
    output = refused(project, "compare", command, "--cases", "pole-1,Pole-2")
    assert "unknown case(s): Pole-2 (did you mean pole-2?)" in output
    assert "The project's cases: pole-1, pole-2, pole-3, pole-4, pole-5." in output


@pytest.mark.parametrize("command", ["ca", "typology"])
def test_a_level_deeper_than_the_codebook_is_refused(project: Path, command: str) -> None:
    output = refused(project, "compare", command, "--level", "3")
    assert "Invalid value for --level: the codebook's codes go 2 level(s) deep: give 1 to 2" in (
        output
    )


def test_a_number_of_types_out_of_bounds_says_which(project: Path) -> None:
    set_compare(project, "compare:\n  types: 9\n")
    output = refused(project, "compare", "typology")
    assert "--types must be between 2 and 4 for 5 poles (here 9)" in output
    assert "Give --types (or compare.types in project.yaml) within these bounds" in output


def _report(project: Path) -> tuple[str, str]:
    result = invoke(project, "report")
    assert result.exit_code == 0, result.output
    markdown = (project / "outputs" / "report" / "synthese.md").read_text(encoding="utf-8")
    chapter = markdown[markdown.index("## Typologie des pôles") : markdown.index("## Méthode")]
    return " ".join(result.stderr.split()), " ".join(chapter.split())


@pytest.mark.slow  # matplotlib figures
def test_report_with_a_qca_condition_that_is_not_there_warns_on_the_terminal(
    project: Path,
) -> None:
    set_compare(
        project,
        "compare:\n  qca:\n    outcome: laureat\n    conditions: [COOP.LIEU, NOPE]\n",
    )
    terminal, chapter = _report(project)
    assert (
        "Typology of the poles: a chapter on 5 poles Warning: `compare.qca` of project.yaml: "
        "the truth table was not computed: 'NOPE' is neither a code of the codebook nor a case "
        "attribute. Case attributes: gouvernance, laureat, nom." in terminal
    )
    assert "Correct `compare.qca` (or the data it reads), or remove it." in terminal
    assert "Table de vérité non calculée : « NOPE » n'est ni un code" in chapter


@pytest.mark.slow  # matplotlib figures
def test_report_with_settings_that_set_no_pole_apart_says_so_and_still_writes(
    project: Path,
) -> None:
    set_compare(
        project,
        "compare:\n  types: 9\n  qca:\n    outcome: laureat\n"
        "    conditions: [gouvernance=hybride, COOP.LIEU]\n",
    )
    terminal, chapter = _report(project)
    assert (
        "Warning: `compare.qca` of project.yaml: the condition gouvernance=hybride sets no pole "
        "apart (no pole has gouvernance = 'hybride'). Values taken (gouvernance: monocentrique "
        "(2), polycentrique (2), multipolaire (1)). Choose another condition, or remove it."
        in terminal
    )
    assert (
        "Condition « gouvernance=hybride » identique pour tous les pôles : aucun pôle n'a "
        "gouvernance = « hybride » ; elle ne distingue aucun pôle." in chapter
    )
    assert "### Table de vérité" in chapter  # still computed, with the note beside it
    assert (
        "Warning: the typology was not computed: --types must be between 2 and 4 for 5 poles "
        "(here 9)." in terminal
    )
    assert (
        "Typologie non calculée : le nombre de types demandé (9) doit aller de 2 à 4 pour 5 "
        "pôles." in chapter
    )
    assert "--types" not in chapter
