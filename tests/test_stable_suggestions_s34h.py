"""A suggestion the taggers make again keeps its id (S34 finding 3): `code` or `run`, even with
nothing changed, gave every waiting suggestion a new id, so every review workbook in
circulation was refused whole (« suggestion 199 is not pending … export again ») and an open
review page decided nothing. And a sheet whose suggestion is gone all the same decides the one
waiting on its document, passage and code, saying so; a row whose suggestion truly vanished
is refused with what to do, nothing recorded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result
from starlette.testclient import TestClient

from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.records import Coding, CodingRow
from ptce_coding.review.sheet import import_review
from ptce_coding.store import Store
from tests.test_web_api import client_for, make_web_project
from tests.test_web_more import shown_suggestions

Invoke = Callable[..., Result]
DIRECTRICE = "pole-a/directrice.txt"
SOURCES = Path(__file__).resolve().parent.parent / "src"


def store_at(root: Path) -> Store:
    return Store(root / "coding.sqlite")


def waiting(root: Path) -> list[CodingRow]:
    with store_at(root) as store:
        return store.coding_rows(statuses=["suggested"], methods=["rule", "model"])


def rules_again(root: Path, *changes: Callable[[Coding], Coding | None]) -> tuple[int, int]:
    """The rules run again on directrice.txt: each waiting rule suggestion made again as it
    is, or as ``changes`` turn it (None: not made again), with another reading (evidence,
    confidence) as a new run gives it."""
    with store_at(root) as store:
        document = store.document(DIRECTRICE)
        assert document is not None
        made: list[tuple[int, Coding]] = []
        for row in store.coding_rows(statuses=["suggested"], methods=["rule"]):
            coding: Coding | None = Coding(
                row.document,
                row.start,
                row.end,
                row.code,
                "rules",
                "rule",
                "suggested",
                confidence=0.61,
                evidence=f"{row.code}#2: « again »",
                codebook_version="v2",
            )
            for change in changes:
                coding = change(coding) if coding is not None else None
            if coding is not None:
                made.append((document.id, coding))
        return store.replace_suggestions("rule", [document.id], made)


def exported(invoke: Invoke, root: Path) -> tuple[Path, openpyxl.Workbook, dict[str, int]]:
    """The review sheet `review --export` writes, opened, and {code: row number}."""
    sheet = root / "revue.xlsx"
    result = invoke("review", "--export", str(sheet), "--coder", "dan")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(sheet)
    rows = book.worksheets[0].iter_rows(min_row=2, values_only=True)
    return sheet, book, {row[5]: number for number, row in enumerate(rows, start=2)}


def test_a_suggestion_made_again_keeps_its_id_with_the_new_reading(suggested: Path) -> None:
    """Before: every waiting suggestion was deleted and written again under a new id."""
    with store_at(suggested) as store:
        store.add_codings([Coding(DIRECTRICE, 0, 10, "COOP.LIEU", "alice")])
    before = {row.code: row for row in waiting(suggested)}
    removed, added = rules_again(suggested)
    assert (removed, added) == (2, 2)
    after = {row.code: row for row in waiting(suggested)}
    assert {code: row.id for code, row in after.items()} == {
        code: row.id for code, row in before.items()
    }
    lieu = after["COOP.LIEU"]
    assert (lieu.confidence, lieu.evidence, lieu.codebook_version) == (
        0.61,
        "COOP.LIEU#2: « again »",
        "v2",
    )
    assert lieu.created_at == before["COOP.LIEU"].created_at  # suggested then, read again now
    with store_at(suggested) as store:
        event = [e for e in store.events() if e["action"] == "suggestions.replace"][-1]
        manual = store.coding_rows(methods=["manual"])
    assert [(r.code, r.coder, r.status) for r in manual] == [("COOP.LIEU", "alice", "accepted")]
    assert (event["details"]["kept"], event["details"]["removed"]) == (2, 2)


def test_a_decided_suggestion_is_neither_touched_nor_made_again(suggested: Path) -> None:
    before = {row.code: row for row in waiting(suggested)}
    with store_at(suggested) as store:
        store.review(before["COOP.ACHATS"].id, "rejected", "dan")
    with store_at(suggested) as store:
        document = store.document(DIRECTRICE)
        again = Coding(
            DIRECTRICE,
            before["COOP.ACHATS"].start,
            before["COOP.ACHATS"].end,
            "COOP.ACHATS",
            "rules",
            "rule",
            "suggested",
        )
        store.replace_suggestions("rule", [document.id], [(document.id, again)])
    assert waiting(suggested) == []  # the rejected passage is not brought back
    with store_at(suggested) as store:
        rejected = store.coding_by_id(before["COOP.ACHATS"].id)
    assert (rejected.status, rejected.reviewed_by) == ("rejected", "dan")


def test_a_moved_passage_is_a_new_suggestion_and_the_old_one_goes(suggested: Path) -> None:
    before = {row.code: row for row in waiting(suggested)}

    def moved(coding: Coding) -> Coding | None:
        if coding.code == "COOP.ACHATS":
            return None
        return replace(coding, end=coding.end + 1)

    assert rules_again(suggested, moved) == (2, 1)
    [lieu] = waiting(suggested)
    assert lieu.code == "COOP.LIEU" and lieu.end == before["COOP.LIEU"].end + 1
    assert lieu.id not in {row.id for row in before.values()}


KILLED_REPLACE = """
    import os, signal, sys
    from ptce_coding.base.records import Coding
    from ptce_coding.store import Store

    with Store(sys.argv[1]) as store:
        real = store.log

        def then_killed(action, **details):
            real(action, **details)
            if action == "suggestions.replace":  # every row written, nothing committed
                os.kill(os.getpid(), signal.SIGKILL)

        store.log = then_killed
        document = store.document("pole-a/directrice.txt")
        rows = store.coding_rows(statuses=["suggested"], methods=["rule"])
        made = [
            Coding(r.document, r.start, r.end, r.code, "rules", "rule", "suggested",
                   confidence=0.5, evidence="again")
            for r in rows[:1]
        ] + [Coding(document.name, 0, 5, "ECO", "rules", "rule", "suggested")]
        store.replace_suggestions("rule", [document.id], [(document.id, c) for c in made])
