"""Advice that was wrong or missing (session 34, helper J).

1. A `codings export` sent back by `codings import`: a tagger's rows (suggestions waiting or
   rejected) were refused with « write the name of the person who coded », which would make
   rejected suggestions a person's codings; they are now said to be suggestions, to delete
   or pass over with --update. An export of another project (other ids) was told to use
   --update, which would change other codings here: it is refused as a whole, with « empty
   the `id` column ».
2. corpus/members.csv read for the review of names: a title above the column names named
   with the line to delete (it read « no `organisation` column »), and the hints of
   members.csv no longer say « import again ».
3. `compare ca` with one coding accepted counts accepted codings only: the poles whose
   codings all wait for review are said, and the refusal that follows says --status all.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.base.errors import PtceError
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.corpus.cases import read_cases
from ptce_coding.network.members import read_members
from ptce_coding.privacy.members_file import read_member_names
from ptce_coding.store import Store
from tests.test_agreement_cli import ALICE, BOB, segment_spans, write_codings

Invoke = Callable[..., Result]
DATA = Path(__file__).parent / "data"


def _said(result: Result) -> str:
    return " ".join(result.output.split())


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


# --- 1a. a tagger's rows of the project's own export ----------------------------------------


@pytest.fixture
def one_rejected(invoke: Invoke, suggested: Path) -> Path:
    """The two rule suggestions, one rejected by alice, and alice's own coding (imported)."""
    with Store(suggested / "coding.sqlite") as store:
        first = store.coding_rows()[0]
        store.review(first.id, "rejected", "alice")
        document = store.document("pole-a/directrice.txt")
        assert document is not None
        start = document.text.index("Les achats")
    (suggested / "alice.csv").write_text(
        f"document,start,end,code,coder\npole-a/directrice.txt,{start},{start + 10},"
        "COOP.ACHATS,alice\n",
        encoding="utf-8",
    )
    assert invoke("codings", "import", str(suggested / "alice.csv")).exit_code == 0
    return suggested


def test_a_taggers_rows_of_an_export_sent_back_are_said_to_be_suggestions(
    invoke: Invoke, one_rejected: Path
) -> None:
    """Before: « coder 'rules' is the name of a tagger …: write the name of the person who
    coded in the `coder` column »: following it makes a rejected suggestion alice's coding."""
    export = one_rejected / "rt.csv"
    assert invoke("codings", "export", str(export)).exit_code == 0
    result = invoke("codings", "import", str(export))
    assert result.exit_code == 1, result.output
    said = _said(result)
    assert "2 row(s) cannot be imported, so nothing was imported" in said
    assert (
        "a suggestion of the rule tagger (rejected by alice in the review), as `codings "
        "export` wrote it: an import adds a person's codings, and a suggestion is decided in "
        "the review" in said
    )
    assert "a suggestion of the rule tagger (waiting for review), as `codings export`" in said
    assert (
        "Delete the row (the coding stays in the store as it is), or import the file with "
        "--update, which passes over a tagger's rows given back unedited" in said
    )
    assert "write the name of the person who coded" not in said
    # the advice holds: --update passes them over, and nothing changes
    result = invoke("codings", "import", str(export), "--update")
    assert result.exit_code == 0, result.output
    assert "changed 0 codings; 3 unchanged" in _said(result)
    # and so does deleting them
    rows = _rows(export)
    _write(export, [row for row in rows if row["coder"] != "rules"])
    result = invoke("codings", "import", str(export))
    assert result.exit_code == 0, result.output
    assert "Imported 0 codings" in result.output and "(1 already present)" in result.output


def test_a_taggers_row_edited_without_update_is_told_to_be_deleted(
    invoke: Invoke, one_rejected: Path
) -> None:
    export = one_rejected / "rt.csv"
    assert invoke("codings", "export", str(export)).exit_code == 0
    rows = _rows(export)
    for row in rows:
        if row["status"] == "rejected":
            row["status"] = "accepted"  # « accepted » typed over a rejection
    _write(export, rows)
    said = _said(invoke("codings", "import", str(export)))
    assert "(rejected by alice in the review), edited since: an import adds" in said
    assert "Delete the row (the coding stays in the store as it is)" in said
    # no --update advice for an edited suggestion: it would refuse the row too
    assert "edited since: an import adds a person's codings, and a suggestion is decided " in said


def test_an_accepted_suggestion_sent_back_is_already_present(
    invoke: Invoke, suggested: Path
) -> None:
    """A suggestion alice accepted is hers (coder alice, method rule): its row comes back as
    « already present », only the rejected one is refused."""
    with Store(suggested / "coding.sqlite") as store:
        first, second = store.coding_rows()
        store.review(first.id, "accepted", "alice")
        store.review(second.id, "rejected", "alice")
    export = suggested / "rt.csv"
    assert invoke("codings", "export", str(export)).exit_code == 0
    said = _said(invoke("codings", "import", str(export)))
    assert "1 row(s) cannot be imported" in said
    assert f"row 3: coding {second.id}, a suggestion of the rule tagger (rejected by alice" in said
    _write(export, [row for row in _rows(export) if row["coder"] != "rules"])
    result = invoke("codings", "import", str(export))
    assert result.exit_code == 0, result.output
    assert "Imported 0 codings" in result.output and "(1 already present)" in result.output


