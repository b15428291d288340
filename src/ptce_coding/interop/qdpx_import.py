"""A REFI-QDA project (.qdpx) added to a project's store: documents, cases, codes, codings.

Import adds the sources as documents named ``<case>/<source>`` (``qdpx_refusal.document_name``;
speaker turns as the file's ``speaker_turns`` variable gives them when it fits the text, else
found as for any transcript, the parts of an overlap as its ``overlap_turns`` variable says:
``speaker_turns.py``, ``overlap_turns.py``), the cases and their attributes, the
codings as method ``import``, status ``accepted``, coder = the REFI user (a « no » user's
codings are its consensus's « no »: ``qdpx_decisions``), or as they were made where the
file's ``coding_provenance`` variable says it (by hand; a tagger's suggestion accepted,
by threshold or not, or rejected: ``qdpx_provenance``, ``qdpx_replay``), and the memos:
the notes (on what their name or a ``NoteRef`` says) and the descriptions of sources and cases
(``qdpx_notes``). A source already in the project stays in its case, said when the file or
``case`` gives another. The codes the codebook lacks are the importer's choice
(``codes``): refused, listed, unless ``add`` (appended to the YAML, a codebook change that
``codebook undo`` takes back) or ``skip`` (their codings left out, counted). A source no case
of the file holds goes to the case given (``case``), or the import is refused, naming it.
What has no place in the project (sets, a case without a document of its own) is said in the
warnings. Nothing is written unless everything can be: the YAML and the store change
together (``evolution.codebook_ops.together``). The export is
:mod:`ptce_coding.interop.qdpx_project`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.records import Coding, DocumentText
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.codebook.merge import merged_codebook
from ptce_coding.codebook.model import Codebook
from ptce_coding.corpus.counting import mark_titles
from ptce_coding.corpus.speaker_roles import with_roles
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript, Turn, count_words, segments_of, text_hash
from ptce_coding.corpus.turns import split_turns
from ptce_coding.evolution.codebook_ops import together
from ptce_coding.interop.codebook_import import codes_to_add
from ptce_coding.interop.overlap_turns import VARIABLE, split_overlaps
from ptce_coding.interop.qdpx_decisions import read_user
from ptce_coding.interop.qdpx_left_out import cases_left_out, sets_left_out
from ptce_coding.interop.qdpx_notes import add_descriptions, add_notes
from ptce_coding.interop.qdpx_provenance import VARIABLE as PROVENANCE
from ptce_coding.interop.qdpx_provenance import file_provenance
from ptce_coding.interop.qdpx_refusal import (
    case_of,
    caseless,
    code_name,
    codings_per_code,
    document_name,
    file_problems,
    lacking_codes,
    name_clashes,
    refuse,
    unclaimed,
)
from ptce_coding.interop.qdpx_replay import Restored, replay, sort_codings
from ptce_coding.interop.refi import RefiProject, read_qdpx
from ptce_coding.interop.speaker_turns import VARIABLE as SPEAKER_TURNS
from ptce_coding.interop.speaker_turns import given_turns
from ptce_coding.store import Store

CODE_CHOICES = ("add", "skip")  # what an import does with the codes the codebook lacks


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
    # with codes="skip": {code of the file the codebook lacks: its codings left out}
    codes_skipped: dict[str, int] = field(default_factory=dict)
    # {consensus: its « no » decisions read from its « no » user (qdpx_decisions)}
    decisions_no: dict[str, int] = field(default_factory=dict)
    # how the file's codings were made, and the decisions on suggestions, made again
    restored: Restored = field(default_factory=Restored)


def import_qdpx(
    store: Store,
    codebook_path: Path,
    path: Path,
    detector: SpeakerDetector,
    *,
    case: str | None = None,
    codes: str | None = None,
    partial: bool = False,
    preamble: str = "titles",
) -> QdpxImport:
    """Add a .qdpx project to the store, all or nothing: a source whose text is missing, a
    selection outside its text or reversed, a coding of an unknown code… refuse the whole
    file, every problem listed. With ``partial``, the rest is imported and ``left_out`` lists
    what was not. Codes of the file the codebook lacks refuse it, listed, unless ``codes``
    is ``add`` (a codebook change, undone by ``codebook undo``) or ``skip`` (their codings
    left out, counted in ``codes_skipped``); sources in no case of the file go to ``case``,
    or refuse it; a source named as a document with another text refuses it. Whatever
    refuses it is said in one error, each with what to do (``qdpx_refusal``). The speaker
    roles and title lines follow the settings (``detector``, ``preamble``:
    ``coding.preamble``) and each source's ``interviewers`` variable, as for a transcript."""
    refi = read_qdpx(path)
    if codes is not None and codes not in CODE_CHOICES:
        raise ExchangeError(f"--codes {codes!r}: give one of {', '.join(CODE_CHOICES)}")
    codebook = load_codebook(codebook_path)
    ids, new_codes = codes_to_add(refi.codes, codebook)
    lacking = {code.id for code in new_codes}
    cases = case_of(refi, case)
    refuse(  # everything to settle first, said at once
        path,
        [
            *file_problems(refi, partial),
            *lacking_codes(refi, ids, new_codes, (codebook_path, codebook), codes),
            *unclaimed(store, new_codes, codes),
            *caseless(store, refi, cases),
            *name_clashes(store, refi, cases),
        ],
    )
    report = QdpxImport(
        refi.tool,
        refi.offset_convention,
        warnings=[*refi.warnings, *sets_left_out(refi)],
        left_out=list(refi.losses),
    )
    if codes == "skip":
        used = codings_per_code(refi)
        report.codes_skipped = {
            code_name(code, ids[code.guid]): used[code.guid]
            for code in refi.codes
            if ids[code.guid] in lacking and used.get(code.guid)
        }
        ids = {guid: code_id for guid, code_id in ids.items() if code_id not in lacking}
        new_codes = []
    report.codes_added = [code.id for code in new_codes]
    original = codebook_path.read_text(encoding="utf-8")
    merged_text, merged = merged_codebook(codebook_path, new_codes, path.name)

    def write(token: str | None) -> None:
        documents_before = {document.name for document in store.documents()}
        names = _add_sources(store, refi, (detector, preamble), cases, report, path)
        kept = [c for c in refi.codings if c.source_guid in names and c.code_guid in ids]
        codings = [
            Coding(
                document=names[c.source_guid],
                start=c.start,
                end=c.end,
                code=ids[c.code_guid],
                coder=coder,
                method="import",
                status=status,
                memo=c.note,
                created_at=c.created_at,
            )
            for c in kept
            for coder, status in [read_user(refi.user_name(c.user) or "import")]
        ]
        for coding in codings:
            if coding.status == "rejected":
                report.decisions_no[coding.coder] = report.decisions_no.get(coding.coder, 0) + 1
        made = sort_codings(codings, file_provenance(refi, ids, names, report.warnings))
        report.codings_added, report.codings_present = store.add_codings(made.plain)
        report.restored = replay(store, made.decided)  # how they were made (qdpx_replay)
        report.restored.manual = made.manual
        report.restored.imported = made.imported
        report.codings_added += report.restored.codings
        report.codings_present += report.restored.codings_present
        selections = {
            refi_coding.selection_guid: store.coding_id(
                coding.document, coding.start, coding.end, coding.code, coding.coder
            )
            for refi_coding, coding in zip(kept, codings, strict=True)
            if refi_coding.selection_guid
        }
        attributes = {c.name: _storable(c.variables) for c in refi.cases if c.variables}
        known = store.cases()
        store.set_case_attributes(  # a case of the project's without a source: left out
            {name: {**known.get(name, {}), **values} for name, values in attributes.items()}
        )
        report.cases = len({*cases.values()})
        report.warnings.extend(cases_left_out(refi, names, store))
        memos_before = {memo.id for memo in store.memos()}
        report.memos_added = add_notes(store, refi, ids, selections, names)
        report.memos_added += add_descriptions(store, refi, names)
        store.log(
            "qdpx.import",
            file=path.name,
            tool=refi.tool,
            codes_added=report.codes_added,
            codes_skipped=report.codes_skipped,
            codings=report.codings_added,
            made_again=report.restored.as_dict(),
        )
        if token is not None:  # the codes added: a codebook change `codebook undo` takes back
            added = sorted(set(names.values()) - documents_before)
            _record_codes_added(
                store,
                (codebook, original),
                (merged, merged_text),
                token,
                {
                    "file": path.name,
                    "codes_added": report.codes_added,
                    "documents_added": added,
                    "codings_added": _coding_ids(store, added),
                    "memos_added": sorted({memo.id for memo in store.memos()} - memos_before),
                },
            )

    if new_codes:
        together(codebook_path, store, "import", original, merged_text, write)
    else:
        with store.transaction():
            write(None)
    return report


