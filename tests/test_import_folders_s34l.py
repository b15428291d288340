"""A file or folder of the project's corpus belongs to the case folder it is in, however it
is imported; a README is notes about a folder, never an interview; the import line and
`documents` give one number of words and one of words counted (S34 trial: helper G's
« Remarqué, laissé tel quel », helper E's finding 9). Read through `import` and `documents`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

ENTRETIEN = "Enquêteur : Comment est né le pôle ?\n\nMarie : On a répondu à l'appel à projets.\n"
SOUS = "Enquêteur : Et la gouvernance ?\n\nPaul : Le conseil se réunit chaque mois.\n"
NOTES = "# Notes\n\nCe dossier contient les entretiens du pôle, transcrits en 2024.\n"


def listed(invoke: Callable[..., Result]) -> dict[str, dict[str, object]]:
    """document → its row of `documents`."""
    result = invoke("documents", "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["document"]: row for row in json.loads(result.output)}


def cases(invoke: Callable[..., Result]) -> dict[str, object]:
    return {name: row["case"] for name, row in listed(invoke).items()}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pole_c(root: Path) -> Path:
    """corpus/pole-c/entretien.txt and corpus/pole-c/sous/x.txt; the corpus folder's path."""
    write(root / "corpus" / "pole-c" / "entretien.txt", ENTRETIEN)
    write(root / "corpus" / "pole-c" / "sous" / "x.txt", SOUS)
    return root / "corpus"


WHOLE = {
    "pole-a/directrice.txt": "pole-a",
    "pole-b/membre.md": "pole-b",
    "pole-c/entretien.txt": "pole-c",
    "pole-c/sous/x.txt": "pole-c",
}
POLE_C = {"pole-c/entretien.txt": "pole-c", "pole-c/sous/x.txt": "pole-c"}


