"""Adding transcripts to the store: files or folders, cases from sub-folders, idempotent."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ptce_coding.base.errors import CorpusError, PtceError, StoreInUse
from ptce_coding.base.records import Document, DocumentText, Segment
from ptce_coding.base.settings import ImportSettings
from ptce_coding.corpus import read_transcript
from ptce_coding.corpus.carry import carry_over
from ptce_coding.corpus.cases import read_cases, read_documents
from ptce_coding.corpus.counting import (
    Asker,
    LeftOut,
    left_out,
    longest_paragraph,
    mark_titles,
    unlabelled_questions,
    unnamed_interviewer,
)
from ptce_coding.corpus.document_matching import (
    by_stored_names,
    move_hint,
    named_as_stored,
    own_document,
    same_case,
    sources_of,
    with_nearest,
)
from ptce_coding.corpus.import_plan import Planned, nfc, plan, readable_name
from ptce_coding.corpus.speaker_roles import apply_settings, with_roles
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.stale_rows import StaleRow, stale_cases, stale_documents
from ptce_coding.corpus.transcript import Transcript, count_words, segments_of
from ptce_coding.store import Store


@dataclass(frozen=True)
class Outcome:
    """What happened to one file: added, replaced, unchanged, duplicate, skipped or failed."""

    path: Path
    name: str
    case: str | None
    status: str
    message: str = ""
    segments: int = 0
    words: int = 0  # every word of the text (``count_words``), as `documents` lists them
    lost: int = 0
    # the words counted, and why the others are not (titles, interviewer, labels)
    left_out: LeftOut | None = None
    askers: tuple[Asker, ...] = ()  # speakers of a document without interviewer
    unlabelled: int = 0  # questions of a document where no speaker label was recognised
    longest: int = 0  # words of its longest coded paragraph


@dataclass
class ImportReport:
    outcomes: list[Outcome] = field(default_factory=list)
    cases_updated: int = 0
    unknown_in_documents_csv: list[str] = field(default_factory=list)
    unknown_in_cases_csv: list[str] = field(default_factory=list)  # cases with no document
    # rows of documents.csv and cases.csv that name what `documents move|remove` or
    # `cases remove` took away (left out of the two lists above)
    stale_in_documents_csv: list[StaleRow] = field(default_factory=list)
    stale_in_cases_csv: list[StaleRow] = field(default_factory=list)
    # cases and documents whose row was deleted from cases.csv, documents.csv: their
    # attributes from it cleared
    cases_cleared: list[str] = field(default_factory=list)
    documents_cleared: list[str] = field(default_factory=list)
    roles_changed: int = 0  # stored segments whose speaker role changed with the settings
    titles_changed: int = 0  # stored segments now counted, or now left out as a title line

    def with_status(self, *statuses: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in statuses]

    @property
    def failed(self) -> list[Outcome]:
        return self.with_status("failed")


def shown_path(outcome: Outcome) -> str:
    """How an outcome names its file: the whole path of a failed one (where to look), the
    document's name otherwise; undecodable bytes written as \\xNN."""
    return readable_name(str(outcome.path)) if outcome.status == "failed" else outcome.name


def _where(error: PtceError) -> str:
    """The line a reader's error names, unless its message says it already."""
    if error.line is None or f"line {error.line}" in error.message:
        return ""
    return f"line {error.line}: "


