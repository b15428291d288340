"""The codings exchange file (DESIGN.md): CSV (UTF-8, comma) or XLSX, read and every row
checked. Its columns and the reading of its table are ``codings_columns``'s, the reading of
its rows ``codings_reader``'s and the checks of one row's cells ``coding_row``'s. What a row
does to a coding already in the store (given back, edited, changed with ``--update``) is
``edited_codings``'s."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.records import CodingRow
from ptce_coding.interop.codings_columns import MAX_LISTED, read_codings_frame
from ptce_coding.interop.codings_reader import CodebookIds, CodingsFile, CodingsReader

# CodebookIds and CodingsFile, what read_codings takes and gives, are importable from here too
__all__ = ["CodebookIds", "CodingsFile", "decisions_note", "read_codings"]


def read_codings(
    path: Path,
    *,
    texts: dict[str, str],
    codebook: CodebookIds,
    coder: str | None,
    method: str = "import",
    existing: Mapping[int, CodingRow] | None = None,
    update: bool = False,
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
    of another project: ``ids_of_another_store``) is refused as a whole."""
    frame, first_row = read_codings_frame(path, coder)
    reader = CodingsReader(texts, codebook, coder, method, existing or {}, update)
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
        raise ExchangeError(
            f"{len(problems)} row(s) cannot be imported, so nothing was imported:\n  "
            + "\n  ".join(listed)
            + (f"\n  … and {more} more" if more else ""),
            path=path,
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
