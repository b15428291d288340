"""`agreement` as a group of three to five coders meets it: an axis coded by one coder and its
sub-codes by another, a coder who coded other documents than those chosen, an empty
selection, the mean row of codes too thin to read, Cohen's kappa beside more than two coders."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from click.testing import Result

from tests.test_agreement_cli import segment_spans, write_codings

# units of the test corpus (interviewee segments): a2, a4, a5 (pole-a), b2, b4 (pole-b)
ALICE = [("COOP.LIEU", "a2"), ("COOP.ACHATS", "a4"), ("ECO.PUBLIC", "a5")]
BOB = [("COOP.LIEU", "a2"), ("COOP.ACHATS", "a4"), ("ECO.PUBLIC", "a5"), ("ECO.PUBLIC", "b4")]
CAROL = [("COOP", "a2"), ("COOP", "a4"), ("ECO.PUBLIC", "a5")]  # the axis only, pole-a only


@pytest.fixture
def three_coders(invoke: Callable[..., Result], imported: Path) -> Path:
    spans = segment_spans(invoke, imported)
    alice_b = [*ALICE, ("COOP.LIEU", "b2"), ("ECO.PUBLIC", "b4")]
    for coder, items in (("alice", alice_b), ("bob", BOB), ("carol", CAROL)):
        write_codings(imported / f"{coder}.csv", coder, items, spans)
        result = invoke("codings", "import", str(imported / f"{coder}.csv"))
        assert result.exit_code == 0, result.output
    return imported


def _rows(result: Result) -> dict[str, dict]:
    assert result.exit_code == 0, result.output
    return {row["code"]: row for row in json.loads(result.stdout)}


def test_an_axis_coded_by_one_coder_counts_the_others_sub_codes(invoke, three_coders) -> None:
    """carol coded COOP on a2 and a4, alice and bob COOP.LIEU and COOP.ACHATS there: on the
    COOP row all three say the passages are about cooperation (a coding counts for the codes
    above it, as in `suggest` and `evaluate`); they were read as disagreeing (alpha -0.14)."""
    rows = _rows(invoke("agreement", "--coders", "alice,bob,carol", "--format", "json"))
    coop = rows["COOP"]
    assert coop["units"] == 3  # pole-a: a2, a4, a5 (carol coded only pole-a)
    assert coop["percent"] == pytest.approx(100.0)
    assert coop["krippendorff_alpha"] == pytest.approx(1.0)
    # the sub-code rows still see that carol did not say which kind of cooperation
    lieu = rows["COOP.LIEU"]
    expected = krippendorff.alpha(
        reliability_data=[[1, 0, 0], [1, 0, 0], [0, 0, 0]], level_of_measurement="nominal"
    )
    assert lieu["krippendorff_alpha"] == pytest.approx(expected)
    # and the sub-codes count for the axis at a deeper --level too
    deeper = _rows(
        invoke("agreement", "--coders", "alice,carol", "--level", "2", "--format", "json")
    )
    assert deeper["COOP"]["percent"] == pytest.approx(100.0)


def test_a_coder_without_codings_in_the_chosen_document_is_told_so(invoke, three_coders) -> None:
    result = invoke("agreement", "--coders", "alice,carol", "--document", "pole-b/membre.md")
    assert result.exit_code == 1
    assert "no codings by carol" not in result.output  # carol coded: elsewhere
    assert (
        "carol coded none of the chosen document(s) (pole-b/membre.md); carol coded "
        "pole-a/directrice.txt" in " ".join(result.output.split())
    )


def test_an_empty_selection_is_said(invoke, three_coders) -> None:
    result = invoke(
        "agreement",
        "--coders",
        "alice,bob",
        "--codes",
        "COOP.ACHATS",
        "--document",
        "pole-b/membre.md",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert (
        "No code starting with 'COOP.ACHATS' was coded by alice or bob on these 2 units: "
        "nothing to compare." in " ".join(result.stderr.split())
    )


def test_the_mean_of_codes_too_thin_to_read_is_not_read(invoke, three_coders) -> None:
    """Every code is on fewer than 10 coded units: the mean of their alphas was read « ✓ »
    (all formats) and, with an undefined alpha among them, averaged fewer codes than the
    percent without saying so."""
    for output_format in ("csv", "table"):
        result = invoke(
            "agreement", "--coders", "alice,bob", "--unit", "document", "--format", output_format
        )
        assert result.exit_code == 0, result.output
        mean_line = next(line for line in result.stdout.splitlines() if "(mean)" in line)
        assert "too few coded units to conclude" in mean_line, output_format
        assert "✓" not in mean_line and "✗" not in mean_line
    rows = _rows(
        invoke("agreement", "--coders", "alice,bob", "--unit", "document", "--format", "json")
    )
    assert rows["(mean)"]["flag"] == "too few coded units to conclude (< 10)"
    # alice and bob both coded ECO.PUBLIC in both documents: kappa, alpha, AC1 undefined there
    assert rows["ECO.PUBLIC"]["krippendorff_alpha"] is None
    mean = rows["(mean)"]
    assert mean["percent"] == pytest.approx((50.0 + 100.0 + 100.0) / 3)
    assert mean["krippendorff_alpha"] == pytest.approx((0.0 + 1.0) / 2)
    assert mean["note"] == (
        "mean of 3 codes; cohen_kappa, krippendorff_alpha, gwet_ac1: of 2 (undefined for "
        "ECO.PUBLIC); 3 of them on fewer than 10 coded units"
    )


def test_cohen_kappa_left_empty_for_three_coders_is_said(invoke, three_coders) -> None:
    result = invoke("agreement", "--coders", "alice,bob,carol", "--format", "json")
    rows = _rows(result)
    assert all(row["cohen_kappa"] is None for row in rows.values())
    assert (
        "Cohen's kappa compares two coders: it is left empty for 3; compare a pair with "
        "--coders alice,bob" in " ".join(result.stderr.split())
    )


def test_a_code_below_the_level_is_not_offered_as_its_own_correction(invoke, three_coders) -> None:
    result = invoke("agreement", "--coders", "alice,bob", "--level", "1", "--codes", "COOP.LIEU")
    assert result.exit_code == 1
    assert "did you mean COOP.LIEU" not in result.output
    assert (
        "no code id starts with 'COOP.LIEU' at level 1: COOP.LIEU is deeper (level 2); "
        "--codes COOP at --level 1, or leave --level out" in " ".join(result.output.split())
    )


def _book_ab():  # A with A.X, A.Y, A.Z
    from ptce_coding.codebook.loader import parse_codebook

    return parse_codebook(
        "name: t\ncodes:\n  - id: A\n    label: A\n    children:\n"
        "      - id: A.X\n        label: X\n      - id: A.Y\n        label: Y\n"
        "      - id: A.Z\n        label: Z\n"
    )


def test_micro_counts_false_positives_on_codes_nobody_coded() -> None:
    """The tagger suggests A.Z twice where no coder put it: the A.Z row says precision 0, and
    the micro row left those two suggestions out (precision 2/3 instead of 2/5)."""
    from ptce_coding.analysis.tagger_scores import scores_table

    codes = ["A", "A.X", "A.Y", "A.Z"]
    gold = np.array([[0, 1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0]])
    pred = np.array([[0, 1, 0, 1], [0, 0, 0, 0], [0, 1, 1, 0], [0, 0, 0, 1]])
    table = scores_table("rules", gold, pred, codes, _book_ab()).set_index(["level", "code"])
    z = table.loc[("code", "A.Z")]
    assert (z["precision"], z["support"], z["predicted"]) == (0.0, 0, 2)
    micro = table.loc[("micro", "(all codes)")]  # tp 2 (A.X, A.Y), fp 1 (A.X) + 2 (A.Z), fn 1
    assert micro["predicted"] == table.xs("code")["predicted"].sum() == 5
    assert (micro["precision"], micro["recall"]) == pytest.approx((2 / 5, 2 / 3))
    assert micro["f1"] == pytest.approx(2 * 2 / (3 + 5))


def test_a_macro_precision_over_fewer_codes_is_said() -> None:
    """A.Y has 2 examples and no prediction: its precision is undefined, and the macro
    precision is the mean over A.X alone; the caution column says so (it was silent)."""
    from ptce_coding.analysis.tagger_scores import score_notes, scores_table

    codes = ["A", "A.X", "A.Y", "A.Z"]
    gold = np.array([[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0], [0, 0, 0, 0]])
    pred = np.array([[0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 1, 0, 0]])
    table = scores_table("rules", gold, pred, codes, _book_ab())
    keys = zip(table["level"], table["code"], strict=True)
    notes = dict(zip(keys, score_notes(table), strict=True))
    macro = table.set_index(["level", "code"]).loc[("macro", "(all codes)")]
    assert macro["precision"] == pytest.approx(0.5)  # A.X: 1 of 2; A.Y undefined
    assert notes[("macro", "(all codes)")] == (
        "precision: mean of 1 of 2 codes (undefined for A.Y: nothing predicted)"
    )
    assert notes[("code", "A.Y")] == "precision undefined: nothing predicted"
    assert notes[("code", "A.X")] == ""


def test_a_coder_listed_twice_is_refused(invoke, three_coders) -> None:
    """`--coders alice,alice,bob` counted alice twice: COOP.LIEU's alpha 0.72 instead of 0.57."""
    result = invoke("agreement", "--coders", "alice,alice,bob", "--format", "csv")
    assert result.exit_code == 1
    assert result.stdout.startswith("Error") or "code," not in result.stdout
    assert "alice is listed twice in --coders: list each coder once" in result.output


def test_interviewer_turns_as_units_leave_the_title_lines_out(invoke, three_coders) -> None:
    """--include-interviewer counts the interviewers' turns, not the title lines (« Entretien
    avec la directrice, pôle A »), which nobody codes and which inflated agreement."""
    plain = invoke("agreement", "--coders", "alice,bob", "--format", "json")
    assert "unit: segment (5 units)" in plain.stderr
    turns = invoke(
        "agreement", "--coders", "alice,bob", "--include-interviewer", "--format", "json"
    )
    assert turns.exit_code == 0, turns.output
    # pole-a: 2 questions + 3 answers; pole-b: 2 questions + 2 answers; no title line
    assert "unit: segment (9 units)" in turns.stderr
    assert _rows(turns)["COOP.LIEU"]["units"] == 9
