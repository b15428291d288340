"""Rows of a codings file that fall on codings already in the store.

A row may give a stored coding back as it is (« already present »), name by its ``id`` a coding
of a `codings export` it no longer matches (edited in a spreadsheet), or give a stored coding
(document, span, code, coder) another status or memo. Without ``--update`` the last two are
refused, since an import only adds codings (``edited_export``, ``changes_stored``); with
``--update`` they change the stored coding (``row_updates``): a person's coding only
(``made_by_a_person``), never a tagger's suggestion, which is decided in the review
(``suggestion_edited``). A row whose offsets were edited may still quote the stored passage in
its `text` cell (``without_stale_quote``; quotes compared by ``same_passage``, with which
``codings_reader`` also checks every row's `text` cell). A tagger's row sent back without
``--update`` is refused with what it is (``tagger_row``); ids of another store's export are
told apart (``not_its_id``, ``ids_of_another_store``). A row of a split's re-assignment sheet
gives a stored coding of the split code its new code (``reassigned_values``). Reading and
checking the file itself is ``codings_file``'s (with ``codings_reader``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Mapping
from dataclasses import replace

from ptce_coding.base.cells import whole_number
from ptce_coding.base.coder_selection import RESERVED_CODERS, STRUCTURE_CODER
from ptce_coding.base.records import HUMAN_METHODS, Coding, CodingRow

CodingKey = tuple[str, int, int, str, str]  # what the store keeps one coding of (``coding_key``)
# rows whose `id` names a coding sharing neither code nor passage with them that tell a file's
# ids are another store's (``ids_of_another_store``): fewer may be a coding recoded by hand
MIN_UNLIKE_ROWS = 3


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
        and ("memo" not in row or _spaced(row["memo"]) == _spaced(old.memo))
    )


def suggestion_edited(old: CodingRow, subject: str) -> str:
    """Why a row may not change ``old``, a tagger's coding, and what to do instead;
    ``subject``: how the row came to it (« its `id` names coding 12, »)."""
    beside = (
        "; to code the passage otherwise, give the row no `id` and your name as coder: its "
        "coding is added beside"
    )
    if old.coder.lower() == STRUCTURE_CODER:
        return (
            f"{subject}a structural code of the interview guide, which `ptce-coding structure` "
            "makes from the guide: a file does not change it. Give the row the stored values "
            "back (`codings export` again) or delete the row" + beside
        )
    state = (
        "waiting for review"
        if old.status == "suggested"
        else f"{old.status} by {old.reviewed_by or old.coder} in the review"
    )
    return (
        f"{subject}a suggestion of the {old.method} tagger ({state}): a suggestion is "
        "decided in the review, not changed from a file. Review it instead (`ptce-coding "
        "review`, or `ptce-coding serve`), and give the row the stored values back "
        "(`codings export` again) or delete the row" + beside
    )


def tagger_row(old: CodingRow, *, edited: bool) -> str:
    """Why, without ``--update``, a row whose `id` names ``old``, a tagger's coding kept under
    the tagger's name (a suggestion waiting for review or rejected, a structural code), and
    whose coder is that tagger (a `codings export` sent back) is refused; what to do. Writing
    a person's name in its `coder` cell would make a person's coding of a suggestion nobody
    accepted."""
    if old.coder.lower() == STRUCTURE_CODER:
        what = (
            f"coding {old.id}, a structural code of the interview guide (`ptce-coding "
            "structure` makes it from the guide)"
        )
        decided = "a structural code is not imported"
    else:
        state = (
            "waiting for review"
            if old.status == "suggested"
            else f"{old.status} by {old.reviewed_by or old.coder} in the review"
        )
        what = f"coding {old.id}, a suggestion of the {old.method} tagger ({state})"
        decided = "a suggestion is decided in the review (`ptce-coding review` or `serve`)"
    given = "edited since" if edited else "as `codings export` wrote it"
    return (
        f"{what}, {given}: an import adds a person's codings, and {decided}. Delete the row "
        "(the coding stays in the store as it is)"
        + (
            ""
            if edited
            else ", or import the file with --update, which passes over a tagger's rows given "
            "back unedited (and applies the file's edits to people's codings)"
        )
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


def _given_status(row: Mapping[Hashable, str]) -> bool:
    """Whether the row gives a status: a filled `status` cell, or a decision."""
    return bool((row.get("status") or "").strip()) or "decision" in row


def _spaced(memo: str | None) -> str:
    """A memo compared spaces aside (Excel may turn a line break into another)."""
    return " ".join((memo or "").split())


# --- without --update: rows that would change stored codings are refused ---------------


def edited_export(
    row: Mapping[Hashable, str],
    found: list[Coding],
    old: CodingRow | None,
    held: Mapping[CodingKey, list[CodingRow]],
) -> str:
    """Why a row of a `codings export` edited in a spreadsheet cannot come back without
    ``--update``: its ``id`` names coding ``old``, of the same coder, it no longer matches.
    An import adds codings, so the stored one would stay as it was beside the row's, against
    the coder's intent; else "". A row whose `id` is not its coding's here (``not_its_id``)
    is told to empty its `id` cell, not to use --update."""
    if old is None or all(coding.coder != old.coder for coding in found):
        return ""
    where = (old.document, old.start, old.end, old.code)
    same = [c for c in found if (c.document, c.start, c.end, c.code) == where]
    if same and (same[0].memo or "") == (old.memo or "").strip() and same[0].status == old.status:
        return ""
    if not made_by_a_person(old):
        return suggestion_edited(old, f"its `id` names coding {old.id}, ")
    other = next((why for c in found if (why := not_its_id(coding_key(c), old, held))), "")
    if other:
        return (
            f"its `id` names coding {old.id}, {_described(old)}, and {other}: the `id` is not "
            "that of the row's coding (a row of another project's export?). Empty its `id` "
            "cell and import again"
        )
    advice = (
        "an import adds codings and never changes or removes one: to apply the row's edits "
        f"to coding {old.id}, import the file with --update; to add the row's coding beside "
        f"coding {old.id}, which stays, empty the `id` cell"
    )
    if not same:
        new = found[0]
        return (
            f"coding {old.id} is {old.code} at {old.start}-{old.end} in the store, the row "
            f"says {', '.join(c.code for c in found)} at {new.start}-{new.end}: {advice}"
        )
    return (
        f"coding {old.id} has status {old.status} and memo {old.memo or ''!r} in the "
        f"store, the row {same[0].status} and {same[0].memo or ''!r}: {advice}"
    )


def not_its_id(key: CodingKey, old: CodingRow, held: Mapping[CodingKey, list[CodingRow]]) -> str:
    """How a row whose coding is ``key`` shows that its `id`, which names stored coding
    ``old``, is not its coding's id here: ``old`` is of another document (a coding never
    moves to another one), or the row's coding is stored under another id; else "". Such
    a row comes from another store's export (another project's, or this one's before its
    store was made again)."""
    if key[0] != old.document:
        return f"the row's coding is of {key[0]!r}"
    stored = held.get(key)
    if stored and key != coding_key(old):
        return f"the row's coding is stored as coding {stored[0].id}"
    return ""


def ids_of_another_store(
    named: list[tuple[int, CodingKey, CodingRow]], held: Mapping[CodingKey, list[CodingRow]]
) -> str:
    """Why a file's `id` column is refused as a whole, else "": none of its rows whose `id`
    names a stored coding gives that coding back (its document, span, code and coder), and
    some show their id is not their coding's (``not_its_id``). The file comes from another
    store (another project holding the same documents): its ids name other codings here,
    which --update would change. ``named``: (file row, the row's coding, the stored coding
    its `id` names), for each such row."""
    if not named or any(key == coding_key(old) for _, key, old in named):
        return ""
    shown = [
        f"row {number}: `id` {old.id} is {_described(old)} here, and {why}"
        for number, key, old in named
        if (why := not_its_id(key, old, held))
    ]
    # an export edited here keeps a coding's code or its passage; ids of another store
    # name codings that share neither with the row
    unlike = [
        f"row {number}: `id` {old.id} is {_described(old)} here, and the row's {key[3]} at "
        f"{key[1]}-{key[2]}"
        for number, key, old in named
        if key[3] != old.code and (key[1], key[2]) != (old.start, old.end)
    ]
    if not shown and len(named) >= MIN_UNLIKE_ROWS and len(unlike) == len(named):
        shown = unlike
    if not shown:
        return ""
    return (
        f"the `id` column names codings of another store: of the {len(named)} row(s) whose "
        "`id` names a coding of this project, none gives that coding back ("
        + "; ".join(shown[:3])
        + (" …" if len(shown) > 3 else "")
        + "). The file comes from another project (or from this one before its store was made "
        "again): its ids name other codings here, and --update would change them"
    )


def _described(old: CodingRow) -> str:
    """« alice's GOUV at 10-52 of 'pole-a/x.txt' »."""
    return f"{old.coder}'s {old.code} at {old.start}-{old.end} of {old.document!r}"


