"""What the assisted tagger's commands (`suggest`, `evaluate`) say of what their figures rest
on: the accepted codings the taggers cannot read, and an F1 with its 95% interval and a
warning under 10 examples."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ptce_coding.cli.messages import plural

if TYPE_CHECKING:
    import pandas as pd


def unread_note(count: int, interviewer_turns: bool) -> str:
    """« 86 accepted codings lie on interviewer turns or title lines only, which the taggers
    do not read: … »: what to do about codings the taggers cannot see."""
    where = "title lines" if interviewer_turns else "interviewer turns or title lines"
    advice = (
        "code the interviewee's answer, or set coding.interviewer_turns: true in project.yaml"
        if not interviewer_turns
        else "code the speakers' turns"
    )
    verb = "lies" if count == 1 else "lie"
    return (
        f"{plural(count, 'accepted coding')} {verb} on {where} only, which the taggers do "
        f"not read: {advice}"
    )


def f1_with_caution(f1: float, examples: int, codings: int) -> str:
    """« 0.86 (95% CI 0.52–1.00; 8 accepted codings on 4 segments — only 4 examples: too few
    to trust (< 10)) »: the interval and the warning rest on the ``examples`` (coded segments
    with the code, on which the F1 was cross-validated), not on the ``codings``, which two
    coders, or a coding and one of a code under it, count twice on one segment."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.uncertainty import caution, f1_counts, f1_interval

    interval = f1_interval(*f1_counts(f1, examples))
    parts = [str(interval)] if interval else []
    warning = caution(examples)
    parts.append(
        f"{codings} accepted coding{'s' if codings != 1 else ''} on {plural(examples, 'segment')}"
    )
    return f"{f1:.2f} (" + "; ".join(parts) + (f" — {warning}" if warning else "") + ")"


def with_intervals(scores: pd.DataFrame) -> pd.DataFrame:
    """The scores with an interval for F1 (f1_ci) and a small-sample warning (caution)."""
    # imported on use, not at the top: start-up speed
    import pandas as pd

    from ptce_coding.analysis.uncertainty import caution, f1_interval

    intervals, cautions = [], []
    for row in scores.to_dict(orient="records"):
        if row["level"] == "macro" or pd.isna(row["f1"]):  # no interval on no example
            intervals.append("")
        else:
            hits = round((0.0 if pd.isna(row["recall"]) else row["recall"]) * row["support"])
            interval = f1_interval(hits, row["predicted"] - hits, row["support"] - hits)
            intervals.append(f"{interval.low:.2f}–{interval.high:.2f}" if interval else "")
        cautions.append(caution(row["support"]) if row["level"] != "macro" else "")
    return scores.assign(f1_ci=intervals, caution=cautions)
