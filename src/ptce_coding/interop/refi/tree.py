"""Building the ``project.qde`` element tree of an export (see ``writer.py``).

Everything is sorted and every GUID is derived from stable keys (``codes.stable_guid``), so that
two exports of the same project give the same bytes. Dates come from the codings.

Memos are ``<Note>``s whose text is a file, ``Sources/<guid>.txt`` (``plainTextPath``), as
REFI-QDA 1.0 (§ Notes) and QualCoder (its journals) read them; what a memo is about refers to
it with a ``<NoteRef>`` (the project, a code, a source, a selection), and its name says it too:
« [code:COOP.LIEU] title », « [coding:<selection GUID>] title » (a GUID, stable across tools,
never our row number). Case and document memos are also the case's or source's
``<Description>``, where QualCoder reads a case's or a file's memo (cases take no NoteRef in
Project.xsd).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from lxml import etree

from ptce_coding.base.records import Coding, Document, MemoRow
from ptce_coding.codebook.model import Codebook

from .codes import append_codes, code_guid, stable_guid

NS = "urn:QDA-XML:project:1.0"
OFFSETS = (
    "Offsets: positions are Unicode code points in NFC text with LF line ends, no BOM "
    "(the text of Sources/<guid>.txt, UTF-8)."
)
QUOTE_LIMIT = 100
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Export:
    """What an export is made of."""

    project_name: str
    codebook: Codebook
    documents: list[Document]
    codings: list[Coding]
    cases: dict[str, dict[str, Any]]
    created_by: str
    version: str
    memos: list[MemoRow] = field(default_factory=list)
    # filled while the selections are written: coding id -> its selection's GUID
    selections: dict[str, str] = field(default_factory=dict)

    def note_guid(self, memo: MemoRow) -> str:
        return stable_guid("note", self.project_name, str(memo.id))

    def notes_about(self, kind: str) -> dict[str, list[str]]:
        """{target: [note GUID, …]} of the memos about a ``kind`` of thing."""
        return self._notes.get(kind, {})

    @cached_property
    def _notes(self) -> dict[str, dict[str, list[str]]]:
        found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for memo in self.memos:
            found[memo.target_kind][str(memo.target or "")].append(self.note_guid(memo))
        return found

    def memo_texts(self, kind: str, target: str) -> str:
        """The memos about one case or document, joined: its ``<Description>``."""
        texts = [
            m.text.strip()
            for m in self.memos
            if m.target_kind == kind and str(m.target) == target and m.text.strip()
        ]
        return "\n\n".join(texts)


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def _sub(parent: etree._Element, tag: str, /, **attributes: str | None) -> etree._Element:
    clean = {key: value for key, value in attributes.items() if value is not None}
    return etree.SubElement(parent, _tag(tag), clean)


def xml_safe(text: str) -> str:
    """Text with the characters XML 1.0 forbids replaced by U+FFFD."""
    return _INVALID_XML.sub("\ufffd", text)


def xsd_datetime(value: str | None) -> str | None:
    """An ISO date-time as xsd:dateTime (UTC with ``Z`` when zoned), None when unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def quote_name(text: str) -> str:
    """The selection's ``name``: its text, or its ends around « […] » when long."""
    if len(text) <= QUOTE_LIMIT:
        return xml_safe(text)
    return xml_safe(f"{text[:60].rstrip()} […] {text[-30:].lstrip()}")


def user_guid(name: str) -> str:
    return stable_guid("user", name)