def changes_stored(
    row: Mapping[Hashable, str], found: list[Coding], held: Mapping[CodingKey, list[CodingRow]]
) -> str:
    """Why a row that gives a stored coding again (its document, span, code and coder) with
    another status or memo is refused, else "". The store would count it « already present »
    and keep its own status and memo: the row's, edited in a file imported again, would be
    lost without a word (``--update`` applies them: ``row_updates``). What a row asks is
    ``_asks_no_change``'s."""
    for coding in found:
        stored = held.get(coding_key(coding))
        if stored and not any(_asks_no_change(row, coding, old) for old in stored):
            return _stored_conflict(row, coding, stored[0])
    return ""


def _asks_no_change(row: Mapping[Hashable, str], coding: Coding, old: CodingRow) -> bool:
    """Whether row ``coding`` leaves stored coding ``old`` (the same document, span, code and
    coder) as it is. An empty `memo` or `status` cell (or no such column) asks for no
    change, and memos are compared spaces aside: a sheet without memos, or an older one,
    imported again changes nothing of a memo written since in the store."""
    memo = _spaced(coding.memo)
    return (not memo or memo == _spaced(old.memo)) and (
        not _given_status(row) or coding.status == old.status
    )


def _stored_conflict(row: Mapping[Hashable, str], coding: Coding, old: CodingRow) -> str:
    """What a row says against stored coding ``old``, what would be lost, and how to keep
    the store's or the row's."""
    memo, given_status = _spaced(coding.memo), _given_status(row)
    in_store, in_row, keep = [], [], []
    if made_by_a_person(old):
        keep.append("import the file with --update (it changes the stored coding)")
    if memo and memo != _spaced(old.memo):
        in_store.append(f"memo {old.memo or ''!r}")
        in_row.append(f"memo {coding.memo!r}")
        keep.append(
            f'add its memo to coding {old.id} (`ptce-coding memo add --coding {old.id} "…"`), '
            "then copy the store's into the row"
        )
    if given_status and coding.status != old.status:
        in_store.append(f"status {old.status}")
        in_row.append(f"status {coding.status}")
    if old.method == "manual":
        keep.append(f"delete coding {old.id} in `ptce-coding serve` and import again")
    kept = " and ".join(name.split()[0] for name in in_store)  # « memo and status »
    return (
        f"already in the store as coding {old.id} ({coding.coder}'s {coding.code} at "
        f"{coding.start}-{coding.end} of {coding.document!r}) with {' and '.join(in_store)}, "
        f"the row with {' and '.join(in_row)}: an import without --update adds codings and "
        f"never changes a stored one, so the row's {kept} would be lost. To keep the store's, "
        "copy it into the row (or delete the row) and import again"
        + (f"; to keep the row's, {' or '.join(keep)}" if keep else "")
    )


