"""The lines of a PDF page in reading order, as pdfplumber sets its characters.

pdfplumber groups a page's characters into lines by their height; a page set in columns is
read a column at a time (pdf_columns). A note call, the small raised number glued to a word
that sends to a footnote (« coopération¹ »), is no part of the line's text: a reader's eye
passes over it, and « coopération1 » is no French word. Raised letters stay (« 1er »,
« XIXe »). The horizontal rules drawn on the page are kept beside its lines: the one above
the footnotes sets them apart (pdf_notes).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from pdfplumber.page import Page
from pdfplumber.utils import extract_text

from ptce_coding.corpus.pdf_columns import Frame, frames

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st"})
_NOTE_MARKS = frozenset("0123456789*†‡§")
RAISED = 0.15  # a character whose foot is this many ems above the line's is raised
SMALLER = 0.85  # a character this many times the line's size or less is set smaller


# a line's first word, and the punctuation after a space that stays on its line in French
_FIRST_WORD = re.compile(r"\s*\S+(?:[ \u00a0\u202f]+[:;!?»](?=\s|$))*")


@dataclass(frozen=True)
class Line:
    """A line of text on a page, where it is (PDF points from the page's top left)."""

    page: int
    text: str
    bold: str  # the text at its start set in bold type
    x0: float
    x1: float
    top: float
    size: float  # the font size
    column: tuple[int, int] = (0, 0)  # where its column starts and ends; (0, 0) across the page

    @property
    def first_word_width(self) -> float:
        """The width of its first word, by its share of the line's characters; with the
        punctuation French sets after a space and keeps on the word's line (« publics : »,
        « oui ? », « bon ; »), which would not have fitted with it."""
        found = _FIRST_WORD.match(self.text)
        word = found.group(0) if found else ""
        return (self.x1 - self.x0) * len(word) / max(len(self.text), 1)


@dataclass(frozen=True)
class Rule:
    """A horizontal rule drawn on a page: a line, or a rectangle's edge."""

    x0: float
    x1: float
    top: float


@dataclass(frozen=True)
class PageLines:
    """What is read on a page: its lines and its horizontal rules."""

    number: int
    lines: tuple[Line, ...]  # in reading order
    rules: tuple[Rule, ...]


def page_lines(number: int, page: Page) -> PageLines:
    """The page's lines, a frame after the other (pdf_columns), and its horizontal rules."""
    parts = frames(page)
    lines: list[Line] = []
    for frame in parts:
        framed = page if len(parts) == 1 else page.filter(_framed(frame))
        found = framed.extract_text_lines(return_chars=True)
        lines.extend(_lines(number, found, frame))
    rules = tuple(
        Rule(float(edge["x0"]), float(edge["x1"]), float(edge["top"]))
        for edge in page.horizontal_edges
    )
    return PageLines(number, tuple(lines), rules)


def _framed(frame: Frame) -> Callable[[dict[str, Any]], bool]:
    """pdfplumber's test for the objects of a page to keep: the characters in ``frame``."""

    def test(obj: dict[str, Any]) -> bool:
        return obj.get("object_type") != "char" or frame.holds(obj)

    return test


def _lines(page: int, found: Sequence[dict[str, Any]], frame: Frame) -> Iterator[Line]:
    for item in found:
        calls = note_calls(item["chars"])
        kept = [char for index, char in enumerate(item["chars"]) if index not in calls]
        source = extract_text(kept) if calls else item["text"]
        text = " ".join(str(source).translate(_LIGATURES).split())
        chars = [char for char in kept if str(char["text"]).strip()]
        if not text or not chars:
            continue
        bold = 0  # leading characters in bold type, spaces not counted
        for char in chars:
            if "bold" not in str(char.get("fontname", "")).lower():
                break
            bold += len(str(char["text"]).translate(_LIGATURES))
        yield Line(
            page=page,
            text=text,
            bold=_prefix(text, bold),
            x0=float(item["x0"]),
            x1=float(item["x1"]),
            top=float(item["top"]),
            size=statistics.median(float(c.get("size", 10)) for c in chars),
            column=frame.column,
        )


def note_calls(chars: Sequence[dict[str, Any]]) -> set[int]:
    """The indexes of a line's characters that call a footnote: digits (or *, †) set smaller
    and raised above the line, right after a character of a word, with no space between."""
    sizes = [float(c.get("size", 10)) for c in chars if str(c["text"]).strip()]
    feet = [float(c["bottom"]) for c in chars if str(c["text"]).strip()]
    if not sizes:
        return set()
    size, foot = statistics.median(sizes), statistics.median(feet)
    calls: set[int] = set()
    for index, (before, char) in enumerate(pairwise(chars), start=1):
        raised = (
            str(char["text"]) in _NOTE_MARKS
            and float(char.get("size", 10)) <= SMALLER * size
            and float(char["bottom"]) <= foot - RAISED * size
        )
        glued = index - 1 in calls or (
            str(before["text"]).strip() != ""
            and float(char["x0"]) - float(before["x1"]) < RAISED * size
        )
        if raised and glued:
            calls.add(index)
    return calls


def _prefix(text: str, letters: int) -> str:
    """The start of ``text`` that holds its first ``letters`` characters other than spaces."""
    seen = 0
    for index, char in enumerate(text):
        if seen == letters:
            return text[:index].rstrip()
        seen += not char.isspace()
    return text if seen == letters else ""
