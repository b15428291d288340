"""Tables in files, shared by every package: CSV and XLSX, read as text cells and written
atomically (transcript text stays text in XLSX, never a formula)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Collection, Sequence
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ptce_coding.base.cells import cell_text, unescape_cell, write_csv
from ptce_coding.base.decoding import decode
from ptce_coding.base.errors import CorpusError, ExchangeError, PtceError
from ptce_coding.base.files import atomic_path
from ptce_coding.base.packages import settle_package
from ptce_coding.base.separators import holds_no_cell, sniffed_separator

MAX_WIDTH = 60
MAX_LISTED = 20
MAX_XLSX_UNZIPPED = 200_000_000  # bytes: about a million codings
SHEET_TITLE_MAX = 31  # Excel refuses a workbook with a longer sheet name
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and an encrypted .xlsx
EXCEL_SEPARATOR = re.compile(r"sep=(.)")
# Delimited text: a CSV (comma, or semicolon from a French spreadsheet), and tab-separated
# text (Excel's « Texte Unicode (*.txt) » in UTF-16, a .tsv or .txt from LibreOffice).
DELIMITED = (".csv", ".tsv", ".txt")


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


def read_table(path: Path, sheet: str | None = None) -> tuple[pd.DataFrame, int]:
    """A CSV or XLSX table as text cells, and the file row of its first data row.

    Of a workbook, ``sheet`` is read (the first sheet when None); a date cell reads as the
    date (``cell_text``). Column names are compared without case or surrounding spaces: a
    name given twice is refused (which of the two columns holds the data is not ours to
    guess), and so is an XLSX cell holding a formula (only its cached result, often empty,
    would be read). Delimited text (.csv, .tsv, .txt) is separated by semicolons, commas or
    tabs (``sniffed_separator``), or by what a first line of Excel's « sep=; » gives; a title line
    above the column names is refused with their line (``_refuse_title``), and a table with
    neither column names nor rows (separators only: « ;;; ») as empty."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ExchangeError("no such file", path=path)
    if suffix == ".xlsx":
        _refuse_ole(path)
    skipped = 0  # lines before the header that are no row: Excel's « sep=; »
    try:
        if suffix in DELIMITED:
            try:
                text, _ = decode(path.read_bytes(), path)
            except CorpusError as exc:  # its hint is about transcripts
                raise ExchangeError(
                    f"not a CSV table: {exc.message.replace('text transcript', 'CSV table')}",
                    path=path,
                    hint="Give a table saved as CSV (UTF-8, comma or semicolon) or as .xlsx.",
                ) from None
            text = text.lstrip("\ufeff")
            first, _, rest = text.partition("\n")
            declared = EXCEL_SEPARATOR.fullmatch(first.strip())
            if declared:  # Excel's « sep=; » line: the separator, not a row
                separator, text, skipped = declared.group(1), rest, 1
            else:
                separator = sniffed_separator(text)
            if holds_no_cell(text):  # « ;;; » lines read as one cell « ;;; » under a comma
                raise _empty(path)
            _refuse_title(text, separator, path, skipped)
            cells = pd.read_csv(
                io.StringIO(text),
                sep=separator,
                dtype=str,
                header=None,
                keep_default_na=False,
            ).map(unescape_cell)
        elif suffix == ".xlsx":
            _refuse_zip_bomb(path)
            _refuse_formulas(path, sheet)
            _refuse_merged_cells(path, sheet)
            cells = pd.read_excel(
                path,
                sheet_name=0 if sheet is None else sheet,
                dtype=object,  # a date as a date, not « 2024-06-03 00:00:00 »: cell_text
                keep_default_na=False,
                engine="openpyxl",
                header=None,
            ).map(cell_text)
        else:
            raise ExchangeError(
                f"unsupported file type {suffix or '(none)'}",
                path=path,
                hint="Give a .csv (UTF-8), tab-separated .tsv or .txt, or .xlsx file.",
            )
    # before ValueError, of which pandas' EmptyDataError (« No columns to parse ») is one
    except pd.errors.EmptyDataError:
        raise _empty(path) from None
    except NotImplementedError as exc:
        raise _unopenable(path, exc) from None
    except (ValueError, OSError, zipfile.BadZipFile, pd.errors.ParserError) as exc:
        raise ExchangeError(f"cannot read the table: {exc}", path=path) from None
    if cells.empty:
        raise _empty(path)
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
    return frame, 2 + skipped


def _empty(path: Path) -> ExchangeError:
    """A table with no column names and no row: an empty file or sheet, or lines of
    separators only (« ;;; »: a sheet whose cells were emptied, saved as CSV)."""
    delimited = path.suffix.lower() in DELIMITED
    return ExchangeError(
        "the table is empty: no column names and no row"
        + (" (nothing but blank lines or separators)" if delimited else "")
        + "; nothing was read from it",
        path=path,
        line=1,
        hint="Save the sheet again with its column names on the first line and its rows "
        "below them (CSV or .xlsx), and give that file.",
    )


