"""What an event of the log is about beyond what its details name: the documents of the
codings it names, as they were named at the event, and the memo it is about. Events written
by older versions name a coding without its document, a memo without what it is about: the
rest of the log and the store's names now find those."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
        ids = coding_ids(event["details"])
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


def coding_ids(details: dict[str, Any]) -> list[int]:
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
