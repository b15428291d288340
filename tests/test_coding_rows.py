"""The store returns typed coding rows: a frozen dataclass with document, case and coded text,
where a mistyped field is an error and the tables built from it keep their column names."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from ptce_coding.analysis.frames import codings_frame, segments_frame
from ptce_coding.base.records import (
    CODING_COLUMNS,
    Coding,
    CodingRow,
    DocumentProgress,
    DocumentRow,
    DocumentText,
    Segment,
    SegmentRow,
)
from ptce_coding.store import Store

TEXT = "Nous partageons des locaux. Les achats sont groupés."
# the columns of a codings table before the typed row (frames.py): exports and reports use them
COLUMNS = [
    "id",
    "document",
    "case",
    "start",
    "end",
    "code",
    "coder",
    "method",
    "status",
    "confidence",
    "evidence",
    "memo",
    "codebook_version",
    "created_at",
    "reviewed_by",
    "reviewed_at",
    "suggested_by",
    "origin",
    "text",
]


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "coding.sqlite") as store:
        document_id = store.add_document(
            name="pole-a/directrice.txt",
            case="pole-a",
            content=DocumentText(format="txt", text=TEXT, text_hash="h", words=8),
            segments=[Segment(0, 0, len(TEXT), words=8)],
        )
        store.add_codings([Coding("pole-a/directrice.txt", 4, 15, "COOP.LIEU", "anne", memo="m")])
        store.replace_suggestions(
            "rule",
            [document_id],
            [
                (
                    document_id,
                    Coding(
                        "pole-a/directrice.txt",
                        32,
                        38,
                        "COOP.ACHATS",
                        "rules",
                        "rule",
                        "suggested",
                        evidence="COOP.ACHATS#1: « achats »",
                    ),
                )
            ],
        )
        yield store


def test_every_store_method_returns_typed_rows_with_case_and_text(store: Store) -> None:
    manual, rule = store.coding_rows()
    assert isinstance(manual, CodingRow) and isinstance(rule, CodingRow)
    assert (manual.document, manual.case, manual.code, manual.coder) == (
        "pole-a/directrice.txt",
        "pole-a",
        "COOP.LIEU",
        "anne",
    )
    assert (manual.start, manual.end, manual.text, manual.memo) == (4, 15, TEXT[4:15], "m")
    assert (rule.method, rule.status, rule.text) == ("rule", "suggested", "achats")
    assert rule.machine == "rules" and rule.reviewed_by is None
    assert [r.text for r in store.coding_rows(with_text=False)] == [None, None]
    assert store.coding_by_id(rule.id) == rule
    assert store.coding_by_id(rule.id + 100) is None
    document = store.document("pole-a/directrice.txt")
    assert document is not None
    assert store.document_codings(document.id) == [manual, rule]

    store.review(rule.id, "accepted", "claire")
    decided = store.coding_by_id(rule.id)
    assert decided is not None
    assert (decided.coder, decided.suggested_by, decided.machine) == ("claire", "rules", "rules")
    manual_id = store.add_manual_coding("pole-a/directrice.txt", 0, 4, "ECO", "claire")
    removed = store.delete_manual_coding(manual_id, "claire")
    assert isinstance(removed, CodingRow)
    assert (removed.id, removed.case, removed.text) == (manual_id, "pole-a", "Nous")


def test_a_mistyped_field_or_a_change_in_place_fails(store: Store) -> None:
    row = store.coding_rows()[0]
    with pytest.raises(AttributeError):
        row.reviewer  # noqa: B018  # the field is reviewed_by
    with pytest.raises(TypeError):
        row["code"]  # type: ignore[index]  # no dict look-up any more
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.code = "ECO"  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):  # slots: no stray attribute either
        row.view = {}  # type: ignore[attr-defined]
    changed = dataclasses.replace(row, code="ECO")
    assert (changed.code, row.code, changed.id) == ("ECO", "COOP.LIEU", row.id)


def test_tables_of_rows_keep_their_column_names(store: Store) -> None:
    assert list(CODING_COLUMNS) == COLUMNS
    frame = codings_frame(store)
    assert list(frame.columns) == COLUMNS
    assert frame.loc[0, "case"] == "pole-a" and frame.loc[1, "text"] == "achats"
    assert list(codings_frame(store, statuses=["rejected"]).columns) == COLUMNS
    row = store.coding_rows()[0]
    assert row.as_dict() == {name: getattr(row, name) for name in COLUMNS}
    assert row.as_tuple() == tuple(getattr(row, name) for name in COLUMNS)
    coding = row.as_coding()
    assert (coding.document, coding.start, coding.end, coding.code, coding.id) == (
        row.document,
        row.start,
        row.end,
        row.code,
        row.id,
    )


def test_document_listings_are_typed_rows_too(store: Store) -> None:
    [listed] = store.document_rows()
    assert isinstance(listed, DocumentRow)
    assert (listed.document, listed.case, listed.words, listed.counted, listed.segments) == (
        "pole-a/directrice.txt",
        "pole-a",
        8,
        8,
        1,
    )
    [progress] = store.document_progress()
    assert isinstance(progress, DocumentProgress)
    assert (progress.coded, progress.with_suggestions, progress.reviewed, progress.pending) == (
        1,
        1,
        0,
        1,
    )
    with pytest.raises(AttributeError):
        progress.suggested  # noqa: B018  # the field is with_suggestions


def test_segment_rows_are_typed_and_their_table_keeps_its_columns(store: Store) -> None:
    [segment] = store.segment_rows()
    assert isinstance(segment, SegmentRow)
    assert (segment.document, segment.case, segment.segment, segment.text) == (
        "pole-a/directrice.txt",
        "pole-a",
        0,
        TEXT,
    )
    assert segment.interviewer is False and segment.title is False
    assert store.segment_rows(with_text=False)[0].text is None
    frame = segments_frame(store)
    assert list(frame.columns) == [
        "document",
        "case",
        "segment",
        "start",
        "end",
        "speaker",
        "interviewer",
        "title",
        "time",
        "words",
        "text",
    ]
    assert frame["interviewer"].dtype == bool and frame.loc[0, "words"] == 8
