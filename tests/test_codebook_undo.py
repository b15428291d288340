"""`codebook undo`: a codebook change made by mistake is taken back, codings and memos with it.

Before, a merge could not be undone: the codings of the merged codes were one code, and the
distinction the coders had made was lost to the user (the event log held it)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from tests.test_evolution import coded, codings

__all__ = ["coded"]  # the fixture, shared with tests/test_evolution.py


def memos(root: Path) -> list[tuple[str, str]]:
    with find_project(root).open_store() as store:
        return sorted((m.target, m.text) for m in store.memos("code"))


def test_a_merge_and_a_rename_are_undone_one_after_the_other(
    invoke: Callable[..., Result], coded: Path
) -> None:
    codebook = coded / "codebooks" / "ptce.yaml"
    text, before = codebook.read_text("utf-8"), codings(coded)
    assert invoke("memo", "add", "--code", "COOP.LIEU", "des locaux").exit_code == 0
    assert invoke("memo", "add", "--code", "COOP.ACHATS", "des achats").exit_code == 0
    noted = memos(coded)
    merged = invoke("codebook", "merge", "COOP.LIEU", "COOP.ACHATS", "--into", "COOP.MUTUALISATION")
    assert merged.exit_code == 0, merged.output
    assert invoke("codebook", "rename", "ECO.PUBLIC", "ECO.SUBVENTIONS").exit_code == 0
    # coded and noted on the renamed code after the rename: they go back with it
    with find_project(coded).open_store() as store:
        store.add_codings([Coding("pole-a/directrice.txt", 10, 40, "ECO.SUBVENTIONS", "anne")])
    assert invoke("memo", "add", "--code", "ECO.SUBVENTIONS", "la Région").exit_code == 0

    first = invoke("codebook", "undo")
    assert first.exit_code == 0, first.output
    assert "Undid `codebook rename`" in first.output
    assert "ECO.SUBVENTIONS → ECO.PUBLIC: 2 codings" in first.output
    assert sorted(c[3] for c in codings(coded)).count("ECO.PUBLIC") == 2
    assert ("ECO.PUBLIC", "la Région") in memos(coded)

    second = invoke("codebook", "undo")
    assert second.exit_code == 0, second.output
    assert "Undid `codebook merge`" in second.output
    assert "COOP.MUTUALISATION → COOP.LIEU: 2 codings" in second.output
    assert "COOP.MUTUALISATION → COOP.ACHATS: 1 coding" in second.output
    assert codebook.read_text("utf-8") == text  # the YAML as it was, comments included
    assert [c for c in codings(coded) if c[:3] != ("pole-a/directrice.txt", 10, 40)] == before
    assert memos(coded) == sorted([*noted, ("ECO.PUBLIC", "la Région")])

    third = invoke("codebook", "undo")
    assert third.exit_code == 1
    assert "every change made with the codebook commands is undone already" in third.output
    history = json.loads(invoke("history", "--action", "codebook.undo", "--format", "json").stdout)
    assert len(history) == 3  # one event per (code now, code back)


def test_an_undo_that_would_lose_something_changes_nothing(
    invoke: Callable[..., Result], coded: Path
) -> None:
    codebook = coded / "codebooks" / "ptce.yaml"
    assert invoke("codebook", "undo").output.startswith("Error: no codebook change to undo")
    merged = invoke("codebook", "merge", "COOP.LIEU", "COOP.ACHATS", "--into", "COOP.MUTUALISATION")
    assert merged.exit_code == 0, merged.output
    text, state = codebook.read_text("utf-8"), codings(coded)

    # a code edited by hand since the change
    codebook.write_text(text.replace("Ressources du pôle.", "Les ressources."), "utf-8")
    edited = invoke("codebook", "undo")
    assert edited.exit_code == 1
    assert "the codebook was edited since `codebook merge`" in " ".join(edited.output.split())
    assert codings(coded) == state
    codebook.write_text(text, "utf-8")

    # a coding of the merged code made since: the codebook before it has no such code
    with find_project(coded).open_store() as store:
        store.add_codings([Coding("pole-b/membre.md", 0, 30, "COOP.MUTUALISATION", "paul")])
    coded_since = invoke("codebook", "undo")
    assert coded_since.exit_code == 1
    assert "COOP.MUTUALISATION (1 coding(s))" in coded_since.output
    assert "nothing was changed" in coded_since.output
    assert codebook.read_text("utf-8") == text
    assert len(codings(coded)) == len(state) + 1
    assert {c[3] for c in codings(coded)} >= {"COOP.MUTUALISATION"}
    assert not list(codebook.parent.glob("*.journal")) and not list(codebook.parent.glob("*undo"))


def test_a_comment_edited_since_is_kept_beside_the_codebook(
    invoke: Callable[..., Result], coded: Path
) -> None:
    codebook = coded / "codebooks" / "ptce.yaml"
    text = codebook.read_text("utf-8")
    assert invoke("codebook", "retire", "ECO.PUBLIC").exit_code == 0
    commented = "# relu par le groupe\n" + codebook.read_text("utf-8")
    codebook.write_text(commented, "utf-8")
    result = invoke("codebook", "undo")
    assert result.exit_code == 0, result.output
    assert codebook.read_text("utf-8") == text
    kept = codebook.with_name("ptce.yaml.before-undo")
    assert kept.read_text("utf-8") == commented
    assert str(kept) in " ".join(result.output.split())


def test_a_change_made_before_undo_existed_is_refused(
    invoke: Callable[..., Result], coded: Path
) -> None:
    with find_project(coded).open_store() as store, store.transaction():
        store.log("codebook.change", operation="merge", mapping={"A": "B"}, journal="x")
    result = invoke("codebook", "undo")
    assert result.exit_code == 1
    assert "made by an earlier version of ptce-coding" in result.output


def test_a_document_removed_before_a_merge_undone_comes_back_under_its_codes(
    invoke: Callable[..., Result], coded: Path
) -> None:
    """A removed document is put back with its codings under the codes they have become since
    (Store.renames): a merge undone since counts for nothing. Before, its codings came back
    under the merged code, which the undo had taken away: orphans that stopped `matrix`."""
    removed = invoke("documents", "remove", "pole-b/membre.md", "--yes")
    assert removed.exit_code == 0, removed.output
    event = re.search(r"event (\d+)", removed.output)
    assert event, removed.output
    merged = invoke("codebook", "merge", "COOP.LIEU", "COOP.ACHATS", "--into", "COOP.MUTUALISATION")
    assert merged.exit_code == 0, merged.output
    undone = invoke("codebook", "undo")
    assert undone.exit_code == 0, undone.output
    restored = invoke("history", "--restore", event.group(1), "--yes")
    assert restored.exit_code == 0, restored.output
    back = [c for c in codings(coded) if c[0] == "pole-b/membre.md"]
    assert sorted(c[3] for c in back) == ["COOP.LIEU", "ECO.PUBLIC"]
    assert invoke("matrix").exit_code == 0  # no orphaned code


def test_suggestions_of_a_merged_code_waiting_for_review_do_not_stop_the_undo(
    invoke: Callable[..., Result], coded: Path
) -> None:
    """`code` after a merge suggests the merged code: those suggestions are the taggers', made
    again by the next `code`; they stopped the undo as « codings made since »."""
    merged = invoke("codebook", "merge", "COOP.LIEU", "COOP.ACHATS", "--into", "COOP.MUTUALISATION")
    assert merged.exit_code == 0, merged.output
    with find_project(coded).open_store() as store:
        store.add_codings(
            [Coding("pole-b/membre.md", 0, 30, "COOP.MUTUALISATION", "rules", "rule", "suggested")]
        )
    result = invoke("codebook", "undo")
    assert result.exit_code == 0, result.output
    assert "1 suggestion of codes the undo takes away, waiting for review, dropped" in (
        " ".join(result.output.split())
    )
    assert "COOP.MUTUALISATION" not in {c[3] for c in codings(coded)}
