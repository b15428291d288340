"""Adding transcripts to the store: files or folders, cases from sub-folders, idempotent."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ptce_coding.base.document_names import by_file_alone
from ptce_coding.base.errors import CorpusError, PtceError, StoreInUse
from ptce_coding.base.records import Document, DocumentText, Segment
from ptce_coding.base.settings import ImportSettings
from ptce_coding.corpus import read_transcript, supported
from ptce_coding.corpus.carry import carry_over
from ptce_coding.corpus.cases import read_cases, read_documents
from ptce_coding.corpus.counting import (
    Asker,
    LeftOut,
    declared_interviewers,
    left_out,
    longest_paragraph,
    mark_titles,
    unlabelled_questions,
    unnamed_interviewer,
)
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.stale_rows import StaleRow, nearest_name, stale_cases, stale_documents
from ptce_coding.corpus.transcript import Transcript, count_words, segments_of
from ptce_coding.store import Store

# the corpus's tables, passed over at its root (a README too: ``is_readme``)
CORPUS_TABLES = {"cases.csv", "documents.csv", "members.csv"}
README_NAMES = {"readme", "read-me", "lisezmoi", "lisez-moi"}
README_SKIPPED = (
    "a README is notes about its folder, not an interview (to import it as one, import "
    "the file alone, or rename it)"
)


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


@dataclass(frozen=True)
class Planned:
    path: Path
    name: str
    case: str | None
    skip_reason: str = ""
    problem: str = ""  # a file that cannot be imported as it is: reported as failed


def shown_path(outcome: Outcome) -> str:
    """How an outcome names its file: the whole path of a failed one (where to look), the
    document's name otherwise; undecodable bytes written as \\xNN."""
    return _readable_name(str(outcome.path)) if outcome.status == "failed" else outcome.name


