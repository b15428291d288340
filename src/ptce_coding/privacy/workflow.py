"""The two steps of ``ptce-coding pseudonymise`` on a project: review, then apply."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ptce_coding.base.errors import PtceError
from ptce_coding.privacy.detect import detect, load_ner
from ptce_coding.privacy.entity import Entity
from ptce_coding.privacy.file_names import file_words
from ptce_coding.privacy.known import KnownName, known_names
from ptce_coding.privacy.mapping_file import MAPPING_FILE, read_mapping, write_mapping
from ptce_coding.privacy.members_file import read_member_names
from ptce_coding.privacy.names import NAMES_FILE, PRIVATE_DIR, git_exposure, load_names
from ptce_coding.privacy.pseudonyms import build_entities
from ptce_coding.privacy.review_workbook import read_review, review_rows, write_review

if TYPE_CHECKING:
    from ptce_coding.store import Store


@dataclass
class ReviewResult:
    path: Path
    rows: list[dict[str, int | str]]
    warnings: list[str] = field(default_factory=list)


@dataclass
class ApplyResult:
    path: Path
    entities: list[Entity]
    warnings: list[str] = field(default_factory=list)


def _warnings(private: Path, outputs: Path, review: Path) -> list[str]:
    warnings = []
    exposed = git_exposure(private)
    if exposed:
        warnings.append(exposed)
    if review.resolve().is_relative_to(outputs.resolve()):
        warnings.append(
            f"{review} is under {outputs.name}/, which is meant to be shared: keep "
            f"review files in {PRIVATE_DIR}/."
        )
    return warnings


def speakers_by_document(store: Store) -> dict[str, set[str]]:
    speakers: dict[str, set[str]] = defaultdict(set)
    for row in store.segment_rows(with_text=False):
        if row.speaker:
            speakers[row.document].add(row.speaker)
    return speakers


def find_entities(
    store: Store,
    private: Path,
    *,
    interviewers: tuple[str, ...] = (),
    use_model: bool = True,
    names_path: Path | None = None,
    members_path: Path | None = None,
) -> tuple[list[Entity], dict[str, str]]:
    """The entities of the store's documents, numbered after the current mapping (in
    ``private``, with the list of names); ``interviewers``: labels that name no one; the
    poles and organisations of the store's cases and documents and the members of the
    poles (``members_path``, corpus/members.csv: organisation, aliases) are proposed too,
    and the names the documents' file names hold (``file_names.file_words``)."""
    texts = store.document_texts()
    if not texts:
        raise PtceError("no documents in the store", hint="Import transcripts first.")
    names = load_names(names_path or private / NAMES_FILE)
    members = read_member_names(members_path) if members_path is not None else []
    mapping = private / MAPPING_FILE
    previous = read_mapping(mapping) if mapping.is_file() else []
    known = project_names(store, texts, members, previous)
    nlp = load_ner() if use_model else None
    detections = detect(
        texts,
        speakers_by_document(store),
        names,
        nlp=nlp,
        generic_labels=interviewers,
        known=known,
    )
    cases = store.cases()
    files = file_words(texts, nlp)  # « Ardoin » of « Jean-Luc_Ardoin_H_57_SO.TextGrid »
    return build_entities(detections, names, previous, texts, known, cases, files), texts


def project_names(
    store: Store,
    texts: Mapping[str, str],
    members: Sequence[tuple[str, Sequence[str]]] = (),
    previous: Sequence[Entity] = (),
) -> list[KnownName]:
    """The poles (cases and their cases.csv names), the organisations of documents.csv and
    the ``members`` (name, aliases) of members.csv; the poles' letters those of the
    ``previous`` mapping where they still hold (``known.pole_letters``)."""
    attributes = [d.attributes for d in store.documents()]
    given = {v: e.pseudonym for e in previous for v in e.variants}
    return known_names(store.cases(), attributes, members, texts, given)


def prepare_review(
    store: Store,
    path: Path,
    *,
    private: Path,
    outputs: Path,
    interviewers: tuple[str, ...] = (),
    use_model: bool = True,
    names_path: Path | None = None,
    members_path: Path | None = None,
) -> ReviewResult:
    """Detect, group and write the review workbook (never over an earlier one); warn when
    ``private`` is exposed to git or the workbook is under ``outputs`` (meant to be
    shared). ``members_path``: the project's corpus/members.csv (``network.members``), read
    here (``members_file``); a bad one stops before anything is written."""
    if path.suffix.lower() != ".xlsx":
        raise PtceError(
            "the review file must be a workbook",
            path=path,
            hint="Give a file name ending in .xlsx.",
        )
    if path.exists():
        raise PtceError(
            "this review file exists already and may hold your decisions; nothing was written",
            path=path,
            hint="Give another file name, or delete it first.",
        )
    entities, texts = find_entities(
        store,
        private,
        interviewers=interviewers,
        use_model=use_model,
        names_path=names_path,
        members_path=members_path,
    )
    rows = review_rows(entities, texts)
    write_review(rows, path)
    return ReviewResult(path, rows, _warnings(private, outputs, path))


def apply_review(
    review: Path, *, private: Path, outputs: Path, cases: Collection[str] = ()
) -> ApplyResult:
    """The reviewed workbook becomes the mapping ``private/pseudonyms.csv``; ``cases``, the
    store's case folders, are no pseudonyms of other names."""
    reviewed = read_review(review, cases)
    target = private / MAPPING_FILE
    write_mapping(reviewed, target)
    return ApplyResult(target, [e for e in reviewed if e.kept], _warnings(private, outputs, review))
