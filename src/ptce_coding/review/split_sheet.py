"""The codings of a split code, as a sheet for a coder to re-assign."""

from __future__ import annotations

import pandas as pd

from ptce_coding.base.records import CodingRow

COLUMNS = ["document", "start", "end", "code", "coder", "former_code", "status", "memo", "text"]


def reassignment_table(rows: list[CodingRow]) -> pd.DataFrame:
    """One row per coding of the split code, ``code`` left empty for the new code.

    Importing the sheet with ``codings import`` adds a coding of the chosen code for each
    filled row (rows left empty are skipped, since the sheet has a ``former_code`` column).
    """
    frame = pd.DataFrame([row.as_dict() for row in rows])
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    frame = frame.assign(former_code=frame["code"], code="")
    return frame[COLUMNS]
