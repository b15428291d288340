"""The names a code or a document had before, read back through the log: the ids a codebook
change (rename, merge, move) turned into a code, the names a document had before its moves,
each with the last event it is meant up to."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ptce_coding.evolution.event_matching import nfc

Renames = Callable[[dict[str, Any], str], list[str]]


def code_renames(event: dict[str, Any], code: str) -> list[str]:
    """The ids this codebook change (rename, merge, move) turned into ``code``."""
    if event["action"] != "codebook.change":
        return []
    mapping = event["details"].get("mapping") or {}
    return [old for old, new in mapping.items() if new == code and old != code]


def document_moves(event: dict[str, Any], document: str) -> list[str]:
    """The name a document had before this move gave it the name ``document`` (in NFC)."""
    details = event["details"]
    after = details.get("after_name")
    if event["action"] != "document.move" or not after or nfc(after) != document:
        return []
    before = nfc(details["document"])
    return [before] if before != document else []


def former_names(events: list[dict[str, Any]], value: str, renames: Renames) -> dict[str, float]:
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
