"""Two coders' codings imported, agreement per code, disagreements and consensus."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import krippendorff
import numpy as np
import openpyxl
import pytest
from sklearn.metrics import cohen_kappa_score

from ptce_coding.app.project import find_project

# Interviewee segments of the test corpus, in order: a2, a4, a5 (pole-a), b2, b4 (pole-b).
UNITS = {
    "a2": ("pole-a/directrice.txt", "Oui, nous avons"),
    "a4": ("pole-a/directrice.txt", "Les achats"),
    "a5": ("pole-a/directrice.txt", "Et puis le FSE"),
    "b2": ("pole-b/membre.md", "Non, il n'y a"),
    "b4": ("pole-b/membre.md", "Une subvention"),
}
ALICE = [
    ("COOP.LIEU", "a2"),
    ("COOP.LIEU", "b2"),
    ("ECO.PUBLIC", "a2"),
    ("ECO.PUBLIC", "a5"),
    ("ECO.PUBLIC", "b4"),
    ("COOP.ACHATS", "a4"),
]
BOB = [
    ("COOP.LIEU", "a2"),
    ("ECO.PUBLIC", "a5"),
    ("ECO.PUBLIC", "b4"),
    ("COOP.ACHATS", "a4"),
    ("COOP.ACHATS", "a5"),
]
# Presence over (a2, a4, a5, b2, b4), derived by hand from the lists above.
EXPECTED = {
    "COOP.LIEU": ([1, 0, 0, 1, 0], [1, 0, 0, 0, 0]),
    "COOP.ACHATS": ([0, 1, 0, 0, 0], [0, 1, 1, 0, 0]),
    "ECO.PUBLIC": ([1, 0, 1, 0, 1], [0, 0, 1, 0, 1]),
}


def segment_spans(invoke, root: Path) -> dict[str, tuple[str, int, int]]:
    out = root / "segments.csv"
    assert invoke("segments", "export", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    spans = {}
    for key, (document, prefix) in UNITS.items():
        row = next(r for r in rows if r["document"] == document and r["text"].startswith(prefix))
        spans[key] = (document, int(row["start"]), int(row["end"]))
    return spans


def write_codings(path: Path, coder: str | None, items, spans, partial: str = "") -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "start", "end", "code", *(["coder"] if coder else [])])
        for code, unit in items:
            document, start, end = spans[unit]
            if unit == partial:
                end = start + 5  # a coding on part of the segment still counts
            writer.writerow([document, start, end, code, *([coder] if coder else [])])


@pytest.fixture
def two_coders(invoke, tmp_project: Path) -> Path:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    spans = segment_spans(invoke, tmp_project)
    write_codings(tmp_project / "alice.csv", "alice", ALICE, spans)
    write_codings(tmp_project / "bob.csv", None, BOB, spans, partial="a5")
    assert invoke("codings", "import", str(tmp_project / "alice.csv")).exit_code == 0
    result = invoke("codings", "import", str(tmp_project / "bob.csv"), "--coder", "bob")
    assert result.exit_code == 0, result.output
    assert "Imported 5 codings" in result.output
    return tmp_project


@pytest.mark.slow  # several commands on a project (about a second)
def test_agreement_matches_sklearn_and_krippendorff(invoke, two_coders: Path) -> None:
    result = invoke("agreement", "--coders", "alice,bob", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["code"]: row for row in json.loads(result.stdout)}
    assert list(rows) == ["COOP.LIEU", "COOP.ACHATS", "ECO.PUBLIC", "(mean)"]
    for code, (alice, bob) in EXPECTED.items():
        row = rows[code]
        assert row["units"] == 5
        assert row["coded_units"] == int(np.max([alice, bob], axis=0).sum())
        assert row["percent"] == pytest.approx(100 * np.mean(np.equal(alice, bob)), abs=1e-3)
        assert row["cohen_kappa"] == pytest.approx(cohen_kappa_score(alice, bob), abs=1e-4)
        alpha = krippendorff.alpha(reliability_data=[alice, bob], level_of_measurement="nominal")
        assert row["krippendorff_alpha"] == pytest.approx(alpha, abs=1e-4)
    kappas = [rows[code]["cohen_kappa"] for code in EXPECTED]
    assert rows["(mean)"]["cohen_kappa"] == pytest.approx(np.mean(kappas), abs=1e-4)
    assert "2 document(s) coded by alice, bob; unit: segment (5 units)" in result.stderr
    # the JSON says what the table says: 5 units are too few to read alpha
    assert rows["COOP.LIEU"]["flag"] == "too few coded units to conclude (< 10)"


@pytest.mark.slow  # several commands on a project (about a second)
def test_axis_level_and_document_unit(invoke, two_coders: Path) -> None:
    level = json.loads(
        invoke("agreement", "--coders", "alice,bob", "--level", "1", "--format", "json").stdout
    )
    coop = next(row for row in level if row["code"] == "COOP")
    # COOP over (a2, a4, a5, b2, b4): alice 1,1,0,1,0 — bob 1,1,1,0,0
    assert coop["percent"] == pytest.approx(60.0)
    by_document = json.loads(
        invoke(
            "agreement", "--coders", "alice,bob", "--unit", "document", "--format", "json"
        ).stdout
    )
    lieu = next(row for row in by_document if row["code"] == "COOP.LIEU")
    assert lieu["units"] == 2 and lieu["percent"] == pytest.approx(50.0)


def test_undefined_statistics_are_empty_with_a_reason(invoke, tmp_project: Path) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    spans = segment_spans(invoke, tmp_project)
    write_codings(tmp_project / "a.csv", "alice", [("COOP.LIEU", "a2")], spans)
    write_codings(tmp_project / "b.csv", "bob", [("COOP.LIEU", "a2")], spans)
    invoke("codings", "import", str(tmp_project / "a.csv"))
    invoke("codings", "import", str(tmp_project / "b.csv"))
    rows = json.loads(invoke("agreement", "--coders", "alice,bob", "--format", "json").stdout)
    lieu = rows[0]
    assert lieu["percent"] == 100.0
    assert lieu["units"] == 3  # only pole-a was coded by both
    assert lieu["cohen_kappa"] == pytest.approx(1.0)
    table = invoke("agreement", "--coders", "alice,carol")
    assert table.exit_code == 1
    assert "no codings by carol" in table.output
    assert "Coders with codings: alice, bob." in table.output  # who can be compared
    typo = invoke("agreement", "--coders", "alice,bobb")
    assert "no codings by bobb (did you mean bob?)" in typo.output


@pytest.mark.slow  # several commands on a project (about a second)
def test_disagreements_then_consensus(invoke, two_coders: Path) -> None:
    sheet_path = two_coders / "desaccords.xlsx"
    result = invoke("agreement", "--coders", "alice,bob", "--disagreements", str(sheet_path))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(sheet_path)["disagreements"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    found = {(r["code"], r["text"][:14], r["coded by alice"], r["coded by bob"]) for r in rows}
    assert found == {
        ("COOP.LIEU", "Non, il n'y a ", 1, 0),
        ("COOP.ACHATS", "Et puis le FSE", 0, 1),
        ("ECO.PUBLIC", "Oui, nous avon", 1, 0),
    }
    decision = header.index("decision") + 1
    for number, row in enumerate(rows, start=2):
        if row["code"] == "ECO.PUBLIC":
            sheet.cell(row=number, column=decision).value = "oui"
        elif row["code"] == "COOP.LIEU":
            sheet.cell(row=number, column=decision).value = "non"
    sheet.parent.save(sheet_path)  # the ACHATS row is left undecided
    imported = invoke("codings", "import", str(sheet_path))
    assert imported.exit_code == 0, imported.output
    achats = next(n for n, r in enumerate(rows, start=2) if r["code"] == "COOP.ACHATS")
    assert (  # said, not silently left out
        f"Not imported: 1 row(s) without a decision (rows {achats}); fill `decision`"
        in " ".join(imported.output.split())
    )
    with find_project(two_coders).open_store() as store:
        consensus = [r for r in store.coding_rows(coders=["consensus"])]
    assert {(r.code, r.status) for r in consensus} == {
        ("ECO.PUBLIC", "accepted"),
        ("COOP.LIEU", "rejected"),
    }


def test_bad_rows_are_listed_and_nothing_is_imported(invoke, tmp_project: Path) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    path = tmp_project / "bad.csv"
    path.write_text(
        "document,start,end,code,coder\n"
        "pole-a/directrice.txt,0,10,COOP.LIEU,alice\n"
        "pole-a/absent.txt,0,10,COOP.LIEU,alice\n"
        "pole-a/directrice.txt,0,99999,COOP.LIEU,alice\n"
        "pole-a/directrice.txt,0,10,NOPE,alice\n"
        "pole-a/directrice.txt,x,10,COOP,alice\n",
        encoding="utf-8",
    )
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert "4 row(s) cannot be imported, so nothing was imported" in result.output
    assert "row 3: unknown document 'pole-a/absent.txt'" in result.output
    assert "row 4: 0-99999 falls outside document 'pole-a/directrice.txt'" in result.output
    assert "row 5: unknown code 'NOPE'" in result.output
    assert "row 6: start and end must be whole numbers" in result.output
    with find_project(tmp_project).open_store() as store:
        assert store.coding_rows() == []


def test_reimport_adds_nothing_and_export_round_trips(invoke, two_coders: Path) -> None:
    again = invoke("codings", "import", str(two_coders / "alice.csv"))
    assert "Imported 0 codings" in again.output and "(6 already present)" in again.output
    exported = two_coders / "export.xlsx"
    assert invoke("codings", "export", str(exported), "--coder", "alice").exit_code == 0
    back = invoke("codings", "import", str(exported))
    assert back.exit_code == 0, back.output
    assert "(6 already present)" in back.output


@pytest.mark.slow  # the French spaCy model
def test_the_rules_are_a_coder(invoke, two_coders: Path) -> None:
    assert invoke("code").exit_code == 0
    result = invoke("agreement", "--coders", "alice,rules", "--format", "json")
    assert result.exit_code == 0, result.output
    codes = {row["code"] for row in json.loads(result.stdout)}
    assert {"COOP.LIEU", "ECO.PUBLIC"} <= codes


@pytest.mark.slow  # several commands on a project (about a second)
def test_demo_double_coding_still_fits_the_demo_corpus(runner, tmp_path: Path) -> None:
    """The example codings point at the demo transcripts' current text."""
    import shutil

    from ptce_coding.cli import cli

    root = Path(__file__).parent.parent
    project = tmp_path / "demo"
    assert runner.invoke(cli, ["init", str(project)]).exit_code == 0
    shutil.rmtree(project / "corpus")
    shutil.copytree(root / "corpus", project / "corpus")
    assert (
        runner.invoke(cli, ["import", str(project / "corpus"), "--project", str(project)]).exit_code
        == 0
    )
    for coder in ("claire", "malik"):
        path = root / "examples" / "double-coding" / f"{coder}.csv"
        result = runner.invoke(cli, ["codings", "import", str(path), "--project", str(project)])
        assert result.exit_code == 0, result.output
    result = runner.invoke(
        cli,
        ["agreement", "--coders", "claire,malik", "--format", "json", "--project", str(project)],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[-1]["units"] == 49
