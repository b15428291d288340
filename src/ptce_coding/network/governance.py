"""The governance the researchers coded, set beside the network's reading: the interviewee
segments coded with each governance code, and whether the reading agrees with the pole's
governance attribute."""

from __future__ import annotations

import pandas as pd

from ptce_coding.analysis.matrices import coded_segments
from ptce_coding.network.typology import family

# Governance codes set beside the reading: (column, code id prefix)
GOVERNANCE_CODES = (
    ("codes_monocentrique", "GOUV.CONFIGURATION.MONOCENTRIQUE"),
    ("codes_polycentrique", "GOUV.CONFIGURATION.POLYCENTRIQUE"),
    ("codes_verticale", "GOUV.COORDINATION.VERTICALE"),
    ("codes_horizontale", "GOUV.COORDINATION.HORIZONTALE"),
)


def under(code: str, prefix: str) -> bool:
    """Whether ``code`` is ``prefix`` or one of its sub-codes."""
    return code == prefix or code.startswith(prefix + ".")


def governance_counts(segments: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """case × governance column: interviewee segments coded with the code or a child."""
    found = coded_segments(segments, codings)
    counts = {}
    for column, prefix in GOVERNANCE_CODES:
        # astype(bool): an empty object mask would select columns, not rows
        mine = found[found["code"].map(lambda c, p=prefix: under(c, p)).astype(bool)]
        counts[column] = mine.drop_duplicates(["document", "segment"]).groupby("case").size()
    return pd.DataFrame(counts).fillna(0).astype(int)


def agreement(configuration: str, attribute: object) -> str:
    ours, theirs = family(configuration), family(str(attribute) if attribute else None)
    if ours is None or theirs is None:
        return "—"
    if ours != theirs:
        return "diffère"
    return "concorde" if configuration == str(attribute).strip().lower() else "même famille"
