"""The synthesis report: every file, every axis, and transcript text never becomes markup."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import openpyxl
import pytest

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding

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


LONG_TURN = (
    "Claire Martin : Je suis arrivée ici il y a longtemps, après des années passées dans une autre "
    "région où je travaillais dans une banque sans grand rapport avec tout cela. "
    "Au début je ne connaissais personne et il a fallu du temps pour comprendre les habitudes "
    "des uns et des autres, les rivalités anciennes et les amitiés de village. "
    "Aujourd'hui nous partageons les bureaux et l'entrepôt avec trois autres membres du pôle. "
    "Le reste du temps je fais de la comptabilité, des dossiers et beaucoup de réunions qui "
    "finissent tard le soir, ce qui n'aide pas toujours la vie de famille.\n"
)


@pytest.fixture
def studied(invoke, tmp_project: Path) -> Path:
    """Named poles (one with « & »), interviews with their role, a long turn coded whole,
    and two coders on one interview (too few coded units to read their agreement)."""
    corpus = tmp_project / "corpus"
    (corpus / "cases.csv").write_text(
        "case,nom,region\npole-a,Pôle Bois & Habitat,Bretagne\npole-b,Collectif Bêta,Occitanie\n",
        encoding="utf-8",
    )
    (corpus / "documents.csv").write_text(
        "document,organisation,role\npole-a/directrice.txt,Ateliers du Val,directrice\n"
        "pole-b/longue.txt,Scierie Kessler,gérante\n",
        encoding="utf-8",
    )
    interview = "E : Parlez-moi de vous.\n\n" + LONG_TURN
    (corpus / "pole-b" / "longue.txt").write_text(interview, "utf-8")
    assert invoke("import", str(corpus)).exit_code == 0
    with find_project(tmp_project).open_store() as store:
        text = store.document("pole-b/longue.txt").text
        start = text.index("Je suis arrivée")
        end = text.index("vie de famille.") + len("vie de famille.")
        first = store.document("pole-a/directrice.txt").text
        store.add_codings(
            [
                Coding("pole-b/longue.txt", start, end, "COOP.LIEU", "anne"),
                Coding("pole-a/directrice.txt", 105, 150, "ECO.PUBLIC", "anne"),
                Coding("pole-a/directrice.txt", 105, 150, "ECO.PUBLIC", "bruno"),
                Coding(
                    "pole-a/directrice.txt",
                    first.index("Les achats"),
                    first.index("l'an prochain"),
                    "COOP.ACHATS",
                    "bruno",
                ),
            ]
        )
    result = invoke("report")
    assert result.exit_code == 0, result.output
    return tmp_project / "outputs" / "report"


def test_quotation_is_the_sentence_that_carries_the_code(studied: Path) -> None:
    for name in ("restitution.html", "synthese.html"):
        html = (studied / name).read_text(encoding="utf-8")
        assert "«\u202fAujourd&#39;hui nous partageons les bureaux et l&#39;entrepôt" in html
        assert "«\u202fJe suis arrivée ici" not in html  # not the start of the long turn
        assert "— gérante (Scierie Kessler, Collectif Bêta)" in html


def test_display_names_never_slugs_and_markdown_keeps_ampersands(studied: Path) -> None:
    for name in ("restitution.html", "synthese.html", "synthese.md"):
        text = (studied / name).read_text(encoding="utf-8")
        assert "pole-a" not in text and "pole-b" not in text and ".txt" not in text, name
    markdown = (studied / "synthese.md").read_text(encoding="utf-8")
    assert "Pôle Bois & Habitat" in markdown and "&amp;" not in markdown
    html = (studied / "synthese.html").read_text(encoding="utf-8")
    assert "Pôle Bois &amp; Habitat" in html  # HTML escapes it, once


def test_agreement_on_too_few_units_is_flagged(studied: Path, invoke) -> None:
    annex = (studied / "synthese.html").read_text(encoding="utf-8")
    short = (studied / "restitution.html").read_text(encoding="utf-8")
    assert "trop peu d&#39;unités codées pour conclure</td>" in annex  # the reading cell
    assert "Pour Coopération, Économie\u00a0: trop peu d'unités codées pour conclure" in short
    # nor is the mean of those axes read (it said « à écarter » or « fiable »)
    mean = re.search(r"Moyenne</t[hd]>.*?</tr>", annex, re.S)
    assert mean and "trop peu d&#39;unités codées pour conclure</td>" in mean.group(0)
    result = invoke("agreement", "--coders", "anne,bruno", "--level", "1")
    assert result.exit_code == 0, result.output
    assert "too few coded units to conclude (< 10)" in result.output
    assert "Warning: too few coded units to conclude for" in result.output


def test_every_figure_has_its_base(studied: Path) -> None:
    html = (studied / "synthese.html").read_text(encoding="utf-8")
    for base in (
        "Base\u00a0: entretiens",
        # pole-b's membre.md is not coded: the bases are the coded interviews' (s37 B7)
        "Base\u00a0: segments des entretiens codés",
        "Base\u00a0: mots",
        "Codeurs",
    ):
        assert base in html
    assert "Part des mots (en %)" in html and "Part des segments (en %)" in html
    short = (studied / "restitution.html").read_text(encoding="utf-8")
    assert "Nous comptons les entretiens plutôt que les segments" in short
    assert "1/1" in short  # interviews out of the pole's interviews


def test_the_workbook_speaks_the_report_s_french_and_names(invoke, tmp_project: Path) -> None:
    """matrices.xlsx names poles, interviews, axes and statuses as the report does (it had
    the case folders as rows and English headings: case, interviews, words, accepted)."""
    cases = tmp_project / "corpus" / "cases.csv"
    cases.write_text(
        "case,nom,region\npole-a,Pôle des Glaciers,Bretagne\npole-b,Pôle du Sud,Occitanie\n",
        encoding="utf-8",
    )
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with find_project(tmp_project).open_store() as store:
        document = store.document("pole-a/directrice.txt")
        segment = next(
            s for s in store.segments(document.id) if document.text[s.start :].startswith("Oui")
        )
        store.add_codings(
            [
                Coding(document.name, segment.start, segment.end, "COOP.LIEU", coder)
                for coder in ("anne", "bruno")
            ]
        )
    result = invoke("report")
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(tmp_project / "outputs" / "report" / "matrices.xlsx")

    def rows(sheet: str) -> list[list[object]]:
        return [list(row) for row in workbook[sheet].iter_rows(values_only=True)]

    bases = rows("bases")
    # pole-b is not coded yet: the bases are the coded interviews' (s38 R), as the tables'
    assert bases[0] == [
        *("Pôle", "Entretiens", "Entretiens codés", "Segments des entretiens codés"),
        *("Mots des entretiens codés", "Codeurs"),
    ]
    assert {row[0] for row in bases[1:]} == {"Pôle des Glaciers", "Pôle du Sud"}
    overview = rows("vue d'ensemble (segments)")
    assert overview[0][0] == "Pôle" and "Coopération" in overview[0]
    quotations = rows("citations")
    assert quotations[0] == [
        *("Pôle", "Code", "Libellé", "Entretien", "Locuteur"),
        *("Statut", "Citation", "Complète"),
    ]
    assert quotations[1][:3] == ["Pôle des Glaciers", "COOP.LIEU", "Mutualisation de locaux"]
    assert quotations[1][5] == "accepté" and quotations[1][7] in ("oui", "non")
    agreement = rows("accord")
    assert agreement[0][:3] == ["Axe", "Unités", "Unités codées"]
    assert agreement[1][0] == "Coopération"
    assert rows("cooccurrences")[1][0] == "Coopération"
