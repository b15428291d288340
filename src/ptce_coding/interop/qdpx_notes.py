"""The memos a .qdpx brings (see :mod:`ptce_coding.interop.qdpx_import`): its notes, on what
their name (« [code:ID] title », as ptce-coding writes them) or a ``NoteRef`` says, and the
``<Description>`` of its sources and cases, where QualCoder and NVivo keep such memos."""

from __future__ import annotations

import re

from ptce_coding.interop.refi import RefiProject
from ptce_coding.interop.refi.codes import normal_guid
from ptce_coding.store import Store


def add_descriptions(store: Store, refi: RefiProject, names: dict[str, str]) -> int:
    """The ``<Description>`` of sources and cases as memos on their document and case, where
    QualCoder (and NVivo for sources) keeps them. ptce-coding writes them there too, but its
    notes carry the same memos with their titles and authors: not read twice."""
    if refi.tool == "ptce-coding":
        return 0
    known = {(m.target_kind, m.target, m.text) for m in store.memos()}
    cases = store.cases()
    found = [
        ("document", names[source.guid], source.description)
        for source in refi.sources
        if source.description and source.guid in names
    ]
    for case in refi.cases:
        name = store.stored_case_name(case.name)
        if case.description and name in cases:
            found.append(("case", name, case.description))
        elif case.description:  # a case without any imported source: on the project
            found.append(("project", "", f"{case.name}: {case.description}"))
    added = 0
    for kind, target, text in found:
        if (kind, target, text) in known:
            continue
        store.add_memo(kind, target, text, title="Description")
        known.add((kind, target, text))
        added += 1
    return added


_NOTE_NAME = re.compile(r"^\[(project|code|document|case|coding)(?::([^\]]*))?\]\s*(.*)$", re.S)


def add_notes(
    store: Store,
    refi: RefiProject,
    ids: dict[str, str],
    selections: dict[str, int | None],
    names: dict[str, str],
) -> int:
    """The project's notes as memos: « [code:ID] title » names say what they are about (as
    ptce-coding writes them; a coding by its selection's GUID, ``selections`` giving the
    coding made of each selection); else a note a code or a source refers to (``NoteRef``,
    as MAXQDA, NVivo and ATLAS.ti link their memos) is a memo on that code or document
    (``names``: the documents of the sources); a note already joined to the memo of the
    codings of its selection is not imported again; any other note, or one whose code or
    selection is not in the file, is a memo on the project, titled by its name."""
    known = {(m.target_kind, m.target, m.text) for m in store.memos()}
    by_code_id = {code_id for code_id in ids.values()}
    referred: dict[str, tuple[str, str]] = {}
    for source in refi.sources:
        for guid in source.note_guids:
            if source.guid in names:
                referred.setdefault(guid, ("document", names[source.guid]))
    for code in refi.codes:
        for guid in code.note_guids:
            if code.guid in ids:
                referred.setdefault(guid, ("code", ids[code.guid]))
    added = 0
    for note in refi.notes:
        found = _NOTE_NAME.match(note.name or "")
        if not found and note.guid in refi.joined_notes:
            continue
        kind, target, title = (
            (found.group(1), found.group(2) or "", found.group(3))
            if found
            else (*referred.get(note.guid, ("project", "")), note.name or "")
        )
        if kind == "coding":
            coding_id = selections.get(normal_guid(target) or "")
            target = str(coding_id) if coding_id is not None else ""
        if (kind == "code" and target not in by_code_id) or (kind == "coding" and not target):
            kind, target, title = "project", "", note.name
        if not note.text.strip() or (kind, target, note.text) in known:
            continue
        store.add_memo(kind, target, note.text, title=title, author=refi.user_name(note.user))
        known.add((kind, target, note.text))
        added += 1
    return added
