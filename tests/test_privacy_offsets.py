"""Offsets of codings remapped to the pseudonymised text: the same words, exactly."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ptce_coding.base.records import CodingRow
from ptce_coding.privacy.apply import AnonymisedView
from ptce_coding.privacy.pseudonyms import Entity
from ptce_coding.privacy.replacer import AnonymisedText, Replacer

ENTITIES = [
    Entity("E1", "person", "Anne Hurand", ["Anne Hurand", "Hurand", "Anne"], "Personne 1"),
    Entity("E2", "person", "Paul Ferrand", ["Paul Ferrand", "Paul"], "Trésorier du pôle"),
    Entity("E3", "place", "Vernasse", ["Vernasse"], "C2"),
]
WORDS = [
    "Anne",
    "Hurand",
    "Paul",
    "Ferrand",
    "Vernasse",
    "le",
    "pôle",
    "coopère",
    "avec",
    ":",
    "06 12 34 56 78",
    "Mme",
    "d'Anne",
    "Annette",
]


@pytest.mark.slow  # a big hypothesis run
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=30),
    st.data(),
)
def test_a_coding_covers_the_same_words(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, len(words) - 1))
    start, end = starts[first], starts[last] + len(words[last])
    replacer = Replacer(ENTITIES)
    anonymised = AnonymisedText.of(text, replacer)
    inside = [
        r for r in anonymised.replacements if r.start < start < r.end or r.start < end < r.end
    ]
    assume(not inside)  # (a boundary inside a name: see the test below)
    new_start, new_end = anonymised.span(start, end)
    assert anonymised.text[new_start:new_end] == replacer.string(text[start:end])


def test_boundaries_inside_a_name_move_to_the_pseudonym() -> None:
    text = "Alors Anne Hurand dit bonjour à Paul."
    view = AnonymisedView({"doc": text}, ENTITIES)
    assert view.text("doc") == "Alors Personne 1 dit bonjour à Trésorier du pôle."
    start, end = text.index("nne"), text.index("Paul") + 2
    stored = CodingRow(1, "doc", "Anne Hurand", start, end, "ECO", "anne", memo="Paul dit")
    (row,) = view.coding_rows([stored])
    assert row.text == "Personne 1 dit bonjour à Trésorier du pôle"
    assert (row.case, row.memo) == ("Personne 1", "Trésorier du pôle dit")
    assert view.documents["doc"].span(0, len(text)) == (0, len(view.text("doc")))


def test_names_are_replaced_as_whole_words_only() -> None:
    replacer = Replacer(ENTITIES)
    assert replacer.string("Annette et d'Anne, Paulette") == "Annette et de Personne 1, Paulette"
    assert replacer.string("tél. 06 12 34 56 78") == "tél. [téléphone]"


def test_a_hyphen_joins_words() -> None:
    replacer = Replacer(ENTITIES)
    assert replacer.string("Anne-Sophie et Anne, Vernasse-les-Bains") == (
        "Anne-Sophie et Personne 1, Vernasse-les-Bains"
    )


def test_list_patterns_replace_every_spelling() -> None:
    entity = Entity("E9", "person", "Hurand", ["re:Hur(?:r)?and(?:-Petit)?"], "Personne 9")
    replacer = Replacer([entity])
    assert replacer.string("Hurand, Hurrand et Hurand-Petit") == (
        "Personne 9, Personne 9 et Personne 9"
    )