def _refuse_title(text: str, separator: str, path: Path, skipped: int) -> None:
    """A title typed above the column names (« Codages d'Alice, juin »): the first line with
    text holds fewer cells than the next one, which pandas would refuse as « Error tokenizing
    data »: refused, naming the line of the column names, as a title row of a workbook is
    (interop/codings_columns.py). Blank lines are passed over, as pandas does. ``skipped``: the
    lines of the file before ``text`` (Excel's « sep=; »)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    filled: list[tuple[int, list[str]]] = []  # (line, cells) of the first two rows with text
    line = 1 + skipped
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                filled.append((line, row))
                if len(filled) == 2:
                    break
            line = reader.line_num + 1 + skipped
    except csv.Error:
        return  # pandas says what is wrong
    if len(filled) < 2 or len(filled[0][1]) >= len(filled[1][1]):
        return
    (title_line, title), (names_line, names) = filled
    shown = separator.replace("\t", "tab")
    raise ExchangeError(
        f"« {separator.join(title).strip()} » has {len(title)} cell(s) and line {names_line} "
        f"has {len(names)} (separated by « {shown} »): line {title_line} looks like a title "
        f"above the column names; the column names are on line {names_line} and must come "
        "first; the table was not read",
        path=path,
        line=title_line,
        hint=f"Delete the line(s) above line {names_line} (the title) and import again; if "
        f"line {title_line} holds the column names, give each column its name.",
    )


def _refuse_ole(path: Path) -> None:
    """An .xls saved under an .xlsx name, or an .xlsx encrypted by a password: both are OLE
    compound files, not zips."""
    with path.open("rb") as handle:
        if handle.read(len(OLE_MAGIC)) != OLE_MAGIC:
            return
    raise ExchangeError(
        "not an .xlsx workbook: an old Excel .xls file, or a workbook protected by a "
        "password (both are stored so); it was not read",
        path=path,
        hint="Open it in Excel or LibreOffice, remove the password if it has one "
        "(File → Info → Protect Workbook), save it as « Excel Workbook (.xlsx) » and "
        "import that.",
    )


def _unopenable(path: Path, exc: NotImplementedError) -> ExchangeError:
    """An .xlsx whose zip uses a feature Python's zipfile has not (« zip file version
    20.0 », « That compression method is not supported »)."""
    return ExchangeError(
        f"cannot read the table: the workbook is a zip archive this program cannot open ({exc})",
        path=path,
        hint="Open it in Excel or LibreOffice and save it again as « Excel Workbook (.xlsx) », "
        "or save the sheet as .csv (UTF-8), and import that.",
    )


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


def sheets_with_columns(path: Path, columns: Sequence[Collection[str]]) -> list[str]:
    """The titles of the sheets of an .xlsx whose first row names, for each of ``columns``,
    one of its names (compared without case or surrounding spaces)."""
    if not path.is_file():
        raise ExchangeError("no such file", path=path)
    _refuse_ole(path)
    try:
        _refuse_zip_bomb(path)
        book = load_workbook(path, read_only=True, data_only=False)
    except NotImplementedError as exc:
        raise _unopenable(path, exc) from None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ExchangeError(f"cannot read the table: {exc}", path=path) from None
    titles = []
    try:
        for sheet in book.worksheets:
            first = next(sheet.iter_rows(max_row=1, values_only=True), ())
            names = {str(value).strip().lower() for value in first if value is not None}
            if all(names & {name.lower() for name in group} for group in columns):
                titles.append(sheet.title)
    finally:
        book.close()
    return titles


def _refuse_merged_cells(path: Path, title: str | None) -> None:
    """A merged range is read as its first cell and empty cells under it (a coder or a code
    merged over rows would leave the rows below without one): refused. The full load that
    lists the ranges is paid only when some sheet has one."""
    with zipfile.ZipFile(path) as archive:
        if not any(
            name.startswith("xl/worksheets/") and b"<mergeCell " in archive.read(name)
            for name in archive.namelist()
        ):
            return
    book = load_workbook(path, data_only=False)
    try:
        sheet = book.worksheets[0] if title is None else book[title]
        merged = [str(cells) for cells in sheet.merged_cells.ranges]
    finally:
        book.close()
    if merged:
        listed = ", ".join(merged[:MAX_LISTED]) + (" …" if len(merged) > MAX_LISTED else "")
        raise ExchangeError(
            f"sheet {sheet.title!r} has merged cells ({listed}): only the first cell of each "
            "holds its value, the rows under it would read empty; nothing was imported",
            path=path,
            hint="Unmerge them (Merge & Center off), fill the value on every row, then "
            "import again.",
        )


def _refuse_formulas(path: Path, title: str | None = None) -> None:
    """An XLSX cell with a formula would be read as its cached result, or empty: refused."""
    book = load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = book.worksheets[0] if title is None else book[title]
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


def write_xlsx(
    path: str | Path,
    sheets: dict[str, pd.DataFrame],
    *,
    index: bool = True,
    when: datetime | None = None,
) -> Path:
    """One sheet per DataFrame, header frozen, columns sized; written atomically, the same
    bytes from the same sheets: created and modified ``when`` (the time its data last
    changed), else without those dates (``base.packages.settle_package``)."""
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
        settle_package(Path(temp), when)
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
