"""The records of the data model (DESIGN.md, Concepts), as frozen dataclasses.

Offsets are code-point offsets into the document's normalised text (Unicode NFC, ``\\n`` line
ends), as REFI-QDA counts them: ``text[start:end]`` is the passage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

METHODS = ("manual", "rule", "model", "import")
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
    title: bool = False  # a title line before the first speaker label: not counted


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
