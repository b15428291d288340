"""The SQLite store: schema, migrations and every query. The only module that speaks SQL.

Manual and accepted codings are research data: the only deletion the store offers to
automated taggers is ``replace_suggestions``, which removes *suggested* codings of one method.
Every write to codings and documents is recorded in the append-only ``events`` table.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ptce_coding.errors import StoreError
from ptce_coding.records import Coding, Document, Segment

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    attributes TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    source TEXT,
    format TEXT NOT NULL,
    encoding TEXT,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    words INTEGER NOT NULL,
    attributes TEXT NOT NULL DEFAULT '{}',
    table_attributes TEXT NOT NULL DEFAULT '{}',
    imported_at TEXT NOT NULL
);
CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    speaker TEXT,
    interviewer INTEGER NOT NULL DEFAULT 0,
    time REAL,
    words INTEGER NOT NULL,
    UNIQUE (document_id, position),
    CHECK (start >= 0 AND "end" > start)
);
CREATE TABLE codings (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    code TEXT NOT NULL,
    coder TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('manual', 'rule', 'model', 'import')),
    status TEXT NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected')),
    confidence REAL,
    evidence TEXT,
    memo TEXT,
    codebook_version TEXT,
    created_at TEXT NOT NULL,
    reviewed_by TEXT,
    reviewed_at TEXT,
    CHECK (start >= 0 AND "end" > start)
);
CREATE INDEX codings_by_document ON codings (document_id, code);
CREATE INDEX codings_by_method ON codings (method, status);
CREATE TABLE codebook_versions (
    version TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    content TEXT NOT NULL,
    first_seen TEXT NOT NULL
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    command TEXT NOT NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A project's coding.sqlite. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store: {exc}", path=self.path) from None
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(
                f"not a ptce-coding store, or damaged: {exc}",
                path=self.path,
                hint="Restore it from a backup, or move it away to start a new store.",
            ) from None
        self.actor = _user()
        self.command = ""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store has schema version {version}, newer than this ptce-coding "
                f"({SCHEMA_VERSION})",
                path=self.path,
                hint="Upgrade ptce-coding.",
            )
        tables = self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version == 0 and tables:
            raise StoreError("this SQLite file is not a ptce-coding store", path=self.path)
        # One script, one transaction: a failed creation leaves an empty file, not half a schema.
        try:
            self.db.executescript(
                f"BEGIN IMMEDIATE;{_SCHEMA}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;"
            )
        except sqlite3.Error:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: the block's writes are committed together or not at all."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- events ---------------------------------------------------------------------------

    def log(self, action: str, **details: Any) -> None:
        self.db.execute(
            "INSERT INTO events (at, actor, command, action, details) VALUES (?, ?, ?, ?, ?)",
            (now(), self.actor, self.command, action, json.dumps(details, ensure_ascii=False)),
        )

    def events(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM events ORDER BY id").fetchall()
        return [{**dict(row), "details": json.loads(row["details"])} for row in rows]

    # --- cases ----------------------------------------------------------------------------

    def case_id(self, name: str) -> int:
        row = self.db.execute("SELECT id FROM cases WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row["id"])
        cursor = self.db.execute("INSERT INTO cases (name) VALUES (?)", (name,))
        self.log("case.add", case=name)
        return int(cursor.lastrowid)

    def set_case_attributes(self, attributes: dict[str, dict[str, Any]]) -> int:
        """Replace the attributes of the listed cases (creating them); returns changes."""
        changed = 0
        for name, values in attributes.items():
            case_id = self.case_id(name)
            blob = json.dumps(values, ensure_ascii=False, sort_keys=True)
            cursor = self.db.execute(
                "UPDATE cases SET attributes = ? WHERE id = ? AND attributes != ?",
                (blob, case_id, blob),
            )
            if cursor.rowcount:
                changed += 1
                self.log("case.attributes", case=name, attributes=values)
        return changed

    def set_document_attributes(self, attributes: dict[str, dict[str, Any]]) -> list[str]:
        """Attributes from documents.csv for the listed documents; returns unknown names."""
        unknown = []
        for name, values in attributes.items():
            blob = json.dumps(values, ensure_ascii=False, sort_keys=True)
            cursor = self.db.execute(
                "UPDATE documents SET table_attributes = ? WHERE name = ? "
                "AND table_attributes != ?",
                (blob, name, blob),
            )
            if cursor.rowcount:
                self.log("document.attributes", document=name, attributes=values)
            elif self.document(name) is None:
                unknown.append(name)
        return unknown

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
        row = self.db.execute(self._DOCUMENT_QUERY + " WHERE d.name = ?", (name,)).fetchone()
        return self._document(row) if row else None

    def document_with_hash(self, text_hash: str) -> Document | None:
        row = self.db.execute(
            self._DOCUMENT_QUERY + " WHERE d.text_hash = ?", (text_hash,)
        ).fetchone()
        return self._document(row) if row else None

    def documents(self) -> list[Document]:
        rows = self.db.execute(self._DOCUMENT_QUERY + " ORDER BY c.name, d.name").fetchall()
        return [self._document(row) for row in rows]

    def add_document(
        self,
        *,
        name: str,
        case: str,
        format: str,
        text: str,
        text_hash: str,
        words: int,
        segments: Sequence[Segment],
        encoding: str | None = None,
        source: str | None = None,
        attributes: dict[str, Any] | None = None,
    ) -> int:
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO documents (name, case_id, source, format, encoding, text, "
                "text_hash, words, attributes, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    name,
                    self.case_id(case),
                    source,
                    format,
                    encoding,
                    text,
                    text_hash,
                    words,
                    json.dumps(attributes or {}, ensure_ascii=False, sort_keys=True),
                    now(),
                ),
            )
            document_id = int(cursor.lastrowid)
            self._insert_segments(document_id, segments)
            self.log(
                "document.add", document=name, case=case, text_hash=text_hash,
                segments=len(segments),
            )  # fmt: skip
        return document_id

    def document_codings(self, document_id: int) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT * FROM codings WHERE document_id = ? ORDER BY id", (document_id,)
        )
        return [dict(row) for row in rows]

    def replace_document(
        self,
        document: Document,
        *,
        text: str,
        text_hash: str,
        words: int,
        format: str,
        encoding: str | None,
        source: str | None,
        attributes: dict[str, Any],
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
                (text, text_hash, words, format, encoding, source,
                 json.dumps(attributes, ensure_ascii=False, sort_keys=True), now(), document.id),
            )  # fmt: skip
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
                "document.replace", document=document.name, before=document.text_hash,
                after=text_hash, moved=len(moved), lost=lost_rows,
            )  # fmt: skip

    def human_codings_count(self, document_id: int) -> int:
        """Codings of a document that are research data (anything but a suggestion)."""
        return int(
            self.db.execute(
                "SELECT count(*) FROM codings WHERE document_id = ? AND status != 'suggested'",
                (document_id,),
            ).fetchone()[0]
        )

    def _insert_segments(self, document_id: int, segments: Sequence[Segment]) -> None:
        self.db.executemany(
            'INSERT INTO segments (document_id, position, start, "end", speaker, '
            "interviewer, time, words) VALUES (?,?,?,?,?,?,?,?)",
            [
                (document_id, s.position, s.start, s.end, s.speaker, int(s.interviewer), s.time,
                 s.words)
                for s in segments
            ],
        )  # fmt: skip

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
            )
            for row in rows
        ]

    def document_rows(self) -> list[dict[str, Any]]:
        """Per document: name, case, format, encoding, words, segments, speakers."""
        rows = self.db.execute(
            """
            SELECT d.name AS document, c.name AS "case", d.format, d.encoding, d.words,
                   count(s.id) AS segments,
                   group_concat(DISTINCT s.speaker) AS speakers
            FROM documents d
            JOIN cases c ON c.id = d.case_id
            LEFT JOIN segments s ON s.document_id = d.id
            GROUP BY d.id ORDER BY c.name, d.name
            """
        )
        return [dict(row) for row in rows]

    def segment_rows(self) -> list[dict[str, Any]]:
        """Every segment with its document, case and text (for tables and matrices)."""
        rows = self.db.execute(
            """
            SELECT d.name AS document, c.name AS "case", s.position AS segment, s.start,
                   s."end", s.speaker, s.interviewer, s.time, s.words,
                   substr(d.text, s.start + 1, s."end" - s.start) AS text
            FROM segments s
            JOIN documents d ON d.id = s.document_id
            JOIN cases c ON c.id = d.case_id
            ORDER BY c.name, d.name, s.position
            """
        )
        return [dict(row) for row in rows]

    # --- codings --------------------------------------------------------------------------

    def coding_rows(
        self,
        *,
        statuses: Iterable[str] | None = None,
        coders: Iterable[str] | None = None,
        methods: Iterable[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Codings with document, case and coded text, filtered."""
        where, params = [], []
        for column, values in (("status", statuses), ("coder", coders), ("method", methods)):
            if values is not None:
                values = list(values)
                where.append(f"k.{column} IN ({','.join('?' * len(values))})")
                params.extend(values)
        rows = self.db.execute(
            f"""
            SELECT k.id, d.name AS document, c.name AS "case", k.start, k."end", k.code,
                   k.coder, k.method, k.status, k.confidence, k.evidence, k.memo,
                   k.codebook_version, k.created_at,
                   substr(d.text, k.start + 1, k."end" - k.start) AS text
            FROM codings k
            JOIN documents d ON d.id = k.document_id
            JOIN cases c ON c.id = d.case_id
            {"WHERE " + " AND ".join(where) if where else ""}
            ORDER BY c.name, d.name, k.start, k.code, k.id
            """,
            params,
        )
        return [dict(row) for row in rows]

    def decided_spans(self, document_id: int, coder: str) -> list[tuple[str, int, int]]:
        """(code, start, end) of ``coder``'s codings that a human has reviewed
        (accepted or rejected): a tagger does not suggest them again."""
        rows = self.db.execute(
            'SELECT code, start, "end" FROM codings WHERE document_id = ? AND coder = ? '
            "AND status != 'suggested'",
            (document_id, coder),
        )
        return [(row["code"], row["start"], row["end"]) for row in rows]

    def add_codings(self, codings: Sequence[Coding]) -> tuple[int, int]:
        """Add human codings (manual, imported) in one transaction, each checked against its
        document's text. A coding already present (same document, span, code and coder) is
        not added twice. Returns (added, already present)."""
        added = present = 0
        ids = {}
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
                added += 1
            self.log("codings.add", added=added, already_present=present,
                     coders=sorted({c.coder for c in codings}))  # fmt: skip
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

    def review(self, coding_id: int, status: str, reviewer: str) -> None:
        """Accept or reject a suggestion: its status changes, the reviewer is recorded."""
        if status not in ("accepted", "rejected"):
            raise StoreError(f"a review accepts or rejects, not {status!r}")
        with self.transaction():
            row = self.db.execute(
                "SELECT status, code FROM codings WHERE id = ?", (coding_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no coding {coding_id}")
            if row["status"] != "suggested":
                raise StoreError(f"coding {coding_id} is not a suggestion (it is {row['status']})")
            self.db.execute(
                "UPDATE codings SET status = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?",
                (status, reviewer, now(), coding_id),
            )
            self.log("coding.review", coding=coding_id, code=row["code"], before="suggested",
                     after=status, reviewer=reviewer)  # fmt: skip

    def replace_suggestions(
        self, method: str, document_ids: Sequence[int], codings: Sequence[tuple[int, Coding]]
    ) -> tuple[int, int]:
        """Replace the *suggested* codings of ``method`` on these documents.

        Only rows with this method and status 'suggested' are deleted: manual, accepted and
        rejected codings are never touched. Returns (removed, added).
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
            for document_id, coding in codings:
                if coding.method != method or coding.status != "suggested":
                    raise StoreError("replace_suggestions only adds suggestions of its method")
                self._insert_coding(document_id, coding)
            self.log(
                "suggestions.replace", method=method, documents=len(document_ids),
                removed=removed, added=len(codings),
            )  # fmt: skip
        return removed, len(codings)

    # --- codebook versions ----------------------------------------------------------------

    def record_codebook(self, version: str, name: str, content: str) -> bool:
        """Remember a codebook version the first time it is used; True when new."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO codebook_versions (version, name, content, first_seen) "
            "VALUES (?, ?, ?, ?)",
            (version, name, content, now()),
        )
        if cursor.rowcount:
            self.log("codebook.version", version=version, name=name)
        return bool(cursor.rowcount)

    def counts(self) -> dict[str, int]:
        return {
            table: int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("cases", "documents", "segments", "codings", "events")
        }


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
