"""Parsing the elements of a ``project.qde`` (namespaces stripped) into plain values.

Missing or empty optional elements give empty values; a malformed value of an optional part
(a position that is not a number, a variable of unknown type) gives a warning, never an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from lxml import etree

from .codes import normal_guid
from .model import RefiCase, RefiSet
from .safety import local_name, name_of


def children(element: etree._Element | None, name: str) -> Iterator[etree._Element]:
    """The child elements named ``name``."""
    if element is None:
        return iter(())
    return (child for child in element if local_name(child) == name)


def child(element: etree._Element | None, name: str) -> etree._Element | None:
    """The first child element named ``name``, or None."""
    return next(children(element, name), None)


def child_text(element: etree._Element | None, name: str) -> str:
    """The text of the first child named ``name`` ('' when missing or empty)."""
    found = child(element, name)
    return (found.text or "") if found is not None else ""


def refs(element: etree._Element, name: str) -> list[str]:
    """The normalised ``targetGUID`` of the children named ``name``."""
    found = (normal_guid(item.get("targetGUID")) for item in children(element, name))
    return [guid for guid in found if guid]


@dataclass
class RawCoding:
    """A ``<Coding>``: the code it applies and its provenance."""

    code_guid: str
    user: str | None
    created: str | None
    notes: list[str] = field(default_factory=list)


@dataclass
class RawSelection:
    """A ``<PlainTextSelection>`` in the tool's positions (``end`` None: the whole source)."""

    source_guid: str
    start: int
    end: int | None
    name: str | None
    description: str
    user: str | None
    created: str | None
    codings: list[RawCoding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    guid: str | None = None


def users(root: etree._Element) -> dict[str, str]:
    """GUID → name (or id, or '') of the project's users."""
    found: dict[str, str] = {}
    for user in children(child(root, "Users"), "User"):
        guid = normal_guid(user.get("guid"))
        if guid:
            found[guid] = name_of(user, "name", "id")
    return found


def variables(root: etree._Element) -> dict[str, str]:
    """GUID → name of the declared variables."""
    found: dict[str, str] = {}
    for variable in children(child(root, "Variables"), "Variable"):
        guid = normal_guid(variable.get("guid"))
        if guid:
            found[guid] = name_of(variable) or guid
    return found


def _value(element: etree._Element) -> Any:
    for item in element:
        kind, text = local_name(item), (item.text or "").strip()
        try:
            if kind == "TextValue":
                return item.text or ""
            if kind == "BooleanValue":
                return text in ("true", "1")
            if kind == "IntegerValue":
                return int(text)
            if kind == "FloatValue":
                return float(text)
            if kind == "DateValue":
                return date.fromisoformat(text)
            if kind == "DateTimeValue":
                return datetime.fromisoformat(text)
        except ValueError:
            return text
    return None


def values(element: etree._Element, names: dict[str, str], warnings: list[str]) -> dict[str, Any]:
    """Variable name → value of the ``<VariableValue>`` children of a source or case."""
    found: dict[str, Any] = {}
    for item in children(element, "VariableValue"):
        target = refs(item, "VariableRef")
        if not target:
            continue
        if target[0] not in names:
            warnings.append(f"a value refers to an undeclared variable {target[0]}; kept by GUID")
        found[names.get(target[0], target[0])] = _value(item)
    return found


def _position(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _coding(element: etree._Element) -> RawCoding | None:
    code = refs(element, "CodeRef")
    if not code:
        return None
    return RawCoding(
        code_guid=code[0],
        user=normal_guid(element.get("creatingUser")),
        created=element.get("creationDateTime"),
        notes=refs(element, "NoteRef"),
    )


def selections(source: etree._Element, guid: str, warnings: list[str]) -> list[RawSelection]:
    """The text selections of a ``<TextSource>``, and its whole-source codings."""
    found: list[RawSelection] = []
    bad = 0
    for item in children(source, "PlainTextSelection"):
        start, end = _position(item.get("startPosition")), _position(item.get("endPosition"))
        if start is None or end is None:
            bad += 1
            continue
        selection = RawSelection(
            source_guid=guid,
            start=start,
            end=end,
            name=item.get("name"),
            description=child_text(item, "Description").strip(),
            user=normal_guid(item.get("creatingUser")),
            created=item.get("creationDateTime"),
            notes=refs(item, "NoteRef"),
            guid=normal_guid(item.get("guid")),
        )
        selection.codings = [c for c in map(_coding, children(item, "Coding")) if c]
        found.append(selection)
    whole = [c for c in map(_coding, children(source, "Coding")) if c]
    if whole:
        found.append(RawSelection(guid, 0, None, None, "", None, None, whole))
    if bad:
        warnings.append(f"source {guid}: {bad} selection(s) without numeric positions, skipped")
    return found


def cases(
    root: etree._Element, names: dict[str, str], known: set[str], warnings: list[str]
) -> list[RefiCase]:
    """The cases, with their variables and the known sources they reference."""
    found: list[RefiCase] = []
    for case in children(child(root, "Cases"), "Case"):
        guid = normal_guid(case.get("guid"))
        if guid is None:
            warnings.append("a case without a GUID was skipped")
            continue
        sources = refs(case, "SourceRef")
        unknown = [source for source in sources if source not in known]
        if unknown:
            warnings.append(
                f"case {case.get('name') or guid!r}: {len(unknown)} reference(s) to unknown "
                "sources skipped"
            )
        found.append(
            RefiCase(
                guid=guid,
                name=name_of(case),
                variables=values(case, names, warnings),
                source_guids=[source for source in sources if source in known],
                description=child_text(case, "Description").strip(),
            )
        )
    return found


def sets(root: etree._Element) -> list[RefiSet]:
    """The sets of codes and sources."""
    found: list[RefiSet] = []
    for item in children(child(root, "Sets"), "Set"):
        guid = normal_guid(item.get("guid"))
        if guid:
            found.append(
                RefiSet(
                    guid=guid,
                    name=item.get("name") or "",
                    code_guids=refs(item, "MemberCode"),
                    source_guids=refs(item, "MemberSource"),
                )
            )
    return found
