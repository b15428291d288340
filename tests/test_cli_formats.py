"""The exact output of `--format csv` and `--format json`: the whole of standard output, parsed,
against the table expected from a small known project.

The project is the test one (tests/data: two poles, five interviewee segments) with two
coders' codings listed below, or the five-pole project of test_compare_cli whose layout fixes
the answer. Expected tables are derived here from those lists (or from the test codebook and
corpus files), not copied from a run. CSV and JSON must give the same rows; nothing but the
data may be on standard output (messages go to standard error).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from itertools import combinations_with_replacement
from pathlib import Path
from typing import Any

import krippendorff
import numpy as np
import pytest
import yaml
from click.testing import CliRunner, Result
from sklearn.metrics import cohen_kappa_score

from ptce_coding.cli import cli
from ptce_coding.store import Store
from tests.test_compare_cli import CASES, COMPARE, LAYOUT, build, set_compare

DATA = Path(__file__).parent / "data"
FORMATS = ["csv", "json"]
Row = dict[str, Any]

# Interviewee segments of the test corpus: (document, segment number, case).
A, B = "pole-a/directrice.txt", "pole-b/membre.md"
UNITS = {
    "a2": (A, 2, "pole-a"),
    "a4": (A, 4, "pole-a"),
    "a5": (A, 5, "pole-a"),
    "b2": (B, 2, "pole-b"),
    "b4": (B, 4, "pole-b"),
}
CODINGS = {
    "alice": [
        ("COOP.LIEU", "a2"),
        ("COOP.LIEU", "b2"),
        ("ECO.PUBLIC", "a2"),
        ("ECO.PUBLIC", "a5"),
        ("ECO.PUBLIC", "b4"),
        ("COOP.ACHATS", "a4"),
    ],
    "bob": [
        ("COOP.LIEU", "a2"),
        ("ECO.PUBLIC", "a5"),
        ("ECO.PUBLIC", "b4"),
        ("COOP.ACHATS", "a4"),
        ("COOP.ACHATS", "a5"),
    ],
}
# The test codebook's codes, in its order.
CODES = ["COOP", "COOP.LIEU", "COOP.ACHATS", "ECO", "ECO.PUBLIC"]


# --- reading the output ----------------------------------------------------------------------


def rows_of(result: Result, output_format: str, columns: Sequence[str]) -> list[Row]:
    """The rows on standard output, checking that it holds the table and nothing else."""
    assert result.exit_code == 0, result.output
    out = result.stdout
    if output_format == "json":
        rows = json.loads(out)  # fails on anything but one JSON document
        assert isinstance(rows, list)
        assert all(list(row) == list(columns) for row in rows)
        return rows
    assert out.endswith("\n") and "\r" not in out
    header, *records = list(csv.reader(io.StringIO(out)))
    assert header == list(columns)
    assert all(len(record) == len(columns) for record in records)
    return [dict(zip(columns, record, strict=True)) for record in records]


def as_csv(row: Row) -> Row:
    """How a row of values is written in CSV: None empty, a yes-or-no value « yes » or
    « no », numbers as Python prints them."""
    return {key: _csv_cell(value) for key, value in row.items()}


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def assert_table(result: Result, output_format: str, expected: list[Row]) -> None:
    """The whole output equals the expected rows, floats to 1e-12 relative."""
    columns = list(expected[0])
    rows = rows_of(result, output_format, columns)
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected, strict=True):
        floats = [key for key, value in want.items() if isinstance(value, float)]
        exact = want if output_format == "json" else as_csv(want)
        assert {k: v for k, v in row.items() if k not in floats} == {
            k: v for k, v in exact.items() if k not in floats
        }
        if output_format == "json":  # 3 is not 3.0 nor "3"
            assert {k: type(v) for k, v in row.items()} == {k: type(v) for k, v in want.items()}
        got = {key: float(row[key]) for key in floats}
        assert got == pytest.approx({key: want[key] for key in floats}, rel=1e-12)


# --- the projects ----------------------------------------------------------------------------


def segment_spans(root: Path, runner: CliRunner) -> dict[tuple[str, int], tuple[int, int]]:
    out = root / "segments.csv"
    result = runner.invoke(cli, ["segments", "export", str(out), "--project", str(root)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        return {
            (row["document"], int(row["segment"])): (int(row["start"]), int(row["end"]))
            for row in csv.DictReader(handle)
        }


@pytest.fixture
def coded(
    invoke: Callable[..., Result],
    tmp_project: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """The test project, imported, with alice's and bob's codings (accepted), by « anne »."""
    monkeypatch.setenv("LOGNAME", "anne")  # the user name getpass finds: events, memos
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    spans = segment_spans(tmp_project, runner)
    for coder, items in CODINGS.items():
        path = tmp_project / f"{coder}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["document", "start", "end", "code", "coder"])
            for code, unit in items:
                document, number, _ = UNITS[unit]
                writer.writerow([document, *spans[document, number], code, coder])
        result = invoke("codings", "import", str(path))
        assert result.exit_code == 0, result.output
    return tmp_project


@pytest.fixture(scope="module")
def five_poles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("formats") / "study"
    build(root, CliRunner(), LAYOUT)
    set_compare(root, COMPARE)
    return root


def run_on(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--project", str(root)])


def coded_units() -> dict[str, set[str]]:
    """Code → the units any coder coded with it."""
    units: dict[str, set[str]] = {code: set() for code in CODES}
    for items in CODINGS.values():
        for code, unit in items:
            units[code].add(unit)
    return units


# --- corpus and codebook ---------------------------------------------------------------------


@pytest.mark.parametrize("output_format", FORMATS)
def test_documents(invoke: Callable[..., Result], tmp_project: Path, output_format: str) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    corpus = DATA / "corpus"
    expected = [
        {
            "document": A,
            "case": "pole-a",
            "format": "txt",
            "encoding": "utf-8",
            "words": len((corpus / A).read_text(encoding="utf-8").split()),
            "counted": 16 + 7 + 8,  # Marie Dupont's three answers
            "segments": 6,  # the title line, two questions, three answers
            "speakers": "Enquêtrice,Marie Dupont",
        },
        {
            "document": B,
            "case": "pole-b",
            "format": "md",
            "encoding": "utf-8",
            "words": len((corpus / B).read_text(encoding="utf-8").split()),
            "counted": 18 + 6,  # R's two answers
            "segments": 5,
            "speakers": "Q,R",
        },
    ]
    assert_table(invoke("documents", "--format", output_format), output_format, expected)


@pytest.mark.parametrize("output_format", FORMATS)
def test_codebook_show(invoke: Callable[..., Result], output_format: str) -> None:
    book = yaml.safe_load((DATA / "codebook.yaml").read_text(encoding="utf-8"))
    expected: list[Row] = []

    def walk(codes: list[dict[str, Any]], parent: str, depth: int) -> None:
        for code in codes:
            expected.append(
                {
                    "id": code["id"],
                    "label": code["label"],
                    "parent": parent,
                    "depth": depth,
                    "rules": len(code.get("rules", [])),
                    "definition": code["definition"],
                }
            )
            walk(code.get("children", []), code["id"], depth + 1)

    walk(book["codes"], "", 1)
    assert [row["id"] for row in expected] == CODES
    assert_table(invoke("codebook", "show", "--format", output_format), output_format, expected)


# --- matrices --------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", FORMATS)
def test_matrix_case_by_code(coded: Path, output_format: str) -> None:
    """Coded interviewee segments per case and code (by any coder, each segment once)."""
    units = coded_units()
    expected = [
        {"case": case} | {code: sum(UNITS[u][2] == case for u in units[code]) for code in CODES}
        for case in ("pole-a", "pole-b")
    ]
    assert expected[0]["COOP.ACHATS"] == 2 and expected[1]["ECO.PUBLIC"] == 1
    assert_table(run_on(coded, "matrix", "--format", output_format), output_format, expected)


@pytest.mark.parametrize("output_format", FORMATS)
def test_matrix_level_1_presence(coded: Path, output_format: str) -> None:
    """Codes rolled up to their axis; presence is 1 when a case has a segment coded with it."""
    units = coded_units()
    axes = {"COOP": ("COOP.LIEU", "COOP.ACHATS"), "ECO": ("ECO.PUBLIC",)}
    count = [
        {"case": case}
        | {
            axis: len({u for code in codes for u in units[code] if UNITS[u][2] == case})
            for axis, codes in axes.items()
        }
        for case in ("pole-a", "pole-b")
    ]
    assert count == [
        {"case": "pole-a", "COOP": 3, "ECO": 2},
        {"case": "pole-b", "COOP": 1, "ECO": 1},
    ]
    result = run_on(coded, "matrix", "--level", "1", "--format", output_format)
    assert_table(result, output_format, count)
    presence = [{k: v if k == "case" else int(v > 0) for k, v in row.items()} for row in count]
    result = run_on(
        coded, "matrix", "--level", "1", "--value", "presence", "--format", output_format
    )
    assert_table(result, output_format, presence)


@pytest.mark.parametrize("output_format", FORMATS)
def test_matrix_cooccurrence(coded: Path, output_format: str) -> None:
    """Segments coded with both codes (the diagonal: with the code)."""
    units = coded_units()
    both = {(a, b): len(units[a] & units[b]) for a, b in combinations_with_replacement(CODES, 2)}
    expected = [{"code": a} | {b: both.get((a, b), both.get((b, a))) for b in CODES} for a in CODES]
    assert expected[4]["ECO.PUBLIC"] == 3 and expected[1]["ECO.PUBLIC"] == 1
    result = run_on(coded, "matrix", "--kind", "cooccurrence", "--format", output_format)
    assert_table(result, output_format, expected)


# --- agreement -------------------------------------------------------------------------------


def gwet_ac1(first: list[int], second: list[int]) -> float:
    observed = np.mean(np.array(first) == np.array(second))
    share = (np.mean(first) + np.mean(second)) / 2
    chance = 2 * share * (1 - share)
    return float((observed - chance) / (1 - chance))


@pytest.mark.parametrize("output_format", FORMATS)
def test_agreement(coded: Path, output_format: str) -> None:
    order = ["a2", "a4", "a5", "b2", "b4"]
    expected: list[Row] = []
    for code in ("COOP.LIEU", "COOP.ACHATS", "ECO.PUBLIC"):
        first, second = (
            [int((code, unit) in CODINGS[coder]) for unit in order] for coder in ("alice", "bob")
        )
        expected.append(
            {
                "code": code,
                "units": len(order),
                "coded_units": sum(a or b for a, b in zip(first, second, strict=True)),
                "percent": 100 * float(np.mean(np.array(first) == np.array(second))),
                "cohen_kappa": float(cohen_kappa_score(first, second)),
                "krippendorff_alpha": float(
                    krippendorff.alpha(
                        reliability_data=[first, second], level_of_measurement="nominal"
                    )
                ),
                "gwet_ac1": gwet_ac1(first, second),
                "note": "",
                # 5 units: too few to read alpha, in every format
                "flag": "too few coded units to conclude (< 10)",
            }
        )
    statistics = ("percent", "cohen_kappa", "krippendorff_alpha", "gwet_ac1")
    mean = {key: float(np.mean([row[key] for row in expected])) for key in statistics}
    # every code on too few coded units: the mean of them is not read either
    expected.append(
        {"code": "(mean)", "units": 5, "coded_units": None}
        | mean
        | {
            "note": "mean of 3 codes; 3 of them on fewer than 10 coded units",
            "flag": "too few coded units to conclude (< 10)",
        }
    )
    assert expected[0]["cohen_kappa"] == pytest.approx(6 / 11)  # (0.8 - 0.56) / (1 - 0.56)
    result = run_on(coded, "agreement", "--coders", "alice,bob", "--format", output_format)
    assert_table(result, output_format, expected)


# --- memos -----------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", FORMATS)
def test_memo_list(coded: Path, output_format: str) -> None:
    first = run_on(coded, "memo", "add", "Premier mémo", "--code", "COOP.LIEU", "--title", "Locaux")
    assert first.exit_code == 0, first.output
    second = run_on(coded, "memo", "add", "Second, avec « guillemets »", "--case", "pole-b")
    assert second.exit_code == 0, second.output
    result = run_on(coded, "memo", "list", "--format", output_format)
    columns = ["id", "target_kind", "target", "title", "author", "updated_at", "text"]
    rows = rows_of(result, output_format, columns)
    stamp = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00")
    assert all(stamp.fullmatch(row["updated_at"]) for row in rows)
    expected = [  # the latest first
        {
            "id": 2,
            "target_kind": "case",
            "target": "pole-b",
            "title": "",
            "author": "anne",
            "updated_at": rows[0]["updated_at"],
            "text": "Second, avec « guillemets »",
        },
        {
            "id": 1,
            "target_kind": "code",
            "target": "COOP.LIEU",
            "title": "Locaux",
            "author": "anne",
            "updated_at": rows[1]["updated_at"],
            "text": "Premier mémo",
        },
    ]
    assert_table(result, output_format, expected)


# --- compare (five poles) --------------------------------------------------------------------


def case_attributes() -> dict[str, Row]:
    return {row["case"]: row for row in csv.DictReader(io.StringIO(CASES))}


@pytest.mark.slow  # matplotlib figures
@pytest.mark.parametrize("output_format", FORMATS)
def test_compare_typology(five_poles: Path, output_format: str) -> None:
    """Poles 1–2 (shared premises) make one type, poles 3–5 (public funding) the other."""
    cases = case_attributes()
    expected = [
        {
            "case": pole,
            "type": 1 if pole in ("pole-1", "pole-2") else 2,
            "gouvernance": cases[pole]["gouvernance"],
            "laureat": cases[pole]["laureat"],
            "nom": cases[pole]["nom"],
        }
        for pole in LAYOUT
    ]
    result = run_on(five_poles, "compare", "typology", "--format", output_format)
    assert_table(result, output_format, expected)


@pytest.mark.slow  # several commands on a project (about a second)
@pytest.mark.parametrize("output_format", FORMATS)
def test_compare_qca_truth_table(five_poles: Path, output_format: str) -> None:
    """Conditions: at least 2 segments coded (compare.qca.min_segments); outcome: laureat
    unless « non». Observed configurations only, the consistent one first."""
    cases = case_attributes()
    present = {
        pole: (int(lieu >= 2), int(public >= 2)) for pole, (lieu, _, public) in LAYOUT.items()
    }
    outcome = {pole: int(cases[pole]["laureat"] != "non") for pole in LAYOUT}
    expected = []
    for lieu, public in ((1, 0), (0, 1)):
        poles = [pole for pole in LAYOUT if present[pole] == (lieu, public)]
        consistency = sum(outcome[pole] for pole in poles) / len(poles)
        expected.append(
            {
                "row": 1 + 2 * lieu + public,
                "COOP.LIEU": lieu,
                "ECO.PUBLIC": public,
                "OUT": {1.0: "1", 0.0: "0"}.get(consistency, "C"),
                "n": len(poles),
                "consistency": consistency,
                "cases": ",".join(poles),
            }
        )
    assert [row["OUT"] for row in expected] == ["1", "C"]
    result = run_on(five_poles, "compare", "qca", "--format", output_format)
    assert_table(result, output_format, expected)


@pytest.mark.slow  # matplotlib figures
@pytest.mark.parametrize("output_format", FORMATS)
def test_compare_ca_inertia(five_poles: Path, output_format: str) -> None:
    """Correspondence analysis of the pole × code counts (codes never coded left out): each
    axis's inertia is a squared singular value of the standardised residuals."""
    counts = np.array([[lieu, achats, public] for lieu, achats, public in LAYOUT.values()], float)
    share = counts / counts.sum()
    rows, columns = share.sum(axis=1), share.sum(axis=0)
    residuals = (share - np.outer(rows, columns)) / np.sqrt(np.outer(rows, columns))
    inertia = np.linalg.svd(residuals, compute_uv=False) ** 2
    inertia = inertia[inertia > 1e-12]
    percent = 100 * inertia / inertia.sum()
    expected = [
        {
            "axis": axis,
            "inertia": float(value),
            "percent": float(part),
            "cumulative": float(percent[:axis].sum()),
        }
        for axis, (value, part) in enumerate(zip(inertia, percent, strict=True), start=1)
    ]
    assert len(expected) == 2
    result = run_on(five_poles, "compare", "ca", "--format", output_format)
    assert_table(result, output_format, expected)


