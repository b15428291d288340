"""members.csv as a spreadsheet saves it: a title line above the column names is refused with
the line to delete (it read « missing column(s) »), as cases.csv's is; a BOM, semicolons, tabs
and Excel's « sep=; » are read; an empty file, a member listed twice (or twice but for
capitals) and a member of a pole with no interview are said with the file and the line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.base.errors import PtceError
from ptce_coding.network.members import read_members

HEADER = "case,organisation,kind,circle,aliases\n"
ROWS = "pole-a,Ateliers du Val,SIAE,first,les Ateliers;AI\npole-b,Biscuiterie,association,second,\n"


def refused(path: Path) -> str:
    with pytest.raises(PtceError) as raised:
        read_members(path)
    return str(raised.value)


@pytest.mark.parametrize(
    ("data", "line", "shown"),
    [
        (
            (f"Membres des pôles, juin 2026\n{HEADER}{ROWS}").encode(),
            2,
            "Membres des pôles, juin 2026",
        ),
        (  # a French spreadsheet: semicolons, Windows-1252, the title in the first cell
            f"Membres du PTCE;;;;\r\n{HEADER}{ROWS}".replace(",", ";").encode("cp1252"),
            2,
            "Membres du PTCE",
        ),
        (  # a title and a subtitle, then a blank line
            f"\ufeffMembres\nEnquête 2026\n\n{HEADER}{ROWS}".encode(),
            4,
            "Membres",
        ),
    ],
)
def test_a_title_above_the_column_names_names_the_line_to_delete(
    tmp_path: Path, data: bytes, line: int, shown: str
) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(data)
    message = refused(path)
    assert message.startswith(f"{path}, line 1: « {shown} »"), (
        message
    )  # the file and the line where the title is
    assert f"looks like a title above the column names: they are on line {line}" in message
    assert f"Delete the line(s) above line {line} (the title)" in message
    assert "missing column" not in message


def test_a_title_reaches_the_user_of_network_with_the_line(
    invoke: Callable[..., Result], imported: Path
) -> None:
    members = imported / "corpus" / "members.csv"
    members.write_text(f"Membres des pôles\n{HEADER}{ROWS}", encoding="utf-8")
    result = invoke("network", "--no-candidates")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    output = " ".join(result.output.split())
    assert "members.csv, line 1: « Membres des pôles » looks like a title above the column " in (
        output
    )
    assert "Delete the line(s) above line 2 (the title)" in output
    assert not (imported / "outputs" / "network").exists()


@pytest.mark.parametrize(
    "data",
    [
        f"\ufeff{HEADER}{ROWS}".encode(),  # a BOM (Excel's « CSV UTF-8 »)
        f"{HEADER}{ROWS}".replace(",", ";").encode("cp1252"),  # semicolons, Windows-1252
        f"sep=;\r\n{HEADER}{ROWS}".replace(",", ";").encode("cp1252"),  # Excel's « sep=; »
        f"{HEADER}{ROWS}".replace(",", "\t").encode("utf-16"),  # « Texte Unicode »: tabs
        f"{HEADER}{ROWS}".replace(",", "\t").encode(),  # tabs in UTF-8
        f"{HEADER.title()}{ROWS}".encode(),  # column names with capitals
    ],
    ids=["bom", "semicolons", "sep-line", "utf16-tabs", "tabs", "capitals"],
)
def test_members_saved_by_a_spreadsheet_are_read(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(data.replace(b"les Ateliers;AI", b'"les Ateliers;AI"'))
    first, second = read_members(path)
    assert (first.case, first.name, first.kind, first.circle) == (
        "pole-a",
        "Ateliers du Val",
        "SIAE",
        1,
    )
    assert first.aliases == ("Ateliers du Val", "les Ateliers", "AI")
    assert (second.case, second.name, second.circle, second.aliases) == (
        "pole-b",
        "Biscuiterie",
        2,
        ("Biscuiterie",),
    )


@pytest.mark.parametrize(
    "data", [b"", b"\xef\xbb\xbf", b"\n \n\t\n", "\ufeff\r\n".encode("utf-16")]
)
def test_an_empty_members_file_is_said(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(data)
    message = refused(path)
    assert message.startswith(f"{path}, line 1: the members file is empty\n"), message
    assert "case,organisation,kind,circle,aliases" in message  # what to write


@pytest.mark.parametrize(
    ("second", "written"),
    [
        ("pole-a,Ateliers du Val,SIAE,second,", ""),
        ("pole-a,ateliers  du val,SIAE,first,", ", written 'Ateliers du Val'"),
        ("pole-a,Ateliers du Val,SIAE,first,les Ateliers;AI", ""),
    ],
)
def test_a_member_listed_twice_names_both_lines_and_what_to_do(
    tmp_path: Path, second: str, written: str
) -> None:
    """A name given twice but for capitals or spaces is one organisation for the interviews'
    matcher: it read « the alias 'ateliers  du val' is also given to 'Ateliers du Val' »."""
    path = tmp_path / "members.csv"
    path.write_text(f"{HEADER}{ROWS}{second}\n", encoding="utf-8")
    message = refused(path)
    name = second.split(",")[1]
    assert message.startswith(
        f"{path}, line 4: {name!r} is listed twice for pole-a (first at line 2{written})"
    ), message
    assert "Keep one row per organisation: delete line 4" in message
    assert "alias" not in message.splitlines()[0]


def test_the_same_name_in_two_poles_is_two_members(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text(f"{HEADER}{ROWS}pole-b,Ateliers du Val,SIAE,first,\n", encoding="utf-8")
    assert [(m.case, m.name) for m in read_members(path)] == [
        ("pole-a", "Ateliers du Val"),
        ("pole-b", "Biscuiterie"),
        ("pole-b", "Ateliers du Val"),
    ]


@pytest.mark.slow  # the French spaCy model (the network is built)
def test_a_member_of_a_pole_with_no_interview_is_said(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """« Pôle B » for the folder pole-b: the row is read, `network` says the pole it names
    has no interview, and pole-b reads « membres non listés »."""
    members = imported / "corpus" / "members.csv"
    members.write_text(f"{HEADER}{ROWS.replace('pole-b', 'Pôle B')}", encoding="utf-8")
    result = invoke("network", "--no-candidates", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "Pôle B: listed in the members file but has no interview" in result.output
    assert "pole-b,0," in result.output and "membres non listés" in result.output
