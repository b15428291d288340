"""A project's store to and from REFI-QDA (.qdpx): documents, cases, codes and codings.

Export writes the documents, the case attributes, the codebook and the codings (accepted
ones by default). Import adds the sources as documents (speaker turns found as for any
transcript), the cases and their attributes, the codes the codebook lacks (appended to its
YAML) and the codings as method ``import``, status ``accepted``, coder = the REFI user.
Nothing is written unless everything can be: the codebook is restored if the store refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.files import atomic_path
from ptce_coding.base.records import Coding, CodingRow, DocumentText
from ptce_coding.base.selected_codings import select_rows
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.codebook.merge import merged_codebook
from ptce_coding.codebook.model import Codebook
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript, count_words, segments_of, text_hash
from ptce_coding.corpus.turns import split_turns
from ptce_coding.interop.codebook_import import codes_to_add
from ptce_coding.interop.refi import RefiProject, read_qdpx, write_qdpx
from ptce_coding.interop.refi.codes import normal_guid
from ptce_coding.store import Store

if TYPE_CHECKING:
    from ptce_coding.privacy.apply import AnonymisedView

DEFAULT_CASE = "(sans cas)"


def export_qdpx(
    store: Store,
    codebook: Codebook,
    path: Path,
    *,
    project_name: str,
    created_by: str,
    statuses: tuple[str, ...] = ("accepted",),
    view: AnonymisedView | None = None,
    selection: CoderSelection | None = None,
) -> tuple[int, int]:
    """Write the project as .qdpx; returns (documents, codings) written: the codings of
    ``selection`` (coder_selection.py; every coder by default). With ``view``, the
    pseudonymised texts, codings remapped to them, and memos and attributes pseudonymised."""
    documents = store.documents()
    rows = select_rows(store.coding_rows(), selection or CoderSelection(), statuses)
    cases, memos = store.cases(), store.memos()
    if view is not None:  # a group's codebook quotes its interviews too
        documents = [view.document(document) for document in documents]
        rows, cases, memos = view.coding_rows(rows), view.cases(cases), view.memos(memos)
        codebook = view.codebook(codebook)
    # one coding per coder, code and passage: a merge or rename of two codes a coder had put
    # on one passage leaves them two identical rows (both kept in the store, for its undo),
    # which NVivo or ATLAS.ti would show as two references
    once = {_coding_key(row): row for row in reversed(rows)}  # the first of each
    codings = [row.as_coding() for row in rows if once[_coding_key(row)] is row]
    write_qdpx(
        path,
        project_name=project_name,
        codebook=codebook,
        documents=documents,
        codings=codings,
        cases=cases,
        created_by=created_by,
        memos=memos,
    )
    return len(documents), len(codings)


def _coding_key(row: CodingRow) -> tuple[object, ...]:
    return (row.document, row.start, row.end, row.code, row.coder, row.status)


@dataclass
class QdpxImport:
    """What an import did."""

    tool: str
    offset_convention: str
    documents_added: list[str] = field(default_factory=list)
    documents_present: list[str] = field(default_factory=list)
    codes_added: list[str] = field(default_factory=list)
    codings_added: int = 0
    codings_present: int = 0
    memos_added: int = 0
    cases: int = 0
    warnings: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # with partial=True: what was not imported


def _case_of(refi: RefiProject, default: str | None) -> dict[str, str]:
    cases: dict[str, str] = {}
    for case in refi.cases:
        for guid in case.source_guids:
            cases.setdefault(guid, case.name)
    return {s.guid: cases.get(s.guid, default or DEFAULT_CASE) for s in refi.sources}


def import_qdpx(
    store: Store,
    codebook_path: Path,
    path: Path,
    detector: SpeakerDetector,
    *,
    case: str | None = None,
    partial: bool = False,
) -> QdpxImport:
    """Add a .qdpx project to the store, all or nothing: a source whose text is missing, a
    selection outside its text or reversed, a coding of an unknown code… refuse the whole
    file, every problem listed. With ``partial``, the rest is imported and ``left_out`` lists
    what was not."""
    refi = read_qdpx(path)
    if refi.losses and not partial:
        raise ExchangeError(
            f"{len(refi.losses)} problem(s) in the project, so nothing was imported:\n  - "
            + "\n  - ".join(refi.losses),
            path=path,
            hint="Fix them in the tool that wrote the file and export it again, or give "
            "--partial to import everything else (the summary then lists what was left out).",
        )
    codebook = load_codebook(codebook_path)
    ids, new_codes = codes_to_add(refi.codes, codebook)
    merged_text, _ = merged_codebook(codebook_path, new_codes, path.name)
    report = QdpxImport(
        refi.tool,
        refi.offset_convention,
        warnings=list(refi.warnings),
        left_out=list(refi.losses),
    )
    report.codes_added = [code.id for code in new_codes]
    original = codebook_path.read_text(encoding="utf-8")
    if new_codes:
        with atomic_path(codebook_path) as temp:
            temp.write_text(merged_text, encoding="utf-8")
    try:
        with store.transaction():
            names = _add_sources(store, refi, detector, _case_of(refi, case), report, path)
            kept = [c for c in refi.codings if c.source_guid in names and c.code_guid in ids]
            codings = [
                Coding(
                    document=names[c.source_guid],
                    start=c.start,
                    end=c.end,
                    code=ids[c.code_guid],
                    coder=refi.user_name(c.user) or "import",
                    method="import",
                    status="accepted",
                    memo=c.note,
                    created_at=c.created_at,
                )
                for c in kept
            ]
            report.codings_added, report.codings_present = store.add_codings(codings)
            selections = {
                refi_coding.selection_guid: store.coding_id(
                    coding.document, coding.start, coding.end, coding.code, coding.coder
                )
                for refi_coding, coding in zip(kept, codings, strict=True)
                if refi_coding.selection_guid
            }
            attributes = {c.name: c.variables for c in refi.cases if c.variables}
            known = store.cases()
            store.set_case_attributes(  # a case of the project's without a source: left out
                {name: {**known.get(name, {}), **values} for name, values in attributes.items()}
            )
            report.cases = len({*_case_of(refi, case).values()})
            report.memos_added = _add_notes(store, refi, ids, selections)
            store.log(
                "qdpx.import",
                file=path.name,
                tool=refi.tool,
                codes_added=report.codes_added,
                codings=report.codings_added,
            )
    except BaseException:  # the store refused: the codebook goes back as it was, then re-raise
        if new_codes:
            with atomic_path(codebook_path) as temp:
                temp.write_text(original, encoding="utf-8")
        raise
    return report


def _add_sources(
    store: Store,
    refi: RefiProject,
    detector: SpeakerDetector,
    cases: dict[str, str],
    report: QdpxImport,
    path: Path,
) -> dict[str, str]:
    """Documents for the sources (reused when the same text is already there): {guid: name}.
    ``path``: the .qdpx file, named by an error."""
    names = {}
    for source in refi.sources:
        if not source.text.strip():
            report.warnings.append(f"source {source.name!r} has no text: left out")
            continue
        digest = text_hash(source.text)
        existing = store.document(source.name) or store.document_with_hash(digest)
        if existing is not None:
            if existing.text_hash != digest:
                raise ExchangeError(
                    f"source {source.name!r}: the project already has a document "
                    f"{existing.name!r} with another text; nothing was imported",
                    path=path,
                    hint="Rename the source in the tool that wrote the file and export it "
                    "again, or import into another project.",
                )
            names[source.guid] = existing.name
            report.documents_present.append(existing.name)
            continue
        transcript = Transcript(source.text, split_turns(source.text, detector), "qdpx")
        segments = segments_of(transcript)
        store.add_document(
            name=source.name,
            case=cases[source.guid],
            content=DocumentText(
                format="qdpx",
                text=source.text,
                text_hash=digest,
                words=count_words(source.text),
                source=str(refi.name),
                attributes=dict(source.variables),
            ),
            segments=segments,
        )
        names[source.guid] = source.name
        report.documents_added.append(source.name)
    return names


_NOTE_NAME = re.compile(r"^\[(project|code|document|case|coding)(?::([^\]]*))?\]\s*(.*)$", re.S)


def _add_notes(
    store: Store, refi: RefiProject, ids: dict[str, str], selections: dict[str, int | None]
) -> int:
    """The project's notes as memos: « [code:ID] title » names say what they are about (as
    ptce-coding writes them; a coding by its selection's GUID, ``selections`` giving the
    coding made of each selection); any other note, or one whose code or selection is not
    in the file, is a memo on the project, titled by its name."""
    known = {(m.target_kind, m.target, m.text) for m in store.memos()}
    by_code_id = {code_id for code_id in ids.values()}
    added = 0
    for note in refi.notes:
        found = _NOTE_NAME.match(note.name or "")
        kind, target, title = (
            (found.group(1), found.group(2) or "", found.group(3))
            if found
            else ("project", "", note.name or "")
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
