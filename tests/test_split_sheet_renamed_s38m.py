"""S38 M: a split's re-assignment sheet (``outputs/reassign-CODE.xlsx``, a `former_code`
column) whose former code was renamed since the split. Its import looked the codings up under
the old id: refused « is not in the store » after a rename, and re-assigning another code's
coding when a code was given the old id since. Now the former code is followed from the split
on, to the id its codings have now, and said; one merged since is refused, with why.

The import's reading is interop/codings_reader.py and cli/coding.py: the CLI tests below run
once /work/notes/s38-M-interop-codings_reader.py.patch and s38-M-cli-coding.py.patch are
applied (skipped before, said so); the library's part (``FormerIds.split_source``) is tested
here in any case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.evolution.former_ids import FormerIds

Invoke = Callable[..., Result]
A, B = "pole-a/directrice.txt", "pole-b/membre.md"
SHEET = Path("outputs") / "reassign-COOP.LIEU.xlsx"


@pytest.fixture
def split(invoke: Invoke, imported: Path) -> Path:
    """anne's and paul's COOP.LIEU (and anne's COOP.ACHATS on the same passage as her
    COOP.LIEU), then COOP.LIEU split: its sheet lists anne's and paul's codings."""
    with find_project(imported).open_store() as store:
        store.add_codings(
            [
                Coding(A, 105, 150, "COOP.LIEU", "anne"),
                Coding(A, 105, 150, "COOP.ACHATS", "anne"),
                Coding(B, 60, 120, "COOP.LIEU", "paul"),
            ]
        )
    _changed(invoke, "split", "COOP.LIEU", "--into", "COOP.LIEU_BUREAUX,COOP.LIEU_ATELIERS")
    return imported


def _changed(invoke: Invoke, *command: str) -> None:
    result = invoke("codebook", *command)
    assert result.exit_code == 0, result.output


def _on(root: Path) -> str:
    """« on 7 Dec 2026 »: the day of the store's newest codebook change."""
    with find_project(root).open_store() as store:
        moment = datetime.fromisoformat(store.codebook_changes()[-1]["at"])
    return f"on {moment.day} {moment:%b} {moment.year}"


def _fill(root: Path, codes: dict[str, str]) -> Path:
    """The sheet's `code` cells: coder → the code their row gets."""
    path = root / SHEET
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        coder = row[header.index("coder")].value
        if coder in codes:
            row[header.index("code")].value = codes[coder]
    workbook.save(path)
    return path


def _codings(root: Path) -> list[tuple[str, int, str, str]]:
    with find_project(root).open_store() as store:
        return sorted((r.document, r.start, r.code, r.coder) for r in store.coding_rows())


def _ids(root: Path) -> dict[tuple[str, str], int]:
    with find_project(root).open_store() as store:
        return {(r.code, r.coder): r.id for r in store.coding_rows()}


def test_split_source_follows_the_split_code_from_the_split_on(invoke: Invoke, split: Path) -> None:
    """The split code's id through the changes made since the split (a rename of it, of its
    axis), whatever code has its old id today; a merge is a step its codings cannot follow."""
    _changed(invoke, "rename", "COOP.LIEU", "COOP.LOCAUX")
    _changed(invoke, "rename", "COOP.ACHATS", "COOP.LIEU")  # another code, the old id
    _changed(invoke, "rename", "COOP", "COOPERATION")
    book = load_codebook(split / "codebooks" / "ptce.yaml")
    with find_project(split).open_store() as store:
        former = FormerIds.of(store, book)
    source = former.split_source("COOP.LIEU")
    assert source is not None and source.followable
    assert (source.code, source.now) == ("COOP.LIEU", "COOPERATION.LOCAUX")
    assert source.story().startswith("was renamed COOP.LOCAUX on ")
    assert "then became COOPERATION.LOCAUX on " in source.story()
    assert former.split_source("COOP.ACHATS") is None  # never split
    _changed(invoke, "merge", "COOPERATION.LOCAUX", "COOPERATION.LIEU", "--into", "COOPERATION.X")
    book = load_codebook(split / "codebooks" / "ptce.yaml")
    with find_project(split).open_store() as store:
        merged = FormerIds.of(store, book).split_source("COOP.LIEU")
    assert merged is not None and not merged.followable and merged.now == "COOPERATION.X"


