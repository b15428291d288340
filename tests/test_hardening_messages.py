"""Issue 20, items 24-25: messages that say what is wrong and what to do, and small
consistencies (counts, one rule for suggestions in reports, help examples, plurals)."""

from __future__ import annotations

import inspect
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text("document,start,end,code,coder\n" + "".join(r + "\n" for r in rows), "utf-8")
    return path


def test_start_after_end_is_named_as_such(invoke, tmp_project: Path) -> None:
    """Item 24. On main: « 50-10 falls outside document »."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    bad = write_csv(tmp_project / "c.csv", "pole-a/directrice.txt,50,10,COOP.LIEU,anne")
    result = invoke("codings", "import", str(bad))
    assert result.exit_code == 1
    assert "row 2: start (50) must be before end (10)" in result.output
    assert "falls outside" not in result.output


def test_a_binary_codings_file_gets_a_table_hint(invoke, tmp_project: Path) -> None:
    """Item 24. On main: the transcript hint « Save it as .txt (UTF-8), .docx or .odt »."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    binary = tmp_project / "codages.csv"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary\x00stuff" * 20)
    result = invoke("codings", "import", str(binary))
    assert result.exit_code == 1
    assert f"{binary}: not a CSV table: looks like a binary file" in result.output
    assert "Give a table saved as CSV (UTF-8, comma or semicolon) or as .xlsx." in result.output
    assert ".docx or .odt" not in result.output and "transcript" not in result.output


def test_unknown_codes_get_a_did_you_mean(invoke, tmp_project: Path) -> None:
    """Item 24. On main: « unknown code 'COOP.LEIU' » and nothing more."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    bad = write_csv(tmp_project / "c.csv", "pole-a/directrice.txt,10,50,COOP.LEIU,anne")
    result = invoke("codings", "import", str(bad))
    assert result.exit_code == 1
    assert "unknown code 'COOP.LEIU', not in the codebook (did you mean COOP.LIEU?)" in (
        result.output
    )
    memo = invoke("memo", "add", "--code", "coop.lieu", "texte")
    assert memo.exit_code == 1
    assert "no code 'coop.lieu' in this project (did you mean COOP.LIEU?)" in memo.output
    moved = invoke("codebook", "move", "COOP.ACHAT", "--parent", "ECO")
    assert moved.exit_code == 1 and "(did you mean COOP.ACHATS?)" in moved.output


def test_import_errors_name_the_whole_path_and_do_not_invent_other_files(
    invoke, tmp_project: Path, tmp_path: Path
) -> None:
    """Item 24. On main a single bad file ended with « The other files were imported », and
    the errors named the file's base name only."""
    outside = tmp_path / "ailleurs" / "pole-c"
    outside.mkdir(parents=True)
    bad = outside / "binaire.txt"
    bad.write_bytes(b"\x00\x01\x02 not text" * 50)
    single = invoke("import", str(bad))
    assert single.exit_code == 1
    assert f"1 file(s) could not be imported: {bad}: looks like a binary file" in single.output
    assert "other file" not in single.output
    shutil.copy(bad, tmp_project / "corpus" / "pole-a" / "binaire.txt")
    folder = invoke("import", str(tmp_project / "corpus"))
    assert folder.exit_code == 1
    assert str(tmp_project / "corpus" / "pole-a" / "binaire.txt") in folder.output
    assert "The 2 other file(s) are listed above." in folder.output


def test_a_duplicate_file_is_counted_in_the_summary(invoke, tmp_project: Path) -> None:
    """Item 25. On main: « 2 imported, 0 unchanged, 0 failed » for three files."""
    shutil.copy(
        tmp_project / "corpus" / "pole-a" / "directrice.txt",
        tmp_project / "corpus" / "pole-b" / "copie.txt",
    )
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    assert "2 imported, 0 unchanged, 1 duplicate (not imported), 0 failed" in result.output


