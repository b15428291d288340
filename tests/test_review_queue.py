"""The review queue library: order, decisions, undo, batch acceptance."""

from __future__ import annotations

from pathlib import Path

import pytest

from ptce_coding.app.project import load_project
from ptce_coding.base.errors import PtceError, StoreError
from ptce_coding.base.records import Coding
from ptce_coding.review import queue as review_queue


@pytest.fixture
def store(invoke, tmp_project: Path):
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    project = load_project(tmp_project)
    with project.open_store() as store:
        document = store.documents()[0]
        suggestions = [
            (
                document.id,
                Coding(document.name, 0, 5, "GOUV", "model", "model", "suggested", confidence=conf),
            )
            for conf in (0.95, 0.52, 0.7)
        ]
        store.replace_suggestions("model", [document.id], suggestions)
        store.replace_suggestions(
            "rule",
            [document.id],
            [(document.id, Coding(document.name, 6, 9, "COOP", "rules", "rule", "suggested"))],
        )
        yield store


def test_orders(store) -> None:
    by_uncertainty = review_queue.pending(store, order="uncertainty")
    assert [s.confidence for s in by_uncertainty] == [0.52, 0.7, 0.95, None]
    by_confidence = review_queue.pending(store, order="confidence")
    assert [s.confidence for s in by_confidence] == [0.95, 0.7, 0.52, None]
    assert [s.method for s in review_queue.pending(store, methods=["rule"])] == ["rule"]
    with pytest.raises(PtceError):
        review_queue.pending(store, order="random")


def test_decide_and_undo(store) -> None:
    first = review_queue.pending(store, order="uncertainty")[0]
    review_queue.decide(store, first.id, "reject", "ana")
    row = store.coding_by_id(first.id)
    assert (row.status, row.reviewed_by) == ("rejected", "ana")
    assert row.reviewed_at
    assert first.id not in [s.id for s in review_queue.pending(store)]
    assert review_queue.undo(store, first.id, "ana") == "rejected"
    row = store.coding_by_id(first.id)
    assert (row.status, row.reviewed_by) == ("suggested", None)
    with pytest.raises(StoreError):
        review_queue.undo(store, first.id, "ana")  # nothing to undo any more
    actions = [e["action"] for e in store.events()]
    assert actions[-2:] == ["coding.review", "coding.unreview"]


def test_accept_above(store) -> None:
    dry = review_queue.accept_above(store, 0.6, "ana", dry_run=True)
    assert sorted(s.confidence for s in dry) == [0.7, 0.95]
    assert len(review_queue.pending(store)) == 4
    review_queue.accept_above(store, 0.6, "ana")
    assert [s.confidence for s in review_queue.pending(store, order="confidence")] == [0.52, None]
