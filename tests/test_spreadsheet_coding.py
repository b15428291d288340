"""Coding in a spreadsheet (Excel, LibreOffice Calc): `segments export`, codes typed in the
sheet, `codings import`; the files as a spreadsheet leaves them."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

from openpyxl import Workbook, load_workbook

DOCUMENT = "pole-a/directrice.txt"


def _stored(root: Path) -> list[tuple[int, int, str, str]]:
    with sqlite3.connect(root / "coding.sqlite") as con:
        rows = con.execute(
            "SELECT start, end, code, coder FROM codings WHERE method = 'import' ORDER BY id"
        ).fetchall()
    return [tuple(row) for row in rows]


def _segments_sheet(invoke, root: Path) -> Path:
    """`segments export` as an .xlsx, a `code` column added by the researcher."""
    path = root / "segments.xlsx"
    result = invoke("segments", "export", str(path))
    assert result.exit_code == 0, result.output
    header = [cell.value for cell in load_workbook(path).active[1]]
    assert header[-2:] == ["code", "coder"]
    return path


def _spans(path: Path) -> list[tuple[str, int, int]]:
    sheet = load_workbook(path).active
    return [(row[0], row[3], row[4]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def _workbook(path: Path, header: list[str], rows: list[list[object]]) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "codings"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return book


def test_a_segments_sheet_coded_on_some_rows_imports_those_rows(invoke, imported: Path) -> None:
    path = _segments_sheet(invoke, imported)
    book = load_workbook(path)
    sheet = book.active
    column = sheet.max_column - 1  # `code`, before `coder`
    sheet.cell(row=2, column=column, value="COOP.LIEU")
    sheet.cell(row=4, column=column, value="ECO")
    book.save(path)
    spans = _spans(path)
    result = invoke("codings", "import", str(path), "--coder", "alice")
    assert result.exit_code == 0, result.output
    assert _stored(imported) == [
        (spans[0][1], spans[0][2], "COOP.LIEU", "alice"),
        (spans[2][1], spans[2][2], "ECO", "alice"),
    ]
    assert f"Not imported: {len(spans) - 2} row(s) with an empty `code` cell" in result.output


def test_a_memo_without_a_code_is_refused(invoke, imported: Path) -> None:
    path = _segments_sheet(invoke, imported)
    book = load_workbook(path)
    sheet = book.active
    sheet.cell(row=1, column=sheet.max_column + 1, value="memo")
    sheet.cell(row=3, column=sheet.max_column, value="à coder plus tard")
    book.save(path)
    result = invoke("codings", "import", str(path), "--coder", "alice")
    assert result.exit_code == 1
    assert "row 3: a memo but no code (fill the `code` cell)" in result.output
    assert _stored(imported) == []


def test_a_code_merged_over_rows_is_refused_not_read_as_uncoded(invoke, imported: Path) -> None:
    path = _segments_sheet(invoke, imported)
    book = load_workbook(path)
    sheet = book.active
    column = sheet.max_column - 1  # `code`, before `coder`
    sheet.cell(row=2, column=column, value="COOP")
    letter = sheet.cell(row=2, column=column).column_letter
    sheet.merge_cells(f"{letter}2:{letter}4")
    book.save(path)
    result = invoke("codings", "import", str(path), "--coder", "alice")
    assert result.exit_code == 1
    assert f"sheet 'segments' has merged cells ({letter}2:{letter}4)" in result.output
    assert "Traceback" not in result.output
    assert _stored(imported) == []


def test_codings_on_two_sheets_are_refused_whole(invoke, imported: Path) -> None:
    path = imported / "codages.xlsx"
    header = ["document", "start", "end", "code", "coder"]
    book = _workbook(path, header, [[DOCUMENT, 0, 10, "COOP", "alice"]])
    other = book.create_sheet("suite")
    other.append(header)
    other.append([DOCUMENT, 0, 10, "ECO", "alice"])
    book.active = 1
    book.save(path)
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert "2 sheets hold codings (codings, suite), and one sheet is read" in result.output
    assert _stored(imported) == []


def test_the_sheet_with_the_columns_is_read_beside_a_sheet_of_notes(invoke, imported: Path) -> None:
    path = imported / "codages.xlsx"
    book = _workbook(path, ["document", "start", "end", "code", "coder"], [])
    book.active.append([DOCUMENT, 0, 10, "COOP", "alice"])
    notes = book.create_sheet("notes", 0)
    notes.append(["Relire la directrice"])
    book.save(path)
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert _stored(imported) == [(0, 10, "COOP", "alice")]


def test_several_codes_in_one_cell_make_one_coding_each(invoke, imported: Path) -> None:
    path = imported / "codages.xlsx"
    _workbook(
        path,
        ["document", "start", "end", "code", "coder"],
        [[DOCUMENT, 0, 10, "COOP; ECO", "alice"], [DOCUMENT, 20, 30, "COOP.LIEU,\nECO", "alice"]],
    )
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert _stored(imported) == [
        (0, 10, "COOP", "alice"),
        (0, 10, "ECO", "alice"),
        (20, 30, "COOP.LIEU", "alice"),
        (20, 30, "ECO", "alice"),
    ]


def test_french_column_names_and_a_code_in_lower_case(invoke, imported: Path) -> None:
    path = imported / "codages.xlsx"
    _workbook(
        path,
        ["Document", "Début", "Fin", "Code", "Codeur", "Statut"],
        [[DOCUMENT, 0, 10, "coop.lieu ", "alice", "Accepted"]],
    )
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert _stored(imported) == [(0, 10, "COOP.LIEU", "alice")]


def test_a_csv_saved_by_french_excel(invoke, imported: Path) -> None:
    path = imported / "codages.csv"
    path.write_bytes(
        "sep=;\r\ndocument;start;end;code;coder;memo\r\n"
        f"{DOCUMENT};0,0;10;COOP;alice;« très » intéressé\r\n"
        f"{DOCUMENT};x;10;COOP;alice;\r\n".encode("cp1252")
    )
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    # the « sep=; » line is no row: the bad row keeps its number in the file
    assert "row 4: start and end must be whole numbers (got 'x', '10')" in result.output
    good = (
        f"sep=;\r\ndocument;start;end;code;coder;memo\r\n{DOCUMENT};0,0;10;COOP;alice;« très »\r\n"
    )
    path.write_bytes(good.encode("cp1252"))
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert _stored(imported) == [(0, 10, "COOP", "alice")]


def test_a_codes_label_typed_for_its_id_names_the_id(invoke, imported: Path) -> None:
    path = imported / "codages.xlsx"
    _workbook(
        path,
        ["document", "start", "end", "code", "coder"],
        [[DOCUMENT, 0, 10, "Mutualisation de locaux", "alice"]],
    )
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert "is the label of COOP.LIEU, write the id COOP.LIEU" in result.output


def test_an_xls_or_a_password_protected_workbook_is_said(invoke, imported: Path) -> None:
    path = imported / "codages.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert "an old Excel .xls file, or a workbook protected by a password" in result.output
    assert "save it as « Excel Workbook (.xlsx) »" in result.output


def test_a_sheet_made_before_its_document_was_imported_again_says_where_the_passage_is(
    invoke, imported: Path
) -> None:
    path = _segments_sheet(invoke, imported)
    book = load_workbook(path)
    sheet = book.active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    number, row = next(
        (n, r) for n, r in enumerate(rows, start=2) if r[0] == DOCUMENT and len(r[6]) > 40
    )
    sheet.cell(row=number, column=sheet.max_column - 1, value="COOP")
    book.save(path)
    source = imported / "corpus" / DOCUMENT
    source.write_text("Note ajoutée en tête.\n\n" + source.read_text(encoding="utf-8"), "utf-8")
    assert invoke("import", str(imported / "corpus")).exit_code == 0
    result = invoke("codings", "import", str(path), "--coder", "alice")
    assert result.exit_code == 1
    shift = len("Note ajoutée en tête.\n\n")
    assert f"it is now at {row[3] + shift}-{row[4] + shift}" in result.output
    assert _stored(imported) == []


def test_a_codings_export_saved_as_csv_by_french_excel_goes_back_in(invoke, imported: Path) -> None:
    source = imported / "corpus" / "pole-a" / "typographie.txt"
    source.write_text(
        "Enquêtrice : Et les locaux ?\n\n"
        "Directrice : On mutualise les locaux\u202f; c\u2019est 5\u202f€ le m², "
        "ça marche \u2713.\n",
        encoding="utf-8",
    )
    assert invoke("import", str(imported / "corpus")).exit_code == 0
    spans = [span for span in _spans(_segments_sheet(invoke, imported)) if "typographie" in span[0]]
    document, start, end = spans[-1]
    first = imported / "alice.csv"
    first.write_text(f"document,start,end,code,coder\n{document},{start},{end},COOP,alice\n")
    assert invoke("codings", "import", str(first)).exit_code == 0
    exported = imported / "export.csv"
    assert invoke("codings", "export", str(exported), "--coder", "alice").exit_code == 0
    # opened and saved by French Excel: semicolons, Windows-1252, « ? » for what it lacks
    rows = list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8"))))
    header, row = rows[0], rows[1]
    assert "\u202f" in row[header.index("text")]
    row[header.index("coder")] = "bob"
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([header, row])
    saved = imported / "bob.csv"
    saved.write_bytes(out.getvalue().encode("cp1252", "replace"))
    result = invoke("codings", "import", str(saved))
    assert result.exit_code == 0, result.output
    assert _stored(imported)[-1] == (start, end, "COOP", "bob")


def _exported(invoke, root: Path) -> Path:
    first = root / "alice.csv"
    first.write_text(
        f"document,start,end,code,coder\n{DOCUMENT},0,10,COOP,alice\n{DOCUMENT},20,30,ECO,alice\n"
    )
    assert invoke("codings", "import", str(first)).exit_code == 0
    path = root / "export.xlsx"
    assert invoke("codings", "export", str(path), "--coder", "alice").exit_code == 0
    return path


def test_a_code_changed_in_a_codings_export_is_refused_not_added_beside(
    invoke, imported: Path
) -> None:
    path = _exported(invoke, imported)
    book = load_workbook(path)
    book.active["D2"] = "COOP.LIEU"  # the coder means: this passage is COOP.LIEU, not COOP
    book.save(path)
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert "row 2: coding 1 is COOP at 0-10 in the store, the row says COOP.LIEU at 0-10" in (
        result.output
    )
    assert "an import adds codings and never changes or removes one" in result.output
    assert _stored(imported) == [(0, 10, "COOP", "alice"), (20, 30, "ECO", "alice")]


def test_a_memo_written_in_a_codings_export_is_refused_not_dropped(invoke, imported: Path) -> None:
    path = _exported(invoke, imported)
    book = load_workbook(path)
    book.active["G3"] = "à discuter en réunion"
    book.save(path)
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert "row 3: coding 2 has status accepted and memo '' in the store" in result.output


def test_a_codings_export_goes_back_in_unchanged_or_for_another_coder(
    invoke, imported: Path
) -> None:
    path = _exported(invoke, imported)
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "Imported 0 codings" in result.output
    assert "(2 already present)" in result.output
    book = load_workbook(path)
    for row in (2, 3):
        book.active[f"E{row}"] = "bob"
    book.save(path)
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert _stored(imported)[2:] == [(0, 10, "COOP", "bob"), (20, 30, "ECO", "bob")]
