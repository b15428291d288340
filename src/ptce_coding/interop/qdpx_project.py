"""A project's store to REFI-QDA (.qdpx): documents, cases, codes and codings.

Export writes the documents, the case attributes, the codebook and the codings (accepted
ones by default), with the memos as notes, whole or not at all (``base.files.atomic_path``);
a file already at its path is written over only when asked (``refuse_existing``, which
`export qdpx` skips with ``--force``). The import is :mod:`ptce_coding.interop.qdpx_import`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ptce_coding.analysis.frames import segments_frame
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.records import CodingRow, Document
from ptce_coding.base.selected_codings import select_rows
from ptce_coding.base.settings import SpeakerSettings
from ptce_coding.codebook.model import Codebook
from ptce_coding.corpus.speaker_roles import document_interviewers
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.interop.refi import write_qdpx
from ptce_coding.store import Store

if TYPE_CHECKING:
    from ptce_coding.privacy.apply import AnonymisedView

_ANY_PROJECT = SpeakerDetector(SpeakerSettings())  # the interviewer labels known by default


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
    pseudonymised texts, codings remapped to them, and memos and attributes pseudonymised.
    Written whole or not at all; over a file at ``path`` too (``refuse_existing`` first)."""
    documents = [_with_interviewers(store, document) for document in store.documents()]
    rows = select_rows(
        store.coding_rows(),
        selection or CoderSelection(),
        statuses,
        segments_frame(store, with_text=False),
    )
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


def refuse_existing(path: Path) -> None:
    """ExchangeError, nothing written, when a file is at ``path``: an export does not write
    over it unasked (``--force``). A folder there is refused by the writer."""
    if path.exists() and not path.is_dir():
        raise ExchangeError(
            "this file exists: it was not written over",
            path=path,
            hint="Export to another file name, or give --force to write over it (what it "
            "holds is lost).",
        )


def _with_interviewers(store: Store, document: Document) -> Document:
    """The document with an ``interviewers`` attribute naming the speakers of its
    interviewer turns that only this project knows as such, unless it has one: a project's
    ``speakers.interviewers`` (« PB ») stays with the file, and an import reads it back
    (``with_roles``). Labels every project knows (« Enquêteur », « Q ») are not written."""
    if document_interviewers(document.attributes):
        return document
    names = {
        name.strip()
        for segment in store.segments(document.id)
        if segment.interviewer and segment.speaker
        for name in segment.speaker.split(" + ")
        if name.strip() and not _ANY_PROJECT.is_interviewer(name.strip())
    }
    if not names:
        return document
    attributes = {**document.attributes, "interviewers": "; ".join(sorted(names))}
    return replace(document, attributes=attributes)


def _coding_key(row: CodingRow) -> tuple[object, ...]:
    return (row.document, row.start, row.end, row.code, row.coder, row.status)
