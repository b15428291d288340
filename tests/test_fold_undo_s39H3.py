"""S39 H3: `codebook undo` gives back every coding the change made one with another (a
« fold »), whatever was done since to the coding kept.

A split's re-assignment sheet, or a merge, that gives a coder's coding a code they had on
that passage makes the two one: the other waits whole in the history (« `codebook undo` gives
it back »). Before, the undo gave it back only where the coding kept still stood as the fold
left it. The undo of a split is refused while a coding made since has a new code, and its
hint says to give that coding another code: followed, it lost the coding folded into it (on
the retired COOP.LIEU, which no import can give), left only in the event log. A merge's
coding kept given another code, or removed, lost it the same way. The refusal also said
« codings made since » of codings changed since."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from ptce_coding.base.records import Coding
from ptce_coding.store import Store
from ptce_coding.store.base import StoreBase
from tests.test_split_undo_followed_s39I import (
    INTO,
    A,
    B,
    Row,
    fill_sheet,
    ok_result,
    stored_rows,
)

Invoke = Callable[..., Result]


@pytest.fixture
def coded(imported: Path) -> Path:
    """anne's COOP.LIEU (with a memo) and COOP.ACHATS on one passage, paul's COOP.LIEU on
    another."""
    with Store(imported / "coding.sqlite") as store:
        store.add_codings(
            [
                Coding(A, 105, 150, "COOP.LIEU", "anne", memo="des locaux"),
                Coding(A, 105, 150, "COOP.ACHATS", "anne"),
                Coding(B, 60, 120, "COOP.LIEU", "paul"),
            ]
        )
    return imported


def _recode(invoke: Invoke, root: Path, edits: Mapping[tuple[str, str], str]) -> None:
    """What the refusal says to do: `codings export`, `code` changed in the rows of
    (coder, code), `codings import --update`."""
    out = root / "export.csv"
    ok_result(invoke, "codings", "export", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    for row in rows:
        row["code"] = edits.get((row["coder"], row["code"]), row["code"])
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    ok_result(invoke, "codings", "import", str(out), "--update")


def _coding(rows: list[Row], coder: str, code: str) -> Row:
    (found,) = [row for row in rows if row[5] == coder and row[4] == code]
    return found


def test_a_split_undo_refused_then_followed_gives_back_the_coding_the_sheet_folded(
    invoke: Invoke, coded: Path
) -> None:
    """anne coded COOP.LIEU_BUREAUX on her COOP.LIEU passage after the split; the sheet gives
    her COOP.LIEU coding COOP.LIEU_BUREAUX too: made one. The undo is refused (her coding of
    the new code), she gives that coding ECO.PUBLIC as told, and undoes. Before: the undo
    left her COOP.LIEU coding in the event log only."""
    start = stored_rows(coded)
    codebook = coded / "codebooks" / "ptce.yaml"
    text = codebook.read_text(encoding="utf-8")
    lieu = _coding(start, "anne", "COOP.LIEU")
    ok_result(invoke, "codebook", "split", "COOP.LIEU", "--into", INTO)
    (coded / "own.csv").write_text(
        f"document,start,end,code,coder\n{A},105,150,COOP.LIEU_BUREAUX,anne\n", "utf-8"
    )
    ok_result(invoke, "codings", "import", str(coded / "own.csv"))
    own = _coding(stored_rows(coded), "anne", "COOP.LIEU_BUREAUX")
    codes = {"anne": "COOP.LIEU_BUREAUX", "paul": "COOP.LIEU_ATELIERS"}
    folded = ok_result(invoke, "codings", "import", fill_sheet(coded, codes))
    assert "1 of them fell on a coding the coder had there already" in folded.stderr

    assert invoke("codebook", "undo").exit_code == 1  # her coding of a new code

    _recode(invoke, coded, {("anne", "COOP.LIEU_BUREAUX"): "ECO.PUBLIC"})
    undone = ok_result(invoke, "codebook", "undo")
    assert "COOP.LIEU_BUREAUX → COOP.LIEU: 1 coding" in undone.output
    assert (
        f"coding {lieu[0]} (anne, {A}) is back on COOP.LIEU: the change had made it one with "
        f"coding {own[0]}, which keeps what was done to it since (code ECO.PUBLIC)"
    ) in undone.stderr
    # every coding of before as it was (ids, memo), and anne's own, on the code she gave it,
    # without the memo the fold had joined to it
    assert stored_rows(coded) == sorted([*start, (*own[:4], "ECO.PUBLIC", *own[5:7], None)])
    assert codebook.read_text(encoding="utf-8") == text


def test_the_refusal_says_the_coding_holding_a_fold_may_take_another_code(
    invoke: Invoke, coded: Path
) -> None:
    """As above, the refusal. Before: « codings made since `codebook split` … », with no word
    of the coding folded into anne's."""
    lieu = _coding(stored_rows(coded), "anne", "COOP.LIEU")
    ok_result(invoke, "codebook", "split", "COOP.LIEU", "--into", INTO)
    (coded / "own.csv").write_text(
        f"document,start,end,code,coder\n{A},105,150,COOP.LIEU_BUREAUX,anne\n", "utf-8"
    )
    ok_result(invoke, "codings", "import", str(coded / "own.csv"))
    own = _coding(stored_rows(coded), "anne", "COOP.LIEU_BUREAUX")
    ok_result(invoke, "codings", "import", fill_sheet(coded, {"anne": "COOP.LIEU_BUREAUX"}))
    before = stored_rows(coded)
    refused = invoke("codebook", "undo")
    assert refused.exit_code == 1
    assert "Error: codings made or changed since `codebook split` of " in refused.output
    assert "COOP.LIEU_BUREAUX (1 coding(s)); nothing was changed" in refused.output
    assert (
        f"The change made codings one (coding {own[0]} holds anne's coding {lieu[0]} of "
        "COOP.LIEU): giving the coding kept another code, or removing it, keeps the one "
        "folded into it, which the undo gives back on its code. Give those codings another "
        "code first"
    ) in " ".join(refused.output.split())
    assert stored_rows(coded) == before


