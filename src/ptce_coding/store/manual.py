"""Manual codings made one by one (the web page): added, changed and removed by their own
coder only, each change written to the event log with the whole coding. Also a person's codings
changed from a file (`codings import --update`), each change logged with before and after."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ptce_coding.base.coder_selection import RESERVED_CODERS
from ptce_coding.base.errors import StoreError
from ptce_coding.base.records import HUMAN_METHODS, Coding, CodingRow, DocumentProgress
from ptce_coding.store.base import StoreBase


class NotYourCoding(StoreError):
    """A coder tried to change or remove a coding that is not one of their manual codings."""


class ManualQueries(StoreBase):
    if TYPE_CHECKING:  # CodingQueries's, in Store

        def _insert_coding(self, document_id: int, coding: Coding) -> None: ...

        def _hand_back(
            self, document_id: int, start: int, end: int, code: str, coder: str
        ) -> None: ...

        def _held(
            self, document_id: int, start: int, end: int, code: str, coder: str
        ) -> int | None: ...

    def add_manual_coding(
        self,
        document: str,
        start: int,
        end: int,
        code: str,
        coder: str,
        codebook_version: str | None = None,
    ) -> int:
        """Store one manual coding of ``coder`` at code-point offsets ``start``-``end``
        (accepted: a human made it); returns its id. The same span, code and coder twice is
        refused."""
        if not coder.strip():
            raise StoreError("a manual coding needs a coder name")
        with self.transaction():
            row = self.db.execute(
                "SELECT id, length(text) AS n FROM documents WHERE name = ?",
                (self.stored_document_name(document),),
            ).fetchone()
            if row is None:
                raise StoreError(f"unknown document {document!r}")
            if not 0 <= start < end <= row["n"]:
                raise StoreError(
                    f"coding {code} at {start}-{end} falls outside document {document!r} "
                    f"({row['n']} characters)"
                )
            exists = self.db.execute(
                'SELECT id FROM codings WHERE document_id = ? AND start = ? AND "end" = ? '
                "AND code = ? AND coder = ? AND status != 'rejected'",
                (row["id"], start, end, code, coder),
            ).fetchone()
            if exists:
                raise StoreError(
                    f"{coder} already coded {start}-{end} of {document!r} with {code} "
                    f"(coding {exists['id']})"
                )
            coding = Coding(document, start, end, code, coder, codebook_version=codebook_version)
            self._insert_coding(row["id"], coding)
            coding_id = int(self.db.execute("SELECT last_insert_rowid()").fetchone()[0])
            self.log(
                "coding.manual.add",
                coding=coding_id,
                document=self.stored_document_name(document),
                start=start,
                end=end,
                code=code,
                coder=coder,
            )
        return coding_id

    def change_manual_coding(self, coding_id: int, code: str, coder: str) -> str:
        """Give one of ``coder``'s own manual codings another code; returns the old code.
        The same code changes nothing (no event). A code the coder has on that passage already
        is refused, as adding the same coding twice is. An acceptance of the old code that
        stood behind it (store/review_decisions.py ``review``) becomes the coder's coding of
        the old code there."""
        with self.transaction():
            row = self._own_manual(coding_id, coder)
            if code == row["code"]:
                return code
            twin = self._held(row["document_id"], row["start"], row["end"], code, coder)
            if twin is not None:
                raise StoreError(
                    f"{coder} already coded {row['start']}-{row['end']} of "
                    f"{self.event_document(row['document_id'])!r} with {code} (coding {twin}); "
                    "nothing was changed",
                    hint="Remove this coding instead, if the passage has the wrong code.",
                )
            self.db.execute("UPDATE codings SET code = ? WHERE id = ?", (code, coding_id))
            self.log(
                "coding.manual.change",
                coding=coding_id,
                before=row["code"],
                after=code,
                coder=coder,
                document=self.event_document(row["document_id"]),
            )
            self._hand_back(row["document_id"], row["start"], row["end"], row["code"], coder)
        return str(row["code"])

    def delete_manual_coding(self, coding_id: int, coder: str) -> CodingRow:
        """Remove one of ``coder``'s own manual codings; the event log keeps it whole.
        Returns the coding as it was. An acceptance of the same code on that passage that
        stood behind it (store/review_decisions.py ``review``: accepted where the coder had coded it
        already) becomes the coder's coding: the decision they took is not lost with it."""
        with self.transaction():
            row = self._own_manual(coding_id, coder)
            removed: CodingRow = self.coding_by_id(coding_id)  # type: ignore[attr-defined]
            self.db.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
            self.log(
                "coding.manual.delete",
                coding=coding_id,
                removed=row,
                coder=coder,
                document=removed.document,
            )
            self._hand_back(row["document_id"], row["start"], row["end"], row["code"], coder)
        return removed

    def change_codings(self, edits: Sequence[tuple[int, Coding]]) -> dict[int, list[str]]:
        """Give stored codings the values of a file: for each (id, values), the coding's code,
        passage (start, end), status and memo become those of ``values``, in one transaction,
        each change written to the event log with what it was and what it became (only the
        fields changed). A coding is changed by its own coder (``values.coder``) only, in its
        document, and only a person's (method manual or import): a tagger's suggestion is
        decided in the review. A change that would give the coder the same coding twice is
        refused. Nothing is removed. Returns {coding id: the fields changed (code, passage,
        status, memo)} of the codings that changed."""
        changed: dict[int, list[str]] = {}
        with self.transaction():
            for coding_id, values in edits:
                row = self._own_human(coding_id, values.coder)
                fields = self._change_coding(row, values)
                if fields:
                    changed[coding_id] = fields
        return changed

    def _change_coding(self, row: dict[str, Any], values: Coding) -> list[str]:
        """Stored coding ``row`` given ``values``; the fields changed."""
        document = self.event_document(row["document_id"])
        if self.stored_document_name(values.document) != document:
            raise StoreError(
                f"coding {row['id']} is in {document!r}, not {values.document!r}: a coding "
                "does not move to another document; nothing was changed"
            )
        length = self.db.execute(
            "SELECT length(text) FROM documents WHERE id = ?", (row["document_id"],)
        ).fetchone()[0]
        if not 0 <= values.start < values.end <= length:
            raise StoreError(
                f"coding {values.code} at {values.start}-{values.end} falls outside document "
                f"{document!r} ({length} characters); nothing was changed"
            )
        before = {
            "code": row["code"],
            "passage": [row["start"], row["end"]],
            "status": row["status"],
            "memo": row["memo"],
        }
        after = {
            "code": values.code,
            "passage": [values.start, values.end],
            "status": values.status,
            "memo": values.memo,
        }
        fields = [name for name in before if before[name] != after[name]]
        if not fields:
            return []
        moved = "code" in fields or "passage" in fields
        if moved:
            twin = self.db.execute(
                'SELECT id FROM codings WHERE document_id = ? AND start = ? AND "end" = ? '
                "AND code = ? AND coder = ? AND id != ?",
                (
                    row["document_id"],
                    values.start,
                    values.end,
                    values.code,
                    row["coder"],
                    row["id"],
                ),
            ).fetchone()
            if twin is not None:
                raise StoreError(
                    f"{row['coder']} already coded {values.start}-{values.end} of {document!r} "
                    f"with {values.code} (coding {twin['id']}): coding {row['id']} would be "
                    "the same coding twice; nothing was changed"
                )
        self.db.execute(
            'UPDATE codings SET code = ?, start = ?, "end" = ?, status = ?, memo = ? WHERE id = ?',
            (values.code, values.start, values.end, values.status, values.memo, row["id"]),
        )
        self.log(
            "coding.import.change",
            coding=row["id"],
            code=values.code,
            coder=row["coder"],
            document=document,
            before={name: before[name] for name in fields},
            after={name: after[name] for name in fields},
        )
        if moved:
            self._hand_back(row["document_id"], row["start"], row["end"], row["code"], row["coder"])
        return fields

    def _own_human(self, coding_id: int, coder: str) -> dict[str, Any]:
        """Stored coding ``coding_id``, one of ``coder``'s own made by a person (manual,
        import); a tagger's suggestion, a structural code or another coder's is refused."""
        row = self.db.execute("SELECT * FROM codings WHERE id = ?", (coding_id,)).fetchone()
        if row is None:
            raise StoreError(f"no coding {coding_id}: nothing was changed")
        if row["method"] not in HUMAN_METHODS or row["coder"] in RESERVED_CODERS:
            raise NotYourCoding(
                f"coding {coding_id} was made by the {row['method']} method"
                + (f" ({row['coder']})" if row["coder"] in RESERVED_CODERS else "")
                + ", not by a person: nothing was changed",
                hint="Suggestions are accepted or rejected in the review, not edited.",
            )
        if row["coder"] != coder:
            raise NotYourCoding(
                f"coding {coding_id} belongs to {row['coder']}: {coder} cannot change it; "
                "nothing was changed",
                hint="Each coder changes only their own codings.",
            )
        return dict(row)

    def _own_manual(self, coding_id: int, coder: str) -> dict[str, Any]:
        row = self.db.execute("SELECT * FROM codings WHERE id = ?", (coding_id,)).fetchone()
        if row is None:
            raise StoreError(f"no coding {coding_id}")
        if row["method"] != "manual":
            raise NotYourCoding(
                f"coding {coding_id} was made by the {row['method']} method, not by hand",
                hint="Suggestions are accepted or rejected in the review, not edited.",
            )
        if row["coder"] != coder:
            raise NotYourCoding(
                f"coding {coding_id} belongs to {row['coder']}: {coder} cannot change it",
                hint="Each coder changes only their own codings.",
            )
        return dict(row)

    def document_progress(self) -> list[DocumentProgress]:
        """Per document: its words and the words counted; the segments to code (the
        interviewees' turns, no title line: those the taggers read and the statistics count);
        of them, those coded (overlapped by an accepted coding), those with suggestions (rule,
        model) and those whose suggestions are all decided; suggestions still waiting."""
        rows = self.db.execute(
            """
            WITH per_segment AS (
                SELECT s.document_id,
                       EXISTS (SELECT 1 FROM codings k WHERE k.document_id = s.document_id
                               AND k.status = 'accepted'
                               AND k.start < s."end" AND k."end" > s.start) AS coded,
                       EXISTS (SELECT 1 FROM codings k WHERE k.document_id = s.document_id
                               AND k.method IN ('rule', 'model')
                               AND k.start < s."end" AND k."end" > s.start) AS suggested,
                       EXISTS (SELECT 1 FROM codings k WHERE k.document_id = s.document_id
                               AND k.method IN ('rule', 'model') AND k.status = 'suggested'
                               AND k.start < s."end" AND k."end" > s.start) AS waiting
                FROM segments s WHERE s.interviewer = 0 AND s.title = 0
            )
            SELECT d.name AS document, c.name AS "case", d.words,
                   (SELECT coalesce(sum(s.words), 0) FROM segments s
                    WHERE s.document_id = d.id AND s.interviewer = 0 AND s.title = 0) AS counted,
                   count(p.document_id) AS segments,
                   coalesce(sum(p.coded), 0) AS coded,
                   coalesce(sum(p.suggested), 0) AS with_suggestions,
                   coalesce(sum(p.suggested AND NOT p.waiting), 0) AS reviewed,
                   (SELECT count(*) FROM codings k WHERE k.document_id = d.id
                        AND k.method IN ('rule', 'model') AND k.status = 'suggested') AS pending
            FROM documents d JOIN cases c ON c.id = d.case_id
            LEFT JOIN per_segment p ON p.document_id = d.id
            GROUP BY d.id ORDER BY c.name, d.name
            """
        )
        return [DocumentProgress(**dict(row)) for row in rows]
