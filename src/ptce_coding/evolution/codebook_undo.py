"""Undo the codebook changes, newest first (``ptce-coding codebook undo``).

A merge done by mistake mixes the codings of several codes into one: without an undo, the
distinction the coders made is lost to the user, though the event log holds it. Undoing the
newest change not undone yet (rename, merge, split, move, retire, unretire) puts the YAML back
as it was before it (its text, kept in the store) and gives each coding the change moved its
code back, where it still has the code the change gave it; a code renamed or moved takes back
what was coded with it since, and its memos. Each undo steps one change further back; an undo
is undone by making the change again.

Refused, with nothing changed, when the undo would lose or break something: the codebook was
edited since the change (its content is no longer what the change left), the change was made
by a version that did not keep what undoing needs, or codings decided since use a code the
codebook before the change does not have (a split's new codes, once coded). The taggers'
suggestions of such a code that wait for review go: `code` makes them again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ptce_coding.base.errors import PtceError
from ptce_coding.base.records import MemoRow
from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.codebook.model import Codebook
from ptce_coding.evolution.codebook_ops import orphans, together
from ptce_coding.store import Store

HAND_HINT = (
    "Make the inverse change with the codebook commands (rename, merge, split, move, retire, "
    "unretire; `ptce-coding history --action codebook.change` shows what was done)."
)


@dataclass
class Undone:
    """What an undo did."""

    operation: str  # the change undone
    at: str  # when it was made
    actor: str
    details: dict[str, Any]
    moved: dict[tuple[str, str], int] = field(default_factory=dict)  # (now, back): codings
    memos: int = 0  # code memos given back their code
    dropped: int = 0  # suggestions waiting for review of codes taken away
    stranded_memos: list[MemoRow] = field(default_factory=list)  # on a code now gone
    yaml_changed: bool = False
    backup: Path | None = None  # the YAML as it was, when its text differed from the change's


def mapping_of(details: dict[str, Any], old: str) -> str:
    """The code a change made of ``old`` (its details' mapping)."""
    return str(details.get("mapping", {}).get(old, old))


def undo_last(path: Path, store: Store, book: Codebook) -> Undone:
    """Undo the newest codebook change of the store (module docstring)."""
    changes = store.codebook_changes()
    undone = {event["details"].get("undone") for event in changes}
    left = [
        event
        for event in changes
        if event["details"].get("operation") != "undo"
        and event["details"].get("journal") not in undone
    ]
    if not left:
        raise PtceError(
            "no codebook change to undo: "
            + (
                "every change made with the codebook commands is undone already"
                if changes
                else "the codebook commands (rename, merge, split, move, retire, unretire) "
                "have not been used in this project"
            ),
            hint="A change made by editing the YAML by hand is undone by editing it back; an "
            "undo is undone by making the change again.",
        )
    change = left[-1]
    details = change["details"]
    operation = str(details.get("operation", "?"))
    said = f"`codebook {operation}` of {change['at'][:16].replace('T', ' ')} ({change['actor']})"
    token, before_version = details.get("journal"), details.get("before_version")
    if not token or not before_version:
        raise PtceError(
            f"{said} was made by an earlier version of ptce-coding, which did not keep what "
            "undoing it needs; nothing was changed",
            hint=HAND_HINT,
        )
    if book.version != details.get("after_version"):
        raise PtceError(
            f"the codebook was edited since {said}: undoing it would lose that edit; nothing "
            "was changed",
            path=path,
            hint="Take the edit back first (`ptce-coding codebook diff` shows it), or: "
            + HAND_HINT,
        )
    original = path.read_text(encoding="utf-8")
    text = store.codebook_content(before_version)[1]
    before = parse_codebook(text, path=f"{path} (before {said})")
    steps = store.recoded_by(token)
    moves = [
        (int(coding), str(event["details"]["after"]), str(event["details"]["before"]))
        for event in steps
        for coding in event["details"].get("codings", [])
    ]
    targets: dict[str, list[str]] = {}
    for old, new in details.get("mapping", {}).items():
        targets.setdefault(new, []).append(old)
    # a code one code became (renamed, moved) gives all it holds back, what was coded and
    # written on it since too; a code several became, or that existed before, gives back what
    # the change moved (the codings of its events, the memos of its details)
    renamed = {
        new: olds[0] for new, olds in targets.items() if len(olds) == 1 and new not in before
    }
    moves += [
        (row.id, new, old)
        for new, old in renamed.items()
        for row in store.coding_rows(codes=[new], with_text=False)
    ]
    memos = [
        (int(memo), str(mapping_of(details, old)), old)
        for old, ids in details.get("memos", {}).items()
        for memo in ids
    ] + [(memo.id, new, old) for new, old in renamed.items() for memo in store.memos("code", new)]
    done = Undone(operation, change["at"], change["actor"], details)

    def codings(new_token: str) -> None:
        done.moved, done.memos = store.code_back(moves, memos, "codebook.undo", journal=new_token)
        # the taggers' suggestions of a code the undo takes away: `code` makes them again
        done.dropped = store.drop_suggestions_of(
            sorted(orphans(store, before)), "codebook.undo.suggestions", journal=new_token
        )
        stranded = orphans(store, before)
        if stranded:
            listed = ", ".join(f"{code} ({n} coding(s))" for code, n in stranded.items())
            raise PtceError(
                f"codings made since {said} use codes the codebook before it does not have: "
                f"{listed}; nothing was changed",
                hint=f"Move them first (`ptce-coding codebook merge {next(iter(stranded))} "
                "--into CODE`), or: " + HAND_HINT,
            )
        store.record_codebook(book.version, book.name, original)
        store.log(
            "codebook.change",
            operation="undo",
            undoes=operation,
            undone=token,
            mapping=renamed,
            moved={f"{now} → {back}": n for (now, back), n in done.moved.items()},
            journal=new_token,
            before_version=book.version,
            after_version=before.version,
        )

    recorded = store.codebook_content(book.version)[1]
    if original != recorded:  # a comment or the layout changed since: kept beside the YAML
        done.backup = path.with_name(f"{path.name}.before-undo")
        done.backup.write_text(original, encoding="utf-8")
    try:
        done.yaml_changed = together(path, store, "undo", original, text, codings)
    except BaseException:
        if done.backup is not None:
            done.backup.unlink(missing_ok=True)
        raise
    done.stranded_memos = [  # written since on a code the undo takes away: kept, and said
        memo for memo in store.memos("code") if memo.target in book and memo.target not in before
    ]
    return done
