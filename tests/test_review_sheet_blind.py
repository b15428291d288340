"""The review spreadsheet (`review --export` / `--import`) under assignments: a coder's sheet is
their queue as the terminal review lists it. In blind double coding the second coder's sheet
lists the suggestions the first coder decided, as suggested, and its import records their own
decisions (rows of their own), as the terminal does. Before, the import took only suggestions
nobody had decided: the second coder could not review through the sheet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result
from openpyxl import load_workbook

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding, CodingRow
from ptce_coding.cli import cli
from ptce_coding.review import queue as review_queue

A = "pole-a/directrice.txt"
LIEU = "locaux partagés"
ALICES = "locaux partagés depuis 2012."  # `)` on « locaux partagés »
ACHATS = "Les achats groupés"
BLIND = (
    "\nassignments:\n  coders:\n    alice: [pole-a]\n    bob: [pole-b]\n"
    "  double_coding:\n    share: 1.0\n    seed: 1\n"
)
APART = "\nassignments:\n  coders:\n    alice: [pole-a]\n    bob: [pole-b]\n"


def assign(project: Path, assignments: str) -> None:
    settings = project / "project.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + assignments, encoding="utf-8")


def suggest(project: Path, words: str, code: str) -> int:
    """A rule suggestion of ``code`` on ``words`` in the directrice's interview; its id."""
    with find_project(project).open_store() as store:
        start = store.document(A).text.index(words)
        evidence = f"{code}#1: « {words} »"
        coding = Coding(
            A, start, start + len(words), code, "rules", "rule", "suggested", 0.8, evidence
        )
        store.add_codings([coding])
        found = store.coding_id(A, start, start + len(words), code, "rules")
    assert found is not None
    return found


def span_of(project: Path, words: str) -> tuple[int, int]:
    with find_project(project).open_store() as store:
        start = store.document(A).text.index(words)
    return start, start + len(words)


def rule_rows(project: Path) -> list[CodingRow]:
    with find_project(project).open_store() as store:
        return store.coding_rows(methods=["rule"])


def review(project: Path, *args: str, keys: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["review", *args, "--project", str(project)], input=keys)


def export_sheet(project: Path, coder: str, sheet: Path) -> list[dict[str, object]]:
    """``coder``'s review sheet, written by `review --export`: its rows as dicts."""
    result = review(project, "--coder", coder, "--export", str(sheet))
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(sheet).worksheets[0].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]  # type: ignore[arg-type]


def fill(sheet: Path, decisions: dict[int, str]) -> None:
    """The ``decision`` cell of each suggestion id's row."""
    book = load_workbook(sheet)
    rows = book.worksheets[0]
    header = [cell.value for cell in rows[1]]
    for row in rows.iter_rows(min_row=2):
        coding_id = row[header.index("id")].value
        if coding_id in decisions:
            row[header.index("decision")].value = decisions[coding_id]
    book.save(sheet)


