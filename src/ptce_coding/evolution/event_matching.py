"""Whether an event of the log is about a code, a document or a coding: named anywhere in its
details (under a name it had then), through the memo it is about, or kept whole among the
codings a removal took away."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from ptce_coding.evolution.event_subjects import Subjects, coding_ids


def nfc(text: str) -> str:
    """Names compared in NFC: an older store may hold a name decomposed (NFD)."""
    return unicodedata.normalize("NFC", text)


def mentions(details: Any, value: str, fold: Callable[[str], str] = str) -> bool:
    """Whether ``value`` appears as a value anywhere in the event's details (``fold``: how
    strings are compared)."""
    if isinstance(details, dict):
        return any(mentions(v, value, fold) for v in details.values()) or any(
            isinstance(k, str) and fold(k) == value for k in details
        )
    if isinstance(details, list):
        return any(mentions(v, value, fold) for v in details)
    return isinstance(details, str) and fold(details) == value


def mentions_any(
    event: dict[str, Any], names: dict[str, float], fold: Callable[[str], str] = str
) -> bool:
    """Whether the event's details name one of ``names`` ({name: the last event id it is
    meant up to}: ``former_names``) while it was meant."""
    return any(
        event["id"] <= until and mentions(event["details"], name, fold)
        for name, until in names.items()
    )


def about_document(event: dict[str, Any], subject: Subjects, names: dict[str, float]) -> bool:
    """Whether the event is about a document of ``names`` (in NFC): named in its details,
    its memo's, or the document of a coding it names (``subject``)."""
    if mentions_any(event, names, fold=nfc):
        return True
    return memo_about(event, subject, "document", names) or any(
        event["id"] <= names.get(nfc(name), -1) for name in subject.documents
    )


def memo_about(
    event: dict[str, Any], subject: Subjects, kind: str, names: dict[str, float]
) -> bool:
    """Whether the memo the event is about (``subject``) is on a ``kind`` (code, document)
    of ``names``."""
    if subject.memo is None or subject.memo[0] != kind:
        return False
    target = nfc(subject.memo[1]) if kind == "document" else subject.memo[1]
    return bool(event["id"] <= names.get(target, -1))


def about_coding(
    event: dict[str, Any], subject: Subjects, coding: int, removed: dict[int, set[int]]
) -> bool:
    """Whether the event names the coding, keeps it whole among those it took away, or puts
    it back (``removed``: {removal event id: the ids of the codings it took away})."""
    details, action = event["details"], event["action"]
    if coding in coding_ids(details) or subject.memo == ("coding", str(coding)):
        return True
    if action.startswith("codebook.") and coding in (details.get("codings") or []):
        return True  # a code renamed, merged, moved: the codings it moved
    if action == "codings.add" and coding in (details.get("codings") or []):
        return True  # an import (a codings file, a QDPX project): the codings it added
    if action == "document.replace":
        return any(row["id"] == coding for row in details.get("lost", []))
    if action == "removal.restore":
        return coding in removed.get(details.get("event"), set())
    return coding in removed.get(event["id"], set())


def removed_codings(events: list[dict[str, Any]]) -> dict[int, set[int]]:
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
