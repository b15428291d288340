"""Pseudonymisation, what a mapping written earlier must still hide, and names in odd places.

A name the project's files write after the review was applied (a members.csv organisation, an
alias, a name of private/names.csv) is hidden all the same, with a warning; case folders of
mixed names (``alpha`` beside ``pole-a``) never take each other's names; contact details are
replaced whole, over the names inside them; a soft hyphen does not hide a name from the
search; a pseudonym never holds a name the exports hide.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from ptce_coding.app.project import load_project
from ptce_coding.privacy.apply import load_view
from ptce_coding.privacy.pseudonyms import Entity
from ptce_coding.privacy.replacer import AnonymisedText, Replacer
from tests.privacy_support import project_with

Invoke = Callable[..., Result]

ALPHA = """\
Enquêteur : Avec qui travaillez-vous ?

Marie Dupont : Avec la Biscuiterie et avec Encre Vive. Le Fournil Solidaire aussi, et la \
Radio Encre, et les Jardins de Montaurel.
"""
BETA = """\
Enquêteur : Et vous ?

Paul Martin : Nous travaillons avec le Fournil Solidaire et Encre Vive, à la Ressourcerie \
du Val.
"""
CASES = "case,nom\nalpha,Collectif Biscuiterie\nbeta,\n"
MEMBERS = "case,organisation,kind,circle,aliases\nalpha,Encre Vive,association,first,\n"
# written after the review was applied
MEMBERS_LATER = (
    "case,organisation,kind,circle,aliases\n"
    "alpha,Encre Vive,association,first,Radio Encre\n"
    "alpha,Fournil Solidaire,association,first,\n"
    "beta,Ressourcerie du Val,association,second,\n"
)
NAMES_LATER = "name,kind,pseudonym\nJardins de Montaurel,organisation,Jardins partagés\n"
LATER = ("Fournil", "Radio Encre", "Ressourcerie", "Montaurel")


def _review(invoke: Invoke, root: Path, name: str = "revue.xlsx") -> Path:
    review = root / "private" / name
    result = invoke("pseudonymise", "--review", str(review), "--no-model")
    assert result.exit_code == 0, result.output
    return review


def _rows(review: Path) -> dict[str, dict[str, object]]:
    sheet = openpyxl.load_workbook(review)["review"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)]
    return {str(r["name"]): r for r in rows}


def _apply(invoke: Invoke, review: Path) -> Result:
    result = invoke("pseudonymise", "--apply", str(review))
    assert result.exit_code == 0, result.output
    return result


def _edit(review: Path, name: str, column: str, value: str) -> None:
    """The review workbook with one cell changed, as a researcher would."""
    workbook = openpyxl.load_workbook(review)
    sheet = workbook["review"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(2):
        cells = dict(zip(header, row, strict=True))
        if cells["name"].value == name:
            cells[column].value = value
    workbook.save(review)


def _segments(invoke: Invoke, tmp_path: Path) -> tuple[list[dict[str, str]], Result]:
    out = tmp_path / "segments.csv"
    result = invoke("segments", "export", str(out), "--anonymise")
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle)), result


@pytest.fixture
def reviewed(tmp_project: Path, invoke: Invoke) -> Path:
    """Two poles, reviewed and applied while members.csv listed only Encre Vive."""
    root = project_with(tmp_project, invoke, {"alpha/e1.txt": ALPHA, "beta/e2.txt": BETA})
    (root / "corpus" / "cases.csv").write_text(CASES, encoding="utf-8")
    (root / "corpus" / "members.csv").write_text(MEMBERS, encoding="utf-8")
    assert invoke("import", str(root / "corpus")).exit_code == 0
    _apply(invoke, _review(invoke, root))
    mapping = (root / "private" / "pseudonyms.csv").read_text(encoding="utf-8")
    assert "Encre Vive" in mapping and not any(name in mapping for name in LATER)
    return root


def _list_later(root: Path) -> None:
    (root / "corpus" / "members.csv").write_text(MEMBERS_LATER, encoding="utf-8")
    (root / "private" / "names.csv").write_text(NAMES_LATER, encoding="utf-8")


# --- 1. names the project lists after the review was applied -------------------------------


def test_names_listed_after_the_review_are_hidden_all_the_same(
    reviewed: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: « Le Fournil Solidaire aussi, et la Radio Encre, et les Jardins de Montaurel »,
    « à la Ressourcerie du Val » in clear in every --anonymise export (the mapping was written
    before members.csv and names.csv listed them), and nothing said so."""
    _list_later(reviewed)
    segments, result = _segments(invoke, tmp_path)
    texts = {s["speaker"]: s["text"] for s in segments}
    assert texts["Personne 1"] == (
        "Avec Pôle A et avec Organisation 1. L'Organisation 2 aussi, et l'Organisation 1, "
        "et les Jardins partagés."
    )
    assert texts["Personne 2"] == (
        "Nous travaillons avec l'Organisation 2 et Organisation 1, à l'Organisation 3."
    )
    said = " ".join(result.output.split())
    assert (
        "Warning: 4 name(s) the project knows (written in cases.csv, documents.csv, the "
        "members file or private/names.csv since the review was applied) are not in "
    ) in said
    assert (
        "hidden all the same, as Jardins partagés, Organisation 1, Organisation 2, Organisation 3. "
        "Run `ptce-coding pseudonymise --review` again, then --apply, to decide them."
    ) in said
    assert not any(name in said for name in LATER)  # the warning names nobody
    codings = tmp_path / "codings.csv"
    result = invoke("codings", "export", str(codings), "--anonymise")
    assert result.exit_code == 0, result.output
    assert "Warning: 4 name(s)" in result.output