# --- team and evolution ----------------------------------------------------------------------

ASSIGNMENTS = """
assignments:
  coders:
    alice: [pole-a]
    bob: [pole-b/*.md]
  double_coding:
    share: 0.5
    seed: 18
"""


@pytest.mark.parametrize("output_format", FORMATS)
def test_progress(coded: Path, output_format: str) -> None:
    """Each coder's documents; seed 18 draws the directrice's interview (1 of 2) for double
    coding, so bob codes it too. Imported codings are no suggestions: nothing to decide, and
    `coded` counts them."""
    with (coded / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write(ASSIGNMENTS)
    expected = [
        {"coder": coder, "document": document, "double": double, "with": other, "coded": coded}
        | {"decided": 0, "by_threshold": 0, "pending": 0}
        for coder, document, double, other, coded in (
            ("alice", A, True, "bob", 4),
            ("bob", A, True, "alice", 4),
            ("bob", B, False, "", 1),
        )
    ]
    result = run_on(coded, "progress", "--format", output_format)
    assert_table(result, output_format, expected)


@pytest.mark.parametrize("output_format", FORMATS)
def test_codebook_diff(coded: Path, output_format: str) -> None:
    """Two renames: the diff since the version before names the last one."""
    for old, new in (("COOP.ACHATS", "COOP.GROUPES"), ("COOP.GROUPES", "COOP.ACHATS_GROUPES")):
        renamed = run_on(coded, "codebook", "rename", old, new)
        assert renamed.exit_code == 0, renamed.output
    expected = [{"change": "renamed", "code": "COOP.ACHATS_GROUPES", "detail": "was COOP.GROUPES"}]
    result = run_on(coded, "codebook", "diff", "--format", output_format)
    assert_table(result, output_format, expected)


@pytest.mark.parametrize("output_format", FORMATS)
def test_history_of_imported_codings(coded: Path, output_format: str) -> None:
    """One event per import, after the six of the corpus import (two cases, two documents,
    their attributes) and the codebook version the first import records (its codings are
    made under it), with the file's name and the ids of the codings it added (`history
    --coding` finds them by it); the time is checked for its form."""
    with Store(coded / "coding.sqlite") as store:
        ids = {c: [row.id for row in store.coding_rows(coders=[c])] for c in CODINGS}
    result = run_on(coded, "history", "--action", "codings.add", "--format", output_format)
    columns = ["id", "at", "actor", "command", "action", "summary"]
    rows = rows_of(result, output_format, columns)
    stamp = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00")
    assert len(rows) == 2 and all(stamp.fullmatch(row["at"]) for row in rows)
    expected = [
        {
            "id": 8 + index,
            "at": row["at"],
            "actor": "anne",
            "command": "codings import",
            "action": "codings.add",
            "summary": json.dumps(
                {
                    "file": f"{coder}.csv",
                    "added": len(items),
                    "already_present": 0,
                    "coders": [coder],
                    "documents": sorted({UNITS[unit][0] for _, unit in items}),
                    "codes": sorted({code for code, _ in items}),
                    "codings": sorted(ids[coder]),
                },
                ensure_ascii=False,
            ),
        }
        for index, ((coder, items), row) in enumerate(zip(CODINGS.items(), rows, strict=True))
    ]
    assert_table(result, output_format, expected)
