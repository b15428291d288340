"""`ptce-coding compare` and the report's « Typologie des pôles » on a five-pole project whose
codings are laid out so that the answer is known: poles 1–2 talk about shared premises
(COOP.LIEU), poles 3–5 about public funding (ECO.PUBLIC)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli

DATA = Path(__file__).parent / "data"
PARAGRAPHS = 6
# pole → segments coded (COOP.LIEU, COOP.ACHATS, ECO.PUBLIC)
LAYOUT = {
    "pole-1": (4, 0, 1),
    "pole-2": (4, 1, 1),
    "pole-3": (1, 0, 4),
    "pole-4": (0, 1, 4),
    "pole-5": (1, 1, 4),
}
CASES = """case,nom,gouvernance,laureat
pole-1,Pôle Un,monocentrique,2013
pole-2,Pôle Deux,monocentrique,2015
pole-3,Pôle Trois,polycentrique,non
pole-4,Pôle Quatre,polycentrique,non
pole-5,Pôle Cinq,multipolaire,2014
"""
COMPARE = """
compare:
  level: 2
  qca:
    outcome: laureat
    conditions: [COOP.LIEU, ECO.PUBLIC]
    min_segments: 2
"""


def set_compare(root: Path, block: str) -> None:
    """The project's `compare:` setting replaced by ``block`` (a key given twice is refused)."""
    path = root / "project.yaml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    settings.update(yaml.safe_load(block))
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")


def build(root: Path, runner: CliRunner, layout: dict[str, tuple[int, int, int]]) -> None:
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    shutil.copyfile(DATA / "codebook.yaml", root / "codebooks" / "ptce.yaml")
    shutil.rmtree(root / "corpus")
    for pole in layout:
        folder = root / "corpus" / pole
        folder.mkdir(parents=True)
        turns = "\n\n".join(
            f"Enquêtrice : Question {i} ?\n\nMarie : Réponse {i} du {pole}." for i in range(6)
        )
        (folder / "entretien.txt").write_text(turns + "\n", encoding="utf-8")
    lines = CASES.splitlines()
    (root / "corpus" / "cases.csv").write_text(
        "\n".join(lines[:1] + [line for line in lines[1:] if line.split(",")[0] in layout]) + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)])
    assert result.exit_code == 0, result.output
    codings = []
    with find_project(root).open_store() as store:
        for pole, counts in layout.items():
            document = f"{pole}/entretien.txt"
            text = store.document(document).text
            answers = [text.index(f"Réponse {i} ") for i in range(PARAGRAPHS)]
            spans = [(start, text.index("\n", start)) for start in answers]
            for code, count in zip(("COOP.LIEU", "COOP.ACHATS", "ECO.PUBLIC"), counts, strict=True):
                codings += [Coding(document, *span, code, "anne") for span in spans[:count]]
        store.add_codings(codings)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("compare") / "study"
    build(root, CliRunner(), LAYOUT)
    set_compare(root, COMPARE)
    return root


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def invoke(project: Path, *args: str):
    return CliRunner().invoke(cli, [*args, "--project", str(project)])


@pytest.mark.slow  # matplotlib figures
def test_ca_prints_inertia_and_writes_tables_and_figures(project: Path) -> None:
    result = invoke(project, "compare", "ca", "--format", "json")
    assert result.exit_code == 0, result.output
    axes = json.loads(result.stdout)
    assert [a["axis"] for a in axes] == [1, 2]  # 3 codes used: two axes at most
    assert sum(a["percent"] for a in axes) == pytest.approx(100)
    assert axes[0]["percent"] > 80  # premises against funding: one main opposition
    assert "5 poles, 5 interviews; codings: accepted" in result.stderr
    assert "Only 5 poles: the results describe these poles" in result.stderr
    folder = project / "outputs" / "compare"
    assert (folder / "figures" / "afc.png").stat().st_size > 0
    svg = (folder / "figures" / "afc.svg").read_text(encoding="utf-8")
    assert "Base : 5 pôles, 5 entretiens." in svg
    poles = read_rows(folder / "ca-poles.csv")
    sides = {row["case"]: float(row["coord_1"]) > 0 for row in poles}
    assert sides["pole-1"] == sides["pole-2"] != sides["pole-3"] == sides["pole-4"]