def test_the_second_coder_decides_in_the_sheet_what_the_terminal_shows(
    imported: Path, tmp_path: Path
) -> None:
    """alice accepts « locaux partagés » one sentence longer and rejects « achats groupés » in
    the terminal; bob's sheet lists both as suggested (never alice's passage or decision), and
    its import records bob's decisions on rows of their own. Before: his export listed them,
    and the import refused every row (« is not pending in the store »)."""
    assign(imported, BLIND)
    lieu = suggest(imported, LIEU, "COOP.LIEU")
    achats = suggest(imported, ACHATS, "ECO.PUBLIC")
    first = review(imported, "--coder", "alice", keys=")ar")
    assert first.exit_code == 0, first.output
    assert "1 accepted (1 on another passage), 1 rejected" in first.output

    sheet = tmp_path / "revue-bob.xlsx"
    listed = export_sheet(imported, "bob", sheet)
    assert [(r["id"], r["start"], r["end"], r["text"]) for r in listed] == [
        (lieu, *span_of(imported, LIEU), LIEU),
        (achats, *span_of(imported, ACHATS), ACHATS),
    ]
    assert [r["decision"] for r in listed] == [None, None]
    cells = " ".join(str(value) for row in listed for value in row.values())
    assert "alice" not in cells and "depuis 2012" not in cells and "accepted" not in cells

    fill(sheet, {lieu: "accept", achats: "non"})
    result = review(imported, "--coder", "bob", "--import", str(sheet))
    assert result.exit_code == 0, result.output
    assert "Recorded 1 accepted and 1 rejected by bob (0 rows without a decision)" in result.output

    bobs = {r.origin: r for r in rule_rows(imported) if r.reviewed_by == "bob"}
    assert sorted(bobs) == sorted([lieu, achats])
    assert (bobs[lieu].status, bobs[lieu].coder, bobs[lieu].text) == ("accepted", "bob", LIEU)
    assert (bobs[achats].status, bobs[achats].coder) == ("rejected", "rules")
    # alice's decisions stay hers, on her passage
    alices = {r.id: r for r in rule_rows(imported) if r.origin is None}
    assert (alices[lieu].status, alices[lieu].reviewed_by, alices[lieu].text) == (
        "accepted",
        "alice",
        ALICES,
    )
    assert (alices[achats].status, alices[achats].reviewed_by) == ("rejected", "alice")
    # bob's queue is done, in the terminal as in a new sheet
    assert "Nothing to review." in review(imported, "--coder", "bob", keys="q").output
    done = review(imported, "--coder", "bob", "--export", str(tmp_path / "encore.xlsx"))
    assert done.exit_code == 0, done.output
    assert "Nothing to review: no suggestion waits for bob's decision" in done.output
    assert not (tmp_path / "encore.xlsx").exists()


def test_the_sheet_records_what_the_terminal_would(imported: Path, tmp_path: Path) -> None:
    """The second coder's decision made in the sheet is the row his terminal `a` makes."""
    assign(imported, BLIND)
    lieu = suggest(imported, LIEU, "COOP.LIEU")
    assert review(imported, "--coder", "alice", keys=")a").exit_code == 0
    sheet = tmp_path / "revue-bob.xlsx"
    export_sheet(imported, "bob", sheet)
    fill(sheet, {lieu: "oui"})
    assert review(imported, "--coder", "bob", "--import", str(sheet)).exit_code == 0
    [by_sheet] = [r for r in rule_rows(imported) if r.reviewed_by == "bob"]

    with find_project(imported).open_store() as store:
        review_queue.undo(store, lieu, "bob")
    assert [r for r in rule_rows(imported) if r.reviewed_by == "bob"] == []
    assert review(imported, "--coder", "bob", keys="a").exit_code == 0
    [by_terminal] = [r for r in rule_rows(imported) if r.reviewed_by == "bob"]

    def what(row: CodingRow) -> tuple[object, ...]:
        return (row.origin, row.status, row.coder, row.start, row.end, row.code, row.method)

    start, end = span_of(imported, LIEU)
    assert what(by_sheet) == what(by_terminal)
    assert what(by_sheet) == (lieu, "accepted", "bob", start, end, "COOP.LIEU", "rule")


def test_a_sheet_exported_before_the_first_coder_decided_still_imports(
    imported: Path, tmp_path: Path
) -> None:
    """bob exports while the suggestion waits; alice then accepts it on her passage. Before,
    bob's import refused the row (« is not pending in the store »): his sheet could only be
    used while nobody had decided."""
    assign(imported, BLIND)
    lieu = suggest(imported, LIEU, "COOP.LIEU")
    sheet = tmp_path / "revue-bob.xlsx"
    assert [r["id"] for r in export_sheet(imported, "bob", sheet)] == [lieu]
    assert review(imported, "--coder", "alice", keys=")a").exit_code == 0
    fill(sheet, {lieu: "reject"})
    result = review(imported, "--coder", "bob", "--import", str(sheet))
    assert result.exit_code == 0, result.output
    assert "Recorded 0 accepted and 1 rejected by bob" in result.output
    [bobs] = [r for r in rule_rows(imported) if r.reviewed_by == "bob"]
    assert (bobs.origin, bobs.status, bobs.text) == (lieu, "rejected", LIEU)
    [alices] = [r for r in rule_rows(imported) if r.reviewed_by == "alice"]
    assert (alices.id, alices.status, alices.text) == (lieu, "accepted", ALICES)


