"""The running headers and footers of a PDF's pages, and their bare page numbers.

A running header or footer is a line at a page's top or foot that the word processor repeats:
the same text at the same height on most pages (on most odd or most even pages, when odd
and even pages have their own), its numbers the same on each page or running with the page
(« Page 3 sur 12 »). A body line is no running line for standing at the same place on two
pages: its text must be the same (« [00:12:05] Oui. » and « [00:31:40] Oui. » are two
turns), and a speaker's turn that opens two pages the same way is read. A header seen once
is found by its place: on a page, at the height where the other pages have a running line
and as far from the text (the even page's header of a three-page document, a first page's
own header), or, when no header repeats, as the first line of every page, at the same
height, set in a smaller type than the text or further from the text than any two lines
within it (the odd and even headers of a two-page document); not at the foot, where the
footnotes of every page may end at one height. Bare page numbers (« 3 », « Page 3 sur
12 », « - 3 - ») are left out wherever they stand at a page's edge.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise, takewhile

from ptce_coding.corpus.pdf_lines import Line
from ptce_coding.corpus.pdf_notes import SMALLER, text_size

# « 3 », « - 3 - », « Page 3 », « Page 3 sur 12 », « p. 3/12 », « 3 of 12 »
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.?)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?\s*(?:(?:sur|of|de|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+")
EDGE_LINES = 4  # lines at the top and at the bottom of a page where a header or footer can be
PLACE = 2.0  # points: two lines this close in height stand at the same place
SIZE = 0.5  # points: a line no bigger than another is set at most this much bigger
WEAK = 2  # a line repeated on this few pages only is no running line if it opens a turn


def _from_top(lines: Sequence[Line]) -> list[Line]:
    return list(lines)


def _from_foot(lines: Sequence[Line]) -> list[Line]:
    return list(reversed(lines))


def running_lines(pages: Sequence[Sequence[Line]], opens_turn: Callable[[Line], bool]) -> set[Line]:
    """The running headers and footers of the pages and their bare page numbers, from a
    page's top and from its foot, by their height on the page (the reading order of columns
    puts the foot of the first column before the second). ``opens_turn``: whether a line
    opens a speaker's turn."""
    edges = [sorted(lines, key=lambda line: (line.top, line.x0)) for lines in pages]
    repeated = _repeated(edges, opens_turn)

    def left_out(line: Line) -> bool:
        return line in repeated or _PAGE_NUMBER.match(line.text) is not None

    found: set[Line] = set()
    for lines in edges:
        for edge in (_from_top, _from_foot):
            found.update(takewhile(left_out, edge(lines)[:EDGE_LINES]))
    for edge in (_from_top, _from_foot):
        found |= _by_slot([edge(lines) for lines in edges], found, opens_turn)
    if not any(lines and lines[0] in found for lines in edges):
        size = text_size(line for lines in edges for line in lines)
        found |= _headers_by_place(edges, size, opens_turn)
    return found


def _repeated(edges: Sequence[Sequence[Line]], opens_turn: Callable[[Line], bool]) -> set[Line]:
    """The lines at the pages' edges repeated as running lines are (see the module)."""
    groups: dict[tuple[tuple[str, ...], int], list[Line]] = {}
    for lines in edges:
        for line in {*lines[:EDGE_LINES], *lines[-EDGE_LINES:]}:
            groups.setdefault(_edge_key(line), []).append(line)
    repeated: set[Line] = set()
    for group in groups.values():
        for same in _same_text(group):
            pages = {line.page for line in same}
            if (
                _recurs(pages, len(edges))
                and (len(pages) > WEAK or not any(map(opens_turn, same)))
                and not same[0].text.endswith(":")  # a speaker's label alone on its line
            ):
                repeated.update(same)
    return repeated


def _edge_key(line: Line) -> tuple[tuple[str, ...], int]:
    """A header or footer is the same words at the same height, its numbers aside; in any
    order, as odd and even pages set them facing each other (« Projet PTCE 3 », « 4 Projet
    PTCE »)."""
    return tuple(sorted(_NUMBER.sub("#", line.text.casefold()).split())), round(line.top / 4)