@pytest.mark.slow  # matplotlib figures
def test_ca_of_codes_counts_interviews_with_the_unit(project: Path) -> None:
    result = invoke(
        project,
        "compare",
        "ca",
        "--show",
        "codes",
        "--unit",
        "interviews",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    # interviews where a code appears: COOP.LIEU in 4, COOP.ACHATS in 3, ECO.PUBLIC in 5
    assert float(rows["COOP.LIEU"]["mass"]) == pytest.approx(4 / 12)
    assert set(rows) == {
        "COOP.LIEU",
        "COOP.ACHATS",
        "ECO.PUBLIC",
    }  # axes never coded: out


@pytest.mark.slow  # matplotlib figures
def test_typology_finds_the_two_groups_and_describes_them(project: Path) -> None:
    result = invoke(project, "compare", "typology", "--format", "csv")
    assert result.exit_code == 0, result.output
    types = {r["case"]: r["type"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert types["pole-1"] == types["pole-2"] != types["pole-3"]
    assert types["pole-3"] == types["pole-4"] == types["pole-5"]
    assert "2 types (the largest jump" in result.stderr
    folder = project / "outputs" / "compare"
    codes = read_rows(folder / "typology-codes.csv")
    first = [r for r in codes if r["type"] == types["pole-1"]]
    assert first[0]["code"] == "COOP.LIEU"  # the premises type: shared premises first
    # mean share of COOP.LIEU: type (4 + 4) / 2 of 6 segments = 66.7 %, all poles 33.3 %
    assert float(first[0]["mean_type"]) == pytest.approx(66.7, abs=0.1)
    assert float(first[0]["mean_all"]) == pytest.approx(33.3, abs=0.1)
    attributes = read_rows(folder / "typology-attributes.csv")
    expected = {
        "type": types["pole-1"],
        "attribute": "gouvernance",
        "value": "monocentrique",
        "in_type": "2",
        "type_size": "2",
        "overall": "2",
        "poles": "5",
    }
    assert expected in attributes
    svg = (folder / "figures" / "dendrogramme.svg").read_text(encoding="utf-8")
    assert "Pôle Un — type 1" in svg and "Base : 5 pôles, 5 entretiens." in svg


@pytest.mark.slow  # matplotlib figures
def test_typology_with_jaccard_and_a_number_of_types(project: Path) -> None:
    result = invoke(project, "compare", "typology", "--method", "jaccard", "--types", "3")
    assert result.exit_code == 0, result.output
    assert "3 types (--types" in result.stderr
    result = invoke(project, "compare", "typology", "--types", "5")
    assert result.exit_code == 1
    assert "--types must be between 2 and 4 for 5 poles" in result.output


def test_qca_truth_table_contradiction_and_solutions(project: Path) -> None:
    result = invoke(project, "compare", "qca", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["row"]: r for r in json.loads(result.stdout)}
    # COOP.LIEU in ≥ 2 segments, ECO.PUBLIC in ≥ 2: poles 1-2 → row 3 (10); poles 3-5 → row 2
    assert rows[3]["OUT"] == "1" and rows[3]["cases"] == "pole-1,pole-2"
    assert rows[2]["OUT"] == "C"  # pole 5 is a laureate, poles 3 and 4 are not
    assert rows[2]["consistency"] == pytest.approx(1 / 3)
    assert "1 contradictory; 2 remainder(s)" in result.stderr
    assert "complex: COOP.LIEU*~ECO.PUBLIC -> laureat (consistency 1.000, coverage 0.667)" in (
        result.stderr
    )
    solutions = (project / "outputs" / "compare" / "qca-solutions.csv").read_text("utf-8")
    assert "parsimonious" in solutions


def test_qca_options_override_the_settings(project: Path) -> None:
    result = invoke(
        project,
        "compare",
        "qca",
        "--outcome",
        "~laureat",
        "--conditions",
        "gouvernance=polycentrique",
        "--show",
        "solutions",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    terms = list(csv.DictReader(io.StringIO(result.stdout)))
    assert terms[0]["term"] == "gouvernance=polycentrique"
    assert terms[0]["cases"] == "pole-3,pole-4"
    assert float(terms[0]["raw_coverage"]) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--conditions", "NOPE"],
            "'NOPE' is neither a code of the codebook nor a case attribute",
        ),
        (
            ["--conditions", "COOP.LIEU,laureat"],
            "laureat cannot be both the outcome and a",
        ),
        (
            ["--outcome", "gouvernance=x", "--conditions", "COOP.LIEU", "--cut", "0"],
            "--cut",
        ),
    ],
)
def test_qca_bad_requests_are_refused_plainly(project: Path, args: list[str], message: str):
    result = invoke(project, "compare", "qca", *args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow  # matplotlib figures
def test_report_has_the_typology_chapter(project: Path) -> None:
    result = invoke(project, "report")
    assert result.exit_code == 0, result.output
    folder = project / "outputs" / "report"
    markdown = (folder / "synthese.md").read_text(encoding="utf-8")
    chapter = markdown[markdown.index("## Typologie des pôles") : markdown.index("## Méthode")]
    assert "Comparaison des 5 pôles à partir de leurs 5 entretiens" in chapter
    for method in (
        "Analyse factorielle des correspondances (AFC)",
        "Classification des pôles",
        "Table de vérité (AQQC, csQCA)",
    ):
        assert f"**{method}** :" in chapter
    assert "Avec 5 pôles, ces analyses décrivent les pôles étudiés" in chapter
    assert "| Pôle Un | 1 | monocentrique |" in chapter
    assert "`C1*~C2 conduit à R`" in chapter  # C1 COOP.LIEU, C2 ECO.PUBLIC, R laureat
    assert "Lignes contradictoires (écartées de la minimisation) : ligne 2 (Pôle Trois, " in chapter
    for name in ("typologie-afc", "typologie-dendrogramme"):
        assert (folder / "figures" / f"{name}.png").is_file()
        assert (folder / "figures" / f"{name}.svg").is_file()
    html = (folder / "synthese.html").read_text(encoding="utf-8")
    assert "<h2>Typologie des pôles</h2>" in html and "C1*~C2 conduit à R" in html
    from docx import Document

    headings = [p.text for p in Document(str(folder / "synthese.docx")).paragraphs]
    assert "Typologie des pôles" in headings and "Table de vérité" in headings


@pytest.mark.slow  # matplotlib figures
def test_fewer_than_four_poles_no_typology_and_no_chapter(tmp_path: Path) -> None:
    runner = CliRunner()
    root = tmp_path / "small"
    build(root, runner, {p: LAYOUT[p] for p in ("pole-1", "pole-3", "pole-4")})
    result = invoke(root, "compare", "typology")
    assert result.exit_code == 1
    assert "a typology needs at least 4 poles with coded segments (here 3)" in result.output
    assert invoke(root, "compare", "ca").exit_code == 0  # a map of 3 poles is still drawn
    result = invoke(root, "report")
    assert result.exit_code == 0, result.output
    assert (
        "Typology of the poles: no chapter (3 poles; it needs at least 4 poles with something "
        "coded)" in result.stderr
    )
    markdown = (root / "outputs" / "report" / "synthese.md").read_text(encoding="utf-8")
    assert "Typologie des pôles" not in markdown


def test_compare_settings_are_checked(tmp_path: Path) -> None:
    runner = CliRunner()
    root = tmp_path / "bad"
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    set_compare(root, "compare:\n  qca:\n    outcome: laureat\n")
    result = invoke(root, "compare", "ca")
    assert result.exit_code == 1
    assert "`compare.qca` needs both an outcome and a list of conditions" in result.output


def test_every_compare_command_has_an_example() -> None:
    for command in ("ca", "typology", "qca"):
        result = CliRunner().invoke(cli, ["compare", command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output


@pytest.mark.slow  # the French spaCy model (run codes with the rules)
def test_run_writes_the_chapter_from_four_poles(tmp_path: Path) -> None:
    root = tmp_path / "four"
    build(
        root,
        CliRunner(),
        {p: LAYOUT[p] for p in ("pole-1", "pole-2", "pole-3", "pole-4")},
    )
    result = invoke(root, "run")
    assert result.exit_code == 0, result.output
    assert "Typology of the poles: a chapter on 4 poles" in result.stderr
    markdown = (root / "outputs" / "report" / "synthese.md").read_text(encoding="utf-8")
    assert "## Typologie des pôles" in markdown
    assert "Comparaison des 4 pôles à partir de leurs 4 entretiens" in markdown
    assert (root / "outputs" / "report" / "figures" / "typologie-dendrogramme.svg").is_file()


@pytest.mark.slow  # pseudonymise reads the texts with the French spaCy model
def test_anonymised_report_keeps_the_chapter_with_pseudonymised_attributes(
    project: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    (copy / "private").mkdir()
    (copy / "private" / "names.csv").write_text(
        "name,kind,pseudonym\nMarie,person,Directrice\nPôle Un,organisation,Pôle A\n",
        encoding="utf-8",
    )
    review = copy / "private" / "revue.xlsx"
    for args in (["--review", str(review), "--no-model"], ["--apply", str(review)]):
        result = invoke(copy, "pseudonymise", *args)
        assert result.exit_code == 0, result.output
    result = invoke(copy, "report", "--anonymise")
    assert result.exit_code == 0, result.output
    markdown = (copy / "outputs" / "report" / "synthese-anonyme.md").read_text(encoding="utf-8")
    chapter = markdown[markdown.index("## Typologie des pôles") : markdown.index("## Méthode")]
    assert "| Pôle A | 1 | monocentrique |" in chapter
    assert "Pôle Un" not in chapter


GOVERNANCE = """  - id: GOUV
    label: Gouvernance
    definition: Comment le pôle est gouverné.
    children:
      - id: GOUV.CONFIGURATION
        label: Configuration
        definition: La place des membres dans le pôle.
        children:
          - id: GOUV.CONFIGURATION.MONOCENTRIQUE
            label: Configuration monocentrique
            definition: Une structure au centre.
"""


@pytest.mark.slow  # matplotlib figures
def test_typology_table_sets_the_governance_coded_beside_the_types(
    tmp_path: Path,
) -> None:
    root = tmp_path / "governance"
    build(root, CliRunner(), LAYOUT)
    codebook = root / "codebooks" / "ptce.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8") + GOVERNANCE, encoding="utf-8")
    with find_project(root).open_store() as store:
        text = store.document("pole-1/entretien.txt").text
        start = text.index("Réponse 5 ")
        store.add_codings(
            [
                Coding(
                    "pole-1/entretien.txt",
                    start,
                    text.index("\n", start),
                    "GOUV.CONFIGURATION.MONOCENTRIQUE",
                    "anne",
                )
            ]
        )
    result = invoke(root, "report")
    assert result.exit_code == 0, result.output
    markdown = (root / "outputs" / "report" / "synthese.md").read_text(encoding="utf-8")
    assert "| pôle | type | gouvernance (attribut) | monocentrique (segments codés) |" in markdown
    assert re.search(r"\| Pôle Un \| \d \| monocentrique \| 1 \|", markdown)
    assert re.search(r"\| Pôle Trois \| \d \| polycentrique \| 0 \|", markdown)
