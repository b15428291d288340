"""Undo the codebook changes, newest first (``ptce-coding codebook undo``).

A merge done by mistake mixes the codings of several codes into one: without an undo, the
distinction the coders made is lost to the user, though the event log holds it. Undoing the
newest change not undone yet (rename, merge, split, move, retire, unretire) puts the YAML back
as it was before it (its text, kept in the store) and gives each coding the change moved its
code back, where it still has the code the change gave it; a code renamed or moved takes back
what was coded with it since, and its memos. The consensus decisions the change set aside
(evolution/consensus_carry.py) come back, with their ids. The codings a split's
re-assignment sheet gave new codes go back to the split code, whatever renames and moves were
made (and undone) since (evolution/split_reassignments.py). A coding the change made one with
another coding of its coder (a fold) comes back whatever was done since to the one kept, and
the command says so after what it undid (evolution/undo_folds.py). Each undo steps one
change further back; an undo is undone by making the change again. Its event names the codes
the change was about (``codes``), for `history --code`.

The codes a .qdpx import added (`import FILE --codes add`) are such a change too: its undo
takes them out of the YAML and takes back the documents that import added, with their codings
(kept in the event log, as `documents remove` keeps them), unless something was added to them
since; importing the file again with `--codes skip` brings the documents back without the codes.
So are the codes a .qdc added (`codebook import FILE.qdc`, details ``format: qdc``): its undo
takes them out of the YAML.

The YAML comes back as it was, byte for byte: the store keeps each codebook version's first
text, and a change made after a comment was edited keeps its own (``before_text``).

Refused, with nothing changed, when the undo would lose or break something: the codebook was
edited since the change (its content is no longer what the change left), the change was made
by a version that did not keep what undoing needs, or codings made or changed since use a
code the codebook before the change does not have (a split's new codes, once coded). The
taggers' suggestions of such a code that wait for review go: `code` makes them again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ptce_coding.base.errors import PtceError
from ptce_coding.base.notices import say
from ptce_coding.base.records import MemoRow
from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.codebook.model import Codebook
from ptce_coding.evolution.codebook_ops import together
from ptce_coding.evolution.orphan_codes import orphans
from ptce_coding.evolution.split_reassignments import reassigned_back
from ptce_coding.evolution.undo_folds import refusal_words, since_the_change
from ptce_coding.store import Store
from ptce_coding.store.recoding import REASSIGNED
from ptce_coding.store.twin_folds import Unfolded

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
    put_back: int = 0  # consensus decisions the change had set aside
    stranded_memos: list[MemoRow] = field(default_factory=list)  # on a code now gone
    # codings a fold had removed whose coding kept was changed or removed since
    unfolded: list[Unfolded] = field(default_factory=list)
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
                else "the codebook commands (rename, merge, split, move, retire, unretire, "
                "import FILE.qdc) have not been used in this project, nor "
                "`import FILE.qdpx --codes add`"
            ),
            hint="A change made by editing the YAML by hand is undone by editing it back; an "
            "undo is undone by making the change again.",
        )
    change = left[-1]
    details = change["details"]
    operation = str(details.get("operation", "?"))
    command = _command(details)  # the command the user ran
    said = f"`{command}` of {change['at'][:16].replace('T', ' ')} ({change['actor']})"
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
    # the text of the moment: the store keeps each version's first text only
    text = str(details.get("before_text") or store.codebook_content(before_version)[1])
    before = parse_codebook(text, path=f"{path} (before {said})")
    # a split's re-assignments go back to the split code by its id at the split, from the
    # code the changes since gave them (evolution/split_reassignments.py)
    moves = [
        (int(coding), str(event["details"]["after"]), str(event["details"]["before"]))
        for event in store.recoded_by(token)
        if event["action"] != REASSIGNED
        for coding in event["details"].get("codings", [])
    ]
    if operation == "split":
        moves += reassigned_back(store, change)
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

    taken_back: tuple[list[str], int] = ([], 0)  # an import's documents, their codings

    def codings(new_token: str) -> None:
        nonlocal taken_back
        if operation == "import":
            taken_back = _take_back_import(store, details, said)
        if details.get("set_aside"):  # consensus decisions (consensus_carry.py), as they were
            done.put_back = store.put_back(str(token), "codebook.undo.set_aside", journal=new_token)
        back = store.code_back(moves, memos, "codebook.undo", journal=new_token)
        done.moved, done.memos, done.unfolded = back.moved, back.memos, back.unfolded
        # the taggers' suggestions of a code the undo takes away: `code` makes them again
        done.dropped = store.drop_suggestions_of(
            sorted(orphans(store, before)), "codebook.undo.suggestions", journal=new_token
        )
        stranded = orphans(store, before)
        if stranded:
            listed = ", ".join(f"{code} ({n} coding(s))" for code, n in stranded.items())
            words, folds = refusal_words(since_the_change(store, change, list(stranded)))
            made = (
                f"codings of documents it did not add (already in the project), or {words},"
                if operation == "import" and details.get("format") != "qdc"
                else f"codings {words} {said}"
            )
            raise PtceError(
                f"{made} use codes the codebook before it does not have: "
                f"{listed}; nothing was changed",
                # a merge would be a newer change, which the next undo takes back first
                hint=folds + "Give those codings another code first (`ptce-coding codings export`, "
                "change `code` in their rows, `ptce-coding codings import FILE --update`), "
                "then undo again; or "
                + (
                    "keep the codes (`ptce-coding codebook retire CODE` takes one out of coding)."
                    if operation == "import"
                    else HAND_HINT[0].lower() + HAND_HINT[1:]
                ),
            )
        store.record_codebook(book.version, book.name, original)
        store.log(
            "codebook.change",
            operation="undo",
            undoes=operation,
            codes=undone_codes(details),
            undone=token,
            mapping=renamed,
            moved={f"{now} → {back}": n for (now, back), n in done.moved.items()},
            journal=new_token,
            before_version=book.version,
            after_version=before.version,
        )

    recorded = details.get("after_text") or store.codebook_content(book.version)[1]
    if original != recorded:  # a comment or the layout changed since: kept beside the YAML
        done.backup = path.with_name(f"{path.name}.before-undo")
        done.backup.write_text(original, encoding="utf-8")
    try:
        done.yaml_changed = together(path, store, "undo", original, text, codings)
    except BaseException:
        if done.backup is not None:
            done.backup.unlink(missing_ok=True)
        raise
    if operation == "import":
        _say_import_undone(details, change["at"], *taken_back)
    done.stranded_memos = [  # written since on a code the undo takes away: kept, and said
        memo for memo in store.memos("code") if memo.target in book and memo.target not in before
    ]
    return done


# the keys by which a change's event names the codes it is about
SUBJECT_KEYS = ("old", "new", "code", "source", "into", "sources", "codes_added")


def undone_codes(details: dict[str, Any]) -> list[str]:
    """The codes the change of ``details`` was about (its subjects, the ids it gave another):
    named by its undo's event too, so that `history --code` of a split code, or of a code
    merged, lists the undo that took the change back."""
    named: set[str] = set()
    for key in SUBJECT_KEYS:
        value = details.get(key)
        values = value if isinstance(value, list) else [value]
        named |= {str(code) for code in values if isinstance(code, str) and code}
    mapping = details.get("mapping") or {}
    return sorted(named | set(mapping) | {str(code) for code in mapping.values()})


def _command(details: dict[str, Any]) -> str:
    """The command that made a codebook change, as the user ran it: an import's codes are a
    change of the codebook too (``codebook import FILE.qdc``, ``import FILE.qdpx --codes
    add``)."""
    operation = str(details.get("operation", "?"))
    if operation != "import":
        return f"codebook {operation}"
    if details.get("format") == "qdc":
        return f"codebook import {details.get('file', 'FILE.qdc')}"
    return f"import {details.get('file', 'FILE.qdpx')} --codes add"


def _take_back_import(store: Store, details: dict[str, Any], said: str) -> tuple[list[str], int]:
    """The documents a .qdpx import with new codes added (``details``: its codebook change)
    go, with their codings and memos, kept whole in the event log (``documents remove``):
    the codes cannot go while their codings stay. Refused when one of them holds a coding or
    a memo the import did not bring (a tagger's suggestion waiting for review aside).
    Returns (the documents removed, their codings)."""
    documents = [
        document
        for document in (store.document(name) for name in details.get("documents_added", []))
        if document is not None
    ]
    imported, memo_ids = set(details.get("codings_added", [])), set(details.get("memos_added", []))
    all_memos = store.memos()
    since: list[str] = []
    codings = 0
    for document in documents:
        rows = store.document_codings(document.id)
        codings += len(rows)
        added = [row for row in rows if row.id not in imported and row.status != "suggested"]
        ids = {str(row.id) for row in rows}
        notes = [
            memo
            for memo in all_memos
            if memo.id not in memo_ids
            and (
                (memo.target_kind == "document" and memo.target == document.name)
                or (memo.target_kind == "coding" and memo.target in ids)
            )
        ]
        if added or notes:
            since.append(f"{document.name!r} ({len(added)} coding(s), {len(notes)} memo(s))")
    if since:
        raise PtceError(
            f"undoing {said} takes back the documents that import added, and some hold work "
            f"done since: {', '.join(since)}; nothing was changed",
            hint="Keep the codes (`ptce-coding codebook retire CODE` takes one out of coding), "
            "or save that work first (`ptce-coding codings export`), remove those documents "
            "(`ptce-coding documents remove NAME`) and undo again.",
        )
    return list(store.remove_documents([document.name for document in documents])), codings


def _say_import_undone(details: dict[str, Any], at: str, removed: list[str], codings: int) -> None:
    """What the undo of an import's codes did: said in the words of the import the user ran
    (the command line's own line speaks of a `codebook import`)."""
    file = str(details.get("file", "the .qdpx"))
    codes = len(details.get("codes_added", []))
    done = f"Undid the import of {file} of {at[:16].replace('T', ' ')}: {codes} code(s) taken out "
    if not removed:
        say(done + "of the codebook")
        return
    say(
        f"{done}of the codebook and {len(removed)} document(s) taken back ({', '.join(removed)}; "
        f"{codings} coding(s)), kept in the history: `ptce-coding import {file} --codes skip` "
        "imports them again without the codes"
    )
