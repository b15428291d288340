"""The event log, filtered and summarised for `ptce-coding history`.

An event names what it is about in its details (a document, a code, a coding's id). Events
written by older versions name a coding without its document, a memo without what it is about:
``subjects`` finds those through the rest of the log and the store, so that a filter misses
none of them."""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ptce_coding.base.errors import PtceError

# the keys by which an event names a coding: the one changed, the suggestion decided, the
# decision's row, the suggestion a second coder's decision comes from
CODING_KEYS = ("coding", "suggestion", "decision", "origin")
# events that keep whole (``removed``) the coding they took away
CODING_REMOVALS = ("coding.unreview", "coding.review.unmove", "coding.manual.delete")


@dataclass(frozen=True, slots=True)
class Subjects:
    """What an event is about beyond what its details name."""

    documents: tuple[str, ...] = ()  # the documents of the codings it names, as named then
    memo: tuple[str, str] | None = None  # (kind, target) of the memo it is about


def _nfc(text: str) -> str:
    """Names compared in NFC: an older store may hold a name decomposed (NFD)."""
    return unicodedata.normalize("NFC", text)


def _mentions(details: Any, value: str, fold: Callable[[str], str] = str) -> bool:
    """Whether ``value`` appears as a value anywhere in the event's details (``fold``: how
    strings are compared)."""
    if isinstance(details, dict):
        return any(_mentions(v, value, fold) for v in details.values()) or any(
            isinstance(k, str) and fold(k) == value for k in details
        )
    if isinstance(details, list):
        return any(_mentions(v, value, fold) for v in details)
    return isinstance(details, str) and fold(details) == value


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
    codes = _names(events, f.code, _code_renames) if f.code else {}
    documents = _names(events, _nfc(f.document), _document_moves) if f.document else {}
    restored = _removed_codings(events) if f.coding is not None else {}
    rows = []
    for event in events:
        details = event["details"]
        subject = about.get(event["id"], Subjects())
        if f.code and not (_about(event, codes) or _memo_about(event, subject, "code", codes)):
            continue
        if f.coder and event["actor"] != f.coder and not _mentions(details, f.coder):
            continue
        if f.document and not _about_document(event, subject, documents):
            continue
        if f.coding is not None and not _about_coding(event, subject, f.coding, restored):
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


# --- what an event is about -------------------------------------------------------------


def subjects(
    events: list[dict[str, Any]], coding_documents: dict[int, str], document_ids: dict[int, str]
) -> dict[int, Subjects]:
    """{event id: Subjects} for the events that name a coding, a document's id or a memo.
    A coding's document is the one it had at the event: read from the newest event back,
    starting from the store's codings, each removal (which keeps the coding whole) telling
    what a coding id was before it, each document move the name the document had before it
    (ids are given again once free, names change)."""
    memos = _memo_targets(events)
    holder = dict(coding_documents)  # coding id -> its document's name, as at the event
    names = dict(document_ids)  # document id -> name, as at the event
    found: dict[int, Subjects] = {}
    for event in reversed(events):
        _learn(event, holder, names)
        memo = memos.get(event["id"])
        ids = _coding_ids(event["details"])
        if memo and memo[0] == "coding" and memo[1].isdigit():
            ids.append(int(memo[1]))
        found_names = {holder[i] for i in ids if i in holder}
        document_id = event["details"].get("document_id")  # document.segments, before names
        if isinstance(document_id, int) and document_id in names:
            found_names.add(names[document_id])
        documents = tuple(sorted(found_names))
        if documents or memo:
            found[event["id"]] = Subjects(documents, memo)
        _undo_move(event, holder, names)
    return found


def _coding_ids(details: dict[str, Any]) -> list[int]:
    return [
        value
        for key in CODING_KEYS
        if isinstance(value := details.get(key), int) and not isinstance(value, bool)
    ]


def _learn(event: dict[str, Any], holder: dict[int, str], names: dict[int, str]) -> None:
    """What this event tells of the codings' documents at its time."""
    details, action = event["details"], event["action"]
    coding, document = details.get("coding"), details.get("document")
    if isinstance(coding, int) and isinstance(document, str):
        holder[coding] = document
    removed = details.get("removed")
    if action in CODING_REMOVALS and isinstance(removed, dict) and "id" in removed:
        document_id = removed.get("document_id")
        name = document if isinstance(document, str) else None
        if name is None and isinstance(document_id, int):
            name = names.get(document_id)
        if name:
            holder[removed["id"]] = name
    elif action == "document.replace":
        for row in details.get("lost", []):
            holder[row["id"]] = details["document"]
    elif action == "document.remove" and isinstance(removed, dict):
        _learn_bundle(removed, holder, names)
    elif action == "case.remove" and isinstance(removed, dict):
        for bundle in removed.get("documents", []):
            _learn_bundle(bundle, holder, names)


def _learn_bundle(bundle: dict[str, Any], holder: dict[int, str], names: dict[int, str]) -> None:
    name = bundle["document"]["name"]
    names[bundle["document"]["id"]] = name
    for row in bundle.get("codings", []):
        holder[row["id"]] = name


