"""The codings exchange file (DESIGN.md): CSV (UTF-8, comma) or XLSX."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

from ptce_coding.errors import ExchangeError, PtceError
from ptce_coding.files import atomic_path
from ptce_coding.records import STATUSES, Coding

EXPORT_COLUMNS = [
    "document", "start", "end", "code", "coder", "status", "memo",
    "case", "text", "method", "confidence", "evidence",
    "suggested_by", "reviewed_by", "reviewed_at",
]  # fmt: skip


def write_table(frame: pd.DataFrame, path: Path, sheet: str = "data") -> Path:
    """A table to .csv or .xlsx, chosen by the file's extension; atomically."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with atomic_path(path) as temp:
            frame.to_csv(temp, index=False, encoding="utf-8")
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


def codings_table(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*EXPORT_COLUMNS, "id"])
    return frame[EXPORT_COLUMNS]


REQUIRED = ("document", "start", "end", "code")
DECISIONS = {
    "yes": "accepted", "oui": "accepted", "y": "accepted", "o": "accepted", "1": "accepted",
    "no": "rejected", "non": "rejected", "n": "rejected", "0": "rejected",
}  # fmt: skip
MAX_LISTED = 20


def read_table(path: Path) -> tuple[pd.DataFrame, int]:
    """A CSV or XLSX table as text cells, and the file row of its first data row."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ExchangeError("no such file", path=path)
    try:
        if suffix == ".csv":
            from ptce_coding.corpus.plaintext import decode

            text, _ = decode(path.read_bytes(), path)
            first = text.lstrip("\ufeff").split("\n", 1)[0]
            separator = ";" if first.count(";") > first.count(",") else ","
            frame = pd.read_csv(
                io.StringIO(text.lstrip("\ufeff")), sep=separator, dtype=str,
                keep_default_na=False,
            )  # fmt: skip
        elif suffix == ".xlsx":
            frame = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        else:
            raise ExchangeError(
                f"unsupported file type {suffix or '(none)'}",
                path=path,
                hint="Give a .csv (UTF-8) or .xlsx file.",
            )
    except (ValueError, OSError, zipfile.BadZipFile, pd.errors.ParserError) as exc:
        raise ExchangeError(f"cannot read the table: {exc}", path=path) from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return frame, 2


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
    try:
        start, end = int(float(row["start"])), int(float(row["end"]))
    except ValueError:
        return None, f"start and end must be whole numbers (got {row['start']!r}, {row['end']!r})"
    text = texts[document]
    if not 0 <= start < end <= len(text):
        return None, (
            f"{start}-{end} falls outside document {document!r} (0-{len(text)} characters)"
        )
    code = row["code"].strip()
    if code not in codes:
        return None, f"unknown code {code!r} (not in the codebook)"
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