def test_a_sheet_whose_former_code_was_renamed_since_the_split_is_followed(
    invoke: Invoke, split: Path
) -> None:
    """Before: « row 2: the coding it re-assigns, anne's COOP.LIEU at 105-150 …, is not in
    the store », nothing imported."""
    _changed(invoke, "rename", "COOP.LIEU", "COOP.LOCAUX")
    renamed = _on(split)
    before = _ids(split)
    path = _fill(split, {"anne": "COOP.LIEU_BUREAUX"})
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert (
        "The sheet's former_code followed to the id the split code has now:\n"
        f"  COOP.LIEU → COOP.LOCAUX: 2 rows (COOP.LIEU was renamed COOP.LOCAUX {renamed} "
        "(codebook rename))\n"
        "Re-assigned 1 coding of COOP.LOCAUX: COOP.LIEU_BUREAUX 1 (the same codings, ids kept, "
        "given their new code: `history` lists each; `codebook undo` of the split gives them "
        "back)\n"
        "1 row with an empty `code` cell: its coding stays on COOP.LOCAUX, counted under it\n"
    ) in result.stderr
    assert _codings(split) == [
        (A, 105, "COOP.ACHATS", "anne"),
        (A, 105, "COOP.LIEU_BUREAUX", "anne"),
        (B, 60, "COOP.LOCAUX", "paul"),
    ]
    assert _ids(split)[("COOP.LIEU_BUREAUX", "anne")] == before[("COOP.LOCAUX", "anne")]
    again = invoke("codings", "import", str(path))  # the sheet sent again: nothing more
    assert again.exit_code == 0, again.output
    assert "Re-assigned 0 codings of COOP.LOCAUX (1 re-assigned already)" in again.stderr


def test_a_code_given_the_old_id_since_is_not_re_assigned(invoke: Invoke, split: Path) -> None:
    """COOP.LIEU renamed COOP.LOCAUX, then COOP.ACHATS renamed COOP.LIEU. Before: anne's row
    re-assigned her COOP.ACHATS coding (now COOP.LIEU, on the same passage) to
    COOP.LIEU_BUREAUX, and left her split code's coding as it was."""
    _changed(invoke, "rename", "COOP.LIEU", "COOP.LOCAUX")
    _changed(invoke, "rename", "COOP.ACHATS", "COOP.LIEU")
    result = invoke("codings", "import", str(_fill(split, {"anne": "COOP.LIEU_BUREAUX"})))
    assert result.exit_code == 0, result.output
    assert "  COOP.LIEU → COOP.LOCAUX: 2 rows (COOP.LIEU was renamed COOP.LOCAUX on " in (
        result.stderr
    )
    assert _codings(split) == [
        (A, 105, "COOP.LIEU", "anne"),  # her achats, untouched
        (A, 105, "COOP.LIEU_BUREAUX", "anne"),
        (B, 60, "COOP.LOCAUX", "paul"),
    ]


def test_an_axis_renamed_since_the_split_is_followed_and_its_new_codes_too(
    invoke: Invoke, split: Path
) -> None:
    """COOP renamed COOPERATION: the sheet's former_code and its new codes are ids of
    before. The former code is followed; a new code typed in the sheet is refused as any
    code id of an earlier codebook, and --follow-renames follows it."""
    _changed(invoke, "rename", "COOP", "COOPERATION")
    path = _fill(split, {"anne": "COOP.LIEU_BUREAUX", "paul": "COOPERATION.LIEU_ATELIERS"})
    refused = invoke("codings", "import", str(path))
    assert refused.exit_code == 1
    assert "row 2: unknown code 'COOP.LIEU_BUREAUX', not in the codebook: " in refused.output
    assert "row 3" not in refused.output
    result = invoke("codings", "import", str(path), "--follow-renames")
    assert result.exit_code == 0, result.output
    assert "  COOP.LIEU → COOPERATION.LIEU: 2 rows (COOP.LIEU became COOPERATION.LIEU on " in (
        result.stderr
    )
    assert (
        "Re-assigned 2 codings of COOPERATION.LIEU: COOPERATION.LIEU_ATELIERS 1, "
        "COOPERATION.LIEU_BUREAUX 1"
    ) in result.stderr
    assert "  COOP.LIEU_BUREAUX → COOPERATION.LIEU_BUREAUX: 1 row" in result.stderr


def test_a_sheet_whose_former_code_was_merged_since_is_refused_with_why(
    invoke: Invoke, split: Path
) -> None:
    """COOP.LIEU merged with COOP.ACHATS since the split: anne's COOP.LIEU and COOP.ACHATS on
    one passage are one coding of the merged code now. Before: « is not in the store »."""
    _changed(invoke, "merge", "COOP.LIEU", "COOP.ACHATS", "--into", "COOP.MUTUALISATION")
    merged = _on(split)
    before = _codings(split)
    path = _fill(split, {"anne": "COOP.LIEU_BUREAUX", "paul": "COOP.LIEU_ATELIERS"})
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert (
        "  row 2: its former_code COOP.LIEU was merged into COOP.MUTUALISATION "
        f"{merged} (codebook merge) since the split: its codings are among the codings of "
        "COOP.MUTUALISATION now, which the sheet cannot tell apart, so it re-assigns none of "
        "them. Take that change back (`ptce-coding codebook undo`, the newest change first) "
        "and import the sheet again, or give each of them its new code in a `ptce-coding "
        "codings export` imported with --update\n"
        "  row 3: its former_code COOP.LIEU cannot be followed to its codings (see row 2)\n"
    ) in result.output
    assert _codings(split) == before
    # the merge taken back: the sheet re-assigns
    _changed(invoke, "undo")
    again = invoke("codings", "import", str(path))
    assert again.exit_code == 0, again.output
    assert "followed" not in again.stderr
    assert "Re-assigned 2 codings of COOP.LIEU" in again.stderr
