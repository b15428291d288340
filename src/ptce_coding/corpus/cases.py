"""Attribute tables: ``corpus/cases.csv`` (a ``case`` column, then any attributes) and
``corpus/documents.csv`` (a ``document`` column with the names `documents` lists, then any
attributes: role of the interviewee, date, interviewer…). Both are CSV: a workbook (cases.xlsx)
or a name written with other capitals (Cases.csv) is refused, not passed over."""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

from ptce_coding.base.errors import CorpusError, PtceError
from ptce_coding.base.separators import holds_no_cell, sniffed_separator
from ptce_coding.corpus.plaintext import decode

WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods")  # what a spreadsheet saves, not read here
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xls, and an encrypted .xlsx
WORKBOOK_MAGIC = (b"PK\x03\x04", OLE_MAGIC)  # a zip (.xlsx, .ods), an OLE file
EXCEL_SEPARATOR = re.compile(r"sep=(.)")  # Excel's first line naming the separator
TITLE_LINES = 5  # lines above the column names looked at for them (a title, a subtitle…)
SAVE_AS_CSV = (
    "Save the sheet from the spreadsheet as CSV (Excel: « CSV UTF-8 », LibreOffice: « Texte CSV »)"
)


def read_cases(path: Path) -> dict[str, dict[str, Any]]:
    return read_attribute_table(path, "case")


def read_documents(path: Path) -> dict[str, dict[str, Any]]:
    """documents.csv's rows, a name copied from Windows' explorer (« pole-a\\x.txt ») with
    the store's slashes."""
    return {
        name.replace("\\", "/"): values
        for name, values in read_attribute_table(path, "document").items()
    }


