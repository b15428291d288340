"""The columns of a PDF page, found in the positions of its words.

pdfplumber groups a page's characters into lines by their height on the page: on a page set
in two columns, the lines of both at the same height come out as one, and those at other
heights alternate, so that the text would be read across the columns. A page is cut into
frames read one after the other: what runs across the page's width, then each column of a
band of columns from the left, then what runs across below it.

Two columns are split by a gutter: an upright strip at least ``MIN_GUTTER`` em wide that no
word crosses (a river between the words of justified lines is narrower) over at least
``MIN_ROWS`` rows of text on each side, lines of ``MIN_CHARS`` characters or more in the
median, the left column not shorter than half the right one (text fills it first). At a
document's end the right column may hold fewer lines, even one: it starts beside a line of
the left one (not a title or a header alone on its line), beyond a gutter of no more than
``MAX_GUTTER`` em (not a date or a number set against the right margin), its lines but the
last as long as a column's, and most lines on the left start at one place (not a listing
whose spaces set a word apart). A table of speakers and their words
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
from pdfplumber.utils import cluster_list, cluster_objects

MIN_GUTTER = 0.9  # em: LaTeX's column gap is 10 pt beside 10 pt type, Word's 1.25 cm
MIN_ROWS = 5
MAX_GUTTER = 4  # em, beside a right column shorter than MIN_ROWS: Word's 1.25 cm at 10 pt
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


def frames(page: Page, words: list[Word]) -> list[Frame]:
    """The parts of the page in reading order, from its words (``page.extract_words()``);
    one frame, the page, when it has no columns."""
    whole = Frame(
        float(page.bbox[0]), float(page.bbox[1]), float(page.bbox[2]), float(page.bbox[3]), (0, 0)
    )
    return _split(words, whole)


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
    half = MIN_GUTTER * size / 2  # a river between words in justified lines is narrower
    # for each x: the rows since the last one that a word crosses there, with words on its
    # left and on its right; the best run so far and where it is. A run with MIN_ROWS rows
    # on each side scores by its smaller side, above any with a shorter right column,
    # which score by that column's rows, then the left one's
    left, right = np.zeros(len(xs), int), np.zeros(len(xs), int)
    first = np.zeros(len(xs), int)
    best, best_x, best_first, best_last = 0, 0.0, 0, 0
    for index, row in enumerate([*rows, []]):
        crossed = np.zeros(len(xs), bool)
        for word in row:  # a word crosses the strip MIN_GUTTER wide around x: no gutter there
            crossed |= (xs > float(word["x0"]) - half) & (xs < float(word["x1"]) + half)
        ended = crossed | (index == len(rows))
        both = np.minimum(left, right)
        short = np.where((left >= MIN_ROWS) & (right >= 1), right * 1000 + left, 0)
        score = np.where(ended, np.where(both >= MIN_ROWS, 1_000_000 + both, short), 0)
        if score.max() > best:
            at = int(score.argmax())
            best, best_x, best_first, best_last = int(score[at]), xs[at], first[at], index - 1
        left, right = np.where(ended, 0, left), np.where(ended, 0, right)
        first = np.where(ended, index + 1, first)
        if row:
            left += ~crossed & (xs >= min(float(w["x1"]) for w in row))
            right += ~crossed & (xs <= max(float(w["x0"]) for w in row))
    if not best:
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
    lefts = [[w for w in row if float(w["x1"]) <= x] for row in band]
    rights = [[w for w in row if float(w["x0"]) >= x] for row in band]
    if sum(map(bool, lefts)) < MIN_ROWS or not any(rights):
        return None
    gap_start = max(float(w["x1"]) for row in lefts for w in row)
    gap_end = min(float(w["x0"]) for row in rights for w in row)
    if gap_end - gap_start < MIN_GUTTER * size:
        return None
    if sum(map(bool, lefts)) * 2 < sum(map(bool, rights)):
        return None  # text fills the left column first: these are names beside long turns
    # a right column shorter than MIN_ROWS (its last line may be short) is tested apart
    short = sum(map(bool, rights)) < MIN_ROWS
    sides = [lefts] if short else [lefts, rights]
    if min(statistics.median(_chars(row) for row in side if row) for side in sides) < MIN_CHARS:
        return None
    if short and not _short_column(lefts, rights, gap_end - gap_start, size):
        return None
    return _Gutter((gap_start + gap_end) / 2, first + stretch[0], first + stretch[-1])


def _short_column(
    lefts: Sequence[Sequence[Word]], rights: Sequence[Sequence[Word]], gap: float, size: float
) -> bool:
    """Whether the words on the right of a gutter ``gap`` wide, fewer than MIN_ROWS rows of
    them, are the end of a text set in two columns (``lefts``, ``rights``: each row's words
    on either side), the left one tested apart."""
    sides = [[index for index, row in enumerate(side) if row] for side in (lefts, rights)]
    lines = [rights[index] for index in sides[1][:-1]]  # a column's last line may be short
    # most lines of a column start at one place (an indent aside); not those of a listing
    starts = [min(float(word["x0"]) for word in lefts[index]) for index in sides[0]]
    aligned = max(len(group) for group in cluster_list(starts, size / 2))
    return (
        gap <= MAX_GUTTER * size
        and bool(lefts[sides[1][0]])  # its first line beside a line of the left column
        and aligned * 2 >= len(starts)
        and (not lines or statistics.median(_chars(row) for row in lines) >= MIN_CHARS)
    )


def _chars(words: Sequence[Word]) -> int:
    return sum(len(str(word["text"])) + 1 for word in words) - 1