def test_a_taggers_name_without_id_says_what_such_a_row_is(invoke: Invoke, imported: Path) -> None:
    spans = segment_spans(invoke, imported)
    write_codings(imported / "codings.csv", "model", ALICE[:1], spans)
    said = _said(invoke("codings", "import", str(imported / "codings.csv")))
    assert "row 2: coder 'model' is the name of a tagger" in said
    assert (
        "A row of a tagger in a `codings export` is a suggestion waiting for review or "
        "rejected, or a structural code: delete the row" in said
    )


# --- 1b. an export of another project --------------------------------------------------------


def _project(runner: CliRunner, root: Path) -> Invoke:
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    shutil.copyfile(DATA / "codebook.yaml", root / "codebooks" / "ptce.yaml")
    shutil.rmtree(root / "corpus")
    shutil.copytree(DATA / "corpus", root / "corpus")

    def run(*args: str) -> Result:
        return runner.invoke(cli, [*args, "--project", str(root)])

    assert run("import", str(root / "corpus")).exit_code == 0
    return run


@pytest.fixture
def other_export(invoke: Invoke, two_coders: Path, tmp_path: Path, runner: CliRunner) -> Path:
    """A `codings export` of another project holding the same documents, where bob's codings
    were imported before alice's: the same codings under other ids."""
    other = _project(runner, tmp_path / "other")
    spans = segment_spans(other, tmp_path / "other")
    for coder, items in (("bob", BOB), ("alice", ALICE)):
        write_codings(tmp_path / f"{coder}.csv", coder, items, spans)
        assert other("codings", "import", str(tmp_path / f"{coder}.csv")).exit_code == 0
    path = tmp_path / "other-export.csv"
    assert other("codings", "export", str(path)).exit_code == 0
    return path


@pytest.mark.parametrize("update", [False, True])
def test_an_export_of_another_project_is_told_to_empty_its_ids(
    invoke: Invoke, two_coders: Path, other_export: Path, update: bool
) -> None:
    """Before: « coding 6 is COOP.ACHATS … in the store, the row says COOP.LIEU …: import
    the file with --update » (and with --update, 11 rows refused one by one, each told to
    empty its `id` cell): the ids are another store's."""
    before = _rows(two_coders / "alice.csv")
    result = invoke("codings", "import", str(other_export), *(["--update"] if update else []))
    assert result.exit_code == 1, result.output
    said = _said(result)
    assert (
        "other-export.csv: the `id` column names codings of another store: of the 11 row(s) "
        "whose `id` names a coding of this project, none gives that coding back (row 2: `id` "
        in said
    )
    assert "and the row's coding is stored as coding" in said
    assert (
        "The file comes from another project (or from this one before its store was made "
        "again): its ids name other codings here, and --update would change them; nothing "
        "was imported" in said
    )
    assert "Empty the `id` column (keep its name, or delete the column) and import again" in said
    assert "import the file with --update" not in said
    assert _rows(two_coders / "alice.csv") == before
    # the advice holds
    rows = _rows(other_export)
    _write(other_export, [{**row, "id": ""} for row in rows])
    result = invoke("codings", "import", str(other_export))
    assert result.exit_code == 0, result.output
    assert "Imported 0 codings" in result.output and "(11 already present)" in result.output


def test_a_row_whose_id_names_a_coding_of_another_document_is_told_to_empty_it(
    invoke: Invoke, two_coders: Path
) -> None:
    """One row of the project's own export given another document: its id cannot be its
    coding's, so the advice is to empty the cell, not --update (which refuses it too)."""
    export = two_coders / "rt.csv"
    assert invoke("codings", "export", str(export)).exit_code == 0
    rows = _rows(export)
    moved = next(row for row in rows if row["document"] == "pole-a/directrice.txt")
    moved.update(document="pole-b/membre.md", start="0", end="5", text="")
    _write(export, rows)
    said = _said(invoke("codings", "import", str(export)))
    assert "1 row(s) cannot be imported" in said
    assert f"its `id` names coding {moved['id']}, alice's {moved['code']} at " in said
    assert (
        "and the row's coding is of 'pole-b/membre.md': the `id` is not that of the row's "
        "coding (a row of another project's export?). Empty its `id` cell and import again" in said
    )
    assert "--update" not in said


# --- 2. members.csv read for the review of names ---------------------------------------------

HEADER = "case,organisation,kind,circle,aliases\n"
ROWS = "pole-a,Ateliers du Val,SIAE,first,les Ateliers;AI\npole-b,Biscuiterie,association,second,\n"


