"""Tables as researchers save them (base/tables.py): a title line above a CSV's column names,
tab-separated text (Excel's « Texte Unicode », a .tsv or .txt from LibreOffice), a date typed
in an XLSX cell; and a codings file imported again with a memo or status edited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from ptce_coding.app.project import find_project

DOCUMENT = "pole-a/directrice.txt"
HEADER = ["document", "start", "end", "code", "coder", "status", "memo"]


def _passage(root: Path, words: str) -> tuple[int, int]:
    with find_project(root).open_store() as store:
        document = store.document(DOCUMENT)
        assert document is not None
        text = document.text
    start = text.index(words)
    return start, start + len(words)


def _rows(rows: list[list[object]], separator: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _codings(root: Path) -> list[tuple]:
    with find_project(root).open_store() as store:
        return sorted(
            (r.id, r.document, r.start, r.end, r.code, r.coder, r.status, r.memo)
            for r in store.coding_rows()
        )


# --- a title line above a CSV's column names --------------------------------------------------


@pytest.mark.parametrize(
    ("title", "separator", "title_line", "header_line"),
    [
        ("Codages d'Alice — entretiens de juin", ";", 1, 2),  # no separator at all
        ("Codages d'Alice, juin 2024", ";", 1, 2),  # a comma, in a semicolon table
        ("Codages d'Alice, juin 2024", ",", 1, 2),  # fewer cells than the column names
        ("Codages d'Alice\r\n", ";", 1, 3),  # a blank line under the title
        ("sep=;\r\n\r\nCodages d'Alice", ";", 3, 4),  # Excel's separator line, a blank one
    ],
)
def test_a_csv_title_line_is_named_not_a_tokenizing_error(
    invoke, imported: Path, title: str, separator: str, title_line: int, header_line: int
):
    """« cannot read the table: Error tokenizing data. C error: Expected 1 fields in line 2,
    saw 7 » (pandas' words, no title named, nothing to do said), or « missing column(s) »."""
    start, end = _passage(imported, "locaux partagés")
    body = _rows([HEADER, [DOCUMENT, start, end, "COOP.LIEU", "alice", "accepted", ""]], separator)
    path = imported / "alice.csv"
    path.write_text(title + "\r\n" + body, encoding="utf-8")
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "tokenizing" not in result.output
    assert f"alice.csv, line {title_line}:" in result.output
    assert f"line {title_line} looks like a title above the column names" in result.output
    assert f"the column names are on line {header_line}" in result.output
    assert f"Delete the line(s) above line {header_line}" in result.output
    assert _codings(imported) == []


@pytest.mark.parametrize(
    ("separator", "memo"),
    [
        (",", "voir aussi; la suite; et la fin; encore; toujours; etc."),
        (";", "l'avis, 'cité', d'accord"),  # csv.Sniffer took the apostrophes for quotes
    ],
)
def test_a_csv_whose_lines_all_agree_is_not_taken_for_a_title(
    invoke, imported: Path, separator: str, memo: str
):
    """The other separators in a memo leave the table's alone, and no title is seen."""
    start, end = _passage(imported, "locaux partagés")
    path = imported / "alice.csv"
    row = [DOCUMENT, start, end, "COOP.LIEU", "alice", "accepted", memo]
    path.write_text(_rows([HEADER, row], separator), encoding="utf-8")
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert [c[-1] for c in _codings(imported)] == [memo]


def test_blank_lines_above_the_column_names_are_passed_over(invoke, imported: Path):
    start, end = _passage(imported, "locaux partagés")
    path = imported / "alice.csv"
    row = [DOCUMENT, start, end, "COOP.LIEU", "alice", "accepted", "vu"]
    path.write_text("\r\n" + _rows([HEADER, row], ";"), encoding="utf-8")
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert [c[-1] for c in _codings(imported)] == ["vu"]


# --- tab-separated text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("alice.txt", "utf-16"),  # Excel: Save as « Texte Unicode (*.txt) »
        ("alice.tsv", "utf-8"),  # LibreOffice: Text CSV, tab separator
        ("alice.csv", "utf-8"),  # the same, kept under a .csv name
    ],
)
def test_tab_separated_text_is_read(invoke, imported: Path, name: str, encoding: str):
    """Only « ; » and « , » were sniffed: « missing column(s) … (found:
    document\\tstart\\t…) », and a .txt or .tsv was an unsupported file type."""
    start, end = _passage(imported, "locaux partagés")
    memo = "une remarque, avec virgule; et point-virgule"
    text = _rows([HEADER, [DOCUMENT, start, end, "COOP.LIEU", "alice", "accepted", memo]], "\t")
    path = imported / name
    path.write_bytes(text.encode(encoding))  # utf-16: with its byte-order mark, as Excel
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "Imported 1 coding from" in result.output
    assert _codings(imported)[0][2:] == (start, end, "COOP.LIEU", "alice", "accepted", memo)


