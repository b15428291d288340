"""The restitution as its readers take it (session 35, helper I): an anonymised poles' table
that points at no pole, a method note that says what was done, the suggestions still
waiting, shares over the coded interviews only, no quotation twice in a chapter, the
codebook's changes in French."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli

DATA = Path(__file__).parent / "data"
CASES = (
    "case,nom,region,statut,creation\n"
    "pole-a,Pôle Alpha,Bretagne,association,2010\n"
    "pole-b,Pôle Beta,Occitanie,association,2012\n"
    "pole-c,Pôle Gamma,Normandie,SCIC,2014\n"
    "pole-d,Pôle Delta,Grand Est,SCIC,2016\n"
)
INTERVIEW = (
    "Enquêtrice : Est-ce que vous partagez des locaux ?\n\n"
    "{name} : Oui, nous avons des locaux partagés depuis longtemps avec les autres "
    "structures du pôle, et les achats groupés suivent depuis deux ans.\n\n"
    "Enquêtrice : Et le financement ?\n\n"
    "{name} : Nous avons répondu à deux appels à projets de la Région cette année.\n"
)
QUIET = (  # pole-a's second interview: words, nothing coded
    "Enquêtrice : Et alors ?\n\n"
    "Paul : Nous avons parlé de la météo dans la vallée toute la matinée, puis du marché.\n"
)


def _run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, [*args, "--project", str(root)])
    assert result.exit_code == 0, result.output
    return result


def _code(root: Path, document: str, words: str, code: str, **fields: object) -> None:
    """A coding of ``code`` on the first occurrence of ``words`` in ``document``."""
    with find_project(root).open_store() as store:
        stored = store.document(document)
        assert stored is not None, document
        start = stored.text.index(words)
        coder = str(fields.pop("coder", "anne"))
        store.add_codings([Coding(document, start, start + len(words), code, coder, **fields)])  # type: ignore[arg-type]


def _study(tmp_path: Path) -> Path:
    """Four poles (two association, two SCIC; a region and a creation year each), pole-a
    with a second interview nobody coded; anne's codings by hand."""
    root = tmp_path / "study"
    CliRunner().invoke(cli, ["init", str(root)])
    shutil.copyfile(DATA / "codebook.yaml", root / "codebooks" / "ptce.yaml")
    shutil.rmtree(root / "corpus")
    for case, name in (
        ("pole-a", "Marie"),
        ("pole-b", "Luc"),
        ("pole-c", "Anna"),
        ("pole-d", "Jo"),
    ):
        (root / "corpus" / case).mkdir(parents=True)
        (root / "corpus" / case / "e1.txt").write_text(
            INTERVIEW.format(name=name), encoding="utf-8"
        )
    (root / "corpus" / "pole-a" / "e2.txt").write_text(QUIET, encoding="utf-8")
    (root / "corpus" / "cases.csv").write_text(CASES, encoding="utf-8")
    _run(root, "import", str(root / "corpus"))
    for case in ("pole-a", "pole-b", "pole-c", "pole-d"):
        _code(root, f"{case}/e1.txt", "nous avons des locaux partagés", "COOP.LIEU")
    return root


def _anonymise(root: Path) -> None:
    review = root / "private" / "revue.xlsx"
    review.parent.mkdir(exist_ok=True)
    _run(root, "pseudonymise", "--review", str(review), "--no-model")
    _run(root, "pseudonymise", "--apply", str(review))
    _run(root, "report", "--anonymise")


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _plain(text: str) -> str:
    """HTML or Word text with its French no-break spaces as plain ones, tags dropped."""
    return re.sub(r"<[^>]+>", "", text).replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.slow  # the whole report: charts, Word documents
def test_the_anonymised_poles_table_leaves_out_what_names_a_pole(tmp_path: Path) -> None:
    root = _study(tmp_path)
    _anonymise(root)
    folder = root / "outputs" / "report"
    html = (folder / "restitution-anonyme.html").read_text(encoding="utf-8")
    table = html[html.index("<h2>Les pôles étudiés</h2>") : html.index("</table>")]
    assert "<th>Statut</th>" in table and "SCIC" in table  # shared by two poles: kept
    for identifying in ("Bretagne", "Occitanie", "2010", "2016", "Région", "Creation"):
        assert identifying not in table, identifying
    note = "les colonnes « Creation », « Région », qui désigneraient un pôle, sont laissées"
    assert note in _plain(html)
    word = _docx_text(folder / "restitution-anonyme.docx")
    assert "Bretagne" not in word and "2016" not in word
    assert note in _plain(word)
    annex = (folder / "synthese-anonyme.md").read_text(encoding="utf-8")
    assert "Bretagne" not in annex and note in annex
    # the named report keeps them all
    _run(root, "report")
    named = (folder / "restitution.html").read_text(encoding="utf-8")
    assert "Bretagne" in named and "désigneraient un pôle" not in named


