"""The report as a document handed out at a restitution: a pole or an interview nobody has
coded yet is said so, never counted as « 0/2 »; twelve poles come in their folders' order;
French plurals, never « entretien(s) »."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner, Result

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from tests.test_compare_cli import COMPARE, build, set_compare

pytestmark = pytest.mark.slow  # figures, the Word documents


def _code(project: Path, document: str, words: str, code: str, coder: str) -> None:
    with find_project(project).open_store() as store:
        stored = store.document(document)
        assert stored is not None, document
        start = stored.text.index(words)
        store.add_codings([Coding(document, start, start + len(words), code, coder)])


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _row(markdown: str, label: str, after: str) -> list[str]:
    """The cells of the first table row headed ``label`` after the line ``after``."""
    rest = markdown[markdown.index(after) :]
    line = next(x for x in rest.splitlines() if x.startswith(f"| {label} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_an_interview_nobody_coded_is_said_so_not_counted_as_nothing(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """pole-b's interview and pole-a's second one are not coded: they read « non codé » (was
    « 0/1 ») and the base of « k/N » is the coded interviews (pole-a's « 1/2 » said that one
    of its two interviews left the axis out); the method note said « Chaque segment a été
    codé »."""
    second = tmp_project / "corpus" / "pole-a" / "second.txt"
    second.write_text("E : Et vous ?\n\nMarc : Nous réparons des vélos.\n", encoding="utf-8")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    for coder in ("anne", "bruno"):
        _code(
            tmp_project,
            "pole-a/directrice.txt",
            "nous avons des locaux partagés",
            "COOP.LIEU",
            coder,
        )
    result = invoke("report")
    assert result.exit_code == 0, result.output
    folder = tmp_project / "outputs" / "report"

    markdown = (folder / "synthese.md").read_text(encoding="utf-8")
    assert _row(markdown, "Coopération", "### Entretiens qui abordent chaque axe") == [
        "Coopération",
        "1/1",
        "non codé",
    ]
    assert _row(markdown, "Coopération", "### Part des segments (en %)")[2] == "non codé"
    assert "Codage en cours : 1 entretien sur 3 est codé" in markdown
    assert "Aucun entretien codé encore pour Pôle B : les tableaux le marquent « non codé »" in (
        markdown
    )

    html = (folder / "restitution.html").read_text(encoding="utf-8")
    assert "Codage en cours\u00a0: 1 entretien sur 3 est codé" in html
    assert "Seul 1 entretien sur 3 a été codé avec la grille" in html
    assert "Chaque segment a été codé" not in html
    assert "Axe abordé dans 1 entretien sur 1 codé (3 en tout), dans 1 pôle sur 1 codé" in html
    assert "<th>Entretiens codés</th>" in html

    text = _docx_text(folder / "restitution.docx")
    assert "Codage en cours\u00a0: 1 entretien sur 3 est codé" in text
    assert "Seul 1 entretien sur 3 a été codé avec la grille" in text
    assert "Chaque segment a été codé" not in text
    assert "non codé" in text.split("\n")


def test_french_plurals_in_the_agreement_sentences(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """« sur 1 entretien codé par les deux », never « 1 entretien(s) codé(s) » nor
    « document(s) »; « Axe abordé », agreeing with « axe » (« Abordé » read against the
    axis' own label, « Principaux objectifs »)."""
    for coder in ("anne", "bruno"):
        _code(
            imported, "pole-a/directrice.txt", "nous avons des locaux partagés", "COOP.LIEU", coder
        )
        _code(imported, "pole-b/membre.md", "on partage un grand bureau", "COOP.LIEU", coder)
    result = invoke("report")
    assert result.exit_code == 0, result.output
    folder = imported / "outputs" / "report"
    restitution = (folder / "restitution.html").read_text(encoding="utf-8")
    annex = (folder / "synthese.html").read_text(encoding="utf-8")
    assert "anne et bruno, sur 2 entretiens codés par les deux." in restitution
    assert re.search(r"anne et bruno, sur 2 entretiens codés\s+par les deux\u202f;", annex)
    assert "Axe abordé dans 2 entretiens sur 2, dans 2 pôles sur 2" in restitution
    assert "Codage en cours" not in restitution  # every interview is coded
    assert "Les 2 entretiens ont été codés avec la grille" in restitution
    for name in ("restitution.docx", "synthese.docx"):
        text = _docx_text(folder / name)
        assert "(s)" not in text, name
        assert "sur 2 entretiens codés par les deux" in text, name
    assert "Accord entre anne et bruno sur 2 entretiens codés par les deux" in _docx_text(
        folder / "synthese.docx"
    )


TWELVE = {f"pole-{i}": (i % 3 + 1, i % 2, (i + 1) % 3) for i in range(1, 12)} | {
    "pole-12": (0, 0, 0)  # nobody coded this one
}


def test_twelve_poles_in_their_folders_order(tmp_path: Path) -> None:
    """Sorted as text, pole-10, pole-11 and pole-12 came between pole-1 and pole-2, and a pole
    without a name was numbered in that order: pole-10 was « Pôle 6 » of the report."""
    root = tmp_path / "study"
    build(root, CliRunner(), TWELVE)
    set_compare(root, COMPARE)
    result = CliRunner().invoke(cli, ["report", "--project", str(root)])
    assert result.exit_code == 0, result.output
    folder = root / "outputs" / "report"
    markdown = (folder / "synthese.md").read_text(encoding="utf-8")
    expected = ["Pôle Un", "Pôle Deux", "Pôle Trois", "Pôle Quatre", "Pôle Cinq"] + [
        f"Pôle {i}" for i in range(6, 13)
    ]
    header = _row(markdown, "Axe", "### Entretiens qui abordent chaque axe")
    assert header[1:] == expected
    poles = markdown[markdown.index("## Les pôles et les bases") :]
    rows = [line.split("|")[1].strip() for line in poles.splitlines()[4:16]]
    assert rows == expected
    assert _row(markdown, "Coopération", "### Entretiens qui abordent chaque axe")[-1] == (
        "non codé"
    )
    assert "Aucun entretien codé encore pour Pôle 12" in markdown
    # the poles' names in the Word document's table too, in that order
    document = docx.Document(str(folder / "restitution.docx"))
    firsts = [
        [c.text for c in t.rows[0].cells][1:] for t in document.tables if t.cell(0, 0).text == "Axe"
    ]
    assert [name for part in firsts[:3] for name in part] == expected
    if "## Typologie des pôles" in markdown:  # a type's poles, counted in French
        assert "pôle(s)" not in markdown[markdown.index("## Typologie des pôles") :].replace(
            "Pôle(s) sans aucun segment codé", ""
        )


def test_the_anonymised_annex_points_to_the_anonymised_restitution(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """synthese-anonyme.md said the restitution was in `restitution.html`: the report that
    names every pole, not the one it goes with (restitution-anonyme.html)."""
    _code(imported, "pole-a/directrice.txt", "nous avons des locaux partagés", "COOP.LIEU", "anne")
    review = imported / "private" / "revue.xlsx"
    result = invoke("pseudonymise", "--review", str(review), "--no-model")
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(review)
    for row in workbook["review"].iter_rows(min_row=2):
        if row[3].value == row[4].value:  # the case folders « pole-a »: already neutral
            row[1].value = "drop"
    workbook.save(review)
    assert invoke("pseudonymise", "--apply", str(review)).exit_code == 0
    result = invoke("report", "--anonymise")
    assert result.exit_code == 0, result.output
    markdown = (imported / "outputs" / "report" / "synthese-anonyme.md").read_text("utf-8")
    assert "est dans `restitution-anonyme.html` et `restitution-anonyme.docx`." in markdown


def test_a_code_whose_quotations_the_cap_left_out_says_where_they_are(
    invoke: Callable[..., Result], imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the chapter's cap of quotations, a code's heading was followed by nothing, as if
    it had nothing to quote."""
    monkeypatch.setattr("ptce_coding.report.synthesis.QUOTES_PER_CHAPTER", 1)
    monkeypatch.setattr("ptce_coding.report.axis_chapter.QUOTES_PER_CHAPTER", 1)
    # whole sentences: a shorter quotation (under MIN_CHARS) is not shown at all
    _code(
        imported,
        "pole-a/directrice.txt",
        "Oui, nous avons des locaux partagés depuis 2012.",
        "COOP.LIEU",
        "anne",
    )
    _code(
        imported,
        "pole-a/directrice.txt",
        "Les achats groupés, c'est pour l'an prochain.",
        "COOP.ACHATS",
        "anne",
    )
    result = invoke("report")
    assert result.exit_code == 0, result.output
    folder = imported / "outputs" / "report"
    note = (
        "Citations non reprises à partir d'ici : l'annexe en donne au plus 1 par axe. Toutes "
        "sont dans matrices.xlsx (feuille « citations »)."
    )
    markdown = (folder / "synthese.md").read_text(encoding="utf-8")
    achats = markdown[markdown.index("### Achats groupés") :]
    assert achats[: achats.index("\n## ")].count(note) == 1
    assert markdown.count(note) == 1  # not under the code that has its quotation
    french = note.replace(" :", "\u00a0:").replace("« ", "«\u202f").replace(" »", "\u202f»")
    assert french.replace("'", "&#39;") in (folder / "synthese.html").read_text(encoding="utf-8")
    assert french in _docx_text(folder / "synthese.docx")
