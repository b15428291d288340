"""Orphan codes: ids that codings use but the codebook no longer has (removed from the YAML
by hand). The commands that read codings stop on them; a change may not create one of their
ids anew; a rename or merge of codes already gone from the YAML moves their codings."""

from __future__ import annotations

from ptce_coding.base.errors import PtceError
from ptce_coding.codebook.model import ORPHAN_HINT, Codebook
from ptce_coding.store import Store


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


def orphaned_subtree(store: Store, book: Codebook, old: str, new: str) -> dict[str, str]:
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


def check_repairable(
    store: Store,
    book: Codebook,
    gone: list[str],
    target: str,
    *,
    known: bool,
    subtree: bool = False,
) -> None:
    """Refuse moving the codings of ``gone``, codes no longer in the YAML, when no coding uses
    one of them (with ``subtree``: nor one of its sub-codes), or onto a ``target`` that is not
    ``known`` to the codebook."""
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
