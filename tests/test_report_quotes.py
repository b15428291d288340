"""Quotations a reader remembers: the sentences that carry the code, from different poles,
with the speaker's role and the interview's label, a few per chapter."""

from __future__ import annotations

import pandas as pd

from ptce_coding.analysis.quotations import MAX_CHARS, evidence_terms, focus
from ptce_coding.report.axis_chapter import highlights
from ptce_coding.report.labels import Names, display_names

FILLER = (
    "Je vais vous raconter comment les choses se sont passées au tout début, il y a longtemps. "
)
TURN = (
    FILLER * 3
    + "Nous partageons les bureaux et l'entrepôt avec trois autres membres du pôle. "
    + "Ça change tout pour les petites structures. "
    + "Le reste du temps je fais de la comptabilité et des dossiers pour les financeurs. " * 3
)


def test_focus_keeps_the_sentences_with_the_evidence() -> None:
    text, complete = focus(TURN, evidence_terms("COOP.LIEU#1: « bureaux », « entrepôt »"))
    assert complete and len(text) <= MAX_CHARS
    assert text.startswith("Nous partageons les bureaux et l'entrepôt")
    assert "[…]" not in text and "raconter" not in text


def test_focus_on_a_short_passage_quotes_it_whole() -> None:
    assert focus("On partage les locaux.", {"local"}) == ("On partage les locaux.", True)


def quotations(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    """Quotations of the given lengths, each of its own letter: two rows are never one
    passage (``highlights`` never quotes a passage twice)."""
    return pd.DataFrame(
        [
            {
                "case": case,
                "code": code,
                "document": document,
                "speaker": None,
                "status": "accepted",
                "quotation": "xyzwvutsrq"[row % 10] * length,
                "complete": True,
            }
            for row, (case, code, document, length) in enumerate(rows)
        ]
    )


def test_highlights_spread_over_poles_and_codes_and_are_capped() -> None:
    found = quotations(
        [
            ("a", "C.1", "a/1.txt", 180),
            ("a", "C.2", "a/2.txt", 170),
            ("a", "C.3", "a/1.txt", 160),
            ("b", "C.1", "b/1.txt", 300),
            ("c", "C.2", "c/1.txt", 20),
        ]
    )
    names = display_names(
        {"a": {"nom": "Pôle A"}, "b": {"nom": "Pôle B"}, "c": {}},
        {
            "a/1.txt": ("a", {"role": "directrice", "organisation": "Atelier"}),
            "a/2.txt": ("a", {}),
            "b/1.txt": ("b", {"libelle": "Entretien de B"}),
            "c/1.txt": ("c", {}),
        },
    )
    chosen = highlights(found, ["C.1", "C.2", "C.3"], names, 2)
    assert len(chosen) == 2
    assert [q.case for q in chosen] == ["a", "b"]  # two poles before a second from one
    assert chosen[0].source == "directrice (Atelier, Pôle A)"
    assert chosen[1].source == "personne interrogée (Entretien de B, Pôle B)"
    # c's quotation, 20 characters, says too little to be shown (MIN_CHARS)
    assert len(highlights(found, ["C.1", "C.2", "C.3"], names, 10)) == 4
    assert highlights(found, ["C.9"], names, 3) == []


def test_fallback_and_anonymised_labels_are_never_slugs() -> None:
    cases = {"orleans-industrie": {"region": "Centre"}}
    documents = {"orleans-industrie/entretien-dg.txt": ("orleans-industrie", {})}
    plain = display_names(cases, documents)
    # the folder and file names made readable: the group can tell its poles apart
    assert plain.pole("orleans-industrie") == "Orleans Industrie"
    assert plain.interview("orleans-industrie/entretien-dg.txt") == "Entretien dg"
    hidden = display_names(
        {"x": {"nom": "Vrai nom"}}, {"x/a.txt": ("x", {"organisation": "Z"})}, anonymised=True
    )
    assert (hidden.pole("x"), hidden.interview("x/a.txt")) == ("Pôle A", "Entretien A1")
    assert Names().role("any") == "personne interrogée"
