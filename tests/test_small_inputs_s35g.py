"""Small input defects: a members.csv row naming a pole with no interview is said with its
file, lines and the case it may mean, and every members.csv error with what to do, however the
file is saved; a table made only of separators (« ;;; », « ,,, ») is said to be empty, whatever
reads it; `--project` given twice with different folders is refused; the PDF tests that draw
with matplotlib are slow."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.base.errors import PtceError
from ptce_coding.cli import cli
from ptce_coding.network import members as members_file
from ptce_coding.network.members import read_members
from ptce_coding.privacy.members_file import read_member_names
from ptce_coding.store import Store
from tests.test_bad_input_cli import refused

Invoke = Callable[..., Result]
HEADER = "case,organisation,kind,circle,aliases\n"
# how a spreadsheet may save the file: (name, lines before the header, text → bytes)
SAVED = [
    ("utf8", 0, lambda text: text.encode()),
    ("bom", 0, lambda text: ("\ufeff" + text).encode()),
    (
        "semicolons-cp1252-crlf",
        0,
        lambda t: t.replace(",", ";").replace("\n", "\r\n").encode("cp1252"),
    ),
    ("sep-line", 1, lambda t: ("sep=;\r\n" + t.replace(",", ";")).encode("cp1252")),
    ("blank-lines-above", 2, lambda t: ("\n;;;;\n" + t.replace(",", ";")).encode()),
    ("utf16-tabs", 0, lambda text: text.replace(",", "\t").encode("utf-16")),
]
SEPARATORS_ONLY = [";;;\n;;;\n", ",,,\r\n,,,\r\n", "\t\t\n", "sep=;\n;;;;\n", '"";""\n']


def message_of(path: Path) -> str:
    with pytest.raises(PtceError) as raised:
        read_members(path)
    return str(raised.value)


# 1. members.csv: a pole with no interview, and every error with its line and what to do


@pytest.mark.parametrize(("saved", "above", "encode"), SAVED, ids=[s[0] for s in SAVED])
def test_a_pole_with_no_interview_is_said_with_its_lines_and_the_case_it_may_mean(
    tmp_path: Path, saved: str, above: int, encode: Callable[[str], bytes]
) -> None:
    """It read « Pôle B: listed in the members file but has no interview »: no file, no line,
    nothing to do."""
    path = tmp_path / "members.csv"
    path.write_bytes(
        encode(
            f"{HEADER}pole-a,Ateliers du Val,SIAE,first,\nPôle B,Biscuiterie,association,first,\n"
            "Pôle B,Coopérative,SCIC,second,\nterres-d-orlan,Menuiserie Verte,SCOP,first,\n"
        )
    )
    found = members_file.unknown_cases(read_members(path), {"pole-a", "pole-b"})
    assert [(u.case, u.lines, u.nearest) for u in found] == [
        ("Pôle B", (3 + above, 4 + above), "pole-b"),
        ("terres-d-orlan", (5 + above,), None),
    ]
    typo, unknown = (u.note(path) for u in found)
    assert typo == (
        f"{path}, lines {3 + above}, {4 + above}: Pôle B: listed in the members file but has no "
        "interview (did you mean pole-b? Write the case as its folder is named, or import this "
        "pole's interviews)"
    )
    assert unknown.startswith(f"{path}, line {5 + above}: terres-d-orlan: listed in the ")
    assert "the poles with interviews are pole-a, pole-b: write one of them" in unknown


def test_a_members_file_before_any_interview_says_to_import_them(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text(f"{HEADER}pole-a,Ateliers du Val,SIAE,first,\n", encoding="utf-8")
    (unknown,) = members_file.unknown_cases(read_members(path), set())
    assert unknown.note(path).endswith("(no pole has an interview yet: import the interviews)")


@pytest.mark.parametrize(("saved", "above", "encode"), SAVED, ids=[s[0] for s in SAVED])
@pytest.mark.parametrize(
    ("row", "wrong", "todo"),
    [
        (",Biscuiterie,SIAE,first,", "empty `case`", "Write the pole's case folder name in"),
        ("pole-a,,SIAE,first,", "empty `organisation`", "Write the member's name in"),
        ("pole-a,Biscuiterie,,first,", "empty `kind`", "Write what the member is in `kind`"),
        ("pole-a,Biscuiterie,SIAE,,", "empty `circle`", "Write `first` (1) or `second` (2)"),
        ("pole-a,Biscuiterie,SIAE,third,", "unknown circle 'third'", "Write `first` (1)"),
        (
            "pole-a,Biscuiterie,SIAE,first,AV",
            "the alias 'AV' is also given to 'Ateliers du Val' (line {first})",
            "Keep 'AV' on one of lines {first} and {line}, the member the interviews mean",
        ),
        (
            "pole-a,Ateliers du Val,SIAE,second,",
            "'Ateliers du Val' is listed twice for pole-a (first at line {first})",
            "Keep one row per organisation: delete line {line}",
        ),
    ],
    ids=["case", "organisation", "kind", "circle", "bad-circle", "alias", "twice"],
)
def test_every_row_error_says_its_line_and_what_to_do_however_the_file_is_saved(
    tmp_path: Path,
    saved: str,
    above: int,
    encode: Callable[[str], bytes],
    row: str,
    wrong: str,
    todo: str,
) -> None:
    """An empty cell and an alias given to two members said their line but not what to do."""
    first, line = 2 + above, 4 + above  # a blank line between the first member and the row
    path = tmp_path / "members.csv"
    path.write_bytes(encode(f"{HEADER}pole-a,Ateliers du Val,SIAE,first,AV\n\n{row}\n"))
    message = message_of(path)
    shown = message.splitlines()
    assert shown[0].startswith(f"{path}, line {line}: {wrong.format(first=first)}"), message
    assert len(shown) == 2 and shown[1].startswith(todo.format(first=first, line=line)), message


# 2. a table made only of separators is empty, whatever reads it


@pytest.mark.parametrize("content", SEPARATORS_ONLY)
def test_a_codings_file_of_separators_only_is_said_to_be_empty(
    invoke: Invoke, imported: Path, content: str
) -> None:
    """It read « missing column(s): document, start, … (found: ;;;) » or « cannot read the
    table: No columns to parse from file »."""
    path = imported / "alice.csv"
    path.write_text(content, encoding="utf-8")
    with Store(imported / "coding.sqlite") as store:
        before = store.coding_rows()
    refused(
        invoke("codings", "import", str(path)),
        f"{path}, line 1: the table is empty: no column names and no row (nothing but blank "
        "lines or separators); nothing was read from it",
        "Save the sheet again with its column names on the first line and its rows below",
    )
    with Store(imported / "coding.sqlite") as store:
        assert store.coding_rows() == before


@pytest.mark.parametrize("table", ["cases.csv", "documents.csv"])
@pytest.mark.parametrize("content", [*SEPARATORS_ONLY, ""])
def test_an_attribute_table_of_separators_only_is_refused_as_empty(
    invoke: Invoke, tmp_project: Path, table: str, content: str
) -> None:
    """« ;;; » read « no `case` column (columns: ;;;) », « ,,, » and an empty file cleared
    every case's attributes without a word."""
    path = tmp_project / "corpus" / table
    path.write_text(content, encoding="utf-8")
    key = table.removesuffix("s.csv")
    refused(
        invoke("import", str(tmp_project / "corpus")),
        f"{path}, line 1: the table is empty: no column names and no row (nothing but blank "
        "lines or separators)",
        f"Write `{key}` and the attributes' names on its first line",
        "or delete the file if there are no attributes to give; then import again",
    )
    with Store(tmp_project / "coding.sqlite") as store:
        assert store.document_rows() == []  # nothing imported


