"""A selection's outputs (session 38, helper M): `compare … --cases` writes to a folder named
after its poles (``outputs/compare-cases-a+b/``, beside the coder selection's
``outputs/compare-coders-a+b/``), never over the whole study's comparison; `matrix --kind
framework` leaves empty the row of a pole the chosen coders did not code, as the count and
share matrices and the report (« non codé ») do, where it wrote « 0 » in every cell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from ptce_coding.cli import cli
from tests.test_cases_outputs_s37r3 import ALICE_BOTH_BOB_A, _code, _csv, _digests
from tests.test_compare_cli import COMPARE, LAYOUT, build, set_compare


@pytest.fixture
def five_poles(tmp_path: Path) -> Path:
    """test_compare_cli's five poles, coded by anne."""
    root = tmp_path / "study"
    build(root, CliRunner(), LAYOUT)
    set_compare(root, COMPARE)
    return root


def _compare(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["compare", *args, "--project", str(root)])
    assert result.exit_code == 0, result.output
    return result


# --- 1. compare --cases: its own folder --------------------------------------------------------


def test_compare_qca_on_some_poles_never_replaces_the_whole_study(five_poles: Path) -> None:
    """Before: `compare qca --cases pole-1,pole-2,pole-3` wrote outputs/compare/, the whole
    study's truth table replaced by one of three poles."""
    _compare(five_poles, "qca")
    outputs = five_poles / "outputs"
    whole = _digests(outputs / "compare")
    assert sorted(whole) == ["qca-solutions.csv", "qca-truth-table.csv"]
    result = _compare(five_poles, "qca", "--cases", "pole-3,pole-1,pole-2")
    folder = outputs / "compare-cases-pole-1+pole-2+pole-3"
    assert f"Wrote 2 files in {folder}\n" in result.stderr
    table = _csv((folder / "qca-truth-table.csv").read_text(encoding="utf-8"))
    poles = {pole for row in table[1:] for pole in row[table[0].index("cases")].split(",")}
    assert poles == {"pole-1", "pole-2", "pole-3"}
    assert _digests(outputs / "compare") == whole
    # a coder selection and a pole selection: both in the name, as the report's files say them
    both = _compare(five_poles, "qca", "--cases", "pole-3,pole-1", "--coders", "anne")
    named = outputs / "compare-coders-anne-cases-pole-1+pole-3"
    assert f"Wrote 2 files in {named}\n" in both.stderr
    assert (named / "qca-truth-table.csv").is_file()
    assert _digests(outputs / "compare") == whole
    # every pole named is still a selection of poles (the study may grow): its own folder
    _compare(five_poles, "qca", "--cases", ",".join(LAYOUT))
    assert (outputs / "compare-cases-pole-1+pole-2+pole-3+pole-4+pole-5").is_dir()
    assert _digests(outputs / "compare") == whole


def test_compare_cases_name_the_folder_as_the_project_spells_its_poles(tmp_path: Path) -> None:
    """A pole typed decomposed (« é » as e and an accent, as macOS file names are) names the
    folder as the project spells it: one folder, not two."""
    root = tmp_path / "study"
    layout = {"pôle-1" if pole == "pole-1" else pole: n for pole, n in LAYOUT.items()}
    build(root, CliRunner(), layout)
    set_compare(root, COMPARE)
    for asked in ("pôle-1,pole-3", "po\u0302le-1,pole-3"):
        _compare(
            root, "qca", "--cases", asked, "--outcome", "COOP.LIEU", "--conditions", "ECO.PUBLIC"
        )
    folders = sorted(p.name for p in (root / "outputs").iterdir() if p.is_dir())
    assert folders == ["compare-cases-pole-3+pôle-1"]


@pytest.mark.slow  # matplotlib figures
def test_compare_ca_and_typology_on_some_poles_keep_the_whole_study(five_poles: Path) -> None:
    """Before: `compare ca --cases …` and `compare typology --cases …` replaced the whole
    study's tables and figures in outputs/compare/."""
    _compare(five_poles, "ca")
    _compare(five_poles, "typology")
    outputs = five_poles / "outputs"
    whole = _digests(outputs / "compare")
    assert {"ca-poles.csv", "figures/afc.png", "typology.csv", "figures/dendrogramme.svg"} <= set(
        whole
    )
    some = "pole-1,pole-2,pole-3,pole-4"
    _compare(five_poles, "ca", "--cases", some)
    _compare(five_poles, "typology", "--cases", some)
    folder = outputs / "compare-cases-pole-1+pole-2+pole-3+pole-4"
    assert {"ca-poles.csv", "figures/afc.png", "typology.csv"} <= set(_digests(folder))
    assert len(_csv((folder / "ca-poles.csv").read_text(encoding="utf-8"))) == 5
    assert _digests(outputs / "compare") == whole


# --- 2. matrix --kind framework: a row not coded is empty, not 0 -------------------------------


def test_a_framework_matrix_leaves_empty_a_pole_its_coders_did_not_code(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """bob coded pole-a only: `matrix --kind framework --coders bob` wrote « 0 » in every cell
    of pole-b, a theme nobody spoke of, while the count matrix leaves it empty with a note."""
    _code(imported, ALICE_BOTH_BOB_A)
    result = invoke("matrix", "--kind", "framework", "--coders", "bob", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = _csv(result.stdout)
    assert rows[0] == ["case", "COOP", "COOP.LIEU", "COOP.ACHATS", "ECO", "ECO.PUBLIC"]
    assert rows[1][:4] == ["pole-a", "0", rows[1][2], "0"]
    assert rows[1][2].startswith("« ") and "(pole-a/directrice.txt, " in rows[1][2]
    assert rows[2] == ["pole-b", "", "", "", "", ""]
    assert (
        "Not coded by bob, left empty: pole-b (nothing counted codes their interviews: a 0 "
        "would read as a theme nobody spoke of; the report says « non codé »)."
    ) in result.stderr
    written = imported / "outputs" / "matrices" / "case-x-code-quotations-coders-bob.csv"
    assert _csv(written.read_text(encoding="utf-8"))[2] == rows[2]
    sheet = openpyxl.load_workbook(written.with_suffix(".xlsx"))["matrix"]
    assert [c.value for c in sheet[3]] == ["pole-b", None, None, None, None, None]
    # the printed table too
    table = invoke("matrix", "--kind", "framework", "--coders", "bob")
    assert table.exit_code == 0, table.output
    assert "Not coded by bob, left empty: pole-b" in table.stderr
    # every pole coded: « 0 » where no quotation, no note
    pooled = invoke("matrix", "--kind", "framework", "--format", "csv")
    assert _csv(pooled.stdout)[2][:4] == ["pole-b", "0", "0", "0"]
    assert "left empty" not in pooled.stderr


def test_a_framework_matrix_before_any_coding_is_empty_and_says_so(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """Nothing coded: every cell empty (was « 0 » everywhere, printed as such), the
    matrix not printed, and the same messages as the count matrix."""
    result = invoke("matrix", "--kind", "framework")
    assert result.exit_code == 0, result.output
    assert (
        "Nothing coded yet: every cell of this matrix (2 rows × 5 codes) is empty, so it is "
        "not printed; the files below hold it." in result.stderr
    )
    assert "The store has no codings yet, so every cell is empty: run `ptce-coding code`" in (
        result.stderr
    )
    assert "left empty" not in result.stderr
    rows = _csv(invoke("matrix", "--kind", "framework", "--format", "csv").stdout)
    assert rows[1:] == [["pole-a", "", "", "", "", ""], ["pole-b", "", "", "", "", ""]]
