"""Tables in files, shared by every package: CSV and XLSX, read as text cells and written
atomically (transcript text stays text in XLSX, never a formula)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Collection
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ptce_coding.base.cells import unescape_cell, write_csv
from ptce_coding.base.decoding import decode
from ptce_coding.base.errors import CorpusError, ExchangeError, PtceError
from ptce_coding.base.files import atomic_path

MAX_WIDTH = 60
MAX_LISTED = 20
MAX_XLSX_UNZIPPED = 200_000_000  # bytes: about a million codings
SHEET_TITLE_MAX = 31  # Excel refuses a workbook with a longer sheet name
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_table(frame: pd.DataFrame, path: Path, sheet: str = "data") -> Path:
    """A table to .csv or .xlsx, chosen by the file's extension; atomically."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(frame, path, index=False)
    elif suffix == ".xlsx":
        write_xlsx(path, {sheet: frame}, index=False)
    else:
        raise PtceError(
            f"unsupported output type {suffix or '(none)'}",
            path=path,
            hint="Give a file name ending in .csv or .xlsx.",
        )
    return path


def read_table(path: Path) -> tuple[pd.DataFrame, int]:
    """A CSV or XLSX table as text cells, and the file row of its first data row.

    Column names are compared without case or surrounding spaces: a name given twice is
    refused (which of the two columns holds the data is not ours to guess), and so is an XLSX
    cell holding a formula (only its cached result, often empty, would be read)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ExchangeError("no such file", path=path)
    try:
        if suffix == ".csv":
            try:
                text, _ = decode(path.read_bytes(), path)
            except CorpusError as exc:  # its hint is about transcripts
                raise ExchangeError(
                    f"not a CSV table: {exc.message.replace('text transcript', 'CSV table')}",
                    path=path,
                    hint="Give a table saved as CSV (UTF-8, comma or semicolon) or as .xlsx.",
                ) from None
            first = text.lstrip("\ufeff").split("\n", 1)[0]
            separator = ";" if first.count(";") > first.count(",") else ","
            cells = pd.read_csv(
                io.StringIO(text.lstrip("\ufeff")),
                sep=separator,
                dtype=str,
                header=None,
                keep_default_na=False,
            ).map(unescape_cell)
        elif suffix == ".xlsx":
            _refuse_zip_bomb(path)
            _refuse_formulas(path)
            cells = pd.read_excel(
                path, dtype=str, keep_default_na=False, engine="openpyxl", header=None
            )
        else:
            raise ExchangeError(
                f"unsupported file type {suffix or '(none)'}",
                path=path,
                hint="Give a .csv (UTF-8) or .xlsx file.",
            )
    except (ValueError, OSError, zipfile.BadZipFile, pd.errors.ParserError) as exc:
        raise ExchangeError(f"cannot read the table: {exc}", path=path) from None
    except pd.errors.EmptyDataError:
        raise ExchangeError("the table is empty", path=path) from None
    if cells.empty:
        raise ExchangeError("the table is empty", path=path)
    header = [str(c).strip().lower() for c in cells.iloc[0]]
    header = [name or f"(column {n})" for n, name in enumerate(header, start=1)]
    seen: dict[str, int] = {}
    twice = []
    for number, name in enumerate(header, start=1):
        if name in seen:
            twice.append(f"`{name}` (columns {seen[name]} and {number})")
        seen.setdefault(name, number)
    if twice:
        raise ExchangeError(
            f"column(s) given twice: {', '.join(twice)} (names are compared without case)",
            path=path,
            line=1,
            hint="Keep one column of each name (rename or delete the other) and import again.",
        )
    frame = cells.iloc[1:].reset_index(drop=True)
    frame.columns = header
    return frame, 2


def _refuse_zip_bomb(path: Path) -> None:
    """An .xlsx is a zip: its declared unzipped size is checked before anything is read."""
    with zipfile.ZipFile(path) as archive:
        expanded = sum(info.file_size for info in archive.infolist())
    if expanded > MAX_XLSX_UNZIPPED:
        raise ExchangeError(
            f"the workbook expands to {expanded / 1e6:,.1f} MB once unzipped, over the "
            f"{MAX_XLSX_UNZIPPED / 1e6:g} MB a codings table can take; it was not read",
            path=path,
            hint="Save the sheet alone as .csv (UTF-8) and import that.",
        )


def _refuse_formulas(path: Path) -> None:
    """An XLSX cell with a formula would be read as its cached result, or empty: refused."""
    book = load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = book.worksheets[0]
        found = [
            f"{cell.coordinate} ({cell.value})"
            for row in sheet.iter_rows()
            for cell in row
            if getattr(cell, "data_type", None) == "f"
        ]
    finally:
        book.close()
    if found:
        listed = ", ".join(found[:MAX_LISTED]) + (" …" if len(found) > MAX_LISTED else "")
        raise ExchangeError(
            f"{len(found)} cell(s) hold a formula, not a value: {listed}; nothing was imported",
            path=path,
            hint="Copy the sheet and paste it as values only (Paste special → Values), then "
            "import again.",
        )


def write_xlsx(path: str | Path, sheets: dict[str, pd.DataFrame], *, index: bool = True) -> Path:
    """One sheet per DataFrame, header frozen, columns sized; written atomically."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the default sheet
    for title, frame in sheets.items():
        sheet = workbook.create_sheet(title=sheet_title(title, workbook.sheetnames))
        table = frame.reset_index() if index else frame
        header = [str(column) for column in table.columns]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.data_type = "s"  # a code label « =1+1 » in a header stays text
        for row in table.itertuples(index=False):
            sheet.append([_cell(value) for value in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # « =HYPERLINK(…) » in a transcript stays text
        sheet.freeze_panes = "B2" if index else "A2"
        for number, column in enumerate(table.columns, start=1):
            longest = max(
                [len(str(column))] + [len(str(v)) for v in table[column].head(200).tolist()]
            )
            sheet.column_dimensions[get_column_letter(number)].width = min(longest + 2, MAX_WIDTH)
    with atomic_path(path) as temp:
        workbook.save(temp)
    return Path(path)


def sheet_title(title: str, taken: Collection[str]) -> str:
    """``title`` as a sheet name Excel opens: at most 31 characters, none of ``[]:*?/\\``,
    and none already ``taken`` (compared regardless of case, as Excel does): two long names
    cut to the same 31 characters become « …~2 », not a 32-character name."""
    base = SHEET_TITLE_FORBIDDEN.sub("-", title)[:SHEET_TITLE_MAX] or "-"
    used = {name.casefold() for name in taken}
    candidate, number = base, 1
    while candidate.casefold() in used:
        number += 1
        suffix = f"~{number}"
        candidate = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
    return candidate


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
