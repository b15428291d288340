"""The command line: help, the whole run, and one clear message (exit 1) on user mistakes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        path = (*prefix, name)
        if isinstance(command, click.Group):
            found.extend(all_commands(command, path))
        else:
            found.append(path)
    return found


@pytest.mark.parametrize("path", all_commands(cli), ids=" ".join)
def test_every_command_has_help_with_an_example(runner: CliRunner, path: tuple[str, ...]) -> None:
    result = runner.invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_not_a_project(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["documents", "--project", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: no project.yaml in {tmp_path}")
    assert "Traceback" not in result.output


def test_init_refuses_an_existing_project(runner: CliRunner, tmp_project: Path) -> None:
    result = runner.invoke(cli, ["init", str(tmp_project)])
    assert result.exit_code == 1
    assert "is already a project (project.yaml exists); nothing was changed" in result.output


def test_malformed_codebook(invoke, tmp_project: Path) -> None:
    (tmp_project / "codebooks" / "ptce.yaml").write_text(
        "name: t\ncodes:\n  - id: A\n    label: [oops\n", encoding="utf-8"
    )
    for command in (["codebook", "validate"], ["code"], ["run"]):
        result = invoke(*command)
        assert result.exit_code == 1, command
        assert "ptce.yaml, line 5: malformed YAML" in result.output
        assert "Traceback" not in result.output


@pytest.mark.slow  # the French spaCy model
def test_codebook_validate_and_show(invoke) -> None:
    result = invoke("codebook", "validate")
    assert result.exit_code == 0, result.output
    assert "valid — 5 codes (2 top-level), 6 rules" in result.output
    shown = invoke("codebook", "show")
    assert "COOP  Coopération" in shown.stdout
    assert "  COOP.LIEU  Mutualisation de locaux  [3 rules]" in shown.stdout
    table = json.loads(invoke("codebook", "show", "--format", "json").stdout)
    assert [row["id"] for row in table] == ["COOP", "COOP.LIEU", "COOP.ACHATS", "ECO", "ECO.PUBLIC"]


def test_commands_before_any_import(invoke) -> None:
    result = invoke("matrix")
    assert result.exit_code == 1
    assert "the project has no store yet" in result.output


@pytest.mark.slow
def test_run_then_matrix_and_exports(invoke, tmp_project: Path) -> None:
    result = invoke("run")
    assert result.exit_code == 0, result.output
    assert "Import: 2 new, 0 unchanged, 0 failed" in result.output
    assert "Rules: 5 suggestions" in result.output
    folder = tmp_project / "outputs" / "matrices"
    assert (folder / "case-x-code-level1-count-with-suggestions.csv").exists()

    matrix = invoke("matrix", "--level", "1", "--status", "all", "--format", "csv")
    assert matrix.exit_code == 0
    assert matrix.stdout.splitlines() == ["case,COOP,ECO", "pole-a,2,2", "pole-b,0,1"]
    assert "counts suggestions that no coder has reviewed" in matrix.stderr
    accepted = invoke("matrix", "--level", "1", "--format", "csv")
    # nothing accepted: no pole coded, its cells empty (a 0 would read as nothing said)
    assert accepted.stdout.splitlines() == ["case,COOP,ECO", "pole-a,,", "pole-b,,"]
    sheet = openpyxl.load_workbook(folder / "case-x-code-level1-count.xlsx")["matrix"]
    assert [c.value for c in sheet[1]] == ["case", "COOP", "ECO"]

    exported = tmp_project / "codages.csv"
    result = invoke("codings", "export", str(exported), "--method", "rule")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"))))
    assert len(rows) == 5
    assert list(rows[0]) == [
        "document",
        "start",
        "end",
        "code",
        "coder",
        "status",
        "memo",
        "case",
        "text",
        "method",
        "confidence",
        "evidence",
        "suggested_by",
        "codebook_version",
        "created_at",
        "reviewed_by",
        "reviewed_at",
        "accepted_above",
        "id",
    ]
    assert rows[0]["text"].startswith("Oui, nous avons des locaux partagés")

    again = invoke("run")
    assert "Import: 0 new, 2 unchanged, 0 failed" in again.output


def test_formula_in_a_transcript_stays_text_in_xlsx(invoke, tmp_project: Path) -> None:
    path = tmp_project / "corpus" / "pole-a" / "formule.txt"
    path.write_text('Anne : =HYPERLINK("http://x","y")\nE : ok\nAnne : fin\n', encoding="utf-8")
    invoke("import", str(tmp_project / "corpus"))
    with find_project(tmp_project).open_store() as store:
        text = store.document("pole-a/formule.txt").text
        start = text.index("=")
        store.add_codings([Coding("pole-a/formule.txt", start, text.index("\n"), "COOP", "anne")])
    out = tmp_project / "c.xlsx"
    assert invoke("codings", "export", str(out)).exit_code == 0
    sheet = openpyxl.load_workbook(out)["codings"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("text") + 1)
    assert cell.value == '=HYPERLINK("http://x","y")'
    assert cell.data_type == "s"


def test_unknown_code_in_codings_stops_matrix(invoke, tmp_project: Path) -> None:
    invoke("import", str(tmp_project / "corpus"))
    with find_project(tmp_project).open_store() as store:
        store.add_codings([Coding("pole-b/membre.md", 0, 5, "GONE.CODE", "anne")])
    result = invoke("matrix")
    assert result.exit_code == 1
    assert (
        "codings use codes that are not in the codebook: GONE.CODE (1 coding(s))" in result.output
    )
    assert not (tmp_project / "outputs" / "matrices").exists()


def test_export_to_unknown_type_writes_nothing(invoke, tmp_project: Path) -> None:
    invoke("import", str(tmp_project / "corpus"))
    result = invoke("codings", "export", str(tmp_project / "out.pdf"))
    assert result.exit_code == 1
    assert "unsupported output type .pdf" in result.output
    assert not (tmp_project / "out.pdf").exists()


def test_segments_export(invoke, tmp_project: Path) -> None:
    invoke("import", str(tmp_project / "corpus"))
    out = tmp_project / "segments.csv"
    assert invoke("segments", "export", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 11
    assert list(rows[0]) == [
        "document",
        "case",
        "segment",
        "start",
        "end",
        "speaker",
        "text",
        "code",
        "coder",
    ]


def test_written_files_get_the_usual_permissions(invoke, tmp_project: Path) -> None:
    import os
    import stat

    invoke("import", str(tmp_project / "corpus"))
    out = tmp_project / "segments.csv"
    assert invoke("segments", "export", str(out)).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


def test_quiet_prints_nothing_but_errors(runner: CliRunner, tmp_project: Path) -> None:
    quiet = runner.invoke(
        cli, ["--quiet", "import", str(tmp_project / "corpus"), "--project", str(tmp_project)]
    )
    assert quiet.exit_code == 0
    assert quiet.output == ""
    failed = runner.invoke(
        cli, ["-q", "import", str(tmp_project / "nothing"), "--project", str(tmp_project)]
    )
    assert failed.exit_code == 1 and "no such file or folder" in failed.output


def test_usage_errors_also_exit_1(runner: CliRunner, tmp_project: Path) -> None:
    bad_value = runner.invoke(cli, ["matrix", "--level", "abc", "--project", str(tmp_project)])
    assert bad_value.exit_code == 1
    assert "a depth (1 = top-level codes) or `all`" in bad_value.output
    unknown = runner.invoke(cli, ["nope"])
    assert unknown.exit_code == 1 and "No such command 'nope'" in unknown.output
    assert runner.invoke(cli, ["--help"]).exit_code == 0