# --- with --update: rows that change stored codings ----------------------------------------


def row_updates(
    row: Mapping[Hashable, str],
    found: list[Coding],
    old: CodingRow | None,
    held: Mapping[CodingKey, list[CodingRow]],
) -> tuple[list[Coding], list[tuple[int, Coding]], str]:
    """With --update, of a row's codings: those to add (a stored one given as it is among
    them: « already present »), and the stored codings the row changes, as (id, new values);
    or why the row is refused. A row whose `id` names ``old``, a person's coding, changes
    its code, passage, status and memo (``_by_id``). A coding of a row without id that falls
    on a stored one (document, span, code, coder) gives it its filled status and memo cells."""
    adds: list[Coding] = []
    edits: list[tuple[int, Coding]] = []
    if old is not None:
        given, new, problem = _by_id(row, found, old, held)
        if problem:
            return [], [], problem
        found = [coding for coding in found if coding is not given]
        if _same_values(new, old):
            adds.append(new)
        else:
            edits.append((old.id, new))
    for coding in found:
        stored = held.get(coding_key(coding), [])
        if not stored or any(_asks_no_change(row, coding, s) for s in stored):
            adds.append(coding)
            continue
        people = [s for s in stored if made_by_a_person(s)]
        if not people:
            return [], [], suggestion_edited(stored[0], f"it falls on coding {stored[0].id}, ")
        if len(people) > 1:
            return (
                [],
                [],
                (
                    f"it falls on {len(people)} codings of {coding.coder} "
                    f"({', '.join(str(s.id) for s in people)}: {coding.code} at "
                    f"{coding.start}-{coding.end}): fill the `id` cell with the one to change"
                ),
            )
        memo = coding.memo or people[0].memo
        edits.append((people[0].id, _edited_values(row, coding, people[0], memo)))
    return adds, edits, ""


