"""The audit trail: `history` answers « who did what to this document, this code, this coding,
and when » for every kind of event the store logs, events of older stores included."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

from ptce_coding.base.records import Coding
from ptce_coding.store import Store

A = "pole-a/directrice.txt"
B = "pole-b/membre.md"


def listed(invoke: Callable[..., Result], *options: str) -> list[dict[str, Any]]:
    result = invoke("history", *options, "--format", "json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def actions(invoke: Callable[..., Result], *options: str) -> list[str]:
    return [row["action"] for row in listed(invoke, *options)]


def store_of(root: Path) -> Store:
    return Store(root / "coding.sqlite")


def suggestion_ids(root: Path) -> dict[str, int]:
    with store_of(root) as store:
        return {row.code: row.id for row in store.coding_rows(statuses=["suggested"])}


def reviewed(root: Path) -> dict[str, int]:
    """The two suggestions of pole-a: COOP.LIEU accepted on a wider passage, then undone;
    COOP.ACHATS moved to ECO.PUBLIC, then undone (the moved coding goes back)."""
    ids = suggestion_ids(root)
    with store_of(root) as store:
        text = store.document(A).text
        start = text.index("locaux partagés")
        store.review(ids["COOP.LIEU"], "accepted", "alice", span=(start, start + 40))
        store.unreview(ids["COOP.LIEU"], "alice")
        moved = store.move_suggestion(ids["COOP.ACHATS"], "ECO.PUBLIC", "alice")
        store.unreview(ids["COOP.ACHATS"], "alice")
    return {**ids, "moved": moved}


REVIEW_ACTIONS = [
    "coding.review",
    "coding.review.passage",
    "coding.unreview",
    "coding.review",
    "coding.review.move",
    "coding.unreview",
    "coding.review.unmove",
]


def test_document_history_lists_the_review_decisions_on_it(invoke, suggested: Path) -> None:
    reviewed(suggested)
    found = actions(invoke, "--document", A)
    assert [a for a in found if a.startswith("coding.")] == REVIEW_ACTIONS
    assert "suggestions.replace" in found  # the tagger's run that made the suggestions
    assert actions(invoke, "--document", B, "--action", "coding.") == []


def test_review_events_name_their_document(invoke, suggested: Path) -> None:
    reviewed(suggested)
    rows = listed(invoke, "--action", "coding.")
    assert [row["action"] for row in rows] == REVIEW_ACTIONS
    for row in rows:
        assert json.loads(row["summary"])["document"] == A, row


def test_review_events_of_an_older_store_are_found_by_their_coding(invoke, suggested: Path) -> None:
    """Events written before they named their document: found through the coding they
    name, which is in the store, or kept whole in the log when it was taken away."""
    ids = suggestion_ids(suggested)
    with store_of(suggested) as store:
        store.review(ids["COOP.LIEU"], "accepted", "alice")
        store.log(  # what a review logged before: no document
            "coding.review",
            coding=ids["COOP.LIEU"],
            code="COOP.LIEU",
            before="suggested",
            after="accepted",
            reviewer="bob",
            suggested_by="rules",
        )
        moved = store.move_suggestion(ids["COOP.ACHATS"], "ECO.PUBLIC", "alice")
        removed = dict(store.db.execute("SELECT * FROM codings WHERE id = ?", (moved,)).fetchone())
        store.log("coding.review.unmove", coding=moved, suggestion=ids["COOP.ACHATS"],
                  removed=removed, reviewer="alice")  # fmt: skip
        store.db.execute("DELETE FROM codings WHERE id = ?", (moved,))
        store.log("coding.review.move", coding=moved, suggestion=ids["COOP.ACHATS"],
                  decision=ids["COOP.ACHATS"], before="COOP.ACHATS", after="ECO.PUBLIC",
                  reviewer="alice")  # fmt: skip
    rows = listed(invoke, "--document", A, "--action", "coding.")
    old = [row for row in rows if '"reviewer": "bob"' in row["summary"]]
    assert len(old) == 1 and json.loads(old[0]["summary"])["document"] == A
    # the moved coding is gone from the store: its unmove event keeps it, with its document
    assert [row["action"] for row in rows][-2:] == ["coding.review.unmove", "coding.review.move"]
    assert listed(invoke, "--document", B, "--action", "coding.") == []


def test_manual_codings_changed_and_deleted_are_in_their_document_history(
    invoke, imported: Path
) -> None:
    with store_of(imported) as store:
        first = store.add_manual_coding(A, 0, 10, "COOP.LIEU", "claire")
        store.change_manual_coding(first, "COOP.ACHATS", "claire")
        store.delete_manual_coding(first, "claire")
        # the same, logged as an older store did (no document in change and delete)
        second = store.add_manual_coding(A, 20, 30, "COOP.LIEU", "claire")
        store.log("coding.manual.change", coding=second, before="COOP.LIEU",
                  after="ECO.PUBLIC", coder="claire")  # fmt: skip
        row = dict(store.db.execute("SELECT * FROM codings WHERE id = ?", (second,)).fetchone())
        store.db.execute("DELETE FROM codings WHERE id = ?", (second,))
        store.log("coding.manual.delete", coding=second, removed=row, coder="claire")
    expected = ["coding.manual.add", "coding.manual.change", "coding.manual.delete"] * 2
    assert actions(invoke, "--document", A, "--action", "coding.") == expected
    assert actions(invoke, "--document", B, "--action", "coding.") == []
    summaries = [json.loads(r["summary"]) for r in listed(invoke, "--action", "coding.manual")]
    assert [s["document"] for s in summaries] == [A] * 6


def test_imported_codings_are_in_the_history_of_their_documents_and_codes(
    invoke, two_coders: Path
) -> None:
    assert actions(invoke, "--document", A, "--action", "codings.add") == ["codings.add"] * 2
    assert actions(invoke, "--document", B, "--action", "codings.add") == ["codings.add"] * 2
    assert (
        actions(invoke, "--code", "COOP.ACHATS", "--action", "codings.add") == ["codings.add"] * 2
    )
    assert actions(invoke, "--code", "ECO.PUBLIC") == ["codings.add"] * 2
    assert actions(invoke, "--code", "COOP.INCONNU") == []


def test_structure_and_segments_events_name_their_documents(invoke, imported: Path) -> None:
    with store_of(imported) as store:
        store.replace_structure([Coding(B, 0, 10, "STRUCT.Q1", "structure", "import")], "structure")
        document = store.document(A)
        store.replace_segments(document.id, store.segments(document.id))
    assert actions(invoke, "--document", B, "--action", "structure") == ["structure.replace"]
    assert actions(invoke, "--code", "STRUCT.Q1") == ["structure.replace"]
    assert actions(invoke, "--document", A, "--action", "document.segments") == [
        "document.segments"
    ]
    assert actions(invoke, "--document", B, "--action", "document.segments") == []


def test_memo_edits_are_in_the_history_of_what_the_memo_is_about(invoke, suggested: Path) -> None:
    ids = suggestion_ids(suggested)
    for target in (("--code", "COOP.LIEU"), ("--coding", str(ids["COOP.ACHATS"]))):
        assert invoke("memo", "add", "Première idée", *target).exit_code == 0
    memos = {m.target_kind: m.id for m in store_of(suggested).memos()}
    assert invoke("memo", "edit", str(memos["code"]), "Idée revue").exit_code == 0
    assert invoke("memo", "edit", str(memos["coding"]), "Idée revue").exit_code == 0
    with store_of(suggested) as store:  # as an older store logged an edit: memo and texts only
        store.log("memo.edit", memo=memos["code"], before="Idée revue", after="Idée finale",
                  title_before="", title_after="")  # fmt: skip
    assert actions(invoke, "--code", "COOP.LIEU", "--action", "memo.") == [
        "memo.add",
        "memo.edit",
        "memo.edit",
    ]
    # the memo on a coding of pole-a belongs to that document's history
    assert actions(invoke, "--document", A, "--action", "memo.") == ["memo.add", "memo.edit"]
    assert actions(invoke, "--document", B, "--action", "memo.") == []
    # the command that wrote each memo event (before: an empty column)
    listed = invoke("history", "--action", "memo.", "--format", "json")
    commands = [event["command"] for event in json.loads(listed.stdout)]
    assert commands == ["memo add", "memo add", "memo edit", "memo edit", ""]


def test_history_of_one_coding(invoke, suggested: Path) -> None:
    ids = reviewed(suggested)
    memo = invoke("memo", "add", "Pourquoi ce passage ?", "--coding", str(ids["COOP.LIEU"]))
    assert memo.exit_code == 0, memo.output
    assert actions(invoke, "--coding", str(ids["COOP.LIEU"])) == [
        "coding.review",
        "coding.review.passage",
        "coding.unreview",
        "memo.add",
    ]
    assert actions(invoke, "--coding", str(ids["moved"])) == [
        "coding.review.move",
        "coding.review.unmove",
    ]
    assert actions(invoke, "--coding", "999") == []


def test_json_and_csv_give_the_whole_details(invoke, suggested: Path) -> None:
    """The table cuts a long summary; JSON and CSV give the event's details whole."""
    assert invoke("documents", "remove", A, "--yes").exit_code == 0
    [row] = listed(invoke, "--action", "document.remove")
    details = json.loads(row["summary"])
    assert details["document"] == A and len(details["removed"]["codings"]) == 2
    csv_out = invoke("history", "--action", "document.remove", "--format", "csv").stdout
    assert '""removed""' in csv_out and "…" not in csv_out


