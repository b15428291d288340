"""The report on what a research group's real projects hold: a retired code, poles whose
names differ only by letter case or accents, a pole whose name holds a comma, transcript text
with Markdown and HTML characters, a pole with no coding, a code with no quotation."""

from __future__ import annotations

import csv
import re
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import docx
import openpyxl
import pytest
from click.testing import CliRunner, Result

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from tests.test_compare_cli import COMPARE, LAYOUT, build, set_compare
from tests.test_network_cli import network_study, segment_of


def _code(project: Path, document: str, words: str, code: str, coder: str = "anne") -> None:
    """A coding of ``code`` on the first occurrence of ``words`` in ``document``."""
    with find_project(project).open_store() as store:
        stored = store.document(document)
        assert stored is not None, document
        start = stored.text.index(words)
        store.add_codings([Coding(document, start, start + len(words), code, coder)])


@pytest.mark.slow
def test_a_retired_code_is_marked_in_the_chapters_not_only_in_the_annex(
    invoke: Callable[..., Result], imported: Path
) -> None:
    _code(imported, "pole-a/directrice.txt", "nous avons des locaux partagés", "COOP.LIEU")
    _code(imported, "pole-b/membre.md", "on partage un grand bureau", "COOP.LIEU")
    _code(imported, "pole-a/directrice.txt", "deux appels à projets", "ECO.PUBLIC")
    _code(imported, "pole-a/directrice.txt", "Les achats groupés", "COOP.ACHATS")
    assert invoke("codebook", "retire", "COOP.LIEU").exit_code == 0
    assert invoke("codebook", "retire", "COOP").exit_code == 0  # an axis, its codes in use
    result = invoke("report")
    assert result.exit_code == 0, result.output
    folder = imported / "outputs" / "report"

    markdown = (folder / "synthese.md").read_text(encoding="utf-8")
    assert "| Mutualisation de locaux (retiré) | 1 (1/1) | 1 (1/1) |" in markdown
    assert "### Mutualisation de locaux (retiré) (2 segments)" in markdown
    assert "## Coopération (retiré)\n" in markdown
    assert (
        "Codes retirés : « Coopération », « Mutualisation de locaux », plus proposés au codage"
        in markdown
    )
    assert "### Achats groupés (1 segment)" in markdown  # a code under it, still in use
    assert "Ressources publiques (retiré)" not in markdown  # only the retired code is marked

    html = (folder / "synthese.html").read_text(encoding="utf-8")
    assert "<th>Mutualisation de locaux (retiré)</th>" in html
    assert "<h3>Mutualisation de locaux (retiré) <span" in html
    restitution = (folder / "restitution.html").read_text(encoding="utf-8")
    assert "mutualisation de locaux (retiré) (2)" in restitution  # the axis' reading
    assert "<h3>Coopération (retiré)</h3>" in restitution
    assert (
        "Codes retirés\u00a0: «\u202fCoopération\u202f», «\u202fMutualisation de locaux\u202f»"
        in restitution
    )

    headings = [
        p.text
        for p in docx.Document(str(folder / "synthese.docx")).paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert any(h.startswith("Mutualisation de locaux (retiré)  2 segments") for h in headings)
    workbook = openpyxl.load_workbook(folder / "matrices.xlsx")
    assert "Mutualisation de locaux (retiré)" in [c.value for c in workbook["COOP (segments)"][1]]
    codes = {row[0]: row for row in workbook["codes"].iter_rows(values_only=True)}
    assert codes["Code"][3] == "Retiré" and codes["COOP.LIEU"][3] == "oui"
    assert codes["ECO.PUBLIC"][3] in (None, "")
    bars = (folder / "figures" / "coop-barres.svg").read_text(encoding="utf-8")
    assert "(retiré)" in bars


def _poles_alike(root: Path, names: tuple[str, ...]) -> Path:
    """The network test project (one pole, pole-n) as poles named ``names``: the same
    interviews, members and attributes in each; two cooperation codings per pole."""
    network_study(root)
    corpus = root / "corpus"
    source = (corpus / "pole-n").rename(root / "pole-n")  # out of the corpus while copied
    for number, name in enumerate(names):
        shutil.copytree(source, corpus / name)
        for interview in (corpus / name).iterdir():  # the same text twice is one interview
            with interview.open("a", encoding="utf-8") as handle:
                handle.write(f"\nEnquêteur : Merci, c'était l'entretien {number}.\n")
    shutil.rmtree(source)
    for table in ("cases.csv", "documents.csv", "members.csv"):
        with (corpus / table).open(encoding="utf-8", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        with (corpus / table).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(
                [header]
                + [[name + row[0][len("pole-n") :], *row[1:]] for name in names for row in rows]
            )
    result = CliRunner().invoke(cli, ["import", str(corpus), "--project", str(root)])
    assert result.exit_code == 0, result.output
    with find_project(root).open_store() as store:
        for name in names:
            scop = f"{name}/entretien-scop.txt"
            text = store.document(scop).text
            store.add_codings(
                [
                    Coding(scop, *segment_of(text, "Nous partageons"), "COOP.LIEU", "anne"),
                    Coding(scop, *segment_of(text, "achetons"), "COOP.ACHATS", "anne"),
                ]
            )
    return root


@pytest.mark.slow  # the French spaCy model (member aliases), figures
def test_poles_named_alike_get_a_network_figure_each(tmp_path: Path) -> None:
    alike = ("Pôle-Nord", "pôle-nord", "Pôle: Sud?", "Pôle| Sud*")
    root = _poles_alike(tmp_path / "study", alike)
    result = CliRunner().invoke(cli, ["report", "--project", str(root)])
    assert result.exit_code == 0, result.output
    report = root / "outputs" / "report"
    drawings = sorted((report / "figures").glob("reseau-*.png"))
    # one file each, even where letter case and accents are not told apart (macOS, Windows)
    assert len({unicodedata.normalize("NFD", p.name).casefold() for p in drawings}) == 4
    assert not [p.name for p in drawings if set(p.name) & set(':"|?*<>\\')]
    html = (report / "synthese.html").read_text(encoding="utf-8")
    assert len(set(re.findall(r'src="(data:image/png;base64,[^"]+)"', html))) >= 4 + 2
    markdown = (report / "synthese.md").read_text(encoding="utf-8")
    linked = {unquote(target) for target in re.findall(r"\]\((figures/reseau-[^)]+)\)", markdown)}
    assert linked == {f"figures/{p.name}" for p in drawings}


def _rename_case(corpus: Path, old: str, new: str) -> None:
    (corpus / old).rename(corpus / new)
    cases = (corpus / "cases.csv").read_text(encoding="utf-8")
    (corpus / "cases.csv").write_text(cases.replace(f"{old},", f'"{new}",'), encoding="utf-8")


@pytest.mark.slow  # figures
def test_report_on_a_pole_whose_name_holds_a_comma(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    _rename_case(tmp_project / "corpus", "pole-b", "Pôle B, Sud")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    _code(tmp_project, "Pôle B, Sud/membre.md", "on partage un grand bureau", "COOP.LIEU")
    _code(tmp_project, "pole-a/directrice.txt", "deux appels à projets", "ECO.PUBLIC")
    result = invoke("report", "--cases", "Pôle B, Sud")
    assert result.exit_code == 0, result.output  # was « unknown case(s): Pôle B, Sud »
    assert "Report: 1 pole, 1 interview, 1 coding" in result.output
    report = tmp_project / "outputs" / "report"
    markdown = (report / "synthese-cases-Pôle-B--Sud.md").read_text(encoding="utf-8")
    assert "| Mutualisation de locaux | 1 (1/1) |" in markdown
    assert "Ressources publiques" not in markdown.split("## Grille de codage")[0]


def test_matrix_and_compare_on_a_pole_whose_name_holds_a_comma(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """`report --cases` took a comma-holding pole name; `matrix` and `compare` still said
    « unknown case(s): Pôle B, Sud (did you mean Pôle B, Sud?) »."""
    _rename_case(tmp_project / "corpus", "pole-b", "Pôle B, Sud")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    _code(tmp_project, "Pôle B, Sud/membre.md", "on partage un grand bureau", "COOP.LIEU")
    _code(tmp_project, "pole-a/directrice.txt", "deux appels à projets", "ECO.PUBLIC")
    matrix = invoke("matrix", "--cases", "Pôle B, Sud", "--format", "csv")
    assert matrix.exit_code == 0, matrix.output
    assert "Pôle B, Sud" in matrix.stdout and "pole-a" not in matrix.stdout
    compared = invoke("compare", "ca", "--cases", "Pôle B, Sud,pole-a")
    assert compared.exit_code in (0, 1) and "2 poles" in compared.output, compared.output
    assert "unknown case" not in compared.output


def test_cases_naming_a_piece_of_a_pole_name_are_refused_with_the_poles(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    _rename_case(tmp_project / "corpus", "pole-b", "Pôle B, Sud")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    result = invoke("report", "--cases", "Pôle B")
    assert result.exit_code == 1
    assert "unknown case(s): Pôle B (did you mean « Pôle B, Sud »?)" in result.output
    assert "The project's cases: « Pôle B, Sud », pole-a." in result.output
    assert not (tmp_project / "outputs" / "report").exists()


def test_cases_that_read_two_ways_are_refused(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    corpus = tmp_project / "corpus"
    _rename_case(corpus, "pole-a", "Nord")
    _rename_case(corpus, "pole-b", "Sud")
    (corpus / "Nord, Sud").mkdir()
    (corpus / "Nord, Sud" / "elu.txt").write_text("E : Et vous ?\nPaul : Moi aussi.\n", "utf-8")
    assert invoke("import", str(corpus)).exit_code == 0
    result = invoke("report", "--cases", "Nord, Sud")
    assert result.exit_code == 1
    assert (
        "« Nord, Sud » in --cases is the case « Nord, Sud » and the cases « Nord », « Sud » alike"
        in result.output
    )
    assert "Name them in another order to mean the cases one by one (« Sud, Nord »)" in (
        result.output
    )
    assert not (tmp_project / "outputs" / "report").exists()


@pytest.mark.slow  # figures
def test_dollar_signs_in_names_are_text_in_the_figures(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    corpus = tmp_project / "corpus"
    (corpus / "cases.csv").write_text(
        'case,nom\npole-a,"Pôle $\\frac{1}$ du coût"\npole-b,Pôle $B$\n', encoding="utf-8"
    )
    book = tmp_project / "codebooks" / "ptce.yaml"
    book.write_text(
        book.read_text(encoding="utf-8").replace(
            "label: Ressources publiques", "label: Ressources publiques ($ et €, $x$)"
        ),
        encoding="utf-8",
    )
    assert invoke("import", str(corpus)).exit_code == 0
    _code(tmp_project, "pole-a/directrice.txt", "deux appels à projets", "ECO.PUBLIC")
    _code(tmp_project, "pole-b/membre.md", "Une subvention de la Région", "ECO.PUBLIC")
    result = invoke("report")
    # was a ValueError of matplotlib's mathtext (« Expected \frac{num}{den} »), a traceback
    assert result.exit_code == 0, result.output
    figures = tmp_project / "outputs" / "report" / "figures"
    svg = (figures / "eco-barres.svg").read_text(encoding="utf-8")
    assert "$B$" in svg and "$x$" in svg  # as typed, not set as formulas
    assert "\\frac{1}$" in (figures / "vue-ensemble.svg").read_text(encoding="utf-8")


@pytest.mark.slow  # figures, the Word documents
def test_a_report_on_one_pole_of_one_interview_reads_in_the_singular(
    invoke: Callable[..., Result], imported: Path
) -> None:
    _code(imported, "pole-a/directrice.txt", "deux appels à projets", "ECO.PUBLIC")
    result = invoke("report", "--cases", "pole-a")
    assert result.exit_code == 0, result.output
    folder = imported / "outputs" / "report"
    html = (folder / "restitution-cases-pole-a.html").read_text(encoding="utf-8")
    assert "<p>1 entretien dans 1 pôle. Les citations" in html  # was « 1 entretiens dans 1 pôles »
    assert "1 entretien semi-directif dans 1 pôle, soit" in html
    assert '<div class="figure"><b>1</b>pôle</div>' in html
    assert '<div class="figure"><b>1</b>codeur</div>' in html
    restitution = folder / "restitution-cases-pole-a.docx"
    text = "\n".join(p.text for p in docx.Document(str(restitution)).paragraphs)
    assert "1 entretien dans 1 pôle. Les citations" in text
    assert "1 entretien semi-directif dans 1 pôle, soit" in text


@pytest.mark.slow  # the French spaCy model (member aliases), figures
def test_a_report_on_some_poles_leaves_the_others_networks_out(tmp_path: Path) -> None:
    root = _poles_alike(tmp_path / "study", ("pole-n", "pole-s"))
    result = CliRunner().invoke(cli, ["report", "--cases", "pole-s", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "Report: 1 pole, 2 interviews, 2 codings" in result.output
    report = root / "outputs" / "report"
    for name in ("synthese", "restitution"):
        for kind in (".html", ".md") if name == "synthese" else (".html",):
            text = (report / f"{name}-cases-pole-s{kind}").read_text(encoding="utf-8")
            assert "Réseaux de coopération" in text
            assert "Pôle N (pole-s)" in text
            assert "Pôle N (pole-n)" not in text, name  # was its network, measures, quotations
    assert sorted(p.name for p in (report / "figures-cases-pole-s").glob("reseau-*")) == [
        "reseau-pole-s.png",
        "reseau-pole-s.svg",
    ]


@pytest.mark.slow  # matplotlib figures, the Word documents
def test_an_anonymised_report_names_no_pole_in_its_typology(tmp_path: Path) -> None:
    root = tmp_path / "study"
    build(root, CliRunner(), LAYOUT)  # five poles named in cases.csv (« Pôle Un » …)
    set_compare(root, COMPARE)
    (root / "private").mkdir()
    (root / "private" / "names.csv").write_text(
        "name,kind,pseudonym\nMarie,person,Directrice\n", encoding="utf-8"
    )
    review = root / "private" / "revue.xlsx"
    for args in (["--review", str(review), "--no-model"], ["--apply", str(review)]):
        result = CliRunner().invoke(cli, ["pseudonymise", *args, "--project", str(root)])
        assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["report", "--anonymise", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "Typology of the poles: a chapter on 5 poles" in result.output
    report = root / "outputs" / "report"
    markdown = (report / "synthese-anonyme.md").read_text(encoding="utf-8")
    chapter = markdown[markdown.index("## Typologie des pôles") : markdown.index("## Méthode")]
    assert "| Pôle A |" in chapter and "| Pôle E |" in chapter  # the report's neutral names
    named = ("Pôle Un", "Pôle Deux", "Pôle Trois", "Pôle Quatre", "Pôle Cinq")
    shown = {
        "synthese.md": markdown,
        "synthese.html": (report / "synthese-anonyme.html").read_text(encoding="utf-8"),
        "synthese.docx": "\n".join(
            cell.text
            for table in docx.Document(str(report / "synthese-anonyme.docx")).tables
            for row in table.rows
            for cell in row.cells
        ),
        **{
            p.name: p.read_text(encoding="utf-8")
            for p in (report / "figures-anonyme").glob("*.svg")
        },
    }
    # was the typology chapter's tables and figures, by the poles' names in cases.csv
    assert {f: n for f, text in shown.items() for n in named if n in text} == {}


@pytest.mark.slow  # figures, the Word documents
def test_the_figures_folder_holds_this_report_s_figures_only(
    invoke: Callable[..., Result], imported: Path
) -> None:
    _code(imported, "pole-a/directrice.txt", "deux appels à projets", "ECO.PUBLIC")
    _code(imported, "pole-b/membre.md", "on partage un grand bureau", "COOP.LIEU")
    assert invoke("report").exit_code == 0
    figures = imported / "outputs" / "report" / "figures"
    assert (figures / "eco-barres.png").is_file()
    with find_project(imported).open_store() as store:  # ECO coded nowhere now: no ECO figure
        for row in store.coding_rows(coders=["anne"]):
            if row.code.startswith("ECO"):
                store.delete_manual_coding(row.id, "anne")
    result = invoke("report")
    assert result.exit_code == 0, result.output
    # the earlier report's figure was left beside this one's (an anonymised report's folder
    # kept the drawings of the named one before it, with the poles' names)
    assert not (figures / "eco-barres.png").exists()
    drawn = sorted(p.name for p in figures.iterdir())
    assert drawn == sorted(
        f"{stem}.{kind}"
        # the annex's, and the restitution's poles compared axis by axis
        for stem in (
            "cooccurrences",
            "coop-barres",
            "coop-carte",
            "vue-ensemble",
            "restitution-axes",
        )
        for kind in ("png", "svg")
    )
    assert f"{len(drawn)} figure files in {figures}" in result.output
