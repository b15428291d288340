"""Odd but valid projects found by fuzzing the output side (report, matrix, compare, network,
exports): each gave a traceback, no output or a wrong file; each now gives a correct output."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from click.testing import CliRunner, Result
from markdown_it import MarkdownIt

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from tests.test_bad_input_cli import refused
from tests.test_compare_cli import LAYOUT, build
from tests.test_network_cli import network_study, segment_of

Invoke = Callable[..., Result]
DATA = Path(__file__).parent / "data"


def rename_case(corpus: Path, old: str, new: str) -> None:
    """The case folder ``old`` renamed ``new``, and its rows in the corpus's tables."""
    (corpus / old).rename(corpus / new)
    for table in ("cases.csv", "documents.csv", "members.csv"):
        path = corpus / table
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        for row in rows[1:]:
            if row[0] == old or row[0].startswith(old + "/"):
                row[0] = new + row[0][len(old) :]
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)


def csv_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


# 1. outputs/compare/*.csv: a pole named like a formula


def test_compare_tables_escape_a_pole_named_like_a_formula(
    invoke: Invoke, tmp_project: Path
) -> None:
    rename_case(tmp_project / "corpus", "pole-a", "=SUM(A1)")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    spans = {"=SUM(A1)/directrice.txt": "Oui, nous avons", "pole-b/membre.md": "Non, il n'y a"}
    with find_project(tmp_project).open_store() as store:
        store.add_codings(
            [
                Coding(name, *segment_of(store.document(name).text, words), "COOP.LIEU", "anne")
                for name, words in spans.items()
            ]
        )
    # a condition the two poles share is refused (it sets no pole apart): one that differs
    result = invoke(
        "compare", "qca", "--outcome", "laureat", "--conditions", "region=Bretagne", "--cases",
        "=SUM(A1),pole-b",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # a comparison of chosen poles has its own folder, named after them (s38 M)
    (table,) = (tmp_project / "outputs").glob("compare-cases-*/qca-truth-table.csv")
    cells = csv_cells(table)
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))], cells
    assert "'=SUM(A1)" in cells


# 1b. compare qca: a pole where nothing is coded is not a pole without the codes


def test_qca_refuses_a_pole_where_nothing_is_coded(invoke: Invoke, imported: Path) -> None:
    document = "pole-a/directrice.txt"
    with find_project(imported).open_store() as store:
        span = segment_of(store.document(document).text, "Oui, nous avons")
        store.add_codings([Coding(document, *span, "COOP.LIEU", "anne")])
    refused(
        invoke("compare", "qca", "--outcome", "laureat", "--conditions", "COOP"),
        "Pole(s) with nothing coded left out: pole-b (1 interview, no accepted coding yet)",
        "a truth table needs at least 2 poles where something is coded (here 1): nothing is "
        "coded in pole-b, every code would read as absent there",
    )  # was a truth table where pole-b lacks COOP
    assert not (imported / "outputs" / "compare" / "qca-truth-table.csv").exists()
    attributes_only = invoke(
        "compare", "qca", "--outcome", "laureat", "--conditions", "region=Bretagne"
    )
    assert attributes_only.exit_code == 0, attributes_only.output
    coded_only = invoke(
        "compare", "qca", "--outcome", "laureat", "--conditions", "COOP", "--cases", "pole-a"
    )  # refused, but for its single pole, not for pole-b left out
    assert "nothing is coded" not in coded_only.output
    assert "a truth table compares poles: it needs at least 2 (here 1)" in coded_only.output


# 1c. compare typology: poles that share every code


def test_jaccard_typology_of_poles_with_the_same_codes_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "study"
    runner = CliRunner()
    build(root, runner, {pole: (2, 0, 0) for pole in list(LAYOUT)[:4]})
    result = runner.invoke(
        cli, ["compare", "typology", "--method", "jaccard", "--project", str(root)]
    )
    refused(
        result,
        "every pole has the same codes (all distances 0): nothing sets the poles apart",
        "compare them at a deeper --level",
    )  # was an IndexError traceback (heights[n - k] with a single type)
    assert not (root / "outputs" / "compare" / "typology.csv").exists()


