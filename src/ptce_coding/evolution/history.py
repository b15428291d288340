"""The event log, filtered and summarised for `ptce-coding history`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any


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
    rows = []
    for event in events:
        details = event["details"]
        if code and not _mentions(details, code):
            continue
        if coder and event["actor"] != coder and not _mentions(details, coder):
            continue
        if document and not _mentions(details, document):
            continue
        if since and _moment(event["at"]) < since:
            continue
        if action and not event["action"].startswith(action):
            continue
        rows.append({**event, "summary": summary(details)})
    return rows