def import_paths(
    store: Store,
    paths: list[Path],
    settings: ImportSettings | None = None,
    *,
    cases_file: Path | None = None,
    documents_file: Path | None = None,
    case: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    corpus: Path | None = None,
) -> ImportReport:
    """Import files and folders; each file is all or nothing, a bad file stops no other.
    The case and interview attributes are read from ``cases_file`` and ``documents_file``
    (cases.csv, documents.csv) when given. ``progress(done, total)`` is called after each
    file. ``corpus``: the project's corpus folder, whose files are of the case folder they
    are in however they are given (``plan``)."""
    settings = settings or ImportSettings()
    attributes = read_cases(cases_file) if cases_file else {}
    document_attributes = read_documents(documents_file) if documents_file else {}
    planned = plan(paths, case, corpus)
    names = {row.document for row in store.document_rows()}
    document_attributes = by_stored_names(
        document_attributes, names | {item.name for item in planned if item.name}
    )
    detector = SpeakerDetector(settings.speakers)
    report = ImportReport()
    sources = sources_of(store)
    for done, item in enumerate(planned, start=1):
        if item.problem:
            report.outcomes.append(Outcome(item.path, item.name, None, "failed", item.problem))
        elif item.skip_reason:
            report.outcomes.append(Outcome(item.path, item.name, None, "skipped", item.skip_reason))
        else:
            try:
                item = named_as_stored(store, item, sources)
                report.outcomes.append(
                    _import_one(
                        store,
                        item,
                        detector,
                        settings,
                        document_attributes.get(item.name, {}),
                        sources,
                    )
                )
            except StoreInUse:
                raise  # not this file's fault, and every next file would wait for it too
            except PtceError as exc:
                message = _where(exc) + exc.message + (f" ({exc.hint})" if exc.hint else "")
                report.outcomes.append(Outcome(item.path, item.name, item.case, "failed", message))
        if progress is not None:
            progress(done, len(planned))
    with store.transaction():
        report.cases_updated, unknown = store.set_case_attributes(attributes)
        report.stale_in_cases_csv = stale_cases(unknown, store)
        stale = {row.name for row in report.stale_in_cases_csv}
        cases = {row.case for row in store.document_rows()}
        report.unknown_in_cases_csv = with_nearest([n for n in unknown if n not in stale], cases)
        unknown = store.set_document_attributes(document_attributes)
        report.stale_in_documents_csv = stale_documents(unknown, store)
        stale = {row.name for row in report.stale_in_documents_csv}
        report.unknown_in_documents_csv = with_nearest(
            [n for n in unknown if n not in stale], {row.document for row in store.document_rows()}
        )
        if cases_file is not None and cases_file.is_file():
            report.cases_cleared = store.clear_unlisted_case_attributes(list(attributes))
        if documents_file is not None and documents_file.is_file():
            report.documents_cleared = store.clear_unlisted_document_attributes(
                list(document_attributes)
            )
        report.roles_changed, report.titles_changed = apply_settings(
            store, detector, settings.preamble
        )
    return report


def _import_one(
    store: Store,
    item: Planned,
    detector: SpeakerDetector,
    settings: ImportSettings,
    listed: Mapping[str, Any],
    sources: Mapping[Path, Document],
) -> Outcome:
    """One file into the store; ``listed``: its attributes in documents.csv; ``sources``:
    the stored documents by their file (``sources_of``)."""
    assert item.case is not None
    transcript = read_transcript(item.path, detector, settings.max_megabytes)
    attributes = {**transcript.attributes, **listed}
    segments = mark_titles(
        with_roles(segments_of(transcript), detector, attributes, transcript.text),
        transcript.text,
        settings.preamble,
    )
    if not segments:
        raise CorpusError("no text to code after reading", path=item.path)
    existing = store.document(item.name)
    words = count_words(transcript.text)
    if existing is not None:
        if existing.text_hash == transcript.text_hash:
            # what another reader gave (a .qdpx's variables) is not this reader's to replace
            mine = transcript.attributes if existing.format == transcript.format else None
            return _unchanged(store, item, existing, segments, mine)
        return _replace(store, item, existing, transcript, segments, words)
    removal = next(
        (
            r
            for r in store.removals()
            if item.name in {nfc(name) for name in r["documents"] if name}
            or transcript.text_hash in r["hashes"]
        ),
        None,
    )
    if removal is not None:  # removed on purpose: the file left in corpus/ does not bring it back
        return Outcome(
            item.path,
            item.name,
            item.case,
            "skipped",
            f"removed on {removal['at'][:10]} (event {removal['event']}): not imported again; "
            f"`ptce-coding history --restore {removal['event']}` brings it back with its "
            "codings, or take the file out of the corpus folder",
        )
    twin = store.document_with_hash(transcript.text_hash)
    if twin is not None:
        elsewhere = ""
        if not same_case(twin, item):
            own = own_document(store, item, sources)
            elsewhere = f" (it is in case {twin.case}" + (
                f": {move_hint(twin, item.case)})" if own and own.id == twin.id else ")"
            )
        return Outcome(
            item.path,
            item.name,
            item.case,
            "duplicate",
            f"same text as document {twin.name!r}, not imported twice{elsewhere}",
        )
    own = own_document(store, item, sources)
    if own is not None:  # in another case (in its own, `named_as_stored` gave its name)
        raise CorpusError(
            f"this file was imported as document {own.name!r} of case {own.case}; it is not "
            f"imported a second time in case {item.case}: nothing was imported from it",
            hint=move_hint(own, item.case),
        )
    store.add_document(
        name=item.name,
        case=item.case,
        content=_content(transcript, item, words),
        segments=segments,
    )
    return Outcome(
        item.path,
        item.name,
        item.case,
        "added",
        unread_note(transcript),
        len(segments),
        words,
        left_out=left_out(segments, words),
        askers=tuple(unnamed_interviewer(segments, transcript.text)),
        unlabelled=unlabelled_questions(segments, transcript.text),
        longest=longest_paragraph(segments),
    )