def test_a_document_typed_in_another_unicode_form_is_found(invoke, imported: Path) -> None:
    """An older store may hold a name decomposed (NFD, as macOS writes file names) while a
    name typed at the keyboard is composed (NFC), and the other way round."""
    composed, decomposed = "pôle-c/entretien.txt", "po\u0302le-c/entretien.txt"
    with store_of(imported) as store:
        store.log("document.attributes", document=decomposed, attributes={})
        store.log("document.attributes", document=composed, attributes={"x": 1})
    assert actions(invoke, "--document", composed) == ["document.attributes"] * 2
    assert actions(invoke, "--document", decomposed) == ["document.attributes"] * 2


def test_the_tagger_and_a_memo_author_are_found_as_coders(invoke, suggested: Path) -> None:
    with store_of(suggested) as store:  # a memo written by someone else (a REFI-QDA import)
        store.add_memo("document", A, "Noté pendant l'entretien.", author="claire")
    assert actions(invoke, "--coder", "rules") == ["suggestions.replace"]
    assert actions(invoke, "--coder", "claire") == ["memo.add"]


def test_an_action_no_event_has_is_told(invoke, suggested: Path) -> None:
    result = invoke("history", "--action", "coding.reviw", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "No event in the log is of an action beginning with 'coding.reviw': " in result.stderr
    assert "suggestions.replace" in result.stderr
    result = invoke("history", "--action", "document.", "--format", "json")
    assert json.loads(result.stdout) and "No event" not in result.stderr


def test_segments_read_again_in_an_older_store_are_found_by_their_document_id(
    invoke, imported: Path
) -> None:
    with store_of(imported) as store:
        document = store.document(B)
        store.log("document.segments", document_id=document.id, segments=5)  # as logged before
    [row] = listed(invoke, "--document", B, "--action", "document.segments")
    assert json.loads(row["summary"]) == {"document_id": document.id, "segments": 5, "document": B}
    assert listed(invoke, "--document", A, "--action", "document.segments") == []


def test_the_last_events_of_a_long_log(invoke, suggested: Path) -> None:
    reviewed(suggested)
    assert actions(invoke, "--document", A, "--last", "2") == REVIEW_ACTIONS[-2:]
    assert actions(invoke, "--last", "100") == actions(invoke)
    refused = invoke("history", "--last", "0")
    assert refused.exit_code == 1 and "0 is not in the range x>=1" in refused.output
    for option in (("--coding", "3"), ("--last", "3")):
        result = invoke("history", "--restore", "1", *option, "--yes")
        assert result.exit_code == 1
        assert f"{option[0]} filter(s) the listing: --restore puts back one event" in result.output


def test_a_coding_removed_with_its_document_and_put_back(invoke, suggested: Path) -> None:
    lieu = suggestion_ids(suggested)["COOP.LIEU"]
    removal = invoke("documents", "remove", A, "--yes")
    event = re.search(r"\(event (\d+)", removal.output).group(1)
    assert invoke("history", "--restore", event, "--yes").exit_code == 0
    assert actions(invoke, "--coding", str(lieu)) == ["document.remove", "removal.restore"]
    assert actions(invoke, "--coding", str(lieu), "--document", B) == []


def test_a_filter_that_names_nothing_in_the_log_is_told(invoke, suggested: Path) -> None:
    result = invoke(
        "history", "--document", "pole-a/directrise.txt", "--code", "COOP.LIEUX", "--coding", "99"
    )
    assert result.exit_code == 0
    assert "No event in the log is about a document 'pole-a/directrise.txt': " in result.stderr
    assert "No event in the log is about a code 'COOP.LIEUX': " in result.stderr
    assert "No event in the log is about coding 99: " in result.stderr
    # each filter names something, only not together: nothing to tell
    result = invoke("history", "--document", B, "--coder", "rules")
    assert result.exit_code == 0 and result.stderr == ""


def test_an_older_review_is_named_with_the_document_as_it_was_then(invoke, suggested: Path) -> None:
    """A review event of an older store, then the document moved to another case: the event
    is in the history of the document under both names, and says the name it had then."""
    lieu = suggestion_ids(suggested)["COOP.LIEU"]
    with store_of(suggested) as store:
        store.review(lieu, "rejected", "alice")
        store.log("coding.review", coding=lieu, code="COOP.LIEU", before="suggested",
                  after="rejected", reviewer="bob", suggested_by="rules")  # fmt: skip
    assert invoke("documents", "move", A, "--case", "pole-c", "--yes").exit_code == 0
    for name in (A, "pole-c/directrice.txt"):
        rows = listed(invoke, "--document", name, "--coder", "bob")
        assert [json.loads(row["summary"])["document"] for row in rows] == [A], name
    with store_of(suggested) as store:  # after the move, a new review says the new name
        store.unreview(lieu, "alice")
    [row] = listed(invoke, "--action", "coding.unreview")
    assert json.loads(row["summary"])["document"] == "pole-c/directrice.txt"


def _reviews_logged(root: Path, count: int) -> None:
    """``count`` review decisions in the log, as a study of some months holds thousands."""
    with store_of(root) as store:
        for number in range(count):
            decision = {"before": "suggested", "after": "accepted", "reviewer": "alice"}
            store.log("coding.review", coding=number, code="COOP.LIEU", document=A, **decision)


def _table_ids(table: str) -> list[int]:
    return [int(found) for found in re.findall(r"^│ (\d+) +│", table, flags=re.MULTILINE)]


def test_a_long_log_shows_its_newest_events_and_says_how_to_see_them_all(
    invoke, imported: Path
) -> None:
    """10,000 events took 6 to 12 s to draw, and scrolled out of any terminal."""
    _reviews_logged(imported, 150)
    ids = [row["id"] for row in listed(invoke)]  # json (and csv): every event
    assert len(ids) > 150
    result = invoke("history")
    assert result.exit_code == 0, result.output
    assert _table_ids(result.stdout) == ids[-100:]  # oldest first, as the log reads
    assert result.stderr == (
        f"The 100 newest of {len(ids)} events: --last N shows the newest N, --all every one "
        "(--format csv gives them all, for a spreadsheet).\n"
    )
    result = invoke("history", "--all")
    assert _table_ids(result.stdout) == ids and result.stderr == ""
    result = invoke("history", "--last", "120")  # asked: no note
    assert _table_ids(result.stdout) == ids[-120:] and result.stderr == ""
    result = invoke("history", "--action", "coding.review")  # the filters' events counted
    assert "The 100 newest of 150 events: " in result.stderr
    result = invoke("history", "--action", "document.")  # a short listing is whole
    assert _table_ids(result.stdout) and result.stderr == ""
    csv_rows = invoke("history", "--format", "csv").stdout.splitlines()
    assert len(csv_rows) == len(ids) + 1


def test_all_and_last_are_refused_together_and_with_restore(invoke, imported: Path) -> None:
    result = invoke("history", "--all", "--last", "5")
    assert result.exit_code == 1
    assert "--all lists every event, --last N the newest N: give one of them" in result.output
    result = invoke("history", "--restore", "1", "--all", "--yes")
    assert result.exit_code == 1
    assert "--all filter(s) the listing: --restore puts back one event" in result.output


def test_a_memo_written_with_brackets_is_listed_as_written(invoke, imported: Path) -> None:
    """The table printer read « [/fin] » as rich markup: a traceback, in `history` and in
    `memo list`; « [b]…[/b] » made bold and « :smile: » an emoji, the text lost."""
    text = "relire [/fin] puis [b]ceci[/b] :smile: [pole-a]"
    assert invoke("memo", "add", "--code", "COOP", text).exit_code == 0
    for command in (("history", "--action", "memo."), ("memo", "list")):
        result = invoke(*command)
        assert result.exit_code == 0, result.output
        assert text in result.stdout, command
