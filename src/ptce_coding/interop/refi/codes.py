"""Codes in REFI-QDA files: descriptions, colours, GUIDs, and the nested ``<Code>`` elements.

A code's ``<Description>`` carries its definition, « À utiliser : » (include), « Ne pas
utiliser : » (exclude) and examples, then a last line ``[ptce-coding id: COOP.LIEU]`` so that
our ids survive a trip through another tool. Children without a colour take their nearest
ancestor's; top-level codes without one take a colour of a fixed palette, in codebook order.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from lxml import etree

from ptce_coding.codebook.model import Code, Codebook

from .model import RefiCode
from .safety import local_name, name_of

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:ptce-coding:refi-qda")
ID_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)*$")
ID_LINE = re.compile(r"^\s*\[ptce-coding id:\s*([^\]\s]+)\s*\]\s*$")
COLOR = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
PALETTE = (
    "#1F77B4",
    "#FF7F0E",
    "#2CA02C",
    "#D62728",
    "#9467BD",
    "#8C564B",
    "#E377C2",
    "#7F7F7F",
    "#BCBD22",
    "#17BECF",
)
INCLUDE = "À utiliser : "
EXCLUDE = "Ne pas utiliser : "
EXAMPLES = "Exemples :"


def stable_guid(*parts: str) -> str:
    """A GUID that depends only on ``parts``: the same project gives the same GUIDs."""
    return str(uuid.uuid5(NAMESPACE, "\x00".join(parts)))


def code_guid(codebook: Codebook, code_id: str) -> str:
    """The GUID of a code: the same in a .qdc and a .qdpx of the same codebook."""
    return stable_guid("code", codebook.name, code_id)


def normal_guid(value: str | None) -> str | None:
    """A GUID as compared in this package: lower case, no braces, no spaces."""
    if value is None:
        return None
    value = value.strip().strip("{}").strip().lower()
    return value or None


def normal_color(value: str | None) -> str | None:
    """``#RRGGBB`` in upper case, or None for a missing or malformed colour."""
    if value is None or not COLOR.match(value.strip()):
        return None
    digits = value.strip()[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.upper()


def effective_colors(codebook: Codebook) -> dict[str, str]:
    """The colour each code is exported with (own, else nearest ancestor's, else palette)."""
    colors: dict[str, str] = {}
    for index, code in enumerate(codebook.top_level()):
        colors[code.id] = normal_color(code.color) or PALETTE[index % len(PALETTE)]
    for _, code in codebook.walk():
        if code.id not in colors:
            inherited = colors[code.parent] if code.parent else PALETTE[0]
            colors[code.id] = normal_color(code.color) or inherited
    return colors


def build_description(code: Code) -> str:
    """The ``<Description>`` of a code, ending with its id line."""
    lines: list[str] = []
    if code.definition.strip():
        lines.append(code.definition.strip())
    if code.include.strip():
        lines.append(INCLUDE + code.include.strip())
    if code.exclude.strip():
        lines.append(EXCLUDE + code.exclude.strip())
    examples = [example.strip() for example in code.examples if example.strip()]
    if examples:
        lines.append(EXAMPLES)
        lines.extend(f"- {example}" for example in examples)
    lines.append(f"[ptce-coding id: {code.id}]")
    return "\n".join(lines)


def split_description(text: str | None) -> tuple[str, str | None]:
    """The description without its id line, and the ptce-coding id found there (if valid)."""
    if not text:
        return "", None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip().split("\n")
    match = ID_LINE.match(lines[-1]) if lines else None
    if match is None or not ID_PATTERN.match(match.group(1)):
        return text.strip(), None
    return "\n".join(lines[:-1]).strip(), match.group(1)


def description_fields(description: str) -> dict[str, Any]:
    """``definition``, ``include``, ``exclude`` and ``examples`` of a description we wrote.

    Text outside those sections (a description written by another tool) is the definition.
    """
    fields: dict[str, Any] = {"definition": [], "include": [], "exclude": [], "examples": []}
    current = "definition"
    for line in description.split("\n"):
        if line.startswith(INCLUDE):
            current, line = "include", line[len(INCLUDE) :]
        elif line.startswith(EXCLUDE):
            current, line = "exclude", line[len(EXCLUDE) :]
        elif line.strip() == EXAMPLES:
            current = "examples"
            continue
        if current == "examples":
            if line.startswith("- "):
                fields["examples"].append(line[2:])
            elif fields["examples"]:
                fields["examples"][-1] += "\n" + line
            continue
        fields[current].append(line)
    return {
        "definition": "\n".join(fields["definition"]).strip(),
        "include": "\n".join(fields["include"]).strip(),
        "exclude": "\n".join(fields["exclude"]).strip(),
        "examples": tuple(example.strip() for example in fields["examples"]),
    }


def append_codes(
    parent: etree._Element,
    namespace: str,
    codebook: Codebook,
    notes: dict[str, list[str]] | None = None,
    coded: frozenset[str] = frozenset(),
) -> None:
    """Nested ``<Code>`` elements of the whole codebook under ``parent`` (``<Codes>``), each
    with a ``<NoteRef>`` to the notes (memos) ``notes`` gives for its id. A retired code is
    « not codable » (the REFI-QDA schema's ``isCodable="false"``: kept, not offered for new
    coding), unless the file carries codings of it (``coded``): QualCoder reads a code that is
    not codable as a category and would leave those codings out."""
    colors = effective_colors(codebook)
    elements: dict[str | None, etree._Element] = {None: parent}
    for _, code in codebook.walk():
        element = etree.SubElement(
            elements[code.parent],
            f"{{{namespace}}}Code",
            guid=code_guid(codebook, code.id),
            name=code.label or code.id,
            isCodable="false" if code.retired and code.id not in coded else "true",
            color=colors[code.id],
        )
        etree.SubElement(element, f"{{{namespace}}}Description").text = build_description(code)
        for note in (notes or {}).get(code.id, []):
            etree.SubElement(element, f"{{{namespace}}}NoteRef", targetGUID=note)
        elements[code.id] = element


def read_codes(codes: etree._Element | None, warnings: list[str]) -> list[RefiCode]:
    """The codes nested at any depth under ``<Codes>`` (namespaces stripped), in file order."""
    if codes is None:
        return []
    found: list[RefiCode] = []
    seen: set[str] = set()
    stack: list[tuple[etree._Element, str | None]] = [
        (child, None) for child in reversed(codes) if local_name(child) == "Code"
    ]
    while stack:
        element, parent = stack.pop()
        guid = normal_guid(element.get("guid"))
        name = name_of(element)
        if guid is None or guid in seen:
            what = "without a GUID" if guid is None else f"with a duplicate GUID {guid}"
            warnings.append(f"code {name!r} {what} skipped, with its sub-codes")
            continue
        seen.add(guid)
        description = _child_text(element, "Description")
        text, code_id = split_description(description)
        found.append(
            RefiCode(
                guid=guid,
                name=name,
                parent_guid=parent,
                color=normal_color(element.get("color")),
                description=text,
                code_id=code_id,
                codable=element.get("isCodable", "true").strip().lower() not in ("false", "0"),
                note_guids=tuple(_note_refs(element)),
            )
        )
        children = [child for child in element if local_name(child) == "Code"]
        stack.extend((child, guid) for child in reversed(children))
    return found


def _note_refs(element: etree._Element) -> list[str]:
    """The GUIDs the ``<NoteRef>`` children of a code name."""
    found = (
        normal_guid(child.get("targetGUID")) for child in element if local_name(child) == "NoteRef"
    )
    return [guid for guid in found if guid]


def _child_text(element: etree._Element, name: str) -> str | None:
    for child in element:
        if local_name(child) == name:
            text: str | None = child.text
            return text
    return None
