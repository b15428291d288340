"""A filled review workbook read back (review/sheet.py): the sheet whose columns are `id` and
`decision` (French names too), what a typed decision says, and the decisions it holds that are
not recorded yet, which an export never writes over."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from ptce_coding.base.cells import DECISIONS, whole_number
from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.tables import read_table, sheets_with_columns
from ptce_coding.review.queue import DECISIONS as DECIDED
from ptce_coding.review.sheet_decided import recorded_decision
from ptce_coding.store import Store

# What a `decision` cell may say, compared without case or accents (« Accepté », « rejetée »):
# the codings import's yes/no answers (« oui », « o », « 1 »…), the words of both languages,
# and « a » / « r » for short: the terminal review's keys, and the first letters of
# « accepter », « rejeter » and « refuser ».
ANSWERS = {
    **{word: "accept" if status == "accepted" else "reject" for word, status in DECISIONS.items()},
    "a": "accept",
    "r": "reject",
    **dict.fromkeys(("accept", "accepted", "accepte", "acceptee", "accepter"), "accept"),
    **dict.fromkeys(("reject", "rejected", "rejete", "rejetee", "rejeter"), "reject"),
    **dict.fromkeys(("refuse", "refusee", "refuser"), "reject"),
}
# Column names a French sheet may use (compared without case), for the exported names.
FRENCH_COLUMNS = {"décision": "decision"}
LARGEST_ID = 2**63 - 1  # SQLite's largest integer: no coding has a greater id


def read_answer(typed: str) -> str | None:
    """What a typed ``decision`` cell says: accept, reject, or None when it is neither."""
    return ANSWERS.get(_folded(typed))


def unrecorded_decisions(store: Store, path: Path, reviewer: str | None = None) -> int:
    """The rows of the review workbook at ``path`` whose decision is filled while their
    suggestion still waits, or, with ``reviewer``, says another decision than the one
    ``reviewer`` recorded (0 when there is no such file, or it is no review workbook)."""
    if not path.is_file():
        return 0
    try:
        _, frame, _ = review_sheet(path)
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
            answer = read_answer(typed)
            filled += answer is not None and DECIDED[answer] != earlier[1]
    return filled


def review_sheet(path: Path) -> tuple[str, pd.DataFrame, int]:
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
