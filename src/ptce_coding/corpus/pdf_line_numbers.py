"""The line numbers a word processor prints in a page's left margin.

Research transcripts are often numbered a line at a time, or every five lines, so that a
passage can be cited (Word: Layout > Line Numbers; LibreOffice: Tools > Line Numbering). In
the PDF the numbers stand on the lines' heights, and pdfplumber puts them at the start of
the lines' text (« 12 Jeanne Morel : … »). They are found by their place: bare numbers, the
first words of their rows, in a narrow column left of where every other word of the page
starts (a number that opens a line of text, « 12 salariés », starts where the text does),
increasing down the page (those of a header or a footer may count apart) and counting at
least half of the rows they run along (section numbers hung in the margin count far fewer).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from itertools import pairwise

from pdfplumber.utils import cluster_objects

from ptce_coding.corpus.pdf_columns import ROW_TOLERANCE, Word

MIN_GAP = 0.5  # em: from the numbers to the text; Word sets 0.25 in, LibreOffice 0.5 cm
EDGE = 3  # numbers: LibreOffice numbers the lines of a header or a footer on their own
_NUMBER = re.compile(r"\d{1,5}")


def line_numbers(words: Sequence[Word]) -> list[Word]:
    """The words of the page (pdfplumber's) that are line numbers in its left margin."""
    if not words:
        return []
    rows = cluster_objects(list(words), "top", ROW_TOLERANCE)
    firsts = [
        (index, min(row, key=lambda word: float(word["x0"]))) for index, row in enumerate(rows)
    ]
    numbers = [(index, word) for index, word in firsts if _NUMBER.fullmatch(str(word["text"]))]
    if not numbers:
        return []
    # the numbers of one column overlap at its inner edge, whether they are aligned on their
    # right (Word, LibreOffice) or on their left
    edge = min(float(word["x1"]) for _, word in numbers)
    column = [(index, word) for index, word in numbers if float(word["x0"]) < edge]
    inside = {id(word) for _, word in column}
    text = [word for word in words if id(word) not in inside]
    if not text:
        return []
    size = statistics.median(float(word["bottom"]) - float(word["top"]) for word in words)
    right = max(float(word["x1"]) for _, word in column)
    if min(float(word["x0"]) for word in text) < right + MIN_GAP * size:
        return []  # some text starts beside or before them: they open their lines
    runs = _increasing([(index, int(str(word["text"]))) for index, word in column])
    body = max(runs, key=len)
    if len(runs) > 3 or any(len(run) > EDGE for run in runs if run is not body):
        return []
    if (body[-1][1] - body[0][1]) * 2 < body[-1][0] - body[0][0]:
        return []  # fewer than half the rows counted: numbers of sections, of a list
    return [word for _, word in column]


def _increasing(numbers: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """``numbers`` (row, value), down the page, cut where a value does not increase."""
    runs = [[numbers[0]]]
    for before, after in pairwise(numbers):
        if after[1] > before[1]:
            runs[-1].append(after)
        else:
            runs.append([after])
    return runs