def test_a_second_review_decides_them_and_the_warning_goes(
    reviewed: Path, invoke: Invoke, tmp_path: Path
) -> None:
    _list_later(reviewed)
    rows = _rows(_review(invoke, reviewed, "revue-2.xlsx"))
    assert rows["Fournil Solidaire"]["new"] == "yes"
    assert rows["Encre Vive"]["variants"] == "Encre Vive | Radio Encre"
    _apply(invoke, reviewed / "private" / "revue-2.xlsx")
    segments, result = _segments(invoke, tmp_path)
    assert "Warning" not in result.output
    everything = "\n".join(s["text"] for s in segments)
    assert not any(name in everything for name in LATER)


def test_a_dropped_organisation_s_new_alias_stays_as_the_review_decided(
    reviewed: Path, invoke: Invoke, tmp_path: Path
) -> None:
    mapping = reviewed / "private" / "pseudonyms.csv"
    text = mapping.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "Encre Vive" in line)
    mapping.write_text(text.replace(row, row.replace(",keep", ",drop")), encoding="utf-8")
    _list_later(reviewed)
    segments, result = _segments(invoke, tmp_path)
    assert "et avec Encre Vive. " in segments[1]["text"]
    assert "et la Radio Encre, " in segments[1]["text"]
    assert "Warning: 3 name(s)" in result.output


def test_a_members_file_elsewhere_is_read_when_given(reviewed: Path, invoke: Invoke) -> None:
    """network.members may name another file: the view reads the one it is given (the
    commands pass the project's; without it, corpus/members.csv beside private/)."""
    elsewhere = reviewed / "membres-2016.csv"
    elsewhere.write_text(MEMBERS_LATER, encoding="utf-8")
    project = load_project(reviewed)
    with project.open_store(create=False) as store:
        default = load_view(store, project.private_path).text("alpha/e1.txt")
        given = load_view(store, project.private_path, elsewhere).text("alpha/e1.txt")
    assert "Le Fournil Solidaire" in default
    assert "Fournil" not in given and "Radio Encre" not in given


