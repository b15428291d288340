"""Acceptances by threshold: suggestions accepted at once because their confidence reached a
threshold (``review --accept-above``), not read one by one.

Each such decision's ``coding.review`` event carries the batch (``Batch.details``): the
threshold, a token shared by every event of the batch, and its size. The store keeps no
column for it: which codings stand accepted by threshold now is read from the event log
(``threshold_acceptances``), so events written before the mark existed read as decisions
made one by one, as they were recorded, and an undo or a later decision on the same coding
(ids are never given again, schema v5) replaces the batch's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ptce_coding.store.base import StoreBase

# the events that set or clear a suggestion's decision, whose last one says how it was made
DECISION_EVENTS = ("coding.review", "coding.unreview")


@dataclass(frozen=True)
class Batch:
    """An acceptance by threshold: the suggestions whose confidence is at least
    ``threshold``, ``size`` of them, accepted at once; ``token`` names the batch in each of
    its events; ``only``: the options that narrowed it (codes, methods, documents), if any."""

    threshold: float
    token: str
    size: int
    only: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def details(self) -> dict[str, Any]:
        """What each event of the batch says of it."""
        said: dict[str, Any] = {
            "accepted_above": self.threshold,
            "batch": self.token,
            "batch_size": self.size,
        }
        if self.only:
            said["batch_only"] = {name: list(values) for name, values in self.only}
        return said


class BatchAcceptanceQueries(StoreBase):
    def threshold_acceptances(self) -> dict[int, float]:
        """{coding id: threshold} of the codings that stand now as a person's acceptance by
        threshold: accepted, the reviewer's coding (not one kept as the tagger's where the
        reviewer had coded the passage already), and the last decision event on them carries
        a batch (``Batch``). An acceptance undone, or decided again one by one since, is
        not; nor is any decision recorded before batches were marked."""
        rows = self.db.execute(
            "WITH last AS ("
            "  SELECT CAST(json_extract(details, '$.coding') AS INTEGER) AS coding, "
            "         max(id) AS event FROM events "
            f"  WHERE action IN ({','.join('?' * len(DECISION_EVENTS))}) AND json_valid(details)"
            "  GROUP BY coding) "
            "SELECT k.id, json_extract(e.details, '$.accepted_above') AS threshold "
            "FROM last JOIN events e ON e.id = last.event JOIN codings k ON k.id = last.coding "
            "WHERE e.action = 'coding.review' "
            "AND json_extract(e.details, '$.accepted_above') IS NOT NULL "
            "AND k.status = 'accepted' AND k.coder = k.reviewed_by "
            "AND k.method IN ('rule', 'model') ORDER BY k.id",
            DECISION_EVENTS,
        ).fetchall()
        return {int(row["id"]): float(row["threshold"]) for row in rows}
