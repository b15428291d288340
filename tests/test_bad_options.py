"""Options that matched nothing or were silently ignored: a value naming nothing in the
project (a document, a coder, a consensus), or an option given where it cannot apply (a
kind of matrix that does not read it, a workbook import that records every row). Each is
refused with a message naming what is known or what the option is for, exit code 1, and
nothing written."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.cli import cli
from ptce_coding.store import Store
from tests.test_agreement_cli import ALICE, BOB, segment_spans, write_codings
from tests.test_bad_input_cli import refused

Invoke = Callable[..., Result]
DOCUMENT = "pole-a/directrice.txt"


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# --- matrix: each kind reads its own options --------------------------------------------


@pytest.mark.parametrize(
    ("kind", "options", "expected"),
    [
        (
            "cooccurrence",
            ["--rows", "speaker"],
            "--rows does not apply to --kind cooccurrence (code × code)",
        ),
        ("cooccurrence", ["--value", "share"], "--value does not apply to --kind cooccurrence"),
        ("cooccurrence", ["--quotes", "3"], "--quotes is for --kind framework"),
        ("framework", ["--window", "2"], "--window does not apply to --kind framework"),
        ("framework", ["--jaccard"], "--jaccard is for --kind cooccurrence"),
        ("framework", ["--value", "presence"], "--value is for --kind crosstab"),
        (
            "crosstab",
            ["--window", "1"],
            "--window does not apply to --kind crosstab (rows × codes)",
        ),
        ("crosstab", ["--jaccard"], "--jaccard does not apply to --kind crosstab"),
        ("crosstab", ["--quotes", "5"], "--quotes does not apply to --kind crosstab"),
        (
            "cooccurrence",
            ["--rows", "case", "--value", "count"],
            "--rows, --value do not apply to --kind cooccurrence",
        ),
    ],
)
def test_matrix_refuses_an_option_its_kind_does_not_read(
    invoke: Invoke, two_coders: Path, kind: str, options: list[str], expected: str
) -> None:
    refused(invoke("matrix", "--kind", kind, *options), expected, "Leave")
    assert files_in(two_coders / "outputs" / "matrices") == []


def test_matrix_takes_the_options_its_kind_reads(invoke: Invoke, two_coders: Path) -> None:
    for args in (
        ["--kind", "crosstab", "--rows", "document", "--value", "presence"],
        ["--kind", "cooccurrence", "--window", "1"],
        ["--kind", "cooccurrence", "--jaccard"],
        ["--kind", "framework", "--rows", "case", "--quotes", "1"],
    ):
        result = invoke("matrix", *args, "--format", "csv")
        assert result.exit_code == 0, (args, result.output)


def test_matrix_unknown_case_or_code_prefix_names_what_is_known(
    invoke: Invoke, two_coders: Path
) -> None:
    refused(
        invoke("matrix", "--cases", "pole-z"),
        "unknown case(s): pole-z",
        "The project's cases: pole-a, pole-b",
    )
    refused(
        invoke("matrix", "--codes", "coop"),
        "no code id starts with 'coop' at this level (did you mean COOP?)",
        "ptce-coding codebook show",
    )


# --- a consensus, a coder, a document that is not there ---------------------------------


def test_a_consensus_with_no_coding_is_refused(invoke: Invoke, two_coders: Path) -> None:
    refused(
        invoke("matrix", "--consensus", "consensu"),
        "no coding by consensu in the store: as the consensus, no decision of theirs would "
        "replace any coding",
        "Coders with codings: alice, bob",
    )
    refused(
        invoke("export", "qdpx", str(two_coders / "out.qdpx"), "--consensus", "consensu"),
        "no coding by consensu",
    )
    assert not (two_coders / "out.qdpx").exists()
    assert files_in(two_coders / "outputs" / "matrices") == []
    # a consensus who decided something, and `none`, are taken
    assert invoke("matrix", "--coders", "alice", "--consensus", "bob").exit_code == 0
    assert invoke("matrix", "--consensus", "none").exit_code == 0


def test_codings_export_of_a_coder_with_no_coding_is_refused(
    invoke: Invoke, two_coders: Path
) -> None:
    out = two_coders / "codings.csv"
    refused(
        invoke("codings", "export", str(out), "--coder", "alice", "--coder", "bobb"),
        "no coding by bobb in the store: the file would hold none of theirs",
        "Coders with codings: alice, bob",
    )
    assert not out.exists()
    result = invoke("codings", "export", str(out), "--coder", "bob")
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        assert {row["coder"] for row in csv.DictReader(handle)} == {"bob"}


def test_codings_import_refuses_a_coder_that_applies_to_no_row(
    invoke: Invoke, imported: Path
) -> None:
    spans = segment_spans(invoke, imported)
    write_codings(imported / "bob.csv", "bob", BOB, spans)
    refused(
        invoke("codings", "import", str(imported / "bob.csv"), "--coder", "alice"),
        "--coder alice applies to no row of",
        "names the coder of every row (bob); nothing was imported",
    )
    with Store(imported / "coding.sqlite") as store:
        assert store.coding_rows() == []
    # --coder fills the empty cells: taken
    write_codings(imported / "anonymous.csv", None, BOB, spans)
    result = invoke("codings", "import", str(imported / "anonymous.csv"), "--coder", "alice")
    assert result.exit_code == 0, result.output


def test_review_of_an_unknown_document_is_refused(invoke: Invoke, suggested: Path) -> None:
    sheet = suggested / "revue.xlsx"
    refused(
        invoke("review", "--document", "directrice.txt", "--export", str(sheet)),
        "no document 'directrice.txt' in this project (did you mean pole-a/directrice.txt?)",
        "`ptce-coding documents` lists the documents",
    )
    refused(
        invoke("review", "--document", "nowhere.txt", "--accept-above", "0", "--yes"),
        "no document 'nowhere.txt' in this project",
    )
    assert not sheet.exists()
    with Store(suggested / "coding.sqlite") as store:
        assert {row.status for row in store.coding_rows()} == {"suggested"}
    result = invoke("review", "--document", DOCUMENT, "--export", str(sheet))
    assert result.exit_code == 0, result.output
    assert "Wrote 2 suggestions" in result.output


def test_progress_of_a_coder_with_no_assigned_document_is_refused(
    invoke: Invoke, imported: Path
) -> None:
    with (imported / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "\nassignments:\n  coders:\n    doctorante: [pole-a]\n    encadrant: [pole-b]\n"
        )
    refused(
        invoke("progress", "--coder", "doctorant"),
        "doctorant has no document in the project's assignments",
        "Coders assigned: doctorante, encadrant",
    )
    result = invoke("progress", "--coder", "doctorante", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert DOCUMENT in result.stdout


def test_evaluate_against_a_coder_with_no_coding_is_refused(
    invoke: Invoke, two_coders: Path
) -> None:
    refused(
        invoke("evaluate", "--coder", "alicia"),
        "no coding nor review decision by alicia in the store: nothing to evaluate against",
        "Coders: alice, bob",
    )


# --- options the command would not read ---------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--import", "revue.xlsx", "--code", "COOP"], "--code cannot apply to --import"),
        (
            ["--import", "revue.xlsx", "--document", DOCUMENT, "--method", "rule"],
            "--method, --document cannot apply to --import",
        ),
        (["--import", "revue.xlsx", "--order", "uncertainty"], "--order cannot apply to --import"),
        (["--import", "revue.xlsx", "--yes"], "--yes cannot apply to --import"),
        (["--accept-above", "0.5", "--order", "confidence"], "--order cannot apply to"),
        (["--export", "revue.xlsx", "--yes"], "--yes only confirms --accept-above"),
        (["--yes"], "--yes only confirms --accept-above"),
    ],
)
def test_review_refuses_options_it_would_ignore(
    invoke: Invoke, suggested: Path, options: list[str], expected: str
) -> None:
    sheet = suggested / "revue.xlsx"
    assert invoke("review", "--export", str(sheet)).exit_code == 0
    written = sheet.read_bytes()
    options = [str(sheet) if o == "revue.xlsx" else o for o in options]
    refused(invoke("review", *options), expected)
    assert sheet.read_bytes() == written
    with Store(suggested / "coding.sqlite") as store:
        assert {row.status for row in store.coding_rows()} == {"suggested"}


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--coder", "alice", "--coders", "bob"], "--coder and --coders/--consensus both say"),
        (["--coder", "alice", "--consensus", "bob"], "--coder and --coders/--consensus both say"),
        (["--level", "rules", "--tagger", "model"], "--tagger model cannot apply to --level rules"),
        (["--level", "rules", "--folds", "3"], "--folds cannot apply to --level rules"),
        (["--tagger", "rules", "--folds", "3"], "--folds cannot apply to --tagger rules"),
        (["--tagger", "rules", "--group", "document"], "--group cannot apply to --tagger rules"),
    ],
)
def test_evaluate_refuses_options_it_would_ignore(
    invoke: Invoke, two_coders: Path, options: list[str], expected: str
) -> None:
    refused(invoke("evaluate", *options), expected)


def test_agreement_by_document_refuses_a_minimum_overlap(invoke: Invoke, two_coders: Path) -> None:
    refused(
        invoke("agreement", "--coders", "alice,bob", "--unit", "document", "--min-overlap", "0.5"),
        "--min-overlap cannot apply to --unit document",
        "Leave --min-overlap out, or compare segments (--unit segment)",
    )
    result = invoke("agreement", "--coders", "alice,bob", "--unit", "document")
    assert result.exit_code == 0, result.output


def test_import_partial_without_a_qdpx_is_refused(invoke: Invoke, tmp_project: Path) -> None:
    refused(
        invoke("import", str(tmp_project / "corpus"), "--partial"),
        "--partial is for a .qdpx project",
    )
    assert not (tmp_project / "coding.sqlite").exists()


def test_pseudonymise_apply_refuses_the_review_options(invoke: Invoke, imported: Path) -> None:
    sheet = imported / "private" / "revue.xlsx"
    for option in (["--no-model"], ["--names", "private/names.csv"]):
        refused(
            invoke("pseudonymise", "--apply", str(sheet), *option),
            f"{option[0]} cannot apply to --apply",
        )
    assert not (imported / "private" / "pseudonyms.csv").exists()


def test_memo_on_a_misspelt_document_or_case_names_the_nearest(
    invoke: Invoke, imported: Path
) -> None:
    refused(
        invoke("memo", "add", "--document", "directrice.txt", "Lu deux fois."),
        "no document 'directrice.txt' in this project (did you mean pole-a/directrice.txt?): "
        "the memo was not written",
        "`ptce-coding documents` lists the documents",
    )
    refused(
        invoke("memo", "add", "--case", "pole_a", "Lu deux fois."),
        "no case 'pole_a' in this project (did you mean pole-a?)",
    )
    with Store(imported / "coding.sqlite") as store:
        assert store.memos(None, None) == []
    assert invoke("memo", "add", "--document", DOCUMENT, "Lu deux fois.").exit_code == 0


def test_matrix_coder_and_coders_together_are_refused(invoke: Invoke, two_coders: Path) -> None:
    """--coder used to replace --coders silently: `--coders alice --coder bob` counted bob."""
    refused(
        invoke("matrix", "--coders", "alice", "--coder", "bob"),
        "--coder and --coders both choose whose codings count: give one of them",
    )
    assert files_in(two_coders / "outputs" / "matrices") == []


def test_matrix_of_suggestions_by_a_person_is_refused(invoke: Invoke, suggested: Path) -> None:
    """A person's codings are accepted: their suggestions-only matrix was all zeros, with no
    word of why."""
    spans = segment_spans(invoke, suggested)
    write_codings(suggested / "alice.csv", "alice", ALICE, spans)
    assert invoke("codings", "import", str(suggested / "alice.csv")).exit_code == 0
    refused(
        invoke("matrix", "--status", "suggested", "--coder", "alice"),
        "no suggested coding by alice: the matrix would be all zeros for them",
        "Their codings are accepted",
    )
    assert files_in(suggested / "outputs" / "matrices") == []
    for options in (["--status", "all", "--coders", "alice,rules"], ["--status", "suggested"]):
        result = invoke("matrix", *options)
        assert result.exit_code == 0, result.output
    result = invoke("matrix", "--status", "suggested", "--coders", "rules", "--format", "csv")
    assert result.exit_code == 0, result.output


def test_moving_a_document_to_a_new_case_says_so(
    runner: CliRunner, invoke: Invoke, imported: Path
) -> None:
    """A new case is made on purpose, but a typo of a case's name made one too, silently."""
    move = ["documents", "move", DOCUMENT, "--case", "pole_b", "--project", str(imported)]
    typo = runner.invoke(cli, move, input="n\n")
    assert "Moving to case pole_b (a new case; did you mean pole-b?):" in typo.output
    with Store(imported / "coding.sqlite") as store:
        assert sorted(store.cases()) == ["pole-a", "pole-b"]
    known = invoke("documents", "move", DOCUMENT, "--case", "pole-b", "--yes")
    assert known.exit_code == 0, known.output
    assert "Moving to case pole-b:" in known.output


