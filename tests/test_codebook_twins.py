"""A hand rename onto a code of the codebook (`codebook rename OLD NEW`, OLD removed from the
YAML by hand, NEW there already) gives a coder who had coded both on one passage two
decisions of NEW there, as a merge does. The merge says so; before, the rename was silent."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding

A = "pole-a/directrice.txt"


def test_a_hand_rename_onto_a_code_says_where_a_coder_now_holds_two_decisions(
    invoke: Callable[..., Result], imported: Path
) -> None:
    with find_project(imported).open_store() as store:
        store.add_codings(
            [
                Coding(A, 105, 150, "COOP.LIEU", "alice"),
                Coding(A, 105, 150, "COOP.ACHATS", "alice"),
                Coding(A, 105, 150, "COOP.LIEU", "bob"),
            ]
        )
    codebook = imported / "codebooks" / "ptce.yaml"
    text = codebook.read_text(encoding="utf-8")
    # COOP.LIEU taken out of the YAML by hand (up to the next code)
    hand = re.sub(r"      - id: COOP\.LIEU\n(?:        .*\n|          .*\n)*", "", text)
    assert "COOP.LIEU" not in hand and "COOP.ACHATS" in hand
    codebook.write_text(hand, encoding="utf-8")

    result = invoke("codebook", "rename", "COOP.LIEU", "COOP.ACHATS")
    assert result.exit_code == 0, result.output
    assert "COOP.LIEU → COOP.ACHATS: 2 coding(s)" in result.output
    assert (
        "1 passage(s) where one coder had decided two of the codes renamed into one now hold two "
        in (" ".join(result.output.split()))
    )
    # both codings are kept
    with find_project(imported).open_store() as store:
        rows = sorted((r.code, r.coder) for r in store.coding_rows())
    assert rows == [("COOP.ACHATS", "alice"), ("COOP.ACHATS", "alice"), ("COOP.ACHATS", "bob")]


def test_a_merge_s_twin_codings_are_one_coding_in_the_refi_qda_project(
    invoke: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    """alice coded COOP.LIEU and COOP.ACHATS on one passage; once they are merged, the
    REFI-QDA project wrote two identical codings, two references in NVivo or ATLAS.ti (the
    merge now leaves one in the store, the other in the history for `codebook undo`)."""
    with find_project(imported).open_store() as store:
        store.add_codings(
            [
                Coding(A, 105, 150, "COOP.LIEU", "alice"),
                Coding(A, 105, 150, "COOP.ACHATS", "alice"),
                Coding(A, 105, 150, "COOP.LIEU", "bob"),
            ]
        )
    merged = invoke("codebook", "merge", "COOP.LIEU", "--into", "COOP.ACHATS")
    assert merged.exit_code == 0, merged.output
    qdpx = tmp_path / "etude.qdpx"
    result = invoke("export", "qdpx", str(qdpx))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(qdpx) as archive:
        project_xml = archive.read("project.qde").decode("utf-8")
    assert project_xml.count("<Coding ") == 2  # alice's and bob's
    assert "2 codings" in " ".join(result.output.split())
    with find_project(imported).open_store() as store:
        assert len(store.coding_rows(coders=["alice"])) == 1  # one coding per passage and code
    assert invoke("codebook", "undo").exit_code == 0
    with find_project(imported).open_store() as store:
        assert len(store.coding_rows(coders=["alice"])) == 2  # both back
