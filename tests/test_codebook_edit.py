"""Codebook edits on the YAML text: ids, parents, comments and untouched lines."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ptce_coding
from ptce_coding.base.errors import CodebookError, PtceError
from ptce_coding.codebook import edit as codebook_edit
from ptce_coding.codebook import yaml_tree as codebook_yaml_tree
from ptce_coding.codebook.edit import (
    merge_codes,
    move_code,
    rename_code,
    retire_code,
    split_code,
    unretire_code,
)
from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.codebook.model import Codebook

from .conftest import DATA

SMALL = (DATA / "codebook.yaml").read_text(encoding="utf-8")
FLAT = (DATA / "codebook_edit" / "flat.yaml").read_text(encoding="utf-8")
COMMENTED = (DATA / "codebook_edit" / "commented.yaml").read_text(encoding="utf-8")
PTCE_PATH = Path(ptce_coding.__file__).parent / "data" / "ptce.yaml"
SECTION_2 = "# 2. PRINCIPAUX OBJECTIFS (Fraisse, grille de caractérisation, axe 2)"
CHOSEN_COMMENTS = [
    "# 1. MORPHOLOGIE (Fraisse, grille de caractérisation, axe 1)",
    SECTION_2,
    "# 3. ACTIVITÉS DE COOPÉRATION (Fraisse, grille de caractérisation, axe 3)",
    "# 9. ÉVALUATION ET MESURE D'IMPACT (table ronde ; ARC8 « processus d'évaluation » ; Serizier)",
    "# Règles : voir src/ptce_coding/tagging/rules.py. Les lemmes sont calculés par "
    "fr_core_news_sm,",
]


@pytest.fixture(scope="module")
def ptce() -> str:
    return PTCE_PATH.read_text(encoding="utf-8")


def book(text: str) -> Codebook:
    return parse_codebook(text)


def tree(text: str) -> dict[str, str | None]:
    """Code id -> parent id, in file order."""
    return {code.id: code.parent for code in book(text).codes}


def changed(before: str, after: str) -> list[str]:
    """The removed (-) and added (+) lines of a unified diff."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")]


def blank_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if not line.strip())


