"""What an agreement table's figures read as: one row's statistics from reliability data, the
``(mean)`` row, and each row's reading (Krippendorff's thresholds, « too few coded units »).

The statistics are the pure functions of ``agreement_stats.py``. The ``(mean)`` row averages
each statistic over the codes where it is defined (its note says when that is not every code,
and how many codes are too thin to read); it is not read (``readings``) when no code under it
can be.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ptce_coding.analysis.agreement_stats import (
    cohen_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)

THRESHOLDS = (0.667, 0.800)  # Krippendorff (2004): tentative conclusions / reliable
MEAN = "(mean)"  # the code of the table's last row
STATISTICS = ["percent", "cohen_kappa", "krippendorff_alpha", "gwet_ac1"]
MIN_CODED_UNITS = 10  # fewer units coded by anyone: no statistic is worth reading
TOO_FEW = "too few coded units to conclude"


def statistics_row(data: np.ndarray, coders: list[str]) -> dict[str, object]:
    """One row of the table from reliability data (coders × units of 0/1): its ``units``,
    ``coded_units`` (coded by anyone) and statistics; an undefined statistic is left empty
    and the note says why."""
    row: dict[str, object] = {
        "units": int(data.shape[1]),
        "coded_units": int((data.max(axis=0) > 0).sum()),
    }
    notes = []
    statistics = {
        "percent": lambda d: 100 * percent_agreement(d),
        "cohen_kappa": cohen_kappa if len(coders) == 2 else None,
        "krippendorff_alpha": lambda d: krippendorff_alpha(d, level="nominal"),
        "gwet_ac1": gwet_ac1,
    }
    for name, function in statistics.items():
        if function is None:
            row[name] = None
            continue
        try:
            row[name] = float(function(data.astype(float)))  # full precision: tables round
        except ValueError as exc:
            row[name] = None
            if str(exc) not in notes:
                notes.append(str(exc))
    row["note"] = "; ".join(notes)
    return row


def mean_row(table: pd.DataFrame, units: int) -> dict[str, object]:
    """The mean of each statistic over the codes where it is defined; the note says over how
    many codes when not every one (and which are left out), so that the percent's mean and
    alpha's are not read as over the same codes; and how many codes rest on too few coded
    units to be read."""
    row: dict[str, object] = {"code": MEAN, "units": units, "coded_units": None}
    for name in STATISTICS:
        value = table[name].mean()
        row[name] = None if pd.isna(value) else float(value)
    notes = [f"mean of {len(table)} code{'s' if len(table) != 1 else ''}"]
    partial: dict[tuple[int, str], list[str]] = {}
    for name in STATISTICS:
        defined = table[name].notna()
        if name == "cohen_kappa" and not defined.any():
            continue  # more than two coders: no kappa at all, said once by the command
        if not defined.all():
            undefined = ", ".join(table.loc[~defined, "code"].astype(str))
            partial.setdefault((int(defined.sum()), undefined), []).append(name)
    for (count, undefined), names in partial.items():
        notes.append(f"{', '.join(names)}: of {count} (undefined for {undefined})")
    scarce = sum(too_few(n) for n in table["coded_units"])
    if scarce:
        notes.append(f"{scarce} of them on fewer than {MIN_CODED_UNITS} coded units")
    row["note"] = "; ".join(notes)
    return row


def too_few(coded_units: float | None) -> bool:
    """True when fewer than MIN_CODED_UNITS units were coded by any coder (a code's row)."""
    if coded_units is None or pd.isna(coded_units):
        return False
    return int(coded_units) < MIN_CODED_UNITS


def flag(alpha: float | None, coded_units: float | None = None) -> str:
    """Krippendorff's reading of alpha: below 0.667 discard, below 0.800 tentative; on fewer
    than MIN_CODED_UNITS coded units, no reading at all."""
    if too_few(coded_units):
        return f"{TOO_FEW} (< {MIN_CODED_UNITS})"
    if alpha is None or pd.isna(alpha):
        return ""
    if alpha < THRESHOLDS[0]:
        return "✗ < 0.667"
    if alpha < THRESHOLDS[1]:
        return "~ < 0.800"
    return "✓"


def readings(table: pd.DataFrame) -> list[str]:
    """The ``flag`` of every row of an agreement table: each code's (``flag``); the mean's is
    « too few » when every code it averages is too few to read (a mean of unreadable
    coefficients is not read either), else the reading of its alpha."""
    codes = table[table["code"] != MEAN]
    none_readable = len(codes) > 0 and all(too_few(n) for n in codes["coded_units"])
    return [
        f"{TOO_FEW} (< {MIN_CODED_UNITS})" if code == MEAN and none_readable else flag(alpha, units)
        for code, alpha, units in zip(
            table["code"], table["krippendorff_alpha"], table["coded_units"], strict=True
        )
    ]
