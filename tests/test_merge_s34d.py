"""`codebook merge` of two codes one coder had put on one passage: one coding per coder,
passage and code, and `codebook undo` gives both back exactly.

Before, the merge left the coder two identical codings there (`codings export` listed both
rows, a matrix by coding or an export to another tool counted two), kept in the store for the
undo. Now the merge keeps one: the other goes whole into the event log, its memo joined to
the one kept and the memos on it moved there; an accepted suggestion stays the review
decision it is, behind the coding kept (as `review` leaves an acceptance where the reviewer
had coded the passage already). The undo puts each back, with its id, as it was."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding, CodingRow, MemoRow
from ptce_coding.store import Store

A = "pole-a/directrice.txt"
B = "pole-b/membre.md"


def store_of(root: Path) -> Store:
    return find_project(root).open_store()


def stored(root: Path) -> tuple[list[CodingRow], list[MemoRow]]:
    """Every coding (every column) and every memo on a coding."""
    with store_of(root) as store:
        return store.coding_rows(), store.memos("coding")


def exported(invoke: Callable[..., Result], root: Path, *options: str) -> list[dict[str, str]]:
    out = root / "codages.csv"
    result = invoke("codings", "export", str(out), *options)
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def history(invoke: Callable[..., Result], *options: str) -> list[dict[str, str]]:
    result = invoke("history", "--format", "json", *options)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, str]] = json.loads(result.stdout)
    return rows


def test_a_merge_leaves_one_coding_per_coder_and_the_undo_gives_both_back(
    invoke: Callable[..., Result], imported: Path
) -> None:
    with store_of(imported) as store:
        store.add_codings(
            [
                Coding(A, 105, 150, "COOP.LIEU", "alice", memo="des locaux"),
                Coding(A, 105, 150, "COOP.ACHATS", "alice"),
                Coding(A, 105, 150, "COOP.LIEU", "bob"),
                Coding(B, 60, 120, "COOP.LIEU", "alice"),
            ]
        )
        ids = {(row.code, row.coder, row.start): row.id for row in store.coding_rows()}
    lieu, achats = ids[("COOP.LIEU", "alice", 105)], ids[("COOP.ACHATS", "alice", 105)]
    noted = invoke("memo", "add", "Pourquoi ici ?", "--coding", str(lieu))
    assert noted.exit_code == 0, noted.output
    before = stored(imported)

    merged = invoke("codebook", "merge", "COOP.LIEU", "--into", "COOP.ACHATS")
    assert merged.exit_code == 0, merged.output
    assert "COOP.LIEU → COOP.ACHATS: 3 coding(s)" in merged.output
    assert "both kept" not in merged.output
    rows = exported(invoke, imported, "--coder", "alice")
    assert [(r["document"], r["start"], r["code"], r["memo"]) for r in rows] == [
        (A, "105", "COOP.ACHATS", "des locaux"),  # one row, with the memo of the one folded
        (B, "60", "COOP.ACHATS", ""),
    ]
    assert rows[0]["id"] == str(achats)  # the coding alice had of the code merged into
    assert [r["coder"] for r in exported(invoke, imported, "--coder", "bob")] == ["bob"]
    codings, memos = stored(imported)
    assert len(codings) == 3
    assert [(m.target, m.text) for m in memos] == [(str(achats), "Pourquoi ici ?")]
    # the history keeps the coding folded whole, and finds it by its id
    (fold,) = history(invoke, "--action", "codebook.merge.twins")
    assert fold in history(invoke, "--coding", str(lieu))
    with store_of(imported) as store:
        (event,) = [e for e in store.events() if e["action"] == "codebook.merge.twins"]
    (removed,) = event["details"]["removed"]
    assert {k: v for k, v in removed.items() if k != "document_id"} == columns(before[0], lieu)

    undone = invoke("codebook", "undo")
    assert undone.exit_code == 0, undone.output
    assert "COOP.ACHATS → COOP.LIEU: 3 codings" in undone.output
    assert stored(imported) == before  # every coding and memo as it was, ids included
    assert "codebook.undo" in [r["action"] for r in history(invoke, "--coding", str(lieu))]


def columns(rows: list[CodingRow], coding_id: int) -> dict[str, object]:
    """The stored columns of one coding, as the event log keeps a row."""
    row = next(r for r in rows if r.id == coding_id)
    return {
        "id": row.id,
        "start": row.start,
        "end": row.end,
        "code": row.code,
        "coder": row.coder,
        "method": row.method,
        "status": row.status,
        "confidence": row.confidence,
        "evidence": row.evidence,
        "memo": row.memo,
        "codebook_version": row.codebook_version,
        "created_at": row.created_at,
        "reviewed_by": row.reviewed_by,
        "reviewed_at": row.reviewed_at,
        "suggested_by": row.suggested_by,
        "origin": row.origin,
    }


def test_an_accepted_and_a_rejected_decision_become_one_accepted_coding(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """The group decided COOP.LIEU there and not COOP.ACHATS: the merged code covers both,
    so the passage has it (it read both accepted and rejected)."""
    with store_of(imported) as store:
        store.add_codings(
            [
                Coding(A, 105, 150, "COOP.LIEU", "consensus", "import", "accepted"),
                Coding(A, 105, 150, "COOP.ACHATS", "consensus", "import", "rejected"),
            ]
        )
    before = stored(imported)
    merged = invoke("codebook", "merge", "COOP.LIEU", "COOP.ACHATS", "--into", "COOP.MUTUALISATION")
    assert merged.exit_code == 0, merged.output
    assert "accepted and rejected" not in merged.output
    rows = exported(invoke, imported)
    assert [(r["code"], r["coder"], r["status"]) for r in rows] == [
        ("COOP.MUTUALISATION", "consensus", "accepted")
    ]
    undone = invoke("codebook", "undo")
    assert undone.exit_code == 0, undone.output
    assert stored(imported) == before


def suggest(root: Path, *codes: str, reviewer: str = "alice") -> list[int]:
    """The rules' suggestions of ``codes`` on directrice.txt 105-150, accepted by
    ``reviewer``; their ids."""
    with store_of(root) as store:
        document = store.document(A)
        assert document is not None
        store.replace_suggestions(
            "rule",
            [document.id],
            [
                (
                    document.id,
                    Coding(A, 105, 150, code, "rules", "rule", "suggested", 0.7, f"rule {code}"),
                )
                for code in codes
            ],
        )
        ids = [row.id for row in store.coding_rows(statuses=["suggested"])]
        for coding_id in ids:
            store.review(coding_id, "accepted", reviewer)
    return ids


def test_an_accepted_suggestion_stays_a_decision_behind_the_coding_kept(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """alice accepted the rules' COOP.LIEU there and coded COOP.ACHATS by hand: her manual
    coding is kept, and the acceptance stays (the rule's record counts it) as the tagger's
    row, marked accepted by alice, as `review` leaves one where she had coded it already."""
    (accepted,) = suggest(imported, "COOP.LIEU")
    with store_of(imported) as store:
        store.add_codings([Coding(A, 105, 150, "COOP.ACHATS", "alice")])
    before = stored(imported)
    merged = invoke("codebook", "merge", "COOP.LIEU", "--into", "COOP.ACHATS")
    assert merged.exit_code == 0, merged.output
    rows = exported(invoke, imported, "--coder", "alice")
    assert [(r["code"], r["method"]) for r in rows] == [("COOP.ACHATS", "manual")]
    with store_of(imported) as store:
        decision = store.coding_by_id(accepted)
    assert decision is not None
    assert (decision.code, decision.status, decision.coder, decision.reviewed_by) == (
        "COOP.ACHATS",
        "accepted",
        "rules",
        "alice",
    )
    undone = invoke("codebook", "undo")
    assert undone.exit_code == 0, undone.output
    assert stored(imported) == before


def test_two_accepted_suggestions_become_one_coding_of_the_reviewer(
    invoke: Callable[..., Result], imported: Path
) -> None:
    first, second = sorted(suggest(imported, "COOP.LIEU", "COOP.ACHATS"))  # the oldest kept
    before = stored(imported)
    merged = invoke("codebook", "merge", "COOP.LIEU", "COOP.ACHATS", "--into", "COOP.MUTUALISATION")
    assert merged.exit_code == 0, merged.output
    rows = exported(invoke, imported, "--coder", "alice")
    assert [(r["id"], r["code"]) for r in rows] == [(str(first), "COOP.MUTUALISATION")]
    assert [r["id"] for r in exported(invoke, imported, "--coder", "rules")] == [str(second)]
    undone = invoke("codebook", "undo")
    assert undone.exit_code == 0, undone.output
    assert stored(imported) == before


def test_a_merge_undone_and_made_again_folds_and_gives_back_the_same_codings(
    invoke: Callable[..., Result], imported: Path
) -> None:
    with store_of(imported) as store:
        store.add_codings(
            [
                Coding(A, 105, 150, "COOP.LIEU", "alice", memo="des locaux"),
                Coding(A, 105, 150, "COOP.ACHATS", "alice", memo="des achats"),
            ]
        )
    before = stored(imported)
    for _ in range(2):
        merged = invoke("codebook", "merge", "COOP.ACHATS", "--into", "COOP.LIEU")
        assert merged.exit_code == 0, merged.output
        (row,) = exported(invoke, imported)
        assert row["memo"] == "des locaux\n\ndes achats"  # both memos, on the one coding
        undone = invoke("codebook", "undo")
        assert undone.exit_code == 0, undone.output
        assert stored(imported) == before


def test_a_coding_kept_and_removed_since_brings_its_twin_back_and_says_so(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """alice removed the merged coding after the merge: the undo brings back the coding
    folded into it, on its code (a person's coding the merge had made one with the other;
    her removal stays done), and says so (S39 H3: before, it stayed in the history only)."""
    with store_of(imported) as store:
        store.add_codings(
            [
                Coding(A, 105, 150, "COOP.LIEU", "alice"),
                Coding(A, 105, 150, "COOP.ACHATS", "alice"),
                Coding(B, 60, 120, "COOP.LIEU", "alice"),
            ]
        )
    assert invoke("codebook", "merge", "COOP.LIEU", "--into", "COOP.ACHATS").exit_code == 0
    with store_of(imported) as store:
        (kept,) = [r.id for r in store.coding_rows() if r.document == A]
        store.delete_manual_coding(kept, "alice")
    undone = invoke("codebook", "undo")
    assert undone.exit_code == 0, undone.output
    assert f"the change had made it one with coding {kept}, removed since" in undone.stderr
    rows = exported(invoke, imported)
    assert [(r["document"], r["code"]) for r in rows] == [(A, "COOP.LIEU"), (B, "COOP.LIEU")]
    assert len(history(invoke, "--action", "codebook.merge.twins")) == 1


def test_a_tagger_s_two_rejected_suggestions_are_both_kept_and_said(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """Rejected suggestions stay the tagger's rows (each rule's record): not folded."""
    with store_of(imported) as store:
        document = store.document(A)
        assert document is not None
        store.replace_suggestions(
            "rule",
            [document.id],
            [
                (document.id, Coding(A, 105, 150, code, "rules", "rule", "suggested", 0.7))
                for code in ("COOP.LIEU", "COOP.ACHATS")
            ],
        )
        for row in store.coding_rows(statuses=["suggested"]):
            store.review(row.id, "rejected", "alice")
    merged = invoke("codebook", "merge", "COOP.LIEU", "--into", "COOP.ACHATS")
    assert merged.exit_code == 0, merged.output
    assert "1 passage(s) where one coder had decided two of the merged codes" in merged.output
    assert len(exported(invoke, imported, "--status", "rejected")) == 2
