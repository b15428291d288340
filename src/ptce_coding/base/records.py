"""The records of the data model (DESIGN.md, Concepts), as frozen dataclasses.

Offsets are code-point offsets into the document's normalised text (Unicode NFC, ``\\n`` line
ends), as REFI-QDA counts them: ``text[start:end]`` is the passage.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

METHODS = ("manual", "rule", "model", "import")
# The methods of the codings people made (by hand, imported); a tagger's (rule, model) is a
# suggestion, decided in the review.
HUMAN_METHODS = ("manual", "import")
STATUSES = ("suggested", "accepted", "rejected")


@dataclass(frozen=True)
class Segment:
    """The unit of coding and counting: a paragraph of a speaker turn."""

    position: int
    start: int
    end: int
    speaker: str | None = None
    interviewer: bool = False
    time: float | None = None
    words: int = 0
    title: bool = False  # a title line outside the speakers' turns: not counted


@dataclass(frozen=True)
class Document:
    """A transcript in the store."""

    id: int
    name: str
    case: str
    format: str
    text: str
    text_hash: str
    words: int
    encoding: str | None = None
    source: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentText:
    """A document's text and what is known of its file, as the store keeps it (a `Document`
    without its id, name and case): what an import adds or puts in place of the old text."""

    format: str
    text: str
    text_hash: str
    words: int
    encoding: str | None = None
    source: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Coding:
    """A code applied to a passage, with its provenance."""

    document: str
    start: int
    end: int
    code: str
    coder: str
    method: str = "manual"
    status: str = "accepted"
    confidence: float | None = None
    evidence: str | None = None
    memo: str | None = None
    codebook_version: str | None = None
    id: int | None = None
    created_at: str | None = None


@dataclass(frozen=True, slots=True)
class CodingRow:
    """A stored coding as the store returns it (``Store.coding_rows``): the coding with its
    document's name, its case, its review and, when asked for, its coded text.

    An accepted suggestion is its reviewer's coding (``coder``); the tagger that suggested it
    stays in ``suggested_by``. ``origin`` is the suggestion a second coder's decision, or a
    moved suggestion's new coding, stems from (store/review_decisions.py). A modified copy
    is made with ``dataclasses.replace``."""

    id: int
    document: str
    case: str
    start: int
    end: int
    code: str
    coder: str
    method: str = "manual"
    status: str = "accepted"
    confidence: float | None = None
    evidence: str | None = None
    memo: str | None = None
    codebook_version: str | None = None
    created_at: str | None = None
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    suggested_by: str | None = None
    origin: int | None = None
    text: str | None = None  # None when the store was asked without the text

    @property
    def machine(self) -> str:
        """Who made the passage: the tagger that suggested it, else its coder."""
        return self.suggested_by or self.coder

    def as_dict(self) -> dict[str, Any]:
        """The row as a plain dict, keys in ``CODING_COLUMNS`` order (JSON)."""
        return {name: getattr(self, name) for name in CODING_COLUMNS}

    def as_tuple(self) -> tuple[Any, ...]:
        """The values in ``CODING_COLUMNS`` order (tables: a DataFrame of many rows)."""
        return _CODING_VALUES(self)

    def as_coding(self) -> Coding:
        """The record to write elsewhere (an export): an accepted suggestion is its
        reviewer's coding, made when it was decided."""
        return Coding(
            document=self.document,
            start=self.start,
            end=self.end,
            code=self.code,
            coder=self.coder,
            method=self.method,
            status=self.status,
            confidence=self.confidence,
            evidence=self.evidence,
            memo=self.memo,
            codebook_version=self.codebook_version,
            id=self.id,
            created_at=self.reviewed_at or self.created_at,
        )


CODING_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(CodingRow))
"""The columns of a table of coding rows (analysis/frames.py ``codings_frame``)."""
_CODING_VALUES = attrgetter(*CODING_COLUMNS)


@dataclass(frozen=True, slots=True)
class MemoRow:
    """An analytic memo as the store returns it (``Store.memos``): on the project (``target``
    empty), a code, a document, a case or a coding (its id); times are ISO 8601, UTC."""

    id: int
    target_kind: str  # project, code, document, case or coding
    target: str
    title: str
    text: str
    author: str
    created_at: str
    updated_at: str

    def as_dict(self) -> dict[str, Any]:
        """The memo as a plain dict (tables, JSON)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A stored document as the ``documents`` listing shows it (``Store.document_rows``)."""

    document: str
    case: str
    format: str
    encoding: str | None
    words: int
    counted: int  # the interviewees' words: segments less interviewer turns and title lines
    segments: int
    speakers: str | None  # the distinct speaker labels, comma-separated


@dataclass(frozen=True, slots=True)
class DocumentProgress:
    """How far the coding and the review of one document have gone
    (``Store.document_progress``)."""

    document: str
    case: str
    words: int
    counted: int  # words the taggers code and the statistics count (as `documents` says)
    segments: int  # segments to code: interviewees' turns, no title line
    coded: int  # of those, the segments overlapped by an accepted coding
    with_suggestions: int  # segments with suggestions (rules, model)
    reviewed: int  # of those, the segments whose suggestions are all decided
    pending: int  # suggestions still waiting for a decision


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """A stored segment with its document, case and, when asked for, its text
    (``Store.segment_rows``: tables and matrices)."""

    document: str
    case: str
    segment: int  # its position in the document
    start: int
    end: int
    speaker: str | None
    interviewer: bool
    title: bool
    time: float | None
    words: int
    text: str | None  # None when the store was asked without the text

    def as_dict(self) -> dict[str, Any]:
        """The row as a plain dict, keys in ``SEGMENT_COLUMNS`` order."""
        return {name: getattr(self, name) for name in SEGMENT_COLUMNS}

    def as_tuple(self) -> tuple[Any, ...]:
        """The values in ``SEGMENT_COLUMNS`` order (tables)."""
        return _SEGMENT_VALUES(self)


SEGMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(SegmentRow))
"""The columns of a table of segment rows (analysis/frames.py ``segments_frame``)."""
_SEGMENT_VALUES = attrgetter(*SEGMENT_COLUMNS)
