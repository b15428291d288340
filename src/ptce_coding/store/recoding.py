"""Codings given back the code they had: undoing a codebook change (``codebook undo``).

A codebook change moves codings from code to code by code id (``CodingQueries.recode``), and
its events keep the ids of the codings each step moved. Undoing it moves those codings back,
one by one, where they still have the code the change gave them: a coding recoded since, or
coded after the change, is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ptce_coding.store.base import StoreBase


class RecodingQueries(StoreBase):
    def code_back(
        self,
        moves: Sequence[tuple[int, str, str]],
        memos: Sequence[tuple[int, str, str]],
        action: str,
        **details: Any,
    ) -> tuple[dict[tuple[str, str], int], int]:
        """Each coding of ``moves`` (id, the code it has now, the code to give it back) that
        still has that code gets the other one, and so does each code memo of ``memos`` (id,
        the code it is on now, the code back). One event per (code now, code back) with the
        ids moved. Call inside a transaction. Returns ({(code now, code back): codings
        moved}, memos moved)."""
        moved: dict[tuple[str, str], list[int]] = {}
        for coding_id, now_code, back in moves:
            changed = self.db.execute(
                "UPDATE codings SET code = ? WHERE id = ? AND code = ?", (back, coding_id, now_code)
            ).rowcount
            if changed:
                moved.setdefault((now_code, back), []).append(coding_id)
        notes: dict[tuple[str, str], list[int]] = {}
        for memo_id, now_code, back in memos:
            changed = self.db.execute(
                "UPDATE memos SET target = ? WHERE id = ? AND target_kind = 'code' AND target = ?",
                (back, memo_id, now_code),
            ).rowcount
            if changed:
                notes.setdefault((now_code, back), []).append(memo_id)
        for pair in {*moved, *notes}:
            self.log(
                action,
                before=pair[0],
                after=pair[1],
                codings=moved.get(pair, []),
                memos=notes.get(pair, []),
                **details,
            )
        return {pair: len(ids) for pair, ids in moved.items()}, sum(map(len, notes.values()))

    def drop_suggestions_of(self, codes: Sequence[str], action: str, **details: Any) -> int:
        """Delete the taggers' suggestions still waiting for review (status ``suggested``,
        method rule or model) of ``codes``: a code an undo takes away. Decided codings are
        never touched. Logged with the rows removed. Call inside a transaction."""
        if not codes:
            return 0
        marks = ",".join("?" * len(codes))
        where = f"code IN ({marks}) AND status = 'suggested' AND method IN ('rule', 'model')"
        rows = [dict(r) for r in self.db.execute(f"SELECT * FROM codings WHERE {where}", codes)]
        self.db.execute(f"DELETE FROM codings WHERE {where}", codes)
        if rows:
            self.log(action, codes=list(codes), removed=rows, **details)
        return len(rows)

    def recoded_by(self, token: str) -> list[dict[str, Any]]:
        """The events of the codings a codebook change moved (those whose details carry the
        change's journal ``token``), oldest first; the change's own event left out."""
        return self._event_rows(
            "action != 'codebook.change' AND json_extract(details, '$.journal') = ?", (token,)
        )