def test_suggestions_asked_for_where_the_coders_counted_have_none_are_refused(
    invoke: Invoke, suggested: Path
) -> None:
    """`--coders alice --include-suggestions` counted no suggestion (they are the rules'),
    yet the export took the option and the report's cover said suggestions were included."""
    spans = segment_spans(invoke, suggested)
    write_codings(suggested / "alice.csv", "alice", ALICE, spans)
    assert invoke("codings", "import", str(suggested / "alice.csv")).exit_code == 0
    qdpx = suggested / "alice.qdpx"
    refused(
        invoke("export", "qdpx", str(qdpx), "--coders", "alice", "--include-suggestions"),
        "--include-suggestions would count no suggestion: no coding of alice is a suggestion "
        "(those waiting for review are by rules)",
        "Name the tagger among the coders (--coders alice,rules), or leave "
        "--include-suggestions out.",
    )
    assert not qdpx.exists()
    refused(
        invoke("report", "--coders", "alice", "--include-suggestions"),
        "--include-suggestions would count no suggestion",
    )
    assert files_in(suggested / "outputs" / "report") == []
    refused(
        invoke("matrix", "--status", "all", "--coders", "alice"),
        "--status all would count no suggestion: no coding of alice is a suggestion",
        "or count accepted codings (--status accepted)",
    )
    assert files_in(suggested / "outputs" / "matrices") == []
    # the coders of project.yaml, the same
    settings = suggested / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("\n  coders: []", "\n  coders: [alice]", 1), "utf-8")
    refused(
        invoke("matrix", "--status", "suggested"),
        "--status suggested would count no suggestion: no coding of alice (analysis.coders in "
        "project.yaml) is a suggestion",
    )
    alone = invoke("export", "qdpx", str(qdpx), "--coders", "alice")
    assert alone.exit_code == 0, alone.output
    assert f"and {len(ALICE)} codings" in alone.output
    result = invoke(
        "export", "qdpx", str(qdpx), "--coders", "alice,rules", "--include-suggestions", "--force"
    )
    assert result.exit_code == 0, result.output
    assert f"and {len(ALICE) + 2} codings" in result.output  # the two rule suggestions


