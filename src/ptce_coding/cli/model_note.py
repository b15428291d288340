"""What `code`, `suggest` and `run` say of the assisted tagger's reading: the findings the
model `suggest` saved weighed, or why it was not read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ptce_coding.cli.messages import info, plural

if TYPE_CHECKING:
    from ptce_coding.tagging.rule_coding import RuleRun


def model_note(run: RuleRun) -> None:
    """What the assisted tagger's reading did to the rules' findings: with the model `suggest`
    saved, when it was trained and on how much of the present coding; without it, why, and the
    rule suggestions its weighing had written that are written no more."""
    basis = run.model_basis
    if run.model_state in ("given", "saved"):
        trained = "trained on your coding"
        if basis is not None and basis.changed:
            trained = (
                f"`suggest` trained{basis.said_when()} on "
                f"{plural(basis.segments, 'coded segment')} (the coding of "
                f"{plural(basis.changed, 'segment')} changed since: run `ptce-coding suggest` to "
                "train it on the present coding)"
            )
        info(
            f"Weighed with the model {trained}: {run.model_read} finding(s) "
            f"({run.model_raised} written only with it, {run.model_lowered} not written "
            "because of it)"
        )
        return
    if run.model_state == "earlier" and basis is not None:
        why = (
            f"The model `suggest` trained{basis.said_when()} on "
            f"{plural(basis.segments, 'coded segment')} is not read: the coding of "
            f"{plural(basis.changed, 'segment')} changed since, more than the "
            f"{basis.tolerated} (a tenth) it is read with"
        )
    elif run.model_state == "earlier":
        why = (
            "The model `suggest` saved was trained with another codebook, settings or library "
            "versions: the findings are weighed without it"
        )
    elif run.model_dropped:
        why = "No model is saved in .cache/model/: the findings are weighed without one"
    else:
        return
    dropped = ""
    if run.model_dropped:
        dropped = (
            f"; {plural(run.model_dropped, 'rule suggestion')} written earlier with its "
            f"weighing {'is' if run.model_dropped == 1 else 'are'} not written without it"
        )
    info(f"{why}{dropped} (run `ptce-coding suggest` to weigh them with it again)")
