"""The review as a spreadsheet, for groups that decide in Excel: one row per pending suggestion
with an empty ``decision`` column; the filled workbook comes back and every row is checked before
any decision is recorded (all or nothing). Under assignments the sheet is a coder's queue, as the
terminal review lists it (review/queue.py ``pending``), blind double coding included.

A row whose suggestion id is gone from the store decides the same suggestion waiting under
another id (review/sheet_matching.py), and the import says so."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from ptce_coding.base.cells import DECISIONS, whole_number
from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.files import atomic_path
from ptce_coding.base.records import CodingRow
from ptce_coding.base.tables import read_table, sheets_with_columns
from ptce_coding.codebook.model import Codebook
from ptce_coding.review.queue import DECISIONS as DECIDED
from ptce_coding.review.queue import coded_by, decide, pending, undo
from ptce_coding.review.sheet_decided import CHANGED_HINT, recorded_decision
from ptce_coding.review.sheet_matching import (
    FIXED,
    GONE_HINT,
    MadeAgain,
    by_code,
    log_made_again,
    row_passage,
    waiting_on,
    why_gone,
)
from ptce_coding.review.suggestion import Suggestion
from ptce_coding.store import Store

COLUMNS = [
    "id",
    "document",
    "case",
    "start",
    "end",
    "code",
    "label",
    "method",
    "confidence",
    "evidence",
    "text",
    "decision",
]
# What a `decision` cell may say, compared without case or accents (« Accepté », « rejetée »):
# the codings import's yes/no answers (« oui », « o », « 1 »…) and the words of both languages.
ANSWERS = {
    **{word: "accept" if status == "accepted" else "reject" for word, status in DECISIONS.items()},
    **dict.fromkeys(("accept", "accepted", "accepte", "acceptee", "accepter"), "accept"),
    **dict.fromkeys(("reject", "rejected", "rejete", "rejetee", "rejeter"), "reject"),
    **dict.fromkeys(("refuse", "refusee", "refuser"), "reject"),
}
# Column names a French sheet may use (compared without case), for the exported names.
FRENCH_COLUMNS = {"décision": "decision"}
ANSWER_HINT = (
    "Write accept or reject in `decision` (also yes/no, oui/non, accepté/rejeté), or leave it "
    "empty to decide later."
)
LARGEST_ID = 2**63 - 1  # SQLite's largest integer: no coding has a greater id
STALE_HINT = (
    "Correct the rows (a suggestion re-coded since the export is no longer pending: export "
    "again) and import the workbook again."
)
EDITED_HINT = (
    "The columns other than `decision` cannot be changed: put them back as exported. To give "
    "a passage another code, leave its decision empty and move it with `m` in `ptce-coding "
    "review` (or reject it and import a coding with `ptce-coding codings import`)."
)


@dataclass(frozen=True)
class SheetDecisions:
    """What an import recorded: ``accepted`` and ``rejected`` (``changed`` of them replacing
    another decision, with ``--update``), ``recorded`` rows whose decision was recorded
    already (a workbook filled in two sittings), ``undecided`` rows left empty."""

    accepted: int
    rejected: int
    undecided: int
    made_again: tuple[MadeAgain, ...] = ()
    recorded: int = 0
    changed: int = 0


def export_review(
    suggestions: list[Suggestion],
    codebook: Codebook,
    path: Path,
    store: Store | None = None,
    reviewer: str | None = None,
) -> None:
    """Write ``suggestions`` to an .xlsx with an empty ``decision`` column. With the
    ``store``, a review workbook at ``path`` holding decisions not recorded yet (on
    suggestions still waiting, or, with the ``reviewer``, other than the one they recorded)
    is never written over: ExchangeError, nothing written."""
    if path.suffix.lower() != ".xlsx":
        raise ExchangeError("the review workbook must be an .xlsx file", path=path)
    if store is not None and (filled := unrecorded_decisions(store, path, reviewer)):
        raise ExchangeError(
            f"this review workbook holds {filled} decision(s) not recorded yet: it was not "
            "written over",
            path=path,
            hint=f"Record them first (`ptce-coding review --import {path}`; with `--update` "
            "for a decision changed since it was recorded), or export to another file name; "
            "delete the file to start its review over.",
        )
    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook's one (active) sheet
    sheet.title = "review"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for s in suggestions:
        label = codebook.get(s.code).label if s.code in codebook else ""
        sheet.append(
            [
                s.id,
                s.document,
                s.case,
                s.start,
                s.end,
                s.code,
                label,
                s.method,
                s.confidence,
                s.evidence,
                s.text,
                None,
            ]
        )
    choice = DataValidation(type="list", formula1='"accept,reject"', allow_blank=True)
    sheet.add_data_validation(choice)
    choice.add(f"L2:L{max(len(suggestions) + 1, 2)}")
    for letter, width in (("B", 30), ("F", 24), ("G", 28), ("J", 30), ("K", 80), ("L", 10)):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, min_col=11, max_col=11):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    with atomic_path(path) as temp:
        book.save(temp)


def import_review(
    store: Store,
    path: Path,
    reviewer: str,
    plan: dict[str, tuple[str, ...]] | None = None,
    update: bool = False,
) -> SheetDecisions:
    """Record the decisions of a filled review workbook. Every row is checked first (known
    suggestion still pending, decision accept/reject/yes/no or empty); one bad row and nothing
    is recorded; so is a row whose document, start, end or code is not the suggestion's. A row
    whose suggestion is gone from the store decides the one waiting on its document, passage
    and code from its tagger (``MadeAgain``: in the result and the event log); when none
    waits, the row is refused, with what the taggers suggest there now.

    A row whose suggestion ``reviewer`` has decided already (the workbook imported before,
    then filled further) is passed over when it says the decision recorded (``recorded`` in
    the result); one that says the other is refused, or with ``update`` changes it (the
    decision undone, then made as the row says: both are in the event log).

    With a ``plan`` (``coder_plan.coder_plan``: the project's assignments), a row decides a
    suggestion of ``reviewer``'s queue as the terminal review lists it (``pending``): on the
    reviewer's documents, and on a double-coded one also a suggestion the other coder decided
    already, checked against the passage suggested (the one the export wrote, blind) and
    recorded as the reviewer's decision of their own (``Store.review``)."""
    if path.suffix.lower() != ".xlsx":
        raise ExchangeError(
            "the review workbook must be an .xlsx file",
            path=path,
            hint="Import the workbook written by `ptce-coding review --export` (saved as .xlsx).",
        )
    title, frame, first_row = _review_sheet(path)
    fixed = [name for name in FIXED if name in frame.columns]
    decisions: list[tuple[int, str]] = []
    changed: list[tuple[int, str]] = []
    problems: list[str] = []
    undecided, recorded = 0, 0
    kinds: set[str] = set()  # of the problems: the hints they need
    seen: dict[int, int] = {}
    made_again: list[MadeAgain] = []
    # every tagger's, as listed for the reviewer: a sheet exported with --method model keeps
    # the model suggestions a rule suggestion stands for in the review of both taggers
    queue = {
        item.id: item
        for item in pending(
            store,
            methods=["rule", "model"],
            coder=reviewer if plan is not None else None,
            plan=plan,
        )
    }
    waiting = by_code(queue.values())
    for offset, row in enumerate(frame.to_dict(orient="records")):
        number = first_row + offset
        typed = str(row["decision"]).strip()
        if not typed:
            undecided += 1
            continue
        answer = ANSWERS.get(_folded(typed))
        if answer is None:
            problems.append(f"row {number}: decision {typed!r} is not accept or reject")
            kinds.add("unknown")
            continue
        coding_id = whole_number(str(row["id"]))
        if coding_id is None or coding_id > LARGEST_ID:
            given = str(row["id"]).strip()
            problems.append(
                f"row {number}: id {given!r} is not a suggestion's id"
                if given
                else f"row {number}: the id is empty"
            )
            kinds.add("edited")
            continue
        if coding_id not in queue and store.coding_by_id(coding_id) is None:
            passage = row_passage(store, row, fixed)
            again = waiting_on(waiting, passage)
            if again is None:
                problems.append(f"row {number}: {why_gone(coding_id, passage, waiting)}")
                kinds.add("gone")
                continue
            made_again.append(MadeAgain(number, coding_id, again))
            coding_id = again
        earlier = None if coding_id in queue else recorded_decision(store, coding_id, reviewer)
        if coding_id not in queue and earlier is None:
            problems.append(f"row {number}: {_not_pending(store, coding_id, reviewer, plan)}")
            kinds.add("stale")
            continue
        if coding_id in seen:
            problems.append(
                f"row {number}: suggestion {coding_id} is already decided on row {seen[coding_id]}"
            )
            continue
        suggested = queue[coding_id] if earlier is None else earlier[0]
        changes = _changes(suggested, {name: row[name] for name in fixed})
        if changes:
            problems.append(f"row {number}: suggestion {coding_id} {', '.join(changes)}")
            kinds.add("edited")
            continue
        seen[coding_id] = number
        if earlier is None:
            decisions.append((coding_id, answer))
        elif earlier[1] == DECIDED[answer]:
            recorded += 1  # imported before: the workbook was filled in two sittings
        elif update:
            changed.append((coding_id, answer))
        else:
            problems.append(
                f"row {number}: suggestion {coding_id} is recorded as {earlier[1]} by "
                f"{reviewer}, and the row says {answer}"
            )
            kinds.add("changed")
    if problems:
        raise ExchangeError(
            f"sheet {title!r}: {len(problems)} problem(s), nothing was recorded:\n  "
            + "\n  ".join(problems),
            path=path,
            hint=_hints(kinds),
        )
    with store.transaction():
        log_made_again(store, made_again, queue)
        for coding_id, decision in changed:
            undo(store, coding_id, reviewer)
            decide(store, coding_id, decision, reviewer)
        for coding_id, decision in decisions:
            decide(store, coding_id, decision, reviewer)
    made = [*decisions, *changed]
    accepted = sum(1 for _, d in made if d == "accept")
    return SheetDecisions(
        accepted, len(made) - accepted, undecided, tuple(made_again), recorded, len(changed)
    )


def _hints(kinds: set[str]) -> str:
    """What to do about the problems of an import, by their ``kinds``."""
    hints = [ANSWER_HINT] if "unknown" in kinds else []
    hints += [EDITED_HINT] if "edited" in kinds else []
    hints += [GONE_HINT] if "gone" in kinds else []
    hints += [CHANGED_HINT] if "changed" in kinds else []
    hints += [STALE_HINT] if "stale" in kinds or not hints else []
    return "\n".join(hints)


def unrecorded_decisions(store: Store, path: Path, reviewer: str | None = None) -> int:
    """The rows of the review workbook at ``path`` whose decision is filled while their
    suggestion still waits, or, with ``reviewer``, says another decision than the one
    ``reviewer`` recorded (0 when there is no such file, or it is no review workbook)."""
    if not path.is_file():
        return 0
    try:
        _, frame, _ = _review_sheet(path)
    except ExchangeError:
        return 0
    filled = 0
    for row in frame.to_dict(orient="records"):
        coding_id = whole_number(str(row["id"]))
        typed = str(row["decision"]).strip()
        if not typed or coding_id is None or coding_id > LARGEST_ID:
            continue
        stored = store.coding_by_id(coding_id)
        if stored is None:
            continue
        if stored.status == "suggested":
            filled += 1
        elif reviewer is not None and (earlier := recorded_decision(store, coding_id, reviewer)):
            answer = ANSWERS.get(_folded(typed))
            filled += answer is not None and DECIDED[answer] != earlier[1]
    return filled


def _review_sheet(path: Path) -> tuple[str, pd.DataFrame, int]:
    """The sheet of the workbook whose first row names `id` and `decision` (a sheet of notes
    put before it is left alone): its title, its rows as text cells (``read_table``: names
    compared without case, merged cells and formulas refused) and the file row of the first."""
    try:
        titles = sheets_with_columns(path, [{"id"}, {"decision", *FRENCH_COLUMNS}])
    except ExchangeError as exc:
        raise ExchangeError(
            exc.message.replace("cannot read the table", "cannot read the review workbook"),
            path=path,
            hint=exc.hint,
        ) from None
    if len(titles) > 1:
        raise ExchangeError(
            f"{len(titles)} sheets have `id` and `decision` columns ({', '.join(titles)}), and "
            "one sheet is read: nothing was recorded",
            path=path,
            hint="Keep the review on one sheet (delete the other, or rename its `decision` "
            "column), or save each sheet as its own .xlsx file and import each.",
        )
    if not titles:  # the first sheet says which column is missing
        frame, _ = read_table(path)
        names = [str(name) for name in frame.columns if not str(name).startswith("(column")]
        missing = [name for name in ("id", "decision") if name not in names]
        raise ExchangeError(
            f"no sheet has the column(s) {', '.join(f'`{m}`' for m in missing)} in its first "
            f"row (the first sheet's: {', '.join(names) or 'none'}); nothing was recorded",
            path=path,
            line=1,
            hint="Name the review sheet's columns as exported (`id`, …, `decision`), or import "
            "the workbook written by `ptce-coding review --export`.",
        )
    frame, first_row = read_table(path, sheet=titles[0])
    frame = frame.rename(
        columns={
            name: english
            for name, english in FRENCH_COLUMNS.items()
            if name in frame.columns and english not in frame.columns
        }
    )
    return titles[0], frame, first_row


def _folded(answer: str) -> str:
    """A typed decision without case or accents: « Accepté » → « accepte »."""
    decomposed = unicodedata.normalize("NFKD", answer.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _not_pending(
    store: Store, coding_id: Any, reviewer: str, plan: dict[str, tuple[str, ...]] | None
) -> str:
    """Why a row's suggestion is not in ``reviewer``'s queue (never the other coder's
    decision: the review is blind)."""
    row = store.coding_by_id(coding_id) if isinstance(coding_id, int) else None
    if row is None or row.method not in ("rule", "model"):
        return f"suggestion {coding_id!r} is not pending in the store"
    decided = store.decision_of(row.id, reviewer)
    if decided is not None:
        status = store.coding_by_id(decided)
        return f"suggestion {coding_id} is decided already by {reviewer}" + (
            f" ({status.status})" if status is not None else ""
        )
    coders = plan.get(row.document, ()) if plan is not None else None
    if coders is not None and reviewer not in coders:
        return (
            f"suggestion {coding_id} is of {row.document}, assigned to "
            f"{', '.join(coders) or 'no coder'}, not to {reviewer}"
        )
    own = [
        coding
        for coding in coded_by(store, reviewer, [row.document])
        if coding.code == row.code and coding.start < row.end and coding.end > row.start
    ]
    if own:
        return (
            f"suggestion {coding_id} is of {row.code}, which {reviewer} coded already on this "
            "passage: there is nothing to decide (leave the row's decision empty)"
        )
    return f"suggestion {coding_id!r} is not pending in the store"


def _changes(suggestion: Suggestion | CodingRow, cells: dict[str, Any]) -> list[str]:
    """What a row says of its suggestion that is not so (« is of code COOP.LIEU, not ECO »)."""
    stored = {
        "document": ("is in", suggestion.document),
        "start": ("starts at", suggestion.start),
        "end": ("ends at", suggestion.end),
        "code": ("is of code", suggestion.code),
    }
    changes = []
    for name, cell in cells.items():
        verb, value = stored[name]
        given = cell.strip() if isinstance(cell, str) else cell
        if name in ("start", "end") and isinstance(given, str) and given:
            number = whole_number(given)  # « 216.0 », « 216,0 »: the same offset
            given = number if number is not None else given
        if given != value and str(given) != str(value):
            changes.append(f"{verb} {value}, not {'(empty)' if given in (None, '') else given}")
    return changes
