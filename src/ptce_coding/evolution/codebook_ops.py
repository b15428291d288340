"""Codebook changes during analysis: the YAML is edited and the codings follow, together.

Each operation (rename, merge, split, move, retire) edits the YAML text (``codebook_edit``,
comments and order kept) and migrates the codings in one store transaction, recorded in the
event log with the ids before and after. If anything fails, neither the YAML nor the store
changes. A code removed from the YAML by hand while codings still use it is an *orphan*: the
commands that read codings stop and say how to resolve it; nothing is ever deleted
(evolution/orphan_codes.py). A consensus decision follows its code as any coding does, unless on
the code its code becomes it would take out codings the group did not refuse: then it is set
aside, kept whole in the event log for the undo (evolution/consensus_carry.py). A merge makes a
person's codings of its codes on one passage one coding (evolution/twin_codings.py).

The YAML file and the store cannot be written in one atomic step, so ``together`` writes the new
YAML inside the store transaction, after a journal; a command killed between the two leaves the
journal, which the next command reads (evolution/codebook_journal.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ptce_coding.base.errors import PtceError
from ptce_coding.base.files import atomic_path
from ptce_coding.base.records import CodingRow
from ptce_coding.codebook import edit as codebook_edit
from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.codebook.model import Codebook
from ptce_coding.evolution.codebook_journal import journal_path, write_journal
from ptce_coding.evolution.consensus_carry import SetAside, Unsettled, across_change
from ptce_coding.evolution.orphan_codes import check_repairable, check_unclaimed, orphaned_subtree
from ptce_coding.evolution.twin_codings import fold_twins, twins_of
from ptce_coding.store import Store


@dataclass
class Change:
    """What a codebook operation did."""

    operation: str
    mapping: dict[str, str] = field(default_factory=dict)
    moved: dict[str, int] = field(default_factory=dict)
    to_reassign: list[CodingRow] = field(default_factory=list)
    pending: int = 0  # suggestions of a split code that wait for review (not in the sheet)
    twins: int = 0  # passages where a coder's decisions on two merged codes became one code
    conflicts: int = 0  # of those, passages where the code is now accepted and rejected
    folded: int = 0  # passages where a merge made a person's codings of its codes one coding
    # consensus decisions that no longer settle some of their codings, and those set aside
    # (evolution/consensus_carry.py)
    unsettled: list[Unsettled] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    # a merge into a new code: the source whose texts it took (label, definition, include,
    # exclude: those not given), and the other sources, whose texts are left out
    took_from: str | None = None
    took: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    yaml_changed: bool = False


def _commit(
    path: Path,
    store: Store,
    before: Codebook,
    original: str,
    text: str,
    change: Change,
    consensus: str | None = None,
    **details: object,
) -> Change:
    """The YAML and the codings change together, or neither does (``before`` is the
    codebook ``original`` gives). The events keep what ``codebook undo`` needs: the ids of
    the codings each step moved and the codebook before (its text in the store). The
    decisions of ``consensus`` that no longer settle codings the change moves are in
    ``change.unsettled``; those it cannot carry are set aside (``change.set_aside``, kept
    whole in the event log: evolution/consensus_carry.py)."""
    book = parse_codebook(text, path=str(path))

    def codings(token: str) -> None:
        check_unclaimed(store, before, book, change.operation, change.mapping)
        carried = across_change(store, change.mapping, consensus)
        change.unsettled, change.set_aside = carried.unsettled, carried.set_aside
        # before the codings move: a decision set aside keeps its code, for the undo
        aside = [item.decision.id for item in change.set_aside]
        if aside:
            store.set_aside(aside, journal=token, operation=change.operation)
        memos = {old: [m.id for m in store.memos("code", old)] for old in change.mapping}
        change.moved = store.recode(
            change.mapping, f"codebook.{change.operation}", journal=token, **details
        )
        if change.operation == "merge":
            change.folded, change.twins, change.conflicts = fold_twins(store, token)
        exact = exact_texts(store, (before, original), (book, text))
        store.record_codebook(before.version, before.name, original)
        store.log(
            "codebook.change",
            operation=change.operation,
            mapping=change.mapping,
            moved=change.moved,
            journal=token,
            before_version=before.version,
            after_version=book.version,
            memos={old: ids for old, ids in memos.items() if ids},
            **({"set_aside": aside} if aside else {}),
            **details,
            **exact,
        )
        store.record_codebook(book.version, book.name, text)

    change.yaml_changed = together(path, store, change.operation, original, text, codings)
    return change


def together(
    path: Path,
    store: Store,
    operation: str,
    original: str,
    text: str,
    codings: Callable[[str], None],
) -> bool:
    """Run ``codings`` (given the change's journal token) in one store transaction and write
    the YAML ``text`` in it, after a journal: both happen or neither does
    (evolution/codebook_journal.py).
    Returns whether the YAML changed."""
    journal, token = journal_path(path), uuid.uuid4().hex
    written = False
    try:
        with store.transaction():
            codings(token)
            if text != original:
                write_journal(journal, token, operation, original, text)
                with atomic_path(path) as temp:
                    temp.write_text(text, encoding="utf-8")
                written = True
    except BaseException:  # the store refused after the YAML was written: put it back
        if written:
            with atomic_path(path) as temp:
                temp.write_text(original, encoding="utf-8")
        journal.unlink(missing_ok=True)
        raise
    journal.unlink(missing_ok=True)
    return written


def exact_texts(
    store: Store, before: tuple[Codebook, str], after: tuple[Codebook, str]
) -> dict[str, str]:
    """For a change's event, the codebook's texts before and after it (``before_text``,
    ``after_text``) that the store does not keep: it keeps each version's first text, and a
    comment or the layout may have been edited since. With them, ``codebook undo`` gives the
    file back as it was, byte for byte. Read before the change records its versions."""
    known = set(store.codebook_versions())
    return {
        key: text
        for key, (book, text) in (("before_text", before), ("after_text", after))
        if book.version in known and store.codebook_content(book.version)[1] != text
    }


def rename(
    path: Path, store: Store, book: Codebook, old: str, new: str, consensus: str | None = None
) -> Change:
    """Rename a code (and its sub-codes); or, when the YAML was already edited by hand
    (``old`` gone, ``new`` there), move the codings of ``old`` to ``new``."""
    original = path.read_text(encoding="utf-8")
    change = Change("rename")
    if old in book:
        text, change.mapping = codebook_edit.rename_code(original, old, new)
    else:
        check_repairable(store, book, [old], new, known=new in book, subtree=True)
        text, change.mapping = original, orphaned_subtree(store, book, old, new)
        # onto codes of the codebook: a coder who coded both on a passage now has two
        change.twins, change.conflicts = twins_of(store, change.mapping)
    return _commit(path, store, book, original, text, change, consensus, old=old, new=new)


def merge(
    path: Path,
    store: Store,
    book: Codebook,
    sources: list[str],
    into: str,
    consensus: str | None = None,
    label: str | None = None,
    definition: str | None = None,
) -> Change:
    """Merge codes into one; codes already gone from the YAML are merged in the store only.
    A person's codings of two of them on one passage become one (``Store.fold_twins``), which
    `codebook undo` makes two again. A new code takes the texts of the first source
    (``change.took``), but the ``label`` and ``definition`` given."""
    original = path.read_text(encoding="utf-8")
    in_yaml = [code for code in sources if code in book]
    gone = [code for code in sources if code not in book]
    if gone:
        check_repairable(store, book, gone, into, known=into in book or bool(in_yaml))
    if not in_yaml and (label is not None or definition is not None):
        raise PtceError(
            f"--label and --definition set the texts of {into} in the codebook, and this merge "
            "changes only the store (its sources are no longer in the codebook)",
            hint="Edit the label and definition in the YAML.",
        )
    change = Change("merge")
    text = original
    if in_yaml:
        text, change.mapping = codebook_edit.merge_codes(original, in_yaml, into, label, definition)
        if into not in book:
            first = book.get(in_yaml[0])
            given = {"label": label, "definition": definition}
            change.took_from, change.left_out = first.id, tuple(in_yaml[1:])
            change.took = tuple(
                name
                for name in ("label", "definition", "include", "exclude")
                if given.get(name) is None and str(getattr(first, name)).strip()
            )
    change.mapping.update({code: into for code in gone})
    return _commit(path, store, book, original, text, change, consensus, sources=sources, into=into)


def move(
    path: Path,
    store: Store,
    book: Codebook,
    code: str,
    parent: str | None,
    consensus: str | None = None,
) -> Change:
    """Move a code (its sub-codes follow) under ``parent``. The decisions of ``consensus``
    on the codes it leaves (``INST`` for INST.COLLECTIVITES moved under GOUV) no longer
    settle its codings: they are in ``change.unsettled``."""
    original = path.read_text(encoding="utf-8")
    _in_codebook(book, code)
    change = Change("move")
    text, change.mapping = codebook_edit.move_code(original, code, parent)
    return _commit(path, store, book, original, text, change, consensus, code=code, parent=parent)


def retire(path: Path, store: Store, book: Codebook, code: str) -> Change:
    original = path.read_text(encoding="utf-8")
    _in_codebook(book, code)
    text = codebook_edit.retire_code(original, code)
    return _commit(path, store, book, original, text, Change("retire"), code=code)


def unretire(path: Path, store: Store, book: Codebook, code: str) -> Change:
    """The inverse of ``retire``: the code is offered for new coding again."""
    original = path.read_text(encoding="utf-8")
    _in_codebook(book, code)
    text = codebook_edit.unretire_code(original, code)
    return _commit(path, store, book, original, text, Change("unretire"), code=code)


def split(path: Path, store: Store, book: Codebook, source: str, into: list[str]) -> Change:
    """New codes beside ``source``, which is retired; its accepted codings are listed for a
    human to re-assign (none is changed automatically). Its suggestions are only counted: no
    coder decided them, and a sheet row keeps its coder, which for a tagger's suggestion
    `codings import` refuses."""
    original = path.read_text(encoding="utf-8")
    _in_codebook(book, source)
    text = codebook_edit.split_code(original, source, into)
    change = Change("split")
    change.to_reassign = store.coding_rows(statuses=["accepted"], codes=[source])
    change.pending = len(store.coding_rows(statuses=["suggested"], codes=[source]))
    return _commit(path, store, book, original, text, change, source=source, into=into)


def _in_codebook(book: Codebook, code: str) -> None:
    if code not in book:
        raise PtceError(
            f"unknown code {code!r}{book.did_you_mean(code)}",
            hint="`ptce-coding codebook show` lists the codes.",
        )
