"""Codes of a REFI-QDA codebook named as codes of the project's codebook, under another id.

Another tool's codebook often holds codes the project has already: typed by hand from the
grid (« Coopération » for COOP), or moved to another place in that tool. Imported as they
come, they would sit beside the project's codes under ids made from their names, two codes
of one name. ``codebook import`` says so before writing anything; ``--same-name skip``
takes each as the codebook's code of that name (its new sub-codes go under that code),
``--same-name add`` adds them beside all the same.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace

from ptce_coding.base.errors import ExchangeError
from ptce_coding.codebook.model import Code, Codebook
from ptce_coding.interop.refi import RefiCode

CHOICES = ("skip", "add")
_LISTED = 25  # names listed in full by a refusal; the others counted


def name_key(name: str) -> str:
    """A code's name as two names are compared: NFC, case folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass(frozen=True)
class SameName:
    """A code of the file (``code``, which would be added as ``file_id``) whose name is that
    of ``matches``, codes of the codebook; ``parent``: its parent's name in the file."""

    code: RefiCode
    file_id: str
    parent: str | None
    matches: tuple[Code, ...]

    def line(self) -> str:
        """« « Achats » (under « Coopération » in the file, would be COOPERATION.ACHATS) is
        COOP.ACHATS (under COOP) »."""
        where = f"under « {self.parent} »" if self.parent is not None else "top level"
        ours = " or ".join(
            code.id + (f" (under {code.parent})" if code.parent else "") for code in self.matches
        )
        return (
            f"« {self.code.name.strip()} » ({where} in the file, would be {self.file_id}) is {ours}"
        )


def same_names(refi_codes: list[RefiCode], ids: dict[str, str], book: Codebook) -> list[SameName]:
    """The codes of the file that would be added (``ids``: their ids, by GUID) though the
    codebook has a code of their name."""
    labels = _labels(book)
    names = {code.guid: code.name.strip() for code in refi_codes}
    return [
        SameName(
            code,
            ids[code.guid],
            names.get(code.parent_guid or ""),
            tuple(labels[name_key(code.name)]),
        )
        for code in refi_codes
        if ids[code.guid] not in book and name_key(code.name) in labels
    ]


def refuse_same_names(found: list[SameName], file: str) -> None:
    """Refused, listed, nothing written: the user chooses with ``--same-name``."""
    lines = [item.line() for item in found[:_LISTED]]
    if len(found) > _LISTED:
        lines.append(f"… and {len(found) - _LISTED} more")
    raise ExchangeError(
        f"{len(found)} code(s) of the file have the name of a code of the codebook; nothing "
        "was written:\n  - " + "\n  - ".join(lines),
        path=file,
        hint="`--same-name skip` takes each as the codebook's code of that name (not added; "
        "its new sub-codes go under that code), `--same-name add` adds them beside it under "
        "the ids shown; to put a code of the codebook where the file has it first, "
        "`ptce-coding codebook move ID PARENT`.",
    )


def as_codebook_codes(
    refi_codes: list[RefiCode], ids: dict[str, str], book: Codebook, file: str
) -> tuple[list[RefiCode], dict[str, str]]:
    """The codes of the file, each named as a code of the codebook given that code's id
    (their sub-codes then get ids under it), and {the id it would have had: the codebook's
    id}.
    Of several codes of the codebook of one name, the one at the code's place (under the
    code its parent is, or at the top level) is it; none there: refused, listed."""
    labels = _labels(book)
    by_guid = {code.guid: code for code in refi_codes}
    ours: dict[str, str | None] = {}  # GUID: the codebook's code it is (None: a new code)
    unsure: list[SameName] = []

    def resolve(code: RefiCode) -> str | None:
        if code.guid in ours:
            return ours[code.guid]
        ours[code.guid] = None  # a cycle of parents stops here
        found = ids[code.guid] if ids[code.guid] in book else None
        candidates = labels.get(name_key(code.name), [])
        if found is None and candidates:
            parent = by_guid.get(code.parent_guid or "")
            above = resolve(parent) if parent is not None else None
            here = [c for c in candidates if c.parent == above and (parent is None or above)]
            if len(here) == 1 or len(candidates) == 1:
                found = (here or candidates)[0].id
            else:
                name = parent.name.strip() if parent is not None else None
                unsure.append(SameName(code, ids[code.guid], name, tuple(candidates)))
        ours[code.guid] = found
        return found

    for code in refi_codes:
        resolve(code)
    if unsure:
        raise ExchangeError(
            f"--same-name skip: {len(unsure)} code(s) of the file have the name of several "
            "codes of the codebook, none at their place, and cannot be told apart; nothing "
            "was written:\n  - " + "\n  - ".join(item.line() for item in unsure[:_LISTED]),
            path=file,
            hint="Rename them in the tool that wrote the file, or give `--same-name add`.",
        )
    taken = {
        ids[code.guid]: str(ours[code.guid])
        for code in refi_codes
        if ours[code.guid] and ids[code.guid] not in book
    }
    resolved = [
        replace(code, code_id=ours[code.guid]) if ours[code.guid] else code for code in refi_codes
    ]
    return resolved, taken


def _labels(book: Codebook) -> dict[str, list[Code]]:
    """The codebook's codes by their label's key."""
    labels: dict[str, list[Code]] = defaultdict(list)
    for code in book.codes:
        labels[name_key(code.label)].append(code)
    return labels
