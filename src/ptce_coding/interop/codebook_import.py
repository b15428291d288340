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
from ptce_coding.evolution.codebook_ops import exact_texts, together
from ptce_coding.evolution.orphan_codes import check_unclaimed
from ptce_coding.interop.refi import RefiCode, code_ids, description_fields, read_qdc
from ptce_coding.interop.same_names import (
    CHOICES,
    as_codebook_codes,
    name_key,
    refuse_same_names,
    same_names,
)
from ptce_coding.store import Store


def codes_to_add(
    refi_codes: list[RefiCode], codebook: Codebook
) -> tuple[dict[str, str], list[Code]]:
    """({guid: our id} for every code, [codes the codebook does not have yet]).

    A code whose id (given, or made from its name) is already in the codebook with the same
    label is that code: importing the same codebook twice adds nothing. Another code that
    would take an id already used gets a free one (``_2``…), and its sub-codes ids under
    it. A code the file says is not
    codable (``isCodable="false"``) is added retired when it has no sub-code, or when
    ptce-coding wrote it (its id line), which writes that for its retired codes only: a
    folder of codes in NVivo, MAXQDA or ATLAS.ti is not codable either, and stays a code.
    A sub-code keeps its colour when it is not its parent's (QualCoder gives each code its
    own; MAXQDA repeats the parent's, which the YAML need not: a sub-code inherits it).
    """
    ids = _free_ids(refi_codes, codebook)
    taken = {code.id for code in codebook.codes} | set(ids.values())
    for code in refi_codes:  # an id the file gives (ptce-coding's), of another code here
        code_id = ids[code.guid]
        if _of_another_code(codebook, code_id, code.name):
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


def _of_another_code(codebook: Codebook, code_id: str, name: str) -> bool:
    """Whether ``code_id`` is the id of a code of the codebook with another name."""
    return code_id in codebook and name_key(codebook.get(code_id).label) != name_key(name)


def _free_ids(refi_codes: list[RefiCode], codebook: Codebook) -> dict[str, str]:
    """The codes' ids (``refi.code_ids``), made again while one is the id of a code of the
    codebook with another name (it takes ``_2``…), so that its sub-codes' ids are under
    the id it gets (ECO_2.MONNAIE, not ECO.MONNAIE under ECO_2)."""
    others: set[str] = set()
    while True:
        ids = code_ids(refi_codes, others)
        found = {ids[c.guid] for c in refi_codes if _of_another_code(codebook, ids[c.guid], c.name)}
        if found <= others:  # what is left: ids the file gives, which code_ids keeps
            return ids
        others |= found


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
    """What `codebook import` does to the codebook ``target``: its text before and after,
    the codes added, the codes of the file taken as the codebook's (``--same-name skip``:
    {the id it would have had: the codebook's}), warnings."""

    file: Path
    target: Path
    original: str
    text: str
    added: list[Code]
    taken: dict[str, str]
    warnings: list[str]
    total: int  # codes in the codebook after


def plan_qdc_import(qdc: Path, target: Path, *, same_name: str | None = None) -> QdcImport:
    """The codes of a .qdc to add to the YAML codebook ``target``; nothing is written
    (``commit_qdc_import`` does). Codes of the file named as codes of the codebook are
    refused, listed, unless ``same_name`` says what they are (``same_names``)."""
    if same_name is not None and same_name not in CHOICES:
        raise ExchangeError(f"--same-name {same_name!r}: give one of {', '.join(CHOICES)}")
    warnings: list[str] = []
    refi_codes = read_qdc(qdc, warnings=warnings)
    _refuse_nameless(refi_codes, qdc)
    original = target.read_text(encoding="utf-8")
    book = parse_codebook(original, path=str(target))
    ids, added = codes_to_add(refi_codes, book)
    found = same_names(refi_codes, ids, book)
    taken: dict[str, str] = {}
    if found and same_name is None:
        refuse_same_names(found, str(qdc))
    if found and same_name == "skip":
        refi_codes, taken = as_codebook_codes(refi_codes, ids, book, str(qdc))
        ids, added = codes_to_add(refi_codes, book)
    warnings += _renamed(refi_codes, ids, book) + _retired(added)
    merged = appended_codes(original, added, qdc.name) if added else original
    total = len(parse_codebook(merged, path=str(target)))
    return QdcImport(qdc, target, original, merged, added, taken, warnings, total)


def commit_qdc_import(plan: QdcImport, store: Store) -> None:
    """Write the codes ``plan`` adds, as one codebook change (``codebook undo`` takes it
    back): the YAML and the store's event together (``codebook_ops.together``). Refused when
    the codebook changed since the plan was made, or when a new code's id is one that
    codings still use though it was removed from the YAML by hand."""
    if not plan.added:
        return
    before = parse_codebook(plan.original, path=str(plan.target))
    after = parse_codebook(plan.text, path=str(plan.target))

    def write(token: str) -> None:
        if plan.target.read_text(encoding="utf-8") != plan.original:
            raise ExchangeError(
                "the codebook changed while the file was read; nothing was written",
                path=plan.target,
                hint="Run the import again.",
            )
        check_unclaimed(store, before, after, "import")
        exact = exact_texts(store, (before, plan.original), (after, plan.text))
        store.record_codebook(before.version, before.name, plan.original)
        store.log(
            "codebook.change",
            operation="import",
            file=plan.file.name,
            codes_added=[code.id for code in plan.added],
            **({"same_name": plan.taken} if plan.taken else {}),
            mapping={},
            journal=token,
            before_version=before.version,
            after_version=after.version,
            format="qdc",
            **exact,
        )
        store.record_codebook(after.version, after.name, plan.text)

    together(plan.target, store, "import", plan.original, plan.text, write)


def write_new_codebook(qdc: Path, target: Path) -> QdcImport:
    """A new YAML codebook at ``target`` with the codes of a .qdc (not the project's: no
    codebook change to record). Written whole, after validation."""
    warnings: list[str] = []
    refi_codes = read_qdc(qdc, warnings=warnings)
    _refuse_nameless(refi_codes, qdc)
    if target.exists():
        raise ExchangeError(f"{target} exists; nothing was written")
    text = f"name: {yaml_scalar(qdc.stem)}\nlanguage: fr\ncodes:\n"
    empty = parse_codebook("name: x\ncodes:\n  - id: X\n    label: x\n")
    _, added = codes_to_add(refi_codes, empty)
    warnings += _retired(added)
    merged = appended_codes(text, added, qdc.name)
    book = parse_codebook(merged, path=str(target))
    with atomic_path(target) as temp:
        temp.write_text(merged, encoding="utf-8")
    return QdcImport(qdc, target, "", merged, added, {}, warnings, len(book))


def _retired(added: list[Code]) -> list[str]:
    """The warning for the codes added retired (not codable in the file)."""
    retired = [code.id for code in added if code.retired]
    if not retired:
        return []
    return [
        f'{len(retired)} code(s) not codable in the file (isCodable="false") added '
        f"retired: {', '.join(retired)} (`ptce-coding codebook unretire CODE` offers one "
        "for coding)"
    ]


def _renamed(refi_codes: list[RefiCode], ids: dict[str, str], book: Codebook) -> list[str]:
    """A warning for each code of the file added under another id than its own, which is
    the id of a code of the codebook with another name."""
    own = code_ids(refi_codes, set())
    return [
        f"code « {code.name.strip()} » of the file would have the id {own[code.guid]} of the "
        f"codebook's « {book.get(own[code.guid]).label} »: added as {ids[code.guid]}"
        for code in refi_codes
        if ids[code.guid] not in book and _of_another_code(book, own[code.guid], code.name)
    ]
