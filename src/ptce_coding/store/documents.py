"""Cases and documents in the store: a document added with its case, replaced by a new
version of its text, and read."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from ptce_coding.base.errors import StoreError
from ptce_coding.base.records import Document, DocumentRow, DocumentText, Segment
from ptce_coding.store.attributes import AttributeQueries
from ptce_coding.store.base import inserted_id, now
from ptce_coding.store.segments import SegmentQueries


class DocumentQueries(AttributeQueries, SegmentQueries):
    """Cases and documents; a document's attributes and segments are queries of their own
    (store/attributes.py, store/segments.py), part of the Store through this class."""

    def case_id(self, name: str) -> int:
        name = self.stored_case_name(name)
        row = self.db.execute("SELECT id FROM cases WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row["id"])
        cursor = self.db.execute("INSERT INTO cases (name) VALUES (?)", (name,))
        self.log("case.add", case=name)
        return inserted_id(cursor)

    # --- documents ------------------------------------------------------------------------

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
            attributes=_attributes(row),
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

    def document_attributes(self) -> dict[str, tuple[str, dict[str, Any]]]:
        """{name: (case, attributes)} of every document, as ``documents()`` gives them, without
        their texts: what names the interviews (web/names.py) reads nothing more."""
        rows = self.db.execute(
            "SELECT d.name, c.name AS case_name, d.attributes, d.table_attributes "
            "FROM documents d JOIN cases c ON c.id = d.case_id ORDER BY c.name, d.name"
        )
        return {row["name"]: (row["case_name"], _attributes(row)) for row in rows}

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
            self.insert_segments(document_id, segments)
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
            self.insert_segments(document.id, segments)
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


def _attributes(row: sqlite3.Row) -> dict[str, Any]:
    """A document's attributes: the project's documents.csv wins over what the file itself
    says."""
    return {**json.loads(row["attributes"]), **json.loads(row["table_attributes"])}