def test_an_attribute_table_with_its_column_names_and_no_row_is_read(
    invoke: Invoke, tmp_project: Path
) -> None:
    """What `init` writes (« case » alone) is no empty table."""
    (tmp_project / "corpus" / "cases.csv").write_text("case;region\n;;\n", encoding="utf-8")
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("content", SEPARATORS_ONLY)
def test_a_members_file_of_separators_only_is_said_to_be_empty(
    tmp_path: Path, content: str
) -> None:
    """It read « missing column(s): case, organisation, kind, circle, aliases (columns: ;;;) »;
    the review of names, which passes over an empty members file, refused it so too."""
    path = tmp_path / "members.csv"
    path.write_text(content, encoding="utf-8")
    message = message_of(path)
    assert message.startswith(f"{path}, line 1: the members file is empty\n"), message
    assert "case,organisation,kind,circle,aliases" in message
    assert read_member_names(path) == []


# 3. --project given twice


@pytest.mark.parametrize(
    "where",
    [
        ["--project", "{a}", "--project", "{b}", "matrix"],
        ["matrix", "--project", "{a}", "--project", "{b}"],
        ["matrix", "--project={a}", "--format", "csv", "--project={b}"],
        ["memo", "list", "--project", "{a}", "--project", "{b}"],
    ],
    ids=["before", "after", "equals", "subcommand"],
)
def test_project_given_twice_with_two_folders_is_refused(
    imported: Path, tmp_path: Path, where: list[str]
) -> None:
    """Click kept the last one: the command ran on the other project, silently."""
    other = tmp_path / "autre"
    args = [arg.format(a=imported, b=other) for arg in where]
    result = CliRunner().invoke(cli, args)
    refused(
        result,
        f"Error: --project is given twice, with different folders ({imported}, {other}): "
        "give it once, with the project to work on",
    )
    assert not other.exists()


