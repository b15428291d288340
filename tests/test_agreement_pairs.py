"""`agreement --pairs`: in a group of coders, who codes unlike whom. Each pair is compared on
the documents both coded, its codes pooled (one decision per unit and code either coded);
figures worked out by hand below, as fractions."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import Result

from tests.test_agreement_cli import segment_spans, write_codings

# Interviewee segments of the test corpus: a2, a4, a5 (pole-a), b2, b4 (pole-b).
# L = COOP.LIEU, A = COOP.ACHATS, P = ECO.PUBLIC; presence over (a2, a4, a5, b2, b4):
#   alice L 1 1 0 1 1   A 0 1 1 1 0   P 1 0 1 0 1
#   bob   L 1 1 0 1 0   A 0 1 1 0 0   P 1 0 1 0 1   (alice's on pole-a)
#   carol L 1 0 0 . .   A 1 0 0 . .   P 0 1 0 . .   (pole-a only)
#   dave  L . . . 1 1   A . . . 0 0   P . . . 0 1   (pole-b only)
#   eve   L 0 1 1 0 1   A 1 1 0 0 0   P 1 0 1 1 0
GROUP = {
    "alice": [
        *(("COOP.LIEU", u) for u in ("a2", "a4", "b2", "b4")),
        *(("COOP.ACHATS", u) for u in ("a4", "a5", "b2")),
        *(("ECO.PUBLIC", u) for u in ("a2", "a5", "b4")),
    ],
    "bob": [
        *(("COOP.LIEU", u) for u in ("a2", "a4", "b2")),
        *(("COOP.ACHATS", u) for u in ("a4", "a5")),
        *(("ECO.PUBLIC", u) for u in ("a2", "a5", "b4")),
    ],
    "carol": [("COOP.LIEU", "a2"), ("COOP.ACHATS", "a2"), ("ECO.PUBLIC", "a4")],
    "dave": [("COOP.LIEU", "b2"), ("COOP.LIEU", "b4"), ("ECO.PUBLIC", "b4")],
    "eve": [
        *(("COOP.LIEU", u) for u in ("a4", "a5", "b4")),
        *(("COOP.ACHATS", u) for u in ("a2", "a4")),
        *(("ECO.PUBLIC", u) for u in ("a2", "a5", "b2")),
    ],
}
STATS = ("percent", "cohen_kappa", "krippendorff_alpha", "gwet_ac1")
F = Fraction
# (documents, units, codes, decisions, coded_decisions, percent, kappa, alpha, AC1), by hand:
# a pair's 2×2 table of its decisions (n11, n10, n01, n00) gives po = (n11 + n00) / n,
# kappa = (po - pe) / (1 - pe) with pe from each coder's share of 1s; alpha (nominal, two
# coders) = 1 - (2n - 1) · 2·disagreements / (2 · ones · zeros) over the 2n values; AC1 with
# pe = 2 π (1 - π), π the share of 1s among the 2n values.
PAIRS = {
    # 15 decisions: 11 = 8, 10 = 2, 01 = 0, 00 = 5 (alice's L b4 and A b2)
    ("alice", "bob"): (2, 5, 3, 15, 10, F(260, 3), F(8, 11), F(79, 108), F(29, 39)),
    # pole-a, 9 decisions: 11 = 1 (L a2), 10 = 5, 01 = 2, 00 = 1
    ("alice", "carol"): (1, 3, 3, 9, 8, F(200, 9), F(-2, 5), F(-38, 81), F(-5, 9)),
    # pole-b, 6 decisions: they differ on A b2 only
    ("alice", "dave"): (1, 2, 3, 6, 4, F(250, 3), F(2, 3), F(24, 35), F(25, 37)),
    ("bob", "carol"): (1, 3, 3, 9, 8, F(200, 9), F(-2, 5), F(-38, 81), F(-5, 9)),
    # pole-b: neither coded COOP.ACHATS there, so 2 codes, 4 decisions; they differ on L b4
    ("bob", "dave"): (1, 2, 2, 4, 3, F(75), F(1, 2), F(8, 15), F(9, 17)),
}


@pytest.fixture
def group(invoke: Callable[..., Result], imported: Path) -> Path:
    spans = segment_spans(invoke, imported)
    for coder, items in GROUP.items():
        write_codings(imported / f"{coder}.csv", coder, items, spans)
        result = invoke("codings", "import", str(imported / f"{coder}.csv"))
        assert result.exit_code == 0, result.output
    return imported


def _pairs(result: Result) -> dict[tuple[str, str], dict]:
    assert result.exit_code == 0, result.output
    return {(row["coder"], row["with"]): row for row in json.loads(result.stdout)}


def _said(result: Result) -> str:
    return " ".join(result.stderr.split())


def _check(row: dict, expected: tuple) -> None:
    counts, statistics = expected[:5], expected[5:]
    assert (
        row["documents"],
        row["units"],
        row["codes"],
        row["decisions"],
        row["coded_decisions"],
    ) == counts
    for name, value in zip(STATS, statistics, strict=True):
        assert row[name] == pytest.approx(float(value), abs=1e-12), name


def test_each_pair_on_the_documents_both_coded(invoke, group: Path) -> None:
    """Four coders, two of them on one pole each: each pair on what both coded, Cohen's
    kappa for every pair (it was left empty beyond two coders), carol and dave said not
    compared, and each coder's mean with the others."""
    result = invoke("agreement", "--coders", "alice,bob,carol,dave", "--pairs", "--format", "json")
    rows = _pairs(result)
    assert list(rows) == [
        *PAIRS.keys(),
        ("carol", "dave"),
        *((coder, "(mean)") for coder in ("alice", "bob", "carol", "dave")),
    ]
    for pair, expected in PAIRS.items():
        _check(rows[pair], expected)
        assert rows[pair]["pairs"] is None
    # alice-bob: 10 decisions coded by either, alpha 0.731: tentative; the others too thin
    assert rows[("alice", "bob")]["flag"] == "~ < 0.800"
    assert rows[("alice", "carol")]["flag"] == "too few coded units to conclude (< 10)"
    apart = rows[("carol", "dave")]
    assert (apart["documents"], apart["units"], apart["decisions"]) == (0, 0, 0)
    assert all(apart[name] is None for name in STATS)
    assert apart["note"] == "no document coded by both"
    assert apart["flag"] == "not compared"
    # each coder's mean over their pairs, unweighted
    alice = rows[("alice", "(mean)")]
    assert alice["pairs"] == 3
    assert alice["krippendorff_alpha"] == pytest.approx(
        float((F(79, 108) + F(-38, 81) + F(24, 35)) / 3), abs=1e-12
    )
    assert alice["percent"] == pytest.approx(float((F(260, 3) + F(200, 9) + F(250, 3)) / 3))
    assert alice["flag"] == "✗ < 0.667"  # 0.316
    assert alice["note"] == (
        "mean of 3 pairs (bob, carol, dave); 2 of them on fewer than 10 coded decisions"
    )
    carol = rows[("carol", "(mean)")]
    assert carol["pairs"] == 2
    assert carol["cohen_kappa"] == pytest.approx(-0.4, abs=1e-12)
    assert carol["note"] == (
        "mean of 2 pairs (alice, bob); 2 of them on fewer than 10 coded decisions; "
        "not compared with dave"
    )
    assert carol["flag"] == "too few coded units to conclude (< 10)"  # every pair is
    said = _said(result)
    assert "4 coders, 6 pairs: each pair on the documents both coded, unit: segment" in said
    assert "Not compared: carol and dave: no document coded by both" in said
    assert (
        "Warning: too few coded units to conclude for 4 pairs (fewer than 10 decisions coded "
        "by either): alice–carol, alice–dave, bob–carol, bob–dave." in said
    )
    assert "Below Krippendorff's 0.800, lowest first: alice–bob (alpha 0.731)" in said
    assert "Cohen's kappa compares two coders" not in said


