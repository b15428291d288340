"""A tagger's suggestions in the store: ``replace_suggestions`` puts a run's suggestions in
place of the suggestions of its method waiting for review on the documents it read. It is the
only deletion offered to automated taggers: manual, accepted and rejected codings are never
touched, and a suggestion made again keeps its row and id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ptce_coding.base.errors import StoreError
from ptce_coding.base.records import Coding
from ptce_coding.store.base import StoreBase


def _suggestion_key(document_id: int, coding: Coding) -> tuple[int, int, int, str, str]:
    """What makes a tagger's suggestion the same one when the tagger runs again: its document,
    passage, code and tagger (the method is the run's). Its rules, evidence and confidence are
    its reading, which a new run updates: the reviewer decides a code on a passage."""
    return (document_id, coding.start, coding.end, coding.code, coding.coder)


@dataclass(frozen=True)
class Replaced:
    """What ``replace_suggestions_counted`` did: the earlier suggestions waiting (``removed``),
    the suggestions written (``added``) and, of those, the ones made again (``kept``: their
    rows and ids stay, with today's confidence and evidence)."""

    removed: int
    added: int
    kept: int


class SuggestionQueries(StoreBase):
    if TYPE_CHECKING:  # CodingQueries's, in Store

        def decided_spans(self, document_id: int, coder: str) -> list[tuple[str, int, int]]: ...

        def _insert_coding(self, document_id: int, coding: Coding) -> None: ...

    def replace_suggestions(
        self, method: str, document_ids: Sequence[int], codings: Sequence[tuple[int, Coding]]
    ) -> tuple[int, int]:
        """(earlier suggestions replaced, suggestions written): ``replace_suggestions_counted``."""
        replaced = self.replace_suggestions_counted(method, document_ids, codings)
        return replaced.removed, replaced.added

    def replace_suggestions_counted(
        self, method: str, document_ids: Sequence[int], codings: Sequence[tuple[int, Coding]]
    ) -> Replaced:
        """Replace the *suggested* codings of ``method`` on these documents by ``codings``.

        Only rows with this method and status 'suggested' are changed: manual, accepted and
        rejected codings are never touched. A suggestion made again (same document, passage,
        code and tagger: ``_suggestion_key``) keeps its row and id, with the new run's
        confidence, evidence and codebook version, so that a review sheet or page that names
        it still decides it; the earlier suggestions not made again are deleted, the new ones
        added. A new suggestion on a passage where a reviewer has decided on the same code
        from the same tagger is not written: the check is made inside the write transaction,
        so a decision taken while the tagger ran (on the web page, in another terminal) is
        never undone. Returns what was replaced, written, and made again (``Replaced``).
        """
        if method == "manual":
            raise StoreError("manual codings are never replaced automatically")
        with self.transaction():
            earlier = self._waiting_suggestions(method, document_ids)
            removed = sum(len(ids) for ids in earlier.values())
            decided: dict[tuple[int, str], list[tuple[str, int, int]]] = {}
            refreshed: list[tuple[float | None, str | None, str | None, int]] = []
            added = 0
            for document_id, coding in codings:
                if coding.method != method or coding.status != "suggested":
                    raise StoreError("replace_suggestions only adds suggestions of its method")
                key = (document_id, coding.coder)
                if key not in decided:
                    decided[key] = self.decided_spans(document_id, coding.coder)
                if any(
                    code == coding.code and start < coding.end and end > coding.start
                    for code, start, end in decided[key]
                ):
                    continue
                same = earlier.get(_suggestion_key(document_id, coding))
                if same:  # made again: the oldest row of it stays, with today's reading
                    refreshed.append(
                        (coding.confidence, coding.evidence, coding.codebook_version, same.pop(0))
                    )
                else:
                    self._insert_coding(document_id, coding)
                added += 1
            self.db.executemany(
                "UPDATE codings SET confidence = ?, evidence = ?, codebook_version = ? "
                "WHERE id = ?",
                refreshed,
            )
            self.db.executemany(
                "DELETE FROM codings WHERE id = ?",
                [(coding_id,) for ids in earlier.values() for coding_id in ids],
            )
            self.log(
                "suggestions.replace",
                method=method,
                documents=len(document_ids),
                removed=removed,
                added=added,
                kept=len(refreshed),
                document_names=sorted(
                    name for name in map(self.event_document, document_ids) if name
                ),
                coders=sorted({coding.coder for _, coding in codings}),
            )
        return Replaced(removed, added, len(refreshed))

    def _waiting_suggestions(
        self, method: str, document_ids: Sequence[int]
    ) -> dict[tuple[int, int, int, str, str], list[int]]:
        """The ids of the suggestions of ``method`` waiting for review on these documents, by
        ``_suggestion_key`` (oldest first)."""
        wanted = set(document_ids)
        rows = self.db.execute(
            'SELECT id, document_id, start, "end", code, coder FROM codings '
            "WHERE method = ? AND status = 'suggested' ORDER BY id",
            (method,),
        )
        found: dict[tuple[int, int, int, str, str], list[int]] = {}
        for row in rows:
            if row["document_id"] in wanted:
                key = (row["document_id"], row["start"], row["end"], row["code"], row["coder"])
                found.setdefault(key, []).append(int(row["id"]))
        return found