def _readable_name(name: str) -> str:
    """A file name as it can be shown and stored: undecodable bytes written as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _checked(item: Planned) -> Planned:
    """A name that is not valid UTF-8 (a byte the file system could not decode) cannot be a
    document or case name: the file fails, with the name shown readably. A valid one is made
    NFC, as a name is typed: macOS writes file names decomposed (NFD, « e » + accent)."""
    shown = _readable_name(item.name)
    if shown == item.name and (item.case is None or _readable_name(item.case) == item.case):
        return replace(item, name=_nfc(item.name), case=item.case and _nfc(item.case))
    return Planned(
        item.path,
        shown,
        item.case and _readable_name(item.case),
        item.skip_reason,
        "the file or folder name is not valid UTF-8 (an undecodable byte, shown as \\xNN): "
        "rename it with plain or accented letters and import again",
    )


def _nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def plan(paths: list[Path], case: str | None = None, corpus: Path | None = None) -> list[Planned]:
    """Which files to import, under which names and cases (nothing read yet).

    A document is named ``<case>/<path in the case's folder>``, as a folder of the corpus
    names it (``corpus/pole-a/entretien.txt`` is ``pole-a/entretien.txt``), whether it comes
    with its folder or alone, with ``--case`` or from its folder's name: two poles'
    ``entretien.docx`` are two documents, and a file of the corpus imported alone is the
    document its folder's import made. A file or folder in the project's ``corpus`` folder
    is of the case folder it is in (``corpus/pole-a/sous/x.txt``: pole-a), however it is
    given; elsewhere a folder's first-level sub-folders are cases, a file alone is of its
    folder's name, and the folder given with ``--case`` is the case's folder."""
    if case is not None:
        check_case(case)
    planned: list[Planned] = []
    for given in paths:
        if not given.exists():
            raise CorpusError("no such file or folder", path=given)
        within = _within(given, corpus)
        if given.is_file():
            planned.append(_alone(given, within, case))
            continue
        found = sorted(given.rglob("*"))
        planned.extend(_unreadable_folders(given, [given, *(p for p in found if p.is_dir())]))
        for path in (p for p in found if p.is_file()):
            relative = path.relative_to(given)
            if any(part.startswith((".", "~$")) for part in relative.parts):
                continue
            if within is not None:
                in_corpus = (*within, *relative.parts)
            elif case is None:  # the folder given holds the case folders, as corpus/ does
                in_corpus = relative.parts
            else:  # the folder given is the case's folder
                in_corpus = (case, *relative.parts)
            item = _planned_file(path, in_corpus, case)
            if item is not None:
                planned.append(item)
    return [_checked(item) for item in planned]


def _within(given: Path, corpus: Path | None) -> tuple[str, ...] | None:
    """The parts of ``given``'s path in the ``corpus`` folder when it is in it (None for the
    folder itself, or a path elsewhere); as written, else with links followed."""
    if corpus is None:
        return None
    for path, folder in (
        (Path(os.path.abspath(given)), Path(os.path.abspath(corpus))),
        (_absolute(given), _absolute(corpus)),
    ):
        if path == folder:
            return None
        if folder in path.parents:
            return path.relative_to(folder).parts
    return None


def _alone(path: Path, within: tuple[str, ...] | None, case: str | None) -> Planned:
    """A file given alone, imported as asked (whatever its name or type); ``within``: the
    parts of its path in the corpus folder, None when it is elsewhere."""
    if within is not None and len(within) > 1:
        owner = case if case is not None else within[0]
        return _in_case(path, "/".join((owner, *within[1:])), owner, case)
    if within is not None and case is None:  # at the corpus root, as the corpus import says
        return Planned(path, path.name, None, "not in a case sub-folder (or give --case)")
    owner = case if case is not None else path.resolve().parent.name
    return _in_case(path, f"{owner}/{path.name}", owner, case)


def _in_case(path: Path, name: str, owner: str, case: str | None) -> Planned:
    """The file planned in case ``owner``; but a case named after a hidden folder
    (« .brouillon », « ~$… »), which the corpus import leaves out and no case can be named,
    fails with what to do (``case``: the one given, checked already)."""
    if case is None and owner.startswith((".", "~$")):
        return Planned(
            path,
            name,
            None,
            problem=f"its case would be {owner}, a hidden folder's name, which the import "
            "of the corpus leaves out and a case cannot have: give --case to import it into "
            "a case, or move it into a case's folder",
        )
    return Planned(path, name, owner)


def _planned_file(path: Path, in_corpus: tuple[str, ...], case: str | None) -> Planned | None:
    """One file of a folder, by the parts of its path in the corpus folder (or the folder
    that plays it): its case is the first (``--case`` when given), its name
    ``<case>/<the rest>``. Files a folder holds beside the interviews are left out: the
    corpus tables and notes at its root without a word, a README in a case's folder said.
    None: left out without a word."""
    if len(in_corpus) == 1 and case is None:  # at the corpus root
        if path.name.lower() in CORPUS_TABLES or is_readme(path.name):
            return None
        return Planned(path, in_corpus[0], None, "not in a case sub-folder (or give --case)")
    owner = case if case is not None else in_corpus[0]
    name = "/".join((owner, *in_corpus[1:]))
    if path.suffix.lower() == ".csv":
        return None
    if is_readme(path.name):
        return Planned(path, name, None, README_SKIPPED)
    if not supported(path):
        return Planned(path, name, None, f"unsupported type {path.suffix}")
    return _in_case(path, name, owner, case)


def is_readme(name: str) -> bool:
    """« README.md », « readme.txt », « LISEZMOI.docx », « Lisez-moi.odt »: a file of notes
    about its folder, never an interview."""
    return name.split(".")[0].casefold().replace(" ", "-").replace("_", "-") in README_NAMES


def check_case(case: str) -> None:
    """A case given for an import (``--case``) must be a name a corpus folder can have: not
    empty, no slash, not hidden (``Store.check_case_name``). Raises CorpusError."""
    try:
        Store.check_case_name(case)
    except PtceError as exc:
        raise CorpusError(f"--case: {exc.message}", hint=exc.hint) from None


def _unreadable_folders(given: Path, folders: list[Path]) -> list[Planned]:
    """Folders that cannot be listed: their files would be silently missing, so each fails."""
    failed = []
    for folder in folders:
        relative = folder.relative_to(given)
        if any(part.startswith((".", "~$")) for part in relative.parts):
            continue
        try:
            with os.scandir(folder):
                pass
        except OSError as exc:
            name = (given.name if folder == given else relative.as_posix()) + "/"
            failed.append(
                Planned(
                    folder,
                    name,
                    None,
                    problem=f"cannot read the folder: {exc.strerror or exc}; the files in it "
                    "were not imported (check its permissions, then import again)",
                )
            )
    return failed


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
    sources = _sources(store)
    for done, item in enumerate(planned, start=1):
        if item.problem:
            report.outcomes.append(Outcome(item.path, item.name, None, "failed", item.problem))
        elif item.skip_reason:
            report.outcomes.append(Outcome(item.path, item.name, None, "skipped", item.skip_reason))
        else:
            try:
                item = _named(store, item, sources)
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
        report.unknown_in_cases_csv = _with_nearest([n for n in unknown if n not in stale], cases)
        unknown = store.set_document_attributes(document_attributes)
        report.stale_in_documents_csv = stale_documents(unknown, store)
        stale = {row.name for row in report.stale_in_documents_csv}
        report.unknown_in_documents_csv = _with_nearest(
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


def _sources(store: Store) -> dict[Path, Document]:
    """The stored documents by the file they were read from (its path made absolute)."""
    return {_absolute(doc.source): doc for doc in store.documents() if doc.source}


def _absolute(path: str | Path) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):  # a path the system cannot resolve
        return Path(path).absolute()


def _named(store: Store, item: Planned, sources: Mapping[Path, Document]) -> Planned:
    """The planned file under the name of the document it is: the one of its name (always of
    its case), else the one an earlier version named otherwise (the bare file name of a file
    imported alone, ``entretien.txt``) in its case, or read from the same file in its case.
    A document of its name in another case is never replaced: CorpusError, with what to do
    (`documents move`)."""
    assert item.case is not None
    existing = store.document(item.name)
    if existing is not None:
        if not _same_case(existing, item):
            raise CorpusError(
                f"a document {existing.name!r} of case {existing.case} exists"
                + _from(existing)
                + f"; this file of case {item.case} is not imported over it: nothing was "
                "imported from it",
                hint=_move_hint(existing, item.case),
            )
        return item
    earlier = store.document(item.name[len(item.case) + 1 :])
    if earlier is not None and _same_case(earlier, item):
        return replace(item, name=earlier.name)
    own = _own_document(store, item, sources)
    if own is not None and _same_case(own, item):
        return replace(item, name=own.name)
    return item


def _same_case(document: Document, item: Planned) -> bool:
    """Whether the document is in the planned file's case (compared in NFC: a store filled
    before the import normalised names may hold them decomposed)."""
    return item.case is not None and _nfc(document.case) == _nfc(item.case)


def _own_document(store: Store, item: Planned, sources: Mapping[Path, Document]) -> Document | None:
    """The stored document read from this very file, if any."""
    own = sources.get(_absolute(item.path))
    return store.document(own.name) if own is not None else None


def _from(document: Document) -> str:
    return f" (imported from {document.source})" if document.source else ""


def _move_hint(document: Document, case: str) -> str:
    """What to do when a file is imported in another case than its document's."""
    return (
        f"to put that document in case {case}, with its codings, run `ptce-coding documents "
        f"move {document.name} --case {case}`, then import again; to keep it in case "
        f"{document.case}, import the file with --case {document.case}"
    )