"""


@pytest.mark.slow  # starts and kills a Python process
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_run_killed_before_its_commit_leaves_the_suggestions_as_they_were(
    suggested: Path,
) -> None:
    before = waiting(suggested)
    killed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(KILLED_REPLACE), str(suggested / "coding.sqlite")],
        env={**os.environ, "PYTHONPATH": str(SOURCES)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert waiting(suggested) == before


def test_a_sheet_exported_before_the_rules_ran_again_is_recorded(
    invoke: Invoke, suggested: Path
) -> None:
    """The new user's steps: `review --export`, `code` with nothing changed, fill, import.
    Before: « row 2: suggestion 1 is not pending in the store … nothing was recorded »."""
    sheet, book, rows = exported(invoke, suggested)
    rules_again(suggested)
    cells = book.worksheets[0]
    cells[f"L{rows['COOP.LIEU']}"], cells[f"L{rows['COOP.ACHATS']}"] = "oui", "non"
    book.save(sheet)
    result = invoke("review", "--import", str(sheet), "--coder", "dan")
    assert result.exit_code == 0, result.output
    assert "Recorded 1 accepted and 1 rejected by dan" in result.output
    with store_at(suggested) as store:
        decided = {r.code: (r.status, r.reviewed_by) for r in store.coding_rows(methods=["rule"])}
    assert decided == {"COOP.LIEU": ("accepted", "dan"), "COOP.ACHATS": ("rejected", "dan")}


def test_a_row_whose_id_is_gone_decides_the_same_suggestion_made_again(
    invoke: Invoke, suggested: Path
) -> None:
    """The id is gone all the same (a sheet exported before suggestions kept their ids, or a
    suggestion left out by one run and made again by the next): the suggestion waiting on the
    row's document, passage and code from its tagger is decided, and the import says so."""
    sheet, book, rows = exported(invoke, suggested)
    earlier = waiting(suggested)
    before = {row.code: row.id for row in earlier}
    rules_again(suggested, lambda coding: None)  # one run finds nothing, the next finds it
    assert waiting(suggested) == []
    with store_at(suggested) as store:
        document = store.document(DIRECTRICE)
        made = [
            (document.id, Coding(DIRECTRICE, r.start, r.end, r.code, "rules", "rule", "suggested"))
            for r in earlier
        ]
        store.replace_suggestions("rule", [document.id], made)
    now = {row.code: row.id for row in waiting(suggested)}
    assert set(now.values()).isdisjoint(before.values())
    cells = book.worksheets[0]
    cells[f"L{rows['COOP.LIEU']}"] = "accept"
    book.save(sheet)
    with store_at(suggested) as store:
        done = import_review(store, sheet, "dan")
        assert (done.accepted, done.rejected, done.undecided) == (1, 0, 1)
        [note] = [match.note for match in done.made_again]
        assert note == (
            f"row {rows['COOP.LIEU']}: suggestion {before['COOP.LIEU']} was made again as "
            f"suggestion {now['COOP.LIEU']} (same document, passage, code and tagger): the "
            f"decision is recorded on {now['COOP.LIEU']}"
        )
        accepted = store.coding_by_id(now["COOP.LIEU"])
        [event] = [e for e in store.events() if e["action"] == "review.sheet.made_again"]
    assert (accepted.status, accepted.coder) == ("accepted", "dan")
    assert event["details"]["sheet_id"] == before["COOP.LIEU"]
    assert event["details"]["suggestion"] == now["COOP.LIEU"]


