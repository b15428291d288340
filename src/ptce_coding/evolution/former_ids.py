"""What became of a code id the codebook no longer offers for coding, told from the codebook
changes the store recorded: a sheet typed offline for weeks, or a code's text, may still use
the ids of last month. Each rename, merge or move (and a `codebook undo` that gave an id back)
is a step from the id to the code its codings have now; a change taken back by `codebook
undo` is no step (as in ``Store.renames``). Where the steps end: a code in use (the id can be
followed to it), a code split since (it cannot: which of the new codes a passage has is a
coder's choice), retired, or gone from the YAML. A split's re-assignment sheet names the split
code by its id at the split (`former_code`): ``split_source`` follows it from the split on to
the id its codings have now, through renames and moves (not a merge, which mixes them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ptce_coding.codebook.model import Codebook
from ptce_coding.store.recoding import KEEPING_CODINGS  # a split code's codings, followed

if TYPE_CHECKING:
    from ptce_coding.store import Store

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def said_date(at: str) -> str:
    """« 7 Dec 2026 » of an event's ISO time (UTC, as the store writes it)."""
    moment = datetime.fromisoformat(at)
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


@dataclass(frozen=True)
class Step:
    """One codebook change that gave the codings of ``before`` the id ``after``."""

    operation: str  # rename, merge, move, undo (or another that carries a mapping)
    before: str
    after: str
    at: str  # the event's ISO time
    details: Mapping[str, Any]  # the event's: old/new, sources/into, code/parent, undoes

    def said(self) -> str:
        """« was merged into GOUV.INSTANCES on 7 Dec 2026 (codebook merge) » (no subject)."""
        on = f"on {said_date(self.at)}"
        details, after = self.details, self.after
        if self.operation == "rename":
            if details.get("old") == self.before:
                return f"was renamed {after} {on} (codebook rename)"
            return (
                f"became {after} {on} (codebook rename {details.get('old')} {details.get('new')})"
            )
        if self.operation == "merge":
            return f"was merged into {after} {on} (codebook merge)"
        if self.operation == "move":
            parent = details.get("parent")
            under = f"under {parent}" if parent else "to the top level"
            if details.get("code") == self.before:
                return f"was moved {under}, as {after}, {on} (codebook move)"
            return f"became {after} {on} (codebook move of {details.get('code')} {under})"
        if self.operation == "undo":
            return f"became {after} {on} (codebook undo of a {details.get('undoes', 'change')})"
        return f"became {after} {on} (codebook {self.operation})"


@dataclass(frozen=True)
class Fate:
    """What became of ``code``: the ``steps`` to ``now``, the id its codings have today, and
    where they end. ``usable``: ``now`` is a code of the codebook in use, to which the id can
    be followed. ``split_into`` (with ``split_at``): ``now`` was split into those codes (as
    they are called today), and a coding of it cannot be followed to one of them. ``end``:
    why ``now`` takes no coding when it is not usable, else ""."""

    code: str
    now: str
    steps: tuple[Step, ...] = ()
    usable: bool = False
    split_into: tuple[str, ...] = ()
    split_at: str = ""
    end: str = ""

    def story(self) -> str:
        """« was merged into GOUV.INSTANCES on 7 Dec 2026 (codebook merge), then became
        GOV.INSTANCES on 8 Dec 2026 (codebook rename GOUV GOV) », then how it ends (no
        subject: « GOUV.DELEGUEE » or « it » goes before it)."""
        parts = [step.said() for step in self.steps]
        if self.split_into:
            parts.append(
                f"was split into {', '.join(self.split_into)} on {said_date(self.split_at)} "
                "(codebook split)"
            )
        story = ", then ".join(parts)
        return f"{story} ({self.end})" if self.end else story


@dataclass(frozen=True)
class SplitSource:
    """A split code as a re-assignment sheet's `former_code` names it, ``code`` (its id
    when ``codebook split`` wrote the sheet, on ``split_at``), and ``now``, the id its
    codings have today, after the ``steps`` of the changes made since. ``followable``: each
    step gave the code another id and left its codings its own (``KEEPING_CODINGS``), so
    the sheet's rows re-assign the codings of ``now``."""

    code: str
    now: str
    split_at: str
    steps: tuple[Step, ...] = ()

    @property
    def followable(self) -> bool:
        return all(step.operation in KEEPING_CODINGS for step in self.steps)

    def story(self) -> str:
        """« was renamed GOUV.INSTANCES on 7 Dec 2026 (codebook rename) » (no subject)."""
        return ", then ".join(step.said() for step in self.steps)