# --- a date typed in an XLSX cell -------------------------------------------------------------


def test_a_date_typed_in_an_xlsx_cell_reads_as_the_date(invoke, imported: Path):
    """Excel turns « 03/06/2024 » typed in a memo into a date: it came back as « 2024-06-03
    00:00:00 »."""
    start, end = _passage(imported, "locaux partagés")
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([DOCUMENT, start, end, "COOP.LIEU", "alice", "accepted", dt.datetime(2024, 6, 3)])
    sheet.append(
        [DOCUMENT, start, end, "COOP.LIEU", "bob", "accepted", dt.datetime(2024, 6, 3, 14, 30)]
    )
    sheet["G2"].number_format = "dd/mm/yyyy"
    path = imported / "codages.xlsx"
    book.save(path)
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert [c[-1] for c in _codings(imported)] == ["2024-06-03", "2024-06-03 14:30"]


# --- a codings file imported again, a memo or status edited -----------------------------------


def test_an_edited_memo_or_status_of_a_stored_coding_is_refused_not_dropped(invoke, imported: Path):
    """A row without `id` that falls on a stored coding (document, span, code, coder) with
    another memo or status was counted « already present » and its memo dropped."""
    start, end = _passage(imported, "locaux partagés")
    row = [DOCUMENT, start, end, "COOP.LIEU", "alice", "accepted", "premier avis"]
    path = imported / "alice.csv"
    path.write_text(_rows([HEADER, row]), encoding="utf-8")
    assert invoke("codings", "import", str(path)).exit_code == 0
    before = _codings(imported)
    coding_id = before[0][0]
    other_start, other_end = _passage(imported, "appels à projets")
    new = [DOCUMENT, other_start, other_end, "COOP", "alice", "accepted", ""]
    memo = [*row[:6], "avis revu après la réunion"]
    path.write_text(_rows([HEADER, new, memo]), encoding="utf-8")
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "row 2" not in result.output  # a coding the store lacks: no problem
    assert f"row 3: already in the store as coding {coding_id}" in result.output
    assert "'avis revu après la réunion'" in result.output
    assert f"memo add --coding {coding_id}" in result.output
    status = [*row[:5], "rejected", "premier avis"]
    path.write_text(_rows([HEADER, status]), encoding="utf-8")
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert f"row 2: already in the store as coding {coding_id}" in result.output
    assert "status accepted" in result.output and "rejected" in result.output
    assert _codings(imported) == before  # nothing imported, the stored coding unchanged


def test_a_stored_coding_given_again_without_memo_or_with_its_own_is_present(
    invoke, imported: Path
):
    """A sheet without memo, or with the stored memo (spaces aside), is no edit: the row is
    counted already present, as before."""
    start, end = _passage(imported, "locaux partagés")
    row = [DOCUMENT, start, end, "COOP.LIEU", "alice", "accepted", "premier  avis"]
    path = imported / "alice.csv"
    path.write_text(_rows([HEADER, row]), encoding="utf-8")
    assert invoke("codings", "import", str(path)).exit_code == 0
    for again in ([*row[:6], " premier avis "], [*row[:5], "", ""], row):
        path.write_text(_rows([HEADER, again]), encoding="utf-8")
        result = invoke("codings", "import", str(path))
        assert result.exit_code == 0, result.output
        assert "Imported 0 codings" in result.output
        assert "(1 already present)" in result.output
    bare = imported / "bare.csv"
    bare.write_text(_rows([HEADER[:5], row[:5]]), encoding="utf-8")
    result = invoke("codings", "import", str(bare))
    assert result.exit_code == 0, result.output
    assert "(1 already present)" in result.output