# 2. figures named after a pole whose name nears the file system's 255 bytes


def network_project(tmp_path: Path, runner: CliRunner, case: str) -> Path:
    """The network test project (tests/data/network) with its pole named ``case``, and two
    cooperation codings."""
    root = network_study(tmp_path / "study")
    rename_case(root / "corpus", "pole-n", case)
    result = runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)])
    assert result.exit_code == 0, result.output
    scop = f"{case}/entretien-scop.txt"
    with find_project(root).open_store() as store:
        text = store.document(scop).text
        store.add_codings(
            [
                Coding(scop, *segment_of(text, "Nous partageons"), "COOP.LIEU", "anne"),
                Coding(scop, *segment_of(text, "achetons"), "COOP.ACHATS", "anne"),
            ]
        )
    return root


@pytest.mark.slow  # the French spaCy model (member aliases), figures
def test_network_figure_of_a_pole_with_a_very_long_name(tmp_path: Path) -> None:
    runner = CliRunner()
    long_name = "Pôle " + "é" * 120  # 246 bytes in UTF-8: a valid folder name
    root = network_project(tmp_path, runner, long_name)
    result = runner.invoke(cli, ["network", "--no-candidates", "--project", str(root)])
    assert result.exit_code == 0, result.output
    figures = sorted((root / "outputs" / "network" / "figures").iterdir())
    assert [path.suffix for path in figures] == [".png", ".svg"]
    assert all(path.name.startswith("reseau-Pôle éééé") for path in figures)
    assert all(len(path.name.encode("utf-8")) <= 200 for path in figures)


@pytest.mark.slow  # the French spaCy model (member aliases), figures
def test_markdown_report_links_the_figure_of_a_pole_named_with_spaces(tmp_path: Path) -> None:
    runner = CliRunner()
    root = network_project(tmp_path, runner, "Pôle (Nord) n°2")
    result = runner.invoke(cli, ["report", "--project", str(root)])
    assert result.exit_code == 0, result.output
    report = root / "outputs" / "report"
    tokens = MarkdownIt("commonmark").parse((report / "synthese.md").read_text(encoding="utf-8"))
    images = [
        unquote(str(child.attrs["src"]))
        for token in tokens
        for child in token.children or []
        if child.type == "image"
    ]
    assert "figures/reseau-Pôle (Nord) n°2.png" in images  # was a broken link, left as text
    assert all((report / image).is_file() for image in images)


# 3. a pole with nothing coded: out of the CA and the typology, and out of their bases


