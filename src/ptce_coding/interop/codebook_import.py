"""Codes from another tool (a REFI-QDA .qdc or .qdpx) added to the project's YAML codebook:
which codes are new, under which ids (the YAML text itself is edited by
:mod:`ptce_coding.codebook.merge`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.files import atomic_path
from ptce_coding.codebook.edit import retire_code
from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.codebook.merge import appended_yaml, yaml_scalar
from ptce_coding.codebook.model import Code, Codebook
from ptce_coding.interop.refi import RefiCode, code_ids, description_fields, read_qdc


def codes_to_add(
    refi_codes: list[RefiCode], codebook: Codebook
) -> tuple[dict[str, str], list[Code]]:
    """({guid: our id} for every code, [codes the codebook does not have yet]).

    A code whose id (given, or made from its name) is already in the codebook with the same
    label is that code: importing the same codebook twice adds nothing. Another code that
    would take an id already used gets a free one (``_2``…). A code the file says is not
    codable (``isCodable="false"``) is added retired when it has no sub-code, or when
    ptce-coding wrote it (its id line), which writes that for its retired codes only: a
    folder of codes in NVivo, MAXQDA or ATLAS.ti is not codable either, and stays a code.
    A sub-code keeps its colour when it is not its parent's (QualCoder gives each code its
    own; MAXQDA repeats the parent's, which the YAML need not: a sub-code inherits it).
    """
    ids = code_ids(refi_codes, set())
    taken = {code.id for code in codebook.codes} | set(ids.values())
    for code in refi_codes:
        code_id = ids[code.guid]
        if code_id in codebook and codebook.get(code_id).label.casefold() != code.name.casefold():
            number = 2
            while f"{code_id}_{number}" in taken:
                number += 1
            ids[code.guid] = f"{code_id}_{number}"
            taken.add(ids[code.guid])
    by_guid = {code.guid: code for code in refi_codes}
    parents = {code.parent_guid for code in refi_codes}
    new = []
    for code in refi_codes:
        code_id = ids[code.guid]
        if code_id in codebook:
            continue
        fields = description_fields(code.description)
        parent = ids.get(code.parent_guid) if code.parent_guid in by_guid else None
        above = by_guid.get(code.parent_guid or "")
        inherited = above.color if above is not None else None
        new.append(
            Code(
                id=code_id,
                label=code.name.strip() or code_id,
                parent=parent,
                definition=fields["definition"],
                include=fields["include"],
                exclude=fields["exclude"],
                examples=tuple(fields["examples"]),
                color=code.color if parent is None or code.color != inherited else None,
                retired=not code.codable and (code.guid not in parents or code.code_id is not None),
            )
        )
    return ids, new


def _refuse_nameless(refi_codes: list[RefiCode], qdc: Path) -> None:
    """A code without a name would enter the codebook under an id and a label made from its
    GUID (``CODE_…``), which nobody would recognise: refused, with the GUIDs."""
    nameless = [code.guid for code in refi_codes if not code.name.strip()]
    if nameless:
        raise ExchangeError(
            f"{len(nameless)} code(s) without a name (GUID {', '.join(nameless[:5])}"
            + (" …" if len(nameless) > 5 else "")
            + "); nothing was written",
            path=qdc,
            hint="Give each code a name in the tool that wrote the file (or in the code's "
            "`name` attribute in the .qdc), then import it again.",
        )


def appended_codes(text: str, added: list[Code], source: str) -> str:
    """The codebook text with the ``added`` codes appended, those that come retired marked
    ``retired: true`` (``codebook.merge.appended_yaml`` writes the codes' texts only)."""
    merged = appended_yaml(text, added, source)
    retired = [code.id for code in added if code.retired]
    if retired:
        book = parse_codebook(merged)
        for code_id in retired:
            if not book.get(code_id).retired:
                merged = retire_code(merged, code_id)
    return merged


@dataclass(frozen=True)
class QdcImport:
    """What `codebook import` did: codes added, codes in the codebook, codes of the file
    left out and why."""

    added: int
    total: int
    warnings: list[str]


def import_qdc(qdc: Path, target: Path, *, new: bool) -> QdcImport:
    """Add a .qdc's codes to the YAML codebook ``target`` (or write a new codebook there when
    ``new``). Written whole, after validation."""
    warnings: list[str] = []
    refi_codes = read_qdc(qdc, warnings=warnings)
    _refuse_nameless(refi_codes, qdc)
    if new:
        if target.exists():
            raise ExchangeError(f"{target} exists; nothing was written")
        text = f"name: {yaml_scalar(qdc.stem)}\nlanguage: fr\ncodes:\n"
        empty = parse_codebook("name: x\ncodes:\n  - id: X\n    label: x\n")
        _, added = codes_to_add(refi_codes, empty)
    else:
        text = target.read_text(encoding="utf-8")
        _, added = codes_to_add(refi_codes, parse_codebook(text, path=str(target)))
    retired = [code.id for code in added if code.retired]
    if retired:
        warnings.append(
            f'{len(retired)} code(s) not codable in the file (isCodable="false") added '
            f"retired: {', '.join(retired)} (`ptce-coding codebook unretire CODE` offers one "
            "for coding)"
        )
    merged = appended_codes(text, added, qdc.name)
    book = parse_codebook(merged, path=str(target))
    with atomic_path(target) as temp:
        temp.write_text(merged, encoding="utf-8")
    return QdcImport(len(added), len(book), warnings)
