"""A document's segments in the store: written with its text, read again from an unchanged
text (with what the reader gives of it), their derived marks (interviewer, title) and the
segment rows of tables and matrices."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ptce_coding.base.records import Segment, SegmentRow
from ptce_coding.store.base import StoreBase


class SegmentQueries(StoreBase):
    def insert_segments(self, document_id: int, segments: Sequence[Segment]) -> None:
        """Write a document's segments, inside the caller's transaction."""
        self.db.executemany(
            'INSERT INTO segments (document_id, position, start, "end", speaker, '
            "interviewer, time, words, title) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    document_id,
                    s.position,
                    s.start,
                    s.end,
                    s.speaker,
                    int(s.interviewer),
                    s.time,
                    s.words,
                    int(s.title),
                )
                for s in segments
            ],
        )

    def segments(self, document_id: int) -> list[Segment]:
        rows = self.db.execute(
            "SELECT * FROM segments WHERE document_id = ? ORDER BY position", (document_id,)
        )
        return [
            Segment(
                position=row["position"],
                start=row["start"],
                end=row["end"],
                speaker=row["speaker"],
                interviewer=bool(row["interviewer"]),
                time=row["time"],
                words=row["words"],
                title=bool(row["title"]),
            )
            for row in rows
        ]

    def set_segment_marks(self, document_id: int, segments: Sequence[Segment]) -> int:
        """Store again the derived marks (interviewer, title) of a document's segments, same
        positions and offsets; codings are not touched. Returns the segments changed; a change
        is logged (``document.marks``: turns now the interviewer's, now the interviewees',
        lines now a title, now counted), since every count of the document follows it."""
        before = {s.position: s for s in self.segments(document_id)}
        changed = [
            s
            for s in segments
            if s.position in before
            and (before[s.position].interviewer, before[s.position].title)
            != (s.interviewer, s.title)
        ]
        with self.transaction():
            self.db.executemany(
                "UPDATE segments SET interviewer = ?, title = ? "
                "WHERE document_id = ? AND position = ?",
                [(int(s.interviewer), int(s.title), document_id, s.position) for s in changed],
            )
            if changed:
                self.log(
                    "document.marks",
                    document_id=document_id,
                    document=self.event_document(document_id),
                    to_interviewer=sum(
                        s.interviewer and not before[s.position].interviewer for s in changed
                    ),
                    to_interviewee=sum(
                        before[s.position].interviewer and not s.interviewer for s in changed
                    ),
                    to_title=sum(s.title and not before[s.position].title for s in changed),
                    to_counted=sum(before[s.position].title and not s.title for s in changed),
                )
        return len(changed)

    def replace_segments(
        self,
        document_id: int,
        segments: Sequence[Segment],
        attributes: Mapping[str, Any] | None = None,
    ) -> list[str]:
        """A document's segments read again from an unchanged text (a newer reader, other
        speaker settings); codings are offsets in the text and stay as they are. The
        ``attributes`` the reader gives with them (a .trs's sections, whose ``turns`` are
        segment positions) are stored in the same transaction, so that they never speak of
        other segments; returns the names of those that changed."""
        with self.transaction():
            self.db.execute("DELETE FROM segments WHERE document_id = ?", (document_id,))
            self.insert_segments(document_id, segments)
            changed = (
                self._store_reader_attributes(document_id, attributes)
                if attributes is not None
                else []
            )
            self.log(
                "document.segments",
                document_id=document_id,
                segments=len(segments),
                document=self.event_document(document_id),
                **({"attributes": changed} if changed else {}),
            )
        return changed

    def set_reader_attributes(self, document_id: int, attributes: Mapping[str, Any]) -> list[str]:
        """Store again what the reader gives of a document whose text and segments are
        unchanged (not the attributes of documents.csv: ``set_document_attributes``), such as
        the sections kept when its segments were read again before they went with them.
        Returns the names of those that changed, logged (``document.reader_attributes``)."""
        with self.transaction():
            changed = self._store_reader_attributes(document_id, attributes)
            if changed:
                self.log(
                    "document.reader_attributes",
                    document_id=document_id,
                    document=self.event_document(document_id),
                    attributes=changed,
                )
        return changed

    def _store_reader_attributes(
        self, document_id: int, attributes: Mapping[str, Any]
    ) -> list[str]:
        row = self.db.execute(
            "SELECT attributes FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        before = json.loads(row["attributes"]) if row is not None else {}
        stored = json.dumps(attributes, ensure_ascii=False, sort_keys=True)
        after = json.loads(stored)  # as stored: a tuple read is a list kept
        changed = sorted(
            name
            for name in {*before, *after}
            if name not in before or name not in after or before[name] != after[name]
        )
        if changed:
            self.db.execute(
                "UPDATE documents SET attributes = ? WHERE id = ?", (stored, document_id)
            )
        return changed

    def segment_rows(self, *, with_text: bool = True) -> list[SegmentRow]:
        """Every segment with its document, case and text (for tables and matrices); without
        the text (None) when the caller only counts."""
        text = 'substr(d.text, s.start + 1, s."end" - s.start)' if with_text else "NULL"
        rows = self.db.execute(
            f"""
            SELECT d.name AS document, c.name AS "case", s.position AS segment, s.start,
                   s."end", s.speaker, s.interviewer, s.title, s.time, s.words,
                   {text} AS text
            FROM segments s
            JOIN documents d ON d.id = s.document_id
            JOIN cases c ON c.id = d.case_id
            ORDER BY c.name, d.name, s.position
            """
        )
        return [
            SegmentRow(
                document=row["document"],
                case=row["case"],
                segment=row["segment"],
                start=row["start"],
                end=row["end"],
                speaker=row["speaker"],
                interviewer=bool(row["interviewer"]),
                title=bool(row["title"]),
                time=row["time"],
                words=row["words"],
                text=row["text"],
            )
            for row in rows
        ]
