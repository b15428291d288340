"""What the study's commands say after its shape changed (s32, helper AC): a row of
documents.csv or cases.csv naming a document moved or a case removed, a transcript's title
line matched by `structure.headings`, the words of an RTF's headers and footers."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from click.testing import Result

from ptce_coding.codebook.loader import load_codebook
from ptce_coding.corpus import rtf
from ptce_coding.store import Store

Invoke = Callable[..., Result]
DATA = Path(__file__).parent / "data"


def today() -> str:
    return datetime.now(UTC).date().isoformat()  # the event log's dates are UTC


def flat(result: Result) -> str:
    return " ".join(result.output.split())


def with_documents_csv(corpus: Path) -> None:
    (corpus / "documents.csv").write_text(
        "document,role\npole-a/directrice.txt,directrice\npole-b/membre.md,membre\n", "utf-8"
    )


# 1. a document moved: its documents.csv row still names its old path, and the next import
# said only « documents.csv names documents not in the store »


def test_a_move_says_to_rename_the_row_and_so_does_the_next_import(
    invoke: Invoke, tmp_project: Path
) -> None:
    corpus = tmp_project / "corpus"
    with_documents_csv(corpus)
    assert invoke("import", str(corpus)).exit_code == 0
    moved = invoke("documents", "move", "pole-a/directrice.txt", "--case", "pole-b", "--yes")
    assert moved.exit_code == 0, moved.output
    assert (
        "corpus/documents.csv has a row for pole-a/directrice.txt: rename it to "
        "pole-b/directrice.txt, or the next import leaves the document without the attributes "
        "it gives"
    ) in flat(moved)
    (corpus / "pole-a" / "directrice.txt").rename(corpus / "pole-b" / "directrice.txt")
    result = invoke("import", str(corpus))
    assert result.exit_code == 0, result.output
    output = flat(result)
    assert (
        "Note: documents.csv names pole-a/directrice.txt, moved to pole-b/directrice.txt with "
        f"`documents move` on {today()}: rename its row to pole-b/directrice.txt"
    ) in output
    assert "names documents not in the store" not in output
    assert "no longer lists pole-b/directrice.txt" not in output  # said by the note above
    # pole-a has no interview left: its cases.csv row is no typo to correct either
    assert (
        "Note: cases.csv names pole-a, whose last interview went with `documents move` on "
        f"{today()} (to pole-b): delete its row from cases.csv"
    ) in output
    assert "correct the name in cases.csv" not in output
    # the row renamed: no note any more, and the document has its attributes again
    with_documents_csv(corpus)
    text = (corpus / "documents.csv").read_text("utf-8").replace("pole-a/", "pole-b/")
    (corpus / "documents.csv").write_text(text, "utf-8")
    again = invoke("import", str(corpus))
    assert "documents.csv" not in again.output, again.output
    with Store(tmp_project / "coding.sqlite") as store:
        assert store.document("pole-b/directrice.txt").attributes["role"] == "directrice"


def test_a_move_with_no_row_in_documents_csv_says_nothing_of_it(
    invoke: Invoke, imported: Path
) -> None:
    moved = invoke("documents", "move", "pole-a/directrice.txt", "--case", "pole-b", "--yes")
    assert moved.exit_code == 0, moved.output
    assert "documents.csv" not in moved.output


# 2. a case removed on purpose: the next import said « cases.csv names case(s) with no
# interview … correct the name in cases.csv »


def test_the_import_after_cases_remove_says_to_delete_the_row(
    invoke: Invoke, tmp_project: Path
) -> None:
    corpus = tmp_project / "corpus"
    with_documents_csv(corpus)
    assert invoke("import", str(corpus)).exit_code == 0
    assert invoke("cases", "remove", "pole-b", "--yes").exit_code == 0
    result = invoke("import", str(corpus))
    assert result.exit_code == 0, result.output
    output = flat(result)
    assert (
        f"Note: cases.csv names pole-b, removed with `cases remove` on {today()}: delete its "
        "row from cases.csv"
    ) in output
    assert (
        f"Note: documents.csv names pole-b/membre.md, removed with `cases remove` on {today()}: "
        "delete its row from documents.csv"
    ) in output
    assert "correct the name" not in output
    assert "names documents not in the store" not in output


def test_a_typo_in_cases_csv_is_still_reported_as_one(invoke: Invoke, tmp_project: Path) -> None:
    corpus = tmp_project / "corpus"
    (corpus / "cases.csv").write_text("case,region\npole-a,Bretagne\npole-bb,Occitanie\n")
    (corpus / "documents.csv").write_text("document,role\npole-a/directrice.tx,directrice\n")
    result = invoke("import", str(corpus))
    assert result.exit_code == 0, result.output
    output = flat(result)
    assert "cases.csv names case(s) with no interview: pole-bb (did you mean pole-b?)" in output
    assert "documents.csv names documents not in the store: pole-a/directrice.tx" in output


# 3. `structure`: the heading pattern of the help made each Markdown transcript's title line
# (« # Entretien avec Mathieu Esparza… ») a structural code, an interviewee's name in the
# codebook


GUIDE = """# Entretien avec Mathieu Esparza, coordinateur

