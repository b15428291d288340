"""S37 Y: the code ids of last month. A coder's sheet typed before a `codebook rename` or
`merge` was refused « unknown code 'GOUV.DELEGUEE', not in the codebook », while the store
recorded what became of the id; now the refusal says it, and `codings import
--follow-renames` imports such rows under the code the id is now, each followed id counted
and said (a split code is never followed). After the rename of an axis, the codes' texts
citing its sub-codes' old ids (« (GOUV.CA) ») went unsaid by the rename and by `codebook
validate`, while a leaf rename got its warnings."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from click.testing import Result

from ptce_coding.store import Store

Invoke = Callable[..., Result]
DOCUMENT = "pole-a/directrice.txt"


def sheet(root: Path, codes: list[str], name: str = "juin.csv") -> Path:
    """alice's sheet: one row per code, each on its own passage of the directrice's
    interview."""
    path = root / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "start", "end", "code", "coder"])
        for number, code in enumerate(codes):
            writer.writerow([DOCUMENT, 10 * number, 10 * number + 8, code, "alice"])
    return path


def changed(invoke: Invoke, *command: str) -> None:
    result = invoke("codebook", *command)
    assert result.exit_code == 0, result.output


def on(root: Path, index: int = -1) -> str:
    """« 7 Dec 2026 »: the day of the store's codebook change ``index`` (its own clock)."""
    with Store(root / "coding.sqlite") as store:
        moment = datetime.fromisoformat(store.codebook_changes()[index]["at"])
    return f"on {moment.day} {moment:%b} {moment.year}"


def codings(root: Path) -> list[tuple[str, int, str, str]]:
    with Store(root / "coding.sqlite") as store:
        return sorted((r.document, r.start, r.code, r.coder) for r in store.coding_rows())


def test_a_sheet_of_ids_renamed_and_merged_since_is_refused_with_what_became_of_them(
    invoke: Invoke, imported: Path
) -> None:
    changed(invoke, "merge", "COOP.LIEU", "COOP.ACHATS", "--into", "COOP.MUTUALISATION")
    merged = on(imported)
    changed(invoke, "rename", "ECO.PUBLIC", "ECO.SUBVENTIONS")
    renamed = on(imported)
    path = sheet(imported, ["COOP.LIEU", "ECO.PUBLIC", "coop.lieu"])
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert (
        "row 2: unknown code 'COOP.LIEU', not in the codebook: COOP.LIEU was merged into "
        f"COOP.MUTUALISATION {merged} (codebook merge)\n"
    ) in result.output
    assert (
        "row 3: unknown code 'ECO.PUBLIC', not in the codebook: ECO.PUBLIC was renamed "
        f"ECO.SUBVENTIONS {renamed} (codebook rename)\n"
    ) in result.output
    # the story is told once; a later row of the same id refers to it
    assert (
        "row 4: unknown code 'coop.lieu', not in the codebook: it is COOP.MUTUALISATION now "
        "(see row 2)"
    ) in result.output
    assert (
        "The file uses code ids of an earlier codebook (COOP.LIEU is now COOP.MUTUALISATION, "
        "ECO.PUBLIC is now ECO.SUBVENTIONS): give --follow-renames to import their rows under "
        "the codes they are now (each one said), or write those codes in the `code` cells."
    ) in result.output
    assert "did you mean" not in result.output
    assert codings(imported) == []


def test_follow_renames_imports_each_row_under_the_code_its_id_is_now_and_says_so(
    invoke: Invoke, imported: Path
) -> None:
    changed(invoke, "merge", "COOP.LIEU", "COOP.ACHATS", "--into", "COOP.MUTUALISATION")
    merged = on(imported)
    changed(invoke, "rename", "COOP", "COOPERATION")  # an axis: its sub-codes' ids follow
    renamed = on(imported)
    path = sheet(imported, ["COOP.LIEU", "COOP.ACHATS", "COOP.LIEU; ECO.PUBLIC"])
    result = invoke("codings", "import", str(path), "--follow-renames")
    assert result.exit_code == 0, result.output
    assert f"Imported 4 codings from {path} (0 already present)" in result.output
    assert (
        "Followed 2 former code ids to the code each is now (--follow-renames):\n"
        "  COOP.ACHATS → COOPERATION.MUTUALISATION: 1 row (COOP.ACHATS was merged into "
        f"COOP.MUTUALISATION {merged} (codebook merge), then became COOPERATION.MUTUALISATION "
        f"{renamed} (codebook rename COOP COOPERATION))\n"
        "  COOP.LIEU → COOPERATION.MUTUALISATION: 2 rows (COOP.LIEU was merged into "
    ) in result.output
    assert codings(imported) == [
        (DOCUMENT, 0, "COOPERATION.MUTUALISATION", "alice"),
        (DOCUMENT, 10, "COOPERATION.MUTUALISATION", "alice"),
        (DOCUMENT, 20, "COOPERATION.MUTUALISATION", "alice"),
        (DOCUMENT, 20, "ECO.PUBLIC", "alice"),
    ]
    again = invoke("codings", "import", str(path), "--follow-renames")
    assert again.exit_code == 0, again.output
    assert f"Imported 0 codings from {path} (4 already present)" in again.output


