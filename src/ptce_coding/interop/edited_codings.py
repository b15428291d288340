"""Rows of a codings file that would change codings already in the store, without ``--update``.

A row may give a stored coding back as it is (« already present »), name by its ``id`` a coding
of a `codings export` it no longer matches (edited in a spreadsheet), or give a stored coding
(document, span, code, coder) another status or memo. Without ``--update`` the last two are
refused, since an import only adds codings (``edited_export``, ``changes_stored``); ids of
another store's export are told apart (``not_its_id``, ``ids_of_another_store``). With
``--update`` they change the stored coding: ``coding_updates`` (``row_updates``; a split's
re-assignment sheet: ``reassigned_values``). A row against one stored coding (its key, whose it
is, its quote) is ``stored_coding``'s; a row on a tagger's coding, ``tagger_rows``'. Reading and
checking the file itself is ``codings_file``'s (with ``codings_reader``), which imports these
names from here.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from ptce_coding.base.records import Coding, CodingRow
from ptce_coding.interop.coding_updates import reassigned_values, row_updates
from ptce_coding.interop.stored_coding import (
    CodingKey,
    asks_no_change,
    coding_key,
    described,
    given_as_stored,
    gives_status,
    made_by_a_person,
    same_passage,
    spaced,
    without_stale_quote,
)
from ptce_coding.interop.tagger_rows import suggestion_edited, tagger_row

# the names ``codings_file``, ``codings_reader`` and ``coding_row`` import from here
__all__ = [
    "MIN_UNLIKE_ROWS",
    "CodingKey",
    "changes_stored",
    "coding_key",
    "edited_export",
    "given_as_stored",
    "ids_of_another_store",
    "made_by_a_person",
    "not_its_id",
    "reassigned_values",
    "row_updates",
    "same_passage",
    "suggestion_edited",
    "tagger_row",
    "without_stale_quote",
]

# rows whose `id` names a coding sharing neither code nor passage with them that tell a file's
# ids are another store's (``ids_of_another_store``): fewer may be a coding recoded by hand
MIN_UNLIKE_ROWS = 3


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
            f"its `id` names coding {old.id}, {described(old)}, and {other}: the `id` is not "
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
        f"row {number}: `id` {old.id} is {described(old)} here, and {why}"
        for number, key, old in named
        if (why := not_its_id(key, old, held))
    ]
    # an export edited here keeps a coding's code or its passage; ids of another store
    # name codings that share neither with the row
    unlike = [
        f"row {number}: `id` {old.id} is {described(old)} here, and the row's {key[3]} at "
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


def changes_stored(
    row: Mapping[Hashable, str], found: list[Coding], held: Mapping[CodingKey, list[CodingRow]]
) -> str:
    """Why a row that gives a stored coding again (its document, span, code and coder) with
    another status or memo is refused, else "". The store would count it « already present »
    and keep its own status and memo: the row's, edited in a file imported again, would be
    lost without a word (``--update`` applies them: ``row_updates``). What a row asks is
    ``asks_no_change``'s (``stored_coding``)."""
    for coding in found:
        stored = held.get(coding_key(coding))
        if stored and not any(asks_no_change(row, coding, old) for old in stored):
            return _stored_conflict(row, coding, stored[0])
    return ""


def _stored_conflict(row: Mapping[Hashable, str], coding: Coding, old: CodingRow) -> str:
    """What a row says against stored coding ``old``, what would be lost, and how to keep
    the store's or the row's."""
    memo, given_status = spaced(coding.memo), gives_status(row)
    in_store, in_row, keep = [], [], []
    if made_by_a_person(old):
        keep.append("import the file with --update (it changes the stored coding)")
    if memo and memo != spaced(old.memo):
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