def _same_text(lines: Sequence[Line]) -> list[list[Line]]:
    """The lines of a group of the same words (``_edge_key``) that are the same text: each
    number the same on every page, or running with the page; otherwise, those of the same
    text, numbers and all."""
    numbers = [[int(found) for found in _NUMBER.findall(line.text)] for line in lines]
    for values in zip(*numbers, strict=True):
        offsets = {value - line.page for value, line in zip(values, lines, strict=True)}
        if len(set(values)) > 1 and len(offsets) > 1:
            texts: dict[str, list[Line]] = {}
            for line in lines:
                texts.setdefault(line.text.casefold(), []).append(line)
            return list(texts.values())
    return [list(lines)]


def _recurs(pages: set[int], count: int) -> bool:
    """Whether a line on ``pages`` of a document of ``count`` pages recurs as a running line:
    on two pages or more, and at least half of them, or half of the odd or of the even ones."""
    if len(pages) < 2:
        return False
    parities = {page % 2 for page in pages}
    of_parity = (count + 1) // 2 if parities == {1} else count // 2
    return len(pages) * 2 >= count or (len(parities) == 1 and len(pages) * 2 >= of_parity)


def _by_slot(
    edges: Sequence[Sequence[Line]], found: set[Line], opens_turn: Callable[[Line], bool]
) -> set[Line]:
    """The lines seen once at the place of the running lines of other pages (see the
    module); ``edges``: each page's lines from the edge looked at, ``found``: the running
    lines found so far."""
    slots = [
        (run[0], _apart(lines, run[-1], found))
        for lines in edges
        if (run := list(takewhile(found.__contains__, lines[:EDGE_LINES])))
    ]
    placed: set[Line] = set()
    for lines in edges:
        first = next((line for line in lines[:EDGE_LINES] if line not in found), None)
        if first is None or opens_turn(first):
            continue
        apart = _apart(lines, first, found)
        if any(
            slot.page != first.page
            and abs(slot.top - first.top) <= PLACE
            and first.size <= slot.size + SIZE
            and apart >= gap - PLACE
            for slot, gap in slots
        ):
            placed.add(first)
    return placed


def _headers_by_place(
    pages: Sequence[Sequence[Line]], size: float, opens_turn: Callable[[Line], bool]
) -> set[Line]:
    """The first lines of the pages, when no header repeats and they are headers by their
    place (see the module); ``pages``: each page's lines from its top, none found running
    at the top, ``size``: the text's. Not at the foot, where footnotes end at one height."""
    firsts = [lines[0] for lines in pages if lines]
    if len(firsts) < max(2, len(pages)):
        return set()
    tops = [line.top for line in firsts]
    if max(tops) - min(tops) > PLACE or any(map(opens_turn, firsts)):
        return set()
    if all(line.size <= SMALLER * size for line in firsts):
        return set(firsts)
    inside = _widest_gap(pages)
    apart = all(_apart(lines, lines[0], set()) > inside for lines in pages)
    return set(firsts) if apart and all(line.size <= size + SIZE for line in firsts) else set()


def _apart(lines: Sequence[Line], line: Line, found: set[Line]) -> float:
    """How far from ``line`` the next line towards the page's middle stands, running lines
    aside (0 when there is none)."""
    after = list(lines).index(line) + 1
    inner = next((other for other in lines[after:] if other not in found), None)
    return abs(inner.top - line.top) if inner is not None else 0.0


def _widest_gap(edges: Iterable[Sequence[Line]]) -> float:
    """The widest gap between two lines one under the other in a column of the pages'
    bodies (their outermost lines aside)."""
    widest = 0.0
    for lines in edges:
        columns: dict[tuple[int, int], list[float]] = {}
        for line in lines[1:-1]:
            columns.setdefault(line.column, []).append(line.top)
        for tops in columns.values():
            ordered = sorted(tops)
            widest = max([widest, *(below - above for above, below in pairwise(ordered))])
    return widest
