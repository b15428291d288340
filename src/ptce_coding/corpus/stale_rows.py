"""Rows of cases.csv and documents.csv that a change of the study's shape left behind: a
document moved (``documents move``) or removed, a case removed (``cases remove``) or left
with no interview. The import tells them from a name mistyped, and says what to do with the
row (read from the store's event log)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from ptce_coding.corpus.cases import folded
from ptce_coding.store import Store

NAME_SEPARATORS = re.compile(r"[\s_\-]+")


def _nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)


@dataclass(frozen=True)
class StaleRow:
    """A row of cases.csv or documents.csv naming what a change of the study's shape took
    away: a document moved (``documents move``) or removed, a case removed (``cases
    remove``) or left with no interview."""

    name: str  # as the table writes it
    command: str  # « documents move », « documents remove », « cases remove »
    at: str  # the date of the change (YYYY-MM-DD)
    now: str = ""  # a moved document's name now; the case an emptied case's interview went to


def stale_documents(names: list[str], store: Store) -> list[StaleRow]:
    """The names of documents.csv that are no document because `documents move` renamed
    the document (pole-a/x.txt → pole-b/x.txt: the row should be renamed) or `documents
    remove` or `cases remove` removed it (the row should go)."""
    if not names:
        return []
    moves = {
        _nfc(event["details"]["document"]): (event["details"]["after_name"], event["at"][:10])
        for event in store.events()
        if event["action"] == "document.move" and event["details"].get("after_name")
    }
    removed = {_nfc(name): removal for removal in store.removals() for name in removal["documents"]}
    stale = []
    for name in names:
        current, at, seen = _nfc(name), "", set()
        while current in moves and current not in seen:  # moved again since: its name now
            seen.add(current)
            current, at = moves[current]
        if at and store.document(current) is not None:
            stale.append(StaleRow(name, "documents move", at, current))
        elif current in removed:
            removal = removed[current]
            command = "cases remove" if removal["action"] == "case.remove" else "documents remove"
            stale.append(StaleRow(name, command, removal["at"][:10]))
    return stale


def stale_cases(names: list[str], store: Store) -> list[StaleRow]:
    """The names of cases.csv that hold no interview because `cases remove` removed the case,
    or `documents move` or `documents remove` took its last interview away."""
    if not names:
        return []
    removed = {_nfc(r["case"]): r for r in store.removals() if r["action"] == "case.remove"}
    emptied: dict[str, StaleRow] = {}  # case: the last change that took an interview away
    for event in store.events():
        details = event["details"]
        if event["action"] == "document.move" and details.get("before"):
            case = _nfc(details["before"])
            emptied[case] = StaleRow(case, "documents move", event["at"][:10], details["after"])
        elif event["action"] == "document.remove" and details.get("case"):
            case = _nfc(details["case"])
            emptied[case] = StaleRow(case, "documents remove", event["at"][:10])
    cases = store.cases()
    stale = []
    for name in names:
        case = store.stored_case_name(_nfc(name))
        if case not in cases and case in removed:
            stale.append(StaleRow(name, "cases remove", removed[case]["at"][:10]))
        elif case in cases and case in emptied:
            stale.append(replace(emptied[case], name=name))
    return stale


def nearest_name(name: str, names: Collection[str]) -> str | None:
    """The one of ``names`` (cases, or documents) that a row of cases.csv or documents.csv
    naming none of them may mean: the same name but for capitals, accents, spaces, dashes
    or underscores (« Pôle A », « POLE_A » for pole-a); for a document, the only one whose
    file it names without its folder or its extension, or in another case's folder
    (« directrice », « directrice.txt », « pole-b/directrice.txt » for
    pole-a/directrice.txt); else the closest spelling (« pole-bb » for pole-b), if any."""
    spelled = {_spelling(candidate): candidate for candidate in names}
    if _spelling(name) in spelled:
        return spelled[_spelling(name)]
    stem = _spelling(PurePosixPath(name).stem)
    same_file = [c for c in names if "/" in c and _spelling(PurePosixPath(c).stem) == stem]
    if len(same_file) == 1:
        return same_file[0]
    close = difflib.get_close_matches(_spelling(name), list(spelled), n=1, cutoff=0.6)
    return spelled[close[0]] if close else None


def _spelling(name: str) -> str:
    """A name as it is compared with another: « Pôle A » is « pole-a »."""
    return NAME_SEPARATORS.sub("-", folded(unicodedata.normalize("NFC", name)))