def test_the_review_of_names_names_a_title_above_members_columns(tmp_path: Path) -> None:
    """Before: « no `organisation` column (columns: Membres des pôles) »."""
    path = tmp_path / "members.csv"
    path.write_text(f"Membres des pôles\n\n{HEADER}{ROWS}", encoding="utf-8")
    with pytest.raises(PtceError) as raised:
        read_member_names(path)
    message = str(raised.value)
    assert message.startswith(f"{path}, line 1: « Membres des pôles » looks like a title"), message
    assert "they are on line 3 and must come first" in message
    assert message.endswith(
        "Delete the line(s) above line 3 (the title) and run the command again."
    ), message
    path.write_text(f"{HEADER}{ROWS}", encoding="utf-8")
    assert read_member_names(path) == [
        ("Ateliers du Val", ("les Ateliers", "AI")),
        ("Biscuiterie", ()),
    ]


def test_members_hints_say_which_command_to_run_again(tmp_path: Path) -> None:
    """Before: « … and import again »: members.csv is read by `network`, not by an import;
    cases.csv's hint, read by the import, is unchanged."""
    path = tmp_path / "members.csv"
    path.write_text(f"Membres\n{HEADER}{ROWS}", encoding="utf-8")
    with pytest.raises(PtceError) as raised:
        read_members(path)
    assert str(raised.value).endswith(
        "Delete the line(s) above line 2 (the title) and run `ptce-coding network` (or `run`, "
        "`report`) again."
    ), str(raised.value)
    path.write_bytes(b"PK\x03\x04workbook")
    for read, again in (
        (read_members, "run `ptce-coding network` (or `run`, `report`) again."),
        (read_member_names, "run the command again."),
    ):
        with pytest.raises(PtceError) as raised:
            read(path)
        assert str(raised.value).endswith(f"under this name, and {again}"), str(raised.value)
    cases = tmp_path / "cases.csv"
    cases.write_text("Cas de l'enquête\ncase,region\npole-a,Bretagne\n", encoding="utf-8")
    with pytest.raises(PtceError) as raised:
        read_cases(cases)
    assert str(raised.value).endswith(
        "Delete the line(s) above line 2 (the title) and import again."
    )


# --- 3. compare with one coding accepted ------------------------------------------------------


@pytest.fixture
def one_accepted(imported: Path) -> Path:
    """Rule suggestions in both poles, one of pole-a's accepted by alice."""
    with Store(imported / "coding.sqlite") as store:
        suggestions = []
        for name, items in (
            ("pole-a/directrice.txt", (("locaux partagés", "COOP.LIEU"),)),
            ("pole-b/membre.md", (("Une subvention", "ECO.PUBLIC"), ("bureau", "COOP.LIEU"))),
        ):
            document = store.document(name)
            assert document is not None
            for words, code in items:
                start = document.text.index(words)
                coding = Coding(name, start, start + len(words), code, "rules", "rule", "suggested")
                suggestions.append((document.id, coding))
        store.replace_suggestions("rule", sorted({d for d, _ in suggestions}), suggestions)
        store.review(store.coding_rows()[0].id, "accepted", "alice")
    return imported


@pytest.mark.parametrize("command", ["ca", "typology"])
def test_poles_whose_codings_wait_for_review_are_said_with_status_all(
    invoke: Invoke, one_accepted: Path, command: str
) -> None:
    """Before: « Error: correspondence analysis needs at least 2 rows and 2 columns with
    counts (here 1 × 1) », and nothing about the suggestions left out."""
    result = invoke("compare", command, "--level", "1")
    assert result.exit_code == 1, result.output
    said = _said(result)
    assert (
        "Pole(s) with nothing coded left out: pole-b (1 interview, no accepted coding yet); "
        "suggestions wait for review in pole-b: --status all counts them" in said
    )
    assert "correspondence analysis needs at least 2 rows and 2 columns with counts" in said
    assert (
        "Left out: pole-b, whose codings all wait for review (--status auto counts accepted "
        "codings only once a coding is accepted). Count the suggestions too with --status all "
        "(provisional results), or review them first (`ptce-coding review`)." in said
    )
    assert "Traceback" not in said
    result = invoke("compare", "ca", "--level", "1", "--status", "all")
    assert result.exit_code == 0, result.output
    assert "2 poles, 2 interviews; codings: accepted and suggested (provisional)" in _said(result)


def test_a_pole_with_nothing_coded_at_all_gets_no_status_hint(
    invoke: Invoke, imported: Path
) -> None:
    """Only poles holding suggestions are said to wait for review."""
    spans = segment_spans(invoke, imported)
    pole_a = [(code, unit) for code, unit in ALICE if unit.startswith("a")]
    write_codings(imported / "alice.csv", "alice", pole_a, spans)
    assert invoke("codings", "import", str(imported / "alice.csv")).exit_code == 0
    result = invoke("compare", "ca", "--level", "1")
    assert result.exit_code == 1, result.output
    said = _said(result)
    assert "Pole(s) with nothing coded left out: pole-b (1 interview, no accepted coding yet)" in (
        said
    )
    assert "correspondence analysis needs at least 2 rows" in said
    assert "--status all" not in said and "wait for review" not in said