@pytest.mark.slow  # matplotlib figures
def test_a_pole_with_nothing_coded_is_not_counted_in_the_comparison(tmp_path: Path) -> None:
    root = tmp_path / "study"
    runner = CliRunner()
    build(root, runner, {**LAYOUT, "pole-5": (0, 0, 0)})
    result = runner.invoke(cli, ["compare", "ca", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "Pole(s) with nothing coded left out: pole-5" in result.output
    svg = (root / "outputs" / "compare" / "figures" / "afc.svg").read_text(encoding="utf-8")
    assert "Base : 4 pôles, 4 entretiens." in svg  # was « 5 pôles, 5 entretiens »
    result = runner.invoke(cli, ["compare", "typology", "--project", str(root)])
    assert result.exit_code == 0, result.output
    svg = (root / "outputs" / "compare" / "figures" / "dendrogramme.svg").read_text(
        encoding="utf-8"
    )
    assert "Base : 4 pôles, 4 entretiens." in svg
    result = runner.invoke(cli, ["report", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "Typology of the poles: a chapter on 4 poles" in result.output
    report = root / "outputs" / "report"
    markdown = (report / "synthese.md").read_text(encoding="utf-8")
    chapter = markdown[markdown.index("## Typologie des pôles") :]
    assert "Comparaison des 4 pôles à partir de leurs 4 entretiens" in chapter
    assert "- Avec 4 pôles, ces analyses décrivent" in chapter
    assert (
        "- Pôle sans aucun segment codé, laissé hors de l'analyse des correspondances et de la "
        "typologie (un pôle pas encore codé n'est pas un pôle sans les codes) : Pôle Cinq."
        in chapter
    )
    assert "(4 pôles, 4 entretiens)" in chapter
    assert "5 pôles" not in chapter
    svg = (report / "figures" / "typologie-dendrogramme.svg").read_text(encoding="utf-8")
    assert "Base : 4 pôles, 4 entretiens." in svg


# 4. synthese.md: transcript text and labels with Markdown's own characters


@pytest.mark.slow  # the report's figures
def test_markdown_report_shows_asterisks_brackets_and_underscores_as_they_are(
    invoke: Invoke, tmp_project: Path
) -> None:
    transcript = tmp_project / "corpus" / "pole-a" / "directrice.txt"
    said = "Oui, nous avons **vraiment** des locaux _partagés_ [voir](http://x) depuis 2012."
    text = transcript.read_text(encoding="utf-8")
    transcript.write_text(
        text.replace("Oui, nous avons des locaux partagés depuis 2012.", said), encoding="utf-8"
    )
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    book = codebook.read_text(encoding="utf-8")
    codebook.write_text(
        book.replace("label: Mutualisation de locaux", "label: Locaux*bureaux*ateliers"),
        encoding="utf-8",
    )
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    document = "pole-a/directrice.txt"
    with find_project(tmp_project).open_store() as store:
        start = store.document(document).text.index(said)
        store.add_codings([Coding(document, start, start + len(said), "COOP.LIEU", "anne")])
    result = invoke("report")
    assert result.exit_code == 0, result.output
    markdown = (tmp_project / "outputs" / "report" / "synthese.md").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    assert "**vraiment** des locaux _partagés_ [voir](http://x)" in rendered
    assert '<a href="http://x"' not in rendered
    assert "Locaux*bureaux*ateliers" in rendered  # was « Locaux<em>bureaux</em>ateliers »


# 5. an interview with only the interviewer's turns (speaker labels not recognised, a guide)


@pytest.mark.slow  # the report's figures
def test_report_counts_only_interviews_it_can_read(invoke: Invoke, tmp_project: Path) -> None:
    folder = tmp_project / "corpus" / "pole-c"
    folder.mkdir()
    (folder / "guide.txt").write_text(
        "Enquêtrice : Pouvez-vous vous présenter ?\n\nEnquêtrice : Et les locaux ?\n",
        encoding="utf-8",
    )
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    document = "pole-a/directrice.txt"
    with find_project(tmp_project).open_store() as store:
        span = segment_of(store.document(document).text, "Oui, nous avons")
        store.add_codings([Coding(document, *span, "COOP.LIEU", "anne")])
    result = invoke("report")
    assert result.exit_code == 0, result.output
    assert "Report: 2 poles, 2 interviews" in result.output  # was « 2 poles, 3 interviews »
    markdown = (tmp_project / "outputs" / "report" / "synthese.md").read_text(encoding="utf-8")
    figures = markdown[markdown.index("## Chiffres clés") :].splitlines()[4]
    assert figures.startswith("| 2 | 2 | "), figures


# 6. matrices.xlsx: two axes whose ids share their first 31 characters


@pytest.mark.slow  # the report's figures
def test_workbook_sheet_names_stay_within_excel_limits(invoke: Invoke, tmp_project: Path) -> None:
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    long_ids = ("GOUVERNANCE_PARTAGEE_ET_DEMOCRATIQUE_A", "GOUVERNANCE_PARTAGEE_ET_DEMOCRATIQUE_B")
    with codebook.open("a", encoding="utf-8") as handle:
        for code in long_ids:
            handle.write(f"  - id: {code}\n    label: Gouvernance {code[-1]}\n")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    document = "pole-a/directrice.txt"
    with find_project(tmp_project).open_store() as store:
        span = segment_of(store.document(document).text, "Oui, nous avons")
        store.add_codings([Coding(document, *span, code, "anne") for code in long_ids])
    result = invoke("report")
    assert result.exit_code == 0, result.output
    names = openpyxl.load_workbook(tmp_project / "outputs" / "report" / "matrices.xlsx").sheetnames
    assert all(len(name) <= 31 for name in names), names  # was a 32-character name
    assert "GOUVERNANCE_PARTAGEE_ET_DEMOCRA" in names
    assert "GOUVERNANCE_PARTAGEE_ET_DEMOC~2" in names


# 7. two poles given the same name in cases.csv


@pytest.mark.slow  # the report's figures
def test_report_with_two_poles_of_one_name(invoke: Invoke, tmp_project: Path) -> None:
    (tmp_project / "corpus" / "cases.csv").write_text(
        "case,nom,laureat\npole-a,Pôle du Val,2013\npole-b,Pôle du Val,non\n", encoding="utf-8"
    )
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    result = invoke("report")
    assert result.exit_code == 0, result.output  # was an AttributeError traceback
    markdown = (tmp_project / "outputs" / "report" / "synthese.md").read_text(encoding="utf-8")
    assert "| Pôle du Val (pole-a) | 2013 |" in markdown
    assert "| Pôle du Val (pole-b) | non |" in markdown


@pytest.mark.slow  # the report's figures
def test_the_report_says_why_a_comparison_was_not_made_in_french(tmp_path: Path) -> None:
    """The report is in French; the reason a typology was not computed came from the command
    line's English error (« Typologie non calculée : every pole has the same codes… »)."""
    root = tmp_path / "study"
    runner = CliRunner()
    build(root, runner, {pole: (2, 0, 0) for pole in list(LAYOUT)[:4]})
    settings = root / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("  typology: ward ", "  typology: jaccard "), encoding="utf-8")
    result = runner.invoke(cli, ["report", "--project", str(root)])
    assert result.exit_code == 0, result.output
    markdown = (root / "outputs" / "report" / "synthese.md").read_text(encoding="utf-8")
    chapter = " ".join(markdown[markdown.index("## Typologie des pôles") :].split())
    assert (
        "Typologie non calculée : tous les pôles ont les mêmes codes (distances nulles) : rien "
        "ne les distingue." in chapter
    )
    assert "every pole" not in markdown


@pytest.mark.slow  # the report's figures
def test_a_report_with_nothing_coded_does_not_claim_suggestions(
    invoke: Invoke, tmp_project: Path
) -> None:
    """Before `code`, the cover said « Ce document inclut des suggestions automatiques non
    relues » and rested on « les suggestions automatiques », of which there were none."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    result = invoke("report")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Nothing is coded yet, not even by the rules" in said
    assert "suggestions included" not in said
    report = tmp_project / "outputs" / "report"
    for name in ("synthese.md", "synthese.html", "restitution.html"):
        text = " ".join((report / name).read_text(encoding="utf-8").split())
        # in the report's plain words (s36 E)
        assert "des entretiens encore sans aucun codage, ni humain ni automatique" in text
        assert "suggestions automatiques non relues" not in text


# 10. five coders named by their e-mail addresses: output file names too long to write


def test_outputs_of_coders_with_long_names_are_written(invoke: Invoke, imported: Path) -> None:
    coders = [f"chercheuse.numero{n}@universite-de-bretagne-occidentale.fr" for n in range(5)]
    document = "pole-a/directrice.txt"
    with find_project(imported).open_store() as store:
        span = segment_of(store.document(document).text, "Oui, nous avons")
        store.add_codings([Coding(document, *span, "COOP", coder) for coder in coders])
    twin = [*coders[:4], coders[4].replace("numero4", "numero5")]
    with find_project(imported).open_store() as store:
        store.add_codings([Coding(document, *span, "COOP", twin[4])])
    written = []
    for selection in (coders, twin):
        result = invoke("matrix", "--coders", ",".join(selection), "--format", "csv")
        assert result.exit_code == 0, result.output  # was « File name too long »
        written.append({p.name for p in (imported / "outputs" / "matrices").iterdir()})
    first, both = written
    assert len(first) == 2 and len(both) == 4  # two selections, two pairs of files
    assert all(len(name.encode("utf-8")) <= 200 for name in both), both
    assert all(name.startswith("case-x-code-count-coders-chercheuse-numero0") for name in both)
