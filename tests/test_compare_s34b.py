"""The comparison of poles with a pole where nothing is coded yet: that pole is left out of
each analysis that reads codes (the truth table too, not the truth table dropped whole), and
the terminal and the report say which pole, and why; the counts are those compared."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.app.project import find_project
from ptce_coding.cli import cli
from ptce_coding.compare.comparison import Comparison, compare_poles
from ptce_coding.compare.constant_columns import constant_columns
from ptce_coding.compare.inputs import load_inputs
from ptce_coding.compare.settings import CompareSettings
from ptce_coding.compare.truth_table_data import crisp_data
from ptce_coding.report.compare_chapter import comparison_chapter
from tests.test_compare_cli import COMPARE, LAYOUT, build, read_rows, set_compare

NAMES = {f"pole-{i}": name for i, name in enumerate(["Un", "Deux", "Trois", "Quatre", "Cinq"], 1)}
NAMES = {case: f"Pôle {name}" for case, name in NAMES.items()}
QCA = CompareSettings(
    level=2, outcome="laureat", conditions=("COOP.LIEU", "ECO.PUBLIC"), min_segments=2
)


def _invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--project", str(root)])


@pytest.fixture(scope="module")
def fifth_uncoded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five poles of test_compare_cli, pole-5 (« Pôle Cinq », laureat 2014, the only
    multipolaire) not coded yet."""
    root = tmp_path_factory.mktemp("s34b") / "study"
    build(root, CliRunner(), {**LAYOUT, "pole-5": (0, 0, 0)})
    set_compare(root, COMPARE)
    return root


def _comparison(root: Path, settings: CompareSettings = QCA) -> Comparison:
    project = find_project(root)
    book = project.load_codebook()
    with project.open_store(create=False) as store:
        inputs = load_inputs(store, book, level=settings.level)
    return compare_poles(inputs, book, settings, NAMES)


def test_the_truth_table_leaves_the_uncoded_pole_out_not_the_whole_table(
    fifth_uncoded: Path,
) -> None:
    """The report's truth table was « non calculée : rien n'est codé pour Pôle Cinq » while
    the CA and the typology left that pole out and went on."""
    comparison = _comparison(fifth_uncoded)
    assert comparison.truth is not None
    assert comparison.truth_left_out == ["pole-5"]
    assert list(comparison.truth.data.index) == ["pole-1", "pole-2", "pole-3", "pole-4"]
    assert comparison.solutions[0].expression == "COOP.LIEU*~ECO.PUBLIC <-> laureat"
    assert comparison.warnings == [
        "Pôle Cinq (pole-5) left out of the correspondence analysis, the typology and the "
        "truth table: nothing is coded there yet (a pole not coded yet is not a pole without "
        "the codes)."
    ]
    chapter = comparison_chapter(comparison, find_project(fifth_uncoded).load_codebook())
    assert not [note for note in chapter.notes if "Table de vérité non calculée" in note]
    assert (
        "Pôle sans aucun segment codé, laissé hors de l'analyse des correspondances, de la "
        "typologie et de la table de vérité (un pôle pas encore codé n'est pas un pôle sans "
        "les codes) : Pôle Cinq." in chapter.notes
    )
    assert chapter.truth_table is not None
    assert "Pôle Cinq" not in " ".join(chapter.truth_table.iloc[:, -1])
    assert (chapter.poles, chapter.interviews) == (4, 4)


def test_a_truth_table_of_attributes_keeps_the_uncoded_pole(
    fifth_uncoded: Path,
) -> None:
    """A pole's case attributes are known whether it is coded or not: no pole left out."""
    settings = CompareSettings(
        level=2, outcome="laureat", conditions=("gouvernance=monocentrique",)
    )
    comparison = _comparison(fifth_uncoded, settings)
    assert comparison.truth is not None and len(comparison.truth.data) == 5
    assert comparison.truth_left_out == []
    chapter = comparison_chapter(comparison, find_project(fifth_uncoded).load_codebook())
    assert (
        "Pôle sans aucun segment codé, laissé hors de l'analyse des correspondances et de la "
        "typologie (un pôle pas encore codé n'est pas un pôle sans les codes) : Pôle Cinq."
        in chapter.notes
    )


def test_a_pole_just_added_without_attributes_nor_codings_does_not_stop_the_table(
    tmp_path: Path,
) -> None:
    """A sixth pole, imported but neither coded nor in cases.csv yet: the truth table on codes
    leaves it out before reading its (blank) attributes, rather than « attribute 'laureat'
    has no value for pole-6 »."""
    root = tmp_path / "study"
    build(root, CliRunner(), {**LAYOUT, "pole-6": (0, 0, 0)})
    project = find_project(root)
    book = project.load_codebook()
    with project.open_store(create=False) as store:
        inputs = load_inputs(store, book, level=None)
    data, _ = crisp_data(inputs, book, ["COOP.LIEU", "laureat"], min_segments=2)
    assert list(data.index) == [f"pole-{i}" for i in range(1, 6)]
    result = _invoke(root, "compare", "qca", "--outcome", "laureat", "--conditions", "COOP.LIEU")
    assert result.exit_code == 0, result.output
    assert "Pole(s) with nothing coded left out: pole-6 (1 interview, no accepted coding yet)" in (
        result.stderr
    )


