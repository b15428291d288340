"""Codebook changes during analysis: the YAML is edited and the codings follow, together.

Each operation (rename, merge, split, move, retire) edits the YAML text (``codebook_edit``,
comments and order kept) and migrates the codings in one store transaction, recorded in the
event log with the ids before and after. If anything fails, neither the YAML nor the store
changes. A code removed from the YAML by hand while codings still use it is an *orphan*: the
commands that read codings stop and say how to resolve it; nothing is ever deleted. A
consensus decision follows its code as any coding does, unless on the code its code becomes it
would take out codings the group did not refuse: then it is set aside, kept whole in the event
log for the undo (evolution/consensus_carry.py).

The YAML file and the store cannot be written in one atomic step, so the new YAML is written
inside the store transaction, after a journal (``.NAME.journal`` beside the codebook) that
holds the YAML before and after and a token the store's event records. A command killed
between the two leaves the journal; the next command (``finish_interrupted``) looks for the
token in the store: there, the change is complete and the journal goes; not there, the store
never saw the change and the YAML before is put back.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ptce_coding.base.errors import PtceError
from ptce_coding.base.files import atomic_path
from ptce_coding.base.records import CodingRow
from ptce_coding.codebook import edit as codebook_edit
from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.codebook.model import ORPHAN_HINT, Codebook
from ptce_coding.evolution.consensus_carry import SetAside, Unsettled, across_change
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
            _fold_twins(store, change, token)
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
    the YAML ``text`` in it, after a journal: both happen or neither does (module docstring).
    Returns whether the YAML changed."""
    journal, token = journal_path(path), uuid.uuid4().hex
    written = False
    try:
        with store.transaction():
            codings(token)
            if text != original:
                _write_journal(journal, token, operation, original, text)
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


def check_unclaimed(
    store: Store,
    before: Codebook,
    after: Codebook,
    operation: str,
    mapping: dict[str, str] | None = None,
) -> None:
    """Refuse a change whose new ids are orphans, ids removed from the YAML by hand that
    codings still use: the new code would silently take those codings as its own
    (``mapping``: the ids the change gives codings, which are theirs to take)."""
    usage = store.code_usage()
    moved = mapping or {}
    claimed = {
        code.id: usage[code.id]
        for code in after.codes
        if code.id not in before and code.id not in moved and usage.get(code.id)
    }
    if claimed:
        listed = ", ".join(f"{code} ({n} coding(s))" for code, n in claimed.items())
        first = next(iter(claimed))
        raise PtceError(
            f"`codebook {operation}` would create {listed}: codings still use "
            f"{'this id' if len(claimed) == 1 else 'these ids'} though the code was removed "
            "from the codebook by hand, and the new code would take them as its own; nothing "
            "was changed",
            hint=f"Decide first what those codings are: `ptce-coding codebook merge {first} "
            f"--into CODE` moves them to a code of the codebook; or choose another id.",
        )


def journal_path(codebook_path: Path) -> Path:
    return codebook_path.with_name(f".{codebook_path.name}.journal")


def _write_journal(journal: Path, token: str, operation: str, before: str, after: str) -> None:
    entry = {"token": token, "operation": operation, "before": before, "after": after}
    with atomic_path(journal) as temp:
        temp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")