def test_a_pair_is_the_two_coders_table_pooled(invoke, group: Path) -> None:
    """A pair's data are those of `agreement --coders A,B`: its percent is that table's
    mean (every code has the same units), its decisions the units times its codes."""
    pair = _pairs(invoke("agreement", "--coders", "alice,bob,eve", "--pairs", "--format", "json"))
    table = json.loads(invoke("agreement", "--coders", "alice,eve", "--format", "json").stdout)
    mean = table[-1]
    assert mean["code"] == "(mean)"
    row = pair[("alice", "eve")]
    assert row["percent"] == pytest.approx(mean["percent"], abs=1e-12)
    assert row["decisions"] == mean["units"] * (len(table) - 1)
    # alice-eve, 15 decisions: 11 = 5, 10 = 5, 01 = 3, 00 = 2; bob-eve: 11 = 4, 10 = 4,
    # 01 = 4, 00 = 3; both readable (13 and 12 coded decisions) and below 0.667
    _check(row, (2, 5, 3, 15, 13, F(140, 3), F(-1, 11), F(-2, 27), F(-1, 39)))
    _check(pair[("bob", "eve")], (2, 5, 3, 15, 12, F(140, 3), F(-1, 14), F(-1, 28), F(-7, 113)))
    assert pair[("alice", "eve")]["flag"] == pair[("bob", "eve")]["flag"] == "✗ < 0.667"
    assert pair[("eve", "(mean)")]["flag"] == "✗ < 0.667"
    assert pair[("eve", "(mean)")]["note"] == "mean of 2 pairs (alice, bob)"


