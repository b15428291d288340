"""S40 F: a disagreements sheet carries the project it was written from (its `origin`
sheet), and a sheet written from another project whose passages do not fit is refused with
that cause, not with « the document was imported again since the file was written ».

A five-coder trial imported a consensus sheet into another project holding interviews of
the same names, one of them edited: the refusal was right, its advice was not (the sheet
carried nothing that told the project apart). The origin is the store's first event (the
log is append-only: it never changes), said as when the store began and by whom, with a
fingerprint. A sheet without it (written before) is read as before."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from ptce_coding.base.errors import ExchangeError
from ptce_coding.cli import cli
from ptce_coding.interop.sheet_origin import (
    ORIGIN_SHEET,
    SheetOrigin,
    origin_sheet,
    read_origin,
    refuse_another_projects_sheet,
    sheet_origin,
)
from ptce_coding.store import Store
from ptce_coding.store import base as store_base

Invoke = Callable[..., Result]
AGREE = ("agreement", "--coders", "alice,bob", "--format", "csv")
EDITED = "pole-a/directrice.txt"
ADDED = "Une phrase ajoutée au début.\n\n"


@pytest.fixture
def other(
    tmp_path: Path, runner: CliRunner, two_coders: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Another project, « autre », of the same interviews, EDITED with a sentence added
    before its passages; its store begun at another time than the first project's."""
    root = tmp_path / "autre"
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    shutil.copyfile(two_coders / "codebooks" / "ptce.yaml", root / "codebooks" / "ptce.yaml")
    shutil.rmtree(root / "corpus")
    shutil.copytree(two_coders / "corpus", root / "corpus")
    source = root / "corpus" / EDITED
    source.write_text(ADDED + source.read_text("utf-8"), "utf-8")
    with monkeypatch.context() as later:
        later.setattr(store_base, "now", lambda: "2031-01-02T03:04:05+00:00")
        result = runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)])
    assert result.exit_code == 0, result.output
    yield root


def _sheet(invoke: Invoke, root: Path, origin: SheetOrigin | None, name: str = "d") -> Path:
    """The disagreements sheet of alice and bob, every row decided yes, with ``origin``'s
    sheet beside it (as `agreement --disagreements` writes it; in its place where the command
    wrote one), in ``name``.xlsx."""
    path = root / f"{name}.xlsx"
    assert invoke(*AGREE, "--disagreements", str(path)).exit_code == 0
    book = openpyxl.load_workbook(path)
    sheet = book["disagreements"]
    column = [cell.value for cell in sheet[1]].index("decision") + 1
    for number in range(2, sheet.max_row + 1):
        sheet.cell(row=number, column=column).value = "yes"
    if ORIGIN_SHEET in book.sheetnames:
        book.remove(book[ORIGIN_SHEET])
    for title, frame in origin_sheet(origin).items():
        added = book.create_sheet(title)
        added.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            added.append(list(row))
    book.save(path)
    return path


def _origin(root: Path, name: str) -> SheetOrigin:
    with Store(root / "coding.sqlite") as store:
        origin = sheet_origin(name, store)
    assert origin is not None
    return origin


def _refusal(path: Path, root: Path, name: str) -> str:
    """What ``refuse_another_projects_sheet`` says of the sheet at ``path`` in the project at
    ``root``; "" when it lets the import read it."""
    with Store(root / "coding.sqlite") as store:
        try:
            refuse_another_projects_sheet(
                path, texts=store.document_texts(), project=name, store=store
            )
        except ExchangeError as exc:
            return " ".join(f"{exc.message} {exc.hint}".split())
    return ""


def test_the_origin_sheet_is_read_back(invoke: Invoke, two_coders: Path) -> None:
    """What the sheet says of its project: its name, when its store began and by whom, the
    fingerprint; the same store always gives the same."""
    origin = _origin(two_coders, "étude")
    assert origin == _origin(two_coders, "étude")
    assert origin.begun.endswith(" UTC (" + Store(two_coders / "coding.sqlite").actor + ")")
    path = _sheet(invoke, two_coders, origin)
    assert read_origin(path) == origin
    rows = list(openpyxl.load_workbook(path)[ORIGIN_SHEET].iter_rows(values_only=True))
    assert rows[0] == ("about", "value")
    assert ("project", "étude") in rows


def test_a_sheet_of_another_project_that_does_not_fit_is_refused_naming_it(
    invoke: Invoke, two_coders: Path, other: Path
) -> None:
    """The sheet written from « étude » imported into « autre », where EDITED has a sentence
    more: refused, the cause named, with what to do."""
    written, here = _origin(two_coders, "étude"), _origin(other, "autre")
    assert written.fingerprint != here.fingerprint
    path = _sheet(invoke, two_coders, written)
    said = _refusal(path, other, "autre")
    assert said.startswith(
        f"this sheet was written from another project (« étude », whose store began "
        f"{written.begun}), not from this one (« autre », whose store began 2031-01-02 03:04 "
        "UTC ("
    ), said
    assert f"quote passages that this project's text of {EDITED} does not have there; " in said
    assert "nothing was imported" in said
    assert "imported again" not in said
    assert said.endswith(
        "Import it into the project it was written from; or write this project's own sheet "
        "(`ptce-coding agreement --coders alice,bob --disagreements FILE`) and copy the "
        "decisions over."
    ), said


def test_a_sheet_of_this_project_an_old_sheet_or_one_that_fits_is_read_as_before(
    invoke: Invoke, two_coders: Path, other: Path
) -> None:
    """The project's own sheet, a sheet without origin (written before), and another
    project's sheet whose decided rows fit: the import reads them (and says what it says
    of their rows)."""
    mine = _sheet(invoke, two_coders, _origin(two_coders, "étude"))
    assert _refusal(mine, two_coders, "étude") == ""
    old = _sheet(invoke, two_coders, None, "old")
    assert read_origin(old) is None
    assert _refusal(old, other, "autre") == ""
    fitting = _sheet(invoke, two_coders, _origin(two_coders, "étude"), "fitting")
    book = openpyxl.load_workbook(fitting)
    sheet = book["disagreements"]
    header = [cell.value for cell in sheet[1]]
    for number in range(2, sheet.max_row + 1):  # only the rows of the other interview
        if sheet.cell(row=number, column=header.index("document") + 1).value == EDITED:
            sheet.cell(row=number, column=header.index("decision") + 1).value = None
    book.save(fitting)
    assert _refusal(fitting, other, "autre") == ""
