"""Codings in the store. Manual and accepted codings are research data: the only deletion
offered to automated taggers is ``replace_suggestions`` (suggested codings of one method)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ptce_coding.base.errors import StoreError
from ptce_coding.base.records import Coding, CodingRow, Document
from ptce_coding.store.base import StoreBase, inserted_id, now


def _coding_row(values: Sequence[Any], text: str | None) -> CodingRow:
    """A coding row from the SELECT's values (in the order of CodingRow's fields) and its text."""
    return CodingRow(*[*values, text])


class CodingQueries(StoreBase):
    if TYPE_CHECKING:  # DocumentQueries's, in Store

        def document(self, name: str) -> Document | None: ...

    def coding_rows(
        self,
        *,
        statuses: Iterable[str] | None = None,
        coders: Iterable[str] | None = None,
        methods: Iterable[str] | None = None,
        codes: Iterable[str] | None = None,
        documents: Iterable[str] | None = None,
        with_text: bool = True,
    ) -> list[CodingRow]:
        """Codings with document, case and coded text (None without ``with_text``), filtered."""
        where: list[str] = []
        params: list[Any] = []
        for column, values in (
            ("k.status", statuses),
            ("k.coder", coders),
            ("k.method", methods),
            ("k.code", codes),
            ("d.name", documents),
        ):
            if values is not None:
                values = list(values)
                if column == "d.name":
                    values = [self.stored_document_name(value) for value in values]
                where.append(f"{column} IN ({','.join('?' * len(values))})")
                params.extend(values)
        return self._coding_rows(where, params, with_text=with_text)

    def _coding_rows(
        self, where: Sequence[str], params: Sequence[Any], *, with_text: bool
    ) -> list[CodingRow]:
        # the columns in the order of CodingRow's fields (text comes last), then document_id
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples: a row is built from them positionally
        rows = cursor.execute(
            f"""
            SELECT k.id, d.name AS document, c.name AS "case", k.start, k."end", k.code,
                   k.coder, k.method, k.status, k.confidence, k.evidence, k.memo,
                   k.codebook_version, k.created_at, k.reviewed_by, k.reviewed_at,
                   k.suggested_by, k.origin, k.document_id
            FROM codings k
            JOIN documents d ON d.id = k.document_id
            JOIN cases c ON c.id = d.case_id
            {"WHERE " + " AND ".join(where) if where else ""}
            ORDER BY c.name, d.name, k.start, k.code, k.id
            """,
            list(params),
        ).fetchall()
        if not with_text:
            return [_coding_row(row[:-1], None) for row in rows]
        # each document's text is read once and sliced here: SQLite's substr would read the
        # whole text again for every coding
        texts: dict[int, str] = {}
        result = []
        for row in rows:
            document_id = row[-1]
            if document_id not in texts:
                texts[document_id] = self.db.execute(
                    "SELECT text FROM documents WHERE id = ?", (document_id,)
                ).fetchone()["text"]
            result.append(_coding_row(row[:-1], texts[document_id][row[3] : row[4]]))
        return result

    def document_codings(self, document_id: int) -> list[CodingRow]:
        """Every coding of one document (any status, any coder), with its text."""
        return self._coding_rows(["k.document_id = ?"], [document_id], with_text=True)

    def decided_spans(self, document_id: int, coder: str) -> list[tuple[str, int, int]]:
        """(code, start, end) of the codings ``coder`` suggested that a human has reviewed
        (accepted, then owned by the reviewer, or rejected): a tagger does not suggest them
        again."""
        rows = self.db.execute(
            'SELECT code, start, "end" FROM codings WHERE document_id = ? '
            "AND coalesce(suggested_by, coder) = ? AND status != 'suggested'",
            (document_id, coder),
        )
        return [(row["code"], row["start"], row["end"]) for row in rows]

    def add_codings(self, codings: Sequence[Coding]) -> tuple[int, int]:
        """Add human codings (manual, imported) in one transaction, each checked against its
        document's text. A coding already present (same document, span, code and coder) is
        not added twice. Returns (added, already present)."""
        added = present = 0
        ids = {}
        touched: set[tuple[int, str]] = set()  # (document id, code) of the codings added
        with self.transaction():
            for coding in codings:
                if coding.document not in ids:
                    document = self.document(coding.document)
                    if document is None:
                        raise StoreError(f"unknown document {coding.document!r}")
                    ids[coding.document] = (document.id, len(document.text))
                document_id, length = ids[coding.document]
                if not 0 <= coding.start < coding.end <= length:
                    raise StoreError(
                        f"coding {coding.code} at {coding.start}-{coding.end} falls outside "
                        f"document {coding.document!r} ({length} characters)"
                    )
                exists = self.db.execute(
                    'SELECT 1 FROM codings WHERE document_id = ? AND start = ? AND "end" = ? '
                    "AND code = ? AND coder = ?",
                    (document_id, coding.start, coding.end, coding.code, coding.coder),
                ).fetchone()
                if exists:
                    present += 1
                    continue
                self._insert_coding(document_id, coding)
                touched.add((document_id, coding.code))
                added += 1
            self.log(
                "codings.add",
                added=added,
                already_present=present,
                coders=sorted({c.coder for c in codings}),
                documents=sorted({self.event_document(i) or "" for i, _ in touched}),
                codes=sorted({code for _, code in touched}),
            )
        return added, present

    def document_texts(self) -> dict[str, str]:
        rows = self.db.execute("SELECT name, text FROM documents")
        return {row["name"]: row["text"] for row in rows}

    def _insert_coding(self, document_id: int, coding: Coding) -> None:
        self.db.execute(
            'INSERT INTO codings (document_id, start, "end", code, coder, method, status, '
            "confidence, evidence, memo, codebook_version, created_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                document_id,
                coding.start,
                coding.end,
                coding.code,
                coding.coder,
                coding.method,
                coding.status,
                coding.confidence,
                coding.evidence,
                coding.memo,
                coding.codebook_version,
                coding.created_at or now(),
            ),
        )

    def review(
        self,
        coding_id: int,
        status: str,
        reviewer: str,
        span: tuple[int, int] | None = None,
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
        code, the acceptance becomes the reviewer's coding again (``_hand_back``)."""
        if status not in ("accepted", "rejected"):
            raise StoreError(f"a review accepts or rejects, not {status!r}")
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
                decision = self._second_decision(suggested, status, reviewer, span)
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
                reviewer=reviewer,
                suggested_by=row["coder"],
                document=self.event_document(row["document_id"]),
                **({"coded_already": held} if held is not None else {}),
            )
            self._respan(coding_id, row, span, reviewer)
        return coding_id

    def _held(self, document_id: int, start: int, end: int, code: str, coder: str) -> int | None:
        """The id of ``coder``'s accepted coding of ``code`` on exactly ``start``-``end`` of
        the document (the oldest), or None."""
        found = self.db.execute(
            'SELECT id FROM codings WHERE document_id = ? AND start = ? AND "end" = ? '
            "AND code = ? AND coder = ? AND status = 'accepted' ORDER BY id LIMIT 1",
            (document_id, start, end, code, coder),
        ).fetchone()
        return int(found["id"]) if found else None

    def _held_on(
        self, row: Any, span: tuple[int, int] | None, status: str, reviewer: str
    ) -> int | None:
        """For an acceptance of the suggestion ``row`` (on ``span``, else its own passage):
        the reviewer's coding of its code there already, or None (see ``review``)."""
        if status != "accepted":
            return None
        start, end = span or (row["start"], row["end"])
        return self._held(row["document_id"], start, end, row["code"], reviewer)

    def suggested_spans(self, coding_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
        """{id: (start, end) as suggested} for those of these suggestions whose first decider
        accepted them on another passage: the suggestion's row took that passage
        (``_respan``), so the passage suggested is read back from the event log (the first
        ``coding.review.passage`` of the row gives it, the last one, or an undo that put it
        back (``coding.unreview``), the row's passage then).
        When the document was imported again since and the row's passage moved with its
        text, the passage suggested is moved by as much (exact when the text changed outside
        it); one that no longer fits the text is left out. A second coder, blind, sees and
        decides the suggestion on this passage (review/queue.py ``pending``, web/blind.py)."""
        wanted = set(coding_ids)
        if not wanted:
            return {}
        first: dict[int, list[int]] = {}
        last: dict[int, list[int]] = {}
        for event in self.db.execute(
            "SELECT action, details FROM events WHERE action IN "
            "('coding.review.passage', 'coding.unreview') ORDER BY id"
        ):
            details = json.loads(event["details"])
            coding = details.get("coding")
            if coding not in wanted:
                continue
            if event["action"] == "coding.review.passage":
                first.setdefault(coding, details["before"])
                last[coding] = details["after"]
            elif "passage" in details:
                last[coding] = details["passage"]["after"]
        found: dict[int, tuple[int, int]] = {}
        for coding_id, (start, end) in first.items():
            row = self.db.execute(
                'SELECT k.start, k."end", k.origin, k.method, length(d.text) AS n '
                "FROM codings k JOIN documents d ON d.id = k.document_id WHERE k.id = ?",
                (coding_id,),
            ).fetchone()
            if row is None or row["origin"] is not None or row["method"] not in ("rule", "model"):
                continue  # a second coder's decision, or a moved suggestion's new coding
            after_start, after_end = last[coding_id]
            start += row["start"] - after_start
            end += row["end"] - after_end
            if (start, end) != (row["start"], row["end"]) and 0 <= start < end <= row["n"]:
                found[coding_id] = (start, end)
        return found

    def as_suggested(self, rows: Sequence[CodingRow]) -> list[CodingRow]:
        """``rows`` with those a first decider accepted on another passage back on the
        passage suggested (``suggested_spans``), their text too when they carry it: the
        suggestion as a second coder has still to decide it."""
        spans = self.suggested_spans(row.id for row in rows if row.status != "suggested")
        if not spans:
            return list(rows)
        texts = {
            row.document: self.db.execute(
                "SELECT text FROM documents WHERE name = ?", (row.document,)
            ).fetchone()["text"]
            for row in rows
            if row.id in spans and row.text is not None
        }
        return [
            replace(
                row,
                start=spans[row.id][0],
                end=spans[row.id][1],
                text=None if row.text is None else texts[row.document][slice(*spans[row.id])],
            )
            if row.id in spans
            else row
            for row in rows
        ]

    def _as_suggested(self, row: dict[str, Any]) -> dict[str, Any]:
        """A suggestion's row (a dict) on the passage suggested (``suggested_spans``)."""
        span = self.suggested_spans([row["id"]]).get(row["id"])
        return row if span is None else {**row, "start": span[0], "end": span[1]}

    def _respan(
        self, coding_id: int, row: Any, span: tuple[int, int] | None, reviewer: str
    ) -> None:
        """The decided coding on the reviewer's passage instead of the suggested one."""
        if span is None or tuple(span) == (row["start"], row["end"]):
            return
        start, end = span
        length = self.db.execute(
            "SELECT length(text) FROM documents WHERE id = ?", (row["document_id"],)
        ).fetchone()[0]
        if not 0 <= start < end <= length:
            raise StoreError(
                f"passage {start}-{end} falls outside the document ({length} characters)"
            )
        self.db.execute(
            'UPDATE codings SET start = ?, "end" = ? WHERE id = ?', (start, end, coding_id)
        )
        self.log(
            "coding.review.passage",
            coding=coding_id,
            code=row["code"],
            before=[row["start"], row["end"]],
            after=[start, end],
            reviewer=reviewer,
            document=self.event_document(row["document_id"]),
        )

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
            if held is not None:
                self.log(
                    "coding.review.move",
                    coding=held,
                    suggestion=coding_id,
                    decision=decision,
                    before=row["code"],
                    after=code,
                    reviewer=reviewer,
                    coded_already=True,
                )
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
            self.log(
                "coding.review.move",
                coding=moved,
                suggestion=coding_id,
                decision=decision,
                before=row["code"],
                after=code,
                reviewer=reviewer,
            )
            self._respan(moved, suggested, (start, end), reviewer)
        return moved

    def _second_decision(
        self, row: dict[str, Any], status: str, reviewer: str, span: tuple[int, int] | None
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

    def _unrespan(self, coding_id: int) -> dict[str, list[int]] | None:
        """An undone acceptance on another passage: the suggestion back on the passage
        suggested (the next reviewer, and a second coder, see it as the tagger made it).
        Returns the passage before and after, for the ``coding.unreview`` event."""
        span = self.suggested_spans([coding_id]).get(coding_id)
        if span is None:
            return None
        row = self.db.execute(
            'SELECT start, "end" FROM codings WHERE id = ?', (coding_id,)
        ).fetchone()
        self.db.execute('UPDATE codings SET start = ?, "end" = ? WHERE id = ?', (*span, coding_id))
        return {"before": [row["start"], row["end"]], "after": list(span)}

    def _hand_back(self, document_id: int, start: int, end: int, code: str, coder: str) -> None:
        """``coder``'s coding of ``code`` on ``start``-``end`` is removed or recoded: an
        acceptance of theirs there that stood behind it (``review``: the row stayed the
        tagger's) becomes their coding, unless they hold another one there still."""
        if self._held(document_id, start, end, code, coder) is not None:
            return
        behind = self.db.execute(
            'SELECT id FROM codings WHERE document_id = ? AND start = ? AND "end" = ? '
            "AND code = ? AND reviewed_by = ? AND coder != ? AND status = 'accepted' "
            "AND method IN ('rule', 'model') ORDER BY id LIMIT 1",
            (document_id, start, end, code, coder, coder),
        ).fetchone()
        if behind is None:
            return
        self.db.execute("UPDATE codings SET coder = ? WHERE id = ?", (coder, behind["id"]))
        self.log(
            "coding.review.hand_back",
            coding=behind["id"],
            code=code,
            coder=coder,
            document=self.event_document(document_id),
        )

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

    def replace_suggestions(
        self, method: str, document_ids: Sequence[int], codings: Sequence[tuple[int, Coding]]
    ) -> tuple[int, int]:
        """Replace the *suggested* codings of ``method`` on these documents.

        Only rows with this method and status 'suggested' are deleted: manual, accepted and
        rejected codings are never touched. A new suggestion on a passage where a reviewer
        has decided on the same code from the same tagger is not added: the check is made
        inside the write transaction, so a decision taken while the tagger ran (on the web
        page, in another terminal) is never undone. Returns (removed, added).
        """
        if method == "manual":
            raise StoreError("manual codings are never replaced automatically")
        removed = 0
        with self.transaction():
            for document_id in document_ids:
                cursor = self.db.execute(
                    "DELETE FROM codings WHERE document_id = ? AND method = ? "
                    "AND status = 'suggested'",
                    (document_id, method),
                )
                removed += cursor.rowcount
            decided: dict[tuple[int, str], list[tuple[str, int, int]]] = {}
            added = 0
            for document_id, coding in codings:
                if coding.method != method or coding.status != "suggested":
                    raise StoreError("replace_suggestions only adds suggestions of its method")
                key = (document_id, coding.coder)
                if key not in decided:
                    decided[key] = self.decided_spans(document_id, coding.coder)
                if any(
                    code == coding.code and start < coding.end and end > coding.start
                    for code, start, end in decided[key]
                ):
                    continue
                self._insert_coding(document_id, coding)
                added += 1
            self.log(
                "suggestions.replace",
                method=method,
                documents=len(document_ids),
                removed=removed,
                added=added,
                document_names=sorted(
                    name for name in map(self.event_document, document_ids) if name
                ),
                coders=sorted({coding.coder for _, coding in codings}),
            )
        return removed, added

    def deciders(self) -> dict[str, set[str]]:
        """Per document, the reviewers who decided (accepted or rejected) suggestions of the
        taggers there."""
        rows = self.db.execute(
            "SELECT DISTINCT d.name AS document, k.reviewed_by AS coder "
            "FROM codings k JOIN documents d ON d.id = k.document_id "
            "WHERE k.method IN ('rule', 'model') AND k.status != 'suggested' "
            "AND k.reviewed_by IS NOT NULL"
        )
        found: dict[str, set[str]] = {}
        for row in rows:
            found.setdefault(row["document"], set()).add(row["coder"])
        return found

    def count_codings(self, statuses: Sequence[str], *, except_coder: str | None = None) -> int:
        """How many codings have one of ``statuses`` (those of ``except_coder`` left out)."""
        marks = ", ".join("?" * len(statuses))
        row = self.db.execute(
            f"SELECT count(*) FROM codings WHERE status IN ({marks}) AND coder IS NOT ?",
            (*statuses, except_coder),
        ).fetchone()
        return int(row[0])

    def replace_structure(self, codings: Sequence[Coding], coder: str) -> int:
        """Replace the structural codings (``coder``, method import: structure.py) by these,
        in one transaction; no other coding is touched. Returns how many were removed."""
        with self.transaction():
            removed = self.db.execute(
                "DELETE FROM codings WHERE coder = ? AND method = 'import'", (coder,)
            ).rowcount
            ids: dict[str, int] = {}
            for coding in codings:
                if coding.coder != coder or coding.method != "import":
                    raise StoreError("replace_structure only writes structural codings")
                if coding.document not in ids:
                    document = self.document(coding.document)
                    if document is None:
                        raise StoreError(f"unknown document {coding.document!r}")
                    ids[coding.document] = document.id
                self._insert_coding(ids[coding.document], coding)
            self.log(
                "structure.replace",
                coder=coder,
                removed=removed,
                added=len(codings),
                documents=sorted({self.event_document(i) or n for n, i in ids.items()}),
                codes=sorted({coding.code for coding in codings}),
            )
        return int(removed)

    def code_usage(self) -> dict[str, int]:
        """How many codings use each code id (any status)."""
        rows = self.db.execute("SELECT code, count(*) AS n FROM codings GROUP BY code")
        return {row["code"]: int(row["n"]) for row in rows}

    def recode(self, mapping: dict[str, str], action: str, **details: Any) -> dict[str, int]:
        """Codings (and code memos) of each old id moved to its new id, in one transaction;
        the event log keeps the ids of the codings moved. Returns {old id: codings moved}."""
        moved: dict[str, int] = {}
        with self.transaction():
            for old, new in mapping.items():
                ids = [
                    row["id"]
                    for row in self.db.execute(
                        "SELECT id FROM codings WHERE code = ? ORDER BY id", (old,)
                    )
                ]
                self.db.execute("UPDATE codings SET code = ? WHERE code = ?", (new, old))
                self.db.execute(
                    "UPDATE memos SET target = ? WHERE target_kind = 'code' AND target = ?",
                    (new, old),
                )
                moved[old] = len(ids)
                if ids:
                    self.log(action, before=old, after=new, codings=ids, **details)
        return moved

    def coding_id(self, document: str, start: int, end: int, code: str, coder: str) -> int | None:
        """The id of the coding of ``code`` by ``coder`` on ``document[start:end]``."""
        row = self.db.execute(
            "SELECT c.id FROM codings c JOIN documents d ON d.id = c.document_id WHERE d.name = ? "
            'AND c.start = ? AND c."end" = ? AND c.code = ? AND c.coder = ? ORDER BY c.id LIMIT 1',
            (self.stored_document_name(document), start, end, code, coder),
        ).fetchone()
        return int(row["id"]) if row else None

    def coding_by_id(self, coding_id: int) -> CodingRow | None:
        """One coding with its document, case and text; None when there is no such id."""
        rows = self._coding_rows(["k.id = ?"], [coding_id], with_text=True)
        return rows[0] if rows else None
