"""More bad input found by fuzzing: settings, codebooks and codings files that were accepted
silently with a wrong result. Each is now refused with what is wrong, where and what to do, or
accepted with a warning."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.codebook.loader import load_codebook
from ptce_coding.store import Store
from tests.test_agreement_cli import ALICE, segment_spans, write_codings
from tests.test_bad_input_cli import refused

Invoke = Callable[..., Result]


def add_settings(root: Path, text: str) -> int:
    """``text`` appended to project.yaml; the line number of its first line."""
    settings = root / "project.yaml"
    before = settings.read_text(encoding="utf-8")
    settings.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


# 1. structure.code naming a code of the codebook


def test_structure_code_that_is_a_codebook_code_is_refused(invoke: Invoke, imported: Path) -> None:
    codebook = imported / "codebooks" / "ptce.yaml"
    before = codebook.read_text(encoding="utf-8")
    structure = "structure:\n  code: COOP\n  headings: '^(?P<key>Entretien .+)$'\n"
    line = add_settings(imported, structure)
    refused(
        invoke("structure"),
        f"project.yaml, line {line + 1}: `structure.code` COOP is a code of the codebook (",
        "codebooks/ptce.yaml, line 5: Coopération): the interviews' headings would be coded "
        "under it, as COOP.…, and counted in COOP",
        "Give `structure.code` an id that is not in the codebook (STRUCT, for example)",
    )
    assert codebook.read_text(encoding="utf-8") == before
    with Store(imported / "coding.sqlite") as store:
        assert store.coding_rows(coders=["structure"]) == []


def test_structure_code_the_structure_made_is_reused(invoke: Invoke, imported: Path) -> None:
    # a question of the interview (its title line, « Entretien avec … », is never one)
    add_settings(imported, "structure:\n  code: STRUCT\n  headings: '^(?P<key>Et les achats)'\n")
    first = invoke("structure")
    assert first.exit_code == 0, first.output
    assert "codes added" in first.output
    book = load_codebook(imported / "codebooks" / "ptce.yaml")
    assert [c.id for c in book.children("STRUCT")] == ["STRUCT.ET_LES_ACHATS"]
    again = invoke("structure")  # STRUCT is now in the codebook: the structure's own code
    assert again.exit_code == 0, again.output
    assert "0 codes added" in again.output


# 2. codebook ids that read as under a code that does not exist


def test_dotted_id_without_its_parent_is_a_warning(invoke: Invoke, tmp_project: Path) -> None:
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    text = codebook.read_text(encoding="utf-8")
    codebook.write_text(
        text + "  - id: B.C\n    label: Orphelin\n  - id: COOP.HORS\n    label: Hors de COOP\n",
        encoding="utf-8",
    )
    lines = codebook.read_text(encoding="utf-8").splitlines()
    orphan = lines.index("  - id: B.C") + 1
    outside = lines.index("  - id: COOP.HORS") + 1
    result = invoke("codebook", "validate")
    assert result.exit_code == 0, result.output
    assert (
        f"warning: codebooks/ptce.yaml, line {orphan}: code B.C: its id reads as a sub-code "
        "of B, which is not in the codebook (it is a top-level code: add B, or give it an id "
        "without a dot)" in result.output
    )
    assert (
        f"warning: codebooks/ptce.yaml, line {outside}: code COOP.HORS: its id reads as a "
        "sub-code of COOP, but it is a top-level code (nest it under COOP, or give it "
        "`parent: COOP`)" in result.output
    )


def test_rename_under_its_own_or_a_missing_code_is_refused(invoke: Invoke, imported: Path) -> None:
    codebook = imported / "codebooks" / "ptce.yaml"
    before = codebook.read_text(encoding="utf-8")
    refused(
        invoke("codebook", "rename", "COOP.LIEU", "COOP.LIEU.SUB"),
        "cannot rename COOP.LIEU to COOP.LIEU.SUB: the new id reads as a sub-code of "
        "COOP.LIEU, which would no longer exist",
        "ptce-coding codebook split",
    )
    refused(
        invoke("codebook", "rename", "COOP.LIEU", "NOPE.LIEU"),
        "cannot rename COOP.LIEU to NOPE.LIEU: the new id reads as a sub-code of NOPE, "
        "which is not in the codebook",
        "ptce-coding codebook move",
    )
    assert codebook.read_text(encoding="utf-8") == before
    assert invoke("codebook", "rename", "COOP.LIEU", "COOP.LOCAUX").exit_code == 0
    assert invoke("codebook", "rename", "ECO", "ECONOMIE").exit_code == 0


# 3. a language with no pipeline


def test_language_spacy_does_not_know_is_refused_at_load(invoke: Invoke, tmp_project: Path) -> None:
    settings = tmp_project / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("language: fr", "language: zz"), encoding="utf-8")
    line = text.splitlines().index("language: fr") + 1
    refused(
        invoke("documents"),
        f"project.yaml, line {line}: `language`: spaCy does not know the language 'zz', so "
        "the toolkit has no pipeline for it",
        "Set `language` to fr (the full French model) or to a language spaCy tokenises",
        "de, dsb, el, en, es,",
    )


# 4. codings import: the taggers' names, and digits that are not ASCII


@pytest.mark.parametrize("coder", ["rules", "model", "structure", " Rules "])
def test_codings_import_refuses_the_taggers_names(
    invoke: Invoke, imported: Path, coder: str
) -> None:
    spans = segment_spans(invoke, imported)
    write_codings(imported / "codings.csv", coder, ALICE[:2], spans)
    refused(
        invoke("codings", "import", str(imported / "codings.csv")),
        "codings.csv: 2 row(s) cannot be imported, so nothing was imported",
        f"row 2: coder {coder.strip()!r} is the name of a tagger",
    )
    refused(
        invoke("codings", "import", str(imported / "codings.csv"), "--coder", "alice"),
        "is the name of a tagger",
    )
    with Store(imported / "coding.sqlite") as store:
        assert store.coding_rows(methods=["import"]) == []


def test_codings_import_refuses_non_ascii_digits(invoke: Invoke, imported: Path) -> None:
    table = imported / "codings.csv"
    table.write_text(
        "document,start,end,code,coder\npole-a/directrice.txt,٣,٣٤,COOP.LIEU,alice\n",
        encoding="utf-8",
    )
    refused(
        invoke("codings", "import", str(table)),
        "row 2: start and end must be whole numbers (got '٣', '٣٤')",
    )


# 5. coders named in the settings or options who coded nothing


@pytest.fixture
def alice_coded(invoke: Invoke, imported: Path) -> Path:
    spans = segment_spans(invoke, imported)
    write_codings(imported / "alice.csv", "alice", ALICE, spans)
    result = invoke("codings", "import", str(imported / "alice.csv"))
    assert result.exit_code == 0, result.output
    return imported


@pytest.mark.parametrize("option", ["--coder", "--coders"])
def test_matrix_for_a_coder_with_no_coding_is_refused(
    invoke: Invoke, alice_coded: Path, option: str
) -> None:
    refused(
        invoke("matrix", option, "nobody"),
        "no coding by nobody in the store",
        "Coders with codings: alice.",
    )
    result = invoke("matrix", option, "alice", "--format", "json")
    assert result.exit_code == 0, result.output
    assert any(row["COOP.LIEU"] for row in json.loads(result.stdout))


def test_matrix_notes_settings_that_name_a_coder_with_no_coding(
    invoke: Invoke, alice_coded: Path
) -> None:
    settings = alice_coded / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("  coders: []", "  coders: [alice, nobody]"), "utf-8")
    result = invoke("matrix", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "`analysis.coders` in project.yaml names nobody, with no coding" in result.output
    assert "coders with codings: alice" in result.output
    settings.write_text(text.replace("  coders: []", "  coders: [alice]"), "utf-8")
    # no note (s39: the line saying whose codings are counted names the settings)
    assert "`analysis.coders` in project.yaml names" not in (
        invoke("matrix", "--format", "json").output
    )
