"""Whose codings a matrix that pools every coder counts: the coders, and the taggers whose
suggestions stand in the matrix (the line `ptce-coding matrix` prints under its table)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ptce_coding.analysis.frames import codings_frame
from ptce_coding.analysis.matrices import STATUS_FILTERS
from ptce_coding.base.case_choice import chosen_cases
from ptce_coding.base.coder_selection import MACHINE_CODERS, CoderSelection
from ptce_coding.base.selected_codings import coders_used
from ptce_coding.store import Store


@dataclass(frozen=True)
class CountedCoders:
    """The coders whose codings a pooled matrix counts (in `coders_used` order), and the
    taggers (`rules`, `model`, in that order) whose suggestions it counts."""

    people: list[str]
    taggers: list[str]

    @property
    def nobody(self) -> bool:
        """Nobody's codings are counted (the empty matrix's hint says why)."""
        return not self.people and not self.taggers


def counted_coders(
    store: Store, status: str, cases: Sequence[str], selection: CoderSelection
) -> CountedCoders:
    """Whose codings a matrix of ``status`` (a key of ``STATUS_FILTERS``) over ``cases``
    (every case when empty) counts under ``selection``."""
    codings = codings_frame(store, statuses=STATUS_FILTERS[status], with_text=False)
    if cases:
        codings = codings[codings["case"].isin(chosen_cases(cases, store.cases()))]
    people = coders_used(codings, selection)
    # a suggestion accepted where its reviewer had coded already stays the tagger's, and is
    # not counted (selected_codings.select_codings)
    counted = codings[~((codings["status"] == "accepted") & codings["reviewed_by"].notna())]
    taggers = [name for name in MACHINE_CODERS if name in set(counted["coder"])]
    return CountedCoders(people=people, taggers=taggers)
