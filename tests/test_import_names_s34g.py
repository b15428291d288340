"""Two poles' files of the same name are two documents: a file imported alone is named
`<case>/<file>`, as a folder of the corpus names it, and never replaces another case's
interview (S34 trial, finding 2). Read through `import`, `codings import`, `documents`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.cli import cli
from ptce_coding.store import Store

MARIE = (
    "Enquêteur : Comment est né le pôle ?\n\n"
    "Marie : On a répondu à l'appel à projets de 2013 avec la communauté de communes.\n"
)
PAUL = (
    "Enquêteur : Et la gouvernance ?\n\n"
    "Paul : Le conseil d'administration de la SCIC se réunit chaque mois.\n"
)
PASSAGE = "appel à projets de 2013"


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[Path, Path]:
    """/x/a/entretien.txt (Marie, pôle A) and /x/b/entretien.txt (Paul, pôle B)."""
    a, b = tmp_path / "in" / "a" / "entretien.txt", tmp_path / "in" / "b" / "entretien.txt"
    for path, text in ((a, MARIE), (b, PAUL)):
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    return a, b


def listed(invoke: Callable[..., Result]) -> dict[str, str]:
    """document → case, from `documents`."""
    result = invoke("documents", "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["document"]: row["case"] for row in json.loads(result.output)}


def code_by_hand(invoke: Callable[..., Result], root: Path, document: str, text: str) -> None:
    """alice codes the passage PASSAGE of ``document`` (an accepted manual coding)."""
    start = text.index(PASSAGE)
    sheet = root / "alice.csv"
    sheet.write_text(
        "document,start,end,code,coder\n"
        f"{document},{start},{start + len(PASSAGE)},ECO.PUBLIC,alice\n",
        encoding="utf-8",
    )
    result = invoke("codings", "import", str(sheet))
    assert result.exit_code == 0, result.output


def alice_codings(root: Path) -> list[tuple[str, str, str]]:
    """(document, case, coded text) of alice's codings in the store."""
    with Store(root / "coding.sqlite") as store:
        return [
            (row.document, row.case, row.text or "") for row in store.coding_rows(coders=["alice"])
        ]


def test_two_poles_files_of_one_name_are_two_documents(
    invoke: Callable[..., Result], tmp_project: Path, two_files: tuple[Path, Path]
) -> None:
    a, b = two_files
    result = invoke("import", str(a), "--case", "pole-a")
    assert result.exit_code == 0, result.output
    (marie_name,) = listed(invoke)  # the name the import gave it
    code_by_hand(invoke, tmp_project, marie_name, MARIE)

    result = invoke("import", str(b), "--case", "pole-b")
    assert result.exit_code == 0, result.output
    assert "replaced" not in result.output
    assert "added  pole-b/entretien.txt" in result.output

    documents = listed(invoke)
    assert documents["pole-a/entretien.txt"] == "pole-a"
    assert documents["pole-b/entretien.txt"] == "pole-b"
    with Store(tmp_project / "coding.sqlite") as store:
        marie = store.document("pole-a/entretien.txt")
        paul = store.document("pole-b/entretien.txt")
        assert marie is not None and "Marie" in marie.text and "Paul" not in marie.text
        assert paul is not None and "Paul" in paul.text
    assert alice_codings(tmp_project) == [("pole-a/entretien.txt", "pole-a", PASSAGE)]


