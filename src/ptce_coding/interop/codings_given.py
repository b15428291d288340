"""What a codings file gives (``CodingsFile``): the codings to add, the stored codings to
change, the rows passed over and why, a split's re-assignments, the former ids followed."""

from __future__ import annotations

from dataclasses import dataclass, field

from ptce_coding.base.records import Coding
from ptce_coding.evolution.former_ids import Fate, SplitSource


@dataclass
class CodingsFile:
    """What a codings file gives (``read_codings``): the codings to add (the store passes
    over those it holds: « already present »), and with ``update`` the stored codings to
    change, as (id, new values)."""

    codings: list[Coding] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # the file row of each of ``codings``
    edits: list[tuple[int, Coding]] = field(default_factory=list)
    unchanged: int = 0  # rows of a tagger's coding given back as stored (with ``update``)
    undecided: list[int] = field(default_factory=list)  # disagreements rows without decision
    uncoded: list[int] = field(default_factory=list)  # rows with an empty `code` cell
    # rows that gave a coding an earlier row gave alike (a pasted row): imported once
    repeated: list[int] = field(default_factory=list)
    # consensus decisions given (rows of a disagreements sheet decided), by their coder
    decided: dict[str, int] = field(default_factory=dict)
    # a split's re-assignment sheet (a `former_code` column): the stored codings it recodes,
    # as (id, the code it has, its new values); of each former code, the rows whose coding
    # has its new code already (the sheet imported again) and the rows left empty
    reassignment: bool = False
    reassigned: list[tuple[int, str, Coding]] = field(default_factory=list)
    reassigned_already: dict[str, int] = field(default_factory=dict)
    left: dict[str, int] = field(default_factory=dict)
    # with follow_renames: of each former id read under the code it is now, the rows that
    # give it, and what became of it
    followed: dict[str, int] = field(default_factory=dict)
    fates: dict[str, Fate] = field(default_factory=dict)
    # a re-assignment sheet's `former_code` renamed or moved since the split: of each, the
    # rows that give it and what became of it (the rows re-assign the codings of its id now)
    formers_followed: dict[str, int] = field(default_factory=dict)
    split_sources: dict[str, SplitSource] = field(default_factory=dict)
