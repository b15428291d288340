"""cases.csv and documents.csv as researchers write them: a title above the column names,
Excel's French CSV (« sep=; », Windows-1252), a workbook instead of a CSV, capitals and
accents in column names, a column without a name, Windows paths, mistyped names."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ptce_coding.app.project import find_project


def attributes(root: Path) -> tuple[dict, dict]:
    """The store's case attributes, and each document's attributes."""
    with find_project(root).open_store() as store:
        return store.cases(), {d.name: d.attributes for d in store.documents()}


def said(result) -> str:
    return " ".join(result.output.split())


def refused(result) -> str:
    """The message of an import stopped on its own error, not on a traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return said(result)


@pytest.mark.parametrize(
    ("text", "title", "names_line"),
    [
        ("Cas de l'enquête, juin\ncase,region\npole-a,Bretagne\n", "Cas de l'enquête, juin", 2),
        # a comma in the title, semicolons below: the separator is not the title's
        ("Cas de l'enquête, juin\ncase;region\npole-a;Bretagne\n", "Cas de l'enquête, juin", 2),
        # Excel writes a title cell over three columns as « title;; »: as wide as the header
        ("Cas de l'enquête;;\n;;\ncase;region;code\npole-a;Bretagne;01\n", "Cas de l'enquête", 3),
        ("Enquête PTCE\nCas, juin 2024\ncase,region\npole-a,Bretagne\n", "Enquête PTCE", 3),
    ],
)
def test_a_title_above_the_cases_columns_names_the_line_to_delete(
    invoke, tmp_project: Path, text: str, title: str, names_line: int
) -> None:
    """It was « no `case` column (columns: Cas de l'enquête, juin) »."""
    (tmp_project / "corpus" / "cases.csv").write_text(text, encoding="utf-8")
    message = refused(invoke("import", str(tmp_project / "corpus")))
    assert f"cases.csv, line 1: « {title} »" in message
    assert f"looks like a title above the column names: they are on line {names_line}" in message
    assert f"Delete the line(s) above line {names_line} (the title)" in message
    with find_project(tmp_project).open_store() as store:
        assert store.counts()["documents"] == 0  # nothing imported with the table unread


def test_a_title_above_the_documents_columns_names_the_line_to_delete(
    invoke, tmp_project: Path
) -> None:
    (tmp_project / "corpus" / "documents.csv").write_text(
        "Entretiens de juin;;\r\ndocument;role;date\r\npole-a/directrice.txt;directrice;03/06\r\n",
        encoding="cp1252",
    )
    message = refused(invoke("import", str(tmp_project / "corpus")))
    assert "documents.csv, line 1: « Entretiens de juin » looks like a title" in message
    assert "Delete the line(s) above line 2 (the title)" in message


def test_excel_french_csv_with_its_sep_line_keeps_codes_and_accents(
    invoke, tmp_project: Path
) -> None:
    """Excel's « sep=; » first line was read as the header: « no `case` column (columns:
    sep=, ) ». Codes INSEE and postal codes keep their leading zero, dates their text."""
    (tmp_project / "corpus" / "cases.csv").write_bytes(
        "sep=;\r\ncase;Région;code INSEE;CP;création\r\n"
        "pole-a;Bretagne;01;01000;03/06/2014\r\npole-b;Île-de-France;2A004;09000;\r\n".encode(
            "cp1252"
        )
    )
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    cases, _ = attributes(tmp_project)
    assert cases == {
        "pole-a": {
            "Région": "Bretagne",
            "code INSEE": "01",
            "CP": "01000",
            "création": "03/06/2014",
        },
        "pole-b": {"Région": "Île-de-France", "code INSEE": "2A004", "CP": "09000"},
    }


def test_an_empty_first_row_of_excel_is_passed_over(invoke, tmp_project: Path) -> None:
    """« ;;; » (a blank row Excel keeps) was taken for the column names."""
    (tmp_project / "corpus" / "cases.csv").write_text(
        ";;\ncase;region;laureat\npole-a;Bretagne;2013\n", encoding="utf-8"
    )
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    assert attributes(tmp_project)[0]["pole-a"] == {"region": "Bretagne", "laureat": "2013"}


@pytest.mark.parametrize(
    ("table", "workbook", "what"),
    [("cases.csv", "cases.xlsx", "case"), ("documents.csv", "documents.ods", "interview")],
)
def test_a_workbook_in_place_of_the_csv_is_refused_with_what_to_do(
    invoke, tmp_project: Path, table: str, workbook: str, what: str
) -> None:
    """A cases.xlsx left in place of cases.csv was only « skipped: not in a case sub-folder
    (or give --case) », its attributes lost without a word."""
    corpus = tmp_project / "corpus"
    (corpus / "cases.csv").unlink()
    key = "case" if what == "case" else "document"
    frame = pd.DataFrame([["pole-a/directrice.txt", "Bretagne"]], columns=[key, "region"])
    frame.to_excel(corpus / workbook, index=False, engine="odf" if "ods" in workbook else None)
    message = refused(invoke("import", str(corpus)))
    assert f"{workbook}: a spreadsheet workbook: {what} attributes are read from {table}" in (
        message
    )
    assert f"« CSV UTF-8 », LibreOffice: « Texte CSV ») named {table}, beside it" in message
    with find_project(tmp_project).open_store() as store:
        assert store.counts()["documents"] == 0


