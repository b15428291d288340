"""The codings of a split code, as a sheet for a coder to re-assign."""

from __future__ import annotations

import pandas as pd

from ptce_coding.base.records import CodingRow

COLUMNS = ["document", "start", "end", "code", "coder", "former_code", "status", "memo", "text"]


def reassignment_table(rows: list[CodingRow]) -> pd.DataFrame:
    """One row per coding of the split code, ``code`` left empty for the new code.

    Importing the sheet with ``codings import`` gives each filled row's coding (its document,
    passage, coder and ``former_code``) the chosen code: the stored coding is recoded, not
    doubled (``interop/codings_reader.py``); a row left empty keeps its coding on the split
    code. ``former_code`` is the split code's id at the split: renamed or moved since, it is
    followed to the id its codings have now (``FormerIds.split_source``).
    """
    frame = pd.DataFrame([row.as_dict() for row in rows])
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    frame = frame.assign(former_code=frame["code"], code="")
    return frame[COLUMNS]