def test_project_given_twice_with_one_folder_is_that_folder(imported: Path) -> None:
    again = f"{imported}/../{imported.name}"
    for args in (
        ["--project", str(imported), "--project", again, "matrix", "--format", "csv"],
        ["matrix", "--format", "csv", "--project", str(imported), "--project", str(imported)],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert "\ncase," in f"\n{result.output}", result.output


# 4. tests that draw with matplotlib are slow

TESTS = Path(__file__).parent


def _draws_with_matplotlib(tree: ast.Module) -> bool:
    """Whether a test module draws with matplotlib itself (its figures or a backend)."""
    return any(
        isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith(("matplotlib.figure", "matplotlib.backends"))
        for node in tree.body
    )


def _module_slow(tree: ast.Module) -> bool:
    """Whether the module sets ``pytestmark`` to (a list holding) ``pytest.mark.slow``."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "pytestmark" for target in node.targets
        ):
            return "pytest.mark.slow" in ast.unparse(node.value)
    return False


def test_the_test_modules_that_draw_with_matplotlib_are_slow() -> None:
    """The README's rule: tests that render with matplotlib are left out of `-m "not slow"`;
    test_pdf_s34c.py and test_pdf_s34k.py drew their PDFs in the fast subset."""
    drawing = {
        path.name: _module_slow(tree)
        for path in sorted(TESTS.glob("test_*.py"))
        if _draws_with_matplotlib(tree := ast.parse(path.read_text(encoding="utf-8")))
    }
    assert {"test_pdf_s34c.py", "test_pdf_s34k.py"} <= set(drawing)
    assert [name for name, slow in drawing.items() if not slow] == []


@pytest.mark.slow  # the French spaCy model (the network is built)
def test_network_says_the_line_of_a_pole_with_no_interview(invoke: Invoke, imported: Path) -> None:
    """It read « Pôle B: listed in the members file but has no interview »."""
    members = imported / "corpus" / "members.csv"
    members.write_text(
        f"{HEADER}pole-a,Ateliers du Val,SIAE,first,\nPôle B,Biscuiterie,association,first,\n",
        encoding="utf-8",
    )
    result = invoke("network", "--no-candidates", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert (
        f"{members}, line 3: Pôle B: listed in the members file but has no interview (did you "
        "mean pole-b? Write the case as its folder is named, or import this pole's interviews)"
    ) in result.output


def test_documents_given_two_projects_is_refused(imported: Path, tmp_path: Path) -> None:
    """The `documents` group's own --project kept the last one."""
    other = tmp_path / "autre"
    result = CliRunner().invoke(
        cli, ["documents", "--project", str(imported), "--project", str(other)]
    )
    refused(result, f"--project is given twice, with different folders ({imported}, {other})")