def test_compare_qca_leaves_the_uncoded_pole_out_and_says_so(
    fifth_uncoded: Path,
) -> None:
    """`compare qca` refused the whole table for one pole not coded yet."""
    result = _invoke(fifth_uncoded, "compare", "qca")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        "4 poles, 4 interviews compared; codings: accepted",
        "Pole(s) with nothing coded left out: pole-5 (1 interview, no accepted coding yet)",
        "Only 4 poles: the results describe these poles, nothing more.",
    ]
    # pole-5's « 2014 » is not read: it is not in the table
    assert "  laureat: present for 2013, 2015; absent for non" in lines
    rows = read_rows(fifth_uncoded / "outputs" / "compare" / "qca-truth-table.csv")
    assert "pole-5" not in ",".join(row["cases"] for row in rows)
    attributes = _invoke(
        fifth_uncoded,
        "compare",
        "qca",
        "--outcome",
        "laureat",
        "--conditions",
        "gouvernance=monocentrique",
    )
    assert attributes.exit_code == 0, attributes.output
    assert attributes.stderr.startswith(
        "5 poles, compared on case attributes only (no code read)\n"
    )


def test_too_few_coded_poles_for_a_truth_table_names_them(fifth_uncoded: Path) -> None:
    result = _invoke(fifth_uncoded, "compare", "qca", "--cases", "pole-1,pole-5")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        "a truth table needs at least 2 poles where something is coded (here 1): nothing is "
        "coded in pole-5, every code would read as absent there" in result.output
    )


def test_a_constant_column_is_judged_on_the_poles_of_the_table(
    fifth_uncoded: Path,
) -> None:
    """pole-5, left out, is the only multipolaire pole: among the poles of the table none is,
    and the values taken are theirs (not « multipolaire (1) » beside « no pole has it »)."""
    project = find_project(fifth_uncoded)
    book = project.load_codebook()
    with project.open_store(create=False) as store:
        inputs = load_inputs(store, book, level=None)
    names = ["COOP.LIEU", "gouvernance=multipolaire"]
    data, _ = crisp_data(inputs, book, names)
    constants = constant_columns(data, inputs, book, names)
    assert [(c.name, c.value) for c in constants] == [("gouvernance=multipolaire", 0)]
    assert constants[0].values == "gouvernance: monocentrique (2), polycentrique (2)"
    result = _invoke(
        fifth_uncoded,
        "compare", "qca", "--outcome", "gouvernance=multipolaire", "--conditions", "COOP.LIEU",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "the outcome gouvernance=multipolaire sets no pole apart" in result.output
    assert "multipolaire (1)" not in result.output


def test_the_chapter_counts_and_names_the_uncoded_pole_when_the_ca_fails(
    tmp_path: Path,
) -> None:
    """Four poles of one profile (no CA axis) and pole-5 not coded: the chapter said
    « Comparaison des 5 pôles » and never named the pole left out."""
    root = tmp_path / "study"
    layout = {pole: (2, 2, 2) for pole in ("pole-1", "pole-2", "pole-3", "pole-4")}
    build(root, CliRunner(), {**layout, "pole-5": (0, 0, 0)})
    comparison = _comparison(root)
    assert comparison.ca is None
    chapter = comparison_chapter(comparison, find_project(root).load_codebook())
    assert (chapter.poles, chapter.interviews) == (4, 4)
    assert [note for note in chapter.notes if note.endswith(" : Pôle Cinq.")]


def test_the_first_lines_say_what_is_compared_and_what_is_left_out(
    tmp_path: Path,
) -> None:
    """« 5 poles, 5 interviews » for 4 poles compared (one not coded) and 6 interviews
    listed (one of pole-1's not coded yet)."""
    root = tmp_path / "study"
    build(root, CliRunner(), {**LAYOUT, "pole-5": (0, 0, 0)})
    shutil.copyfile(root / "corpus" / "pole-1" / "entretien.txt", root / "corpus" / "x.txt")
    text = (root / "corpus" / "x.txt").read_text(encoding="utf-8").replace("Réponse", "Reprise")
    (root / "corpus" / "pole-1" / "second.txt").write_text(text, encoding="utf-8")
    (root / "corpus" / "x.txt").unlink()
    assert _invoke(root, "import", str(root / "corpus")).exit_code == 0
    result = _invoke(root, "compare", "qca", "--outcome", "laureat", "--conditions", "COOP.LIEU")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:4] == [
        "4 poles, 4 interviews compared; codings: accepted",
        "Pole(s) with nothing coded left out: pole-5 (1 interview, no accepted coding yet)",
        "Coding under way: 1 interview of the poles compared left out (no accepted coding yet)",
        "Only 4 poles: the results describe these poles, nothing more.",
    ]


def test_compare_help_says_how_uncoded_poles_are_counted() -> None:
    said = " ".join(CliRunner().invoke(cli, ["compare", "--help"]).output.split())
    assert "A pole where nothing is coded yet is left out of every analysis" in said
    assert "at least 4 poles where something is coded" in said
    typology = " ".join(CliRunner().invoke(cli, ["compare", "typology", "--help"]).output.split())
    assert "(at least 4 poles coded)" in typology


@pytest.mark.slow  # the report's figures
def test_the_report_says_which_pole_the_comparison_left_out(
    fifth_uncoded: Path,
) -> None:
    result = _invoke(fifth_uncoded, "report")
    assert result.exit_code == 0, result.output
    assert "Typology of the poles: a chapter on 4 poles" in result.output
    assert (
        "  Warning: Pôle Cinq (pole-5) left out of the correspondence analysis, the typology "
        "and the truth table: nothing is coded there yet" in result.output
    )
    assert "the truth table was not computed" not in result.output
    markdown = (fifth_uncoded / "outputs" / "report" / "synthese.md").read_text(encoding="utf-8")
    chapter = markdown[markdown.index("## Typologie des pôles") : markdown.index("## Méthode")]
    assert "Comparaison des 4 pôles à partir de leurs 4 entretiens" in chapter
    assert "Table de vérité non calculée" not in chapter
    assert "`C1*~C2 conduit à R, et R ne se présente qu'avec elle`" in chapter
