"""The columns of the codings exchange file (DESIGN.md): those a `codings export` writes, those
an import requires and their French names, and the reading of the file's table under them (of
a workbook, the one sheet that holds codings; a title above the column names is said)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.records import CodingRow
from ptce_coding.base.tables import read_table, sheets_with_columns

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
    "codebook_version",
    "created_at",
    "reviewed_by",
    "reviewed_at",
    "accepted_above",
    "id",
]  # id: what `memo add --coding` and `history --coding` take
# accepted_above: the threshold of `review --accept-above` that accepted the coding (from
# the event log), empty for one read one by one; like confidence, evidence, the codebook
# version it was made under, when it was made (created_at, UTC) and reviewed (reviewed_at),
# it says how the coding came to be, which an import never reads: a sheet cannot set it


def codings_table(
    rows: list[CodingRow], thresholds: Mapping[int, float] | None = None
) -> pd.DataFrame:
    """The export's table; ``thresholds`` ({coding id: threshold}, the store's
    ``threshold_acceptances``) fills ``accepted_above`` for the codings accepted by
    threshold, not read one by one (empty for the others)."""
    marks = thresholds or {}
    return pd.DataFrame(
        [{**row.as_dict(), "accepted_above": marks.get(row.id)} for row in rows],
        columns=EXPORT_COLUMNS,
    )


REQUIRED = ("document", "start", "end", "code")
# Column names a French sheet may use (compared without case), read as the exchange names
# when the exchange name itself is absent.
FRENCH_COLUMNS = {
    "codeur": "coder",
    "codeuse": "coder",
    "début": "start",
    "debut": "start",
    "fin": "end",
    "statut": "status",
    "mémo": "memo",
    "texte": "text",
}
MAX_LISTED = 20


def read_codings_frame(path: Path, coder: str | None) -> tuple[pd.DataFrame, int]:
    """The file's table, its columns under their exchange names, and the file row of its
    first data row; a required column missing is refused."""
    frame, first_row = read_table(path, sheet=_codings_sheet(path))
    frame = frame.rename(
        columns={
            name: english
            for name, english in FRENCH_COLUMNS.items()
            if name in frame.columns and english not in frame.columns
        }
    )
    missing = [c for c in REQUIRED if c not in frame.columns]
    if "coder" not in frame.columns and not coder:
        missing.append("coder (or give --coder)")
    if missing:
        header = _header_row(frame, first_row)
        raise ExchangeError(
            f"missing column(s): {', '.join(missing)} (found: {', '.join(frame.columns)})"
            + (
                f"; the column names are on row {header}, under a title: the first row must "
                "hold them"
                if header
                else ""
            ),
            path=path,
            line=1,
            hint=f"Delete the row(s) above row {header} (the title) and import again."
            if header
            else "Columns: document, start, end, code, coder, and optionally status, memo.",
        )
    return frame, first_row


def _required_names() -> list[set[str]]:
    """For each required column, the names it may have (its own, French ones)."""
    aliases = {english: {english} for english in REQUIRED}
    for name, english in FRENCH_COLUMNS.items():
        aliases.get(english, set()).add(name)
    return [aliases[english] for english in REQUIRED]


def _header_row(frame: pd.DataFrame, first_row: int) -> int | None:
    """The file row of the column names when a title is above them (the first rows of a
    sheet a person made: « Codages d'Alice, juin »), else None."""
    aliases = _required_names()
    for offset, row in enumerate(frame.head(MAX_LISTED).itertuples(index=False)):
        cells = {str(value).strip().lower() for value in row}
        if all(cells & names for names in aliases):
            return first_row + offset
    return None


def _codings_sheet(path: Path) -> str | None:
    """Of a workbook, the one sheet whose first row names the exchange columns (a sheet of
    notes beside it is left alone); None for a CSV, or when no sheet has them (the first is
    read, and its columns are said to be missing). Codings on two sheets are refused: only one
    would be read."""
    if path.suffix.lower() != ".xlsx" or not path.is_file():
        return None
    titles = sheets_with_columns(path, _required_names())
    if len(titles) > 1:
        raise ExchangeError(
            f"{len(titles)} sheets hold codings ({', '.join(titles)}), and one sheet is read: "
            "nothing was imported",
            path=path,
            hint="Put every coding on one sheet (delete or rename the others' header row), or "
            "save each sheet as its own .xlsx file and import each.",
        )
    return titles[0] if titles else None
