"""The event log, filtered and summarised for `ptce-coding history`."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ptce_coding.base.errors import PtceError


def _mentions(details: Any, value: str) -> bool:
    """Whether ``value`` appears as a value anywhere in the event's details."""
    if isinstance(details, dict):
        return any(_mentions(v, value) for v in details.values()) or value in details
    if isinstance(details, list):
        return any(_mentions(v, value) for v in details)
    return bool(details == value)


def _moment(at: str) -> datetime:
    """An event's time (the store writes it in UTC, with its offset)."""
    moment = datetime.fromisoformat(at)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def summary(details: dict[str, Any], width: int = 120) -> str:
    text = json.dumps(details, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def filter_events(
    events: list[dict[str, Any]],
    *,
    code: str | None = None,
    coder: str | None = None,
    document: str | None = None,
    since: datetime | None = None,
    action: str | None = None,
) -> list[dict[str, Any]]:
    """The events that pass every filter given, each with a one-line ``summary``. A code or
    a document is followed under its former names: --code of a renamed (or merged, moved)
    code also finds the events before the change, which name its old id; --document of a
    moved document the events under its old name."""
    _refuse_empty(code=code, coder=coder, document=document, action=action)
    codes = _names(events, code, _code_renames) if code else {}
    documents = _names(events, document, _document_moves) if document else {}
    rows = []
    for event in events:
        details = event["details"]
        if code and not _about(event, codes):
            continue
        if coder and event["actor"] != coder and not _mentions(details, coder):
            continue
        if document and not _about(event, documents):
            continue
        if since and _moment(event["at"]) < since:
            continue
        if action and not event["action"].startswith(action):
            continue
        rows.append({**event, "summary": summary(details)})
    return rows


Renames = Callable[[dict[str, Any], str], list[str]]


def _code_renames(event: dict[str, Any], code: str) -> list[str]:
    """The ids this codebook change (rename, merge, move) turned into ``code``."""
    if event["action"] != "codebook.change":
        return []
    mapping = event["details"].get("mapping") or {}
    return [old for old, new in mapping.items() if new == code and old != code]


def _document_moves(event: dict[str, Any], document: str) -> list[str]:
    """The name a document had before this move gave it the name ``document``."""
    details = event["details"]
    if event["action"] != "document.move" or details.get("after_name") != document:
        return []
    return [details["document"]] if details.get("document") != document else []


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


def _about(event: dict[str, Any], names: dict[str, float]) -> bool:
    return any(
        event["id"] <= until and _mentions(event["details"], name) for name, until in names.items()
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
