"""Attribute tables: ``corpus/cases.csv`` (a ``case`` column, then any attributes) and
``corpus/documents.csv`` (a ``document`` column with the names `documents` lists, then any
attributes: role of the interviewee, date, interviewer…)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ptce_coding.base.errors import CorpusError, PtceError
from ptce_coding.corpus.plaintext import decode


def read_cases(path: Path) -> dict[str, dict[str, Any]]:
    return read_attribute_table(path, "case")


def read_documents(path: Path) -> dict[str, dict[str, Any]]:
    return read_attribute_table(path, "document")


def read_attribute_table(path: Path, key: str) -> dict[str, dict[str, Any]]:
    """{name: {attribute: value}}; empty cells are left out. Missing file: no attributes."""
    if not path.exists():
        return {}
    table = read_table(path)
    if table is None:
        return {}
    header_line, header, rows = table
    if key not in header:
        raise CorpusError(
            f"no `{key}` column (columns: {', '.join(header) or 'none'})",
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


Table = tuple[int, list[str], Iterator[tuple[int, list[str]]]]


def read_table(path: Path, error: type[PtceError] = CorpusError) -> Table | None:
    """A small CSV table a researcher saves by hand (cases.csv, documents.csv, members.csv):
    (the header's line, its column names stripped, (line, cells) of each row that is not
    blank); None for a file with nothing in it. Any encoding ``decode`` reads, a BOM left out,
    text in NFC (names as the store has them), cells separated by commas, semicolons (a
    French spreadsheet's CSV) or tabs, as the header line shows; a column named twice and a
    quote left open are refused, as ``error``, with their line."""
    text, _ = decode(path.read_bytes(), path)
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    if not text.strip():
        return None
    try:
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    # the sniffed delimiter only: from a header without quotes, the Sniffer also guesses that
    # a doubled quote is not an escaped one
    rows = _rows(path, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), error)
    header_line, header_row = next(rows, (1, []))
    header = [name.strip() for name in header_row]
    _check_columns(path, header_line, header, error)
    return header_line, header, rows


def _rows(
    path: Path, reader: Iterator[list[str]], error: type[PtceError]
) -> Iterator[tuple[int, list[str]]]:
    """(line where it starts, cells) for each row that is not blank. A cell never spans
    lines: a quote left open would swallow the rows after it into one garbled cell."""
    line = 1
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
