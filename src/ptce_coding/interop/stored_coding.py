"""A row of a codings file against one coding already in the store.

What the store keeps one coding of (``coding_key``), whether it is a person's coding, which a
file may change (``made_by_a_person``), whether a row gives it back as it is
(``given_as_stored``) or asks no change of it (``asks_no_change``), and a row's `text` cell
against the stored passage (``same_passage``, ``without_stale_quote``). What a row that changes
a stored coding is refused or does is ``edited_codings``'s and ``coding_updates``'.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Mapping

from ptce_coding.base.cells import whole_number
from ptce_coding.base.coder_selection import RESERVED_CODERS
from ptce_coding.base.records import HUMAN_METHODS, Coding, CodingRow

CodingKey = tuple[str, int, int, str, str]  # what the store keeps one coding of (``coding_key``)


def coding_key(coding: Coding | CodingRow) -> CodingKey:
    """What the store keeps one coding of: document, span, code and coder."""
    return (coding.document, coding.start, coding.end, coding.code, coding.coder)


def made_by_a_person(old: CodingRow) -> bool:
    """Whether stored coding ``old`` is a person's, which a file may change: made by hand or
    imported, not a tagger's suggestion (method rule, model: even once a reviewer accepted
    it) nor a structural code of the interview guide (coder ``structure``, method import)."""
    return old.method in HUMAN_METHODS and old.coder.lower() not in RESERVED_CODERS


def given_as_stored(row: Mapping[Hashable, str], old: CodingRow) -> bool:
    """Whether the row gives stored coding ``old`` as it is (its row of a `codings export`
    sent back unedited): the cells compared as typed, an empty `coder` or `status` cell
    taken for the stored one."""
    start, end = whole_number(str(row["start"])), whole_number(str(row["end"]))
    nfc = unicodedata.normalize
    return (
        nfc("NFC", row["document"].strip()) == nfc("NFC", old.document)
        and (start, end) == (old.start, old.end)
        and row["code"].strip().upper() == old.code.upper()
        and (row.get("coder") or "").strip() in ("", old.coder)
        and (row.get("status") or "").strip().lower() in ("", old.status)
        and ("memo" not in row or spaced(row["memo"]) == spaced(old.memo))
    )


def asks_no_change(row: Mapping[Hashable, str], coding: Coding, old: CodingRow) -> bool:
    """Whether row ``coding`` leaves stored coding ``old`` (the same document, span, code and
    coder) as it is. An empty `memo` or `status` cell (or no such column) asks for no
    change, and memos are compared spaces aside: a sheet without memos, or an older one,
    imported again changes nothing of a memo written since in the store."""
    memo = spaced(coding.memo)
    return (not memo or memo == spaced(old.memo)) and (
        not gives_status(row) or coding.status == old.status
    )


def without_stale_quote(
    row: dict[Hashable, str],
    old: CodingRow,
    text: str | None,
    coder: str | None,
    *,
    update: bool,
) -> dict[Hashable, str]:
    """The row of ``old``'s coder without its `text` cell when that cell quotes coding
    ``old``'s passage (the coder changed the offsets and left the exported text as it
    was), or with ``update`` when the row's offsets are ``old``'s (a sheet whose passage
    edit was imported already, sent again): the offsets say the passage. Without
    ``update`` the row is then refused as an edit (``edited_export``), not for its text.
    ``text``: the text of ``old``'s document; ``coder``: the coder of a row whose `coder`
    cell is empty (``--coder``)."""
    quoted = row.get("text")
    span = (whole_number(str(row["start"])), whole_number(str(row["end"])))
    who = (row.get("coder") or "").strip() or coder
    if (
        quoted
        and text is not None
        and who == old.coder
        and (
            (update and span == (old.start, old.end))
            or same_passage(quoted, text[old.start : old.end])
        )
    ):
        return {name: value for name, value in row.items() if name != "text"}
    return row


def same_passage(quoted: str, passage: str) -> bool:
    """``quoted`` is ``passage``, spaces aside, or as a CSV saved by Excel in Windows-1252
    (French Excel's « CSV ») leaves it: « ? » for each character that code page lacks (the
    narrow no-break space of French typography, « ✓ »)."""
    if " ".join(quoted.split()) == " ".join(passage.split()):
        return True
    lossy = passage.encode("cp1252", errors="replace").decode("cp1252")
    return "?" in quoted and " ".join(quoted.split()) == " ".join(lossy.split())


def gives_status(row: Mapping[Hashable, str]) -> bool:
    """Whether the row gives a status: a filled `status` cell, or a decision."""
    return bool((row.get("status") or "").strip()) or "decision" in row


def spaced(memo: str | None) -> str:
    """A memo compared spaces aside (Excel may turn a line break into another)."""
    return " ".join((memo or "").split())


def described(old: CodingRow) -> str:
    """« alice's GOUV at 10-52 of 'pole-a/x.txt' »."""
    return f"{old.coder}'s {old.code} at {old.start}-{old.end} of {old.document!r}"
