"""What follows a codebook change: REFI-QDA exports and imports of retired codes, the rules'
review records after a rename or a merge, retired codes in the matrices."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from lxml import etree

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.codebook.loader import load_codebook, parse_codebook
from ptce_coding.codebook.model import Codebook

CODE = "{urn:QDA-XML:codebook:1.0}Code"
PROJECT_CODE = "{urn:QDA-XML:project:1.0}Code"


@pytest.fixture
def imported(invoke, tmp_project: Path) -> Path:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    return tmp_project


def _codable(root: etree._Element, tag: str) -> dict[str, str]:
    """{label: isCodable} of every code in a REFI-QDA XML tree."""
    return {element.get("name"): element.get("isCodable") for element in root.iter(tag)}


def test_a_retired_code_is_exported_not_codable(invoke, imported: Path, tmp_path: Path) -> None:
    assert invoke("codebook", "retire", "COOP.ACHATS").exit_code == 0
    qdc = tmp_path / "grille.qdc"
    assert invoke("codebook", "export", str(qdc)).exit_code == 0
    codable = _codable(etree.parse(str(qdc)).getroot(), CODE)
    assert codable["Achats groupés"] == "false"
    assert codable["Mutualisation de locaux"] == "true"
    assert codable["Coopération"] == "true"
    qdpx = tmp_path / "etude.qdpx"
    assert invoke("export", "qdpx", str(qdpx)).exit_code == 0
    with zipfile.ZipFile(qdpx) as archive:
        project = etree.fromstring(archive.read("project.qde"))
    codable = _codable(project, PROJECT_CODE)
    assert codable["Achats groupés"] == "false"
    assert codable["Ressources publiques"] == "true"
    # a retired code whose codings the .qdpx carries stays codable: QualCoder reads a code that
    # is not codable as a category and would leave its codings out
    with find_project(imported).open_store() as store:
        store.add_codings([Coding("pole-a/directrice.txt", 105, 150, "COOP.ACHATS", "anne")])
    assert invoke("export", "qdpx", str(qdpx), "--force").exit_code == 0
    with zipfile.ZipFile(qdpx) as archive:
        project = etree.fromstring(archive.read("project.qde"))
    assert _codable(project, PROJECT_CODE)["Achats groupés"] == "true"


def test_a_not_codable_code_without_sub_codes_is_imported_retired(
    invoke, tmp_project: Path, tmp_path: Path
) -> None:
    qdc = tmp_path / "nvivo.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo"><Codes>'
        '<Code guid="aaaaaaaa-0000-4000-8000-000000000001" name="Thèmes" isCodable="false">'
        '<Code guid="aaaaaaaa-0000-4000-8000-000000000002" name="Emploi" isCodable="true"/>'
        "</Code>"
        '<Code guid="aaaaaaaa-0000-4000-8000-000000000003" name="Ancien thème" isCodable="0"/>'
        '<Code guid="aaaaaaaa-0000-4000-8000-000000000004" name="Gouvernance" isCodable="true"/>'
        "</Codes></CodeBook>",
        encoding="utf-8",
    )
    target = tmp_path / "grille.yaml"
    result = invoke("codebook", "import", str(qdc), "--new", str(target))
    assert result.exit_code == 0, result.output
    assert '1 code(s) not codable in the file (isCodable="false") added retired: ' in (
        result.output
    )
    book = load_codebook(target)
    retired = {code.label: code.retired for code in book.codes}
    # a folder of codes (with sub-codes) stays a code; the childless one is retired
    assert retired == {"Thèmes": False, "Emploi": False, "Ancien thème": True, "Gouvernance": False}


def test_a_retired_code_comes_back_retired_from_a_qdc_round_trip(
    invoke, imported: Path, tmp_path: Path
) -> None:
    assert invoke("codebook", "retire", "ECO.PUBLIC").exit_code == 0
    qdc = tmp_path / "grille.qdc"
    assert invoke("codebook", "export", str(qdc)).exit_code == 0
    target = tmp_path / "copie.yaml"
    assert invoke("codebook", "import", str(qdc), "--new", str(target)).exit_code == 0
    book = load_codebook(target)
    assert [code.id for code in book.codes if code.retired] == ["ECO.PUBLIC"]


def test_the_matrix_legend_says_which_columns_are_retired(invoke, imported: Path) -> None:
    with find_project(imported).open_store() as store:
        store.add_codings(
            [
                Coding("pole-a/directrice.txt", 105, 150, "COOP.ACHATS", "anne"),
                Coding("pole-b/membre.md", 60, 120, "COOP.LIEU", "paul"),
            ]
        )
    assert invoke("codebook", "retire", "COOP.ACHATS").exit_code == 0
    result = invoke("matrix", "--format", "csv")
    assert result.exit_code == 0, result.output
    folder = imported / "outputs" / "matrices"
    header = (folder / "case-x-code-count.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "COOP.ACHATS" in header.split(",")  # the CSV's columns stay the code ids
    legend = openpyxl.load_workbook(folder / "case-x-code-count.xlsx")["codes"]
    rows = list(legend.iter_rows(values_only=True))
    retired = {row[0]: row[rows[0].index("retired")] for row in rows[1:]}
    assert retired["COOP.ACHATS"] is True
    assert retired["COOP.LIEU"] is False
    # the line `matrix` can say under the table (cli/matrix.py, not changed here)
    from ptce_coding.analysis.matrices import retired_note

    book = load_codebook(imported / "codebooks" / "ptce.yaml")
    note = retired_note(book, list(retired))
    assert note is not None and "among the columns: COOP.ACHATS: their earlier codings" in note
    assert retired_note(book, ["COOP.LIEU", "ECO"]) is None


# A third pole whose treasurer speaks of subsidies six times: enough suggestions of the rule
# ECO.PUBLIC#1 for reviewers to reject three and leave three to be scored again.
TREASURER = """Entretien avec le trésorier, pôle C