def test_a_row_whose_suggestion_vanished_is_refused_with_what_to_do(
    invoke: Invoke, suggested: Path
) -> None:
    """All or nothing, as before: the other rows are not recorded until the vanished one's
    decision is emptied. The message says what the rules suggest there now."""
    sheet, book, rows = exported(invoke, suggested)
    before = {row.code: row for row in waiting(suggested)}

    def shorter(coding: Coding) -> Coding | None:
        return replace(coding, end=coding.end - 1) if coding.code == "COOP.LIEU" else coding

    rules_again(suggested, shorter)
    lieu = next(row for row in waiting(suggested) if row.code == "COOP.LIEU")
    cells = book.worksheets[0]
    cells[f"L{rows['COOP.LIEU']}"], cells[f"L{rows['COOP.ACHATS']}"] = "accept", "reject"
    book.save(sheet)
    result = invoke("review", "--import", str(sheet), "--coder", "dan")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    old = before["COOP.LIEU"]
    assert (
        f"row {rows['COOP.LIEU']}: suggestion {old.id} (COOP.LIEU on {old.start}-{old.end} of "
        f"{DIRECTRICE}) is no longer suggested; COOP.LIEU is suggested on "
        f"{lieu.start}-{lieu.end} (suggestion {lieu.id}) now" in result.output
    )
    assert "nothing was recorded" in result.output
    assert "empty their `decision` cells and import the workbook again" in result.output
    assert {row.status for row in waiting(suggested)} == {"suggested"}
    assert len(waiting(suggested)) == 2
    cells[f"L{rows['COOP.LIEU']}"] = None
    book.save(sheet)
    again = invoke("review", "--import", str(sheet), "--coder", "dan")
    assert again.exit_code == 0, again.output
    assert "Recorded 0 accepted and 1 rejected by dan (1 rows without a decision)" in again.output


@pytest.fixture
def web_project(tmp_project: Path, invoke: Invoke) -> Path:
    return make_web_project(tmp_project, invoke)


@pytest.fixture
def alice(web_project: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    client, csrf = client_for(web_project, "alice")
    with client:
        yield client, {"X-CSRF-Token": csrf}


def test_an_open_review_page_still_decides_once_the_rules_ran_again(
    alice: tuple[TestClient, dict[str, str]], web_project: Path
) -> None:
    """The web page had the same problem: its suggestion's id was gone once `code` ran
    (« no coding N … Reload the page »), though the rules suggested the same again."""
    client, csrf = alice
    shown = shown_suggestions(client.get("/revue").text)
    [(rule_id, seen)] = [(i, s) for i, s in shown.items() if s["code"] == "COOP.ACHATS"]
    rules_again(web_project)
    answer = client.post(
        f"/api/review/{rule_id}", json={"decision": "accept", "seen": seen}, headers=csrf
    )
    assert answer.status_code == 200, answer.text
    with store_at(web_project) as store:
        row = store.coding_by_id(rule_id)
    assert (row.status, row.coder, row.evidence) == (
        "accepted",
        "alice",
        "COOP.ACHATS#2: « again »",
    )


@pytest.mark.slow  # the rules read French with spaCy
def test_code_run_twice_keeps_every_id(invoke: Invoke, tmp_project: Path) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    assert invoke("code").exit_code == 0
    first = {(r.document, r.start, r.end, r.code): r.id for r in waiting(tmp_project)}
    assert len(first) > 2
    sheet = tmp_project / "revue.xlsx"
    assert invoke("review", "--export", str(sheet), "--coder", "dan").exit_code == 0
    assert invoke("code").exit_code == 0
    assert {(r.document, r.start, r.end, r.code): r.id for r in waiting(tmp_project)} == first
    book = openpyxl.load_workbook(sheet)
    for row in book.worksheets[0].iter_rows(min_row=2):
        row[11].value = "accept"
    book.save(sheet)
    result = invoke("review", "--import", str(sheet), "--coder", "dan")
    assert result.exit_code == 0, result.output
    assert f"Recorded {len(first)} accepted and 0 rejected by dan" in result.output


def test_an_unreadable_row_whose_id_is_gone_is_refused_as_before(
    invoke: Invoke, suggested: Path
) -> None:
    """Without the columns that name the passage, a gone id cannot be matched: refused."""
    sheet, book, rows = exported(invoke, suggested)
    rules_again(suggested, lambda c: None)
    cells = book.worksheets[0]
    cells[f"L{rows['COOP.LIEU']}"] = "accept"
    cells[f"D{rows['COOP.LIEU']}"] = "early"
    book.save(sheet)
    with store_at(suggested) as store, pytest.raises(ExchangeError) as refused:
        import_review(store, sheet, "dan")
    assert "is no longer in the store" in refused.value.message


def test_an_id_too_large_for_the_store_is_refused_without_a_traceback(
    invoke: Invoke, suggested: Path
) -> None:
    """Before: OverflowError (« Python int too large to convert to SQLite INTEGER »)."""
    sheet, book, rows = exported(invoke, suggested)
    cells = book.worksheets[0]
    cells[f"A{rows['COOP.LIEU']}"], cells[f"L{rows['COOP.LIEU']}"] = "9" * 20, "accept"
    book.save(sheet)
    result = invoke("review", "--import", str(sheet), "--coder", "dan")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"row {rows['COOP.LIEU']}: id '{'9' * 20}' is not a suggestion's id" in result.output
