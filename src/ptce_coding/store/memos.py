"""Analytic memos on the project, a code, a document, a case or a coding."""

from __future__ import annotations

from ptce_coding.base.errors import StoreError
from ptce_coding.base.records import MemoRow
from ptce_coding.store.base import StoreBase, inserted_id, now

TARGETS = ("project", "code", "document", "case", "coding")


class MemoQueries(StoreBase):
    def add_memo(
        self, kind: str, target: str, text: str, *, title: str = "", author: str | None = None
    ) -> int:
        if kind not in TARGETS:
            raise StoreError(f"a memo is about one of {', '.join(TARGETS)}, not {kind!r}")
        if not text.strip():
            raise StoreError("the memo is empty: nothing was written")
        target = self._stored_target(kind, target)
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO memos (target_kind, target, title, text, author, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (kind, target, title, text, author or self.actor, now(), now()),
            )
            memo_id = inserted_id(cursor)
            self.log(
                "memo.add",
                memo=memo_id,
                kind=kind,
                target=target,
                title=title,
                text=text,
                author=author or self.actor,
            )
        return memo_id

    def edit_memo(self, memo_id: int, text: str, title: str | None = None) -> None:
        with self.transaction():
            row = self.db.execute("SELECT * FROM memos WHERE id = ?", (memo_id,)).fetchone()
            if row is None:
                raise StoreError(f"no memo {memo_id}", hint="`ptce-coding memo list` lists them.")
            new_title = row["title"] if title is None else title
            self.db.execute(
                "UPDATE memos SET text = ?, title = ?, updated_at = ? WHERE id = ?",
                (text, new_title, now(), memo_id),
            )
            self.log(
                "memo.edit",
                memo=memo_id,
                before=row["text"],
                after=text,
                title_before=row["title"],
                title_after=new_title,
                kind=row["target_kind"],
                target=row["target"],
            )

    def _stored_target(self, kind: str | None, target: str) -> str:
        """A document's or case's name as the store spells it, so that the memo follows its
        document (removal, move) whichever Unicode form the name was typed in."""
        if kind == "document":
            return self.stored_document_name(target)
        if kind == "case":
            return self.stored_case_name(target)
        return target

    def memos(self, kind: str | None = None, target: str | None = None) -> list[MemoRow]:
        where, params = [], []
        if kind:
            where.append("target_kind = ?")
            params.append(kind)
        if target:
            where.append("target = ?")
            params.append(self._stored_target(kind, target))
        rows = self.db.execute(
            "SELECT * FROM memos"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY target_kind, target, id",
            params,
        )
        return [MemoRow(**dict(row)) for row in rows]
