"""The study reshaped after coding has started (documents and cases removed, restored and
moved, the history, the interview's structure as codes): each change found to lose, garble or
ignore something now gives the right result or a clear error, and the manual codings and memos
are all still there."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.store import Store
from ptce_coding.store import base as store_base
from tests.test_agreement_cli import ALICE, segment_spans, write_codings
from tests.test_bad_input_cli import refused

Invoke = Callable[..., Result]
B = "pole-b/membre.md"


@pytest.fixture
def coded(invoke: Invoke, tmp_project: Path) -> Path:
    """The test corpus imported, alice's manual codings in, a memo on a document, a case and
    one of alice's codings of pole-b."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    sheet = tmp_project / "alice.csv"
    write_codings(sheet, "alice", ALICE, segment_spans(invoke, tmp_project))
    assert invoke("codings", "import", str(sheet)).exit_code == 0
    with Store(tmp_project / "coding.sqlite") as store:
        coding = store.coding_rows(documents=[B], coders=["alice"], codes=["COOP.LIEU"])[0]
        store.add_memo("coding", str(coding.id), "Un bureau, pas des locaux ?")
        store.add_memo("document", B, "Entretien court.")
        store.add_memo("case", "pole-b", "Pôle récent.")
    return tmp_project


def exported(invoke: Invoke, root: Path) -> list[tuple[str, str, str, str]]:
    """(document, code, coder, status) of every coding `codings export` writes."""
    out = root / "export.csv"
    result = invoke("codings", "export", str(out))
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return sorted((r["document"], r["code"], r["coder"], r["status"]) for r in rows)


def memos(root: Path) -> list[tuple[str, str, str]]:
    with Store(root / "coding.sqlite") as store:
        return sorted((m.target_kind, m.target, m.text) for m in store.memos())