def _by_id(
    row: Mapping[Hashable, str],
    found: list[Coding],
    old: CodingRow,
    held: Mapping[CodingKey, list[CodingRow]],
) -> tuple[Coding, Coding, str]:
    """Of the row's codings, the one that changes coding ``old``, which its `id` names (the
    coding of ``old``'s code, or the only one), and the new values it gives it; or why the
    row may not change it. An emptied `status` cell keeps the stored status; an emptied
    `memo` cell removes the memo (the history keeps it)."""
    target = next((c for c in found if c.code == old.code), found[0])
    problem = _not_by_id(found, old)
    if problem:
        return target, target, problem
    new = _edited_values(row, target, old, target.memo if "memo" in row else old.memo)
    twin = next((s for s in held.get(coding_key(new), []) if s.id != old.id), None)
    if twin is not None:
        return (
            target,
            new,
            (
                f"its `id` names coding {old.id}, which would become {new.code} at "
                f"{new.start}-{new.end}: {new.coder} has that coding already (coding {twin.id}). "
                f"Delete the row of the one to drop, or give coding {old.id} its stored code and "
                "passage back"
            ),
        )
    return target, new, ""


def _not_by_id(found: list[Coding], old: CodingRow) -> str:
    """Why the row's codings may not change coding ``old``, which its `id` names: another
    coder's, another document, or several codes none of which is ``old``'s; else ""."""
    given = found[0]
    if given.coder != old.coder:
        return (
            f"its `id` names coding {old.id}, {old.coder}'s, and its coder is {given.coder}: "
            "a coding is changed by its own coder only. Empty the `id` cell to add the row as "
            f"{given.coder}'s coding (coding {old.id} stays)"
        )
    if given.document != old.document:
        return (
            f"its `id` names coding {old.id}, of {old.document!r}, and the row says "
            f"{given.document!r}: a coding does not move to another document. Empty the `id` "
            f"cell to add the row's coding there (coding {old.id} stays)"
        )
    if len(found) > 1 and all(c.code != old.code for c in found):
        return (
            f"its `id` names coding {old.id} ({old.code}) and its `code` cell holds "
            f"{', '.join(c.code for c in found)}: write alone the code coding {old.id} is to "
            "have, and each other code on a row without `id`"
        )
    return ""


def _edited_values(
    row: Mapping[Hashable, str], coding: Coding, old: CodingRow, memo: str | None
) -> Coding:
    """Stored coding ``old`` as row ``coding`` makes it, with ``memo``: the stored status
    when the row gives none, the stored memo when the row's is the same spaces aside."""
    return replace(
        coding,
        method=old.method,
        status=coding.status if _given_status(row) else old.status,
        memo=old.memo if _spaced(memo) == _spaced(old.memo) else memo,
    )


def _same_values(new: Coding, old: CodingRow) -> bool:
    """Whether ``new`` leaves stored coding ``old`` as it is."""
    return (new.code, new.start, new.end, new.status, new.memo) == (
        old.code,
        old.start,
        old.end,
        old.status,
        old.memo,
    )


# --- a split's re-assignment sheet: rows that recode stored codings --------------------------


def reassigned_values(
    row: Mapping[Hashable, str], coding: Coding, old: CodingRow, *, update: bool
) -> tuple[Coding, str]:
    """Stored coding ``old``, of the code a re-assignment row's `former_code` names, as the
    row makes it: its new code (``coding.code``), its passage, and the stored status and
    memo unless the row gives others (an empty cell keeps the stored one); or why the row is
    refused. A re-assignment changes the code: another status or memo is applied with
    ``update`` only, as any edit of a stored coding, and to a person's coding only (a
    suggestion accepted in the review keeps the review's)."""
    memo = old.memo if not coding.memo or _spaced(coding.memo) == _spaced(old.memo) else coding.memo
    status = coding.status if _given_status(row) else old.status
    values = replace(coding, method=old.method, status=status, memo=memo)
    in_store, in_row = [], []
    if status != old.status:
        in_store.append(f"status {old.status}")
        in_row.append(f"status {status}")
    if memo != old.memo:
        in_store.append(f"memo {old.memo or ''!r}")
        in_row.append(f"memo {memo!r}")
    if not in_row:
        return values, ""
    subject = (
        f"it re-assigns coding {old.id} ({_described(old)}) and gives it {' and '.join(in_row)}"
        f" (in the store: {' and '.join(in_store)})"
    )
    if not made_by_a_person(old):
        return values, (
            f"{subject}, and coding {old.id} is a suggestion of the {old.method} tagger accepted "
            f"by {old.reviewed_by or old.coder} in the review: a re-assignment gives it its new "
            "code, its status and memo stay the review's. Copy the stored ones into the row (or "
            "empty those cells) and import again"
        )
    if not update:
        fields = " and ".join(name.split()[0] for name in in_row)  # « status and memo »
        return values, (
            f"{subject}: an import re-assigns the coding and changes nothing else of it. To "
            f"apply the row's {fields} too, import the file with --update; to keep the store's, "
            "copy it into the row (or empty the cell)"
        )
    return values, ""
