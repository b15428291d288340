"""A project's store to REFI-QDA (.qdpx): documents, cases, codes and codings.

Export writes the documents, the case attributes, the codebook and the codings (accepted
ones by default) of the coders chosen, as they made them, with the consensus's decisions
beside them (``qdpx_decisions``: an agreement computed on the file is the coders', and the
consensus applies where the importing project sets it), the memos as notes, and whose each
part of an overlap is (``overlap_turns``), whose each segment is where the text alone
does not say it (``speaker_turns``), and how each coding was made, with the rejections of
the taggers' suggestions (``qdpx_provenance``), whole or not at all (``base.files.atomic_path``);
a file already at its path is written over only when asked (``refuse_existing``, which
`export qdpx` skips with ``--force``). The import is :mod:`ptce_coding.interop.qdpx_import`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ptce_coding.analysis.frames import segments_frame
from ptce_coding.base.coder_selection import RESERVED_CODERS, CoderSelection
from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.records import CodingRow, Document
from ptce_coding.base.selected_codings import select_rows
from ptce_coding.base.settings import SpeakerSettings
from ptce_coding.codebook.model import Codebook
from ptce_coding.corpus.speaker_roles import document_interviewers
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.interop.overlap_turns import VARIABLE, overlap_turns
from ptce_coding.interop.qdpx_decisions import DECIDED, decision_user
from ptce_coding.interop.qdpx_provenance import TAGGER_METHODS, Made, made_of, provenance_value
from ptce_coding.interop.qdpx_provenance import VARIABLE as PROVENANCE
from ptce_coding.interop.refi import write_qdpx
from ptce_coding.interop.speaker_turns import VARIABLE as SPEAKER_TURNS
from ptce_coding.interop.speaker_turns import speaker_turns
from ptce_coding.store import Store

if TYPE_CHECKING:
    from ptce_coding.privacy.apply import AnonymisedView

_ANY_PROJECT = SpeakerDetector(SpeakerSettings())  # the interviewer labels known by default


@dataclass(frozen=True)
class QdpxExport:
    """What an export wrote: its documents and codings; of those codings, the decisions of
    the ``consensus`` (``yes``, ``no``) beside the coders' own codings as they made them, and
    the « no » decisions of coders whom no consensus applies (``unapplied``: coder → how
    many); and the documents whose overlaps' speakers went as a variable, and those whose
    segments' speakers did (``speaker_turns``)."""

    documents: int
    codings: int
    consensus: str | None = None
    yes: int = 0
    no: int = 0
    unapplied: dict[str, int] = field(default_factory=dict)
    overlaps: int = 0
    speaker_turns: int = 0
    # documents whose codings' provenance went as a variable (qdpx_provenance), and in it
    # the acceptances by threshold and the rejections of the taggers' suggestions
    provenance: int = 0
    by_threshold: int = 0
    rejections: int = 0

    @property
    def decisions(self) -> int:
        return self.yes + self.no


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
) -> QdpxExport:
    """Write the project as .qdpx: the codings of ``selection``'s coders (coder_selection.py;
    every coder by default) as they made them, and the decisions beside them (``_rows``),
    each « yes » a coding of its coder's user, each « no » one of its « no » user
    (``qdpx_decisions``): an import applies them again where the consensus is set, and a
    comparison of the coders reads what they coded. With ``view``, the pseudonymised texts,
    codings remapped to them, and memos and attributes pseudonymised. Written whole or not
    at all; over a file at ``path`` too (``refuse_existing`` first)."""
    selection = selection or CoderSelection()
    documents = [_with_interviewers(store, document) for document in store.documents()]
    rows, decided = _rows(store, selection, statuses)
    unwritten = _unwritten_decisions(store, selection, {row.id for row in rows})
    passages = _suggested_passages(store, [*rows, *unwritten])
    cases, memos = store.cases(), store.memos()
    segments = segments_frame(store, with_text=False)
    if view is not None:  # a group's codebook quotes its interviews too
        documents = [view.document(document) for document in documents]
        rows, decided = view.coding_rows(rows), view.coding_rows(decided)
        unwritten, passages = view.coding_rows(unwritten), view.coding_rows(passages)
        cases, memos = view.cases(cases), view.memos(memos)
        codebook = view.codebook(codebook)
        segments = view.segments(segments)
    documents = [_with_overlaps(document, segments) for document in documents]
    documents = [_with_speaker_turns(document, segments) for document in documents]
    # one coding per coder, code and passage: a merge or rename of two codes a coder had put
    # on one passage leaves them two identical rows (both kept in the store, for its undo),
    # which NVivo or ATLAS.ti would show as two references
    rows += decided
    once = {_coding_key(row): row for row in reversed(rows)}  # the first of each
    written = [row for row in rows if once[_coding_key(row)] is row]
    codings = [
        replace(row.as_coding(), coder=decision_user(row.coder, row.status)) for row in written
    ]
    decided_ids = {row.id for row in decided}
    made = _made(
        [row for row in written if row.id not in decided_ids],
        unwritten,
        store.threshold_acceptances(),
        {row.id: (row.start, row.end) for row in passages},
    )
    documents = [_with_provenance(document, made) for document in documents]
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
    consensus = selection.consensus
    unapplied = Counter(row.coder for row in decided if row.coder != consensus)
    return QdpxExport(
        len(documents),
        len(codings),
        consensus,
        yes=sum(row.coder == consensus and row.status == "accepted" for row in decided),
        no=sum(row.coder == consensus and row.status == "rejected" for row in decided),
        unapplied=dict(sorted(unapplied.items())),
        overlaps=sum(VARIABLE in document.attributes for document in documents),
        speaker_turns=sum(SPEAKER_TURNS in document.attributes for document in documents),
        provenance=sum(PROVENANCE in document.attributes for document in documents),
        by_threshold=sum(m.accepted_above is not None for items in made.values() for m in items),
        rejections=sum(
            m.decision_only and m.status == "rejected" for items in made.values() for m in items
        ),
    )