def folded(name: str) -> str:
    """A name without capitals, accents or surrounding spaces: « Région » is « region »."""
    decomposed = unicodedata.normalize("NFD", name.strip().casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def read_attribute_table(path: Path, key: str) -> dict[str, dict[str, Any]]:
    """{name: {attribute: value}}; empty cells are left out. Missing file: no attributes; a
    file with no column names (empty, or separators only) is refused. The ``key`` column
    may be written with capitals (« Case »); two columns may not be named the same but for
    capitals or accents (« Région », « region »)."""
    _refuse_unread(path, key)
    if not path.exists():
        return {}
    table = read_table(path, columns=(key,))
    if table is None:
        what = "case folder" if key == "case" else "interview (its name as `documents` lists it)"
        raise CorpusError(
            "the table is empty: no column names and no row (nothing but blank lines or "
            "separators), so no attribute can be read from it",
            path=path,
            line=1,
            hint=f"Write `{key}` and the attributes' names on its first line and a row per "
            f"{what} below, or delete the file if there are no attributes to give; then "
            "import again.",
        )
    header_line, names, rows = table
    _refuse_twins(path, header_line, names)
    header = [key if folded(name) == key else name for name in names]
    if key not in header:
        raise CorpusError(
            f"no `{key}` column (columns: {', '.join(names) or 'none'})",
            path=path,
            line=header_line,
            hint=f"The first column must be named `{key}`"
            + (" and hold the case folder names." if key == "case" else "."),
        )
    cases: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    for line, row in rows:
        if len(row) > len(header):
            raise CorpusError("more cells than columns", path=path, line=line)
        _refuse_unnamed(path, line, header, row)
        values = {name: cell.strip() for name, cell in zip(header, row, strict=False)}
        name = values.pop(key, "")
        if not name:
            if any(values.values()):
                raise CorpusError(f"a row without a {key} name", path=path, line=line)
            continue
        if name in cases:
            raise CorpusError(
                f"{key} {name!r} is listed twice (first at line {first_line[name]})",
                path=path,
                line=line,
            )
        first_line[name] = line
        cases[name] = {key: value for key, value in values.items() if key and value}
    return cases


def _refuse_unread(path: Path, key: str) -> None:
    """An attribute table the researcher gave that would not be read: a workbook (the
    import reads CSV only), or, for a missing table, a workbook or a name with other
    capitals beside it (cases.xlsx, Cases.csv for cases.csv)."""
    what = "case" if key == "case" else "interview"
    if path.suffix.lower() in WORKBOOKS:
        raise CorpusError(
            f"a spreadsheet workbook: {what} attributes are read from a CSV table, so it was "
            "not read",
            path=path,
            hint=f"{SAVE_AS_CSV} named {path.stem}.csv, write that name in project.yaml in "
            f"place of {path.name}, and import again.",
        )
    try:
        beside = [] if path.exists() else sorted(path.parent.iterdir())
    except OSError:  # no folder, or one that cannot be listed: as for a missing table
        return
    for other in beside:
        if other.stem.casefold() != path.stem.casefold() or not other.is_file():
            continue
        if other.suffix.lower() in WORKBOOKS:
            raise CorpusError(
                f"a spreadsheet workbook: {what} attributes are read from {path.name}, a CSV "
                "table, and there is none, so they were not read",
                path=other,
                hint=f"{SAVE_AS_CSV} named {path.name}, beside it, and import again.",
            )
        if other.name.casefold() == path.name.casefold():
            raise CorpusError(
                f"{what} attributes are read from {path.name}, and there is none: this file's "
                "name differs by its capitals, so it was not read",
                path=other,
                hint=f"Rename it {path.name} and import again.",
            )


def _refuse_twins(path: Path, line: int, names: list[str]) -> None:
    """« Région » and « region »: one attribute typed twice, each column half filled (a
    name given twice exactly is ``_check_columns``'s)."""
    seen: dict[str, tuple[int, str]] = {}
    for position, name in enumerate(names, start=1):
        first, written = seen.setdefault(folded(name), (position, name))
        if name and written != name:
            raise CorpusError(
                f"columns {written!r} and {name!r} are one name but for capitals or accents "
                f"(columns {first} and {position})",
                path=path,
                line=line,
                hint="Rename or remove one of them: each column is one attribute.",
            )


def _refuse_unnamed(path: Path, line: int, header: list[str], row: list[str]) -> None:
    """A value under a column without a name would be silently left out."""
    for position, (name, cell) in enumerate(zip(header, row, strict=False), start=1):
        if not name and cell.strip():
            raise CorpusError(
                f"column {position} has no name, yet this row gives it « {cell.strip()} »: "
                "the value would be left out",
                path=path,
                line=line,
                hint=f"Write the attribute's name at the top of column {position}, or empty "
                "its cells.",
            )


Table = tuple[int, list[str], Iterator[tuple[int, list[str]]]]


def read_table(
    path: Path,
    error: type[PtceError] = CorpusError,
    columns: Collection[str] = (),
    again: str = "import again",
) -> Table | None:
    """A small table a researcher saves by hand (cases.csv, documents.csv, members.csv):
    (the header's line, its column names stripped, (line, cells) of each row that is not
    blank); None for a file with nothing in it (blank lines, or separators only: « ;;; »).

    A CSV in any encoding ``decode`` reads, a BOM left out, text in NFC (names as the store
    has them), cells separated by commas, semicolons (a French spreadsheet's CSV) or tabs
    (``sniffed_separator``), or by what a first line of Excel's « sep=; » says. A column named
    twice and a quote left open are refused, as ``error``, with their line; so are lines
    above the column names (a title) when ``columns``, names one of which the header holds
    (capitals and accents aside), are on a line below; and a workbook (.xlsx, .ods) saved
    under a .csv name. ``again``: what the hints of a title and of a file that cannot be read
    tell to do once the file is mended (« import again », for cases.csv; members.csv is read
    by other commands)."""
    text = _text(path, error, again)
    if holds_no_cell(text):  # blank, or « ;;; » lines: no column names nor row
        return None
    skipped = 0
    first, _, rest = text.partition("\n")
    declared = EXCEL_SEPARATOR.fullmatch(first.strip())
    if declared:  # Excel's « sep=; » line: the separator, not a row
        delimiter, text, skipped = declared.group(1), rest, 1
    else:
        delimiter = sniffed_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: Iterator[tuple[int, list[str]]] = _rows(path, reader, error, skipped)
    filled = (row for row in rows if any(cell.strip() for cell in row[1]))
    header_line, header_row = next(filled, (1, []))
    if not header_row:
        return None  # blank lines, or a sheet with nothing in it
    if columns:
        ahead = list(itertools.islice(filled, TITLE_LINES))
        _refuse_title(path, (header_line, header_row), ahead, columns, error, again)
        rows = itertools.chain(ahead, rows)
    header = [name.strip() for name in header_row]
    _check_columns(path, header_line, header, error)
    return header_line, header, rows


def _text(path: Path, error: type[PtceError], again: str) -> str:
    """The text of a delimited table; a workbook saved under a .csv name, or a binary file,
    refused with what to do."""
    data = path.read_bytes()
    if data.startswith(WORKBOOK_MAGIC):
        raise error(
            "a spreadsheet workbook (.xlsx, .ods or .xls) under the name of a CSV table: it "
            "was not read",
            path=path,
            hint=f"{SAVE_AS_CSV} under this name, and {again}.",
        )
    try:
        text, _ = decode(data, path)
    except CorpusError as exc:  # its hint is about transcripts
        raise error(
            exc.message.replace("text transcript", "CSV table"),
            path=path,
            line=exc.line,
            hint=f"{SAVE_AS_CSV} under this name, and {again}.",
        ) from None
    return unicodedata.normalize("NFC", text.lstrip("\ufeff"))


def _rows(
    path: Path, reader: Iterator[list[str]], error: type[PtceError], skipped: int = 0
) -> Iterator[tuple[int, list[str]]]:
    """(line where it starts, cells) for each row that is not blank. A cell never spans
    lines: a quote left open would swallow the rows after it into one garbled cell.
    ``skipped``: the lines of the file before the reader's text (Excel's « sep=; »)."""
    line = 1 + skipped
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise error(f"not a readable table: {exc}", path=path, line=line) from None
        for cell in row:
            if "\n" in cell or "\r" in cell:
                opened = cell.splitlines()[0] if cell.strip() else ""
                raise error(
                    f'the quote that opens « "{opened} » is not closed on this line: the cell '
                    "would take in the lines after it",
                    path=path,
                    line=line,
                    hint='Close the quote (") on that line; a name or attribute never holds a '
                    "line break.",
                )
        if row:
            yield line, row
        line += 1


def _refuse_title(
    path: Path,
    header: tuple[int, list[str]],
    below: list[tuple[int, list[str]]],
    columns: Collection[str],
    error: type[PtceError],
    again: str,
) -> None:
    """A title typed above the column names (« Cas de l'enquête, juin »): the first line
    with text holds none of ``columns``, one of the lines with text ``below`` it does.
    Refused, naming the line of the column names, as ``codings import`` does
    (base/tables.py)."""
    wanted = {folded(name) for name in columns}
    if wanted & {folded(cell) for cell in header[1]}:
        return
    above = [header]
    for line, row in below:
        if wanted & {folded(cell) for cell in row}:
            shown = ", ".join(cell.strip() for cell in above[0][1] if cell.strip())
            more = f" (lines {above[0][0]}–{above[-1][0]})" if len(above) > 1 else ""
            raise error(
                f"« {shown} »{more} looks like a title above the column names: they are on "
                f"line {line} and must come first; the table was not read",
                path=path,
                line=above[0][0],
                hint=f"Delete the line(s) above line {line} (the title) and {again}.",
            )
        above.append((line, row))


def _check_columns(path: Path, line: int, header: list[str], error: type[PtceError]) -> None:
    """Each column once: with a name twice, one of the two would silently be lost."""
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if name and name in seen:
            raise error(
                f"column {name!r} is there twice (columns {seen[name]} and {position})",
                path=path,
                line=line,
                hint="Rename or remove one of them: each column is one attribute.",
            )
        seen.setdefault(name, position)


def lowered_header(
    path: Path, line: int, names: list[str], error: type[PtceError] = CorpusError
) -> list[str]:
    """A header whose columns are read without capitals (members.csv): its names in lower
    case, each once (« Organisation » and « organisation »: one of the two would be lost)."""
    header = [name.lower() for name in names]
    twice = sorted({name for name in header if name and header.count(name) > 1})
    if twice:
        raise error(
            f"column {twice[0]!r} is there twice (columns are read without capitals)",
            path=path,
            line=line,
            hint="Rename or remove one of them: each column is read once.",
        )
    return header
