"""The poles and interviews a comparison counts, and those it leaves out because nothing is
coded in them yet: what the first lines of each `ptce-coding compare` command say."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ptce_coding.compare.pole_tables import CompareInputs


@dataclass(frozen=True)
class InterviewTally:
    """The interviews behind a comparison: ``coded``, those of the poles compared with a
    coding counted; ``waiting``, the other interviews of these poles (coding under way);
    ``left_out``, the interviews of the poles left out; ``pending``, the poles left out whose
    suggestions wait for review."""

    coded: int
    waiting: int
    left_out: int
    pending: list[str]


def compared_poles(inputs: CompareInputs, left_out: Sequence[str]) -> list[str]:
    """The poles of ``inputs`` compared: all but those ``left_out``, in the table's order."""
    return [pole for pole in inputs.counts.index if str(pole) not in left_out]


def interview_tally(
    inputs: CompareInputs, compared: list[str], left_out: list[str]
) -> InterviewTally:
    """The interviews of the poles ``compared`` and of the poles ``left_out``."""
    coded = int(inputs.interviews.reindex(compared, fill_value=0).sum())
    listed = inputs.interviews_listed if inputs.interviews_listed is not None else inputs.interviews
    waiting = int(listed.reindex(compared, fill_value=0).sum()) - coded
    out = int(listed.reindex(left_out, fill_value=0).sum()) if left_out else 0
    pending = [pole for pole in left_out if pole in inputs.awaiting_review]
    return InterviewTally(coded=coded, waiting=waiting, left_out=out, pending=pending)