def _coding_ids(store: Store, names: list[str]) -> list[int]:
    """The ids of every coding of the documents ``names`` (those an import added)."""
    found: list[int] = []
    for name in names:
        document = store.document(name)
        if document is not None:
            found.extend(row.id for row in store.document_codings(document.id))
    return sorted(found)


def _record_codes_added(
    store: Store,
    before: tuple[Codebook, str],
    after: tuple[Codebook, str],
    token: str,
    details: dict[str, Any],
) -> None:
    """The codes an import added, as the codebook commands record a change (the codebook
    before and after in the store, an event with the journal ``token``): ``codebook undo``
    takes it back. ``details``: the file, the codes, and the documents, codings and memos
    the import added (the undo takes the documents back, if nothing was added to them
    since)."""
    (book_before, text_before), (book_after, text_after) = before, after
    store.record_codebook(book_before.version, book_before.name, text_before)
    store.log(
        "codebook.change",
        operation="import",
        mapping={},
        journal=token,
        before_version=book_before.version,
        after_version=book_after.version,
        **details,
    )
    store.record_codebook(book_after.version, book_after.name, text_after)


def _add_sources(
    store: Store,
    refi: RefiProject,
    reading: tuple[SpeakerDetector, str],
    cases: dict[str, str],
    report: QdpxImport,
    path: Path,
) -> dict[str, str]:
    """Documents for the sources (reused when the same text is already there): {guid: name}.
    ``reading``: the speaker detector and ``coding.preamble``; ``path``: the .qdpx file,
    named by an error."""
    detector, preamble = reading
    names = {}
    elsewhere: list[str] = []  # documents already there, in another case than the file's
    for source in refi.sources:
        if not source.text.strip():
            report.warnings.append(f"source {source.name!r} has no text: left out")
            continue
        digest = text_hash(source.text)
        name = document_name(source, cases)
        existing = store.document(name) or store.document_with_hash(digest)
        if existing is not None:
            if existing.text_hash != digest:  # refused before by name_clashes: a guard
                raise ExchangeError(
                    f"source {source.name!r}: the project already has a document "
                    f"{existing.name!r} with another text; nothing was imported",
                    path=path,
                    hint="Rename the source in the tool that wrote the file and export it "
                    "again, or import into another project.",
                )
            names[source.guid] = existing.name
            report.documents_present.append(existing.name)
            given = cases.get(source.guid)
            if given is not None and store.stored_case_name(given) != existing.case:
                elsewhere.append(f"{existing.name!r} (in {existing.case}, not {given})")
            continue
        attributes = _storable(source.variables)
        attributes.pop(PROVENANCE, None)  # how its codings were made: no attribute
        turns = _turns(source.name, source.text, attributes, detector, report.warnings)
        transcript = Transcript(source.text, turns, "qdpx")
        segments = mark_titles(
            with_roles(segments_of(transcript), detector, attributes, source.text),
            source.text,
            preamble,
        )
        store.add_document(
            name=name,
            case=cases[source.guid],
            content=DocumentText(
                format="qdpx",
                text=source.text,
                text_hash=digest,
                words=count_words(source.text),
                source=str(refi.name),
                attributes=attributes,
            ),
            segments=segments,
        )
        names[source.guid] = name
        report.documents_added.append(name)
    if elsewhere:
        report.warnings.append(
            f"{len(elsewhere)} document(s) of the file already in the project stay in their "
            f"case, not the one the import gives them: {', '.join(elsewhere[:10])}"
            + (" …" if len(elsewhere) > 10 else "")
            + "; a case (`--case` or the file's) goes to the documents an import adds; "
            "`ptce-coding documents move NAME --case CASE` moves one"
        )
    return names


