"""`review --accept-above`: an acceptance by threshold is recorded as such (its events carry
the threshold and the batch; `history` shows them), told per tagger and per code before it
asks, and told apart from the decisions read one by one (``Store.threshold_acceptances``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.store import Store

# (words of pole-a/directrice.txt, code, tagger, confidence)
SUGGESTIONS = [
    ("locaux partagés", "COOP.LIEU", "rule", 0.9),
    ("achats groupés", "COOP.ACHATS", "rule", 0.85),
    ("FSE", "ECO.PUBLIC", "rule", 0.5),
    ("nous avons", "COOP.LIEU", "model", 0.95),
]


@pytest.fixture
def waiting(imported: Path) -> Path:
    """Three rule suggestions and a model one waiting in pole-a/directrice.txt."""
    with Store(imported / "coding.sqlite") as store:
        document = store.document("pole-a/directrice.txt")
        assert document is not None
        for method in ("rule", "model"):
            made = []
            for words, code, tagger, confidence in SUGGESTIONS:
                if tagger != method:
                    continue
                start = document.text.index(words)
                coder = "rules" if method == "rule" else "model"
                made.append(
                    (
                        document.id,
                        Coding(
                            document.name,
                            start,
                            start + len(words),
                            code,
                            coder,
                            method,
                            "suggested",
                            confidence=confidence,
                        ),
                    )
                )
            store.replace_suggestions(method, [document.id], made)
    return imported


def typed(root: Path, *args: str, keys: str) -> Result:
    """A command given ``keys`` on standard input (a prompt's answer, the review's keys)."""
    return CliRunner().invoke(cli, [*args, "--project", str(root)], input=keys)


def review_events(invoke: Callable[..., Result]) -> list[dict[str, object]]:
    result = invoke("history", "--action", "coding.review", "--format", "json")
    assert result.exit_code == 0, result.output
    return [json.loads(event["summary"]) for event in json.loads(result.stdout)]


def test_the_prompt_counts_per_tagger_and_per_code(
    invoke: Callable[..., Result], waiting: Path
) -> None:
    declined = typed(
        waiting, "review", "--accept-above", "0.8", "--coder", "doctorante", keys="n\n"
    )
    assert declined.exit_code == 1
    assert "3 suggestions with a confidence of at least 0.8" in declined.output
    assert "  by tagger: rule 2, model 1\n" in declined.output
    assert "  by code: COOP.LIEU 2, COOP.ACHATS 1\n" in declined.output
    assert "recorded as such (history, agreement, report)" in declined.output
    assert "Accept 3 suggestions as doctorante?" in declined.output
    assert review_events(invoke) == []


def test_a_batch_is_marked_in_each_event_and_in_history(
    invoke: Callable[..., Result], waiting: Path
) -> None:
    read = typed(waiting, "review", "--coder", "claire", "--method", "rule", keys="aq")
    assert read.exit_code == 0, read.output  # COOP.LIEU 0.9, read one by one by claire
    done = invoke("review", "--accept-above", "0.8", "--coder", "doctorante", "--yes")
    assert done.exit_code == 0, done.output
    assert (
        "Accepted 2 suggestions as doctorante, by threshold (confidence ≥ 0.8): recorded as "
        "such, not as read one by one" in done.output
    )
    one, *batch = review_events(invoke)
    assert one["reviewer"] == "claire" and "accepted_above" not in one and "batch" not in one
    assert [event["reviewer"] for event in batch] == ["doctorante", "doctorante"]
    assert {event["accepted_above"] for event in batch} == {0.8}
    assert {event["batch_size"] for event in batch} == {2}
    assert len({event["batch"] for event in batch}) == 1
    table = invoke("history", "--action", "coding.review", "--format", "csv")
    assert table.stdout.count('""accepted_above"": 0.8') == 2
    with Store(waiting / "coding.sqlite") as store:
        marks = store.threshold_acceptances()
        by_id = {row.id: row for row in store.coding_rows(statuses=["accepted"])}
    assert sorted((by_id[i].code, by_id[i].coder) for i in marks) == [
        ("COOP.ACHATS", "doctorante"),
        ("COOP.LIEU", "doctorante"),
    ]
    assert set(marks.values()) == {0.8}


def test_an_acceptance_undone_and_read_again_is_no_longer_by_threshold(
    invoke: Callable[..., Result], waiting: Path
) -> None:
    done = invoke("review", "--accept-above", "0.8", "--method", "rule", "--yes")
    assert done.exit_code == 0, done.output
    assert {str(event.get("batch_only")) for event in review_events(invoke)} == {
        "{'methods': ['rule']}"
    }
    with Store(waiting / "coding.sqlite") as store:
        marks = store.threshold_acceptances()
        first = min(marks)
        row = store.coding_by_id(first)
        assert row is not None and row.reviewed_by is not None
        reviewer = row.reviewed_by
        store.unreview(first, reviewer)
        store.review(first, "accepted", reviewer)  # read one by one this time
        assert set(store.threshold_acceptances()) == set(marks) - {first}
