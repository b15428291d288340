"""Codings given back the code they had: undoing a codebook change (``codebook undo``); and
one coding per coder, passage and code after a merge (``fold_twins``, store/twin_folds.py).

A codebook change moves codings from code to code by code id (``CodingQueries.recode``), and
its events keep the ids of the codings each step moved. Undoing it moves those codings back,
one by one, where they still have the code the change gave them: a coding recoded since, or
coded after the change, is left as it is.

A merge of two codes a coder had put on one passage would give the coder two identical
codings there: ``fold_twins`` keeps one, the other whole in the event log, and the undo gives
it back, whatever was done since to the coding kept (store/twin_folds.py).

A consensus decision that a codebook change cannot carry to the code its code becomes (it
would take out codings the group did not decide: evolution/consensus_carry.py) is set aside:
taken out whole into the event log (``set_aside``), and ``put_back`` by the undo, with its id.

A split retires its code and lists its codings in a sheet a coder fills with the new codes;
`codings import` of that sheet recodes each coding filled (``reassign_codings``): the coding
itself takes its new code, and its event carries the split's journal token, as the codings a
change moves do, so that ``codebook undo`` of the split gives it its code back. The sheet names
the split code by its id at the split; a rename or move since gave its codings another id,
which the split is found by (``split_of``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ptce_coding.base.records import Coding
from ptce_coding.store.twin_folds import TwinFoldQueries, Unfolded

REASSIGNED = "codebook.split.reassign"  # a coding of a split code given its new code
SET_ASIDE = "codebook.consensus.set_aside"  # decisions a codebook change cannot carry
# The changes that give a code another id and leave its codings its own: a split code's
# codings can be followed through them (a merge mixes them with the codes merged with it).
KEEPING_CODINGS = ("rename", "move", "undo")


@dataclass
class Reassigned:
    """What ``reassign_codings`` did."""

    moved: dict[tuple[str, str], int] = field(default_factory=dict)  # (before, after): codings
    folded: int = 0  # passages where a coder's coding re-assigned met theirs of the new code
    edited: dict[int, list[str]] = field(default_factory=dict)  # coding id: status, memo
    undoable: bool = True  # each is part of a split not undone (`codebook undo` takes it back)


@dataclass
class CodedBack:
    """What ``code_back`` did."""

    moved: dict[tuple[str, str], int] = field(default_factory=dict)  # (now, back): codings
    memos: int = 0  # code memos given their code back
    # the codings a fold had removed whose coding kept was changed or removed since: given
    # back, or not (their passage is no longer there): store/twin_folds.py
    unfolded: list[Unfolded] = field(default_factory=list)


class RecodingQueries(TwinFoldQueries):
    if TYPE_CHECKING:  # RemovalQueries's and ManualQueries's, in Store

        def _insert(self, table: str, values: dict[str, Any]) -> int: ...

        def _change_coding(self, row: dict[str, Any], values: Coding) -> list[str]: ...

    def reassign_codings(self, moves: Sequence[tuple[int, str, Coding]]) -> Reassigned:
        """A split's re-assignment sheet imported: each coding of ``moves`` (id, the code it
        has, its values) that still has that code gets the code of its values, then their
        status and memo (logged as an import's change: a person's coding only, checked by
        the caller). One event per coding, with the code before and after, that carries the
        journal token of the split that retired the code when it is not undone (``split_of``:
        the code may have another id since the split, which the event says as ``split_code``):
        `codebook undo` of the split gives the coding its code back. Where a coder then holds two
        codings of one code on a passage, they are made one as by a merge (``fold_twins``:
        the other kept whole in its event). One transaction."""
        done = Reassigned()
        moved: dict[int, tuple[str, str]] = {}
        splits: dict[str, Mapping[str, Any] | None] = {}
        with self.transaction():
            changes = [event["details"] for event in self.codebook_changes()]
            for coding_id, before, values in moves:
                changed = self.db.execute(
                    "UPDATE codings SET code = ? WHERE id = ? AND code = ?",
                    (values.code, coding_id, before),
                ).rowcount
                if not changed:
                    continue
                if before not in splits:
                    splits[before] = split_of(changes, before)
                split = splits[before]
                token = str(split["journal"]) if split is not None else None
                source = str(split["source"]) if split is not None else before
                row = dict(
                    self.db.execute("SELECT * FROM codings WHERE id = ?", (coding_id,)).fetchone()
                )
                self.log(
                    REASSIGNED,
                    coding=coding_id,
                    codings=[coding_id],
                    before=before,
                    after=values.code,
                    coder=row["coder"],
                    document=self.event_document(row["document_id"]),
                    **({"journal": token} if token else {}),
                    **({"split_code": source} if source != before else {}),
                )
                pair = (before, values.code)
                done.moved[pair] = done.moved.get(pair, 0) + 1
                done.undoable = done.undoable and token is not None
                moved[coding_id] = pair
                if (values.status, values.memo) != (row["status"], row["memo"]):
                    done.edited[coding_id] = self._change_coding(row, values)
            tokens = sorted({str(split["journal"]) for split in splits.values() if split})
            done.folded = self.fold_twins(moved, **({"change": tokens[0]} if tokens else {}))
        return done

    def reassignments(self, since: int) -> list[dict[str, Any]]:
        """The events of the codings a split's re-assignment sheet gave their new code
        (``reassign_codings``) after the event ``since``, oldest first."""
        return self._event_rows("action = ? AND id > ?", (REASSIGNED, since))

    def recodings_of(self, coding_ids: Sequence[int], since: int) -> list[dict[str, Any]]:
        """The events after the event ``since`` by which a codebook change, its undo or a
        split's re-assignment gave one of the codings ``coding_ids`` another code
        (``codebook.*`` events whose ``codings`` name it, with the code ``before`` and
        ``after``), oldest first."""
        ids = sorted(set(coding_ids))
        if not ids:
            return []
        return self._event_rows(
            "action LIKE 'codebook.%' AND id > ? AND json_extract(details, '$.after') IS NOT "
            "NULL AND EXISTS (SELECT 1 FROM json_each(details, '$.codings') WHERE value IN "
            f"({','.join('?' * len(ids))}))",
            (since, *ids),
        )

    def coding_events(self, coding_ids: Sequence[int], since: int) -> list[dict[str, Any]]:
        """The events after the event ``since`` about one of the codings ``coding_ids`` (their
        ``coding``: made, changed, a fold's coding kept), oldest first."""
        ids = sorted(set(coding_ids))
        if not ids:
            return []
        return self._event_rows(
            f"id > ? AND json_extract(details, '$.coding') IN ({','.join('?' * len(ids))})",
            (since, *ids),
        )

    def code_back(
        self,
        moves: Sequence[tuple[int, str, str]],
        memos: Sequence[tuple[int, str, str]],
        action: str,
        **details: Any,
    ) -> CodedBack:
        """Each coding of ``moves`` (id, the code it has now, the code to give it back) that
        still has that code gets the other one, and so does each code memo of ``memos`` (id,
        the code it is on now, the code back). A coding a merge folded into another
        (``fold_twins``) comes back, with its id, whatever was done since to the coding kept,
        where its passage is still there (store/twin_folds.py). One event per (code now, code
        back) with the ids moved. Call inside a transaction."""
        folds = self.folds_undone(moves)  # read before the codings kept move back
        moved: dict[tuple[str, str], list[int]] = {}
        for coding_id, now_code, back in moves:
            changed = self.db.execute(
                "UPDATE codings SET code = ? WHERE id = ? AND code = ?", (back, coding_id, now_code)
            ).rowcount
            if changed:
                moved.setdefault((now_code, back), []).append(coding_id)
        done = CodedBack()
        for event_id, fold, standing in folds:
            pairs, unfolded = self.unfold(event_id, fold, standing, action, **details)
            for pair, ids in pairs.items():
                moved.setdefault(pair, []).extend(ids)
            done.unfolded += unfolded
        notes: dict[tuple[str, str], list[int]] = {}
        for memo_id, now_code, back in memos:
            changed = self.db.execute(
                "UPDATE memos SET target = ? WHERE id = ? AND target_kind = 'code' AND target = ?",
                (back, memo_id, now_code),
            ).rowcount
            if changed:
                notes.setdefault((now_code, back), []).append(memo_id)
        for pair in {*moved, *notes}:
            self.log(
                action,
                before=pair[0],
                after=pair[1],
                codings=moved.get(pair, []),
                memos=notes.get(pair, []),
                **details,
            )
        done.moved = {pair: len(ids) for pair, ids in moved.items()}
        done.memos = sum(map(len, notes.values()))
        return done

    def set_aside(self, coding_ids: Sequence[int], **details: Any) -> int:
        """Take the codings ``coding_ids`` out, each kept whole in an event of its own
        (``SET_ASIDE``, with ``details``: the ``journal`` token of the codebook change that
        cannot carry them), for ``put_back``. Memos on them stay on their id, which comes
        back with them. Call inside a transaction. Returns how many went."""
        ids = sorted(set(coding_ids))
        rows = [
            dict(row)
            for row in self.db.execute(
                f"SELECT * FROM codings WHERE id IN ({','.join('?' * len(ids))})", ids
            )
        ]
        for row in rows:
            self.db.execute("DELETE FROM codings WHERE id = ?", (row["id"],))
            self.log(
                SET_ASIDE,
                coding=row["id"],
                document=self.event_document(row["document_id"]),
                code=row["code"],
                coder=row["coder"],
                removed=row,
                **details,
            )
        return len(rows)

    def put_back(self, token: str, action: str, **details: Any) -> int:
        """The codings ``set_aside`` took out for the codebook change of journal ``token``
        back, with their ids, each in an event ``action``. Call inside a transaction.
        Returns how many came back."""
        events = self._event_rows(
            "action = ? AND json_extract(details, '$.journal') = ?", (SET_ASIDE, token)
        )
        for event in events:
            row = event["details"]["removed"]
            self.log(
                action,
                coding=self._insert("codings", row),
                document=event["details"].get("document"),
                code=row["code"],
                coder=row["coder"],
                **details,
            )
        return len(events)

    def drop_suggestions_of(self, codes: Sequence[str], action: str, **details: Any) -> int:
        """Delete the taggers' suggestions still waiting for review (status ``suggested``,
        method rule or model) of ``codes``: a code an undo takes away. Decided codings are
        never touched. Logged with the rows removed. Call inside a transaction."""
        if not codes:
            return 0
        marks = ",".join("?" * len(codes))
        where = f"code IN ({marks}) AND status = 'suggested' AND method IN ('rule', 'model')"
        rows = [dict(r) for r in self.db.execute(f"SELECT * FROM codings WHERE {where}", codes)]
        self.db.execute(f"DELETE FROM codings WHERE {where}", codes)
        if rows:
            self.log(action, codes=list(codes), removed=rows, **details)
        return len(rows)

    def recoded_by(self, token: str) -> list[dict[str, Any]]:
        """The events of the codings a codebook change moved (those whose details carry the
        change's journal ``token``), oldest first; the change's own event left out."""
        return self._event_rows(
            "action != 'codebook.change' AND json_extract(details, '$.journal') = ?", (token,)
        )


def split_of(changes: Sequence[Mapping[str, Any]], code: str) -> Mapping[str, Any] | None:
    """The split, not taken back, whose code's codings have the id ``code`` now: the newest
    whose code (``source``, its id at the split) the renames and moves made since, not taken
    back either, gave the id ``code``; a merge since mixes its codings with another code's,
    and ends it. ``changes``: the details of the ``codebook.change`` events, oldest first."""
    undone = {change.get("undone") for change in changes} - {None}
    kept = [change for change in changes if change.get("journal") not in undone]
    for index in range(len(kept) - 1, -1, -1):
        split = kept[index]
        if split.get("operation") != "split" or not split.get("journal"):
            continue
        current: str | None = str(split.get("source"))
        for later in kept[index + 1 :]:
            after = (later.get("mapping") or {}).get(current)
            if after is not None and after != current:
                current = after if later.get("operation") in KEEPING_CODINGS else None
            if current is None:
                break
        if current == code:
            return split
    return None
