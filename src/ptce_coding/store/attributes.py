"""The attributes of cases and documents from the project's tables (cases.csv,
documents.csv): set, and cleared when a table no longer lists them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ptce_coding.store.base import StoreBase

if TYPE_CHECKING:
    from ptce_coding.base.records import Document


class AttributeQueries(StoreBase):
    if TYPE_CHECKING:  # DocumentQueries's, in Store

        def document(self, name: str) -> Document | None: ...

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
