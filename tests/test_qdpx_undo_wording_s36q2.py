"""`codebook undo` of the codes an `import FILE.qdpx --codes add` added says what it undid in
the user's words: the import of that file, its codes and documents taken back, not a
`codebook import` the user never ran."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from .test_qdpx_codes_cases_s36q import tool_project

Invoke = Callable[..., Result]


def test_undo_of_an_import_says_it_undid_that_import(
    invoke: Invoke, tmp_project: Path, tmp_path: Path
) -> None:
    assert invoke("import", str(tool_project(tmp_path)), "--codes", "add").exit_code == 0
    undone = invoke("codebook", "undo")
    assert undone.exit_code == 0, undone.output
    said = [line for line in undone.output.splitlines() if "autre.qdpx" in line]
    assert said, undone.output
    assert said[0].startswith("Undid the import of autre.qdpx of "), undone.output
    assert (
        "2 code(s) taken out of the codebook and 2 document(s) taken back (pole-x/marie, "
        "pole-y/paul; 4 coding(s)), kept in the history: "
        "`ptce-coding import autre.qdpx --codes skip` imports them again without the codes"
    ) in said[0]


def test_a_refused_undo_of_an_import_names_the_import(
    invoke: Invoke, tmp_project: Path, tmp_path: Path
) -> None:
    assert invoke("import", str(tool_project(tmp_path)), "--codes", "add").exit_code == 0
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    text = codebook.read_text(encoding="utf-8")
    assert text.count('label: "Logement"') == 1
    codebook.write_text(text.replace('label: "Logement"', 'label: "Logement social"'), "utf-8")
    undone = invoke("codebook", "undo")
    assert undone.exit_code == 1, undone.output
    said = " ".join(undone.output.split())
    assert "the codebook was edited since `import autre.qdpx --codes add` of " in said
    assert "codebook import" not in said and "Traceback" not in said


def test_codes_without_a_qdpx_is_refused_before_anything_is_imported(
    invoke: Invoke, tmp_project: Path
) -> None:
    result = invoke("import", str(tmp_project / "corpus"), "--codes", "add")
    assert result.exit_code == 1, result.output
    assert "--codes is for a .qdpx project: transcripts bring no codes" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_project / "coding.sqlite").exists()
