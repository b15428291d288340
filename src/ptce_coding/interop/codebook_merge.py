"""Codes from another tool added to the project's YAML codebook, comments and order kept.

New codes are appended to the ``codes:`` list in the flat form (``parent:`` rather than
nesting), so the existing text of the file, with its comments, is left exactly as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ptce_coding.base.errors import ExchangeError
from ptce_coding.codebook.model import Code, Codebook, parse_codebook
from ptce_coding.interop.refi import RefiCode, code_ids, description_fields


def codes_to_add(
    refi_codes: list[RefiCode], codebook: Codebook
) -> tuple[dict[str, str], list[Code]]:
    """({guid: our id} for every code, [codes the codebook does not have yet]).

    A code whose id (given, or made from its name) is already in the codebook with the same
    label is that code: importing the same codebook twice adds nothing. Another code that
    would take an id already used gets a free one (``_2``…).
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
    new = []
    for code in refi_codes:
        code_id = ids[code.guid]
        if code_id in codebook:
            continue
        fields = description_fields(code.description)
        parent = ids.get(code.parent_guid) if code.parent_guid in by_guid else None
        new.append(
            Code(
                id=code_id,
                label=code.name.strip() or code_id,
                parent=parent,
                definition=fields["definition"],
                include=fields["include"],
                exclude=fields["exclude"],
                examples=tuple(fields["examples"]),
                color=code.color if parent is None else None,
            )
        )
    return ids, new


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value`` (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def appended_yaml(text: str, new: list[Code], source: str) -> str:
    """The codebook text with ``new`` codes appended to its ``codes:`` list."""
    if not new:
        return text
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or list(data)[-1] != "codes":
        raise ExchangeError(
            "cannot add codes to this codebook: `codes:` must be its last top-level key",
            hint="Move the `codes:` list to the end of the YAML file and import again.",
        )
    lines = [f"  # --- codes imported from {source} ---"]
    for code in new:
        lines.append(f"  - id: {code.id}")
        lines.append(f"    label: {_scalar(code.label)}")
        if code.parent:
            lines.append(f"    parent: {code.parent}")
        for name in ("definition", "include", "exclude"):
            value = getattr(code, name)
            if value:
                lines.append(f"    {name}: {_scalar(value)}")
        if code.examples:
            lines.append("    examples: [" + ", ".join(_scalar(e) for e in code.examples) + "]")
        if code.color:
            lines.append(f'    color: "{code.color}"')
    return text.rstrip("\n") + "\n" + "\n".join(lines) + "\n"


def merged_codebook(path: Path, new: list[Code], source: str) -> tuple[str, Codebook]:
    """The new text of the codebook file and the codebook it gives (validated)."""
    text = path.read_text(encoding="utf-8")
    merged = appended_yaml(text, new, source)
    return merged, parse_codebook(merged, path=str(path))


def import_qdc(qdc: Path, target: Path, *, new: bool) -> tuple[int, int]:
    """Add a .qdc's codes to the YAML codebook ``target`` (or write a new codebook there when
    ``new``); returns (codes added, codes in all). Written whole, after validation."""
    from ptce_coding.base.files import atomic_path
    from ptce_coding.interop.refi import read_qdc

    refi_codes = read_qdc(qdc)
    if new:
        if target.exists():
            raise ExchangeError(f"{target} exists; nothing was written")
        text = f"name: {_scalar(qdc.stem)}\nlanguage: fr\ncodes:\n"
        empty = parse_codebook("name: x\ncodes:\n  - id: X\n    label: x\n")
        _, added = codes_to_add(refi_codes, empty)
    else:
        text = target.read_text(encoding="utf-8")
        _, added = codes_to_add(refi_codes, parse_codebook(text, path=str(target)))
    merged = appended_yaml(text, added, qdc.name)
    book = parse_codebook(merged, path=str(target))
    with atomic_path(target) as temp:
        temp.write_text(merged, encoding="utf-8")
    return len(added), len(book)