def test_a_merged_coding_given_another_code_since_gives_back_the_one_folded_into_it(
    invoke: Invoke, coded: Path
) -> None:
    """A merge makes anne's COOP.LIEU and COOP.ACHATS one; she then gives that coding
    ECO.PUBLIC. Before: the undo gave paul's coding back but not anne's COOP.LIEU one,
    kept in the event log only."""
    start = stored_rows(coded)
    lieu, achats = _coding(start, "anne", "COOP.LIEU"), _coding(start, "anne", "COOP.ACHATS")
    ok_result(invoke, "codebook", "merge", "COOP.LIEU", "--into", "COOP.ACHATS")
    assert _coding(stored_rows(coded), "anne", "COOP.ACHATS")[7] == "des locaux"  # memo joined
    _recode(invoke, coded, {("anne", "COOP.ACHATS"): "ECO.PUBLIC"})
    undone = ok_result(invoke, "codebook", "undo")
    assert "COOP.ACHATS → COOP.LIEU: 2 codings" in undone.output
    assert f"coding {lieu[0]} (anne, {A}) is back on COOP.LIEU" in undone.stderr
    assert stored_rows(coded) == sorted(
        [*(row for row in start if row != achats), (*achats[:4], "ECO.PUBLIC", *achats[5:])]
    )


def test_a_merged_coding_removed_since_gives_back_the_one_folded_into_it(
    invoke: Invoke, coded: Path
) -> None:
    """anne removes the coding the merge kept (the web page's « Supprimer »). Before: her
    COOP.LIEU coding, folded into it, stayed in the event log only."""
    start = stored_rows(coded)
    lieu, achats = _coding(start, "anne", "COOP.LIEU"), _coding(start, "anne", "COOP.ACHATS")
    ok_result(invoke, "codebook", "merge", "COOP.LIEU", "--into", "COOP.ACHATS")
    with Store(coded / "coding.sqlite") as store:
        store.delete_manual_coding(achats[0], "anne")
    undone = ok_result(invoke, "codebook", "undo")
    assert (
        f"coding {lieu[0]} (anne, {A}) is back on COOP.LIEU: the change had made it one with "
        f"coding {achats[0]}, removed since"
    ) in undone.stderr
    assert stored_rows(coded) == [row for row in start if row != achats]


def _merge_and_replace_text(invoke: Invoke, root: Path) -> None:
    """The merge, then the document's text replaced (a sentence added before the passage,
    imported again): the coding kept moves with its passage."""
    ok_result(invoke, "codebook", "merge", "COOP.LIEU", "--into", "COOP.ACHATS")
    source = root / "corpus" / A
    source.write_text("Une phrase ajoutée au début.\n\n" + source.read_text("utf-8"), "utf-8")
    ok_result(invoke, "import", str(root / "corpus"))