def _suggest(root: Path, items: list[tuple[str, str, str, float]]) -> None:
    """Rule suggestions waiting for review: (document, words, code, confidence)."""
    with find_project(root).open_store() as store:
        found, ids = [], []
        for name, words, code, confidence in items:
            document = store.document(name)
            assert document is not None
            start = document.text.index(words)
            coding = Coding(
                name, start, start + len(words), code, "rules", "rule", "suggested", confidence
            )
            found.append((document.id, coding))
            ids.append(document.id)
        store.replace_suggestions("rule", sorted(set(ids)), found)


def _reviewed_study(tmp_path: Path) -> Path:
    """anne's 4 codings by hand, 2 rule suggestions she accepted above 0.5, 1 left waiting."""
    root = _study(tmp_path)
    _suggest(
        root,
        [
            ("pole-b/e1.txt", "les achats groupés", "COOP.ACHATS", 0.9),
            ("pole-c/e1.txt", "les achats groupés", "COOP.ACHATS", 0.8),
            ("pole-d/e1.txt", "deux appels à projets", "ECO.PUBLIC", 0.2),
        ],
    )
    _run(root, "review", "--accept-above", "0.5", "--coder", "anne", "--yes")
    _run(root, "report")
    return root


def _method_note(html: str) -> str:
    return _plain(html[html.index("<h2>Note de méthode</h2>") :])


@pytest.mark.slow  # the whole report: charts, Word documents
def test_the_method_note_says_what_was_done(tmp_path: Path) -> None:
    root = _reviewed_study(tmp_path)
    folder = root / "outputs" / "report"
    note = _method_note((folder / "restitution.html").read_text(encoding="utf-8"))
    word = _plain(_docx_text(folder / "restitution.docx"))
    for text in (note, word):
        assert "Chaque segment a été codé" not in text
        assert "Seuls les codages validés par un chercheur" not in text
        assert "deux entretiens par pôle" not in text  # pole-a has 2, the others 1
        # the coded interviews, which the figures count (s38 R): pole-a's second is not
        assert "avec un entretien codé par pôle, un écart" in text
        assert "Seuls 4 entretiens sur 5 ont été codés avec la grille" in text
        # and how much of each interview is coded (s41 B)
        assert (
            "; 4 des 9 segments de parole portent au moins un codage (44 %) ; 50 % des "
            "segments de chaque entretien codé." in text
        )
        # accepted by threshold, not read one by one (s38 B)
        assert (
            "6 codages comptés : 4 codés à la main et 2 suggestions automatiques acceptées "
            "en bloc au-dessus d" in text
        )
        assert "un seuil de confiance (0,5), sans être relues une à une." in text
        # what the store knows of the confidence they were suggested at (s41 B)
        assert (
            "Les 2 suggestions automatiques acceptées avaient une confiance estimée entre "
            "0,80 et 0,90." in text
        )


@pytest.mark.slow  # the whole report: charts, Word documents
def test_suggestions_still_waiting_are_said_on_the_cover_and_in_the_method_note(
    tmp_path: Path,
) -> None:
    root = _reviewed_study(tmp_path)
    folder = root / "outputs" / "report"
    pending = "1 suggestion automatique reste à relire : les tableaux peuvent encore changer."
    html = (folder / "restitution.html").read_text(encoding="utf-8")
    cover = _plain(html[html.index('<section class="cover">') : html.index("</section>")])
    assert pending in cover
    assert pending in _method_note(html)
    word = docx.Document(str(folder / "restitution.docx")).paragraphs
    title_page = _plain("\n".join(p.text for p in word[:12]))
    assert pending in title_page
    assert pending in _plain(_docx_text(folder / "restitution.docx")).split("Note de méthode")[-1]
    assert pending in _plain((folder / "synthese.md").read_text(encoding="utf-8"))
    # once reviewed, nothing waits: no such sentence
    _run(root, "review", "--accept-above", "0", "--coder", "anne", "--yes")
    _run(root, "report")
    assert "reste à relire" not in (folder / "restitution.html").read_text(encoding="utf-8")


