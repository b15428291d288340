"""The codings exchange file (DESIGN.md): CSV (UTF-8, comma) or XLSX."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd

from ptce_coding.base.cells import unescape_cell, write_csv
from ptce_coding.base.errors import CorpusError, ExchangeError, PtceError
from ptce_coding.base.records import STATUSES, Coding, CodingRow
from ptce_coding.codebook.model import did_you_mean

EXPORT_COLUMNS = [
    "document",
    "start",
    "end",
    "code",
    "coder",
    "status",
    "memo",
    "case",
    "text",
    "method",
    "confidence",
    "evidence",
    "suggested_by",
    "reviewed_by",
    "reviewed_at",
    "id",
]  # id: what `memo add --coding` takes


def write_table(frame: pd.DataFrame, path: Path, sheet: str = "data") -> Path:
    """A table to .csv or .xlsx, chosen by the file's extension; atomically."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(frame, path, index=False)
    elif suffix == ".xlsx":
        from ptce_coding.report.xlsx import write_xlsx

        write_xlsx(path, {sheet: frame}, index=False)
    else:
        raise PtceError(
            f"unsupported output type {suffix or '(none)'}",
            path=path,
            hint="Give a file name ending in .csv or .xlsx.",
        )
    return path


def codings_table(rows: list[CodingRow]) -> pd.DataFrame:
    return pd.DataFrame([row.as_dict() for row in rows], columns=EXPORT_COLUMNS)


REQUIRED = ("document", "start", "end", "code")
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
MAX_LISTED = 20
MAX_XLSX_UNZIPPED = 200_000_000  # bytes: about a million codings


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
            from ptce_coding.corpus.plaintext import decode

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
    from openpyxl import load_workbook

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


_WHOLE = re.compile(r"\s*\d+(?:\.0*)?\s*")


def _whole_number(value: str) -> int | None:
    """A cell as a whole number: « 216 » or « 216.0 » (a spreadsheet's number), never
    « 216.7 », « inf », « 1e400 », « 1_000 » or « -3 »."""
    if not _WHOLE.fullmatch(value):
        return None
    return int(value.strip().split(".")[0])


def parse_codings(
    path: Path,
    *,
    texts: dict[str, str],
    codes: set[str],
    coder: str | None,
    method: str = "import",
    retired: set[str] | None = None,
) -> list[Coding]:
    """Codings of an exchange file, every row checked; ExchangeError lists all bad rows.

    ``texts`` maps each document name to its stored text, ``codes`` is the codebook's ids.
    A ``coder`` column, when filled, wins over ``coder``; ``status`` defaults to accepted.
    """
    retired = retired or set()
    frame, first_row = read_table(path)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if "coder" not in frame.columns and not coder:
        missing.append("coder (or give --coder)")
    if missing:
        raise ExchangeError(
            f"missing column(s): {', '.join(missing)} (found: {', '.join(frame.columns)})",
            path=path,
            line=1,
            hint="Columns: document, start, end, code, coder, and optionally status, memo.",
        )
    problems: list[str] = []
    codings: list[Coding] = []
    for offset, row in enumerate(frame.to_dict(orient="records")):
        number = first_row + offset
        if not any(str(value).strip() for value in row.values()):
            continue
        if "former_code" in row and not row["code"].strip():
            continue  # a re-assignment sheet: this coding was not re-assigned
        if "decision" in row:  # a disagreements sheet edited at a consensus meeting
            decision = DECISIONS.get(row["decision"].strip().lower())
            if decision is None and row["decision"].strip():
                problems.append(
                    f"row {number}: decision must be yes or no, not {row['decision']!r}"
                )
                continue
            if decision is None:
                continue  # not decided: not imported
            row = {**row, "status": decision}
        coding, problem = _coding(row, texts, codes, coder, method, retired)
        if problem:
            problems.append(f"row {number}: {problem}")
        else:
            codings.append(coding)
    if problems:
        listed = problems[:MAX_LISTED]
        more = len(problems) - len(listed)
        raise ExchangeError(
            f"{len(problems)} row(s) cannot be imported, so nothing was imported:\n  "
            + "\n  ".join(listed)
            + (f"\n  … and {more} more" if more else ""),
            path=path,
        )
    return codings


def _coding(
    row: dict[str, str],
    texts: dict[str, str],
    codes: set[str],
    coder: str | None,
    method: str,
    retired: set[str],
) -> tuple[Coding | None, str]:
    document = row["document"].strip()
    if document not in texts:
        return None, f"unknown document {document!r} (see `ptce-coding documents`)"
    start, end = _whole_number(row["start"]), _whole_number(row["end"])
    if start is None or end is None:
        return None, f"start and end must be whole numbers (got {row['start']!r}, {row['end']!r})"
    text = texts[document]
    if start >= end:
        return None, f"start ({start}) must be before end ({end})"
    if not 0 <= start < end <= len(text):
        return None, (
            f"{start}-{end} falls outside document {document!r} (0-{len(text)} characters)"
        )
    code = row["code"].strip()
    if code not in codes:
        return None, f"unknown code {code!r}, not in the codebook{did_you_mean(code, codes)}"
    if code in retired:
        return None, f"code {code!r} is retired: it is no longer used for new codings"
    who = (row.get("coder") or "").strip() or (coder or "")
    if not who:
        return None, "no coder (fill the coder column or give --coder)"
    status = (row.get("status") or "").strip() or "accepted"
    if status not in STATUSES:
        return None, f"unknown status {status!r} (one of {', '.join(STATUSES)})"
    quoted = row.get("text")
    if quoted and " ".join(quoted.split()) != " ".join(text[start:end].split()):
        return None, (
            f"the `text` column differs from the document's text at {start}-{end}: "
            "the offsets do not point at the quoted passage"
        )
    memo = (row.get("memo") or "").strip() or None
    return Coding(document, start, end, code, who, method=method, status=status, memo=memo), ""