def test_the_lowest_pairs_are_named_first(invoke, group: Path) -> None:
    result = invoke("agreement", "--coders", "alice,bob,eve", "--pairs", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert (
        "Below Krippendorff's 0.800, lowest first: alice–eve (alpha -0.074), bob–eve "
        "(alpha -0.036), alice–bob (alpha 0.731)" in _said(result)
    )


def test_the_options_apply_to_each_pair(invoke, group: Path) -> None:
    by_document = _pairs(
        invoke(
            "agreement",
            "--coders",
            "alice,bob",
            "--pairs",
            "--unit",
            "document",
            "--format",
            "json",
        )
    )
    # two documents × 3 codes; alice coded all six, bob all but COOP.ACHATS in pole-b:
    # po = pe = 5/6, so kappa and alpha are 0; AC1 = (5/6 - 22/144) / (1 - 22/144)
    _check(by_document[("alice", "bob")], (2, 2, 3, 6, 6, F(250, 3), F(0), F(0), F(49, 61)))
    only_a = _pairs(
        invoke(
            "agreement",
            "--coders",
            "alice,bob,carol",
            "--pairs",
            "--document",
            "pole-a/directrice.txt",
            "--format",
            "json",
        )
    )
    # on pole-a alice and bob coded alike
    _check(only_a[("alice", "bob")], (1, 3, 3, 9, 6, F(100), F(1), F(1), F(1)))
    _check(only_a[("bob", "carol")], PAIRS[("bob", "carol")])
    achats = _pairs(
        invoke(
            "agreement",
            "--coders",
            "alice,bob,dave",
            "--pairs",
            "--codes",
            "COOP.ACHATS",
            "--format",
            "json",
        )
    )
    # COOP.ACHATS alone: alice 0 1 1 1 0, bob 0 1 1 0 0 -> 4 of 5
    assert achats[("alice", "bob")]["percent"] == pytest.approx(80.0, abs=1e-12)
    assert achats[("alice", "dave")]["decisions"] == 2  # alice's b2 against dave's nothing
    nothing = achats[("bob", "dave")]
    assert (nothing["documents"], nothing["units"], nothing["decisions"]) == (1, 2, 0)
    assert nothing["note"] == (
        "neither coded a code starting with 'COOP.ACHATS' on their 2 common units"
    )
    assert nothing["flag"] == "not compared"
    axes = _pairs(
        invoke("agreement", "--coders", "alice,bob", "--pairs", "--level", "1", "--format", "json")
    )
    # COOP (LIEU or ACHATS): alice 1 1 1 1 1, bob 1 1 1 1 0; ECO: alike -> 9 of 10
    assert axes[("alice", "bob")]["codes"] == 2
    assert axes[("alice", "bob")]["percent"] == pytest.approx(90.0, abs=1e-12)
    turns = _pairs(
        invoke(
            "agreement",
            "--coders",
            "alice,bob",
            "--pairs",
            "--include-interviewer",
            "--format",
            "json",
        )
    )
    assert turns[("alice", "bob")]["units"] == 9  # and 4 interviewer turns coded by nobody
    assert turns[("alice", "bob")]["decisions"] == 27


def test_the_formats(invoke, group: Path) -> None:
    arguments = ("agreement", "--coders", "alice,bob,carol,dave", "--pairs", "--format")
    as_csv = invoke(*arguments, "csv")
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert list(rows[0]) == [
        "coder",
        "with",
        "pairs",
        "documents",
        "units",
        "codes",
        "decisions",
        "coded_decisions",
        *STATS,
        "note",
        "flag",
    ]
    assert len(rows) == 6 + 4
    apart = next(r for r in rows if (r["coder"], r["with"]) == ("carol", "dave"))
    assert (apart["documents"], apart["krippendorff_alpha"], apart["flag"]) == (
        "0",
        "",
        "not compared",
    )
    first = rows[0]
    assert (first["documents"], first["units"], first["pairs"]) == ("2", "5", "")
    assert float(first["cohen_kappa"]) == pytest.approx(8 / 11, abs=1e-12)
    as_table = invoke(*arguments, "table")
    assert as_table.exit_code == 0, as_table.output
    lines = as_table.stdout.splitlines()
    alice_bob = next(line for line in lines if "alice" in line and "bob" in line)
    assert "0.7273" in alice_bob and "0.7315" in alice_bob and "~ < 0.800" in alice_bob
    carol_dave = next(line for line in lines if "carol" in line and "dave" in line)
    assert "not compared" in carol_dave
    assert sum("(mean)" in line for line in lines) == 4


def test_pairs_need_two_coders_and_no_disagreements_sheet(invoke, group: Path) -> None:
    alone = invoke("agreement", "--coders", "alice", "--pairs", "--format", "json")
    assert alone.exit_code == 1
    assert alone.stdout.startswith("Error") or "[" not in alone.stdout
    assert (
        "--pairs compares each pair of the listed coders; 1 listed (alice): list at least "
        "two, --coders A,B,C" in " ".join(alone.output.split())
    )
    twice = invoke("agreement", "--coders", "alice,bob,alice", "--pairs")
    assert twice.exit_code == 1
    assert "alice is listed twice in --coders: list each coder once" in twice.output
    unknown = invoke("agreement", "--coders", "alice,zoe", "--pairs")
    assert unknown.exit_code == 1
    assert "no codings by zoe" in unknown.output
    sheet = group / "desaccords.xlsx"
    both = invoke("agreement", "--coders", "alice,bob", "--pairs", "--disagreements", str(sheet))
    assert both.exit_code == 1
    assert (
        "--disagreements lists the units where the coders differ on the documents they all "
        "coded: leave --pairs out to write it" in " ".join(both.output.split())
    )
    assert not sheet.exists()


def test_the_per_code_table_of_three_coders_points_to_pairs(invoke, group: Path) -> None:
    result = invoke("agreement", "--coders", "alice,bob,eve", "--format", "json")
    assert result.exit_code == 0, result.output
    assert (
        "Cohen's kappa compares two coders: it is left empty for 3; compare a pair with "
        "--coders alice,bob, or every pair with --pairs." in _said(result)
    )


def test_a_statistic_undefined_for_a_pair_is_said_in_its_mean(invoke, group: Path) -> None:
    """COOP.ACHATS by document: alice 1 1, bob 1 0, carol 1 (pole-a); alice and carol (and bob
    and carol) agree on their one decision, a single category: no kappa, alpha nor AC1."""
    rows = _pairs(
        invoke(
            "agreement",
            "--coders",
            "alice,bob,carol",
            "--pairs",
            "--unit",
            "document",
            "--codes",
            "COOP.ACHATS",
            "--format",
            "json",
        )
    )
    # alice-bob: (1, 1), (1, 0): po = pe = 1/2; alpha 1 - 3·2/(2·3·1) = 0; AC1 π = 3/4
    _check(rows[("alice", "bob")], (2, 2, 1, 2, 2, F(50), F(0), F(0), F(1, 5)))
    with_carol = rows[("alice", "carol")]
    assert (with_carol["decisions"], with_carol["percent"]) == (1, 100.0)
    assert with_carol["krippendorff_alpha"] is None
    assert (
        "Krippendorff's alpha is undefined: pairable units hold a single value"
        in (with_carol["note"])
    )
    alice = rows[("alice", "(mean)")]
    assert alice["percent"] == pytest.approx(75.0, abs=1e-12)
    assert alice["krippendorff_alpha"] == pytest.approx(0.0, abs=1e-12)
    assert alice["note"] == (
        "mean of 2 pairs (bob, carol); cohen_kappa, krippendorff_alpha, gwet_ac1: of 1 "
        "(undefined with carol); 2 of them on fewer than 10 coded decisions"
    )
    carol = rows[("carol", "(mean)")]
    assert carol["krippendorff_alpha"] is None
    assert (
        "cohen_kappa, krippendorff_alpha, gwet_ac1: of 0 (undefined with alice, bob)"
        in (carol["note"])
    )