@pytest.mark.slow  # the French spaCy model
def test_matrix_before_code_says_why_it_is_all_zeros(invoke, tmp_project: Path) -> None:
    """Item 25. On main: an all-zero table, exit 0, no word of why."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    before = invoke("matrix")
    assert before.exit_code == 0
    assert "The store has no codings yet, so every cell is empty: run `ptce-coding code`" in (
        before.stderr
    )
    assert invoke("code").exit_code == 0
    coded = invoke("matrix")
    assert "No coding has been accepted yet, so every cell is empty: review the suggestions" in (
        coded.stderr
    )
    counted = invoke("matrix", "--status", "all")
    assert "every cell is" not in counted.stderr


@pytest.mark.slow  # the French spaCy model
def test_report_and_run_follow_one_rule_for_suggestions(invoke, tmp_project: Path) -> None:
    """Item 25. On main `report` wrote an empty report where `run` counted the suggestions."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    assert invoke("code").exit_code == 0
    report = invoke("report")
    assert report.exit_code == 0, report.output
    assert "No coding has been accepted yet: the report counts the rules' suggestions" in (
        report.output
    )
    assert "5 codings (suggestions included, not reviewed)" in report.output
    run = invoke("run")
    assert "5 codings (suggestions included, not reviewed)" in run.output
    with find_project(tmp_project).open_store() as store:
        store.add_codings([Coding("pole-b/membre.md", 0, 20, "ECO.PUBLIC", "paul")])
    accepted = invoke("report")
    assert "Report: 2 poles, 2 interviews, 1 coding\n" in accepted.output
    assert "the report counts the rules' suggestions" not in accepted.output


@pytest.mark.slow  # the French spaCy model
def test_validate_refuses_an_orphaned_code_like_every_other_command(
    invoke, tmp_project: Path
) -> None:
    """Item 25. On main `codebook validate` said « valid » while `matrix` refused."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with find_project(tmp_project).open_store() as store:
        store.add_codings([Coding("pole-b/membre.md", 0, 20, "COOP.LIEU", "paul")])
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    codebook.write_text(
        codebook.read_text("utf-8").replace("id: COOP.LIEU", "id: COOP.LOCAUX"), "utf-8"
    )
    result = invoke("codebook", "validate")
    assert result.exit_code == 1
    assert "codings use codes that are not in the codebook: COOP.LIEU (1 coding(s))" in (
        result.output
    )
    assert "valid —" not in result.output
    assert invoke("matrix").exit_code == 1


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_help_examples_keep_one_command_per_line() -> None:
    """Item 25. On main `import --help` and `matrix --help` ran their examples together."""
    wrapped = []
    for path, command in _commands(cli):
        doc = inspect.getdoc(command.callback) or ""
        examples = [
            line.strip()
            for line in doc.partition("Example:")[2].splitlines()
            if line.strip().startswith("ptce-coding")
        ]
        shown = CliRunner().invoke(cli, [*path, "--help"], terminal_width=80).output
        lines = [line.strip() for line in shown.splitlines()]
        wrapped += [(" ".join(path), example) for example in examples if example not in lines]
    assert wrapped == []


@pytest.mark.slow  # the French spaCy model
def test_counts_of_one_are_singular(invoke, tmp_project: Path) -> None:
    """Item 25. On main: « [1 rules] », « 1 poles »."""
    shown = invoke("codebook", "show")
    assert "COOP.ACHATS  Achats groupés  [1 rule]" in shown.stdout
    assert "[3 rules]" in shown.stdout
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    assert invoke("code").exit_code == 0
    report = invoke("report", "--cases", "pole-a")
    assert report.exit_code == 0, report.output
    assert "Report: 1 pole, 1 interview," in report.output


def test_one_of_a_thing_is_said_in_the_singular(invoke, imported: Path) -> None:
    """« Imported 1 codings », « Wrote 1 codings », « Accepted 1 suggestions »: a count of
    one takes the singular in every message that counts (cli/common.plural)."""
    one = write_csv(imported / "one.csv", "pole-a/directrice.txt,0,10,COOP.LIEU,anne")
    result = invoke("codings", "import", str(one))
    assert result.exit_code == 0, result.output
    assert "Imported 1 coding from" in result.output
    result = invoke("codings", "export", str(imported / "out.csv"), "--coder", "anne")
    assert result.exit_code == 0, result.output
    assert "Wrote 1 coding to" in result.output
