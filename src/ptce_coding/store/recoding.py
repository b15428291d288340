"""Codings given back the code they had: undoing a codebook change (``codebook undo``); and
one coding per coder, passage and code after a merge (``fold_twins``).

A codebook change moves codings from code to code by code id (``CodingQueries.recode``), and
its events keep the ids of the codings each step moved. Undoing it moves those codings back,
one by one, where they still have the code the change gave them: a coding recoded since, or
coded after the change, is left as it is.

A merge of two codes a coder had put on one passage would give the coder two identical
codings there. ``fold_twins`` keeps one: the other, a manual or imported coding, goes whole
into the event log (its memo joined to the one kept, the memos on it moved there); an
accepted suggestion stays as the review decision it is, behind the coding kept (its row the
tagger's again, as ``review`` leaves an acceptance where the reviewer had coded it already).
The undo gives each back as it was, with its id, where the coding kept still stands as the
merge left it.

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

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ptce_coding.base.records import Coding
from ptce_coding.store.base import StoreBase

FOLDED = "codebook.merge.twins"  # the event of one passage's codings made one by a merge
# a person's own coding: made by hand or imported, or a suggestion they accepted (its coder);
# a rejected suggestion, or one waiting, is the tagger's
PERSONS = (
    "(k.method IN ('manual', 'import') OR (k.status = 'accepted' AND k.coder = k.reviewed_by))"
)
Key = tuple[int, int, int, str, str]  # document id, start, end, coder, code
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


class RecodingQueries(StoreBase):
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

    def code_back(
        self,
        moves: Sequence[tuple[int, str, str]],
        memos: Sequence[tuple[int, str, str]],
        action: str,
        **details: Any,
    ) -> tuple[dict[tuple[str, str], int], int]:
        """Each coding of ``moves`` (id, the code it has now, the code to give it back) that
        still has that code gets the other one, and so does each code memo of ``memos`` (id,
        the code it is on now, the code back). A coding a merge folded into another
        (``fold_twins``) comes back, with its id, where the coding kept still has the code
        the merge gave it. One event per (code now, code back) with the ids moved. Call
        inside a transaction. Returns ({(code now, code back): codings moved}, memos moved)."""
        folds = self._folds_undone(moves)  # read before the codings kept move back
        moved: dict[tuple[str, str], list[int]] = {}
        for coding_id, now_code, back in moves:
            changed = self.db.execute(
                "UPDATE codings SET code = ? WHERE id = ? AND code = ?", (back, coding_id, now_code)
            ).rowcount
            if changed:
                moved.setdefault((now_code, back), []).append(coding_id)
        for fold, standing in folds:
            for pair, ids in self._unfold(fold, standing, action, **details).items():
                moved.setdefault(pair, []).extend(ids)
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
        return {pair: len(ids) for pair, ids in moved.items()}, sum(map(len, notes.values()))

    def fold_twins(self, moved: Mapping[int, tuple[str, str]], **details: Any) -> int:
        """After a merge, one coding per coder, passage and code: ``moved`` is {coding id:
        (the code it had, the code the merge gave it)}. Where a person now holds several
        decisions on a code and passage, one at least moved by the merge, one is kept: an
        accepted one if any (the merged code covers what either code did); of those, one the
        code had before the merge, then a manual or imported one before an accepted
        suggestion, then the oldest. Each other one the merge moved goes (module docstring);
        one there before the merge stays. One event per passage, with everything needed to
        undo it. Call inside a transaction. Returns how many passages were folded."""
        codes = sorted({after for _, after in moved.values()})
        if not codes:
            return 0
        rows = self.db.execute(
            "SELECT k.*, d.name AS document_name FROM codings k JOIN documents d ON "
            f"d.id = k.document_id WHERE k.code IN ({','.join('?' * len(codes))}) AND "
            f"k.status IN ('accepted', 'rejected') AND {PERSONS} ORDER BY k.id",
            codes,
        ).fetchall()
        groups: dict[Key, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            groups[_key(row)].append(dict(row))
        return sum(
            self._fold(group, moved, **details)
            for group in groups.values()
            if len(group) > 1 and any(row["id"] in moved for row in group)
        )

    def _fold(
        self, group: list[dict[str, Any]], moved: Mapping[int, tuple[str, str]], **details: Any
    ) -> bool:
        """One passage's decisions of one coder on one code (``fold_twins``): whether any
        was folded into the one kept."""
        status = "accepted" if any(row["status"] == "accepted" for row in group) else "rejected"
        kept = min(
            (row for row in group if row["status"] == status),
            key=lambda row: (
                row["id"] in moved,
                row["method"] not in ("manual", "import"),
                row["id"],
            ),
        )
        removed, handed = [], []
        for row in group:
            if row is kept or row["id"] not in moved:
                continue  # the one kept, or there before the merge: not the merge's to fold
            if row["method"] in ("manual", "import"):
                removed.append(row)
            elif row["suggested_by"] and status == "accepted":
                handed.append(row)
        if not removed and not handed:
            return False
        memos: dict[str, list[int]] = {}
        for row in removed:
            self.db.execute("DELETE FROM codings WHERE id = ?", (row["id"],))
            ids = [
                int(memo["id"])
                for memo in self.db.execute(
                    "SELECT id FROM memos WHERE target_kind = 'coding' AND target = ?",
                    (str(row["id"]),),
                )
            ]
            if ids:
                self.db.execute(
                    f"UPDATE memos SET target = ? WHERE id IN ({','.join('?' * len(ids))})",
                    (str(kept["id"]), *ids),
                )
                memos[str(row["id"])] = ids
        for row in handed:
            self.db.execute(
                "UPDATE codings SET coder = ? WHERE id = ?", (row["suggested_by"], row["id"])
            )
        memo = _joined([kept["memo"], *(row["memo"] for row in removed)])
        if memo != kept["memo"]:
            self.db.execute("UPDATE codings SET memo = ? WHERE id = ?", (memo, kept["id"]))
        self.log(
            FOLDED,
            coding=kept["id"],
            document=kept["document_name"],
            start=kept["start"],
            end=kept["end"],
            code=kept["code"],
            coder=kept["coder"],
            codings=[row["id"] for row in (*removed, *handed)],
            removed=[_as_before(row, moved) for row in removed],
            handed=[
                {"coding": row["id"], "code": moved[row["id"]][0], "coder": row["coder"]}
                for row in handed
            ],
            **({"memo": {"before": kept["memo"], "after": memo}} if memo != kept["memo"] else {}),
            **({"memos": memos} if memos else {}),
            **details,
        )
        return True

    def _folds_undone(
        self, moves: Sequence[tuple[int, str, str]]
    ) -> list[tuple[dict[str, Any], bool]]:
        """The fold events (``fold_twins``) of the change ``moves`` takes back: those whose
        folded codings are moved from the code the merge gave them to the one they had, the
        newest naming each coding; each with whether the coding kept still stands as the
        merge left it (its removed codings come back only then)."""
        wanted = {coding_id: (now_code, back) for coding_id, now_code, back in moves}
        found: list[tuple[dict[str, Any], bool]] = []
        taken: set[int] = set()
        events = self.db.execute(
            "SELECT details FROM events WHERE action = ? ORDER BY id DESC", (FOLDED,)
        )
        for event in events:
            fold = json.loads(event["details"])
            folded = [*fold.get("removed", []), *fold.get("handed", [])]
            ids = {
                int(row.get("coding", row.get("id")))
                for row in folded
                if wanted.get(int(row.get("coding", row.get("id")))) == (fold["code"], row["code"])
            }
            if not ids or ids & taken:
                continue
            taken |= ids
            kept = self.db.execute(
                "SELECT 1 FROM codings k JOIN documents d ON d.id = k.document_id WHERE k.id = ? "
                'AND d.name = ? AND k.start = ? AND k."end" = ? AND k.code = ? AND k.coder = ?',
                (
                    fold["coding"],
                    fold["document"],
                    fold["start"],
                    fold["end"],
                    fold["code"],
                    fold["coder"],
                ),
            ).fetchone()
            found.append((fold, kept is not None))
        return found

    def _unfold(
        self, fold: dict[str, Any], standing: bool, action: str, **details: Any
    ) -> dict[tuple[str, str], list[int]]:
        """One fold taken back: the codings it removed back with their ids (when the coding
        kept ``standing``), its memos and memo with them; the acceptances it put behind the
        coding kept their coder's again. Returns {(code now, code back): codings}."""
        into, kept = fold["code"], fold["coding"]
        back: dict[tuple[str, str], list[int]] = {}
        restored: list[int] = []
        if standing:
            document = self.db.execute(
                "SELECT document_id FROM codings WHERE id = ?", (kept,)
            ).fetchone()["document_id"]
            for row in fold.get("removed", []):
                if self.db.execute("SELECT 1 FROM codings WHERE id = ?", (row["id"],)).fetchone():
                    continue
                self._insert("codings", {**row, "document_id": document})
                restored.append(row["id"])
                back.setdefault((into, row["code"]), []).append(row["id"])
                for memo in fold.get("memos", {}).get(str(row["id"]), []):
                    self.db.execute(
                        "UPDATE memos SET target = ? WHERE id = ? AND target_kind = 'coding' "
                        "AND target = ?",
                        (str(row["id"]), memo, str(kept)),
                    )
            memo = fold.get("memo")
            if restored and memo:
                self.db.execute(
                    "UPDATE codings SET memo = ? WHERE id = ? AND memo IS ?",
                    (memo["before"], kept, memo["after"]),
                )
        handed = []
        for row in fold.get("handed", []):
            changed = self.db.execute(
                "UPDATE codings SET coder = ? WHERE id = ? AND code = ? AND status = 'accepted' "
                "AND reviewed_by = ? AND coder != reviewed_by",
                (row["coder"], row["coding"], row["code"], row["coder"]),
            ).rowcount
            if changed:
                handed.append(row["coding"])
        if restored or handed:
            self.log(
                f"{action}.twins",
                coding=kept,
                document=fold["document"],
                code=into,
                coder=fold["coder"],
                restored=restored,
                handed_back=handed,
                **details,
            )
        return back

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


def _key(row: Any) -> Key:
    return (row["document_id"], row["start"], row["end"], row["coder"], row["code"])


def _as_before(row: dict[str, Any], moved: Mapping[int, tuple[str, str]]) -> dict[str, Any]:
    """A coding a fold removes, as it was before the merge (its code then), without the
    document's name the fold's query added."""
    kept = {key: value for key, value in row.items() if key != "document_name"}
    return {**kept, "code": moved[row["id"]][0]}


def _joined(memos: Sequence[str | None]) -> str | None:
    """The memos of codings made one: each different text once, in order."""
    first = (memos[0] or "").strip()
    texts = dict.fromkeys(memo.strip() for memo in memos if memo and memo.strip())
    if not texts or list(texts) == [first]:
        return memos[0]  # nothing to add to the memo kept
    return "\n\n".join(texts)