def event_of(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output.split("(event ")[1].split(":")[0]


# 1. a restore after the codebook changed brought back codings of the code's old id: orphans
# that stopped `codings export`, `matrix` and every command reading codings


def test_restore_after_a_rename_and_a_merge_follows_the_codebook(
    invoke: Invoke, coded: Path
) -> None:
    event = event_of(invoke("documents", "remove", B, "--yes"))
    assert invoke("codebook", "rename", "COOP.LIEU", "COOP.LOCAUX").exit_code == 0
    assert invoke("codebook", "merge", "ECO.PUBLIC", "--into", "ECO").exit_code == 0
    restored = invoke("history", "--restore", event, "--yes")
    assert restored.exit_code == 0, restored.output
    said = " ".join(restored.output.split())
    assert "1 coding(s) of COOP.LIEU are now COOP.LOCAUX, as the codebook changed since" in said
    assert exported(invoke, coded) == [
        ("pole-a/directrice.txt", "COOP.ACHATS", "alice", "accepted"),
        ("pole-a/directrice.txt", "COOP.LOCAUX", "alice", "accepted"),
        ("pole-a/directrice.txt", "ECO", "alice", "accepted"),
        ("pole-a/directrice.txt", "ECO", "alice", "accepted"),
        (B, "COOP.LOCAUX", "alice", "accepted"),
        (B, "ECO", "alice", "accepted"),
    ]
    with Store(coded / "coding.sqlite") as store:
        coding = store.coding_rows(documents=[B], codes=["COOP.LOCAUX"])[0]
        assert ("coding", str(coding.id), "Un bureau, pas des locaux ?") in memos(coded)
        details = store.events()[-1]["details"]
    assert details["recoded"] == {"COOP.LIEU": ["COOP.LOCAUX", 1], "ECO.PUBLIC": ["ECO", 1]}
    assert invoke("matrix").exit_code == 0


def test_history_options_the_restore_would_ignore_are_refused(invoke: Invoke, coded: Path) -> None:
    event = event_of(invoke("documents", "remove", B, "--yes"))
    refused(
        invoke("history", "--restore", event, "--code", "COOP.LIEU", "--yes"),
        "--code filter(s) the listing: --restore puts back one event; give it alone",
    )
    refused(invoke("history", "--yes"), "--yes goes with --restore")
    with Store(coded / "coding.sqlite") as store:
        assert store.document(B) is None  # nothing was restored


def test_a_rename_before_the_removal_is_not_applied_again(invoke: Invoke, coded: Path) -> None:
    """Only the changes made while the document was out apply: a code renamed before, whose
    old id was given to a new code since, keeps the removed codings' id."""
    assert invoke("codebook", "rename", "COOP.LIEU", "COOP.LOCAUX").exit_code == 0
    codebook = coded / "codebooks" / "ptce.yaml"
    text = codebook.read_text(encoding="utf-8")
    codebook.write_text(
        text.replace(
            "      - id: COOP.ACHATS",
            "      - id: COOP.LIEU\n        label: Un lieu\n      - id: COOP.ACHATS",
            1,
        ),
        encoding="utf-8",
    )
    before = exported(invoke, coded)
    event = event_of(invoke("documents", "remove", B, "--yes"))
    assert invoke("history", "--restore", event, "--yes").exit_code == 0
    assert exported(invoke, coded) == before


# 2. a case removed, then a new interview imported into its folder: the restore was refused
# with a hint (« remove or rename the new case ») that no command can follow


def test_a_removed_case_comes_back_into_the_case_made_anew(invoke: Invoke, coded: Path) -> None:
    before, notes = exported(invoke, coded), memos(coded)
    event = event_of(invoke("cases", "remove", "pole-b", "--yes"))
    new = coded / "corpus" / "pole-b" / "nouveau.txt"
    new.write_text("E : Bonjour.\n\nR : Nous partageons un atelier.\n", encoding="utf-8")
    assert invoke("import", str(coded / "corpus")).exit_code == 0
    restored = invoke("history", "--restore", event, "--yes")
    assert restored.exit_code == 0, restored.output
    assert exported(invoke, coded) == before
    assert memos(coded) == notes
    with Store(coded / "coding.sqlite") as store:
        cases = {d.name: d.case for d in store.documents()}
        attributes = store.cases()["pole-b"]
    assert cases == {
        "pole-a/directrice.txt": "pole-a",
        B: "pole-b",
        "pole-b/nouveau.txt": "pole-b",
    }
    assert attributes == {"laureat": "non", "region": "Occitanie"}


# 3. `documents move --case` took names no corpus folder can have


@pytest.mark.parametrize(
    ("case", "problem"),
    [
        ("", "is empty"),
        (" pole-a", "begins or ends with a space"),
        ("pôle/sud", "holds a slash: a case is one folder of the corpus, not a path"),
        (".cache", "begins with . or ~$"),
    ],
)
def test_a_move_to_a_case_name_no_folder_can_have_is_refused(
    invoke: Invoke, coded: Path, case: str, problem: str
) -> None:
    before = exported(invoke, coded)
    refused(
        invoke("documents", "move", B, "--case", case, "--yes"),
        f"Error: the case name {case!r} {problem}",
        "Give the name of a first-level folder of the corpus",
    )
    assert exported(invoke, coded) == before
    with Store(coded / "coding.sqlite") as store:
        assert sorted(store.cases()) == ["pole-a", "pole-b"]


def test_a_move_to_an_accented_case_and_back_keeps_everything(invoke: Invoke, coded: Path) -> None:
    before, notes = exported(invoke, coded), memos(coded)
    moved = invoke("documents", "move", B, "--case", "pôle-sud", "--yes")
    assert moved.exit_code == 0, moved.output
    assert "Move the file to corpus/pôle-sud/membre.md too" in moved.output
    back = invoke("documents", "move", "pôle-sud/membre.md", "--case", "pole-b", "--yes")
    assert back.exit_code == 0, back.output
    # the file never left corpus/pole-b/: nothing to move
    assert "Move the file" not in back.output
    assert exported(invoke, coded) == before
    assert memos(coded) == notes


# 4. an empty history filter listed the whole log as if it were the answer


@pytest.mark.parametrize("option", ["--code", "--coder", "--document", "--action"])
def test_an_empty_history_filter_is_refused(invoke: Invoke, coded: Path, option: str) -> None:
    result = invoke("history", option, "", "--format", "csv")
    refused(result, f"Error: {option} is empty: the history would not be filtered")
    assert "document.add" not in result.output


# 5. the structure: a heading pattern that finds nothing, and a locked store


def structure_settings(root: Path, headings: str) -> None:
    with (root / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"structure:\n  code: STRUCT\n  headings: '{headings}'\n")


@pytest.mark.parametrize(
    ("headings", "found"),
    [
        ("^ZZZ", "`headings` matched none of the 11 paragraphs of the text files"),
        # only the last paragraphs: no answer under any of them
        ("prochain|FSE|Région", "`headings` matched 3 of the 11 paragraphs of the text files, but"),
    ],
)
def test_a_structure_that_finds_no_question_is_refused(
    invoke: Invoke, coded: Path, headings: str, found: str
) -> None:
    codebook = coded / "codebooks" / "ptce.yaml"
    before = codebook.read_text(encoding="utf-8")
    structure_settings(coded, headings)
    refused(
        invoke("structure"),
        "the `structure` setting finds no question in the 2 document(s): " + found,
        "nothing was changed",
    )
    assert codebook.read_text(encoding="utf-8") == before


def test_a_structure_on_a_locked_store_leaves_the_codebook(
    invoke: Invoke, coded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_base, "BUSY_SECONDS", 0.2, raising=False)
    codebook = coded / "codebooks" / "ptce.yaml"
    before = codebook.read_text(encoding="utf-8")
    structure_settings(coded, "^(?P<key>Et les achats)")  # not the title line: never one
    holder = sqlite3.connect(coded / "coding.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        refused(invoke("structure"), "the store is in use by another program (locked)")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert codebook.read_text(encoding="utf-8") == before
    result = invoke("structure")
    assert result.exit_code == 0, result.output
    assert "codes added to" in result.output and codebook.read_text(encoding="utf-8") != before


# 2, again: the case made anew by the restore of one of its documents


def test_a_document_then_its_case_removed_both_come_back(invoke: Invoke, coded: Path) -> None:
    """Restored first, the document makes its case anew; the case's restore then joins it
    (it was refused: « a case 'pole-b' exists again »), its attributes and memo back."""
    before, notes = exported(invoke, coded), memos(coded)
    document = event_of(invoke("documents", "remove", B, "--yes"))
    case = event_of(invoke("cases", "remove", "pole-b", "--yes"))
    assert invoke("history", "--restore", document, "--yes").exit_code == 0
    restored = invoke("history", "--restore", case, "--yes")
    assert restored.exit_code == 0, restored.output
    assert exported(invoke, coded) == before
    assert memos(coded) == notes
    with Store(coded / "coding.sqlite") as store:
        assert store.cases()["pole-b"] == {"laureat": "non", "region": "Occitanie"}


# 6. `documents remove` with a name given twice: listed and counted twice, then stopped with
# « no document » after removing it, the event that keeps it never said


def test_a_document_named_twice_is_removed_once(invoke: Invoke, coded: Path) -> None:
    before = exported(invoke, coded)
    result = invoke("documents", "remove", B, B, "--yes")
    assert result.exit_code == 0, result.output
    assert "Removing 1 document(s), 2 codings and 2 memo(s):" in result.output
    assert result.output.count(f"Removed {B} (event ") == 1
    assert invoke("history", "--restore", event_of(result), "--yes").exit_code == 0
    assert exported(invoke, coded) == before


def test_a_move_to_the_case_it_is_in_is_refused_before_asking(invoke: Invoke, coded: Path) -> None:
    result = invoke("documents", "move", B, "--case", "pole-b")  # no --yes: no question
    refused(result, f"Error: {B} is already in case pole-b")
    assert "Move it to" not in result.output


# 7. a case removed once its documents were gone (removed or moved out) made every later
# `import` and `history --restore` stop with a traceback (KeyError: 'document')


def test_a_case_removed_empty_stops_neither_import_nor_restore(invoke: Invoke, coded: Path) -> None:
    before, notes = exported(invoke, coded), memos(coded)
    document = event_of(invoke("documents", "remove", B, "--yes"))
    case = event_of(invoke("cases", "remove", "pole-b", "--yes"))
    again = invoke("import", str(coded / "corpus"))
    assert again.exit_code == 0, again.output
    assert f"skipped  {B}: removed on " in again.output
    for event in (case, document):
        restored = invoke("history", "--restore", event, "--yes")
        assert restored.exit_code == 0, restored.output
    assert exported(invoke, coded) == before
    assert memos(coded) == notes


# 8. `history --code` of a renamed code, `--document` of a moved document: the events from
# before the change, under the old id or name, were silently left out


def test_history_follows_a_renamed_code_and_a_moved_document(invoke: Invoke, coded: Path) -> None:
    assert invoke("memo", "add", "--code", "COOP.LIEU", "Locaux ou bureau ?").exit_code == 0
    assert invoke("codebook", "rename", "COOP.LIEU", "COOP.LOCAUX").exit_code == 0
    assert invoke("documents", "move", B, "--case", "pole-c", "--yes").exit_code == 0

    def actions(*options: str) -> list[str]:
        result = invoke("history", *options, "--format", "csv")
        assert result.exit_code == 0, result.output
        return [row["action"] for row in csv.DictReader(result.output.splitlines())]

    # the fixture's codings import and its memo on one of alice's codings in pole-b are
    # about COOP.LIEU and pole-b/membre.md too (they name their documents and codes)
    assert actions("--code", "COOP.LOCAUX") == [
        "codings.add",
        "memo.add",
        "codebook.rename",
        "codebook.change",
    ]
    whole = ["document.add", "codings.add", "memo.add", "memo.add", "document.move"]
    assert actions("--document", "pole-c/membre.md") == whole
    # the old name now names nothing: it keeps its own events, not the later ones
    assert actions("--document", B) == whole