def unread_note(transcript: Transcript) -> str:
    """How the file was read where it differs from what it says of itself (a .trs read as
    UTF-8), and what it holds outside its text (a .docx's footnotes); or an empty string."""
    notes = list(transcript.notes)
    if transcript.unread:
        where = ", ".join(
            f"{words} word{'' if words == 1 else 's'} in {what}"
            for what, words in transcript.unread
        )
        notes.append(
            f"not read: {where} (not part of the transcript: copy them into the text to code them)"
        )
    return "; ".join(notes)


def _unchanged(
    store: Store,
    item: Planned,
    existing: Document,
    segments: list[Segment],
    attributes: Mapping[str, Any] | None,
) -> Outcome:
    """The same text: its turns are read again, and stored again if the reader now splits
    them otherwise (a heading no longer taken for a speaker, an overlap's parts), with the
    ``attributes`` the reader gives (a .trs's sections count their turns in segments), which
    are stored again too when only they changed (None: the stored ones were given by another
    reader, and are kept); codings stay as they are."""
    stored = store.segments(existing.id)
    shape = [(s.start, s.end, s.speaker) for s in segments]
    if shape == [(s.start, s.end, s.speaker) for s in stored]:
        changed = (
            store.set_reader_attributes(existing.id, attributes) if attributes is not None else []
        )
        return Outcome(item.path, item.name, existing.case, "unchanged", _read_again(changed))
    changed = store.replace_segments(existing.id, segments, attributes)
    return Outcome(
        item.path,
        item.name,
        existing.case,
        "unchanged",
        f"speaker turns read again ({len(stored)} segments before, {len(segments)} now)"
        + (f"; {_read_again(changed)}" if changed else ""),
        len(segments),
        existing.words,
        left_out=left_out(segments, existing.words),
        askers=tuple(unnamed_interviewer(segments, existing.text)),
        unlabelled=unlabelled_questions(segments, existing.text),
        longest=longest_paragraph(segments),
    )


def _read_again(attributes: list[str]) -> str:
    """« attributes read again from the file (sections) », or "" when none changed."""
    return f"attributes read again from the file ({', '.join(attributes)})" if attributes else ""


def _replace(
    store: Store,
    item: Planned,
    existing: Document,
    transcript: Transcript,
    segments: list[Segment],
    words: int,
) -> Outcome:
    """A changed file: the new text replaces the old; codings follow their passage."""
    codings = store.document_codings(existing.id)
    moved, lost = carry_over(
        existing.text, transcript.text, [(c.id, c.start, c.end) for c in codings]
    )
    store.replace_document(
        existing,
        _content(transcript, item, words),
        segments=segments,
        moved=moved,
        lost=lost,
    )
    by_id = {c.id: c for c in codings}
    lost_codings = [
        f"{by_id[i].code} by {by_id[i].coder} ({by_id[i].status}) on "
        f"« {_short(by_id[i].text or '')} »"
        for i in lost
    ]
    message = f"{len(moved)} coding(s) carried over"
    if lost:
        message += f", {len(lost)} whose passage is gone (kept in the event log): " + "; ".join(
            lost_codings
        )
    if unread_note(transcript):
        message += f"; {unread_note(transcript)}"
    return Outcome(
        item.path,
        existing.name,
        existing.case,
        "replaced",
        message,
        len(segments),
        words,
        lost=len(lost),
        left_out=left_out(segments, words),
        askers=tuple(unnamed_interviewer(segments, transcript.text)),
        unlabelled=unlabelled_questions(segments, transcript.text),
        longest=longest_paragraph(segments),
    )


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _content(transcript: Transcript, item: Planned, words: int) -> DocumentText:
    """What the store keeps of a read file: its text, format and attributes, and where it is."""
    return DocumentText(
        format=transcript.format,
        text=transcript.text,
        text_hash=transcript.text_hash,
        words=words,
        encoding=transcript.encoding,
        source=str(item.path),
        attributes=transcript.attributes,
    )
