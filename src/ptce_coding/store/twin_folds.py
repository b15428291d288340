"""One coding per coder, passage and code after a merge (``fold_twins``), and the codings it
made one given back by ``codebook undo`` (``unfold``).

A merge of two codes a coder had put on one passage would give the coder two identical
codings there. ``fold_twins`` keeps one: the other, a manual or imported coding, goes whole
into the event log (its memo joined to the one kept, the memos on it moved there); an
accepted suggestion stays as the review decision it is, behind the coding kept (its row the
tagger's again, as ``review`` leaves an acceptance where the reviewer had coded it already).
A split's re-assignment sheet that gives a coding a code its coder had there folds the same.

The undo gives each coding folded back as it was, with its id, whatever was done since to
the coding kept (given another code, edited, removed): a person's coding is never lost to a
change taken back, and what they did since to the coding kept stays done. It needs the
passage: the document's text as at the fold (its hash, kept in the fold's event; for a fold
recorded without it, the coding kept standing as the fold left it, or no `document.replace`
of the document since), or, the text replaced since, the passage of the coding kept where no
person changed it (the replacement moved it as it would have moved theirs, the same one). A
coding folded whose passage is not known so, or whose document is gone, stays whole in the
event log, and is said.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ptce_coding.store.base import StoreBase

FOLDED = "codebook.merge.twins"  # the event of one passage's codings made one by a merge
# a person's own coding: made by hand or imported, or a suggestion they accepted (its coder);
# a rejected suggestion, or one waiting, is the tagger's
PERSONS = (
    "(k.method IN ('manual', 'import') OR (k.status = 'accepted' AND k.coder = k.reviewed_by))"
)
Key = tuple[int, int, int, str, str]  # document id, start, end, coder, code


@dataclass(frozen=True)
class Unfolded:
    """A coding a fold had removed, that an undo gave back (``back``) or could not."""

    coding: int
    code: str  # the code it had before the change, and has again when given back
    coder: str
    document: str  # its document (named as at the fold when gone)
    kept: int  # the coding it had been made one with
    kept_code: str | None  # the code that one has now; None: removed since
    back: bool  # given back; False: its passage is no longer there (module docstring)


class TwinFoldQueries(StoreBase):
    if TYPE_CHECKING:  # RemovalQueries's, in Store

        def _insert(self, table: str, values: dict[str, Any]) -> int: ...

    def fold_twins(self, moved: Mapping[int, tuple[str, str]], **details: Any) -> int:
        """After a merge, one coding per coder, passage and code: ``moved`` is {coding id:
        (the code it had, the code the merge gave it)}. Where a person now holds several
        decisions on a code and passage, one at least moved by the merge, one is kept: an
        accepted one if any (the merged code covers what either code did); of those, one the
        code had before the merge, then a manual or imported one before an accepted
        suggestion, then the oldest. Each other one the merge moved goes (module docstring);
        one there before the merge stays. One event per passage, with everything needed to
        undo it (the document's text hash too). Call inside a transaction. Returns how many
        passages were folded."""
        codes = sorted({after for _, after in moved.values()})
        if not codes:
            return 0
        rows = self.db.execute(
            "SELECT k.*, d.name AS document_name, d.text_hash AS document_hash FROM codings k "
            f"JOIN documents d ON d.id = k.document_id WHERE k.code IN "
            f"({','.join('?' * len(codes))}) AND k.status IN ('accepted', 'rejected') AND "
            f"{PERSONS} ORDER BY k.id",
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
            text_hash=kept["document_hash"],
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

    def folds_undone(
        self, moves: Sequence[tuple[int, str, str]]
    ) -> list[tuple[int, dict[str, Any], bool]]:
        """The fold events (``fold_twins``) of the change ``moves`` takes back: those whose
        folded codings are moved from the code the merge gave them to the one they had, the
        newest naming each coding; each (event id, details, whether the coding kept still
        stands as the merge left it). Read before the codings kept move back."""
        wanted = {coding_id: (now_code, back) for coding_id, now_code, back in moves}
        found: list[tuple[int, dict[str, Any], bool]] = []
        taken: set[int] = set()
        events = self.db.execute(
            "SELECT id, details FROM events WHERE action = ? ORDER BY id DESC", (FOLDED,)
        )
        for event in events.fetchall():
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
            found.append((int(event["id"]), fold, kept is not None))
        return found

    def unfold(
        self, event_id: int, fold: dict[str, Any], standing: bool, action: str, **details: Any
    ) -> tuple[dict[tuple[str, str], list[int]], list[Unfolded]]:
        """One fold (of the event ``event_id``) taken back: the codings it removed back with
        their ids, whatever was done since to the coding kept, where their passage is still
        there (module docstring), its memos and memo with them; the acceptances it put behind
        the coding kept their coder's again. Returns ({(code now, code back): codings}, the
        codings removed that the coding kept no longer stood for as the fold left it: given
        back, or not)."""
        into, kept = fold["code"], fold["coding"]
        back: dict[tuple[str, str], list[int]] = {}
        restored: list[int] = []
        said: list[Unfolded] = []
        now = self.db.execute(
            'SELECT document_id, code, start, "end" FROM codings WHERE id = ?', (kept,)
        )
        kept_row = now.fetchone()
        place = self._fold_place(event_id, fold, kept_row, standing)
        for row in fold.get("removed", []):
            if self.db.execute("SELECT 1 FROM codings WHERE id = ?", (row["id"],)).fetchone():
                continue
            if place is not None:
                self._insert("codings", {**row, **place})
                restored.append(row["id"])
                back.setdefault((into, row["code"]), []).append(row["id"])
                for memo in fold.get("memos", {}).get(str(row["id"]), []):
                    self.db.execute(
                        "UPDATE memos SET target = ? WHERE id = ? AND target_kind = 'coding' "
                        "AND target = ?",
                        (str(row["id"]), memo, str(kept)),
                    )
            if not standing:
                said.append(
                    Unfolded(
                        row["id"],
                        row["code"],
                        row["coder"],
                        (place and self.event_document(place["document_id"])) or fold["document"],
                        kept,
                        kept_row["code"] if kept_row else None,
                        place is not None,
                    )
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
        return back, said

    def _fold_place(
        self, event_id: int, fold: Mapping[str, Any], kept: Any, standing: bool
    ) -> dict[str, int] | None:
        """Where the codings a fold (of the event ``event_id``) removed come back, when their
        passage is still there: {document_id} in the document's text as at the fold (the
        coding kept's document, or the one the fold names, followed through the documents'
        moves since); with {start, end} too when the text was replaced since: the coding
        kept's passage, which the replacement moved as it would have moved theirs (they had
        the same one), if no person changed it since. None: not there (module docstring)."""
        if standing:
            return {"document_id": int(kept["document_id"])}
        name, replaced = str(fold["document"]), False
        for event in self._event_rows(
            "action IN ('document.move', 'document.replace') AND id > ?", (event_id,)
        ):
            if event["details"].get("document") != name:
                continue
            if event["action"] == "document.move":
                name = str(event["details"].get("after_name") or name)
            else:
                replaced = True
        found = self.db.execute(
            "SELECT id, text_hash FROM documents WHERE "
            + ("id = ?" if kept is not None else "name = ?"),
            (kept["document_id"] if kept is not None else name,),
        ).fetchone()
        if found is None:
            return None
        same = found["text_hash"] == fold["text_hash"] if "text_hash" in fold else not replaced
        if same:
            return {"document_id": int(found["id"])}
        passage_changed = any(
            "passage" in (event["details"].get("before") or {})
            for event in self._event_rows(
                "action = 'coding.import.change' AND id > ? AND "
                "json_extract(details, '$.coding') = ?",
                (event_id, fold["coding"]),
            )
        )
        if kept is None or passage_changed:
            return None
        return {"document_id": int(found["id"]), "start": kept["start"], "end": kept["end"]}


def _key(row: Any) -> Key:
    return (row["document_id"], row["start"], row["end"], row["coder"], row["code"])


def _as_before(row: dict[str, Any], moved: Mapping[int, tuple[str, str]]) -> dict[str, Any]:
    """A coding a fold removes, as it was before the merge (its code then), without the
    document's name and text hash the fold's query added."""
    kept = {
        key: value for key, value in row.items() if key not in ("document_name", "document_hash")
    }
    return {**kept, "code": moved[row["id"]][0]}


def _joined(memos: Sequence[str | None]) -> str | None:
    """The memos of codings made one: each different text once, in order."""
    first = (memos[0] or "").strip()
    texts = dict.fromkeys(memo.strip() for memo in memos if memo and memo.strip())
    if not texts or list(texts) == [first]:
        return memos[0]  # nothing to add to the memo kept
    return "\n\n".join(texts)
