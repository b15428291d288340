"""Cases, documents and segments in the store."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from ptce_coding.base.errors import StoreError
from ptce_coding.base.records import Document, DocumentRow, DocumentText, Segment, SegmentRow
from ptce_coding.store.base import StoreBase, inserted_id, now


class DocumentQueries(StoreBase):
    def case_id(self, name: str) -> int:
        name = self.stored_case_name(name)
        row = self.db.execute("SELECT id FROM cases WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row["id"])
        cursor = self.db.execute("INSERT INTO cases (name) VALUES (?)", (name,))
        self.log("case.add", case=name)
        return inserted_id(cursor)

    def set_case_attributes(self, attributes: dict[str, dict[str, Any]]) -> tuple[int, list[str]]:
        """Replace the attributes of the listed cases that hold a document; returns how many
        changed and the names of the others. A case is the folder of its interviews: a name
        that holds none (a typo in cases.csv, a pole not imported yet) is not made a case."""
        changed, unknown = 0, []
        for name, values in attributes.items():
            row = self.db.execute(
                "SELECT cases.id FROM cases WHERE name = ? AND EXISTS "
                "(SELECT 1 FROM documents WHERE documents.case_id = cases.id)",
                (self.stored_case_name(name),),
            ).fetchone()
            if row is None:
                unknown.append(name)
                continue
            case_id = int(row["id"])
            blob = json.dumps(values, ensure_ascii=False, sort_keys=True)
            cursor = self.db.execute(
                "UPDATE cases SET attributes = ? WHERE id = ? AND attributes != ?",
                (blob, case_id, blob),
            )
            if cursor.rowcount:
                changed += 1
                self.log("case.attributes", case=name, attributes=values)
        return changed, unknown

    def set_document_attributes(self, attributes: dict[str, dict[str, Any]]) -> list[str]:
        """Attributes from documents.csv for the listed documents; returns unknown names."""
        unknown = []
        for listed, values in attributes.items():
            name = self.stored_document_name(listed)
            blob = json.dumps(values, ensure_ascii=False, sort_keys=True)
            cursor = self.db.execute(
                "UPDATE documents SET table_attributes = ? WHERE name = ? "
                "AND table_attributes != ?",
                (blob, name, blob),
            )
            if cursor.rowcount:
                self.log("document.attributes", document=name, attributes=values)
            elif self.document(name) is None:
                unknown.append(listed)
        return unknown

    def clear_unlisted_case_attributes(self, listed: Sequence[str]) -> list[str]:
        """cases.csv is the table of the cases' attributes: a case it no longer lists (its row
        deleted) has none any more. Cases with an interview of a REFI-QDA project keep theirs
        (they may come from that project). Returns the cases cleared."""
        names = {self.stored_case_name(name) for name in listed}
        rows = self.db.execute(
            "SELECT id, name FROM cases WHERE attributes != '{}' AND NOT EXISTS "
            "(SELECT 1 FROM documents WHERE documents.case_id = cases.id "
            "AND documents.format = 'qdpx')"
        ).fetchall()
        cleared = []
        for row in rows:
            if row["name"] in names:
                continue
            self.db.execute("UPDATE cases SET attributes = '{}' WHERE id = ?", (row["id"],))
            self.log("case.attributes", case=row["name"], attributes={}, unlisted=True)
            cleared.append(str(row["name"]))
        return sorted(cleared)

    def clear_unlisted_document_attributes(self, listed: Sequence[str]) -> list[str]:
        """documents.csv is the table of the interviews' attributes: a document it no longer
        lists has none from it any more. Returns the documents cleared."""
        names = {self.stored_document_name(name) for name in listed}
        rows = self.db.execute(
            "SELECT id, name FROM documents WHERE table_attributes != '{}'"
        ).fetchall()
        cleared = []
        for row in rows:
            if row["name"] in names:
                continue
            self.db.execute(
                "UPDATE documents SET table_attributes = '{}' WHERE id = ?", (row["id"],)
            )
            self.log("document.attributes", document=row["name"], attributes={}, unlisted=True)
            cleared.append(str(row["name"]))
        return sorted(cleared)

    def cases(self) -> dict[str, dict[str, Any]]:
        rows = self.db.execute("SELECT name, attributes FROM cases ORDER BY name")
        return {row["name"]: json.loads(row["attributes"]) for row in rows}

    # --- documents and segments -----------------------------------------------------------

    def _document(self, row: sqlite3.Row) -> Document:
        return Document(
            id=row["id"],
            name=row["name"],
            case=row["case_name"],
            format=row["format"],
            text=row["text"],
            text_hash=row["text_hash"],
            words=row["words"],
            encoding=row["encoding"],
            source=row["source"],
            # the project's documents.csv wins over what the file itself says
            attributes={
                **json.loads(row["attributes"]),
                **json.loads(row["table_attributes"]),
            },
        )

    _DOCUMENT_QUERY = (
        "SELECT d.*, c.name AS case_name FROM documents d JOIN cases c ON c.id = d.case_id"
    )

    def document(self, name: str) -> Document | None:
        """The document of that name (compared in NFC, see ``stored_case_name``)."""
        row = self.db.execute(
            self._DOCUMENT_QUERY + " WHERE d.name = ?", (self.stored_document_name(name),)
        ).fetchone()
        return self._document(row) if row else None

    def document_name(self, document_id: int) -> str:
        row = self.db.execute("SELECT name FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            raise StoreError(f"no document with id {document_id}")
        return str(row["name"])

    def document_with_hash(self, text_hash: str) -> Document | None:
        row = self.db.execute(
            self._DOCUMENT_QUERY + " WHERE d.text_hash = ?", (text_hash,)
        ).fetchone()
        return self._document(row) if row else None

    def documents(self) -> list[Document]:
        rows = self.db.execute(self._DOCUMENT_QUERY + " ORDER BY c.name, d.name").fetchall()
        return [self._document(row) for row in rows]

    def add_document(
        self, *, name: str, case: str, content: DocumentText, segments: Sequence[Segment]
    ) -> int:
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO documents (name, case_id, source, format, encoding, text, "
                "text_hash, words, attributes, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    name,
                    self.case_id(case),
                    content.source,
                    content.format,
                    content.encoding,
                    content.text,
                    content.text_hash,
                    content.words,
                    json.dumps(content.attributes, ensure_ascii=False, sort_keys=True),
                    now(),
                ),
            )
            document_id = inserted_id(cursor)
            self._insert_segments(document_id, segments)
            self.log(
                "document.add",
                document=name,
                case=case,
                text_hash=content.text_hash,
                segments=len(segments),
            )
        return document_id

    def replace_document(
        self,
        document: Document,
        content: DocumentText,
        *,
        segments: Sequence[Segment],
        moved: dict[int, tuple[int, int]],
        lost: Sequence[int],
    ) -> None:
        """A new version of a document's text: new segments, codings moved or recorded lost.

        Every lost coding is written whole to the event log before it is removed.
        """
        with self.transaction():
            self.db.execute(
                "UPDATE documents SET text = ?, text_hash = ?, words = ?, format = ?, "
                "encoding = ?, source = ?, attributes = ?, imported_at = ? WHERE id = ?",
                (
                    content.text,
                    content.text_hash,
                    content.words,
                    content.format,
                    content.encoding,
                    content.source,
                    json.dumps(content.attributes, ensure_ascii=False, sort_keys=True),
                    now(),
                    document.id,
                ),
            )
            self.db.execute("DELETE FROM segments WHERE document_id = ?", (document.id,))
            self._insert_segments(document.id, segments)
            for coding_id, (start, end) in moved.items():
                self.db.execute(
                    'UPDATE codings SET start = ?, "end" = ? WHERE id = ?', (start, end, coding_id)
                )
            lost_rows = []
            for coding_id in lost:
                row = self.db.execute("SELECT * FROM codings WHERE id = ?", (coding_id,)).fetchone()
                lost_rows.append({**dict(row), "text": document.text[row["start"] : row["end"]]})
                self.db.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
            self.log(
                "document.replace",
                document=document.name,
                before=document.text_hash,
                after=content.text_hash,
                moved=len(moved),
                lost=lost_rows,
            )

    def _insert_segments(self, document_id: int, segments: Sequence[Segment]) -> None:
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
            self._insert_segments(document_id, segments)
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

    def document_rows(self) -> list[DocumentRow]:
        """Per document: name, case, format, encoding, words, counted words (interviewees'
        segments less title lines), segments, speakers."""
        rows = self.db.execute(
            """
            SELECT d.name AS document, c.name AS "case", d.format, d.encoding, d.words,
                   coalesce(sum(CASE WHEN s.interviewer = 0 AND s.title = 0
                                     THEN s.words END), 0) AS counted,
                   count(s.id) AS segments,
                   group_concat(DISTINCT s.speaker) AS speakers
            FROM documents d
            JOIN cases c ON c.id = d.case_id
            LEFT JOIN segments s ON s.document_id = d.id
            GROUP BY d.id ORDER BY c.name, d.name
            """
        )
        return [DocumentRow(**dict(row)) for row in rows]

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