def _kind(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    if isinstance(value, datetime):
        return "DateTime"
    if isinstance(value, date):
        return "Date"
    return "Text"


def variable_types(tables: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Name → REFI type of every variable with a value; mixed types become Text."""
    kinds: dict[str, set[str]] = defaultdict(set)
    for table in tables:
        for name, value in table.items():
            kind = _kind(value)
            if kind is not None:
                kinds[name].add(kind)
    types: dict[str, str] = {}
    for name, found in kinds.items():
        if len(found) == 1:
            types[name] = next(iter(found))
        else:
            types[name] = "Float" if found == {"Integer", "Float"} else "Text"
    return dict(sorted(types.items()))


def _value_text(kind: str, value: Any) -> str:
    if kind == "Boolean":
        return "true" if value else "false"
    if kind == "Float":
        return format(Decimal(repr(float(value))), "f")
    if kind in ("Date", "DateTime"):
        return str(value.isoformat())
    return xml_safe(str(value))


def append_values(
    parent: etree._Element, project: str, values: dict[str, Any], types: dict[str, str]
) -> None:
    """``<VariableValue>`` children for the values of a source or case."""
    for name in sorted(values):
        if _kind(values[name]) is None or name not in types:
            continue
        item = _sub(parent, "VariableValue")
        _sub(item, "VariableRef", targetGUID=stable_guid("variable", project, name))
        kind = types[name]
        _sub(item, f"{kind}Value").text = _value_text(kind, values[name])


def _dates(export: Export) -> list[str]:
    found = (xsd_datetime(coding.created_at) for coding in export.codings)
    return sorted(moment for moment in found if moment)


def project_element(export: Export) -> etree._Element:
    """The whole ``<Project>`` element of an export."""
    dates = _dates(export)
    root = etree.Element(
        _tag("Project"),
        nsmap={None: NS},
        name=xml_safe(export.project_name),
        origin=f"ptce-coding {export.version}",
        creatingUserGUID=user_guid(export.created_by),
    )
    if dates:
        root.set("creationDateTime", dates[0])
        root.set("modifiedDateTime", dates[-1])
    names = sorted(
        {
            export.created_by,
            *(c.coder for c in export.codings if c.coder),
            *(m.author for m in export.memos),
        }
    )
    users = _sub(root, "Users")
    for name in names:
        _sub(users, "User", guid=user_guid(name), name=xml_safe(name))
    if len(export.codebook):
        codes = _sub(_sub(root, "CodeBook"), "Codes")
        coded = frozenset(c.code for c in export.codings)
        append_codes(codes, NS, export.codebook, export.notes_about("code"), coded)
    types = variable_types([*export.cases.values(), *(d.attributes for d in export.documents)])
    if types:
        variables = _sub(root, "Variables")
        for name, kind in types.items():
            guid = stable_guid("variable", export.project_name, name)
            _sub(variables, "Variable", guid=guid, name=xml_safe(name), typeOfVariable=kind)
    _append_cases(root, export, types)
    if export.documents:
        sources = _sub(root, "Sources")
        for document in sorted(export.documents, key=lambda d: d.name):
            _append_source(sources, export, document, types)
    if export.memos:
        notes = _sub(root, "Notes")
        for memo in export.memos:
            _append_note(notes, export, memo)
    _sub(root, "Description").text = xml_safe(
        f"Exported by ptce-coding {export.version} ({export.created_by}) with the codebook "
        f"{export.codebook.name!r}, version {export.codebook.version}. {OFFSETS}"
    )
    for note in export.notes_about("project").get("", []):
        _sub(root, "NoteRef", targetGUID=note)
    return root


def note_name(memo: MemoRow, selections: dict[str, str] | None = None) -> str:
    """« [code:COOP.LIEU] title »: what a memo is about, readable in any tool. A memo on a
    coding names its selection's GUID (« [coding] title » when the coding is not exported)."""
    target = str(memo.target or "")
    if memo.target_kind == "coding":
        target = (selections or {}).get(target, "")
    about = memo.target_kind + (f":{target}" if target else "")
    return f"[{about}] {memo.title}".strip()


def note_files(export: Export) -> list[tuple[str, str]]:
    """(GUID, text) of each note's ``Sources/<guid>.txt``."""
    return [(export.note_guid(memo), memo.text) for memo in export.memos]


def _append_note(parent: etree._Element, export: Export, memo: MemoRow) -> None:
    guid = export.note_guid(memo)
    created = xsd_datetime(memo.created_at)
    _sub(
        parent,
        "Note",
        guid=guid,
        name=xml_safe(note_name(memo, export.selections)),
        plainTextPath=f"internal://{guid}.txt",
        creatingUser=user_guid(memo.author),
        creationDateTime=created,
        modifiedDateTime=xsd_datetime(memo.updated_at) or created,
    )


def source_guid(project: str, name: str) -> str:
    return stable_guid("source", project, name)


def _append_cases(root: etree._Element, export: Export, types: dict[str, str]) -> None:
    members: dict[str, list[str]] = defaultdict(list)
    for document in export.documents:
        if document.case:
            members[document.case].append(document.name)
    names = sorted(set(export.cases) | set(members))
    if not names:
        return
    cases = _sub(root, "Cases")
    for name in names:
        case = _sub(cases, "Case", guid=stable_guid("case", export.project_name, name))
        case.set("name", xml_safe(name))
        memo = export.memo_texts("case", name)
        if memo:
            _sub(case, "Description").text = xml_safe(memo)
        append_values(case, export.project_name, export.cases.get(name, {}), types)
        for member in sorted(members[name]):
            _sub(case, "SourceRef", targetGUID=source_guid(export.project_name, member))


def _append_source(
    parent: etree._Element, export: Export, document: Document, types: dict[str, str]
) -> None:
    guid = source_guid(export.project_name, document.name)
    source = _sub(
        parent,
        "TextSource",
        guid=guid,
        name=xml_safe(document.name),
        plainTextPath=f"internal://{guid}.txt",
    )
    memo = export.memo_texts("document", document.name)
    if memo:
        _sub(source, "Description").text = xml_safe(memo)
    codings = [c for c in export.codings if c.document == document.name]
    codings.sort(key=lambda c: (c.start, c.end, c.code, c.coder, c.created_at or "", c.memo or ""))
    seen: Counter[tuple[str, ...]] = Counter()
    for coding in codings:
        base = (
            export.project_name,
            document.name,
            str(coding.start),
            str(coding.end),
            coding.code,
            coding.coder,
        )
        seen[base] += 1
        _append_selection(source, export, document, coding, (*base, str(seen[base])))
    for note in export.notes_about("document").get(document.name, []):
        _sub(source, "NoteRef", targetGUID=note)
    append_values(source, export.project_name, document.attributes, types)


def _append_selection(
    source: etree._Element,
    export: Export,
    document: Document,
    coding: Coding,
    key: tuple[str, ...],
) -> None:
    user = user_guid(coding.coder) if coding.coder else None
    created = xsd_datetime(coding.created_at)
    guid = stable_guid("selection", *key)
    if coding.id is not None:
        export.selections[str(coding.id)] = guid
    selection = _sub(
        source,
        "PlainTextSelection",
        guid=guid,
        name=quote_name(document.text[coding.start : coding.end]),
        startPosition=str(coding.start),
        endPosition=str(coding.end),
        creatingUser=user,
        creationDateTime=created,
    )
    if coding.memo:
        _sub(selection, "Description").text = xml_safe(coding.memo)
    item = _sub(
        selection,
        "Coding",
        guid=stable_guid("coding", *key),
        creatingUser=user,
        creationDateTime=created,
    )
    _sub(item, "CodeRef", targetGUID=code_guid(export.codebook, coding.code))
    if coding.id is not None:
        for note in export.notes_about("coding").get(str(coding.id), []):
            _sub(selection, "NoteRef", targetGUID=note)
