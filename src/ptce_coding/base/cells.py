"""Cells a spreadsheet must not evaluate: CSV injection (CWE-1236).

A CSV cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets. Following the OWASP advice, such a text cell
is written with a leading single quote (``'=HYPERLINK(…)``), which spreadsheets show as text;
``codings import`` removes that quote again, so an exported file goes back in unchanged.
Numbers are never touched (``-0.5`` stays a number). In XLSX files text cells are typed as
strings instead, which needs no quote.

Read back, a cell a researcher typed or a spreadsheet rewrote: a whole number (« 216.0 »,
« 216,0 »), a yes/no answer (``DECISIONS``) and a date (``cell_text``), for the codings and
review sheets alike.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from ptce_coding.base.files import atomic_path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    """A text cell a spreadsheet would evaluate, with a quote in front; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_cell(value: object) -> object:
    """The inverse of ``escape_cell``, for a CSV read back."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell, column name and index label of ``frame`` escaped."""
    safe = frame.map(escape_cell)
    safe.columns = _escape_index(frame.columns)
    safe.index = _escape_index(frame.index)
    return safe


def write_csv(frame: pd.DataFrame, path: Path, *, index: bool) -> Path:
    """``frame`` as a UTF-8 CSV with formula-like text escaped; atomically."""
    with atomic_path(path) as temp:
        escape_frame(frame).to_csv(temp, index=index, encoding="utf-8")
    return path


def _escape_index(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        return index.set_levels([list(_escape_index(level)) for level in index.levels])
    return pd.Index([escape_cell(v) for v in index], name=escape_cell(index.name))


# the answers a spreadsheet's yes/no column may hold (a disagreements sheet's `decision`)
DECISIONS = {
    "yes": "accepted",
    "oui": "accepted",
    "y": "accepted",
    "o": "accepted",
    "1": "accepted",
    "no": "rejected",
    "non": "rejected",
    "n": "rejected",
    "0": "rejected",
}


_WHOLE = re.compile(r"\s*[0-9]+(?:[.,]0*)?\s*")  # ASCII digits: not « ٣٤ », which int() reads


def whole_number(value: str) -> int | None:
    """A cell as a whole number: « 216 », « 216.0 » (a spreadsheet's number) or « 216,0 »
    (French decimal comma), never « 216.7 », « inf », « 1e400 », « 1_000 » or « -3 »."""
    if not _WHOLE.fullmatch(value):
        return None
    return int(re.split(r"[.,]", value.strip())[0])


def cell_text(value: object) -> str:
    """An XLSX cell's value as the text a person typed: a date as the date (« 03/06/2024 »
    typed in a memo, which Excel stores as a date, is « 2024-06-03 », not « 2024-06-03
    00:00:00 »), with its time when it has one (« 2024-06-03 14:30 »); anything else as
    ``str`` gives it."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        seconds = value.second or value.microsecond
        return value.isoformat(sep=" ", timespec="seconds" if seconds else "minutes")
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    return str(value)