def _turns(
    name: str,
    text: str,
    attributes: dict[str, Any],
    detector: SpeakerDetector,
    warnings: list[str],
) -> tuple[Turn, ...]:
    """A source's turns: as its variable « speaker_turns » gives them (``speaker_turns``),
    else as its text reads, each overlap split as « overlap_turns » says (``overlap_turns``);
    both variables taken out of ``attributes`` (they are no attributes to group by)."""
    given = attributes.pop(SPEAKER_TURNS, None)
    overlaps = attributes.pop(VARIABLE, None)
    if given is not None:
        turns, problem = given_turns(text, given, detector)
        if not problem:
            return turns
        warnings.append(
            f"source {name!r}: its variable « {SPEAKER_TURNS} » does not fit its text "
            f"({problem}), so its speaker turns are read from the text"
        )
    read = split_turns(text, detector)
    if overlaps is None:  # whose each part of an overlap is (overlap_turns.py)
        return read
    turns, problem = split_overlaps(read, text, overlaps)
    if problem:
        warnings.append(
            f"source {name!r}: its variable « {VARIABLE} » does not fit its "
            f"text ({problem}), so each overlap is one turn of all its speakers"
        )
    return turns


def _storable(values: dict[str, Any]) -> dict[str, Any]:
    """Variable values as the store keeps them (JSON): a date or date-time (a REFI
    ``DateValue`` or ``DateTimeValue``) as its ISO text, as cases.csv gives it."""
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in values.items()
    }
