"""The study changes shape: a document or a case removed, a document moved to another case.

A removal deletes the rows (document, segments, codings with their review decisions, memos on
the document, its codings and, for a case, the case's) and writes them whole into the event
log, which is append-only: ``restore`` puts them back, with their ids, from that event. A move
keeps everything: the codings and memos follow the document."""

from __future__ import annotations

import json
import unicodedata
from typing import TYPE_CHECKING, Any

from ptce_coding.base.errors import StoreError
from ptce_coding.store.base import StoreBase, inserted_id

REMOVALS = ("document.remove", "case.remove")


class RemovalQueries(StoreBase):
    if TYPE_CHECKING:  # DocumentQueries's, in Store

        def case_id(self, name: str) -> int: ...

    # --- what would go ------------------------------------------------------------------

    def document_bundle(self, name: str) -> dict[str, Any]:
        """Everything stored about one document: its row, segments, codings (reviews
        included) and the memos on it and on its codings."""
        name = self.stored_document_name(name)
        row = self.db.execute(
            "SELECT d.*, c.name AS case_name FROM documents d JOIN cases c ON c.id = d.case_id "
            "WHERE d.name = ?",
            (name,),
        ).fetchone()
        if row is None:
            raise StoreError(
                f"no document {name!r}", hint="`ptce-coding documents` lists the documents."
            )
        document = dict(row)
        case = document.pop("case_name")
        segments = self._rows(
            "SELECT * FROM segments WHERE document_id = ? ORDER BY position", row["id"]
        )
        codings = self._rows("SELECT * FROM codings WHERE document_id = ? ORDER BY id", row["id"])
        ids = [str(c["id"]) for c in codings]
        memos = self._rows(
            "SELECT * FROM memos WHERE (target_kind = 'document' AND target = ?) OR "
            f"(target_kind = 'coding' AND target IN ({','.join('?' * len(ids))})) ORDER BY id",
            name,
            *ids,
        )
        return {
            "case": case,
            "document": document,
            "segments": segments,
            "codings": codings,
            "memos": memos,
        }

    def case_bundle(self, name: str) -> dict[str, Any]:
        """Everything stored about one case: its row, its memos, and each document's bundle."""
        name = self.stored_case_name(name)
        row = self.db.execute("SELECT * FROM cases WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise StoreError(f"no case {name!r}", hint="`ptce-coding documents` lists the cases.")
        names = [
            r["name"]
            for r in self._rows(
                "SELECT name FROM documents WHERE case_id = ? ORDER BY name", row["id"]
            )
        ]
        memos = self._rows(
            "SELECT * FROM memos WHERE target_kind = 'case' AND target = ? ORDER BY id", name
        )
        return {
            "case": dict(row),
            "memos": memos,
            "documents": [self.document_bundle(n) for n in names],
        }

    def _rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        return [dict(row) for row in self.db.execute(sql, params)]

    # --- removing -----------------------------------------------------------------------

    def remove_document(self, name: str) -> int:
        """Remove a document and all that hangs on it; returns the id of the event that keeps
        it (``restore`` brings it back)."""
        name = self.stored_document_name(name)
        with self.transaction():
            bundle = self.document_bundle(name)
            self._delete_bundle(bundle)
            self.log(
                "document.remove",
                document=name,
                case=bundle["case"],
                codings=len(bundle["codings"]),
                memos=len(bundle["memos"]),
                removed=bundle,
            )
            return self._last_event()

    def remove_documents(self, names: list[str]) -> dict[str, int]:
        """Remove several documents, all or none: {name as stored: event id}. A name given
        twice (or once composed, once decomposed) is removed once."""
        events: dict[str, int] = {}
        with self.transaction():
            for name in names:
                stored = self.stored_document_name(name)
                if stored not in events:
                    events[stored] = self.remove_document(stored)
        return events

    def remove_case(self, name: str) -> int:
        """Remove a case, its documents and all that hangs on them; returns the event id."""
        name = self.stored_case_name(name)
        with self.transaction():
            bundle = self.case_bundle(name)
            for document in bundle["documents"]:
                self._delete_bundle(document)
            for memo in bundle["memos"]:
                self.db.execute("DELETE FROM memos WHERE id = ?", (memo["id"],))
            self.db.execute("DELETE FROM cases WHERE id = ?", (bundle["case"]["id"],))
            self.log(
                "case.remove",
                case=name,
                documents=[d["document"]["name"] for d in bundle["documents"]],
                codings=sum(len(d["codings"]) for d in bundle["documents"]),
                removed=bundle,
            )
            return self._last_event()

    def _delete_bundle(self, bundle: dict[str, Any]) -> None:
        for memo in bundle["memos"]:
            self.db.execute("DELETE FROM memos WHERE id = ?", (memo["id"],))
        document_id = bundle["document"]["id"]
        self.db.execute("DELETE FROM codings WHERE document_id = ?", (document_id,))
        self.db.execute("DELETE FROM segments WHERE document_id = ?", (document_id,))
        self.db.execute("DELETE FROM documents WHERE id = ?", (document_id,))

    def _last_event(self) -> int:
        return int(self.db.execute("SELECT max(id) FROM events").fetchone()[0])

    # --- moving -------------------------------------------------------------------------

    @staticmethod
    def check_case_name(case: str) -> None:
        """A case is a first-level folder of the corpus (corpus/<case>/…): a name that cannot
        be one (empty, a path, a hidden folder) would give the document a name no import finds
        again. Raises StoreError."""
        _check_case_name(case)

    def moved_name(self, name: str, case: str) -> str:
        """The name the document ``name`` takes in ``case`` (pole-a/x.txt → pole-b/x.txt);
        StoreError when it is in that case already or the case has a document of that name,
        so that the command says so before asking."""
        name = self.stored_document_name(name)
        case = self.stored_case_name(unicodedata.normalize("NFC", case))
        old = self.document_bundle(name)["case"]
        if old == case:
            raise StoreError(f"{name!r} is already in case {case!r}")
        prefix = f"{old}/"
        new_name = f"{case}/{name[len(prefix) :]}" if name.startswith(prefix) else name
        if (
            new_name != name
            and self.db.execute("SELECT 1 FROM documents WHERE name = ?", (new_name,)).fetchone()
        ):
            raise StoreError(
                f"case {case!r} has a document {new_name!r} already: {name!r} would take its "
                "name (a document is named after its file in the corpus); nothing was changed",
                hint="Two interviews of one case cannot share a file name: leave this one "
                "where it is, or remove or move the other one first.",
            )
        return new_name

    def move_document(self, name: str, case: str) -> str:
        """Put a document in another case (created if new). A name under its old case's
        folder (``pole-a/x.txt``) follows it (``pole-b/x.txt``), so that the file, moved to
        that folder, is known at the next import; codings, reviews and memos follow. Returns
        the document's name after the move."""
        self.check_case_name(case)
        name = self.stored_document_name(name)
        case = self.stored_case_name(unicodedata.normalize("NFC", case))
        with self.transaction():
            bundle = self.document_bundle(name)
            old = bundle["case"]
            new_name = self.moved_name(name, case)
            case_id = self.case_id(case)
            self.db.execute(
                "UPDATE documents SET case_id = ?, name = ? WHERE id = ?",
                (case_id, new_name, bundle["document"]["id"]),
            )
            self.db.execute(
                "UPDATE memos SET target = ? WHERE target_kind = 'document' AND target = ?",
                (new_name, name),
            )
            self.log(
                "document.move",
                document=name,
                after_name=new_name,
                before=old,
                after=case,
                codings=len(bundle["codings"]),
                memos=len(bundle["memos"]),
            )
        return new_name

    # --- restoring ----------------------------------------------------------------------

    def removals(self) -> list[dict[str, Any]]:
        """The removals not restored yet, oldest first: event id, date, what, documents."""
        events = self.db.execute(
            "SELECT id, at, actor, action, details FROM events "
            "WHERE action IN ('document.remove', 'case.remove', 'removal.restore') ORDER BY id"
        ).fetchall()
        restored = {
            json.loads(e["details"])["event"] for e in events if e["action"] == "removal.restore"
        }
        found = []
        for event in events:
            if event["action"] == "removal.restore" or event["id"] in restored:
                continue
            details = json.loads(event["details"])
            case_removal = event["action"] == "case.remove"
            # a case removed with no document left in it has an empty list, not one document
            documents = details.get("documents", []) if case_removal else [details["document"]]
            found.append(
                {
                    "event": event["id"],
                    "at": event["at"],
                    "actor": event["actor"],
                    "action": event["action"],
                    "case": details.get("case"),
                    "documents": documents,
                    "hashes": _hashes(details["removed"], case_removal),
                }
            )
        return found

    def restore(self, event_id: int) -> dict[str, Any]:
        """Put back what a removal event took away, with the same ids; returns the event's
        summary (action, case, documents). Refused when it was restored already, or when a
        document or case of the same name has come since."""
        with self.transaction():
            row = self.db.execute(
                "SELECT action, details FROM events WHERE id = ?", (event_id,)
            ).fetchone()
            if row is None or row["action"] not in REMOVALS:
                raise StoreError(
                    f"event {event_id} is not a removal",
                    hint="`ptce-coding history --action document.remove` (or case.remove) "
                    "lists the removals.",
                )
            if not any(r["event"] == event_id for r in self.removals()):
                raise StoreError(f"the removal of event {event_id} was restored already")
            details = json.loads(row["details"])
            removed = details["removed"]
            renamed = self.renames(since=event_id)  # what changed while it was out
            joined = False
            if row["action"] == "case.remove":
                joined = self._restore_case(removed["case"])
                for memo in removed["memos"]:
                    self._insert("memos", memo)
                documents = removed["documents"]
            else:
                documents = [removed]
            recoded: dict[str, int] = {}
            for bundle in documents:
                self._restore_bundle(bundle, renamed, recoded)
            names = [b["document"]["name"] for b in documents]
            self.log(
                "removal.restore",
                event=event_id,
                removal=row["action"],
                case=details.get("case"),
                documents=names,
                recoded={old: [renamed[old], n] for old, n in recoded.items()},
                into_existing_case=joined,
            )
        return {
            "action": row["action"],
            "case": details.get("case"),
            "documents": names,
            "recoded": {old: (renamed[old], n) for old, n in sorted(recoded.items())},
            "into_existing_case": joined,
        }

    def _restore_case(self, case: dict[str, Any]) -> bool:
        """The removed case's row back; True when a case of that name has come since (an
        import of a new interview into its folder): its documents then join it, and it
        takes the removed case's attributes only if it has none of its own."""
        existing = self.db.execute(
            "SELECT id, attributes FROM cases WHERE name = ?", (case["name"],)
        ).fetchone()
        if existing is None:
            self._insert("cases", case)
            return False
        if not json.loads(existing["attributes"] or "{}") and case.get("attributes"):
            self.db.execute(
                "UPDATE cases SET attributes = ? WHERE id = ?",
                (case["attributes"], existing["id"]),
            )
        return True

    def _restore_bundle(
        self, bundle: dict[str, Any], renamed: dict[str, str], recoded: dict[str, int]
    ) -> None:
        """One document back, with its ids where they are still free (events name codings by
        id), else new ones (memos on its codings follow); a coding of a code ``renamed`` since
        the removal takes the new id (counted in ``recoded``)."""
        document = dict(bundle["document"])
        if self.db.execute(
            "SELECT 1 FROM documents WHERE name = ?", (document["name"],)
        ).fetchone():
            raise StoreError(
                f"a document {document['name']!r} is in the store again: the removed one "
                "cannot be put back",
                hint="Remove the new one first (`ptce-coding documents remove`).",
            )
        document["case_id"] = self.case_id(bundle["case"])
        document_id = self._insert("documents", document)
        for segment in bundle["segments"]:
            self._insert("segments", {**segment, "id": None, "document_id": document_id})
        coding_ids = {}
        for coding in bundle["codings"]:
            code = renamed.get(coding["code"], coding["code"])
            if code != coding["code"]:
                recoded[coding["code"]] = recoded.get(coding["code"], 0) + 1
            new = self._insert("codings", {**coding, "code": code, "document_id": document_id})
            coding_ids[str(coding["id"])] = str(new)
        for memo in bundle["memos"]:
            if memo["target_kind"] == "coding":
                memo = {**memo, "target": coding_ids.get(memo["target"], memo["target"])}
            self._insert("memos", memo)

    def _insert(self, table: str, values: dict[str, Any]) -> int:
        """A row back into ``table``, with its id if still free; returns its id."""
        columns = [r["name"] for r in self.db.execute(f"PRAGMA table_info({table})")]
        kept = {k: v for k, v in values.items() if k in columns}
        if (
            kept.get("id") is not None
            and self.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (kept["id"],)).fetchone()
        ):
            kept.pop("id")
        elif kept.get("id") is None:
            kept.pop("id", None)
        names = ", ".join(f'"{k}"' for k in kept)
        cursor = self.db.execute(
            f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(kept))})",
            list(kept.values()),
        )
        return inserted_id(cursor)


def _check_case_name(case: str) -> None:
    problem = ""
    if not case.strip():
        problem = "is empty"
    elif case != case.strip():
        problem = "begins or ends with a space"
    elif "/" in case or "\\" in case:
        problem = "holds a slash: a case is one folder of the corpus, not a path"
    elif case.startswith((".", "~$")):
        problem = "begins with . or ~$, which the import skips as a hidden folder"
    if problem:
        raise StoreError(
            f"the case name {case!r} {problem}",
            hint="Give the name of a first-level folder of the corpus, such as pole-sud "
            "(accents are fine): `ptce-coding documents` lists the cases.",
        )


def _hashes(removed: dict[str, Any], case_removal: bool) -> list[str]:
    bundles = removed["documents"] if case_removal else [removed]
    return [b["document"]["text_hash"] for b in bundles]