def by_stored_names(
    listed: Mapping[str, dict[str, Any]], names: set[str]
) -> dict[str, dict[str, Any]]:
    """documents.csv's rows by the names documents have (<case>/<file>): a row that names a
    document by its file alone (as before documents were named so, or as another tool does)
    is that document's when one case has the file; else it stays as written (and is reported
    as naming no document)."""
    in_cases = by_file_alone(names)
    keyed: dict[str, dict[str, Any]] = {}
    for given, values in listed.items():
        found = in_cases.get(unicodedata.normalize("NFC", given), [])
        name = found[0] if given not in names and len(found) == 1 else given
        keyed[name] = {**keyed.get(name, {}), **values}
    return keyed


def apply_settings(store: Store, detector: SpeakerDetector, preamble: str) -> tuple[int, int]:
    """The stored documents' derived marks made to follow the settings: who is an interviewer
    (``speakers.interviewers``) and which preamble lines are titles (``coding.preamble``).
    Offsets and codings are not touched. Returns (segments whose role changed, segments whose
    title mark changed)."""
    roles = titles = 0
    for document in store.documents():
        stored = store.segments(document.id)
        marked = mark_titles(
            with_roles(stored, detector, document.attributes, document.text),
            document.text,
            preamble,
        )
        if store.set_segment_marks(document.id, marked):
            before = {s.position: s for s in stored}
            roles += sum(before[s.position].interviewer != s.interviewer for s in marked)
            titles += sum(before[s.position].title != s.title for s in marked)
    return roles, titles


