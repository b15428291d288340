"""Review decisions on a tagger's suggestions: accepted or rejected (``review``), on the
passage suggested or another one, by a first coder or, blind, by a second one (a row of its own,
``origin``: the suggestion); moved to another code (``move_suggestion``); undone
(``unreview``). An acceptance where the reviewer has coded that passage with that code already
makes no second coding (« coded already », see ``review``). Each decision is written to the
event log; an acceptance by threshold says so in it (``batch_acceptances.Batch``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ptce_coding.base.errors import StoreError
from ptce_coding.store.base import StoreBase, inserted_id, now
from ptce_coding.store.batch_acceptances import Batch


class ReviewDecisionQueries(StoreBase):
    if TYPE_CHECKING:  # CodingQueries's and ReviewPassageQueries's, in Store

        def _held(
            self, document_id: int, start: int, end: int, code: str, coder: str
        ) -> int | None: ...

        def _as_suggested(self, row: dict[str, Any]) -> dict[str, Any]: ...

        def _respan(
            self, coding_id: int, row: Any, span: tuple[int, int] | None, reviewer: str
        ) -> None: ...

        def _unrespan(self, coding_id: int) -> dict[str, list[int]] | None: ...

    def review(
        self,
        coding_id: int,
        status: str,
        reviewer: str,
        span: tuple[int, int] | None = None,
        batch: Batch | None = None,
    ) -> int:
        """Accept or reject a suggestion: its status changes, the reviewer is recorded. An
        accepted suggestion becomes the reviewer's coding (its coder) for every analysis; the
        machine coder that suggested it stays in ``suggested_by``, with method, evidence and
        confidence. A rejected one stays the machine's, marked with who rejected it.

        A suggestion another coder has decided already is decided again per coder (blind
        double review): the decision is a row of its own (``origin``: the suggestion). Returns
        the id of the row that holds the decision.

        ``span`` accepts it on a narrower or wider passage (start, end) than suggested: the
        event log keeps both. The first decision's row takes that passage; a second coder
        decides the suggestion as suggested (``suggested_spans``), never on the passage the
        first one chose.

        An acceptance where the reviewer holds an accepted coding of that code on exactly that
        passage already (coded by hand while the suggestion waited, imported, accepted from
        the other tagger) makes no second coding: the decision is recorded, accepted (the
        rule's or the model's record counts it, and the tagger does not suggest it again),
        but its row stays the tagger's (``coder``, as a rejected suggestion's does), marked
        with who accepted it; the reviewer's coding there is the one they had, named in the
        event log (``coded_already``). An analysis of the reviewer's codings, a matrix, an
        export by coder, counts one coding. When that coding is removed or given another
        code, the acceptance becomes the reviewer's coding again (``_hand_back``).

        ``batch``: an acceptance by threshold, not a reading (``review --accept-above``): its
        event carries the threshold and the batch (``Batch.details``)."""
        if status not in ("accepted", "rejected"):
            raise StoreError(f"a review accepts or rejects, not {status!r}")
        if batch is not None and (status != "accepted" or span is not None):
            raise StoreError("a batch by threshold accepts suggestions on their own passage")
        if span is not None and status != "accepted":
            raise StoreError("only an accepted suggestion takes another passage")
        if not reviewer.strip():
            raise StoreError("a review needs a reviewer name")
        with self.transaction():
            row = self.db.execute("SELECT * FROM codings WHERE id = ?", (coding_id,)).fetchone()
            if row is None:
                raise StoreError(f"no coding {coding_id}")
            if row["status"] != "suggested":
                suggested = self._as_suggested(dict(row))
                decision = self._second_decision(suggested, status, reviewer, span, batch)
                self._respan(decision, suggested, span, reviewer)
                return decision
            held = self._held_on(row, span, status, reviewer)
            self.db.execute(
                "UPDATE codings SET status = ?, reviewed_by = ?, reviewed_at = ?, "
                "suggested_by = ?, coder = ? WHERE id = ?",
                (
                    status,
                    reviewer,
                    now(),
                    row["coder"],
                    reviewer if status == "accepted" and held is None else row["coder"],
                    coding_id,
                ),
            )
            self.log(
                "coding.review",
                coding=coding_id,
                code=row["code"],
                before="suggested",
                after=status,
                **(batch.details() if batch else {}),
                reviewer=reviewer,
                suggested_by=row["coder"],
                document=self.event_document(row["document_id"]),
                **({"coded_already": held} if held is not None else {}),
            )
            self._respan(coding_id, row, span, reviewer)
        return coding_id

    def _held_on(
        self, row: Any, span: tuple[int, int] | None, status: str, reviewer: str
    ) -> int | None:
        """For an acceptance of the suggestion ``row`` (on ``span``, else its own passage):
        the reviewer's coding of its code there already, or None (see ``review``)."""
        if status != "accepted":
            return None
        start, end = span or (row["start"], row["end"])
        return self._held(row["document_id"], start, end, row["code"], reviewer)

    def move_suggestion(
        self, coding_id: int, code: str, reviewer: str, span: tuple[int, int] | None = None
    ) -> int:
        """A suggestion right about the passage but wrong about the code: the suggestion is
        rejected (its code was wrong) and the reviewer's own coding of ``code`` takes the
        passage suggested (or ``span``), linked to it (``origin``). Returns that coding's id.

        Where the reviewer holds an accepted coding of ``code`` on exactly that passage
        already, it is that coding: the rejection is recorded and no second one is made (the
        event ``coding.review.move`` names it, with ``coded_already``); an undo of the move
        leaves it, as it was there before."""
        with self.transaction():
            row = self.db.execute("SELECT * FROM codings WHERE id = ?", (coding_id,)).fetchone()
            if row is None:
                raise StoreError(f"no coding {coding_id}")
            if row["code"] == code:
                raise StoreError(f"the suggestion is already {code}: accept it instead")
            suggested = self._as_suggested(dict(row))
            decision = self.review(coding_id, "rejected", reviewer)
            start, end = span or (suggested["start"], suggested["end"])
            held = self._held(row["document_id"], start, end, code, reviewer)
            moving = {
                "suggestion": coding_id,
                "decision": decision,
                "before": row["code"],
                "after": code,
                "reviewer": reviewer,
            }
            if held is not None:
                self.log("coding.review.move", coding=held, **moving, coded_already=True)
                return held
            cursor = self.db.execute(
                'INSERT INTO codings (document_id, start, "end", code, coder, method, status, '
                "evidence, codebook_version, created_at, reviewed_by, reviewed_at, "
                "suggested_by, origin) VALUES (?,?,?,?,?,'manual','accepted',?,?,?,?,?,?,?)",
                (
                    row["document_id"],
                    suggested["start"],
                    suggested["end"],
                    code,
                    reviewer,
                    f"moved from {row['code']} ({row['suggested_by'] or row['coder']}: "
                    f"{row['evidence'] or ''})",
                    row["codebook_version"],
                    now(),
                    reviewer,
                    now(),
                    row["suggested_by"] or row["coder"],
                    row["origin"] or coding_id,
                ),
            )
            moved = inserted_id(cursor)
            self.log("coding.review.move", coding=moved, **moving)
            self._respan(moved, suggested, (start, end), reviewer)
        return moved

    def _second_decision(
        self,
        row: dict[str, Any],
        status: str,
        reviewer: str,
        span: tuple[int, int] | None,
        batch: Batch | None = None,
    ) -> int:
        """Another coder's decision on a suggestion decided already (``row``: on the passage
        suggested): a row of its own. An acceptance where the reviewer holds that coding
        already stays the tagger's, as in ``review``."""
        origin = row["origin"] or row["id"]
        machine = row["suggested_by"] or row["coder"]
        if row["method"] not in ("rule", "model") or not row["reviewed_by"]:
            raise StoreError(f"coding {row['id']} is not a suggestion (it is {row['status']})")
        mine = self.db.execute(
            "SELECT id, status FROM codings WHERE reviewed_by = ? AND (id = ? OR origin = ?)",
            (reviewer, origin, origin),
        ).fetchone()
        if mine is not None:
            raise StoreError(
                f"coding {row['id']} is not a suggestion any more for {reviewer}: decided "
                f"already ({mine['status']}, coding {mine['id']})",
                hint="Undo that decision first to decide again.",
            )
        held = self._held_on(row, span, status, reviewer)
        cursor = self.db.execute(
            'INSERT INTO codings (document_id, start, "end", code, coder, method, status, '
            "confidence, evidence, codebook_version, created_at, reviewed_by, reviewed_at, "
            "suggested_by, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                row["document_id"],
                row["start"],
                row["end"],
                row["code"],
                reviewer if status == "accepted" and held is None else machine,
                row["method"],
                status,
                row["confidence"],
                row["evidence"],
                row["codebook_version"],
                row["created_at"],
                reviewer,
                now(),
                machine,
                origin,
            ),
        )
        decision = inserted_id(cursor)
        self.log(
            "coding.review",
            coding=decision,
            origin=origin,
            code=row["code"],
            before="suggested",
            after=status,
            **(batch.details() if batch else {}),
            reviewer=reviewer,
            suggested_by=machine,
            document=self.event_document(row["document_id"]),
            **({"coded_already": held} if held is not None else {}),
        )
        return decision

    def decision_of(self, coding_id: int, reviewer: str) -> int | None:
        """The row that holds ``reviewer``'s decision on a suggestion: the suggestion itself,
        or a second coder's row of its own (``origin``); None when undecided."""
        row = self.db.execute(
            "SELECT coalesce(origin, id) AS origin FROM codings WHERE id = ?", (coding_id,)
        ).fetchone()
        if row is None:
            return None
        found = self.db.execute(
            "SELECT id FROM codings WHERE reviewed_by = ? AND (id = ? OR origin = ?) "
            "AND status != 'suggested' AND method IN ('rule', 'model')",
            (reviewer, row["origin"], row["origin"]),
        ).fetchone()
        return int(found["id"]) if found else None

    def unreview(self, coding_id: int, reviewer: str) -> str:
        """Undo a review: the coding becomes a suggestion again, on the passage suggested
        when it was accepted on another one (the event log keeps both). Only suggestions
        made by a tagger (rule, model) can be undone; returns the status it had."""
        with self.transaction():
            row = self.db.execute(
                "SELECT status, code, method, origin FROM codings WHERE id = ?", (coding_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no coding {coding_id}")
            if row["method"] not in ("rule", "model") or row["status"] == "suggested":
                raise StoreError(f"coding {coding_id} has no review to undo")
            if row["origin"] is not None:  # a second coder's decision: it goes, whole in the log
                full = dict(
                    self.db.execute("SELECT * FROM codings WHERE id = ?", (coding_id,)).fetchone()
                )
                self.db.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
                self.log(
                    "coding.unreview",
                    coding=coding_id,
                    code=row["code"],
                    before=row["status"],
                    after="suggested",
                    reviewer=reviewer,
                    removed=full,
                    document=self.event_document(full["document_id"]),
                )
                self._unmove(row["origin"], reviewer)
                return str(row["status"])
            self.db.execute(
                "UPDATE codings SET status = 'suggested', reviewed_by = NULL, reviewed_at = NULL, "
                "coder = coalesce(suggested_by, coder), suggested_by = NULL WHERE id = ?",
                (coding_id,),
            )
            passage = self._unrespan(coding_id)
            self.log(
                "coding.unreview",
                coding=coding_id,
                code=row["code"],
                before=row["status"],
                after="suggested",
                reviewer=reviewer,
                document=self.event_coding_document(coding_id),
                **({"passage": passage} if passage else {}),
            )
            self._unmove(coding_id, reviewer)
        return str(row["status"])

    def _unmove(self, coding_id: int, reviewer: str) -> None:
        """Undoing the rejection of a suggestion moved to another code takes back the
        coding it was moved to (the event log keeps it whole)."""
        rows = self.db.execute(
            "SELECT * FROM codings WHERE origin = ? AND method = 'manual' AND reviewed_by = ?",
            (coding_id, reviewer),
        ).fetchall()
        for row in rows:
            self.db.execute("DELETE FROM codings WHERE id = ?", (row["id"],))
            self.log(
                "coding.review.unmove",
                coding=row["id"],
                suggestion=coding_id,
                removed=dict(row),
                reviewer=reviewer,
                document=self.event_document(row["document_id"]),
            )
