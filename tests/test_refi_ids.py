"""code_ids: dotted ASCII ids from code names in any script, unique and stable."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.interop.refi import RefiCode, code_ids, read_qdc, write_qdc
from ptce_coding.interop.refi.ids import name_segment

from .test_refi_support import guid

ID = re.compile(r"^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)*$")


def code(number: int, name: str, parent: int | None = None, code_id: str | None = None):
    return RefiCode(guid(number), name, guid(parent) if parent else None, code_id=code_id)


def test_names_in_several_scripts() -> None:
    assert name_segment("Économie locale") == "ECONOMIE_LOCALE"
    assert name_segment("Összefoglaló") == "OSSZEFOGLALO"
    assert name_segment("l’œuvre « commune »") == "L_OEUVRE_COMMUNE"
    assert name_segment("Οικονομία") == "OIKONOMIA"
    assert name_segment("Экономика") == "EKONOMIKA"
    assert name_segment("合作") is None
    assert name_segment("???") is None


def test_hierarchy_fallbacks_and_collisions() -> None:
    codes = [
        code(1, "Économie locale"),
        code(2, "Ressources publiques", 1),
        code(3, "ressources  publiques", 1),
        code(4, "合作", 1),
        code(5, "1. Oltás típusa"),
        code(6, "Coopération", code_id="COOP"),
        code(7, "Coopération"),
        code(8, "Lieu", 6),
        code(9, "Économie locale"),
    ]
    ids = code_ids(codes, existing={"COOPERATION"})
    assert [ids[guid(n)] for n in range(1, 10)] == [
        "ECONOMIE_LOCALE",
        "ECONOMIE_LOCALE.RESSOURCES_PUBLIQUES",
        "ECONOMIE_LOCALE.RESSOURCES_PUBLIQUES_2",
        "ECONOMIE_LOCALE.CODE_00000000",
        "CODE_1_OLTAS_TIPUSA",
        "COOP",
        "COOPERATION_2",
        "COOP.LIEU",
        "ECONOMIE_LOCALE_2",
    ]
    assert code_ids(codes, existing={"COOPERATION"}) == ids


def test_children_listed_before_their_parent() -> None:
    ids = code_ids([code(2, "Enfant", 1), code(1, "Parent")], set())
    assert ids == {guid(1): "PARENT", guid(2): "PARENT.ENFANT"}


names = st.text(min_size=0, max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(names, min_size=1, max_size=12), st.data())
def test_ids_are_valid_unique_and_stable(labels: list[str], data: st.DataObject) -> None:
    codes: list[RefiCode] = []
    for number, label in enumerate(labels, 1):
        parent = data.draw(st.sampled_from([None, *range(1, number)]))
        codes.append(code(number, label, parent))
    ids = code_ids(codes, {"A"})
    assert len(ids) == len(codes) and len(set(ids.values())) == len(codes)
    assert all(ID.match(value) for value in ids.values()) and "A" not in ids.values()
    for item in codes:
        if item.parent_guid:
            assert ids[item.guid].startswith(ids[item.parent_guid] + ".")
    assert code_ids(codes, {"A"}) == ids


def test_non_latin_labels_survive_a_qdc_round_trip(tmp_path: Path) -> None:
    book = parse_codebook(
        "name: Multilingue\ncodes:\n"
        "  - id: ECONOMIE\n    label: Économie locale\n    children:\n"
        "      - id: ECONOMIE.OSSZ\n        label: Összefoglaló\n"
        "      - id: ECONOMIE.GR\n        label: Οικονομία\n"
        "      - id: ECONOMIE.ZH\n        label: 合作社\n"
    )
    path = tmp_path / "multi.qdc"
    write_qdc(path, book)
    codes = read_qdc(path)
    assert [(c.name, c.code_id) for c in codes] == [(c.label, c.id) for c in book.codes]
    stripped = [RefiCode(c.guid, c.name, c.parent_guid) for c in codes]
    assert list(code_ids(stripped, set()).values()) == [
        "ECONOMIE_LOCALE",
        "ECONOMIE_LOCALE.OSSZEFOGLALO",
        "ECONOMIE_LOCALE.OIKONOMIA",
        "ECONOMIE_LOCALE.CODE_" + stripped[3].guid.replace("-", "")[:8].upper(),
    ]