def with_roles(
    segments: Sequence[Segment],
    detector: SpeakerDetector,
    attributes: Mapping[str, Any],
    text: str,
) -> list[Segment]:
    """The segments of ``text`` with their speaker roles: the interviewers of the settings,
    those the document's own attributes name (an ``interviewers`` column of documents.csv or
    a front matter key, several names separated by « ; »: « Speaker 1 » of an automatic
    transcription is the interviewer in one file, not in the next), and those its head
    declares (« Enquêteur : Paul Martin », then turns of « Paul »: ``declared_interviewers``)."""
    own = detector.with_interviewers(document_interviewers(attributes))
    own = own.with_interviewers(declared_interviewers(segments, text, own))
    return [replace(s, interviewer=is_interviewer_turn(own, s.speaker)) for s in segments]


def document_interviewers(attributes: Mapping[str, Any]) -> list[str]:
    """The names under a document's ``interviewers`` (or ``interviewer``) attribute."""
    value = attributes.get("interviewers", attributes.get("interviewer"))
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(";")
    return [str(item).strip() for item in items if str(item).strip()]


def is_interviewer_turn(detector: SpeakerDetector, speaker: str | None) -> bool:
    """A turn is the interviewer's when every speaker of it is one (« A + B » overlaps)."""
    if not speaker:
        return False
    names = [name.strip() for name in speaker.split(" + ") if name.strip()]
    return bool(names) and all(detector.is_interviewer(name) for name in names)


def _import_one(
    store: Store,
    item: Planned,
    detector: SpeakerDetector,
    settings: ImportSettings,
    listed: Mapping[str, Any],
    sources: Mapping[Path, Document],
) -> Outcome:
    """One file into the store; ``listed``: its attributes in documents.csv; ``sources``:
    the stored documents by their file (``_sources``)."""
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
            return _unchanged(store, item, existing, segments)
        return _replace(store, item, existing, transcript, segments, words)
    removal = next(
        (
            r
            for r in store.removals()
            if item.name in {_nfc(name) for name in r["documents"] if name}
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
        if not _same_case(twin, item):
            own = _own_document(store, item, sources)
            elsewhere = f" (it is in case {twin.case}" + (
                f": {_move_hint(twin, item.case)})" if own and own.id == twin.id else ")"
            )
        return Outcome(
            item.path,
            item.name,
            item.case,
            "duplicate",
            f"same text as document {twin.name!r}, not imported twice{elsewhere}",
        )
    own = _own_document(store, item, sources)
    if own is not None:  # in another case (in its own, `_named` gave its name)
        raise CorpusError(
            f"this file was imported as document {own.name!r} of case {own.case}; it is not "
            f"imported a second time in case {item.case}: nothing was imported from it",
            hint=_move_hint(own, item.case),
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


def _with_nearest(unknown: list[str], names: set[str]) -> list[str]:
    """Names of cases.csv or documents.csv that are no case or document, each with the one
    it may mean (``stale_rows.nearest_name``): « Pôle A (did you mean pole-a?) »,
    « directrice.txt (did you mean pole-a/directrice.txt?) »."""
    named = []
    for name in unknown:
        close = nearest_name(name, names)
        named.append(f"{name} (did you mean {close}?)" if close else name)
    return named


def unread_note(transcript: Transcript) -> str:
    """What the file holds outside its text (a .docx's footnotes), or an empty string."""
    if not transcript.unread:
        return ""
    where = ", ".join(
        f"{words} word{'' if words == 1 else 's'} in {what}" for what, words in transcript.unread
    )
    return f"not read: {where} (not part of the transcript: copy them into the text to code them)"


def _unchanged(store: Store, item: Planned, existing: Document, segments: list[Segment]) -> Outcome:
    """The same text: its turns are read again, and stored again if the reader now splits
    them otherwise (a heading no longer taken for a speaker); codings stay as they are."""
    stored = store.segments(existing.id)
    shape = [(s.start, s.end, s.speaker) for s in segments]
    if shape == [(s.start, s.end, s.speaker) for s in stored]:
        return Outcome(item.path, item.name, existing.case, "unchanged")
    store.replace_segments(existing.id, segments)
    return Outcome(
        item.path,
        item.name,
        existing.case,
        "unchanged",
        f"speaker turns read again ({len(stored)} segments before, {len(segments)} now)",
        len(segments),
        existing.words,
        left_out=left_out(segments, existing.words),
        askers=tuple(unnamed_interviewer(segments, existing.text)),
        unlabelled=unlabelled_questions(segments, existing.text),
        longest=longest_paragraph(segments),
    )


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
