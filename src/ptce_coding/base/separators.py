"""Which separator a delimited text uses (« , », « ; » or tab), read from its first rows:
cases.csv, documents.csv, members.csv and codings files alike. Light on purpose (the
standard library's ``csv``): the corpus tables are read at every import."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter

SEPARATORS = ",;\t"
# what is left of a row whose cells are all empty, whatever the separator: separators, the
# quotes of empty cells (« "";"" »), spaces and line breaks
NO_CELL = re.compile(r'[,;\t"\s]*')
SNIFF_SAMPLE = 64_000  # characters, and
SNIFF_ROWS = 50  # rows: what the separator is found from


def sniffed_separator(text: str) -> str:
    """The separator of delimited text: of « , », « ; » and tab, the one under which the most
    of the first rows (read by ``csv``, quoted cells across lines included) have the same
    number of cells, more than one; on a tie, the one that makes more cells, then the comma
    (a table of one column). Unlike ``csv.Sniffer``, a French apostrophe (« l'avis, 'cité' »)
    is not taken for a quote, and a title line above the column names does not hide them."""
    best, best_score = ",", (0, 0)
    for candidate in SEPARATORS:
        reader = csv.reader(io.StringIO(text[:SNIFF_SAMPLE], newline=""), delimiter=candidate)
        widths: Counter[int] = Counter()
        try:
            for row in itertools.islice(reader, SNIFF_ROWS):
                if any(cell.strip() for cell in row):
                    widths[len(row)] += 1
        except csv.Error:  # a quote the candidate leaves open: what was read counts
            pass
        rows, width = max(((n, w) for w, n in widths.items() if w > 1), default=(0, 0))
        if (rows, width) > best_score:
            best, best_score = candidate, (rows, width)
    return best


def holds_no_cell(text: str) -> bool:
    """Whether delimited text has no cell with anything in it, whatever its separator: blank,
    or lines of separators only (« ;;; », « ,,, »: what a spreadsheet saves of a sheet whose
    cells were emptied). Under a guessed separator, « ;;; » would read as one cell holding
    « ;;; » when the comma is guessed, as it is for rows with nothing in them."""
    return NO_CELL.fullmatch(text) is not None