Réalisé le 3 mars 2023.

## Question 1 : présentation

Enquêtrice : Pouvez-vous présenter le pôle ?

Mathieu Esparza : Le pôle est né en 2012.

## Question 2 : les coopérations

Enquêtrice : Et les coopérations ?

Mathieu Esparza : Nous partageons des locaux.
"""


def with_structure(root: Path, headings: str) -> None:
    with (root / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"structure:\n  code: STRUCT\n  headings: '{headings}'\n")


def test_structure_leaves_out_the_title_line_and_says_so(invoke: Invoke, tmp_project: Path) -> None:
    (tmp_project / "corpus" / "pole-b" / "esparza.md").write_text(GUIDE, encoding="utf-8")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with_structure(tmp_project, "^#+\\s*(?P<key>.+)$")
    result = invoke("structure")
    assert result.exit_code == 0, result.output
    book = load_codebook(tmp_project / "codebooks" / "ptce.yaml")
    assert [c.id for c in book.children("STRUCT")] == [
        "STRUCT.QUESTION_1_PRESENTATION",
        "STRUCT.QUESTION_2_LES_COOPERATIONS",
    ]
    assert "Esparza" not in (tmp_project / "codebooks" / "ptce.yaml").read_text("utf-8")
    assert (
        "Left out: the title line of 2 document(s) (pole-b/esparza.md, pole-b/membre.md), "
        "which `structure.headings` matches"
    ) in flat(result)
    with Store(tmp_project / "coding.sqlite") as store:
        rows = store.coding_rows(coders=["structure"])
    assert {row.code for row in rows} == {
        "STRUCT.QUESTION_1_PRESENTATION",
        "STRUCT.QUESTION_2_LES_COOPERATIONS",
    }


def test_structure_keeps_a_question_before_the_first_turn_after_the_title(
    invoke: Invoke, tmp_project: Path
) -> None:
    """Only the first paragraph is the title: « ## Question 1 » after a title line that the
    pattern does not match is a question, though no turn comes before it."""
    guide = "Entretien guidé, pôle B\n\n" + GUIDE.split("\n\n", 2)[2]
    (tmp_project / "corpus" / "pole-b" / "guide.md").write_text(guide, encoding="utf-8")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with_structure(tmp_project, "^#+\\s*(?P<key>Question \\d+)")
    result = invoke("structure")
    assert result.exit_code == 0, result.output
    assert "STRUCT.QUESTION_1: 1 document(s)" in result.output
    assert "Left out" not in result.output


def test_structure_matching_only_title_lines_is_refused_with_the_reason(
    invoke: Invoke, imported: Path
) -> None:
    with_structure(imported, "^#+\\s*(?P<key>.+)$")
    result = invoke("structure")
    assert result.exit_code == 1
    assert (
        "`headings` matched only the title line of 1 document(s) (their first paragraph, before "
        "any speaker turn), which names the interview, not a question; nothing was changed"
    ) in flat(result)


def test_structure_help_suggests_a_pattern_for_the_questions(invoke: Invoke) -> None:
    result = invoke("structure", "--help")
    assert "(?P<key>.+)$" not in result.output
    assert "headings: '^#+\\s*(?P<key>Question \\d+)'" in result.output


# 4. RTF: the words of headers, footers, notes and comments were left out without a word,
# where a .docx says how many


def test_an_rtf_import_says_how_many_words_of_its_headers_it_left_out(
    invoke: Invoke, tmp_project: Path
) -> None:
    shutil.copyfile(DATA / "pdf" / "entretien.rtf", tmp_project / "entretien.rtf")
    result = invoke("import", str(tmp_project / "entretien.rtf"), "--case", "pole-c")
    assert result.exit_code == 0, result.output
    assert "not read: 2 words in headers and footers (not part of the transcript" in flat(result)


def test_rtf_unread_counts_headers_notes_and_comments() -> None:
    source = (
        r"{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\headerl {\pard En-t\'eate gauche\par}}"
        r"{\footer {\pard Page \chpgn\par}}"
        r"{\pard Bonjour{\super\chftn}{\footnote \pard\plain {\super\chftn} Une note.}"
        r"{\footnote\ftnalt \pard Fin de doc.} ici.\par}"
        r"{\*\atnid AB}{\*\atnauthor Anne}\chatn{\*\annotation{\*\atnref 1}\pard Un avis.}"
        r"{\pard Suite {\b en gras}\par}}"
    )
    assert rtf.unread(source) == (
        ("headers and footers", 3),
        ("footnotes", 2),
        ("endnotes", 3),
        ("comments", 2),
    )
    assert rtf.unread(r"{\rtf1{\pard Rien d'autre.\par}}") == ()
