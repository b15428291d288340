"""The lines of a PDF page in reading order, as pdfplumber sets its characters.

pdfplumber groups a page's characters into lines by their height; a page set in columns is
read a column at a time (pdf_columns). A note call, the small raised number glued to a word
that sends to a footnote (« coopération¹ »), is no part of the line's text: a reader's eye
passes over it, and « coopération1 » is no French word. The line keeps where each call stood
(``Line.calls``): a raised number that calls no footnote of its page is an exponent and goes
back into the text (``with_calls``), as does one after a unit (« m² »). Raised letters stay
(« 1er », « XIXe »). The line numbers in the page's margin are left out (pdf_line_numbers).
The horizontal rules drawn on the page are kept beside its lines: the one above the
footnotes sets them apart (pdf_notes).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from pdfplumber.page import Page
from pdfplumber.utils import extract_text

from ptce_coding.corpus.pdf_columns import Frame, Word, frames
from ptce_coding.corpus.pdf_line_numbers import line_numbers

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st"})
_NOTE_MARKS = frozenset("0123456789*†‡§")
RAISED = 0.15  # a character whose foot is this many ems above the line's is raised
SMALLER = 0.85  # a character this many times the line's size or less is set smaller
# a unit raised to a power: « m² », « km² », « 800m³ », « €/m² »
_UNIT = re.compile(r"(?:.*[/\d])?[kcdmµ]?m")
_POWERS = frozenset("23")


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
    # the note calls left out of ``text``: where each stood (an index in ``text``), its mark
    calls: tuple[tuple[int, str], ...] = ()

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
    line_numbers: int = 0  # the line numbers left out of its margin


def page_lines(number: int, page: Page) -> PageLines:
    """The page's lines, a frame after the other (pdf_columns), and its horizontal rules;
    the line numbers in its margin left out."""
    words = page.extract_words()
    numbers = line_numbers(words)
    if numbers:
        page = page.filter(_outside(numbers))
        left_out = {id(word) for word in numbers}
        words = [word for word in words if id(word) not in left_out]
    parts = frames(page, words)
    lines: list[Line] = []
    for frame in parts:
        framed = page if len(parts) == 1 else page.filter(_framed(frame))
        found = framed.extract_text_lines(return_chars=True)
        lines.extend(_lines(number, found, frame))
    rules = tuple(
        Rule(float(edge["x0"]), float(edge["x1"]), float(edge["top"]))
        for edge in page.horizontal_edges
    )
    return PageLines(number, tuple(lines), rules, len(numbers))


def _outside(words: Sequence[Word]) -> Callable[[dict[str, Any]], bool]:
    """pdfplumber's test for the objects of a page to keep: all but the characters of
    ``words``."""

    def test(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (float(obj["x0"]) + float(obj["x1"])) / 2
        y = (float(obj["top"]) + float(obj["bottom"])) / 2
        return not any(
            float(w["x0"]) <= x <= float(w["x1"]) and float(w["top"]) <= y <= float(w["bottom"])
            for w in words
        )

    return test


def _framed(frame: Frame) -> Callable[[dict[str, Any]], bool]:
    """pdfplumber's test for the objects of a page to keep: the characters in ``frame``."""

    def test(obj: dict[str, Any]) -> bool:
        return obj.get("object_type") != "char" or frame.holds(obj)

    return test


def _lines(page: int, found: Sequence[dict[str, Any]], frame: Frame) -> Iterator[Line]:
    for item in found:
        calls = note_calls(item["chars"])
        kept = [char for index, char in enumerate(item["chars"]) if index not in calls]
        text, marks = _without_calls(str(item["text"]), item["chars"], calls)
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
            calls=marks,
        )


def _without_calls(
    text: str, chars: Sequence[dict[str, Any]], calls: set[int]
) -> tuple[str, tuple[tuple[int, str], ...]]:
    """The line's text (pdfplumber's, spaced as it sets its words) without the characters
    ``calls`` of ``chars``, and where they stood. A text whose characters cannot be followed
    in it is rebuilt from them."""
    if not calls:
        return " ".join(text.translate(_LIGATURES).split()), ()
    out, at = "", 0
    marks: list[tuple[int, str]] = []
    for index, char in enumerate(chars):
        piece = str(char["text"])
        spelt = piece.translate(_LIGATURES)
        found = text.find(spelt, at)
        if found < 0 or text[at:found].strip():
            spelt, found = piece, text.find(piece, at)
        if found < 0 or text[at:found].strip():
            kept = [other for number, other in enumerate(chars) if number not in calls]
            return " ".join(extract_text(kept).translate(_LIGATURES).split()), ()
        if found > at and out:
            out += " "
        at = found + len(spelt)
        if index not in calls:
            out += spelt.translate(_LIGATURES)
        elif marks and marks[-1][0] == len(out):
            marks[-1] = (len(out), marks[-1][1] + piece)
        else:
            marks.append((len(out), piece))
    return out, tuple(marks)


def with_calls(line: Line, notes: Collection[str]) -> Line:
    """The line with the raised numbers that call none of ``notes`` (the numbers of its
    page's footnotes) back in its text, where they stood: « m » + « 2 » is « m2 »."""
    kept = [(at, mark) for at, mark in line.calls if mark not in notes]
    if not kept:
        return line
    text, bold = line.text, line.bold
    for at, mark in reversed(kept):
        text = text[:at] + mark + text[at:]
        if at <= len(bold) and bold:
            bold = bold[:at] + mark + bold[at:]
    calls = tuple(call for call in line.calls if call not in kept)
    return replace(line, text=text, bold=bold, calls=calls)


def note_calls(chars: Sequence[dict[str, Any]]) -> set[int]:
    """The indexes of a line's characters that call a footnote: digits (or *, †) set smaller
    and raised above the line, right after a character of a word, with no space between;
    not a 2 or a 3 after a unit of length (« m² »), its power."""
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
        if raised and glued and (index - 1 in calls or not _power(chars, index, size)):
            calls.add(index)
    return calls


def _power(chars: Sequence[dict[str, Any]], index: int, size: float) -> bool:
    """Whether the raised character at ``index`` is the power of the unit it is glued to."""
    if str(chars[index]["text"]) not in _POWERS:
        return False
    word, at = "", index
    while at > 0:
        before, char = chars[at - 1], chars[at]
        gap = float(char["x0"]) - float(before["x1"])
        if not str(before["text"]).strip() or gap > RAISED * size:
            break
        word, at = str(before["text"]) + word, at - 1
    return _UNIT.fullmatch(word) is not None


def _prefix(text: str, letters: int) -> str:
    """The start of ``text`` that holds its first ``letters`` characters other than spaces."""
    seen = 0
    for index, char in enumerate(text):
        if seen == letters:
            return text[:index].rstrip()
        seen += not char.isspace()
    return text if seen == letters else ""