def test_a_bad_members_file_stops_an_anonymised_export(
    reviewed: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Its names cannot be known, so they cannot be hidden: refused with the file and line,
    nothing written."""
    (reviewed / "corpus" / "members.csv").write_text(
        "case,organisation,kind,circle,aliases\nalpha,,association,first,Radio Encre\n",
        encoding="utf-8",
    )
    out = tmp_path / "segments.csv"
    result = invoke("segments", "export", str(out), "--anonymise")
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert "members.csv" in said and "line 2" in said
    assert "a row without an organisation" in said
    assert not out.exists()


def test_the_members_file_s_default_place_is_the_network_s() -> None:
    """privacy sits below network (the layers): the same default, written twice."""
    from ptce_coding.network.settings import NetworkSettings
    from ptce_coding.privacy.members_file import MEMBERS_FILE

    assert Path(NetworkSettings().members) == MEMBERS_FILE


@pytest.mark.slow  # matplotlib figures
def test_an_anonymised_report_hides_names_listed_after_the_review(
    reviewed: Path, invoke: Invoke, tmp_path: Path
) -> None:
    lines = ["document,start,end,code,coder"]
    for document, text in (("alpha/e1.txt", ALPHA), ("beta/e2.txt", BETA)):
        start = text.index(" : Avec") + 3 if "Avec la" in text else text.index(" : Nous") + 3
        lines.append(f"{document},{start},{len(text.rstrip())},COOP,alice")
    (tmp_path / "codings.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert invoke("codings", "import", str(tmp_path / "codings.csv")).exit_code == 0
    _list_later(reviewed)
    result = invoke("report", "--anonymise")
    assert result.exit_code == 0, result.output
    assert "Warning: 4 name(s)" in result.output
    folder = reviewed / "outputs" / "report"
    contents = []
    for path in folder.rglob("*"):
        if path.suffix in (".html", ".md", ".svg"):
            contents.append(path.read_text(encoding="utf-8"))
        elif path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                contents += [
                    archive.read(n).decode("utf-8", "replace")
                    for n in archive.namelist()
                    if n.endswith(".xml")
                ]
    everything = "\n".join(contents)
    assert "Organisation 3" in everything  # the quotations are there
    assert [name for name in LATER if name in everything] == []


# --- 2. case folders of mixed names ---------------------------------------------------------

MIXED_A = "Enquêteur : Et vous ?\n\nMarie Dupont : Je travaille avec les Ateliers du Val.\n"
MIXED_B = "Enquêteur : Et vous ?\n\nPaul Martin : Je suis à la Forge depuis 2012.\n"
MIXED_CASES = "case,nom\nalpha,Les Ateliers du Val\npole-a,La Forge\n"


def test_a_folder_is_never_given_another_case_s_name(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: ``alpha`` (sorted first) was proposed as ``pole-a``, the other folder's name,
    and « Pôle A », and ``pole-a``'s « La Forge » as « Pôle B »: --apply refused the review
    (« the pseudonym 'pole-a' is how E5 (pole-a) is written »); a mapping without those rows
    named ``alpha``'s documents ``pole-a/…`` and ``pole-a``'s ``pole-b/…``."""
    root = project_with(tmp_project, invoke, {"alpha/e1.txt": MIXED_A, "pole-a/e2.txt": MIXED_B})
    (root / "corpus" / "cases.csv").write_text(MIXED_CASES, encoding="utf-8")
    assert invoke("import", str(root / "corpus")).exit_code == 0
    review = _review(invoke, root)
    rows = _rows(review)
    assert rows["alpha"]["pseudonym"] == "pole-b"
    assert rows["Les Ateliers du Val"]["pseudonym"] == "Pôle B"
    assert rows["La Forge"]["pseudonym"] == "Pôle A"
    assert "pole-a" not in rows
    _apply(invoke, review)
    segments, _ = _segments(invoke, tmp_path)
    answers = {s["document"]: s["text"] for s in segments if s["speaker"] != "Enquêteur"}
    assert answers == {
        "pole-b/e1.txt": "Je travaille avec Pôle B.",
        "pole-a/e2.txt": "Je suis à Pôle A depuis 2012.",
    }


def test_a_folder_imported_after_the_review_takes_no_given_name(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """The review gave ``alpha`` ``pole-a``; then a folder ``pole-a`` came. Before: every
    anonymised export named both poles ``pole-a``. Now the export is refused until a new
    review, which gives ``alpha`` a letter of its own."""
    root = project_with(tmp_project, invoke, {"alpha/e1.txt": MIXED_A})
    _apply(invoke, _review(invoke, root))
    assert "pole-a,alpha,keep" in (root / "private" / "pseudonyms.csv").read_text()
    (root / "corpus" / "pole-a").mkdir()
    (root / "corpus" / "pole-a" / "e2.txt").write_text(MIXED_B, encoding="utf-8")
    assert invoke("import", str(root / "corpus")).exit_code == 0
    out = tmp_path / "segments.csv"
    result = invoke("segments", "export", str(out), "--anonymise")
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert (
        "the pseudonym 'pole-a' of E2 (alpha) is now the name of another case's folder: the "
        "exports would give that pole's name to this one; nothing was written"
    ) in said
    assert "pseudonymise --review" in said and not out.exists()
    review = _review(invoke, root, "revue-2.xlsx")
    assert _rows(review)["alpha"]["pseudonym"] == "pole-b"
    _apply(invoke, review)
    segments, _ = _segments(invoke, tmp_path)
    assert {s["document"] for s in segments} == {"pole-b/e1.txt", "pole-a/e2.txt"}


def test_a_pole_named_as_its_pseudonym_already_is_left_as_it_is(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """A group that named its folder ``pole-a`` and its pole « Pôle A » hides nothing there:
    neither is proposed (the review's « Pôle A » for « Pôle A » was refused at --apply as its
    own name)."""
    root = project_with(
        tmp_project, invoke, {"pole-a/e2.txt": MIXED_B.replace("la Forge", "Pôle A")}
    )
    (root / "corpus" / "cases.csv").write_text("case,nom\npole-a,Pôle A\n", encoding="utf-8")
    assert invoke("import", str(root / "corpus")).exit_code == 0
    review = _review(invoke, root)
    assert not {"pole-a", "Pôle A"} & set(_rows(review))
    _apply(invoke, review)
    segments, _ = _segments(invoke, tmp_path)
    assert segments[1]["text"] == "Je suis à Pôle A depuis 2012."


def test_a_case_s_folder_name_typed_as_a_pseudonym_is_refused(
    tmp_project: Path, invoke: Invoke
) -> None:
    root = project_with(tmp_project, invoke, {"alpha/e1.txt": MIXED_A, "pole-a/e2.txt": MIXED_B})
    review = _review(invoke, root)
    _edit(review, "Marie Dupont", "pseudonym", "POLE-A")
    result = invoke("pseudonymise", "--apply", str(review))
    assert result.exit_code == 1
    assert (
        "the pseudonym 'POLE-A' is the name of another case's folder: the exports would give "
        "that pole's name to this one; choose another"
    ) in " ".join(result.output.split())
    assert not (root / "private" / "pseudonyms.csv").exists()


@pytest.mark.parametrize(
    ("cases", "previous", "expected"),
    [
        (["alpha", "beta"], {}, {"alpha": "A", "beta": "B"}),
        (["alpha", "pole-a"], {}, {"alpha": "B", "pole-a": "A"}),
        (["pole-b", "zeta"], {}, {"pole-b": "B", "zeta": "A"}),
        (["alpha", "pole-a", "pole-c"], {}, {"alpha": "B", "pole-a": "A", "pole-c": "C"}),
        # pole-c past the poles' number, pole-n (« nord »?) alone: letters as the report's
        (["alpha", "pole-c"], {}, {"alpha": "A", "pole-c": "B"}),
        (["pole-n"], {}, {"pole-n": "A"}),
        # a letter the review gave is kept, and not given again
        (["aardvark", "alpha"], {"alpha": "pole-a"}, {"aardvark": "B", "alpha": "A"}),
        (["aardvark", "alpha"], {"Les Ateliers": "Pôle B"}, {"aardvark": "A", "alpha": "B"}),
        # a letter the review gave to a case that is gone
        (["alpha", "gamma"], {"beta": "pole-a"}, {"alpha": "B", "gamma": "C"}),
        # a folder pole-a came after the review gave alpha that letter
        (["alpha", "pole-a"], {"alpha": "pole-a"}, {"alpha": "B", "pole-a": "A"}),
    ],
)
def test_the_letters_of_the_poles(
    cases: list[str], previous: dict[str, str], expected: dict[str, str]
) -> None:
    from ptce_coding.privacy.known import pole_letters

    names = {"alpha": ["Les Ateliers"]}
    assert pole_letters(cases, names, previous) == expected


# --- probes: contact details, invisible characters, pseudonyms ------------------------------

PEOPLE = [
    Entity("E1", "person", "Marie Dupont", ["Marie Dupont", "Marie", "Dupont"], "Personne 1"),
    Entity("E2", "organisation", "Biscuiterie", ["Collectif Biscuiterie", "Biscuiterie"], "Pôle A"),
    Entity("E3", "organisation", "Encre Vive", ["Encre Vive"], "Organisation 1"),
    Entity("E4", "email", "contact@encre.fr", ["contact@encre.fr"], "Courriel 1"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Écrivez à Marie.Dupont@bisc.fr.", "Écrivez à [courriel]."),
        ("Dupont@gmail.com ou contact@encre.fr", "[courriel] ou Courriel 1"),
        ("Voir www.Biscuiterie.fr, c'est fait.", "Voir [site web], c'est fait."),
        ("Le site https://biscuiterie.fr/Marie est bien.", "Le site [site web] est bien."),
        ("https://x.fr/?nom=Marie%20Dupont ici", "[site web] ici"),
        ("sur https://encre.org/Encre Vive hier", "sur [site web] hier"),
        ("Marie Dupont, marie@x.fr", "Personne 1, [courriel]"),
    ],
)
def test_a_contact_detail_is_replaced_whole_over_the_names_inside_it(
    text: str, expected: str
) -> None:
    """Before: a name inside won (« Personne 1.Personne 1@bisc.fr », « www.Pôle A.fr ») and
    the address was left around it, or the rest of the name in clear (« https://biscuiterie
    .fr/Personne 1 », the pole's name in the domain; « …=Personne 1%20Dupont »)."""
    anonymised = AnonymisedText.of(text, Replacer(PEOPLE))
    assert anonymised.text == expected


def test_a_name_that_opens_with_an_article_is_found_with_it_in_lower_case() -> None:
    """Before: « avec les Ateliers du Val » stayed in clear (the name is « Les Ateliers du
    Val »), or became « Pôle B du Val » when « les Ateliers » was a short form."""
    poles = [
        Entity("E1", "organisation", "Les Ateliers du Val", ["Les Ateliers du Val"], "Pôle B"),
        Entity("E2", "organisation", "L'Escale", ["L'Escale", "Escale"], "Organisation 1"),
    ]
    text = "Avec les Ateliers du Val et l’Escale. Les Ateliers du Val aussi."
    assert AnonymisedText.of(text, Replacer(poles)).text == (
        "Avec Pôle B et Organisation 1. Pôle B aussi."
    )
    short = [replace(poles[0], variants=[*poles[0].variants, "Ateliers", "les Ateliers"])]
    assert AnonymisedText.of("Avec les Ateliers du Val.", Replacer(short)).text == "Avec Pôle B."


def test_a_soft_hyphen_does_not_hide_a_name() -> None:
    """Before: « Collectif Bis\u00adcuiterie » (a soft hyphen pasted from a web page or a
    PDF, invisible) and « Ma\u200brie » stayed in clear; a coding's bounds stay on the name."""
    text = "Et Collectif Bis\u00adcuiterie aussi, avec Ma\u200brie Dupont."
    anonymised = AnonymisedText.of(text, Replacer(PEOPLE))
    assert anonymised.text == "Et Pôle A aussi, avec Personne 1."
    start = text.index("Collectif")
    assert anonymised.span(start, start + len("Collectif Bis\u00adcuiterie")) == (3, 9)


def test_a_pseudonym_that_holds_a_name_is_refused(tmp_project: Path, invoke: Invoke) -> None:
    """Before: « directrice du collectif biscuiterie » as Marie Dupont's pseudonym was applied,
    and every export wrote the pole's name in it (a pseudonym is not searched again)."""
    root = project_with(tmp_project, invoke, {"alpha/e1.txt": ALPHA, "beta/e2.txt": BETA})
    (root / "corpus" / "cases.csv").write_text(CASES, encoding="utf-8")
    assert invoke("import", str(root / "corpus")).exit_code == 0
    review = _review(invoke, root)
    rows = _rows(review)
    _edit(review, "Marie Dupont", "pseudonym", "directrice du collectif biscuiterie")
    result = invoke("pseudonymise", "--apply", str(review))
    assert result.exit_code == 1
    assert (
        f"{rows['Marie Dupont']['entity']}: the pseudonym 'directrice du collectif biscuiterie' "
        "holds a name the exports hide (Collectif Biscuiterie): it would be written in clear; "
        "choose another"
    ) in " ".join(result.output.split())
    _edit(review, "Marie Dupont", "pseudonym", "directrice du pôle")  # a role is fine
    _apply(invoke, review)


def test_the_commands_read_the_members_file_the_project_names(
    reviewed: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """`network.members: membres-2016.csv` in project.yaml: the anonymised exports and the
    report read that file (they read corpus/members.csv whatever the project said)."""
    elsewhere = reviewed / "membres-2016.csv"
    elsewhere.write_text(MEMBERS_LATER, encoding="utf-8")
    settings = reviewed / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "  members: corpus/members.csv" in text
    settings.write_text(
        text.replace("  members: corpus/members.csv", "  members: membres-2016.csv")
    )
    segments, result = _segments(invoke, tmp_path)
    everything = "\n".join(s["text"] for s in segments)
    assert "Fournil" not in everything and "Radio Encre" not in everything
    assert "Warning: " in result.output
