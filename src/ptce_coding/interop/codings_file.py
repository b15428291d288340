"""The codings exchange file (DESIGN.md): CSV (UTF-8, comma) or XLSX."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ptce_coding.errors import PtceError
from ptce_coding.files import atomic_path

EXPORT_COLUMNS = [
    "document", "start", "end", "code", "coder", "status", "memo",
    "case", "text", "method", "confidence", "evidence",
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
