"""The comparison, the networks and the study's shape driven as a research group would misuse
them (the interview's structure run before comparing, « NA » in cases.csv, a name pasted
decomposed, a heading with no text, a document moved onto a name its new case has): each
gave a wrong figure, a refusal of a right name or a confusing error, and now gives the right
result or a clear error, before anything is asked or changed."""

from __future__ import annotations

import csv
import io
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.base.case_choice import chosen_cases
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.network.assemble import default_statuses
from ptce_coding.store import Store
from tests.test_bad_input_cli import refused
from tests.test_compare_cli import COMPARE, LAYOUT, build, invoke, set_compare

Invoke = Callable[..., Result]
HEADINGS = "^(?P<key>Question \\d+)"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five-pole project of test_compare_cli (COOP.LIEU in poles 1–2, ECO.PUBLIC in 3–5)."""
    root = tmp_path_factory.mktemp("bad-study-more") / "study"
    build(root, CliRunner(), LAYOUT)
    set_compare(root, COMPARE)
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "study"
    shutil.copytree(built, root)
    return root


def csv_rows(result: Result) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def structure(root: Path, headings: str) -> None:
    with (root / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"structure:\n  code: STRUCT\n  headings: '{headings}'\n")


def write_cases(root: Path, text: str) -> None:
    (root / "corpus" / "cases.csv").write_text(text, encoding="utf-8")
    result = invoke(root, "import", str(root / "corpus"))
    assert result.exit_code == 0, result.output


# 1. the interview's structural codes (`ptce-coding structure`: every segment under a heading
# of the guide, coder `structure`, accepted) were counted in the comparison as a theme: with
# the guide's six questions, STRUCT took 6/7 of the CA's mass at level 1 and moved every pole


def test_structural_codes_do_not_weigh_in_the_comparison(project: Path) -> None:
    before = invoke(project, "compare", "ca", "--level", "1", "--show", "poles", "--format", "csv")
    structure(project, HEADINGS)
    run = invoke(project, "structure")
    assert run.exit_code == 0, run.output
    assert "30 structural codings" in run.output
    codes = invoke(project, "compare", "ca", "--level", "1", "--show", "codes", "--format", "csv")
    assert [row["code"] for row in csv_rows(codes)] == ["COOP", "ECO"]
    after = invoke(project, "compare", "ca", "--level", "1", "--show", "poles", "--format", "csv")
    assert csv_rows(after) == csv_rows(before)
    # nor at every level, where each question would be a code of its own
    every = invoke(project, "compare", "ca", "--level", "all", "--show", "codes", "--format", "csv")
    assert not [row["code"] for row in csv_rows(every) if row["code"].startswith("STRUCT")]
    # nor as a truth table's condition, where it read as coded in no pole
    refused(
        invoke(project, "compare", "qca", "--conditions", "STRUCT.QUESTION_1"),
        "STRUCT.QUESTION_1 is a code of the interview's structure (`ptce-coding structure`): it "
        "says where a passage is in the interview, not what it is about",
    )


# 2. the same accepted structural codings made `network` (status auto) read accepted codings
# only, though no one had accepted anything: every pole's network came out empty


def test_the_networks_default_status_ignores_the_structural_codings(imported: Path) -> None:
    with Store(imported / "coding.sqlite") as store:
        document = store.document("pole-a/directrice.txt")
        assert document is not None
        end = len(document.text)
        store.add_codings(
            [Coding(document.name, 0, end, "COOP.LIEU", "rules", method="rule", status="suggested")]
        )
        store.replace_structure(
            [Coding(document.name, 0, end, "STRUCT.Q1", "structure", method="import")],
            "structure",
        )
        assert default_statuses(store) == ("accepted", "suggested")
        store.add_codings([Coding(document.name, 0, end, "COOP.LIEU", "alice")])
        assert default_statuses(store) == ("accepted",)


# 3. « NA » (R, a spreadsheet's #N/A), « nc », « ? », « - » in cases.csv are a value nobody
# knows: the truth table read them as the attribute present (not empty, not « non »), so a
# pole of unknown outcome counted as a laureate


@pytest.mark.parametrize("unknown", ["NA", "n/a", "#N/A", "nc", "?", "-", "inconnu"])
def test_qca_refuses_an_attribute_whose_value_is_unknown(project: Path, unknown: str) -> None:
    write_cases(
        project,
        "case,laureat,forme\npole-1,2013,SCIC\npole-2,2015,SCIC\npole-3,non,asso\n"
        f"pole-4,non,asso\npole-5,{unknown},asso\n",
    )
    for outcome in ("laureat", "laureat=2013"):
        refused(
            invoke(project, "compare", "qca", "--outcome", outcome),
            f"attribute 'laureat' has no value for pole-5 ('{unknown}': unknown): fill it in "
            "cases.csv (a truth table needs every pole)",
        )
    assert not (project / "outputs" / "compare" / "qca-truth-table.csv").exists()


# 4. a name pasted decomposed (« é » as e + accent: macOS file names, some PDFs) was refused,
# with the very name it did not find as the suggestion


def test_an_attribute_named_decomposed_is_the_attribute(project: Path) -> None:
    write_cases(
        project,
        "case,lauréat,forme\npole-1,2013,SCIC\npole-2,2015,SCIC\npole-3,non,asso\n"
        "pole-4,non,SCIC\npole-5,2014,asso\n",
    )
    outcome = unicodedata.normalize("NFD", "lauréat")
    result = invoke(project, "compare", "qca", "--outcome", outcome, "--conditions", "forme=asso")
    assert result.exit_code == 0, result.output
    with (project / "outputs" / "compare" / "qca-truth-table.csv").open(encoding="utf-8") as f:
        assert next(csv.reader(f))[:3] == ["row", "forme=asso", "OUT"]


def test_a_case_named_decomposed_is_the_case(project: Path) -> None:
    moved = invoke(
        project, "documents", "move", "pole-5/entretien.txt", "--case", "pôle-été", "--yes"
    )
    assert moved.exit_code == 0, moved.output
    cases = unicodedata.normalize("NFD", "pôle-été") + ",pole-1,pole-3"
    result = invoke(
        project, "compare", "ca", "--cases", cases, "--show", "poles", "--format", "csv"
    )
    assert [row["case"] for row in csv_rows(result)] == ["pole-1", "pole-3", "pôle-été"]


# 5. --types 0 was taken as « no number » and cut at the largest jump, without a word


def test_a_number_of_types_of_zero_is_refused(project: Path) -> None:
    refused(
        invoke(project, "compare", "typology", "--types", "0"),
        "--types must be between 2 and 4 for 5 poles (here 0)",
    )


# 6. the structure: a heading with no text (« # ») made a code with an empty label, which the
# codebook refused, with the line of a file that did not have it; a question asked twice in
# one interview counted as two documents; two questions whose first 40 letters are the same
# were one code, without a word


GUIDE = """# Guide pôle A