class FormerIds:
    """The fate of each code id that a recorded codebook change replaced, or that was split;
    read from the store's ``codebook.change`` events (``of``) against the codebook now."""

    def __init__(self, changes: list[dict[str, Any]], codebook: Codebook) -> None:
        undone = {change["details"].get("undone") for change in changes} - {None}
        # taken back by `codebook undo`: no step (the undo's own mapping, if any, is one)
        self.changes = [c for c in changes if c["details"].get("journal") not in undone]
        self.codebook = codebook
        self._fates: dict[str, Fate | None] = {}

    @classmethod
    def of(cls, store: Store, codebook: Codebook) -> FormerIds:
        return cls(store.codebook_changes(), codebook)

    @classmethod
    def none(cls, codebook: Codebook) -> FormerIds:
        """No recorded change (a file read without a store)."""
        return cls([], codebook)

    def fate(self, code: str) -> Fate | None:
        """What became of ``code``, when the codebook does not offer it for coding (not in
        it, or retired) and a recorded change replaced or split it; else None."""
        if code not in self._fates:
            self._fates[code] = self._fate(code)
        return self._fates[code]

    def split_source(self, code: str) -> SplitSource | None:
        """The split code a re-assignment sheet names ``code`` (its `former_code` cell): the
        newest split of ``code`` not taken back, and what became of its id by the changes
        made since (a rename of it or of its axis, a move); None when ``code`` was never
        split. The id is followed from the split on, whatever code has it today: a code
        renamed since to the split code's old id is another code."""
        for index in range(len(self.changes) - 1, -1, -1):
            change = self.changes[index]
            details = change["details"]
            if details.get("operation") == "split" and details.get("source") == code:
                steps, _ = self._steps(code, index + 1)
                now = steps[-1].after if steps else code
                return SplitSource(code, now, str(change["at"]), tuple(steps))
        return None

    def citation_fates(self) -> dict[str, str]:
        """{id a change replaced and the codebook no longer has: « it … » said}, for the
        codes' texts that still cite it (``Codebook.warnings``)."""
        olds = {
            old
            for change in self.changes
            for old in (change["details"].get("mapping") or {})
            if old not in self.codebook
        }
        return {
            old: f"it {fate.story()}"
            for old in sorted(olds)
            if (fate := self.fate(old)) is not None
        }

    def _fate(self, code: str) -> Fate | None:
        if code in self.codebook:
            # a retired code: whether it was split (an id taken again by a new code is that
            # code, whatever became of the codings of the old one)
            if not self.codebook.get(code).retired:
                return None
            split = self._split(code, 0)
            return Fate(code, code, split_into=split[0], split_at=split[1]) if split else None
        steps, last = self._steps(code, 0)
        now = steps[-1].after if steps else code
        split = self._split(now, last)
        if not steps and split is None:
            return None
        if split is not None:
            into, at = split
            return Fate(code, now, tuple(steps), split_into=into, split_at=at)
        if now not in self.codebook:
            end = f"{now} is no longer in the codebook"
            return Fate(code, now, tuple(steps), end=end)
        if self.codebook.get(now).retired:
            return Fate(code, now, tuple(steps), end=f"{now} is retired")
        return Fate(code, now, tuple(steps), usable=True)

    def _steps(self, code: str, start: int) -> tuple[list[Step], int]:
        """The steps from ``code`` through the changes from index ``start`` on, and the index
        after the last one."""
        steps: list[Step] = []
        current, last = code, start
        for index in range(start, len(self.changes)):
            change = self.changes[index]
            details = change["details"]
            after = (details.get("mapping") or {}).get(current)
            if after is None or after == current:
                continue
            steps.append(Step(str(details.get("operation")), current, after, change["at"], details))
            current, last = after, index + 1
        return steps, last

    def _split(self, code: str, start: int) -> tuple[tuple[str, ...], str] | None:
        """The codes ``code`` was split into by a change from index ``start`` on (as they are
        called today) and when, if it was."""
        for index in range(len(self.changes) - 1, start - 1, -1):
            details = self.changes[index]["details"]
            if details.get("operation") == "split" and details.get("source") == code:
                into = []
                for new in details.get("into") or []:
                    steps, _ = self._steps(str(new), index + 1)
                    into.append(steps[-1].after if steps else str(new))
                return tuple(into), str(self.changes[index]["at"])
        return None