def test_a_second_coder_s_row_changed_since_the_export_is_refused_with_its_row_number(
    imported: Path, tmp_path: Path, invoke: Callable[..., Result]
) -> None:
    """The interview is imported again with a longer first line after bob's export: the
    passage suggested moved, so his row is refused with its number and what changed, and
    nothing is recorded. Before: « is not pending in the store »."""
    assign(imported, BLIND)
    lieu = suggest(imported, LIEU, "COOP.LIEU")
    assert review(imported, "--coder", "alice", keys=")a").exit_code == 0
    sheet = tmp_path / "revue-bob.xlsx"
    start, _ = span_of(imported, LIEU)
    export_sheet(imported, "bob", sheet)
    fill(sheet, {lieu: "accept"})
    path = imported / "corpus" / "pole-a" / "directrice.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Entretien avec", "Premier entretien avec"), encoding="utf-8")
    assert invoke("import", str(imported / "corpus")).exit_code == 0
    moved, _ = span_of(imported, LIEU)
    assert moved == start + len("Premier e") - len("E")

    result = review(imported, "--coder", "bob", "--import", str(sheet))
    assert result.exit_code == 1
    assert f"row 2: suggestion {lieu} starts at {moved}, not {start}" in result.output
    assert "nothing was recorded" in result.output
    assert [r for r in rule_rows(imported) if r.reviewed_by == "bob"] == []
    # exported again, the sheet imports
    export_sheet(imported, "bob", sheet)
    fill(sheet, {lieu: "accept"})
    assert review(imported, "--coder", "bob", "--import", str(sheet)).exit_code == 0
    [bobs] = [r for r in rule_rows(imported) if r.reviewed_by == "bob"]
    assert (bobs.origin, bobs.start, bobs.text) == (lieu, moved, LIEU)


def test_a_sheet_imported_twice_says_it_is_already_recorded(imported: Path, tmp_path: Path) -> None:
    """Before: « is not pending in the store », for a suggestion still pending for alice's
    partner and decided by bob himself."""
    assign(imported, BLIND)
    lieu = suggest(imported, LIEU, "COOP.LIEU")
    assert review(imported, "--coder", "alice", keys="a").exit_code == 0
    sheet = tmp_path / "revue-bob.xlsx"
    export_sheet(imported, "bob", sheet)
    fill(sheet, {lieu: "accept"})
    assert review(imported, "--coder", "bob", "--import", str(sheet)).exit_code == 0
    again = review(imported, "--coder", "bob", "--import", str(sheet))
    assert again.exit_code == 0, again.output
    assert "Recorded 0 accepted and 0 rejected by bob (1 already recorded" in again.output
    assert "alice" not in again.output  # blind: the other coder's decision is not told
    assert len([r for r in rule_rows(imported) if r.reviewed_by == "bob"]) == 1


def test_a_sheet_decides_only_the_coder_s_own_documents(imported: Path, tmp_path: Path) -> None:
    """alice's sheet (pole-a) imported as bob, who codes pole-b only. Before: bob's
    decisions were recorded, taking the suggestions out of alice's queue (the terminal and
    the web page never offer them to him)."""
    assign(imported, APART)
    lieu = suggest(imported, LIEU, "COOP.LIEU")
    sheet = tmp_path / "revue-alice.xlsx"
    assert [r["id"] for r in export_sheet(imported, "alice", sheet)] == [lieu]
    nothing = review(imported, "--coder", "bob", "--export", str(tmp_path / "revue-bob.xlsx"))
    assert "Nothing to review: no suggestion waits for bob's decision" in nothing.output
    assert not (tmp_path / "revue-bob.xlsx").exists()
    fill(sheet, {lieu: "accept"})
    result = review(imported, "--coder", "bob", "--import", str(sheet))
    assert result.exit_code == 1
    assert f"row 2: suggestion {lieu} is of {A}, assigned to alice, not to bob" in result.output
    assert [(r.status, r.reviewed_by) for r in rule_rows(imported)] == [("suggested", None)]
    result = review(imported, "--coder", "alice", "--import", str(sheet))
    assert result.exit_code == 0, result.output
    assert [(r.status, r.reviewed_by) for r in rule_rows(imported)] == [("accepted", "alice")]
