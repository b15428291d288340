"""The synthesis report: every file, every axis, and transcript text never becomes markup."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from ptce_coding.project import find_project
from ptce_coding.records import Coding

pytestmark = pytest.mark.slow

HOSTILE = 'Anne : <script>alert("x")</script> et =HYPERLINK("http://x","y") pour les locaux.\n'


@pytest.fixture
def reported(invoke, tmp_project: Path) -> Path:
    path = tmp_project / "corpus" / "pole-b" / "piege.txt"
    path.write_text("E : Et alors ?\n" + HOSTILE + "E : Merci.\nAnne : Au revoir.\n", "utf-8")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    assert invoke("code").exit_code == 0
    with find_project(tmp_project).open_store() as store:
        text = store.document("pole-b/piege.txt").text
        start = text.index("<script>")
        end = text.index(" pour les locaux.") + len(" pour les locaux.")
        store.add_codings(
            [
                Coding("pole-b/piege.txt", start, end, "COOP.LIEU", "anne"),
                Coding("pole-a/directrice.txt", 105, 150, "ECO.PUBLIC", "anne"),
            ]
        )
    result = invoke("report", "--title", "Restitution <test>")
    assert result.exit_code == 0, result.output
    return tmp_project / "outputs" / "report"


def test_every_file_is_written_with_every_axis(reported: Path) -> None:
    html = (reported / "synthese.html").read_text(encoding="utf-8")
    markdown = (reported / "synthese.md").read_text(encoding="utf-8")
    document = docx.Document(str(reported / "synthese.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for label in ("Coopération", "Économie", "Méthode"):
        assert label in html
        assert label in markdown
        assert any(label in heading for heading in headings)
    workbook = openpyxl.load_workbook(reported / "matrices.xlsx")
    assert {"COOP (segments)", "ECO (segments)", "citations", "codes"} <= set(workbook.sheetnames)
    assert list((reported / "figures").glob("*.png"))
    assert 'src="data:image/png;base64,' in html  # self-contained


def test_transcript_text_stays_text(reported: Path) -> None:
    html = (reported / "synthese.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "Restitution &lt;test&gt;" in html
    markdown = (reported / "synthese.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    sheet = openpyxl.load_workbook(reported / "matrices.xlsx")["citations"]
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    hostile = [cell for cell in cells if "HYPERLINK" in cell.value]
    assert hostile and all(cell.data_type == "s" for cell in hostile)


def test_accepted_only_by_default_and_suggestions_on_request(reported: Path, invoke) -> None:
    html = (reported / "synthese.html").read_text(encoding="utf-8")
    assert "suggestions automatiques non relues" not in html
    assert invoke("report", "--include-suggestions").exit_code == 0
    html = (reported / "synthese.html").read_text(encoding="utf-8")
    assert "suggestions automatiques non relues" in html


def test_anonymise_needs_reviewed_pseudonyms(invoke, tmp_project: Path) -> None:
    invoke("import", str(tmp_project / "corpus"))
    result = invoke("report", "--anonymise")
    assert result.exit_code == 1
    assert "no pseudonyms yet" in result.output and "pseudonymise --review" in result.output
    assert not (tmp_project / "outputs" / "report").exists()