def test_a_coding_folded_comes_back_on_the_passage_a_replaced_text_moved_it_to(
    invoke: Invoke, coded: Path
) -> None:
    """The text replaced after the merge, and the coding kept given another code: the coding
    folded comes back where the replacement moved the coding kept (they had one passage).
    Before: it stayed in the event log only."""
    start = stored_rows(coded)
    lieu, achats = _coding(start, "anne", "COOP.LIEU"), _coding(start, "anne", "COOP.ACHATS")
    _merge_and_replace_text(invoke, coded)
    _recode(invoke, coded, {("anne", "COOP.ACHATS"): "ECO.PUBLIC"})
    kept = _coding(stored_rows(coded), "anne", "ECO.PUBLIC")
    assert kept[2] > achats[2]  # moved by the replacement
    undone = ok_result(invoke, "codebook", "undo")
    assert f"coding {lieu[0]} (anne, {A}) is back on COOP.LIEU" in undone.stderr
    assert _coding(stored_rows(coded), "anne", "COOP.LIEU") == (*lieu[:2], *kept[2:4], *lieu[4:])


def test_a_coding_folded_whose_passage_is_not_known_is_said_to_stay_in_the_history(
    invoke: Invoke, coded: Path
) -> None:
    """The text replaced after the merge, and the coding kept removed since: where the
    coding folded was in the new text is not known. Before: the undo said nothing of it.
    Now it says where it is kept; nothing is put at offsets of another text."""
    start = stored_rows(coded)
    lieu, achats = _coding(start, "anne", "COOP.LIEU"), _coding(start, "anne", "COOP.ACHATS")
    _merge_and_replace_text(invoke, coded)
    with Store(coded / "coding.sqlite") as store:
        store.delete_manual_coding(achats[0], "anne")
    undone = ok_result(invoke, "codebook", "undo")
    assert (
        f"warning: coding {lieu[0]} (anne, {A}) of COOP.LIEU, which the change had made one "
        f"with coding {achats[0]}, removed since, cannot come back"
    ) in undone.stderr
    assert (
        f"it is kept whole in the history (`ptce-coding history --coding {lieu[0]}`)"
    ) in " ".join(undone.stderr.split())
    assert lieu[0] not in [row[0] for row in stored_rows(coded)]


def test_a_coding_of_before_given_a_new_code_since_is_said_changed_since(
    invoke: Invoke, coded: Path
) -> None:
    """anne's COOP.ACHATS coding, of before the split, given COOP.LIEU_ATELIERS since: the
    undo is refused for it. Before: « codings made since `codebook split` … »."""
    ok_result(invoke, "codebook", "split", "COOP.LIEU", "--into", INTO)
    _recode(invoke, coded, {("anne", "COOP.ACHATS"): "COOP.LIEU_ATELIERS"})
    before = stored_rows(coded)
    refused = invoke("codebook", "undo")
    assert refused.exit_code == 1
    assert "Error: codings made or changed since `codebook split` of " in refused.output
    assert "COOP.LIEU_ATELIERS (1 coding(s)); nothing was changed" in refused.output
    assert "The change made codings one" not in refused.output
    assert stored_rows(coded) == before


def test_a_fold_recorded_without_the_text_hash_comes_back_in_its_moved_document(
    invoke: Invoke, coded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fold recorded by an earlier version (no hash of the text in its event), its
    document moved to another case since, the coding kept removed: the document is followed
    by its moves, its text not replaced since. Before: not given back."""
    start = stored_rows(coded)
    lieu, achats = _coding(start, "anne", "COOP.LIEU"), _coding(start, "anne", "COOP.ACHATS")
    log = StoreBase.log

    def log_before_s39(store: StoreBase, action: str, **details: Any) -> None:
        if action == "codebook.merge.twins":
            details.pop("text_hash", None)
        log(store, action, **details)

    with monkeypatch.context() as patched:
        patched.setattr(StoreBase, "log", log_before_s39)
        ok_result(invoke, "codebook", "merge", "COOP.LIEU", "--into", "COOP.ACHATS")
    ok_result(invoke, "documents", "move", A, "--case", "pole-b", "--yes")
    moved = "pole-b/directrice.txt"
    with Store(coded / "coding.sqlite") as store:
        store.delete_manual_coding(achats[0], "anne")
    undone = ok_result(invoke, "codebook", "undo")
    assert f"coding {lieu[0]} (anne, {moved}) is back on COOP.LIEU" in undone.stderr
    assert _coding(stored_rows(coded), "anne", "COOP.LIEU") == (lieu[0], moved, *lieu[2:])
