"""The columns of a PDF page, found in the positions of its words.

pdfplumber groups a page's characters into lines by their height on the page: on a page set
in two columns, the lines of both at the same height come out as one, and those at other
heights alternate, so that the text would be read across the columns. A page is cut into
frames read one after the other: what runs across the page's width, then each column of a
band of columns from the left, then what runs across below it.

Two columns are split by a gutter: an upright strip at least ``MIN_GUTTER`` em wide that no
word crosses over at least ``MIN_ROWS`` rows of text on each side, lines of ``MIN_CHARS``
characters or more in the median, the left column not shorter than half the right one (text
fills it first; the right one may be short, at the end). A table of speakers and their words
(« Enquêtrice | Comment est né le pôle ? ») is no pair of columns: its left cells hold a name,
shorter than a line of text, beside the first line of each turn only.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from pdfplumber.page import Page
from pdfplumber.utils import cluster_objects

MIN_GUTTER = 0.9  # em: LaTeX's column gap is 10 pt beside 10 pt type, Word's 1.25 cm
MIN_ROWS = 5
MIN_CHARS = 25  # a column's lines, in the median; a speaker's name is shorter
ROW_TOLERANCE = 3  # points: pdfplumber's own tolerance when it groups characters into lines

Word = dict[str, Any]  # pdfplumber's word: text, x0, x1, top, bottom


@dataclass(frozen=True)
class Frame:
    """A part of a page read as a whole (PDF points from the page's top left)."""

    x0: float
    top: float
    x1: float
    bottom: float
    column: tuple[int, int]  # where its column starts and ends; (0, 0) across the page

    def holds(self, obj: dict[str, Any]) -> bool:
        """Whether the middle of a character (or any object with a box) is in the frame."""
        x = (float(obj["x0"]) + float(obj["x1"])) / 2
        y = (float(obj["top"]) + float(obj["bottom"])) / 2
        return self.x0 <= x < self.x1 and self.top <= y < self.bottom


@dataclass(frozen=True)
class _Gutter:
    x: float  # its middle
    first: int  # the rows beside it, first and last
    last: int


def frames(page: Page) -> list[Frame]:
    """The parts of the page in reading order; one frame, the page, when it has no columns."""
    whole = Frame(
        float(page.bbox[0]), float(page.bbox[1]), float(page.bbox[2]), float(page.bbox[3]), (0, 0)
    )
    return _split(page.extract_words(), whole)


def _split(words: list[Word], frame: Frame) -> list[Frame]:
    if not words:
        return [frame]
    rows = cluster_objects(words, "top", ROW_TOLERANCE)
    size = statistics.median(float(w["bottom"]) - float(w["top"]) for w in words)
    gutter = _gutter(rows, size)
    if gutter is None:
        return [frame]
    band = [word for row in rows[gutter.first : gutter.last + 1] for word in row]
    top = min(float(w["top"]) for w in band)
    bottom = max(float(w["bottom"]) for w in band)
    above = [w for row in rows[: gutter.first] for w in row]
    below = [w for row in rows[gutter.last + 1 :] for w in row]
    left = Frame(frame.x0, top, gutter.x, bottom, (round(frame.x0), round(gutter.x)))
    right = Frame(gutter.x, top, frame.x1, bottom, (round(gutter.x), round(frame.x1)))
    parts = [
        *_split(above, Frame(frame.x0, frame.top, frame.x1, top, frame.column)),
        *_split([w for w in band if float(w["x1"]) <= gutter.x], left),
        *_split([w for w in band if float(w["x0"]) >= gutter.x], right),
        *_split(below, Frame(frame.x0, bottom, frame.x1, frame.bottom, frame.column)),
    ]
    return [part for part in parts if part.bottom > part.top]


def _gutter(rows: Sequence[Sequence[Word]], size: float) -> _Gutter | None:
    """The upright strip beside which the most rows of text run on both sides, if it splits
    two columns."""
    if len(rows) < MIN_ROWS:
        return None
    start = int(min(float(w["x0"]) for row in rows for w in row))
    end = int(max(float(w["x1"]) for row in rows for w in row)) + 1
    xs = np.arange(start, end, 0.5)
    # for each x: the rows since the last one that a word crosses there, with words on its
    # left and on its right; the best run so far (its smaller side), and where it is
    left, right = np.zeros(len(xs), int), np.zeros(len(xs), int)
    first = np.zeros(len(xs), int)
    best, best_x, best_first, best_last = 0, 0.0, 0, 0
    for index, row in enumerate([*rows, []]):
        crossed = np.zeros(len(xs), bool)
        for word in row:
            crossed |= (xs > float(word["x0"])) & (xs < float(word["x1"]))
        ended = crossed | (index == len(rows))
        score = np.where(ended, np.minimum(left, right), 0)
        if score.max() > best:
            at = int(score.argmax())
            best, best_x, best_first, best_last = int(score[at]), xs[at], first[at], index - 1
        left, right = np.where(ended, 0, left), np.where(ended, 0, right)
        first = np.where(ended, index + 1, first)
        if row:
            left += ~crossed & (xs >= min(float(w["x1"]) for w in row))
            right += ~crossed & (xs <= max(float(w["x0"]) for w in row))
    if best < MIN_ROWS:
        return None
    return _columns(rows[best_first : best_last + 1], float(best_x), size, best_first)


def _columns(rows: Sequence[Sequence[Word]], x: float, size: float, first: int) -> _Gutter | None:
    """The gutter at ``x`` beside ``rows`` (no word of theirs crosses ``x``), if what runs on
    its two sides is columns of text. The right column's lines start at one place (a first
    line's indent aside); a row whose words start before it, in the gutter, runs across the
    page with a space at ``x`` (a centred footer « Page 1 sur 2 »): the columns stop there."""
    starts = [
        min((float(w["x0"]) for w in row if float(w["x0"]) >= x), default=None) for row in rows
    ]
    edge = statistics.median(start for start in starts if start is not None)
    beside = [start is None or start >= edge - size / 2 for start in starts]
    stretches = [
        [index for index, _ in group]
        for key, group in itertools.groupby(enumerate(beside), key=lambda item: item[1])
        if key
    ]
    stretch = max(stretches, key=len)
    band = rows[stretch[0] : stretch[-1] + 1]
    lefts = [row for row in ([w for w in row if float(w["x1"]) <= x] for row in band) if row]
    rights = [row for row in ([w for w in row if float(w["x0"]) >= x] for row in band) if row]
    if min(len(lefts), len(rights)) < MIN_ROWS:
        return None
    gap_start = max(float(w["x1"]) for row in lefts for w in row)
    gap_end = min(float(w["x0"]) for row in rights for w in row)
    if gap_end - gap_start < MIN_GUTTER * size:
        return None
    if len(lefts) * 2 < len(rights):
        return None  # text fills the left column first: these are names beside long turns
    if min(statistics.median(_chars(row) for row in side) for side in (lefts, rights)) < MIN_CHARS:
        return None
    return _Gutter((gap_start + gap_end) / 2, first + stretch[0], first + stretch[-1])


def _chars(words: Sequence[Word]) -> int:
    return sum(len(str(word["text"])) + 1 for word in words) - 1
