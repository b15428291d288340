"""Consensus decisions across a codebook change that gives codings new ids (rename, merge,
move).

A consensus decision is about the code it decided, on its passage (base/selected_codings.py):
its « no » takes out the coders' codings of that code and of the codes under it there, its
« yes » stands for them. A change gives the decision the new id of its code, as it gives
every coding theirs; two things can then differ from what the group decided:

- codings leave: a coding under the decided code is no longer under the code the decision
  now has (INST.COLLECTIVITES moved under GOUV, a decision on INST): the decision no longer
  settles it (``Unsettled``), which the command says; nothing else changes.
- codings come in: a « no » would take out, on its passage, codings the group did not refuse
  there (after `merge GOUV.CA GOUV.DELEGUEE --into GOUV.INSTANCES`, a « no » on GOUV.CA would
  take out the GOUV.DELEGUEE both coders had coded). The decision was not about them: it is
  set aside (``SetAside``: kept whole in the event log, `codebook undo` puts it back), and
  the codings it took out count again, as where the group decided nothing; the command says
  whether the coders still differ there on the new code, for the group to decide again. A
  coding another « no » took out there before the change has not come in. A « yes » is
  carried as it is: its code is there, so the code its code becomes is there too.

A decision's passage is read as the selection reads it: widened to the segments it touches.
The coders are the people whose accepted codings the selection counts (the taggers', the
interview structure's and the consensus's own left out).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from ptce_coding.base.coder_selection import RESERVED_CODERS
from ptce_coding.base.records import CodingRow
from ptce_coding.store import Store

Span = tuple[int, int]


@dataclass(frozen=True)
class Unsettled:
    """A consensus decision (``decision``: its coding, accepted « yes » or rejected « no »)
    that a rename, merge or move takes codings out from under: it settled, on its passage,
    the coders' codings of the codes under its code (base/selected_codings.py), and no
    longer settles those (``codings``, as they were before the change, ``now``: their new
    code). A « no » no longer takes them out; a « yes » no longer stands for them, and
    counts its code there on its own. ``decided_as``: the code the decision has after the
    change; ``coders``: the people who coded its document."""

    decision: CodingRow
    codings: tuple[CodingRow, ...]
    now: tuple[str, ...]
    decided_as: str = ""
    coders: tuple[str, ...] = ()

    @property
    def level(self) -> int:
        """The depth to decide it again at (`agreement --level`): its code's after the change."""
        return (self.decided_as or self.decision.code).count(".") + 1


@dataclass(frozen=True)
class SetAside:
    """A consensus « no » (``decision``, as it was) that a change cannot carry to ``now``,
    the code its code becomes: there it would take out ``taken``, codings the group did not
    refuse on its passage (with their new codes, ``taken_now``). Set aside, the codings it
    took out count again (``freed``, ``freed_now``). After the change, of the people who
    coded its document, ``holding`` have a coding of ``now`` (or under it) on its passage
    and ``lacking`` have none: they still differ there when both are named."""

    decision: CodingRow
    now: str
    taken: tuple[CodingRow, ...]
    taken_now: tuple[str, ...]
    freed: tuple[CodingRow, ...]
    freed_now: tuple[str, ...]
    holding: tuple[str, ...]
    lacking: tuple[str, ...]

    @property
    def level(self) -> int:
        """The depth to decide it again at (`agreement --level`)."""
        return self.now.count(".") + 1

    @property
    def coders(self) -> tuple[str, ...]:
        return tuple(sorted({*self.holding, *self.lacking}))


@dataclass
class Carried:
    """What a change does to the consensus decisions (module docstring)."""

    unsettled: list[Unsettled] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)


def across_change(store: Store, mapping: Mapping[str, str], consensus: str | None) -> Carried:
    """The decisions of ``consensus`` a change giving codings the ids of ``mapping`` (old id:
    new id) leaves codings from under, and those it cannot carry (module docstring). Read
    before the codings move; the caller sets aside ``set_aside``."""
    if not consensus or not mapping:
        return Carried()
    decisions = store.coding_rows(
        statuses=["accepted", "rejected"], coders=[consensus], with_text=False
    )
    if not decisions:
        return Carried()
    documents = sorted({row.document for row in decisions})
    by_document: dict[str, list[CodingRow]] = defaultdict(list)
    for row in store.coding_rows(statuses=["accepted"], documents=documents, with_text=False):
        if row.coder != consensus and row.coder not in RESERVED_CODERS:
            by_document[row.document].append(row)
    touched = {
        name for name, rows in by_document.items() if any(row.code in mapping for row in rows)
    } | {row.document for row in decisions if row.code in mapping}
    decisions = [row for row in decisions if row.document in touched]
    passages = _widened(store, decisions)
    reading = _Reading(mapping, by_document, passages)
    noes = [row for row in decisions if row.status == "rejected"]
    aside = _set_aside(reading, noes)
    kept = [row for row in noes if row.id not in aside]
    unsettled = [
        found
        for row in decisions
        if row.id not in aside and (found := reading.unsettled(row, kept)) is not None
    ]
    return Carried(unsettled, [aside[row.id] for row in noes if row.id in aside])


