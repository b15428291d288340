"""The event log, filtered and summarised for `ptce-coding history`.

An event names what it is about in its details (a document, a code, a coding's id). Events
written by older versions name a coding without its document, a memo without what it is about:
``event_subjects`` finds those through the rest of the log and the store, so that a filter
misses none of them; ``event_matching`` says whether an event is about what a filter names,
``former_names`` what else a code or a document was called."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ptce_coding.base.errors import PtceError
from ptce_coding.evolution.event_matching import (
    about_coding,
    about_document,
    memo_about,
    mentions,
    mentions_any,
    nfc,
    removed_codings,
)
from ptce_coding.evolution.event_subjects import Subjects, subjects
from ptce_coding.evolution.former_names import code_renames, document_moves, former_names


def _moment(at: str) -> datetime:
    """An event's time (the store writes it in UTC, with its offset)."""
    moment = datetime.fromisoformat(at)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def summary(details: dict[str, Any], width: int | None = 120) -> str:
    """The details as JSON, cut to ``width`` characters (None: whole)."""
    text = json.dumps(details, ensure_ascii=False)
    return text if width is None or len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True, slots=True)
class Filters:
    """What `history` keeps of the log: the events that pass every filter given."""

    code: str | None = None
    coder: str | None = None
    document: str | None = None
    coding: int | None = None
    since: datetime | None = None
    action: str | None = None
    last: int | None = None  # only the newest N of the events the others keep


@dataclass(frozen=True, slots=True)
class StoreNames:
    """The store's names now, that find the document of an event naming only a coding (or
    a document's id): {coding id: its document's name}, {document id: name}."""

    coding_documents: dict[int, str] = field(default_factory=dict)
    document_ids: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Listing:
    """What `history` shows: the events kept, oldest first, and how many passed the filters
    before ``Filters.last`` kept the newest of them."""

    rows: list[dict[str, Any]]  # each event with its one-line ``summary``
    matched: int


def filter_events(
    events: list[dict[str, Any]],
    filters: Filters,
    store: StoreNames | None = None,
    width: int | None = 120,
) -> list[dict[str, Any]]:
    """The events that pass ``filters``, each with a one-line ``summary`` (cut to ``width``;
    None: whole); see :func:`list_events`."""
    return list_events(events, filters, store, width).rows


def list_events(
    events: list[dict[str, Any]],
    filters: Filters,
    store: StoreNames | None = None,
    width: int | None = 120,
) -> Listing:
    """The events that pass ``filters`` (the newest ``filters.last`` of them), each with a
    one-line ``summary`` (cut to ``width``; None: whole), and how many passed. A code or a
    document is followed under its former names: --code of a renamed (or merged, moved) code
    also finds the events before the change, which name its old id; --document of a moved
    document the events under its old name."""
    f = filters
    _refuse_empty(code=f.code, coder=f.coder, document=f.document, action=f.action)
    store = store or StoreNames()
    about = subjects(events, store.coding_documents, store.document_ids)
    codes = former_names(events, f.code, code_renames) if f.code else {}
    documents = former_names(events, nfc(f.document), document_moves) if f.document else {}
    restored = removed_codings(events) if f.coding is not None else {}
    rows = []
    for event in events:
        details = event["details"]
        subject = about.get(event["id"], Subjects())
        if f.code and not (mentions_any(event, codes) or memo_about(event, subject, "code", codes)):
            continue
        if f.coder and event["actor"] != f.coder and not mentions(details, f.coder):
            continue
        if f.document and not about_document(event, subject, documents):
            continue
        if f.coding is not None and not about_coding(event, subject, f.coding, restored):
            continue
        if f.since and _moment(event["at"]) < f.since:
            continue
        if f.action and not event["action"].startswith(f.action):
            continue
        rows.append(event)
    matched = len(rows)
    if f.last is not None:
        rows = rows[-f.last :] if f.last else []
    return Listing(
        [
            {**event, "summary": summary(_shown(event["details"], about.get(event["id"])), width)}
            for event in rows
        ],
        matched,
    )


def _shown(details: dict[str, Any], subject: Subjects | None) -> dict[str, Any]:
    """The details with what ``subjects`` found that they do not name themselves."""
    shown = dict(details)
    if subject is None:
        return shown
    if subject.memo and "kind" not in shown:
        shown["kind"], shown["target"] = subject.memo
    if subject.documents and "document" not in shown:
        found = list(subject.documents)
        shown |= {"document": found[0]} if len(found) == 1 else {"documents": found}
    return shown


def unmatched(
    events: list[dict[str, Any]], filters: Filters, store: StoreNames | None = None
) -> list[str]:
    """For each filter that no event of the whole log passes (a typo, most often), what to
    tell: an empty listing alone would read as « nothing happened to it »."""
    code, document, coding, action = filters.code, filters.document, filters.coding, filters.action

    def passes(only: Filters) -> bool:
        return bool(filter_events(events, only, store))

    told = []
    if action and not any(event["action"].startswith(action) for event in events):
        actions = ", ".join(sorted({event["action"] for event in events}))
        told.append(
            f"No event in the log is of an action beginning with {action!r}: it holds {actions}"
        )
    if document and not passes(Filters(document=document)):
        told.append(
            f"No event in the log is about a document {document!r}: `ptce-coding documents` "
            "lists the documents"
        )
    if code and not passes(Filters(code=code)):
        told.append(
            f"No event in the log is about a code {code!r}: `ptce-coding codebook show` "
            "lists the codes"
        )
    if coding is not None and not passes(Filters(coding=coding)):
        told.append(
            f"No event in the log is about coding {coding}: the `id` column of "
            "`ptce-coding codings export` gives the codings' ids"
        )
    return told


def _refuse_empty(**filters: str | None) -> None:
    """An empty filter (an unset shell variable, a stray pair of quotes) would filter nothing
    and list the whole log as if it were the answer."""
    empty = [name for name, value in filters.items() if value is not None and not value.strip()]
    if empty:
        options = ", ".join(f"--{name}" for name in empty)
        raise PtceError(
            f"{options} is empty: the history would not be filtered",
            hint="Give a value (a code id, a coder, a document name, an action such as "
            "document.remove), or leave the option out to see every event.",
        )
