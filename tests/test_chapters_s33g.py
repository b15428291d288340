"""The network and pole-comparison chapters when coding is under way and the inputs are odd:
a pole nobody has coded yet reads « non codé », never « indéterminé » nor « 0 lien »; a pole
whose members are not listed is said so; the typology chapter needs 4 poles with something
coded; poles are named as the report names them, in its order; a members alias made of
common words is refused; a missing attribute value in a truth table is said, not a traceback;
a value nobody knows (« NA ») describes no type."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from tests.test_compare_cli import COMPARE, LAYOUT, build, set_compare
from tests.test_network_cli import network_study, segment_of

pytestmark = pytest.mark.slow  # the French spaCy model, the report's figures


def _invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--project", str(root)])


def _read(path: Path) -> str:
    """A report file's text, its no-break spaces (before « : », inside « ») as spaces."""
    return path.read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return {row["case"]: row for row in csv.DictReader(handle)}


def _cases(root: Path, rows: dict[str, str]) -> None:
    """cases.csv with its ``laureat`` or ``gouvernance`` replaced for some poles, imported."""
    path = root / "corpus" / "cases.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(rows.get(line.split(",")[0], line) for line in lines) + "\n")
    result = _invoke(root, "import", str(root / "corpus"))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def network_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pole-n coded (its network is read), pole-m with members but nobody has coded it yet,
    pole-x coded but no member of it listed in members.csv."""
    root = network_study(tmp_path_factory.mktemp("network") / "study")
    scop = (root / "corpus" / "pole-n" / "entretien-scop.txt").read_text(encoding="utf-8")
    (root / "corpus" / "pole-m").mkdir()
    (root / "corpus" / "pole-m" / "entretien.txt").write_text(
        scop.replace("Marie Dupont", "Luc Petit").replace("au quotidien", "chaque jour"),
        encoding="utf-8",
    )
    (root / "corpus" / "pole-x").mkdir()
    (root / "corpus" / "pole-x" / "entretien.txt").write_text(
        "Enquêteur : Avec qui ?\n\nJeanne Roy : Avec la Fonderie, nous partageons un local.\n",
        encoding="utf-8",
    )
    with (root / "corpus" / "members.csv").open("a", encoding="utf-8") as members:
        members.write("pole-m,SCOP du Val,SCOP,first,la SCOP\n")
        members.write("pole-m,Menuiserie Verte,entreprise hors ESS,first,\n")
        members.write("pole-m,Atelier du Bourg,association,second,\n")
    with (root / "corpus" / "cases.csv").open("a", encoding="utf-8") as cases:
        cases.write("pole-m,Pôle M,monocentrique\npole-x,Pôle X,polycentrique\n")
    result = _invoke(root, "import", str(root / "corpus"))
    assert result.exit_code == 0, result.output
    wanted = [
        ("pole-n/entretien-scop.txt", "Nous partageons"),
        ("pole-n/entretien-scop.txt", "achetons"),
        ("pole-n/entretien-asso.txt", "apprentis"),
        ("pole-x/entretien.txt", "Fonderie"),
    ]
    with find_project(root).open_store() as store:
        codings = []
        for document, words in wanted:
            text = store.document(document).text
            codings.append(Coding(document, *segment_of(text, words), "COOP.LIEU", "anne"))
        store.add_codings(codings)
    return root


def test_a_pole_nobody_coded_reads_not_coded_and_an_unlisted_one_is_said(
    network_project: Path,
) -> None:
    """pole-m read « indéterminé » (« trop peu de membres ou de liens »), « 0 » ties, a
    density and centralisations of 0 and a drawing, as a pole whose members never work
    together; pole-x, whose members are not listed, was left out without a word."""
    result = _invoke(network_project, "network", "--no-candidates")
    assert result.exit_code == 0, result.output
    folder = network_project / "outputs" / "network"
    measures = _rows(folder / "measures.csv")
    assert measures["pole-m"]["reading"] == "non codé"
    assert measures["pole-m"]["coordination"] == "non lue"
    assert measures["pole-m"]["members_named"] == "2"  # found in its text, coded or not
    for column in ("ties", "density", "degree_centralisation", "components"):
        assert measures["pole-m"][column] == "", column
    assert measures["pole-m"]["codes_monocentrique"] == ""  # not known yet, not « 0 »
    assert measures["pole-x"]["reading"] == "membres non listés"
    assert measures["pole-n"]["reading"] == "multipolaire"
    assert measures["pole-n"]["ties"] == "4"  # a count, not « 4.0 »
    assert not list((folder / "figures").glob("reseau-pole-m.*"))
    result = _invoke(network_project, "report")
    assert result.exit_code == 0, result.output
    markdown = _read(network_project / "outputs" / "report" / "synthese.md")
    chapter = markdown[markdown.index("## Réseaux de coopération") :]
    assert "| Pôle M | 2 | non codé | — | — |" in chapter
    assert "| Pôle M | non codé | non lue | monocentrique | — | — | — | — | — |" in chapter
    assert "| Pôle X | 0 | membres non listés | — |" in chapter
    assert "Lecture : **non codé**, coordination non lue (aucun entretien du pôle" in chapter
    assert "indéterminé" not in chapter
    assert "| Pôle N | 5 | 4 | 0,40 |" in chapter  # « 4 » liens, not « 4,00 »
    restitution = _read(network_project / "outputs" / "report" / "restitution.html")
    assert "<b>Pôle M</b> : non codé, coordination non lue" in restitution
    figures = network_project / "outputs" / "report" / "figures"
    assert (figures / "reseau-pole-n.png").is_file()
    assert not list(figures.glob("reseau-pole-m.*"))
    document = docx.Document(str(network_project / "outputs" / "report" / "synthese.docx"))
    rows = {
        row.cells[0].text: [cell.text for cell in row.cells]
        for table in document.tables
        if table.cell(0, 1).text == "lecture du réseau"
        for row in table.rows
    }
    assert rows["Pôle M"][1:3] == ["non codé", "non lue"]
    assert rows["Pôle M"][4:] == ["—", "—"]  # its governance segments: not known yet
    assert rows["Pôle N"][4:] == ["0", "0"]  # counts, not « 0,00 » beside an empty one


def test_an_alias_made_of_common_words_is_refused(network_project: Path, tmp_path: Path) -> None:
    """« la » named the Menuiserie Verte in every segment (its lemma is « le »: « le », « la »,
    « les », « l' »): it became the pole's hub, and the reading « monocentrique »."""
    members = network_project / "corpus" / "members.csv"
    original = members.read_text(encoding="utf-8")
    try:
        members.write_text(
            original.replace(
                "pole-n,Menuiserie Verte,entreprise hors ESS,first,\n",
                "pole-n,Menuiserie Verte,entreprise hors ESS,first,la\n",
            ),
            encoding="utf-8",
        )
        result = _invoke(network_project, "network", "--no-candidates")
        assert result.exit_code == 1, result.output
        assert (
            "members.csv, line 3: the alias 'la' of 'Menuiserie Verte' is only common words"
            in result.output
        )
        assert "Traceback" not in result.output
        # one alias written with a typographic apostrophe and a straight one: one name
        members.write_text(
            original.replace(
                "pole-n,Atelier du Bourg,association,second,\n",
                "pole-n,Atelier du Bourg,association,second,l’Atelier\n",
            ).replace(
                "pole-n,Atelier d'Insertion,SIAE,second,AI\n",
                "pole-n,Atelier d'Insertion,SIAE,second,AI;l'atelier\n",
            ),
            encoding="utf-8",
        )
        result = _invoke(network_project, "network", "--no-candidates")
        assert result.exit_code == 1, result.output
        assert "the alias \"l'atelier\" is also given to 'Atelier du Bourg'" in result.output
    finally:
        members.write_text(original, encoding="utf-8")


@pytest.fixture()
def compare_project(tmp_path: Path) -> Path:
    root = tmp_path / "study"
    build(root, CliRunner(), LAYOUT)
    set_compare(root, COMPARE)
    return root


def test_no_typology_chapter_on_fewer_coded_poles_than_it_needs(tmp_path: Path) -> None:
    """3 of 5 poles not coded: the report wrote « Typologie des pôles » on 2 poles (a
    correspondence analysis of two, « Pas de typologie »), the terminal said « a chapter on
    2 poles », while the chapter needs 4."""
    root = tmp_path / "study"
    layout = LAYOUT | {"pole-3": (0, 0, 0), "pole-4": (0, 0, 0), "pole-5": (0, 0, 0)}
    build(root, CliRunner(), layout)
    set_compare(root, COMPARE)
    result = _invoke(root, "report")
    assert result.exit_code == 0, result.output
    assert "a chapter on 2 poles" not in result.output
    assert (  # the terminal says why, not « 5 poles; it needs at least 4 »
        "Typology of the poles: no chapter (5 poles, 2 with a coded interview; it needs at "
        "least 4 poles with something coded)" in result.output
    )
    markdown = _read(root / "outputs" / "report" / "synthese.md")
    assert "Typologie des pôles" not in markdown
    assert not list((root / "outputs" / "report" / "figures").glob("typologie-*"))


TWELVE = {f"pole-{i}": (i % 3 + 1, i % 2, (i + 1) % 3) for i in range(1, 12)} | {
    "pole-12": (0, 0, 0)  # nobody coded this one
}


def test_the_comparison_names_poles_as_the_report_does_and_in_its_order(
    tmp_path: Path,
) -> None:
    """The truth table's note said « rien n'est codé pour pole-12 » (the folder) in a report
    that calls it « Pôle 12 », and the terminal too; the correspondence analysis's table of
    poles came in text order (pole-10 between pole-1 and pole-2)."""
    root = tmp_path / "study"
    build(root, CliRunner(), TWELVE)
    set_compare(root, COMPARE)
    result = _invoke(root, "report")
    assert result.exit_code == 0, result.output
    assert (
        "Warning: Pôle 12 (pole-12) left out of the correspondence analysis and the typology: "
        "nothing is coded there yet" in result.output
    )
    markdown = _read(root / "outputs" / "report" / "synthese.md")
    chapter = markdown[markdown.index("## Typologie des pôles") :]
    assert "hors de l'analyse des correspondances et de la typologie (un pôle pas encore " in (
        chapter
    )
    assert "codé n'est pas un pôle sans les codes) : Pôle 12." in chapter
    assert "pole-12" not in chapter
    table = chapter[chapter.index("Les pôles sur les deux premiers axes") :]
    rows = [line.split("|")[1].strip() for line in table.splitlines()[4:15]]
    assert rows == ["Pôle Un", "Pôle Deux", "Pôle Trois", "Pôle Quatre", "Pôle Cinq"] + [
        f"Pôle {i}" for i in range(6, 12)
    ]


def test_a_missing_attribute_value_in_a_truth_table_is_said(compare_project: Path) -> None:
    """A pole without `gouvernance` in cases.csv, and `gouvernance=polycentrique` as a
    condition: « AttributeError: 'float' object has no attribute 'strip' », in `compare qca`
    and in `report`, whose whole run stopped."""
    _cases(compare_project, {"pole-3": "pole-3,Pôle Trois,,non"})
    result = _invoke(
        compare_project,
        "compare",
        "qca",
        "--outcome",
        "laureat",
        "--conditions",
        "gouvernance=polycentrique",
    )
    assert result.exit_code == 1, result.output
    assert "attribute 'gouvernance' has no value for pole-3: fill it in cases.csv" in (
        result.output
    )
    assert "Traceback" not in result.output
    set_compare(
        compare_project,
        "compare:\n  qca:\n    outcome: laureat\n"
        "    conditions: [gouvernance=polycentrique, COOP.LIEU]\n",
    )
    result = _invoke(compare_project, "report")
    assert result.exit_code == 0, result.output
    assert "attribute 'gouvernance' has no value for Pôle Trois (pole-3)" in result.output
    markdown = _read(compare_project / "outputs" / "report" / "synthese.md")
    assert (
        "Table de vérité non calculée : l'attribut « gouvernance » n'a pas de valeur pour "
        "Pôle Trois (cases.csv)" in markdown
    )


def test_a_value_nobody_knows_describes_no_type(compare_project: Path) -> None:
    """« NA » in `laureat` for both poles of the shared-premises type described it as
    « laureat = NA : 2 pôles sur 2 du type, contre 2 sur 5 »."""
    _cases(
        compare_project,
        {
            "pole-1": "pole-1,Pôle Un,monocentrique,NA",
            "pole-2": "pole-2,Pôle Deux,monocentrique,NA",
        },
    )
    result = _invoke(compare_project, "compare", "typology", "--format", "csv")
    assert result.exit_code == 0, result.output
    types = {r["case"]: r["type"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert types["pole-1"] == types["pole-2"] != types["pole-3"]
    with (compare_project / "outputs" / "compare" / "typology-attributes.csv").open(
        encoding="utf-8"
    ) as handle:
        described = [(row["attribute"], row["value"]) for row in csv.DictReader(handle)]
    assert ("gouvernance", "monocentrique") in described
    assert ("laureat", "NA") not in described


def test_the_truth_table_notes_in_french_plurals(compare_project: Path) -> None:
    """« 2 condition(s) : 4 configurations possibles, 2 observée(s) », « dans au moins 2
    segment(s) du pôle »."""
    result = _invoke(compare_project, "report")
    assert result.exit_code == 0, result.output
    markdown = _read(compare_project / "outputs" / "report" / "synthese.md")
    chapter = markdown[markdown.index("## Typologie des pôles") :]
    assert "2 conditions : 4 configurations possibles, 2 observées ; les 2 autres" in chapter
    assert "dans au moins 2 segments du pôle, sous-codes compris" in chapter
    assert "(s)" not in chapter.replace("Pôle(s) sans aucun segment codé", "")


def test_a_pole_half_coded_is_compared_on_its_coded_interviews(compare_project: Path) -> None:
    """pole-1's second interview, not coded yet, halved its shares: the shared-premises type
    read COOP.LIEU in 50 % of its segments (pole-1 4 of 12, pole-2 4 of 6) for 66.7 %."""
    second = compare_project / "corpus" / "pole-1" / "second.txt"
    second.write_text(
        "\n\n".join(f"Enquêtrice : Et {i} ?\n\nPaul : Autre réponse {i}." for i in range(6)) + "\n",
        encoding="utf-8",
    )
    result = _invoke(compare_project, "import", str(compare_project / "corpus"))
    assert result.exit_code == 0, result.output
    result = _invoke(compare_project, "compare", "typology", "--format", "csv")
    assert result.exit_code == 0, result.output
    types = {r["case"]: r["type"] for r in csv.DictReader(io.StringIO(result.stdout))}
    with (compare_project / "outputs" / "compare" / "typology-codes.csv").open(
        encoding="utf-8"
    ) as handle:
        codes = [r for r in csv.DictReader(handle) if r["type"] == types["pole-1"]]
    assert codes[0]["code"] == "COOP.LIEU"
    assert float(codes[0]["mean_type"]) == pytest.approx(66.7, abs=0.1)
    result = _invoke(compare_project, "report")
    assert result.exit_code == 0, result.output
    markdown = _read(compare_project / "outputs" / "report" / "synthese.md")
    chapter = markdown[markdown.index("## Typologie des pôles") :]
    assert "Comparaison des 5 pôles à partir de leurs 5 entretiens" in chapter
    assert "Codage en cours : 5 entretiens sur 6 des pôles comparés sont codés" in chapter
