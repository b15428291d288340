"""The named report names a pole without `nom` after its folder and an interview without a
label after its file (it said « Pôle 1…N », « Entretien 1 », with no key to the folders);
the anonymised report keeps its neutral labels; « le codage d'alice », not « de alice »."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.report.formatting import names_agreeing
from ptce_coding.report.labels import display_names, readable_name

CASES = {"terres-d-orlan": {}, "cfpp": {"region": "IDF"}, "Pôle Sud (2024)": {}}
DOCUMENTS = {
    "terres-d-orlan/entretien-directrice-scic.txt": ("terres-d-orlan", {}),
    "cfpp/1.txt": ("cfpp", {}),
    "Pôle Sud (2024)/Entretien Marie.docx": ("Pôle Sud (2024)", {"role": "gérante"}),
}


@pytest.mark.parametrize(
    ("folder", "pole", "interview"),
    [
        ("terres-d-orlan", "Terres d'Orlan", "Terres d'orlan"),
        ("ressources-val-de-lisonne", "Ressources Val de Lisonne", "Ressources val de lisonne"),
        ("pole-2", "Pôle 2", "Pôle 2"),
        ("pole_de_l_ouest", "Pôle de l'Ouest", "Pôle de l'ouest"),
        ("cfpp", "Cfpp", "Cfpp"),
        ("CFPP", "CFPP", "CFPP"),  # written as a name: as it is
        ("Pôle Sud (2024)", "Pôle Sud (2024)", "Pôle Sud (2024)"),
        # a saint's name is a place's, with its hyphen (s36: « Saint Ouen » on the cover)
        ("saint-ouen", "Saint-Ouen", "Saint-Ouen"),
        (
            "pole-de-sainte-foy-les-lyon",
            "Pôle de Sainte-Foy les Lyon",
            "Pôle de Sainte-Foy les lyon",
        ),
    ],
)
def test_a_slug_is_made_readable_by_one_rule(folder: str, pole: str, interview: str) -> None:
    assert readable_name(folder, title=True) == pole
    assert readable_name(folder) == interview


def test_without_a_name_the_named_report_says_the_folder_and_the_file() -> None:
    names = display_names(CASES, DOCUMENTS)
    assert [names.pole(case) for case in CASES] == ["Terres d'Orlan", "Cfpp", "Pôle Sud (2024)"]
    assert [names.interview(document) for document in DOCUMENTS] == [
        "Entretien directrice scic",
        "Entretien 1",
        "Entretien Marie",
    ]
    assert names.unnamed_poles == ("cfpp", "Pôle Sud (2024)", "terres-d-orlan")
    named = display_names({"cfpp": {"nom": "Corpus parisien"}}, {"cfpp/1.txt": ("cfpp", {})})
    assert named.pole("cfpp") == "Corpus parisien"
    assert named.unnamed_poles == ()


def test_two_interviews_of_a_pole_that_would_read_alike_keep_their_files_names() -> None:
    names = display_names(
        {"eslo": {}},
        {"eslo/entretien.txt": ("eslo", {}), "eslo/entretien.TextGrid": ("eslo", {})},
    )
    assert names.interview("eslo/entretien.txt") == "entretien.txt"
    assert names.interview("eslo/entretien.TextGrid") == "entretien.TextGrid"


def test_the_anonymised_labels_never_say_a_folder_or_a_file() -> None:
    hidden = display_names(CASES, DOCUMENTS, anonymised=True)
    shown = [*hidden.poles.values(), *hidden.interviews.values()]
    assert sorted(hidden.poles.values()) == ["Pôle A", "Pôle B", "Pôle C"]
    assert sorted(hidden.interviews.values()) == ["Entretien A1", "Entretien B1", "Entretien C1"]
    for word in ("orlan", "cfpp", "sud", "directrice", "marie"):
        assert not any(word in label.casefold() for label in shown)
    assert hidden.unnamed_poles == () and hidden.unnamed_interviews == ()


@pytest.mark.parametrize(
    ("sentence", "names", "expected"),
    [
        ("le codage de alice et bob", ["alice", "bob"], "le codage d'alice et bob"),
        ("le codage de bob et alice", ["alice", "bob"], "le codage de bob et alice"),
        ("le codage de Élodie", ["Élodie"], "le codage d'Élodie"),
        ("le codage de hugo", ["hugo"], "le codage de hugo"),  # an h may be aspirated
        ("le codage de marie-anne", ["anne"], "le codage de marie-anne"),
    ],
)
def test_a_coders_name_in_a_french_sentence_takes_the_elision(
    sentence: str, names: list[str], expected: str
) -> None:
    assert names_agreeing(sentence, names) == expected


@pytest.mark.slow  # the report: figures, Word documents
def test_the_report_names_the_poles_after_their_folders_and_says_so(tmp_path: Path) -> None:
    """A project whose cases.csv has only `case`, as `init` writes it: the report said
    « Pôle 1 », « Pôle 2 », nothing in it nor on the terminal gave the folders."""
    runner = CliRunner()
    root = tmp_path / "study"
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    data = Path(__file__).parent / "data"
    shutil.copyfile(data / "codebook.yaml", root / "codebooks" / "ptce.yaml")
    corpus = root / "corpus"
    shutil.copytree(data / "corpus" / "pole-a", corpus / "terres-d-orlan")
    shutil.copytree(data / "corpus" / "pole-b", corpus / "cfpp")
    (corpus / "cases.csv").write_text("case\nterres-d-orlan\ncfpp\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", str(corpus), "--project", str(root)])
    assert result.exit_code == 0, result.output
    with find_project(root).open_store() as store:
        for name, words in (
            # sentences long enough to be quoted (analysis/quotations.py: MIN_CHARS)
            ("terres-d-orlan/directrice.txt", "Oui, nous avons des locaux partagés depuis 2012."),
            ("cfpp/membre.md", "Par contre on partage un grand bureau en ville."),
        ):
            stored = store.document(name)
            assert stored is not None, name
            start = stored.text.index(words)
            store.add_codings([Coding(name, start, start + len(words), "COOP.LIEU", "alice")])

    result = runner.invoke(cli, ["report", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert (
        "Note: 2 poles have no `nom` in corpus/cases.csv: the report names them after the "
        "folder (cfpp → Cfpp, terres-d-orlan → Terres d'Orlan); add a `nom` column to name them"
    ) in result.output
    folder = root / "outputs" / "report"
    markdown = (folder / "synthese.md").read_text(encoding="utf-8")
    html = (folder / "restitution.html").read_text(encoding="utf-8")
    for text in (markdown, html.replace("&#39;", "'")):
        assert "Terres d'Orlan" in text and "Cfpp" in text
        assert "Pôle 1" not in text and "Entretien 1" not in text
    assert (
        "Ce document repose sur le codage d'alice, seule personne à avoir codé ces entretiens."
        in markdown
    )
    assert "codage de alice" not in markdown
    # the interview named after its file said as one, not where the organisation goes
    assert "> — personne interrogée (Terres d'Orlan, entretien « Directrice »)" in markdown
    assert "> — personne interrogée (Cfpp, entretien « Membre »)" in markdown
