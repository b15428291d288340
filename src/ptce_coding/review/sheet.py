"""The review as a spreadsheet, for groups that decide in Excel: one row per pending suggestion
with an empty ``decision`` column; the filled workbook comes back and every row is checked before
any decision is recorded (all or nothing). Under assignments the sheet is a coder's queue, as the
terminal review lists it (review/queue.py ``pending``), blind double coding included."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.files import atomic_path
from ptce_coding.codebook.model import Codebook
from ptce_coding.review.queue import Suggestion, decide, pending
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
ANSWERS = {
    "accept": "accept",
    "yes": "accept",
    "oui": "accept",
    "reject": "reject",
    "no": "reject",
    "non": "reject",
}
STALE_HINT = (
    "Correct the rows (a suggestion re-coded since the export is no longer pending: export "
    "again) and import the workbook again."
)
# Columns that say which suggestion a row decides: an edit there would decide another one.
FIXED = ("document", "start", "end", "code")
EDITED_HINT = (
    "The columns other than `decision` cannot be changed: put them back as exported. To give "
    "a passage another code, leave its decision empty and move it with `m` in `ptce-coding "
    "review` (or reject it and import a coding with `ptce-coding codings import`)."
)


@dataclass(frozen=True)
class SheetDecisions:
    accepted: int
    rejected: int
    undecided: int


def export_review(suggestions: list[Suggestion], codebook: Codebook, path: Path) -> None:
    """Write ``suggestions`` to an .xlsx with an empty ``decision`` column."""
    if path.suffix.lower() != ".xlsx":
        raise ExchangeError("the review workbook must be an .xlsx file", path=path)
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
    store: Store, path: Path, reviewer: str, plan: dict[str, tuple[str, ...]] | None = None
) -> SheetDecisions:
    """Record the decisions of a filled review workbook. Every row is checked first (known
    suggestion still pending, decision accept/reject/yes/no or empty); one bad row and nothing
    is recorded; so is a row whose document, start, end or code is not the suggestion's.

    With a ``plan`` (``review_queue.coder_plan``: the project's assignments), a row decides a
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
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException) as exc:
        raise ExchangeError(f"cannot read the review workbook: {exc}", path=path) from None
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    if not rows or "id" not in rows[0] or "decision" not in rows[0]:
        raise ExchangeError(
            "the first row must name the columns, with `id` and `decision`",
            path=path,
            line=1,
            hint="Use a workbook written by `ptce-coding review --export`.",
        )
    header = [str(c).strip() if c is not None else "" for c in rows[0]]
    id_col, decision_col = header.index("id"), header.index("decision")
    fixed = {name: header.index(name) for name in FIXED if name in header}
    decisions, problems, undecided, edited = [], [], 0, False
    seen: dict[int, int] = {}
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
    for number, row in enumerate(rows[1:], start=2):
        answer = str(row[decision_col] or "").strip().lower()
        if not answer:
            undecided += 1
            continue
        if answer not in ANSWERS:
            problems.append(f"row {number}: decision {answer!r} is not accept or reject")
            continue
        coding_id = row[id_col]
        if not isinstance(coding_id, int) or coding_id not in queue:
            problems.append(f"row {number}: {_not_pending(store, coding_id, reviewer, plan)}")
            continue
        if coding_id in seen:
            problems.append(
                f"row {number}: suggestion {coding_id} is already decided on row {seen[coding_id]}"
            )
            continue
        changes = _changes(queue[coding_id], {name: row[i] for name, i in fixed.items()})
        if changes:
            problems.append(f"row {number}: suggestion {coding_id} {', '.join(changes)}")
            edited = True
            continue
        seen[coding_id] = number
        decisions.append((coding_id, ANSWERS[answer]))
    if problems:
        raise ExchangeError(
            f"{len(problems)} problem(s), nothing was recorded:\n  " + "\n  ".join(problems),
            path=path,
            hint=EDITED_HINT if edited else STALE_HINT,
        )
    with store.transaction():
        for coding_id, decision in decisions:
            decide(store, coding_id, decision, reviewer)
    accepted = sum(1 for _, d in decisions if d == "accept")
    return SheetDecisions(accepted, len(decisions) - accepted, undecided)


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
    return f"suggestion {coding_id!r} is not pending in the store"


def _changes(suggestion: Suggestion, cells: dict[str, Any]) -> list[str]:
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
        if given != value and str(given) != str(value):
            changes.append(f"{verb} {value}, not {'(empty)' if given in (None, '') else given}")
    return changes