def test_memo_list_of_something_not_in_the_project_is_refused(
    invoke: Invoke, imported: Path
) -> None:
    assert invoke("memo", "add", "--case", "pole-a", "Lu deux fois.").exit_code == 0
    refused(
        invoke("memo", "list", "--code", "NOPE"),
        "no code 'NOPE' in this project: no memo can be about it",
        "`ptce-coding codebook show` lists the codes",
    )
    refused(
        invoke("memo", "list", "--document", "directrice.txt"),
        "no document 'directrice.txt' in this project (did you mean pole-a/directrice.txt?)",
    )
    refused(
        invoke("memo", "list", "--case", "pole_a"),
        "no case 'pole_a' in this project (did you mean pole-a?)",
    )
    listed = invoke("memo", "list", "--case", "pole-a", "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert [m["text"] for m in json.loads(listed.stdout)] == ["Lu deux fois."]
    none = invoke("memo", "list", "--case", "pole-b", "--format", "json")  # no memo yet
    assert none.exit_code == 0 and json.loads(none.stdout) == []


def test_an_assignment_that_names_no_document_is_said(invoke: Invoke, suggested: Path) -> None:
    """A misspelt case folder in the assignments left its documents to nobody, silently."""
    with (suggested / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "\nassignments:\n  coders:\n    doctorante: [pole-a, pole_b]\n    encadrant: [pole-b]\n"
        )
    note = (
        "`assignments.coders` in project.yaml names what no document matches: pole_b (doctorante)"
    )
    sheet = str(suggested / "revue.xlsx")
    for command in (("progress",), ("review", "--coder", "doctorante", "--export", sheet)):
        result = invoke(*command)
        assert result.exit_code == 0, result.output
        assert note in " ".join(result.output.split()), result.output