def _set_aside(reading: _Reading, noes: list[CodingRow]) -> dict[int, SetAside]:
    """The « no » of ``noes`` a change cannot carry, by id: one set aside no longer takes
    out what it took out before, which may leave another uncarried in turn."""
    aside: dict[int, SetAside] = {}
    while True:
        carried = [row for row in noes if row.id not in aside]
        found = {
            row.id: item for row in carried if (item := reading.set_aside(row, carried)) is not None
        }
        if not found:
            return aside
        aside.update(found)


@dataclass
class _Reading:
    """The codings and passages of a change's documents, read before and after it."""

    mapping: Mapping[str, str]
    codings: Mapping[str, list[CodingRow]]  # document: the coders' accepted codings
    passages: Mapping[int, Span]  # decision id: its passage, widened to its segments

    def new(self, code: str) -> str:
        return self.mapping.get(code, code)

    def here(self, decision: CodingRow) -> list[CodingRow]:
        start, end = self.passages[decision.id]
        return [
            c for c in self.codings.get(decision.document, []) if c.start < end and c.end > start
        ]

    def refused(
        self, coding: CodingRow, decision: CodingRow, noes: list[CodingRow], after: bool
    ) -> bool:
        """Whether one of ``noes`` took ``coding`` out, before the change (or ``after``),
        wherever ``decision``'s passage does (another than ``decision``)."""
        start, end = self.passages[decision.id]
        part = (max(start, coding.start), min(end, coding.end))
        code = self.new(coding.code) if after else coding.code
        for other in noes:
            if other.id == decision.id or other.document != decision.document:
                continue
            first, last = self.passages[other.id]
            decided = self.new(other.code) if after else other.code
            if _under(code, decided) and first <= part[0] and last >= part[1]:
                return True
        return False

    def set_aside(self, decision: CodingRow, noes: list[CodingRow]) -> SetAside | None:
        """``decision`` (a « no ») when the change cannot carry it, among ``noes`` carried."""
        now = self.new(decision.code)
        here = self.here(decision)
        before = [c for c in here if _under(c.code, decision.code)]
        came = [
            c
            for c in here
            if _under(self.new(c.code), now)
            and c.id not in {b.id for b in before}
            and not self.refused(c, decision, noes, after=False)
        ]
        if not came:
            return None
        coders = {c.coder for c in self.codings.get(decision.document, [])}
        holding = {c.coder for c in here if _under(self.new(c.code), now)}
        return SetAside(
            decision,
            now,
            tuple(came),
            tuple(self.new(c.code) for c in came),
            tuple(before),
            tuple(self.new(c.code) for c in before),
            tuple(sorted(holding)),
            tuple(sorted(coders - holding)),
        )

    def unsettled(self, decision: CodingRow, noes: list[CodingRow]) -> Unsettled | None:
        """``decision`` when codings it settled leave its code (a « no »'s that another
        « no » carried still takes out do not count again)."""
        now = self.new(decision.code)
        left = [
            c
            for c in self.here(decision)
            if _under(c.code, decision.code)
            and not _under(self.new(c.code), now)
            and not (decision.status == "rejected" and self.refused(c, decision, noes, after=True))
        ]
        if not left:
            return None
        coders = sorted({c.coder for c in self.codings.get(decision.document, [])})
        return Unsettled(
            decision, tuple(left), tuple(self.new(c.code) for c in left), now, tuple(coders)
        )


def _under(code: str, decided: str) -> bool:
    """Whether ``code`` is ``decided`` or a code under it (by its id)."""
    return code == decided or code.startswith(f"{decided}.")


def _widened(store: Store, decisions: list[CodingRow]) -> dict[int, Span]:
    """Each decision's passage widened to the whole of the segments it touches (as
    ``selected_codings.settled_passages`` reads it)."""
    segments: dict[str, list[Span]] = {}
    found: dict[int, Span] = {}
    for decision in decisions:
        if decision.document not in segments:
            document = store.document(decision.document)
            segments[decision.document] = (
                [(s.start, s.end) for s in store.segments(document.id)] if document else []
            )
        touched = [
            (start, end)
            for start, end in segments[decision.document]
            if start < decision.end and end > decision.start
        ]
        found[decision.id] = (
            min([decision.start, *(start for start, _ in touched)]),
            max([decision.end, *(end for _, end in touched)]),
        )
    return found
