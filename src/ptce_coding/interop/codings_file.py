"""The codings exchange file (DESIGN.md): CSV (UTF-8, comma) or XLSX."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Mapping
from pathlib import Path

import pandas as pd

from ptce_coding.base.coder_selection import RESERVED_CODERS, hidden_character
from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.records import STATUSES, Coding, CodingRow
from ptce_coding.base.tables import read_table
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


_WHOLE = re.compile(r"\s*[0-9]+(?:\.0*)?\s*")  # ASCII digits: not « ٣٤ », which int() reads


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
    undecided: list[int] | None = None,
) -> list[Coding]:
    """Codings of an exchange file, every row checked; ExchangeError lists all bad rows.

    ``texts`` maps each document name to its stored text, ``codes`` is the codebook's ids.
    A ``coder`` column, when filled, wins over ``coder``; ``status`` defaults to accepted.
    The rows of a disagreements sheet left without a decision are not imported; their numbers
    are added to ``undecided``.
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
    # a name typed (NFC) finds a document a store kept in NFD (a macOS file name)
    stored = {unicodedata.normalize("NFC", name): name for name in texts}
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
            if decision is None:  # not decided: not imported, and said
                if undecided is not None:
                    undecided.append(number)
                continue
            row = {**row, "status": decision}
        document = row["document"].strip()
        if document not in texts:
            row = {**row, "document": stored.get(unicodedata.normalize("NFC", document), document)}
        coding, problem = _coding(row, texts, codes, coder, method, retired)
        if coding is None:
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
    row: Mapping[Hashable, str],
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
    hidden = hidden_character(who)
    if hidden:
        return None, (
            f"coder {who!r} holds a control or invisible character ({hidden}): write the "
            "coder's name without it (retype it in the `coder` column)"
        )
    if who.lower() in RESERVED_CODERS:
        return None, (
            f"coder {who!r} is the name of a tagger ({', '.join(RESERVED_CODERS)} are the "
            "taggers' names): write the name of the person who coded in the `coder` column "
            "(or leave it empty and give --coder)"
        )
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