@pytest.mark.slow  # the whole report: charts, Word documents
def test_the_codebook_s_changes_read_in_french_with_their_codes(
    invoke: Callable[..., Result], imported: Path
) -> None:
    _code(imported, "pole-a/directrice.txt", "nous avons des locaux partagés", "COOP.LIEU")
    _code(imported, "pole-a/directrice.txt", "deux appels à projets", "ECO.PUBLIC")
    for args in (
        ("rename", "COOP.ACHATS", "COOP.ACHATS_GROUPES"),
        ("move", "COOP.LIEU", "--parent", "ECO"),
        ("retire", "ECO.PUBLIC"),
        ("undo",),
        ("split", "ECO.LIEU", "--into", "ECO.LIEU.BUREAUX,ECO.LIEU.ATELIERS"),
    ):
        result = invoke("codebook", *args)
        assert result.exit_code == 0, result.output
    assert invoke("report").exit_code == 0
    folder = imported / "outputs" / "report"
    expected = [
        "renommage de COOP.ACHATS en COOP.ACHATS_GROUPES",
        "déplacement de COOP.LIEU sous ECO (il devient ECO.LIEU)",
        "retrait de ECO.PUBLIC (annulé le ",
        "annulation de la modification du ",
        "(retrait de ECO.PUBLIC)",
        "scission de ECO.LIEU en ECO.LIEU.BUREAUX et ECO.LIEU.ATELIERS",
    ]
    markdown = (folder / "synthese.md").read_text(encoding="utf-8")
    section = markdown[markdown.index("Évolution de la grille") : markdown.index("### Codeurs")]
    html = _plain((folder / "synthese.html").read_text(encoding="utf-8"))
    html = html[html.index("Évolution de la grille") : html.index("Codeurs et méthodes")]
    word = _plain(_docx_text(folder / "synthese.docx"))
    word = word[word.index("Évolution de la grille") :]
    for text in (section, html, word):
        for line in expected:
            assert line in text, (line, text)
        for english in (": move", ": retire", ": undo", ": split", ": rename"):
            assert english not in text


def _row(markdown: str, section: str, label: str) -> list[str]:
    """The cells of the row ``label`` of the first table after the heading ``section``."""
    text = markdown[markdown.index(section) :]
    line = next(line for line in text.splitlines() if line.startswith(f"| {label} |"))
    return [cell.strip() for cell in line.strip("|").split("|")][1:]


@pytest.mark.slow  # the whole report: charts, Word documents
def test_the_annex_shares_divide_by_the_coded_interviews_only(tmp_path: Path) -> None:
    """pole-a and pole-b hold the same coded interview; pole-a has a second one, not coded
    (« non codé » in the tables' bases): its words and segments are no base of a share."""
    root = _study(tmp_path)
    _run(root, "report")
    markdown = (root / "outputs" / "report" / "synthese.md").read_text(encoding="utf-8")
    assert _row(markdown, "## Les pôles et les bases", "Pôle Alpha")[-3:-1] == ["2", "1"]
    words = _row(markdown, "### Part des mots (en %)", "Coopération")
    segments = _row(markdown, "### Part des segments (en %)", "Coopération")
    assert segments[:2] == ["50,0", "50,0"]  # 1 of the 2 segments of the coded interview
    assert words[0] == words[1] != "0,0"
    # under them, their bases: the coded interviews' segments (pole-a's 2 of its 3)
    assert _row(markdown, "### Part des segments (en %)", "Base : segments des entretiens codés")[
        :2
    ] == ["2", "2"]


def _chapter_quotes(html: str, start: str, end: str) -> str:
    return _plain(html[html.index(start) : html.index(end)])


@pytest.mark.slow  # the whole report: charts, Word documents
def test_a_passage_coded_with_two_sub_codes_is_quoted_once_in_its_chapter(
    tmp_path: Path,
) -> None:
    root = _study(tmp_path)
    passage = (
        "Oui, nous avons des locaux partagés depuis longtemps avec les autres structures du "
        "pôle, et les achats groupés suivent depuis deux ans."
    )
    for code in ("COOP.LIEU", "COOP.ACHATS"):  # one passage, two codes of the axis
        _code(root, "pole-b/e1.txt", passage, code)
    _run(root, "report", "--cases", "pole-b")
    folder = root / "outputs" / "report"
    html = (folder / "restitution-cases-pole-b.html").read_text(encoding="utf-8")
    chapter = _chapter_quotes(html, "<h3>Coopération</h3>", "<h3>Économie")
    assert chapter.count("nous avons des locaux partagés") == 1, chapter
    word = [p.text for p in docx.Document(str(folder / "restitution-cases-pole-b.docx")).paragraphs]
    assert sum("nous avons des locaux partagés" in p for p in word) == 1