def test_a_case_folder_of_the_corpus_is_that_case(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """`import corpus/pole-c` imports pole-c, as `import corpus/` does; nothing is skipped."""
    corpus = pole_c(tmp_project)
    result = invoke("import", str(corpus / "pole-c"))
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output
    assert cases(invoke) == POLE_C
    result = invoke("import", str(corpus))
    assert result.exit_code == 0, result.output
    assert "unchanged  pole-c/sous/x.txt" in result.output
    assert cases(invoke) == WHOLE


def test_a_file_deep_in_a_case_folder_is_of_that_case(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """`import corpus/pole-c/sous/x.txt` alone, or its folder: case pole-c, not `sous`."""
    corpus = pole_c(tmp_project)
    result = invoke("import", str(corpus / "pole-c" / "sous" / "x.txt"))
    assert result.exit_code == 0, result.output
    assert "added  pole-c/sous/x.txt" in result.output
    assert cases(invoke) == {"pole-c/sous/x.txt": "pole-c"}
    result = invoke("import", str(corpus / "pole-c" / "sous"))
    assert "unchanged  pole-c/sous/x.txt" in result.output
    result = invoke("import", str(corpus))
    assert result.exit_code == 0, result.output
    assert cases(invoke) == WHOLE


def test_a_sub_folder_of_the_corpus_keeps_its_path_with_case(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """With --case, a sub-folder of a case folder keeps its place in the name, as the
    corpus import names it (`pole-c/sous/x.txt`, not `pole-c/x.txt`)."""
    corpus = pole_c(tmp_project)
    result = invoke("import", str(corpus / "pole-c" / "sous"), "--case", "pole-c")
    assert result.exit_code == 0, result.output
    assert cases(invoke) == {"pole-c/sous/x.txt": "pole-c"}


def test_a_file_at_the_corpus_root_is_in_no_case(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """As the corpus import says of it, not a case named « corpus »; --case places it."""
    path = write(tmp_project / "corpus" / "vrac.txt", ENTRETIEN)
    result = invoke("import", str(path))
    assert result.exit_code == 0, result.output
    assert "skipped  vrac.txt: not in a case sub-folder (or give --case)" in result.output
    assert cases(invoke) == {}
    result = invoke("import", str(path), "--case", "pole-d")
    assert result.exit_code == 0, result.output
    assert cases(invoke) == {"pole-d/vrac.txt": "pole-d"}


def test_a_hidden_folder_of_the_corpus_is_no_case(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """The corpus import leaves corpus/.brouillon out, and no case can be named so: given
    alone, its file fails with what to do, and imports with --case."""
    path = write(tmp_project / "corpus" / ".brouillon" / "b.txt", ENTRETIEN)
    for given in (path, path.parent):
        result = invoke("import", str(given))
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert "its case would be .brouillon, a hidden folder's name" in result.output
        assert "give --case" in result.output
        assert cases(invoke) == {}
    result = invoke("import", str(path.parent), "--case", "brouillon")
    assert result.exit_code == 0, result.output
    assert cases(invoke) == {"brouillon/b.txt": "brouillon"}


def test_outside_the_corpus_the_rules_stay(
    invoke: Callable[..., Result], tmp_project: Path, tmp_path: Path
) -> None:
    """Elsewhere, a folder's first-level sub-folders are cases and a file alone is of its
    folder's name."""
    outside = tmp_path / "ailleurs"
    write(outside / "poles" / "pole-e" / "sous" / "y.txt", SOUS)
    write(outside / "poles" / "racine.txt", SOUS.replace("Paul", "Luc"))
    alone = write(outside / "pole-f" / "z.txt", ENTRETIEN.replace("Marie", "Zoé"))
    result = invoke("import", str(outside / "poles"), str(alone))
    assert result.exit_code == 0, result.output
    assert "skipped  racine.txt: not in a case sub-folder (or give --case)" in result.output
    assert cases(invoke) == {"pole-e/sous/y.txt": "pole-e", "pole-f/z.txt": "pole-f"}


def test_a_readme_is_no_interview(
    invoke: Callable[..., Result], tmp_project: Path, tmp_path: Path
) -> None:
    """A README (README.md, readme.txt, LISEZMOI.docx…) in a folder imported with --case is
    not imported, as in a case folder of the corpus; at the corpus root it is passed over
    without a word, as before; given alone, it is imported as asked."""
    folder = tmp_path / "pole-g"
    write(folder / "entretien.txt", ENTRETIEN)
    write(folder / "README.md", NOTES)
    write(folder / "Lisez-moi.txt", NOTES.replace("2024", "2023"))
    result = invoke("import", str(folder), "--case", "pole-g")
    assert result.exit_code == 0, result.output
    assert cases(invoke) == {"pole-g/entretien.txt": "pole-g"}
    assert "skipped  pole-g/README.md: a README" in result.output
    assert "skipped  pole-g/Lisez-moi.txt: a README" in result.output

    write(tmp_project / "corpus" / "README.md", NOTES)
    write(tmp_project / "corpus" / "pole-b" / "readme.txt", NOTES.replace("2024", "2022"))
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    assert "skipped  pole-b/readme.txt: a README" in result.output
    assert "README.md" not in result.output  # the corpus root's notes, as before
    assert "readme" not in " ".join(cases(invoke))

    result = invoke("import", str(folder / "README.md"), "--case", "pole-g")
    assert result.exit_code == 0, result.output
    assert "added  pole-g/README.md" in result.output


LINE = re.compile(r"added pole-c/entretien\.txt \((\d+) segments, (\d+) words, (\d+) counted\)")


def test_one_number_of_words_and_one_counted(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """The import line gives the words and counted words `documents` lists, and the line
    under it says where every other word went: no second total."""
    corpus = pole_c(tmp_project)
    result = invoke("import", str(corpus / "pole-c" / "entretien.txt"))
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    found = LINE.search(output)
    assert found, output
    segments, words, counted = map(int, found.groups())
    row = listed(invoke)["pole-c/entretien.txt"]
    assert (row["segments"], row["words"], row["counted"]) == (segments, words, counted)
    assert (words, counted) == (17, 7)
    # the interviewer's 6 words, the labels « Enquêteur : » and « Marie : » (4 words)
    assert (
        "not coded nor counted: 6 words in interviewer turns, "
        "4 words of speaker labels and timestamps" in output
    )
    assert "of 13 words" not in output