Enquêtrice : Vous partagez des locaux ?

Marie Dupont : Oui, des locaux partagés.

#

Marie Dupont : Une réponse sous un titre vide.

# Question 1 : les coopérations avec la collectivité territoriale et le département

Marie Dupont : Le département finance.

# Question 1 : les coopérations avec la collectivité territoriale et le département

Marie Dupont : Je reprends la question une.

# Question 1 : les coopérations avec la collectivité territoriale et la région

Marie Dupont : La région aussi.
"""


def test_a_guide_with_an_empty_heading_and_questions_twice(
    invoke: Invoke, tmp_project: Path
) -> None:
    (tmp_project / "corpus" / "pole-a" / "guide.md").write_text(GUIDE, encoding="utf-8")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    structure(tmp_project, "^#+\\s*(?P<key>.*)$")
    result = invoke("structure")
    assert result.exit_code == 0, result.output
    book = load_codebook(tmp_project / "codebooks" / "ptce.yaml")
    assert book.get("STRUCT.SANS_TITRE").label == "Sans titre"
    question = "STRUCT.QUESTION_1_LES_COOPERATIONS_AVEC_LA_COLL"
    assert f"  {question}: 1 document(s)" in result.output
    assert (
        f"Warning: {question} stands for 2 different headings: « Question 1 : les coopérations "
        "avec la collectivité territoriale et la région »; « Question 1 : les coopérations avec "
        "la collectivité territoriale et le département »."
    ) in " ".join(result.output.split())
    validate = invoke("codebook", "validate")
    assert validate.exit_code == 0, validate.output


# 7. a document moved onto a name its new case has: the refusal came after « Move it? » was
# answered yes


def test_a_move_onto_a_name_the_case_has_is_refused_before_asking(
    invoke: Invoke, tmp_project: Path
) -> None:
    (tmp_project / "corpus" / "pole-b" / "directrice.txt").write_text(
        "Enquêtrice : Et chez vous ?\n\nPaul : Un autre entretien.\n", encoding="utf-8"
    )
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    result = invoke("documents", "move", "pole-a/directrice.txt", "--case", "pole-b")
    refused(
        result,
        "case 'pole-b' has a document 'pole-b/directrice.txt' already: 'pole-a/directrice.txt' "
        "would take its name (a document is named after its file in the corpus); nothing was "
        "changed",
        "leave this one where it is, or remove or move the other one first",
    )
    assert "Move it to" not in result.output
    with Store(tmp_project / "coding.sqlite") as store:
        assert store.document("pole-a/directrice.txt") is not None


# 8. the network: an interviewee's organisation written in documents.csv with a word
# processor's apostrophe (« d’Orge ») was « not a member » of members.csv's « d'Orge »: the
# interviewee's ties were lost; and with --coders, the files went to outputs/network-coders-…/
# while the command said outputs/network


@pytest.mark.slow  # the French spaCy model
def test_network_reads_an_organisation_typed_with_another_apostrophe(tmp_path: Path) -> None:
    from tests.test_network_cli import ASSO, SCOP, network_study, segment_of

    root = network_study(tmp_path / "study")
    members = root / "corpus" / "members.csv"
    members.write_text(
        members.read_text(encoding="utf-8").replace(
            "pole-n,SCOP du Val,SCOP,first,la SCOP", "pole-n,SCOP du Val d'Orge,SCOP,first,la SCOP"
        ),
        encoding="utf-8",
    )
    (root / "corpus" / "documents.csv").write_text(
        f"document,organisation\n{SCOP},SCOP du\u00a0Val d’Orge\n{ASSO},association les copeaux\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)])
    assert result.exit_code == 0, result.output
    with Store(root / "coding.sqlite") as store:
        scop = store.document(SCOP)
        assert scop is not None
        store.add_codings(
            [Coding(SCOP, *segment_of(scop.text, "Nous partageons"), "COOP.LIEU", "anne")]
        )
    result = invoke(root, "network", "--no-candidates", "--coders", "anne", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "is not a member" not in result.output
    folder = root / "outputs" / "network-coders-anne"
    assert f"files in {folder}" in " ".join(result.output.split())
    with (folder / "ties.csv").open(encoding="utf-8") as handle:
        ties = {
            (r["organisation_a"], r["organisation_b"], r["rules"]) for r in csv.DictReader(handle)
        }
    assert ("Atelier du Bourg", "SCOP du Val d'Orge", "interviewee") in ties


# 9. a pole where nothing is coded yet: Ward's typology left it out (as the CA does) without a
# word, the Jaccard typology refused to run at all (and the report's chapter with it)


def test_the_jaccard_typology_leaves_an_uncoded_pole_out_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "study"
    build(root, CliRunner(), {**LAYOUT, "pole-5": (0, 0, 0)})
    for method in ("jaccard", "ward"):
        result = invoke(root, "compare", "typology", "--method", method, "--format", "csv")
        assert "Pole(s) with nothing coded left out: pole-5" in result.output
        assert sorted(row["case"] for row in csv_rows(result)) == [
            "pole-1",
            "pole-2",
            "pole-3",
            "pole-4",
        ]


# 10. --status accepted before any suggestion was reviewed: « correspondence analysis needs at
# least 2 rows and 2 columns with counts (here 0 × 0) »


@pytest.mark.parametrize("command", ["ca", "typology"])
def test_comparing_accepted_codings_before_any_review_says_so(
    invoke: Invoke, suggested: Path, command: str
) -> None:
    refused(
        invoke("compare", command, "--status", "accepted"),
        "no coding is accepted in these poles: nothing to compare. Review the suggestions first "
        "(`ptce-coding review`), or count them with --status all",
    )


# 11. « Non. » in cases.csv (a full stop typed after the word) read as the attribute present;
# and nothing said how each value of an attribute was read


def test_qca_reads_a_no_with_a_full_stop_as_no_and_says_how_it_read_each_value(
    project: Path,
) -> None:
    write_cases(
        project,
        "case,laureat\npole-1,2013\npole-2,Oui.\npole-3,Non.\npole-4,NON\npole-5,non !\n",
    )
    result = invoke(project, "compare", "qca", "--outcome", "laureat", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "  laureat: present for 2013, Oui.; absent for NON, Non., non !" in result.output
    rows = {row["cases"]: row["OUT"] for row in csv_rows(result)}
    assert rows == {"pole-1,pole-2": "1", "pole-3,pole-4,pole-5": "0"}
    same = invoke(project, "compare", "qca", "--outcome", "laureat=oui", "--format", "csv")
    # « Oui. » is oui: pole-2 has the outcome, pole-1 (2013) not, in one configuration
    assert {row["cases"]: row["OUT"] for row in csv_rows(same)} == {
        "pole-1,pole-2": "C",
        "pole-3,pole-4,pole-5": "0",
    }


# 12. a document named as the shell completes it (corpus/pole-a/x.txt), with other capitals,
# or a case given where a document is wanted: « no document » and no more


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("corpus/pole-a/directrice.txt", "(did you mean pole-a/directrice.txt?)"),
        ("Pole-A/directrice.txt", "(did you mean pole-a/directrice.txt?)"),
        ("pole-a", "pole-a is a case, not a document."),
    ],
)
def test_a_document_named_otherwise_is_refused_with_the_name_meant(
    invoke: Invoke, imported: Path, name: str, said: str
) -> None:
    for args in (
        ["documents", "remove", name, "--yes"],
        ["documents", "move", name, "--case", "x"],
    ):
        refused(invoke(*args), f"no document '{name}'", said)
    refused(invoke("cases", "remove", "Pole-A", "--yes"), "no case 'Pole-A' (did you mean pole-a?)")
    with Store(imported / "coding.sqlite") as store:
        assert [d.name for d in store.documents()] == ["pole-a/directrice.txt", "pole-b/membre.md"]


def test_a_case_named_in_decomposed_unicode_is_chosen_by_every_cases_option(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """« pôle-été » pasted from a macOS file name (é as e and an accent) was an unknown case
    for `matrix --cases` (base/case_choice.chosen_cases compared names exactly)."""
    folder = tmp_project / "corpus" / "pôle-été"
    folder.mkdir()
    (folder / "entretien.txt").write_text(
        "Enquêtrice : Que partagez-vous ?\nAnne : Nous partageons les locaux.\n", "utf-8"
    )
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    decomposed = unicodedata.normalize("NFD", "pôle-été")
    result = invoke("matrix", "--status", "all", "--cases", f"pole-a,{decomposed}")
    assert result.exit_code == 0, result.output
    assert chosen_cases([decomposed], ["pole-a", "pôle-été"]) == ["pôle-été"]


def test_a_row_deleted_from_cases_csv_or_documents_csv_clears_what_it_gave(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """A pole's row deleted from cases.csv kept its old attributes in the store, and compare,
    QCA and matrix --rows went on reading them; the same for documents.csv."""
    corpus = tmp_project / "corpus"
    (corpus / "documents.csv").write_text(
        "document,role\npole-a/directrice.txt,directrice\npole-b/membre.md,membre\n", "utf-8"
    )
    assert invoke("import", str(corpus)).exit_code == 0
    with Store(tmp_project / "coding.sqlite") as store:
        assert store.cases()["pole-b"] == {"region": "Occitanie", "laureat": "non"}
    (corpus / "cases.csv").write_text("case,region,laureat\npole-a,Bretagne,2013\n", "utf-8")
    (corpus / "documents.csv").write_text("document,role\npole-a/directrice.txt,directrice\n")
    result = invoke("import", str(corpus))
    assert result.exit_code == 0, result.output
    assert "cases.csv no longer lists pole-b: the attributes it gave them are cleared" in (
        result.output
    )
    assert "documents.csv no longer lists pole-b/membre.md" in result.output
    with Store(tmp_project / "coding.sqlite") as store:
        assert store.cases() == {"pole-a": {"region": "Bretagne", "laureat": "2013"}, "pole-b": {}}
        assert "role" not in store.document("pole-b/membre.md").attributes
        assert store.document("pole-a/directrice.txt").attributes["role"] == "directrice"
    again = invoke("import", str(corpus))  # said once, when it happens
    assert "no longer lists" not in again.output
    (corpus / "cases.csv").unlink()  # no table at all: nothing is cleared (a REFI-QDA
    (corpus / "documents.csv").unlink()  # project's cases have no cases.csv)
    assert invoke("import", str(corpus)).exit_code == 0
    with Store(tmp_project / "coding.sqlite") as store:
        assert store.cases()["pole-a"] == {"region": "Bretagne", "laureat": "2013"}