def test_a_corpus_file_imported_alone_is_its_folder_import_document(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """Edited, then imported alone, a file of the corpus replaces its document (codings
    follow), not a second document beside it."""
    path = imported / "corpus" / "pole-a" / "directrice.txt"
    before = set(listed(invoke))
    path.write_text(path.read_text(encoding="utf-8") + "\nMarie Dupont : Une phrase.\n")

    result = invoke("import", str(path))
    assert result.exit_code == 0, result.output
    assert "replaced  pole-a/directrice.txt" in result.output
    assert set(listed(invoke)) == before


def test_a_file_again_with_another_case_says_how_to_move_it(
    invoke: Callable[..., Result], tmp_project: Path, two_files: tuple[Path, Path]
) -> None:
    a, _ = two_files
    assert invoke("import", str(a), "--case", "pole-a").exit_code == 0
    code_by_hand(invoke, tmp_project, "pole-a/entretien.txt", MARIE)

    # unchanged: not moved, and the command that moves it is given
    result = invoke("import", str(a), "--case", "pole-b")
    assert "duplicate  pole-b/entretien.txt" in result.output
    assert "documents move pole-a/entretien.txt --case pole-b" in result.output
    assert listed(invoke) == {"pole-a/entretien.txt": "pole-a"}

    # changed: refused, not a second document of the same file in pole-b
    a.write_text(MARIE + "\nMarie : Et la SCIC est venue ensuite.\n", encoding="utf-8")
    result = invoke("import", str(a), "--case", "pole-b")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "imported as document 'pole-a/entretien.txt' of case pole-a" in result.output
    assert "documents move pole-a/entretien.txt --case pole-b" in result.output
    assert listed(invoke) == {"pole-a/entretien.txt": "pole-a"}
    assert alice_codings(tmp_project) == [("pole-a/entretien.txt", "pole-a", PASSAGE)]

    # the advice followed: moved with its coding, then the new version replaces it
    result = invoke("documents", "move", "pole-a/entretien.txt", "--case", "pole-b", "--yes")
    assert result.exit_code == 0, result.output
    result = invoke("import", str(a), "--case", "pole-b")
    assert result.exit_code == 0, result.output
    assert "replaced  pole-b/entretien.txt" in result.output
    assert listed(invoke) == {"pole-b/entretien.txt": "pole-b"}
    assert alice_codings(tmp_project) == [("pole-b/entretien.txt", "pole-b", PASSAGE)]


@pytest.mark.parametrize("case", ["", "  ", "pole/a", ".cache"])
def test_a_case_that_is_no_folder_name_is_refused(
    invoke: Callable[..., Result], tmp_project: Path, two_files: tuple[Path, Path], case: str
) -> None:
    a, _ = two_files
    result = invoke("import", str(a), "--case", case)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "--case: the case name" in result.output
    assert not (tmp_project / "coding.sqlite").exists() or listed(invoke) == {}


def test_a_document_named_before_by_its_file_name_is_still_found(
    invoke: Callable[..., Result], tmp_project: Path, two_files: tuple[Path, Path]
) -> None:
    """A store filled before: a file imported alone was named `entretien.txt`. Its new
    version replaces it (codings follow); another pole's file of that name is a new
    document, and leaves it as it is."""
    a, b = two_files
    assert invoke("import", str(a), "--case", "pole-a").exit_code == 0
    with sqlite3.connect(tmp_project / "coding.sqlite") as db:
        db.execute("UPDATE documents SET name = 'entretien.txt'")
    db.close()
    code_by_hand(invoke, tmp_project, "entretien.txt", MARIE)

    result = invoke("import", str(b), "--case", "pole-b")
    assert result.exit_code == 0, result.output
    assert listed(invoke) == {"entretien.txt": "pole-a", "pole-b/entretien.txt": "pole-b"}

    a.write_text(MARIE + "\nMarie : Et la SCIC est venue ensuite.\n", encoding="utf-8")
    result = invoke("import", str(a), "--case", "pole-a")
    assert result.exit_code == 0, result.output
    assert "replaced  entretien.txt" in result.output
    assert "1 coding(s) carried over" in result.output
    assert listed(invoke) == {"entretien.txt": "pole-a", "pole-b/entretien.txt": "pole-b"}
    assert alice_codings(tmp_project) == [("entretien.txt", "pole-a", PASSAGE)]


def test_a_document_of_that_name_in_another_case_is_never_replaced(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """A store filled before: `import corpus/ --case pole-b` named pole-a's file
    `pole-a/directrice.txt` in case pole-b. Importing the folder now does not replace it
    with the file, in case pole-a: the file is refused, with what to do."""
    with sqlite3.connect(imported / "coding.sqlite") as db:
        db.execute(
            "UPDATE documents SET case_id = (SELECT id FROM cases WHERE name = 'pole-b') "
            "WHERE name = 'pole-a/directrice.txt'"
        )
    db.close()
    path = imported / "corpus" / "pole-a" / "directrice.txt"
    old = path.read_text(encoding="utf-8")
    path.write_text(old.replace("depuis 2012", "depuis 2014"), encoding="utf-8")

    outcome = invoke("import", str(imported / "corpus"))
    assert outcome.exit_code == 1, outcome.output
    assert "Traceback" not in outcome.output
    assert "a document 'pole-a/directrice.txt' of case pole-b exists" in outcome.output
    assert "documents move pole-a/directrice.txt --case pole-a" in outcome.output
    with Store(imported / "coding.sqlite") as store:
        document = store.document("pole-a/directrice.txt")
        assert document is not None and document.case == "pole-b"
        assert "depuis 2012" in document.text


def test_an_empty_case_is_refused_for_a_qdpx_too(
    invoke: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    """Before: `--case ''` put the project's documents in the default case, silently."""
    exchange = tmp_path / "etude.qdpx"
    result = invoke("export", "qdpx", str(exchange))
    assert result.exit_code == 0, result.output
    other = tmp_path / "other"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(other)]).exit_code == 0
    result = runner.invoke(cli, ["import", str(exchange), "--case", "", "--project", str(other)])
    assert result.exit_code != 0
    assert "--case: the case name '' is empty" in result.output
    with Store(other / "coding.sqlite") as store:
        assert store.documents() == []