def block(text: str, code: str) -> list[str]:
    """The lines of a code's block (up to the next line at the same depth or a comment)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {code}")
    depth = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip()
        or (len(lines[end]) - len(lines[end].lstrip()) > depth and lines[end].strip()[0] != "#")
    ):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def raises(message: str) -> pytest.RaisesContext[PtceError]:
    return pytest.raises(PtceError, match=re.escape(message))


# ----------------------------------------------------------------------------- rename


def test_rename_changes_only_the_id_line_and_keeps_explicit_rule_ids() -> None:
    text, mapping = rename_code(SMALL, "COOP.LIEU", "COOP.LOCAUX")
    assert mapping == {"COOP.LIEU": "COOP.LOCAUX"}
    assert changed(SMALL, text) == ["-      - id: COOP.LIEU", "+      - id: COOP.LOCAUX"]
    rules = [rule.id for rule in book(text).get("COOP.LOCAUX").rules]
    assert rules == ["COOP.LOCAUX#1", "COOP.LOCAUX#2", "lieu-negation"]
    assert rename_code(text, "COOP.LOCAUX", "COOP.LIEU")[0] == SMALL


def test_rename_renames_the_descendants_of_the_default_codebook(ptce: str) -> None:
    text, mapping = rename_code(ptce, "COOP", "COOPERATION")
    before = book(ptce)
    assert len(mapping) == 17
    assert mapping["COOP.MUTUALISATION.LIEU"] == "COOPERATION.MUTUALISATION.LIEU"
    assert all(new == "COOPERATION" + old[4:] for old, new in mapping.items())
    lines = changed(ptce, text)
    assert len(lines) == 2 * 17
    assert all(re.match(r"^[+-] +- id: COOP", line) for line in lines)
    assert comments(text) == comments(ptce)
    after = book(text)
    assert after.get("COOPERATION.MUTUALISATION.LIEU").parent == "COOPERATION.MUTUALISATION"
    assert len(after) == len(before)
    assert rename_code(text, "COOPERATION", "COOP")[0] == ptce


def test_rename_in_a_flat_codebook_updates_parents_and_keeps_quotes() -> None:
    text, mapping = rename_code(FLAT, "A", "ALPHA")
    assert mapping == {"A": "ALPHA", "A.X": "ALPHA.X", "A.Y": "ALPHA.Y"}
    assert tree(text) == {
        "ALPHA": None,
        "ALPHA.X": "ALPHA",
        "ALPHA.Y": "ALPHA",
        "B": None,
        "B.X": "B",
        "ODD": "ALPHA.X",  # a descendant whose id does not start with A. keeps its id
    }
    assert '- id: "ALPHA"' in text
    assert text.count('parent: "ALPHA"') == 2
    assert len(changed(FLAT, text)) == 2 * 6
    assert rename_code(text, "ALPHA", "A")[0] == FLAT


@pytest.mark.parametrize("text", [SMALL, FLAT, COMMENTED], ids=["small", "flat", "commented"])
def test_rename_of_any_code_and_back_restores_the_text(text: str) -> None:
    for code in tree(text):
        new = code + "_NEW"
        renamed, mapping = rename_code(text, code, new)
        assert mapping[code] == new
        assert rename_code(renamed, new, code)[0] == text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    code=st.sampled_from(sorted(tree(COMMENTED))),
    last=st.from_regex(r"[A-Z][A-Z0-9_]{0,6}", fullmatch=True),
)
def test_rename_property_parses_and_inverts(code: str, last: str) -> None:
    new = code.rpartition(".")[0] + "." + last if "." in code else last
    if new in tree(COMMENTED):
        return
    text, mapping = rename_code(COMMENTED, code, new)
    assert set(tree(text)) == {mapping.get(old, old) for old in tree(COMMENTED)}
    assert comments(text) == comments(COMMENTED)
    assert rename_code(text, new, code)[0] == COMMENTED


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("NOPE", "NEW", "unknown code 'NOPE'"),
        ("COOP.LIEU", "ECO", "code ECO already exists"),
        ("COOP.LIEU", "COOP.LIEU", "code COOP.LIEU already exists"),
        ("COOP.LIEU", "coop.locaux", "invalid code id 'coop.locaux'"),
        ("COOP.LIEU", "COOP..X", "invalid code id 'COOP..X'"),
        ("COOP.LIEU", "1COOP", "invalid code id '1COOP'"),
        ("COOP.LIEU", "COOP LIEU", "invalid code id 'COOP LIEU'"),
    ],
)
def test_rename_errors(old: str, new: str, message: str) -> None:
    with raises(message) as caught:
        rename_code(SMALL, old, new)
    assert caught.value.hint


def test_rename_refuses_when_a_descendant_id_is_taken() -> None:
    text = "name: t\ncodes:\n  - id: X\n    label: x\n    children:\n"
    text += "      - id: X.A\n        label: xa\n  - id: Y.A\n    label: ya\n"
    with raises("X.A would become Y.A, an id already in use"):
        rename_code(text, "X", "Y")


# ----------------------------------------------------------------------------- merge


def test_merge_into_an_existing_code_appends_rules_and_examples() -> None:
    text, mapping = merge_codes(SMALL, ["COOP.ACHATS"], "COOP.LIEU")
    assert mapping == {"COOP.ACHATS": "COOP.LIEU"}
    assert "COOP.ACHATS" not in book(text)
    lieu = book(text).get("COOP.LIEU")
    assert [rule.kind for rule in lieu.rules] == ["lemma", "near", "regex", "pattern"]
    assert [rule.id for rule in lieu.rules][2:] == ["lieu-negation", "COOP.LIEU#4"]
    assert lieu.examples == ("on partage les locaux", "on achète ensemble")
    assert lieu.definition == "Partage de locaux ou d'un lieu."
    lines = changed(SMALL, text)
    added = [line for line in lines if line.startswith("+")]
    assert added == ['+        examples: ["on partage les locaux", "on achète ensemble"]']
    removed = {line[1:] for line in lines if line.startswith("-")}
    assert removed <= {*block(SMALL, "COOP.ACHATS"), '        examples: ["on partage les locaux"]'}


def test_merge_into_a_new_id_takes_the_place_of_the_first_source() -> None:
    text, mapping = merge_codes(SMALL, ["COOP.LIEU", "COOP.ACHATS"], "COOP.MUTUALISATION")
    assert mapping == {"COOP.LIEU": "COOP.MUTUALISATION", "COOP.ACHATS": "COOP.MUTUALISATION"}
    assert list(tree(text).items())[:2] == [("COOP", None), ("COOP.MUTUALISATION", "COOP")]
    merged = book(text).get("COOP.MUTUALISATION")
    assert merged.label == "Mutualisation de locaux"
    assert len(merged.rules) == 4
    assert list(tree(text)) == ["COOP", "COOP.MUTUALISATION", "ECO", "ECO.PUBLIC"]


def test_merge_moves_children_and_joins_memos(ptce: str) -> None:
    before = book(ptce)
    text, mapping = merge_codes(ptce, ["MORPH.CERCLE"], "MORPH.TAILLE")
    assert mapping == {
        "MORPH.CERCLE": "MORPH.TAILLE",
        "MORPH.CERCLE.NOYAU": "MORPH.TAILLE.NOYAU",
        "MORPH.CERCLE.SECOND": "MORPH.TAILLE.SECOND",
    }
    after = book(text)
    assert [code.id for code in after.children("MORPH.TAILLE")] == [
        "MORPH.TAILLE.NOYAU",
        "MORPH.TAILLE.SECOND",
    ]
    taille, cercle = before.get("MORPH.TAILLE"), before.get("MORPH.CERCLE")
    assert after.get("MORPH.TAILLE").memo == f"{taille.memo}\n\n{cercle.memo}"
    assert after.get("MORPH.TAILLE").definition == taille.definition
    assert len(after.get("MORPH.TAILLE").rules) == len(taille.rules) + len(cercle.rules)
    assert len(after) == len(before) - 1
    assert comments(text) == comments(ptce)
    for line in CHOSEN_COMMENTS:
        assert line in text


def test_merge_a_child_into_its_parent_keeps_comments_in_place() -> None:
    text, mapping = merge_codes(COMMENTED, ["P.B"], "P")
    assert mapping == {"P.B": "P"}
    parent = book(text).get("P")
    assert parent.memo == "Mémo de P.\n\nMémo de P.B."
    assert [rule.kind for rule in parent.rules] == ["phrase", "lemma"]
    assert comments(text) == comments(COMMENTED)
    assert blank_lines(text) == blank_lines(COMMENTED) + 1  # the blank line between the memos
    assert text.index("# between the children") < text.index("# === second section")


def test_merge_in_a_flat_codebook() -> None:
    text, mapping = merge_codes(FLAT, ["A.X"], "B.X")
    assert mapping == {"A.X": "B.X", "ODD": "B.X.ODD"}
    assert tree(text) == {"A": None, "A.Y": "A", "B": None, "B.X": "B", "B.X.ODD": "B.X"}
    assert [rule.terms for rule in book(text).get("B.X").rules] == [("ixe",)]
    assert comments(text) == comments(FLAT)


@pytest.mark.parametrize(
    ("text", "sources", "into", "message"),
    [
        (SMALL, ["COOP.LIEU"], "COOP.LIEU", "cannot merge COOP.LIEU into itself"),
        (SMALL, ["COOP.LIEU", "NOPE"], "ECO", "unknown code 'NOPE'"),
        (SMALL, [], "ECO", "merge needs distinct source codes"),
        (SMALL, ["COOP.LIEU", "COOP.LIEU"], "ECO", "merge needs distinct source codes"),
        (SMALL, ["COOP.LIEU"], "eco.lieu", "invalid code id 'eco.lieu'"),
        (SMALL, ["COOP"], "COOP.LIEU", "cannot merge COOP with its own sub-code(s) COOP.LIEU"),
        (SMALL, ["COOP", "COOP.ACHATS"], "ECO", "its own sub-code(s) COOP.ACHATS"),
        (COMMENTED, ["P"], "Q", "P.A would become Q.A, an id already in use"),
        (FLAT, ["A", "B"], "C", "B.X would become C.X, the new id of A.X"),
    ],
)
def test_merge_errors(text: str, sources: list[str], into: str, message: str) -> None:
    with raises(message):
        merge_codes(text, sources, into)


def test_merge_refuses_a_retired_target() -> None:
    retired = retire_code(SMALL, "COOP.LIEU")
    with raises("code COOP.LIEU is already retired"):
        merge_codes(retired, ["COOP.ACHATS"], "COOP.LIEU")


# ----------------------------------------------------------------------------- split


def test_split_adds_siblings_after_the_source_and_retires_it() -> None:
    labels = {"COOP.ENTREPOT": "Entrepôt partagé"}
    text = split_code(SMALL, "COOP.LIEU", ["COOP.BUREAUX", "COOP.ENTREPOT"], labels=labels)
    assert list(tree(text).items())[:5] == [
        ("COOP", None),
        ("COOP.LIEU", "COOP"),
        ("COOP.BUREAUX", "COOP"),
        ("COOP.ENTREPOT", "COOP"),
        ("COOP.ACHATS", "COOP"),
    ]
    after = book(text)
    source = after.get("COOP.LIEU")
    assert source.retired
    bureaux = after.get("COOP.BUREAUX")
    assert bureaux.label == "Bureaux"
    assert after.get("COOP.ENTREPOT").label == "Entrepôt partagé"
    note = "(issu de la scission de COOP.LIEU)"
    assert bureaux.definition == f"{source.definition} {note}"
    assert (bureaux.include, bureaux.exclude) == (source.include, source.exclude)
    assert bureaux.rules == () and bureaux.examples == ()
    lines = changed(SMALL, text)
    assert all(line.startswith("+") for line in lines)
    assert lines[0] == "+        retired: true"
    assert SMALL.splitlines()[12] == "        label: Mutualisation de locaux"
    assert text.splitlines()[13] == "        retired: true"


def test_split_keeps_the_following_section_header_after_the_new_codes(ptce: str) -> None:
    source = "MORPH.EMPLOI.RESIDENTS"
    text = split_code(ptce, source, ["MORPH.EMPLOI.RESIDENTS_A", "MORPH.EMPLOI.LOGES"])
    lines = changed(ptce, text)
    assert all(line.startswith("+") for line in lines)
    assert comments(text) == comments(ptce)
    assert text.index("- id: MORPH.EMPLOI.LOGES") < text.index(SECTION_2)
    after = book(text)
    assert after.get(source).retired
    assert after.get("MORPH.EMPLOI.LOGES").label == "Loges"
    assert after.get("MORPH.EMPLOI.RESIDENTS_A").label == "Residents A"
    assert after.get("MORPH.EMPLOI.LOGES").definition.endswith(f"(issu de la scission de {source})")
    assert [code.id for code in after.children("MORPH.EMPLOI")][-3:] == [
        source,
        "MORPH.EMPLOI.RESIDENTS_A",
        "MORPH.EMPLOI.LOGES",
    ]


def test_split_in_a_flat_codebook_gives_the_parent() -> None:
    text = split_code(FLAT, "A.Y", ["A.Y1", "A.Y2"])
    assert list(tree(text).items())[2:5] == [("A.Y", "A"), ("A.Y1", "A"), ("A.Y2", "A")]
    assert book(text).get("A.Y1").definition == "(issu de la scission de A.Y)"
    assert comments(text) == comments(FLAT)


@pytest.mark.parametrize(
    ("into", "labels", "message"),
    [
        (["ECO"], None, "code ECO already exists"),
        (["COOP.X", "bad id"], None, "invalid code id 'bad id'"),
        (["COOP.X", "COOP.X"], None, "split needs distinct new ids"),
        ([], None, "split needs distinct new ids"),
        (["COOP.X"], {"COOP.Y": "y"}, "labels for codes not in the split: COOP.Y"),
    ],
)
def test_split_errors(into: list[str], labels: dict[str, str] | None, message: str) -> None:
    with raises(message):
        split_code(SMALL, "COOP.LIEU", into, labels=labels)


def test_split_refuses_unknown_and_retired_sources() -> None:
    with raises("unknown code 'NOPE'"):
        split_code(SMALL, "NOPE", ["COOP.X"])
    with raises("code COOP.LIEU is already retired"):
        split_code(retire_code(SMALL, "COOP.LIEU"), "COOP.LIEU", ["COOP.X"])


# ----------------------------------------------------------------------------- move


def test_move_under_another_parent_renames_and_moves_the_block() -> None:
    text, mapping = move_code(SMALL, "COOP.LIEU", "ECO")
    assert mapping == {"COOP.LIEU": "ECO.LIEU"}
    assert tree(text) == {
        "COOP": None,
        "COOP.ACHATS": "COOP",
        "ECO": None,
        "ECO.PUBLIC": "ECO",
        "ECO.LIEU": "ECO",
    }
    rules = [rule.id for rule in book(text).get("ECO.LIEU").rules]
    assert rules == ["ECO.LIEU#1", "ECO.LIEU#2", "lieu-negation"]
    lines = changed(SMALL, text)
    original = block(SMALL, "COOP.LIEU")
    assert [line[1:] for line in lines if line.startswith("-")] == original
    moved = [line[1:] for line in lines if line.startswith("+")]
    assert moved == [line.replace("COOP.LIEU", "ECO.LIEU") for line in original]
    back, mapping = move_code(text, "ECO.LIEU", "COOP")
    assert mapping == {"ECO.LIEU": "COOP.LIEU"}
    assert book(back).version == book(SMALL).version  # the same codes (in another order)


def test_move_of_a_last_child_and_back_restores_the_text(ptce: str) -> None:
    text, _ = move_code(SMALL, "COOP.ACHATS", "ECO")
    assert move_code(text, "ECO.ACHATS", "COOP")[0] == SMALL
    text, mapping = move_code(ptce, "MORPH.EMPLOI.RESIDENTS", "EVAL")
    assert mapping == {"MORPH.EMPLOI.RESIDENTS": "EVAL.RESIDENTS"}
    assert comments(text) == comments(ptce)
    assert blank_lines(text) == blank_lines(ptce)
    assert len(changed(ptce, text)) == 2 * len(block(ptce, "MORPH.EMPLOI.RESIDENTS"))
    assert move_code(text, "EVAL.RESIDENTS", "MORPH.EMPLOI")[0] == ptce


def test_move_a_top_level_code_with_its_subtree(ptce: str) -> None:
    text, mapping = move_code(ptce, "OBJ", "COOP")
    assert mapping["OBJ"] == "COOP.OBJ"
    assert mapping["OBJ.DEV_ECO"] == "COOP.OBJ.DEV_ECO"
    assert len(mapping) == 1 + len(book(ptce).children("OBJ"))
    after = book(text)
    assert after.get("COOP.OBJ").parent == "COOP"
    assert after.get("COOP.OBJ.DEV_ECO").parent == "COOP.OBJ"
    assert comments(text) == comments(ptce)
    for line in CHOSEN_COMMENTS:
        assert line in text
    back, _ = move_code(text, "COOP.OBJ", None)
    assert book(back).version == book(ptce).version


def test_move_to_the_top_level() -> None:
    text, mapping = move_code(SMALL, "ECO.PUBLIC", None)
    assert mapping == {"ECO.PUBLIC": "PUBLIC"}
    assert tree(text)["PUBLIC"] is None
    assert "children" not in text.split("- id: ECO\n")[1]  # the emptied list is removed
    back, _ = move_code(text, "PUBLIC", "ECO")
    assert back == SMALL


def test_move_keeps_comments_around_the_code_in_place() -> None:
    text, mapping = move_code(COMMENTED, "P.A", "R")
    assert mapping == {"P.A": "R.A"}
    assert comments(text) == comments(COMMENTED)
    assert text.splitlines()[-1] == "# the end"
    text, _ = move_code(COMMENTED, "P.B", None)
    assert comments(text) == comments(COMMENTED)
    assert text.index("# between the children") < text.index("# === second section")
    assert tree(text)["B"] is None


def test_move_in_a_flat_codebook_changes_only_parent_and_id() -> None:
    text, mapping = move_code(FLAT, "A.Y", "B")
    assert mapping == {"A.Y": "B.Y"}
    assert sorted(changed(FLAT, text)) == [
        '+  parent: "B"',
        "+- id: B.Y",
        '-  parent: "A"',
        "-- id: A.Y",
    ]
    assert move_code(text, "B.Y", "A")[0] == FLAT
    text, mapping = move_code(FLAT, "B.X", None)
    assert mapping == {"B.X": "X"}
    assert sorted(changed(FLAT, text)) == ["+- id: X", "-  parent: B", "-- id: B.X"]
    assert move_code(text, "X", "B")[0] == FLAT


@pytest.mark.parametrize(
    ("code", "parent", "message"),
    [
        ("COOP", "COOP", "cannot move COOP under COOP"),
        ("COOP", "COOP.LIEU", "cannot move COOP under COOP.LIEU"),
        ("COOP.LIEU", "NOPE", "unknown code 'NOPE'"),
        ("NOPE", "ECO", "unknown code 'NOPE'"),
    ],
)
def test_move_errors(code: str, parent: str | None, message: str) -> None:
    with raises(message):
        move_code(SMALL, code, parent)


def test_move_refuses_a_taken_id() -> None:
    text, _ = rename_code(SMALL, "ECO.PUBLIC", "ECO.LIEU")
    with raises("COOP.LIEU would become ECO.LIEU, an id already in use"):
        move_code(text, "COOP.LIEU", "ECO")


# ----------------------------------------------------------------------------- retire


def test_retire_adds_one_line_after_the_label() -> None:
    text = retire_code(SMALL, "COOP.LIEU")
    assert changed(SMALL, text) == ["+        retired: true"]
    assert text.splitlines()[13] == "        retired: true"
    assert book(text).get("COOP.LIEU").retired
    assert unretire_code(text, "COOP.LIEU") == SMALL


@pytest.mark.parametrize("text", [SMALL, FLAT, COMMENTED], ids=["small", "flat", "commented"])
def test_retire_and_unretire_round_trip_for_every_code(text: str) -> None:
    for code in tree(text):
        retired = retire_code(text, code)
        assert len(changed(text, retired)) == 1
        assert book(retired).get(code).retired
        assert unretire_code(retired, code) == text


def test_retire_a_code_whose_label_ends_the_file() -> None:
    text = retire_code(COMMENTED, "R")
    assert text.splitlines()[-2:] == ["  retired: true", "# the end"]
    assert unretire_code(text, "R") == COMMENTED


def test_retire_round_trips_on_the_default_codebook(ptce: str) -> None:
    for code in ("MORPH", "MORPH.EMPLOI.RESIDENTS", "EVAL.REFERENTIEL"):
        text = retire_code(ptce, code)
        assert len(changed(ptce, text)) == 1
        assert unretire_code(text, code) == ptce


def test_retire_errors() -> None:
    with raises("unknown code 'NOPE'"):
        retire_code(SMALL, "NOPE")
    with raises("code COOP.LIEU is already retired"):
        retire_code(retire_code(SMALL, "COOP.LIEU"), "COOP.LIEU")
    with raises("code COOP.LIEU is not retired"):
        unretire_code(SMALL, "COOP.LIEU")


# ----------------------------------------------------------------------------- general


def test_indentation_is_read_from_the_file(ptce: str) -> None:
    assert codebook_yaml_tree.indentation(ptce) == (2, 4, 2)
    assert codebook_yaml_tree.indentation(SMALL) == (2, 4, 2)
    assert codebook_yaml_tree.indentation(COMMENTED) == (2, 2, 0)
    assert codebook_yaml_tree.indentation(FLAT) == (2, 2, 0)


def test_windows_line_endings_are_kept() -> None:
    crlf = SMALL.replace("\n", "\r\n")
    text, _ = rename_code(crlf, "COOP.LIEU", "COOP.LOCAUX")
    assert text == rename_code(SMALL, "COOP.LIEU", "COOP.LOCAUX")[0].replace("\n", "\r\n")


def test_an_invalid_codebook_is_refused_before_any_edit() -> None:
    with pytest.raises(CodebookError):
        retire_code("name: t\ncodes:\n  - id: a\n    label: x\n", "a")


def test_a_result_that_does_not_load_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def break_ids(doc: object, mapping: dict[str, str]) -> None:
        doc["codes"][0]["id"] = "not an id"  # type: ignore[index]

    monkeypatch.setattr(codebook_edit, "apply_ids", break_ids)
    with raises("renaming COOP.LIEU gave a codebook that does not load") as caught:
        rename_code(SMALL, "COOP.LIEU", "COOP.LOCAUX")
    assert "Nothing was changed" in str(caught.value.hint)
