"""The codings exchange file (DESIGN.md): CSV (UTF-8, comma) or XLSX, read and every row
checked. Its columns and the reading of its table are ``codings_columns``'s, the reading of
its rows ``codings_reader``'s and the checks of one row's cells ``coding_row``'s. What a row
does to a coding already in the store (given back, edited, changed with ``--update``) is
``edited_codings``'s. A sheet that holds codings not imported yet is never written over
(``refuse_unimported``)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ptce_coding.base.cells import whole_number
from ptce_coding.base.coder_selection import RESERVED_CODERS, CoderSelection
from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.files import as_written
from ptce_coding.base.records import HUMAN_METHODS, CodingRow
from ptce_coding.interop.codebook_ids import CodebookIds
from ptce_coding.interop.codings_columns import MAX_LISTED, read_codings_frame
from ptce_coding.interop.codings_given import CodingsFile
from ptce_coding.interop.codings_reader import CodingsReader
from ptce_coding.interop.edited_codings import coding_key, made_by_a_person

if TYPE_CHECKING:
    from ptce_coding.codebook.model import Codebook
    from ptce_coding.store import Store

# CodebookIds and CodingsFile, what read_codings takes and gives, are importable from here too
__all__ = [
    "EXPORTS_LEDGER",
    "CodebookIds",
    "CodingsFile",
    "decisions_note",
    "read_codings",
    "refuse_unimported",
    "refuse_unimported_sheet",
    "unimported_rows",
]

# In the project's .cache/: what each sheet export wrote (``files.note_written``), so that a sheet
# nobody saved since is written over without being read.
EXPORTS_LEDGER = "exports.json"

# The coder of a row whose `coder` cell is empty (a `segments export` sheet, imported with
# --coder NAME): its coding counts as imported when a person holds it, whoever that is. A
# name no person is given (a control character would be refused as a coder's name).
_ANY_CODER = "*any coder*"


def read_codings(
    path: Path,
    *,
    texts: dict[str, str],
    codebook: CodebookIds,
    coder: str | None,
    method: str = "import",
    existing: Mapping[int, CodingRow] | None = None,
    update: bool = False,
    follow_renames: bool = False,
) -> CodingsFile:
    """Codings of an exchange file, every row checked; ExchangeError lists all bad rows.

    ``texts`` maps each document name to its stored text; ``codebook`` gives the codes a row
    may name (``CodebookIds``).
    A ``coder`` column, when filled, wins over ``coder``; ``status`` defaults to accepted.
    The rows of a disagreements sheet left without a decision are not imported
    (``CodingsFile.undecided``). A row with an empty ``code`` (a segment of a `segments
    export` sheet left uncoded) is not imported either (``uncoded``). A code cell may hold
    several ids (« COOP; GOUV »): one coding per id. Of a workbook, the one sheet whose first
    row names the columns is read.

    ``existing`` (the store's codings by id): without ``update``, a row of a `codings
    export` whose ``id`` names a coding of its coder that it no longer matches (code,
    passage, status or memo edited) is refused, since an import only adds codings; so is a
    row, with or without ``id``, that gives a stored coding (document, span, code, coder)
    another status or memo (``changes_stored``): it would be « already present » and its
    memo or status lost. With ``update``, those rows change the stored coding instead
    (``row_updates``): a person's coding only (``made_by_a_person``), by its own coder; a
    row of a tagger's coding given back as stored is passed over, an edited one refused (it
    is decided in the review): see ``edited_codings``. Without ``update``, a row of a
    tagger's coding kept under its name (pending or rejected suggestion, structural code)
    is refused (``tagger_row``). A file whose ids are another store's (a `codings export`
    of another project: ``ids_of_another_store``) is refused as a whole.

    A code id a recorded codebook change replaced (``codebook.former``: a sheet typed before
    a rename or merge) is refused with what became of it; with ``follow_renames``, its rows
    are read under the code it is now when that is a code in use, each such id counted in
    ``CodingsFile.followed`` (a split code, or one retired since, is still refused)."""
    frame, first_row = read_codings_frame(path, coder)
    reader = CodingsReader(
        texts, codebook, coder, method, existing or {}, update, follow_renames=follow_renames
    )
    records = frame.to_dict(orient="records")
    foreign = reader.ids_of_another_store(records, first_row)
    if foreign:
        raise ExchangeError(
            f"{foreign}; nothing was imported",
            path=path,
            hint="Empty the `id` column (keep its name, or delete the column) and import "
            "again: each row is then added, or counted « already present » when this project "
            "holds its coding.",
        )
    problems: list[str] = []
    for offset, row in enumerate(records):
        number = first_row + offset
        problem = reader.take(row, number)
        if problem:
            problems.append(f"row {number}: {problem}")
    if problems:
        listed = problems[:MAX_LISTED]
        more = len(problems) - len(listed)
        followable = reader.followable()
        raise ExchangeError(
            f"{len(problems)} row(s) cannot be imported, so nothing was imported:\n  "
            + "\n  ".join(listed)
            + (f"\n  … and {more} more" if more else ""),
            path=path,
            hint=(
                "The file uses code ids of an earlier codebook ("
                + ", ".join(f"{old} is now {now}" for old, now in sorted(followable.items()))
                + "): give --follow-renames to import their rows under the codes they are now "
                "(each one said), or write those codes in the `code` cells."
            )
            if followable
            else None,
        )
    return reader.found


def decisions_note(found: CodingsFile, analysis: CoderSelection) -> str:
    """What the command says of the consensus decisions a disagreements sheet gave
    (``found.decided``), given the project's ``analysis`` setting: applied, or how to apply
    them (until they are, their coder is pooled as one more coder, whose « no » removes
    nothing); "" when the file held none."""
    notes = []
    for name, count in sorted(found.decided.items()):
        given = f"{count} consensus decision(s) (rows with a `decision`) under coder {name}"
        if analysis.consensus == name:
            notes.append(
                f"{given}, the project's consensus: applied where they decide (a « no » takes "
                "out the coders' codings of its code and of the codes under it on the "
                "passage, a « yes » stands for their codings of its code)"
            )
            continue
        setting = (
            f"analysis.consensus is {analysis.consensus}, not {name}"
            if analysis.consensus
            else "no consensus is set"
        )
        notes.append(
            f"{given}: {setting}, so matrix, report, export qdpx, network, evaluate and "
            f"compare would count {name} as one more coder, and its « no » would remove "
            f"nothing. To apply them, set `analysis: {{consensus: {name}}}` in project.yaml, "
            f"or give --consensus {name} to those commands"
        )
    return "".join(f"{note}.\n" for note in notes).rstrip("\n")


def unimported_rows(
    path: Path, *, texts: dict[str, str], codebook: CodebookIds, existing: Mapping[int, CodingRow]
) -> list[int]:
    """The file rows of the codings sheet at ``path`` (a `codings export` or a `segments
    export` sheet a person filled) by which `codings import --update` would add a coding or
    change a stored one: edits not imported yet. A row whose `coder` cell is empty gives a
    coding that counts as imported when a person's coding of the store has its document,
    passage and code. A tagger's row (its `id` a suggestion's, its coder or method a
    tagger's) is left out: an import never records it (a suggestion is decided in the
    review), and a stored suggestion reviewed or made again since the sheet was written would
    read as an edit. ExchangeError when the file cannot be read as a codings sheet, or an
    import would refuse one of its rows (why, row by row)."""
    frame, first_row = read_codings_frame(path, _ANY_CODER)
    reader = CodingsReader(texts, codebook, _ANY_CODER, "import", existing, True)
    records = frame.to_dict(orient="records")
    numbered = [
        (first_row + offset, row)
        for offset, row in enumerate(records)
        if not _taggers_row(row, existing)
    ]
    foreign = reader.ids_of_another_store(records, first_row)
    if foreign:
        raise ExchangeError(foreign, path=path)
    problems = [f"row {n}: {problem}" for n, row in numbered if (problem := reader.take(row, n))]
    if problems:
        raise ExchangeError("\n  ".join(problems[:3]), path=path)
    people = {
        (row.document, row.start, row.end, row.code)
        for row in existing.values()
        if row.coder.lower() not in RESERVED_CODERS
    }
    rows = {reader.changed_by[coding_id] for coding_id, _ in reader.found.edits}
    for coding in reader.found.codings:
        key = coding_key(coding)
        held = key[:4] in people if coding.coder == _ANY_CODER else key in reader.held
        if not held:
            rows.add(reader.seen[key][0])
    return sorted(rows)


def _taggers_row(row: Mapping[Hashable, str], existing: Mapping[int, CodingRow]) -> bool:
    """Whether a sheet's row is a tagger's coding: its `id` names a stored suggestion (even
    one a reviewer accepted), or its coder or method is a tagger's."""
    named = existing.get(whole_number(str(row.get("id") or "x")) or 0)
    if named is not None:
        return not made_by_a_person(named)
    coder = str(row.get("coder") or "").strip().lower()
    method = str(row.get("method") or "").strip().lower()
    return coder in RESERVED_CODERS or method not in ("", *HUMAN_METHODS)


def refuse_unimported(
    path: Path,
    *,
    texts: dict[str, str],
    codebook: CodebookIds,
    existing: Mapping[int, CodingRow],
    import_command: str,
) -> None:
    """ExchangeError, nothing written, when a sheet at ``path`` holds codings typed in or
    edited and not imported yet (``unimported_rows``), or cannot be read as a codings sheet
    (whether it holds some cannot be told); nothing when there is no file at ``path``, or
    its rows give back what the store holds (a sheet written before and left as it was, or
    imported since). ``import_command``: the command that imports it, for the hint."""
    if not path.is_file():
        return
    force = "give --force to write over it (what it holds is lost)"
    try:
        rows = unimported_rows(path, texts=texts, codebook=codebook, existing=existing)
    except ExchangeError as exc:
        raise ExchangeError(
            "this file exists and cannot be read as a codings sheet, so it may hold codings "
            f"not imported yet: it was not written over ({exc.message})",
            path=path,
            hint=f"Export to another file name, or {force}.",
        ) from None
    if not rows:
        return
    listed = ", ".join(map(str, rows[:MAX_LISTED])) + (" …" if len(rows) > MAX_LISTED else "")
    raise ExchangeError(
        f"this sheet holds {len(rows)} row(s) with codings typed in or edited and not "
        f"imported yet ({'row' if len(rows) == 1 else 'rows'} {listed}): it was not written "
        "over",
        path=path,
        hint=f"Import it first (`{import_command}`), or export to another file name, or {force}.",
    )


def refuse_unimported_sheet(
    path: Path, store: Store, codebook: Codebook, import_command: str, ledger: Path
) -> None:
    """``refuse_unimported`` of the CSV or XLSX sheet an export is about to write at
    ``path``, read against ``store`` and ``codebook`` (another suffix is refused by the
    writer). A sheet that is still what an export wrote (``ledger``: ``files.as_written``)
    holds no edit, even where the store changed since: it is written over unread."""
    if path.suffix.lower() not in (".csv", ".xlsx") or not path.is_file():
        return
    if as_written(path, ledger):
        return
    refuse_unimported(
        path,
        texts=store.document_texts(),
        codebook=CodebookIds.of(codebook, store),
        existing={row.id: row for row in store.coding_rows()},
        import_command=import_command,
    )