def _undo_move(event: dict[str, Any], holder: dict[int, str], names: dict[int, str]) -> None:
    """Before a document's move, its codings' document had its old name."""
    if event["action"] != "document.move":
        return
    old, new = event["details"].get("document"), event["details"].get("after_name")
    if not old or not new or old == new:
        return
    for table in (holder, names):
        for key, name in table.items():
            if name == new:
                table[key] = old


def _memo_targets(events: list[dict[str, Any]]) -> dict[int, tuple[str, str]]:
    """{event id: (kind, target)} of the memo each memo event is about, as at the event:
    a memo follows its code through renames and its document through moves."""
    targets: dict[int, tuple[str, str]] = {}
    found: dict[int, tuple[str, str]] = {}
    for event in events:
        details, action = event["details"], event["action"]
        if action in ("memo.add", "memo.edit"):
            if "kind" in details:
                targets[details["memo"]] = (details["kind"], str(details["target"]))
            if details.get("memo") in targets:
                found[event["id"]] = targets[details["memo"]]
        elif action == "codebook.change":
            mapping = details.get("mapping") or {}
            for memo, (kind, target) in targets.items():
                if kind == "code" and target in mapping:
                    targets[memo] = (kind, mapping[target])
        elif action == "document.move":
            for memo, (kind, target) in targets.items():
                if kind == "document" and target == details.get("document"):
                    targets[memo] = (kind, details.get("after_name") or target)
    return found


def _about_document(event: dict[str, Any], subject: Subjects, names: dict[str, float]) -> bool:
    if _about(event, names, fold=_nfc):
        return True
    return _memo_about(event, subject, "document", names) or any(
        event["id"] <= names.get(_nfc(name), -1) for name in subject.documents
    )


def _memo_about(
    event: dict[str, Any], subject: Subjects, kind: str, names: dict[str, float]
) -> bool:
    if subject.memo is None or subject.memo[0] != kind:
        return False
    target = _nfc(subject.memo[1]) if kind == "document" else subject.memo[1]
    return bool(event["id"] <= names.get(target, -1))


def _about_coding(
    event: dict[str, Any], subject: Subjects, coding: int, removed: dict[int, set[int]]
) -> bool:
    """Whether the event names the coding, keeps it whole among those it took away, or puts
    it back (``removed``: {removal event id: the ids of the codings it took away})."""
    details, action = event["details"], event["action"]
    if coding in _coding_ids(details) or subject.memo == ("coding", str(coding)):
        return True
    if action.startswith("codebook.") and coding in (details.get("codings") or []):
        return True  # a code renamed, merged, moved: the codings it moved
    if action == "document.replace":
        return any(row["id"] == coding for row in details.get("lost", []))
    if action == "removal.restore":
        return coding in removed.get(details.get("event"), set())
    return coding in removed.get(event["id"], set())


def _removed_codings(events: list[dict[str, Any]]) -> dict[int, set[int]]:
    """{removal event id: the ids of the codings it took away (kept whole in it)}."""
    found: dict[int, set[int]] = {}
    for event in events:
        removed = event["details"].get("removed")
        if event["action"] in ("document.remove", "case.remove") and isinstance(removed, dict):
            bundles = (
                removed.get("documents", []) if event["action"] == "case.remove" else [removed]
            )
            found[event["id"]] = {row["id"] for b in bundles for row in b.get("codings", [])}
    return found


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


# --- names a code or a document had before ----------------------------------------------


Renames = Callable[[dict[str, Any], str], list[str]]


def _code_renames(event: dict[str, Any], code: str) -> list[str]:
    """The ids this codebook change (rename, merge, move) turned into ``code``."""
    if event["action"] != "codebook.change":
        return []
    mapping = event["details"].get("mapping") or {}
    return [old for old, new in mapping.items() if new == code and old != code]


def _document_moves(event: dict[str, Any], document: str) -> list[str]:
    """The name a document had before this move gave it the name ``document`` (in NFC)."""
    details = event["details"]
    after = details.get("after_name")
    if event["action"] != "document.move" or not after or _nfc(after) != document:
        return []
    before = _nfc(details["document"])
    return [before] if before != document else []


def _names(events: list[dict[str, Any]], value: str, renames: Renames) -> dict[str, float]:
    """``value`` and the names it had before: {name: the last event id it is meant up to}
    (a former name may have been given to something else after the change)."""
    names: dict[str, float] = {value: math.inf}
    pending = [value]
    while pending:
        name = pending.pop()
        for event in events:
            if event["id"] > names[name]:
                continue
            for former in renames(event, name):
                if former not in names:
                    names[former] = event["id"]
                    pending.append(former)
    return names


def _about(
    event: dict[str, Any], names: dict[str, float], fold: Callable[[str], str] = str
) -> bool:
    return any(
        event["id"] <= until and _mentions(event["details"], name, fold)
        for name, until in names.items()
    )


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
