"""Opening the store, the schema migration, transactions and the append-only event log."""

from __future__ import annotations

import getpass
import json
import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from ptce_coding.base import notices
from ptce_coding.base.errors import StoreError, StoreInUse
from ptce_coding.store.schema import MIGRATIONS, SCHEMA, SCHEMA_VERSION

# How long a write waits for another program's transaction (another ptce-coding command, a
# SQLite browser) before the command stops with StoreInUse.
BUSY_SECONDS = 30.0
# After this long waiting, the store says it waits (``base.notices``): a command
# that seems stuck is waiting for another.
WAIT_NOTICE_SECONDS = 1.0


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just added (sqlite3 types ``lastrowid`` as optional)."""
    if cursor.lastrowid is None:
        raise StoreError("the store gave no id for a new row")
    return cursor.lastrowid


class StoreBase:
    """The connection: foreign keys on, WAL journal, schema checked at opening."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_SECONDS)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store: {exc}", path=self.path) from None
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            if locked(exc):
                raise self.in_use() from None
            raise StoreError(
                f"not a ptce-coding store, or damaged: {exc}",
                path=self.path,
                hint="Restore it from a backup, or move it away to start a new store.",
            ) from None
        self.actor = _user()
        self.command = ""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def in_use(self) -> StoreInUse:
        return StoreInUse(
            "the store is in use by another program (locked): nothing was written",
            path=self.path,
            hint="Close that program (a SQLite browser, or another ptce-coding command still "
            "running) and run the command again.",
        )

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
        if version == 0:
            script = SCHEMA
        else:  # research data: a copy of the store as it was comes first
            self._backup(self.path.with_name(f"{self.path.name}.v{version}.bak"))
            script = "".join(MIGRATIONS[step] for step in range(version, SCHEMA_VERSION))
        # One script, one transaction: a failure leaves the store as it was, not half migrated.
        try:
            self.db.executescript(
                f"BEGIN IMMEDIATE;{script}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;"
            )
        except sqlite3.Error:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def _backup(self, target: Path) -> None:
        if target.exists():
            raise StoreError(
                f"a backup {target.name} is already there; the store was not migrated",
                path=self.path,
                hint="Move that backup away (or delete it if it is not needed) and run again.",
            )
        copy = sqlite3.connect(target)
        try:
            self.db.backup(copy)
        finally:
            copy.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: the block's writes are committed together or not at all."""
        if self.db.in_transaction:
            yield
            return
        try:
            self._begin()
        except sqlite3.OperationalError as exc:
            if locked(exc):
                raise self.in_use() from None
            raise
        try:
            yield
        except BaseException:  # roll back on anything, even Ctrl-C, then re-raise it
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting up to BUSY_SECONDS for another program's transaction, and
        saying so once it has waited WAIT_NOTICE_SECONDS."""
        if BUSY_SECONDS <= WAIT_NOTICE_SECONDS:
            self.db.execute("BEGIN IMMEDIATE")
            return
        try:
            self._busy_timeout(WAIT_NOTICE_SECONDS)
            self.db.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not locked(exc):
                raise
        finally:
            self._busy_timeout(BUSY_SECONDS)
        notices.say(
            f"{self.path.name}: another program is writing to the store (another "
            f"ptce-coding command, a SQLite browser); waiting for it, up to "
            f"{round(BUSY_SECONDS)} s…"
        )
        self._busy_timeout(BUSY_SECONDS - WAIT_NOTICE_SECONDS)
        try:
            self.db.execute("BEGIN IMMEDIATE")
        finally:
            self._busy_timeout(BUSY_SECONDS)

    def _busy_timeout(self, seconds: float) -> None:
        self.db.execute(f"PRAGMA busy_timeout = {max(1, round(seconds * 1000))}")

    # --- names ----------------------------------------------------------------------------

    def stored_document_name(self, name: str) -> str:
        """``name`` as the store spells it (see ``stored_case_name``)."""
        return self._stored_name("documents", name)

    def stored_case_name(self, name: str) -> str:
        """``name`` as the store spells it. Names are compared in NFC: a name typed at the
        keyboard is NFC, while a store filled before the import normalised names may hold
        the same name decomposed (NFD, as macOS writes file names). A name the store does
        not hold comes back as it is."""
        return self._stored_name("cases", name)

    def _stored_name(self, table: str, name: str) -> str:
        query = {"documents": "SELECT name FROM documents", "cases": "SELECT name FROM cases"}
        if self.db.execute(query[table] + " WHERE name = ?", (name,)).fetchone():
            return name
        wanted = unicodedata.normalize("NFC", name)
        for row in self.db.execute(query[table]):
            if unicodedata.normalize("NFC", row["name"]) == wanted:
                return str(row["name"])
        return name

    # --- events ---------------------------------------------------------------------------

    def log(self, action: str, **details: Any) -> None:
        self.db.execute(
            "INSERT INTO events (at, actor, command, action, details) VALUES (?, ?, ?, ?, ?)",
            (now(), self.actor, self.command, action, json.dumps(details, ensure_ascii=False)),
        )

    def renames(self, since: int = 0) -> dict[str, str]:
        """Code ids renamed, merged or moved through the codebook commands after the event
        ``since`` (0: ever): {old: newest}. An id taken again by a new code and changed
        later keeps its first destination: what its earlier codings became. A change taken
        back by ``codebook undo`` counts for nothing."""
        changes = [event["details"] for event in self.codebook_changes(since)]
        undone = {change.get("undone") for change in changes} - {None}
        mapping: dict[str, str] = {}
        for change in changes:
            if change.get("journal") in undone:
                continue  # taken back by `codebook undo` (whose own mapping, if any, follows)
            for old, new in change.get("mapping", {}).items():
                for earlier, current in mapping.items():
                    if current == old:
                        mapping[earlier] = new
                mapping.setdefault(old, new)
        return {old: new for old, new in mapping.items() if old != new}

    def codebook_change_committed(self, token: str) -> bool:
        """Whether the codebook change whose journal carries ``token`` reached the store."""
        row = self.db.execute(
            "SELECT 1 FROM events WHERE action = 'codebook.change' "
            "AND json_extract(details, '$.journal') = ? LIMIT 1",
            (token,),
        ).fetchone()
        return row is not None

    def events(self) -> list[dict[str, Any]]:
        return self._event_rows()

    def codebook_changes(self, since: int = 0) -> list[dict[str, Any]]:
        """The ``codebook.change`` events after the event ``since`` (0: all), oldest first."""
        return self._event_rows("action = 'codebook.change' AND id > ?", (since,))

    def _event_rows(self, where: str = "", params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """The events (``where``: an SQL condition on them), oldest first, details read."""
        rows = self.db.execute(
            f"SELECT * FROM events {'WHERE ' + where if where else ''} ORDER BY id", list(params)
        ).fetchall()
        return [{**dict(row), "details": json.loads(row["details"])} for row in rows]

    def event_document(self, document_id: int) -> str | None:
        """The name of a document, for an event to say which one it is about (None when
        gone)."""
        row = self.db.execute("SELECT name FROM documents WHERE id = ?", (document_id,)).fetchone()
        return str(row["name"]) if row else None

    def event_coding_document(self, coding_id: int) -> str | None:
        """The name of a coding's document, for an event about the coding."""
        row = self.db.execute(
            "SELECT d.name FROM codings k JOIN documents d ON d.id = k.document_id WHERE k.id = ?",
            (coding_id,),
        ).fetchone()
        return str(row["name"]) if row else None

    def coding_documents(self) -> dict[int, str]:
        """{coding id: its document's name} for every coding of the store: the history finds
        the document of an event written before events named it."""
        rows = self.db.execute(
            "SELECT k.id, d.name FROM codings k JOIN documents d ON d.id = k.document_id"
        )
        return {int(row["id"]): str(row["name"]) for row in rows}

    def document_ids(self) -> dict[int, str]:
        """{document id: name} of the store's documents (an event keeps a removed coding whole,
        with its document's id)."""
        rows = self.db.execute("SELECT id, name FROM documents")
        return {int(row["id"]): str(row["name"]) for row in rows}

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

    def codebook_content(self, version_prefix: str) -> tuple[str, str]:
        """(version, YAML text) of a codebook version the store has seen, by hash prefix."""
        rows = self.db.execute(
            "SELECT version, content FROM codebook_versions WHERE version LIKE ?",
            (version_prefix + "%",),
        ).fetchall()
        if len(rows) != 1:
            raise StoreError(
                f"{'no' if not rows else 'more than one'} codebook version starts with "
                f"{version_prefix!r}",
                hint="`ptce-coding history --action codebook.version` lists the versions.",
            )
        return rows[0]["version"], rows[0]["content"]

    def codebook_versions(self) -> list[str]:
        """Versions of the codebook the store has seen, oldest first."""
        rows = self.db.execute("SELECT version FROM codebook_versions ORDER BY first_seen, rowid")
        return [row["version"] for row in rows]

    def counts(self) -> dict[str, int]:
        return {
            table: int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("cases", "documents", "segments", "codings", "events")
        }


def locked(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` says another connection holds the lock the store waited for."""
    primary = exc.sqlite_errorcode & 0xFF  # an extended code (SQLITE_BUSY_RECOVERY…) too
    return primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
