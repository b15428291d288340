"""The review as a spreadsheet, for groups that decide in Excel: one row per pending suggestion
with an empty ``decision`` column; the filled workbook comes back and every row is checked before
any decision is recorded (all or nothing). Under assignments the sheet is a coder's queue, as the
terminal review lists it (review/queue.py ``pending``), blind double coding included.

A row whose suggestion id is gone from the store decides the same suggestion waiting under
another id (review/sheet_matching.py), and the import says so. The workbook is read back by
review/sheet_workbook.py; what a refused row is told, by review/sheet_problems.py."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from ptce_coding.base.cells import whole_number
from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.files import atomic_path
from ptce_coding.base.packages import settle_package
from ptce_coding.codebook.model import Codebook
from ptce_coding.review.queue import DECISIONS as DECIDED
from ptce_coding.review.queue import decide, pending, undo
from ptce_coding.review.sheet_decided import decider, recorded_decision
from ptce_coding.review.sheet_matching import (
    FIXED,
    MadeAgain,
    by_code,
    log_made_again,
    row_passage,
    waiting_on,
    why_gone,
)
from ptce_coding.review.sheet_problems import not_pending, problem_hints, row_changes
from ptce_coding.review.sheet_workbook import (
    LARGEST_ID,
    read_answer,
    review_sheet,
    unrecorded_decisions,
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


@dataclass(frozen=True)
class SheetDecisions:
    """What an import recorded: ``accepted`` and ``rejected`` (``changed`` of them replacing
    another decision, with ``--update``), ``recorded`` rows whose decision was recorded
    already (a workbook filled in two sittings), ``undecided`` rows left empty whose
    suggestion still waits, ``decided_elsewhere`` rows left empty whose suggestion was decided
    in the store since ({who decided: rows})."""

    accepted: int
    rejected: int
    undecided: int
    made_again: tuple[MadeAgain, ...] = ()
    recorded: int = 0
    changed: int = 0
    decided_elsewhere: Mapping[str, int] = field(default_factory=dict)


def export_review(
    suggestions: list[Suggestion],
    codebook: Codebook,
    path: Path,
    store: Store | None = None,
    reviewer: str | None = None,
    moment: datetime | None = None,
) -> None:
    """Write ``suggestions`` to an .xlsx with an empty ``decision`` column, dated ``moment``
    (the time the store's codings last changed, ``analysis.last_change``; None: no date),
    so that an unchanged store gives the same bytes (``base.packages.settle_package``). With
    the ``store``, a review workbook at ``path`` holding decisions not recorded yet (on
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
        settle_package(temp, moment)  # not the time of writing: the same store, same bytes


def import_review(
    store: Store,
    path: Path,
    reviewer: str,
    plan: dict[str, tuple[str, ...]] | None = None,
    update: bool = False,
) -> SheetDecisions:
    """Record the decisions of a filled review workbook. Every row is checked first (known
    suggestion still pending, decision accept/reject, a/r, yes/no or empty); one bad row and
    nothing is recorded; so is a row whose document, start, end or code is not the
    suggestion's. A row whose suggestion is gone from the store decides the one waiting on its
    document, passage and code from its tagger (``MadeAgain``: in the result and the event
    log); when none waits, the row is refused, with what the taggers suggest there now.

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
    title, frame, first_row = review_sheet(path)
    fixed = [name for name in FIXED if name in frame.columns]
    decisions: list[tuple[int, str]] = []
    changed: list[tuple[int, str]] = []
    problems: list[str] = []
    undecided, recorded = 0, 0
    elsewhere: Counter[str] = Counter()  # rows left empty, decided in the store: by whom
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
            who = _decided_since(store, row, queue, reviewer)
            if who is None:
                undecided += 1
            else:
                elsewhere[who] += 1
            continue
        answer = read_answer(typed)
        if answer is None:
            problems.append(f"row {number}: decision {typed!r} is not accept or reject (a or r)")
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
            problems.append(f"row {number}: {not_pending(store, coding_id, reviewer, plan)}")
            kinds.add("stale")
            continue
        if coding_id in seen:
            problems.append(
                f"row {number}: suggestion {coding_id} is already decided on row {seen[coding_id]}"
            )
            continue
        suggested = queue[coding_id] if earlier is None else earlier[0]
        changes = row_changes(suggested, {name: row[name] for name in fixed})
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
            hint=problem_hints(kinds),
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
        accepted,
        len(made) - accepted,
        undecided,
        tuple(made_again),
        recorded,
        len(changed),
        dict(elsewhere),
    )


def _decided_since(
    store: Store, row: Mapping[Hashable, object], queue: Mapping[int, Suggestion], reviewer: str
) -> str | None:
    """Who decided the suggestion of a row left empty, when it waits no more (``decider``);
    None when it still waits, or the row names no suggestion of the store."""
    coding_id = whole_number(str(row["id"]))
    if coding_id is None or coding_id > LARGEST_ID or coding_id in queue:
        return None
    return decider(store, coding_id, reviewer)
