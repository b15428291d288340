"""The passage of a review decision. A suggestion accepted on another passage than the one
suggested takes the reviewer's passage (``_respan``; the event log keeps both), and an undo puts
it back (``_unrespan``). A second coder, blind, decides the suggestion as suggested: the passage
suggested is read back from the event log (``suggested_spans``, ``as_suggested``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from ptce_coding.base.errors import StoreError
from ptce_coding.base.records import CodingRow
from ptce_coding.store.base import StoreBase


class ReviewPassageQueries(StoreBase):
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
