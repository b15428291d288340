"""The footnotes of a PDF: the lines under the rule a word processor draws above them.

Word, LibreOffice, Google Docs and LaTeX set a page's footnotes at its foot, under a short
horizontal rule, in a smaller type than the text. The lines under such a rule (those that
start within its width: in two columns, a column's notes) are footnotes, not read (as those
of a .docx) and counted, when all of them are set smaller than the document's text (its most
common size) and the rule starts where the lines of text just above it start. A line under
words (an underline) crosses their line, a table's top border has other rules under it, the
lines of a figure stand among its small labels: none is the rule above footnotes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ptce_coding.corpus.pdf_lines import Line, PageLines, Rule

SMALLER = 0.9  # a line set this many times the text's size or less is in smaller type
_EDGES = 2  # points: a rule drawn as a thin rectangle has two edges this close
_NEAREST = 3  # lines above a rule: where they start, one of them indented or not
_NOTE_NUMBER = re.compile(r"\d+|[*†‡§]+")  # what a footnote starts with


def text_size(lines: Iterable[Line]) -> float:
    """The size most of the document's characters are set in."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def footnotes(page: PageLines, size: float) -> set[Line]:
    """The lines of the page's footnotes, for a document whose text is set in ``size``."""
    notes: set[Line] = set()
    separators = [rule for rule in page.rules if not _underlines(rule, page.lines)]
    for rule in separators:
        under = [
            line
            for line in page.lines
            if line.top >= rule.top and rule.x0 - line.size <= line.x0 <= rule.x1
        ]
        lower = [
            other
            for other in separators
            if other.top > rule.top + _EDGES and other.x0 < rule.x1 and rule.x0 < other.x1
        ]
        if (
            under
            and not lower
            and all(line.size <= SMALLER * size for line in under)
            and _under_text(rule, page.lines, size)
        ):
            notes.update(under)
    return notes


def _under_text(rule: Rule, lines: Sequence[Line], size: float) -> bool:
    """Whether the rule is drawn under lines of text, from where they start: not under the
    labels of a figure, nor across a part of the page."""
    above = sorted(
        (
            line
            for line in lines
            if line.top + line.size <= rule.top and line.x0 < rule.x1 and rule.x0 < line.x1
        ),
        key=lambda line: line.top,
    )[-_NEAREST:]
    return (
        bool(above)
        and above[-1].size > SMALLER * size
        and abs(min(line.x0 for line in above) - rule.x0) <= size
    )


def _underlines(rule: Rule, lines: Sequence[Line]) -> bool:
    """Whether the rule runs under the words of a line (through its box)."""
    return any(
        line.top < rule.top <= line.top + line.size + 1 and line.x0 < rule.x1 and rule.x0 < line.x1
        for line in lines
    )


def note_numbers(notes: Iterable[Line]) -> set[str]:
    """The numbers (or *, †) that the footnotes ``notes`` start with: the calls they answer."""
    return {found.group(0) for line in notes if (found := _NOTE_NUMBER.match(line.text))}