Enquêtrice : Comment êtes-vous financés ?

Paul Martin : Une subvention de la Région pour le démarrage.

Enquêtrice : Et ensuite ?

Paul Martin : Une autre subvention pour le local.

Enquêtrice : Les membres ?

Paul Martin : Chaque membre a eu sa subvention propre.

Enquêtrice : Et l'État ?

Paul Martin : La subvention de l'État est arrivée tard.

Enquêtrice : Et l'Europe ?

Paul Martin : Une subvention européenne aussi, pour la formation.

Enquêtrice : Et la commune ?

Paul Martin : La commune verse une petite subvention chaque année.
"""


def _suggested(root: Path, document: str) -> dict[int, float]:
    """{start: confidence} of the rule suggestions still to review in ``document``."""
    with find_project(root).open_store() as store:
        return {
            row.start: row.confidence
            for row in store.coding_rows(statuses=["suggested"], with_text=False)
            if row.document == document and row.method == "rule"
        }


@pytest.mark.slow
def test_a_rules_review_record_follows_a_rename_and_a_merge(
    invoke, runner: CliRunner, tmp_project: Path
) -> None:
    document = "pole-c/tresorier.txt"
    (tmp_project / "corpus" / "pole-c").mkdir()
    (tmp_project / "corpus" / "pole-c" / "tresorier.txt").write_text(TREASURER, "utf-8")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    assert invoke("code").exit_code == 0
    fresh = _suggested(tmp_project, document)
    assert len(fresh) == 6
    reviewed = runner.invoke(
        cli,
        ["review", "--document", document, "--coder", "claire", "--project", str(tmp_project)],
        input="rrrq",
    )
    assert reviewed.exit_code == 0, reviewed.output
    demoted = invoke("code")
    assert "count less): ECO.PUBLIC#1" in demoted.output
    weighed = _suggested(tmp_project, document)
    assert len(weighed) == 3
    assert all(weighed[start] < fresh[start] for start in weighed)  # the record counts

    assert invoke("codebook", "rename", "ECO.PUBLIC", "ECO.SUBVENTIONS").exit_code == 0
    renamed = invoke("code")
    assert renamed.exit_code == 0, renamed.output
    assert "count less): ECO.SUBVENTIONS#1" in renamed.output
    assert "ECO.PUBLIC#1" not in renamed.output
    assert _suggested(tmp_project, document) == weighed  # not back at full weight

    # merged into a code that has a rule already: the rule is now the second of COOP.ACHATS
    assert invoke("codebook", "merge", "ECO.SUBVENTIONS", "--into", "COOP.ACHATS").exit_code == 0
    merged = invoke("code")
    assert merged.exit_code == 0, merged.output
    assert "count less): COOP.ACHATS#2" in merged.output
    assert "COOP.ACHATS#1" not in merged.output


def _book(text: str) -> Codebook:
    return parse_codebook(text)


BEFORE = """name: t
codes:
  - id: A
    label: a
    rules:
      - lemma: "alpha"
      - lemma: "beta"
  - id: B
    label: b
    rules:
      - lemma: "gamma"
"""


def test_a_rule_is_followed_by_its_words_or_through_a_plain_rename() -> None:
    from ptce_coding.tagging.relevance import moved_rules

    earlier = {"v1": _book(BEFORE)}
    stale = {"v1": {"A#1", "A#2"}}
    # merged into B: A's rules come after B's own, found by their words
    merged = _book(
        'name: t\ncodes:\n  - id: B\n    label: b\n    rules:\n      - lemma: "gamma"\n'
        '      - lemma: "alpha"\n      - lemma: "beta"\n'
    )
    assert moved_rules(stale, earlier, merged, {"A": "B"}) == {"A#1": "B#2", "A#2": "B#3"}
    # renamed, and the second rule's words edited since: followed by its place
    renamed = _book(BEFORE.replace("id: A", "id: C").replace('"beta"', '"bêta"'))
    assert moved_rules(stale, earlier, renamed, {"A": "C"}) == {"A#1": "C#1", "A#2": "C#2"}
    # merged and edited: no rule of B has its words, nor its place: not followed
    edited = _book(
        'name: t\ncodes:\n  - id: B\n    label: b\n    rules:\n      - lemma: "gamma"\n'
        '      - lemma: "alpha"\n      - lemma: "bêta"\n'
    )
    assert moved_rules(stale, earlier, edited, {"A": "B"}) == {"A#1": "B#2"}
    # two earlier versions that would send one id to two rules: left as it is
    other = _book(BEFORE.replace('"alpha"', '"gamma"'))
    both = moved_rules(
        {"v1": {"A#1"}, "v2": {"A#1"}}, {"v1": earlier["v1"], "v2": other}, merged, {"A": "B"}
    )
    assert both == {}