def finish_interrupted(codebook_path: Path, store_path: Path) -> str | None:
    """Complete or undo a codebook change that a killed command left half done (see the
    module docstring); a sentence saying what was done, or None when there was nothing."""
    journal = journal_path(codebook_path)
    if not journal.is_file():
        return None
    try:
        entry = json.loads(journal.read_text(encoding="utf-8"))
        token, operation = str(entry["token"]), str(entry["operation"])
        before, after = str(entry["before"]), str(entry["after"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PtceError(
            f"the journal of an interrupted codebook change cannot be read ({exc})",
            path=journal,
            hint=f"Check that {codebook_path.name} matches `ptce-coding codebook diff`, then "
            "delete the journal.",
        ) from None
    with Store(store_path) as store, store.transaction():  # waits for a change still running
        if store.codebook_change_committed(token):
            journal.unlink(missing_ok=True)
            return None
        current = codebook_path.read_text(encoding="utf-8") if codebook_path.is_file() else None
        if current not in (before, after):
            raise PtceError(
                f"`codebook {operation}` was interrupted before the store recorded it, and "
                f"{codebook_path.name} was edited since: nothing was changed",
                path=journal,
                hint=f"The journal (JSON) holds the codebook as it was (`before`); restore "
                f"{codebook_path.name} from it or keep your edit, then delete the journal.",
            )
        if current == after:
            with atomic_path(codebook_path) as temp:
                temp.write_text(before, encoding="utf-8")
        journal.unlink()
    return (
        f"`codebook {operation}` was interrupted before the store recorded it: "
        f"{codebook_path.name} is back as it was and the codings did not change; run it again."
    )


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
        _repairable(store, book, [old], new, known=new in book, subtree=True)
        text, change.mapping = original, _orphaned_subtree(store, book, old, new)
        # onto codes of the codebook: a coder who coded both on a passage now has two
        change.twins, change.conflicts = _twins_of(store, change.mapping)
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
        _repairable(store, book, gone, into, known=into in book or bool(in_yaml))
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


def _fold_twins(store: Store, change: Change, token: str) -> None:
    """After the merge's recoding (its events carry ``token``): one coding per coder,
    passage and code (``Store.fold_twins``); ``twins`` and ``conflicts`` count the passages
    where decisions that are not a person's own coding (a tagger's rejected suggestions)
    still stand twice."""
    moved = {
        int(coding): (str(event["details"]["before"]), str(event["details"]["after"]))
        for event in store.recoded_by(token)
        for coding in event["details"].get("codings", [])
    }
    change.folded = store.fold_twins(moved, change=token)
    decided = store.coding_rows(
        statuses=["accepted", "rejected"],
        codes=sorted({after for _, after in moved.values()}),
        with_text=False,
    )
    groups: dict[tuple[str, int, int, str, str], list[CodingRow]] = defaultdict(list)
    for row in decided:
        groups[(row.document, row.start, row.end, row.coder, row.code)].append(row)
    twins = [rows for rows in groups.values() if len(rows) > 1 and any(r.id in moved for r in rows)]
    change.twins = len(twins)
    change.conflicts = sum(len({row.status for row in rows}) > 1 for rows in twins)


def _twins_of(store: Store, mapping: dict[str, str]) -> tuple[int, int]:
    """``_twins`` for each code that ``mapping`` moves codings onto, summed."""
    found = [
        _twins(store, [*(old for old, new in mapping.items() if new == target), target])
        for target in sorted(set(mapping.values()))
    ]
    return sum(t for t, _ in found), sum(c for _, c in found)


def _twins(store: Store, merged: list[str]) -> tuple[int, int]:
    """Passages where one coder decided (accepted or rejected) two of the ``merged`` codes,
    which a hand rename onto a code of the codebook makes two decisions on one code; and, of
    those, where one was accepted and another rejected. Both codings are kept: this only says
    so (a merge makes them one: ``_fold_twins``)."""
    decided = store.coding_rows(statuses=["accepted", "rejected"], codes=merged, with_text=False)
    groups: dict[tuple[str, int, int, str], list[CodingRow]] = defaultdict(list)
    for row in decided:
        groups[(row.document, row.start, row.end, row.coder)].append(row)
    twins = [rows for rows in groups.values() if len({row.code for row in rows}) > 1]
    conflicts = [rows for rows in twins if len({row.status for row in rows}) > 1]
    return len(twins), len(conflicts)


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


def _orphaned_subtree(store: Store, book: Codebook, old: str, new: str) -> dict[str, str]:
    """A hand rename of a parent renames its sub-codes too: ``old`` -> ``new`` and each
    orphaned ``old.X`` -> ``new.X``, which must be in the codebook (else nothing moves)."""
    below = [code for code in orphans(store, book) if code.startswith(old + ".")]
    mapping = {old: new, **{code: new + code[len(old) :] for code in below}}
    missing = {code: target for code, target in mapping.items() if target not in book}
    if missing:
        listed = ", ".join(f"{code} → {target}" for code, target in missing.items())
        raise PtceError(
            f"the sub-codes of {old} would move to codes that are not in the codebook: "
            f"{listed}; nothing was changed",
            hint=f"Rename the sub-codes in the YAML as well, or give each its own "
            f"`ptce-coding codebook rename {old}.X NEW` first.",
        )
    return mapping


def _repairable(
    store: Store,
    book: Codebook,
    gone: list[str],
    target: str,
    *,
    known: bool,
    subtree: bool = False,
) -> None:
    usage = store.code_usage()
    used = {c for c, n in usage.items() if n}
    unknown = [
        code
        for code in gone
        if code not in used and not (subtree and any(c.startswith(code + ".") for c in used))
    ]
    if unknown:
        raise PtceError(
            f"unknown code(s) {', '.join(unknown)}: not in the codebook, and no coding uses them"
            + "".join(book.did_you_mean(code) for code in unknown[:1]),
            hint="`ptce-coding codebook show` lists the codes.",
        )
    if not known:
        raise PtceError(
            f"{target!r} is not in the codebook: the codings of {', '.join(gone)} need a code "
            "that exists",
            hint="Add the code to the YAML first, or give an existing one.",
        )