def _rows(
    store: Store, selection: CoderSelection, statuses: tuple[str, ...]
) -> tuple[list[CodingRow], list[CodingRow]]:
    """The codings an export writes: the selected coders' own (``select_rows``, none cut by
    the consensus's decisions), and the decisions beside them, as stored: the consensus's
    « yes » and « no », and the « no » of a person counted whom no consensus applies (a
    filled disagreements workbook imported under another name than the consensus's, which
    the commands that count note), so that the project the file makes holds what this one
    does."""
    consensus = selection.consensus
    every = store.coding_rows()
    rows = select_rows(
        [row for row in every if row.coder != consensus],
        replace(selection, consensus=None),
        statuses,
    )
    counted = set(selection.coders)
    decided = [
        row
        for row in every
        if (row.coder == consensus and row.status in DECIDED)
        or (
            row.status == "rejected"
            and row.coder not in RESERVED_CODERS
            and (not counted or row.coder in counted)
        )
    ]
    return rows, decided


def _unwritten_decisions(
    store: Store, selection: CoderSelection, written: set[int]
) -> list[CodingRow]:
    """The decisions of the selected coders on the taggers' suggestions that are no coding
    of the file (``written``: the ids of those that are): their rejections, and their
    acceptances where they had coded the passage already (the row stays the tagger's)."""
    counted = set(selection.coders)
    return [
        row
        for row in store.coding_rows(statuses=DECIDED, methods=TAGGER_METHODS, with_text=False)
        if row.id not in written
        and row.reviewed_by
        and row.reviewed_by not in RESERVED_CODERS
        and (not counted or row.reviewed_by in counted)
    ]


def _suggested_passages(store: Store, rows: list[CodingRow]) -> list[CodingRow]:
    """Of ``rows``, the suggestions accepted on another passage than suggested, each on
    its passage as suggested (``Store.suggested_spans``)."""
    spans = store.suggested_spans(
        row.id for row in rows if row.method in TAGGER_METHODS and row.status != "suggested"
    )
    return [
        replace(row, start=spans[row.id][0], end=spans[row.id][1])
        for row in rows
        if row.id in spans
    ]


def _made(
    written: list[CodingRow],
    unwritten: list[CodingRow],
    thresholds: dict[int, float],
    passages: dict[int, tuple[int, int]],
) -> dict[str, list[Made]]:
    """{document: how its codings of the file were made (``written``), and the decisions
    the file has no coding for (``unwritten``)}; ``thresholds``: the acceptances by
    threshold (``Store.threshold_acceptances``); ``passages``: the passages as suggested."""
    found: dict[str, list[Made]] = {}
    for rows, decision_only in ((written, False), (unwritten, True)):
        for row in rows:
            made = made_of(row, thresholds.get(row.id), passages.get(row.id), decision_only)
            if made is not None:
                found.setdefault(row.document, []).append(made)
    return found


def _with_provenance(document: Document, made: dict[str, list[Made]]) -> Document:
    """The document with a ``PROVENANCE`` attribute saying how its codings were made, and
    the decisions on suggestions the file has no coding for (``qdpx_provenance``)."""
    value = provenance_value(document.text, made.get(document.name, []))
    if not value:
        return document
    return replace(document, attributes={**document.attributes, PROVENANCE: value})


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


def _with_overlaps(document: Document, segments: pd.DataFrame) -> Document:
    """The document with a ``VARIABLE`` attribute saying whose each part of its overlaps is
    (``overlap_turns``), when its text does not say it."""
    own = segments[segments["document"] == document.name]
    value = overlap_turns(
        document.text,
        zip(own["start"].tolist(), own["end"].tolist(), own["speaker"].tolist(), strict=True),
    )
    if not value:
        return document
    return replace(document, attributes={**document.attributes, VARIABLE: value})


def _with_speaker_turns(document: Document, segments: pd.DataFrame) -> Document:
    """The document with a ``SPEAKER_TURNS`` attribute saying whose each of its segments is
    (``speaker_turns``), when its text alone reads other segments (a subtitle file's voice
    tags, the project's own label patterns)."""
    own = segments[segments["document"] == document.name]
    speakers = [value if isinstance(value, str) else None for value in own["speaker"].tolist()]
    value = speaker_turns(
        document.text,
        zip(own["start"].tolist(), own["end"].tolist(), speakers, strict=True),
        str(document.attributes.get(VARIABLE, "")),
        _ANY_PROJECT,
    )
    if not value:
        return document
    return replace(document, attributes={**document.attributes, SPEAKER_TURNS: value})


def _coding_key(row: CodingRow) -> tuple[object, ...]:
    return (row.document, row.start, row.end, row.code, row.coder, row.status)