def test_a_workbook_named_in_project_yaml_is_refused(invoke, tmp_project: Path) -> None:
    """It was « looks like a binary file, not a text transcript » and « Save it as .txt
    (UTF-8), .docx or .odt »."""
    settings = tmp_project / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("cases: corpus/cases.csv", "cases: corpus/poles.xlsx"))
    book = openpyxl.Workbook()
    book.active.append(["case", "region"])
    book.save(tmp_project / "corpus" / "poles.xlsx")
    message = refused(invoke("import", str(tmp_project / "corpus")))
    assert "poles.xlsx: a spreadsheet workbook: case attributes are read from a CSV" in message
    assert "named poles.csv, write that name in project.yaml in place of poles.xlsx" in message


def test_a_cases_csv_named_with_capitals_is_not_passed_over(invoke, tmp_project: Path) -> None:
    """« Cases.csv » (as Windows shows it, a Linux disk keeps it) was passed over silently."""
    corpus = tmp_project / "corpus"
    (corpus / "cases.csv").rename(corpus / "Cases.csv")
    message = refused(invoke("import", str(corpus)))
    assert "Cases.csv: case attributes are read from cases.csv, and there is none" in message
    assert "Rename it cases.csv and import again" in message


def test_a_workbook_saved_under_the_csv_name_is_said_so(invoke, tmp_project: Path) -> None:
    """It was « looks like a binary file, not a text transcript », and to save it « as .txt
    (UTF-8), .docx or .odt »."""
    book = openpyxl.Workbook()
    book.active.append(["case", "region"])
    book.save(tmp_project / "corpus" / "cases.csv")
    message = refused(invoke("import", str(tmp_project / "corpus")))
    assert "cases.csv: a spreadsheet workbook (.xlsx, .ods or .xls) under the name of a CSV" in (
        message
    )
    assert "transcript" not in message


def test_the_name_column_may_have_capitals(invoke, tmp_project: Path) -> None:
    """« Case », « Document » as a spreadsheet capitalises them: it was « no `case` column
    (columns: Case, region) »."""
    corpus = tmp_project / "corpus"
    (corpus / "cases.csv").write_text("Case,region\npole-a,Bretagne\n", encoding="utf-8")
    (corpus / "documents.csv").write_text(
        "DOCUMENT,role\npole-a/directrice.txt,directrice\n", encoding="utf-8"
    )
    result = invoke("import", str(corpus))
    assert result.exit_code == 0, result.output
    cases, documents = attributes(tmp_project)
    assert cases["pole-a"] == {"region": "Bretagne"}
    assert documents["pole-a/directrice.txt"] == {"role": "directrice"}


def test_columns_differing_by_capitals_or_accents_are_refused(invoke, tmp_project: Path) -> None:
    """« Région » and « region » were stored as two attributes, each half filled."""
    (tmp_project / "corpus" / "cases.csv").write_text(
        "case,Région,region\npole-a,Bretagne,\npole-b,,Occitanie\n", encoding="utf-8"
    )
    message = refused(invoke("import", str(tmp_project / "corpus")))
    assert "cases.csv, line 1: columns 'Région' and 'region' are one name but for capitals" in (
        message
    )


def test_a_value_under_a_column_without_name_is_refused(invoke, tmp_project: Path) -> None:
    """« Bretagne » under a column whose name was forgotten was silently left out."""
    (tmp_project / "corpus" / "cases.csv").write_text(
        "case,region,\npole-a,Occitanie,Bretagne\n", encoding="utf-8"
    )
    message = refused(invoke("import", str(tmp_project / "corpus")))
    assert "cases.csv, line 2: column 3 has no name, yet this row gives it « Bretagne »" in message


def test_a_document_named_with_a_windows_path_gets_its_attributes(
    invoke, tmp_project: Path
) -> None:
    """« pole-a\\directrice.txt » copied from the explorer named no document."""
    (tmp_project / "corpus" / "documents.csv").write_text(
        "document;role\npole-a\\directrice.txt;directrice\n", encoding="utf-8"
    )
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    assert "not in the store" not in result.output
    assert attributes(tmp_project)[1]["pole-a/directrice.txt"] == {"role": "directrice"}


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("Pôle A", "pole-a"),
        ("POLE_A", "pole-a"),
        ("pole b", "pole-b"),
        ("pole-bb", "pole-b"),
        ("vallée", None),
    ],
)
def test_a_case_name_is_matched_without_capitals_accents_or_dashes(
    name: str, meant: str | None
) -> None:
    """« Pôle A » for the folder pole-a got no « did you mean » (difflib alone: too far)."""
    from ptce_coding.corpus.stale_rows import nearest_name

    assert nearest_name(name, ["pole-a", "pole-b"]) == meant


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("directrice", "pole-a/directrice.txt"),  # no folder, no extension
        ("directrice.txt", "pole-a/directrice.txt"),
        ("pole-a/directrice", "pole-a/directrice.txt"),
        ("pole-b/directrice.txt", "pole-a/directrice.txt"),  # another case's folder
        ("Pole-A/Directrice.TXT", "pole-a/directrice.txt"),
        ("entretien.txt", None),
    ],
)
def test_a_document_name_is_matched_by_its_file(name: str, meant: str | None) -> None:
    from ptce_coding.corpus.stale_rows import nearest_name

    assert nearest_name(name, ["pole-a/directrice.txt", "pole-b/membre.md"]) == meant
