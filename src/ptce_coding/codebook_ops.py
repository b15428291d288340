"""Codebook changes during analysis: the YAML is edited and the codings follow, together.

Each operation (rename, merge, split, move, retire) edits the YAML text (``codebook_edit``,
comments and order kept) and migrates the codings in one store transaction, recorded in the
event log with the ids before and after. If anything fails, neither the YAML nor the store
changes. A code removed from the YAML by hand while codings still use it is an *orphan*: the
commands that read codings stop and say how to resolve it; nothing is ever deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ptce_coding import codebook_edit
from ptce_coding.codebook import ORPHAN_HINT, Codebook, parse_codebook
from ptce_coding.errors import PtceError
from ptce_coding.files import atomic_path
from ptce_coding.store import Store


@dataclass
class Change:
    """What a codebook operation did."""

    operation: str
    mapping: dict[str, str] = field(default_factory=dict)
    moved: dict[str, int] = field(default_factory=dict)
    to_reassign: list[dict] = field(default_factory=list)
    yaml_changed: bool = False


def orphans(store: Store, codebook: Codebook) -> dict[str, int]:
    """Code ids that codings use but the codebook no longer has, with their counts."""
    return {code: n for code, n in sorted(store.code_usage().items()) if code not in codebook}


def check_orphans(store: Store, codebook: Codebook) -> None:
    found = orphans(store, codebook)
    if found:
        listed = ", ".join(f"{code} ({n} coding(s))" for code, n in found.items())
        raise PtceError(
            f"codings use codes that are not in the codebook: {listed}", hint=ORPHAN_HINT
        )


def _commit(
    path: Path, store: Store, original: str, text: str, change: Change, **details: object
) -> Change:
    """The YAML and the codings change together, or neither does."""
    book = parse_codebook(text, path=str(path))
    written = False
    try:
        with store.transaction():
            change.moved = store.recode(change.mapping, f"codebook.{change.operation}", **details)
            store.log(
                "codebook.change", operation=change.operation, mapping=change.mapping,
                moved=change.moved, **details,
            )  # fmt: skip
            store.record_codebook(book.version, book.name, text)
            if text != original:
                with atomic_path(path) as temp:
                    temp.write_text(text, encoding="utf-8")
                written = change.yaml_changed = True
    except BaseException:  # the store refused after the YAML was written: put it back
        if written:
            with atomic_path(path) as temp:
                temp.write_text(original, encoding="utf-8")
        raise
    return change


def rename(path: Path, store: Store, book: Codebook, old: str, new: str) -> Change:
    """Rename a code (and its sub-codes); or, when the YAML was already edited by hand
    (``old`` gone, ``new`` there), move the codings of ``old`` to ``new``."""
    original = path.read_text(encoding="utf-8")
    change = Change("rename")
    if old in book:
        text, change.mapping = codebook_edit.rename_code(original, old, new)
    else:
        _repairable(store, book, [old], new, known=new in book)
        text, change.mapping = original, {old: new}
    return _commit(path, store, original, text, change, old=old, new=new)


def merge(path: Path, store: Store, book: Codebook, sources: list[str], into: str) -> Change:
    """Merge codes into one; codes already gone from the YAML are merged in the store only."""
    original = path.read_text(encoding="utf-8")
    in_yaml = [code for code in sources if code in book]
    gone = [code for code in sources if code not in book]
    if gone:
        _repairable(store, book, gone, into, known=into in book or bool(in_yaml))
    change = Change("merge")
    text = original
    if in_yaml:
        text, change.mapping = codebook_edit.merge_codes(original, in_yaml, into)
    change.mapping.update({code: into for code in gone})
    return _commit(path, store, original, text, change, sources=sources, into=into)


def move(path: Path, store: Store, book: Codebook, code: str, parent: str | None) -> Change:
    original = path.read_text(encoding="utf-8")
    _in_codebook(book, code)
    change = Change("move")
    text, change.mapping = codebook_edit.move_code(original, code, parent)
    return _commit(path, store, original, text, change, code=code, parent=parent)


def retire(path: Path, store: Store, book: Codebook, code: str) -> Change:
    original = path.read_text(encoding="utf-8")
    _in_codebook(book, code)
    text = codebook_edit.retire_code(original, code)
    return _commit(path, store, original, text, Change("retire"), code=code)


def unretire(path: Path, store: Store, book: Codebook, code: str) -> Change:
    """The inverse of ``retire``: the code is offered for new coding again."""
    original = path.read_text(encoding="utf-8")
    _in_codebook(book, code)
    text = codebook_edit.unretire_code(original, code)
    return _commit(path, store, original, text, Change("unretire"), code=code)


def split(path: Path, store: Store, book: Codebook, source: str, into: list[str]) -> Change:
    """New codes beside ``source``, which is retired; its codings are listed for a human to
    re-assign (none is changed automatically)."""
    original = path.read_text(encoding="utf-8")
    _in_codebook(book, source)
    text = codebook_edit.split_code(original, source, into)
    change = Change("split")
    change.to_reassign = store.coding_rows(statuses=["accepted", "suggested"], codes=[source])
    return _commit(path, store, original, text, change, source=source, into=into)


def _in_codebook(book: Codebook, code: str) -> None:
    if code not in book:
        raise PtceError(
            f"unknown code {code!r}", hint="`ptce-coding codebook show` lists the codes."
        )


def _repairable(store: Store, book: Codebook, gone: list[str], target: str, *, known: bool) -> None:
    usage = store.code_usage()
    unknown = [code for code in gone if not usage.get(code)]
    if unknown:
        raise PtceError(
            f"unknown code(s) {', '.join(unknown)}: not in the codebook, and no coding uses them",
            hint="`ptce-coding codebook show` lists the codes.",
        )
    if not known:
        raise PtceError(
            f"{target!r} is not in the codebook: the codings of {', '.join(gone)} need a code "
            "that exists",
            hint="Add the code to the YAML first, or give an existing one.",
        )