def test_a_split_code_is_never_followed_and_nothing_is_imported(
    invoke: Invoke, imported: Path
) -> None:
    changed(invoke, "rename", "COOP.LIEU", "COOP.LOCAUX")
    renamed = on(imported)
    changed(invoke, "split", "COOP.LOCAUX", "--into", "COOP.BUREAUX,COOP.ENTREPOT")
    split = on(imported)
    path = sheet(imported, ["COOP.LIEU", "COOP.LOCAUX", "ECO.PUBLIC"])
    result = invoke("codings", "import", str(path), "--follow-renames")
    assert result.exit_code == 1
    assert (
        "row 2: unknown code 'COOP.LIEU', not in the codebook: COOP.LIEU was renamed "
        f"COOP.LOCAUX {renamed} (codebook rename), then was split into COOP.BUREAUX, "
        f"COOP.ENTREPOT {split} (codebook split): which of them a passage has is a coder's "
        "choice, so the id cannot be followed (not even with --follow-renames). Write the one "
        "meant in the row's `code` cell (the store's codings of COOP.LOCAUX are re-assigned "
        "with the sheet `codebook split` wrote)"
    ) in result.output
    assert (
        "row 3: code 'COOP.LOCAUX' is retired: COOP.LOCAUX was split into COOP.BUREAUX, "
        f"COOP.ENTREPOT {split} (codebook split): which of them"
    ) in result.output
    assert "row 4" not in result.output
    assert "give --follow-renames" not in result.output  # nothing it could follow
    assert codings(imported) == []


def test_an_id_renamed_into_a_code_retired_since_is_not_followed(
    invoke: Invoke, imported: Path
) -> None:
    changed(invoke, "rename", "ECO.PUBLIC", "ECO.SUBVENTIONS")
    renamed = on(imported)
    changed(invoke, "retire", "ECO.SUBVENTIONS")
    result = invoke("codings", "import", str(sheet(imported, ["ECO.PUBLIC"])), "--follow-renames")
    assert result.exit_code == 1
    assert (
        "row 2: unknown code 'ECO.PUBLIC', not in the codebook: ECO.PUBLIC was renamed "
        f"ECO.SUBVENTIONS {renamed} (codebook rename) (ECO.SUBVENTIONS is retired), so it takes "
        "no new coding and cannot be followed (not even with --follow-renames)"
    ) in result.output
    assert codings(imported) == []


def test_a_rename_taken_back_by_undo_is_not_followed(invoke: Invoke, imported: Path) -> None:
    changed(invoke, "rename", "ECO.PUBLIC", "ECO.SUBVENTIONS")
    changed(invoke, "undo")
    path = sheet(imported, ["ECO.PUBLIC"])
    result = invoke("codings", "import", str(path), "--follow-renames")
    assert result.exit_code == 0, result.output
    assert "Followed" not in result.output
    assert codings(imported) == [(DOCUMENT, 0, "ECO.PUBLIC", "alice")]


def test_an_export_sent_back_after_a_rename_gives_back_its_codings(
    invoke: Invoke, imported: Path
) -> None:
    path = sheet(imported, ["ECO.PUBLIC", "COOP.LIEU"])
    assert invoke("codings", "import", str(path)).exit_code == 0
    exported = imported / "codages.csv"
    assert invoke("codings", "export", str(exported)).exit_code == 0
    changed(invoke, "rename", "ECO.PUBLIC", "ECO.SUBVENTIONS")
    refused = invoke("codings", "import", str(exported), "--update")
    assert refused.exit_code == 1
    assert "another store" not in refused.output
    assert "ECO.PUBLIC was renamed ECO.SUBVENTIONS" in refused.output
    result = invoke("codings", "import", str(exported), "--update", "--follow-renames")
    assert result.exit_code == 0, result.output
    assert f"Imported 0 codings from {exported}; changed 0 codings; 2 unchanged" in result.output
    assert "  ECO.PUBLIC → ECO.SUBVENTIONS: 1 row (" in result.output


def cite(root: Path, old: str, new: str) -> int:
    """Write ``new`` in place of ``old`` in the test codebook; the line of the code it is in."""
    path = root / "codebooks" / "ptce.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return 1 + text[: text.rindex("- id:", 0, text.index(old))].count("\n")


def test_renaming_an_axis_names_the_texts_citing_its_sub_codes(
    invoke: Invoke, imported: Path
) -> None:
    line = cite(
        imported,
        "exclude: Ventes aux collectivités.",
        "exclude: Ventes aux collectivités ; les locaux (COOP.LIEU) ; l'axe (COOP).",
    )
    result = invoke("codebook", "rename", "COOP", "COOPERATION")
    assert result.exit_code == 0, result.output
    assert (
        f"warning: codebooks/ptce.yaml, line {line}: code ECO.PUBLIC: its exclude cites "
        "COOP.LIEU, which is now COOPERATION.LIEU"
    ) in result.output
    assert "change these ids in the YAML by hand" in result.output


def test_validate_says_what_became_of_the_ids_the_texts_still_cite(
    invoke: Invoke, imported: Path
) -> None:
    """Needs the patches /work/notes/s37-Y-model.py.patch and s37-Y-codebook.py.patch."""
    line = cite(
        imported,
        "exclude: Ventes aux collectivités.",
        "exclude: Ventes aux collectivités ; les locaux (COOP.LIEU) ; un typo (COOP.LIUE).",
    )
    changed(invoke, "rename", "COOP", "COOPERATION")
    renamed = on(imported)
    result = invoke("codebook", "validate")
    assert result.exit_code == 0, result.output
    where = f"warning: codebooks/ptce.yaml, line {line}: code ECO.PUBLIC: its exclude"
    assert (
        f"{where} cites COOP.LIEU, which is not in the codebook: it became COOPERATION.LIEU "
        f"{renamed} (codebook rename COOP COOPERATION)\n"
    ) in result.output
    # an id under the axis renamed that no change made: a typo, said as before
    assert f"{where} cites COOP.LIUE, which is not in the codebook\n" in result.output
