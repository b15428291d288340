"""Quotations as a reader of the restitution sees them: « […] » for every cut sentence (a
whole sentence is quoted bare though the speaker's turn goes on, session 36 H); no
transcriber's marks (« (rires) », « [inaudible] »); nothing too short to say anything; the
pole named once; the annex's cap said once per axis."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import lxml.html
import pandas as pd
import pytest
from click.testing import Result

from ptce_coding.analysis.quotations import MAX_CHARS, focus, quotations
from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.report.chapter_blocks import Quote

from .conftest import DATA

BOOK = load_codebook(DATA / "codebook.yaml")
TURN = (
    "Structurer une filière bois locale, de la forêt au bâtiment. Ça, c'est l'objectif "
    "numéro un. Garder la valeur ajoutée dans la vallée. Et... il y a un objectif qui est "
    "plus porté par les structures de l'ESS, qui est de faire de l'économie autrement. Mais "
    "ça, ce n'est pas partagé par tout le monde."
)


def _quoted(turn: str | None, passages: list[str]) -> list[str]:
    """The quotations of ``passages`` of one interviewee turn (its text unknown: None)."""
    text = turn or " ".join(passages)
    segments = pd.DataFrame(
        [("d1", "A", 0, 0, len(text), "Julien", False, 50, False, turn)],
        columns=[
            *("document", "case", "segment", "start", "end", "speaker"),
            *("interviewer", "words", "title", "text"),
        ],
    )
    starts = [text.index(p) for p in passages]
    codings = pd.DataFrame(
        {
            "document": "d1",
            "start": starts,
            "end": [s + len(p) for s, p in zip(starts, passages, strict=True)],
            "code": "COOP.LIEU",
            "status": "accepted",
            "text": passages,
        }
    )
    return quotations(segments, codings, BOOK)["quotation"].tolist()


def test_a_passage_inside_a_turn_is_marked_where_it_cuts_a_sentence() -> None:
    """Whole sentences are quoted bare though the turn goes on around them (« Ça, c'est
    l'objectif numéro un. »); « il y a un objectif… » starts in lower case, inside « Et... il
    y a… »: a sentence cut, marked."""
    quoted = _quoted(
        TURN,
        [
            "Ça, c'est l'objectif numéro un.",
            "il y a un objectif qui est plus porté par les structures de l'ESS, qui est de "
            "faire de l'économie autrement.",
            "Structurer une filière bois locale, de la forêt au bâtiment.",
            TURN,
        ],
    )
    assert quoted == [
        "Ça, c'est l'objectif numéro un.",
        "[…] il y a un objectif qui est plus porté par les structures de l'ESS, qui est de "
        "faire de l'économie autrement.",
        "Structurer une filière bois locale, de la forêt au bâtiment.",
        TURN,  # the whole turn: nothing left out
    ]


def test_a_passage_starting_in_lower_case_is_marked_when_its_turn_is_unknown() -> None:
    quoted = _quoted(None, ["euh, créer de l'activité là où il n'y en a plus."])
    assert quoted == ["[…] euh, créer de l'activité là où il n'y en a plus."]


def test_the_transcriber_marks_are_not_quoted() -> None:
    passage = (
        "Et qui d'une certaine façon le sont (rires). On a [inaudible] avec la Région, "
        "(silence) voilà [rire]. Des amis (trois ou quatre) sont venus [xxx] hier."
    )
    assert _quoted(None, [passage]) == [
        "Et qui d'une certaine façon le sont. On a […] avec la Région, voilà. Des amis "
        "(trois ou quatre) sont venus […] hier."
    ]
    assert _quoted(None, ["(rires)"]) == []  # nothing said: nothing to quote
    from ptce_coding.analysis.quotation_marks import without_marks  # new in session 35

    # the other speaker's back-channel in brackets is left out (session 36 W1); their words
    # in brackets (CFPP's overlaps) are words: they stay
    assert without_marks("c'est [ouais ouais] le quartier XX qui") == "c'est le quartier […] qui"
    assert without_marks("c'est [dans les docks] le quartier") == (
        "c'est [dans les docks] le quartier"
    )


def test_a_next_sentence_that_turns_round_the_best_one_is_kept() -> None:
    """The sentence that says « but this is not shared » was dropped when it did not carry
    the code's words, though the quotation had room for it."""
    filler = "Je vais vous raconter comment les choses se sont passées au tout début. " * 3
    passage = (
        filler
        + "Nous partageons les bureaux et l'entrepôt avec trois autres membres du pôle depuis "
        "le début de l'aventure. Mais ça ne marche plus du tout depuis deux ans, on se dispute "
        "tout le temps. " + filler
    )
    text, complete = focus(passage, {"burea", "entre"})
    assert complete and len(text) <= MAX_CHARS
    assert "Mais ça ne marche plus du tout depuis deux ans" in text
    assert text.startswith("Nous partageons") and "[…]" not in text


def test_a_sentence_too_long_is_cut_after_a_word_and_marked() -> None:
    sentence = "Nous partageons " + "les bureaux, les entrepôts, les camions " * 12 + "ensemble."
    text, complete = focus(sentence, {"burea"})
    assert not complete and len(text) <= MAX_CHARS
    assert text.endswith(" […]")
    assert text[: -len(" […]")].split()[-1].strip(",") in {"les", "bureaux", "entrepôts", "camions"}


def test_the_pole_is_named_once_when_the_organisation_holds_its_name() -> None:
    """« animateur du pôle (Pôle Bois & Habitat, Pôle Bois & Habitat du Val de Morvanne) »."""

    def source(interview: str, pole: str) -> str:
        quote = Quote("c", "c/d.txt", None, "x", pole=pole, interview=interview, role="rôle")
        return quote.source

    pole = "Pôle Bois & Habitat du Val de Morvanne"
    assert source("Pôle Bois & Habitat", pole) == f"rôle ({pole})"
    assert source("Collectif de la Biscuiterie, Montaurel", "Collectif de la Biscuiterie") == (
        "rôle (Collectif de la Biscuiterie, Montaurel)"
    )
    assert source("SCIC Terres d'Orlan", "Pôle Alimentaire Terres d'Orlan") == (
        "rôle (SCIC Terres d'Orlan, Pôle Alimentaire Terres d'Orlan)"
    )


INTERVIEW = """Enquêtrice : Quels sont les objectifs du pôle ?

Julien : Structurer une filière bois locale, de la forêt au bâtiment. Ça, c'est l'objectif \
numéro un, et tout le monde autour de la table est d'accord là-dessus (rires). Garder la \
valeur ajoutée dans la vallée, voilà. On partage aussi un atelier de menuiserie avec trois \
entreprises du pôle, depuis 2014. Et les achats de bois se font en commun, par camions entiers.

Enquêtrice : Et les financements ?

Julien : Le FSE. Et la Région, un peu, mais on a [inaudible] avec eux l'an dernier, c'est \
compliqué.
"""


def _code(project: Path, words: str, code: str) -> None:
    with find_project(project).open_store() as store:
        stored = store.document("pole-a/animateur.txt")
        assert stored is not None
        start = stored.text.index(words)
        store.add_codings([Coding(stored.name, start, start + len(words), code, "anne")])


def _texts(folder: Path) -> dict[str, str]:
    """The restitution's and the annex's text, as a reader sees it (one space)."""
    texts = {}
    for name in ("restitution", "synthese"):
        root = lxml.html.fromstring((folder / f"{name}.html").read_bytes())
        texts[name] = " ".join(root.text_content().replace("\u202f", " ").split())
    return texts


@pytest.fixture
def animateur(invoke: Callable[..., Result], tmp_project: Path) -> Path:
    (tmp_project / "corpus" / "pole-a" / "animateur.txt").write_text(INTERVIEW, "utf-8")
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    return tmp_project


@pytest.mark.slow  # the report's figures
def test_the_report_quotes_with_cuts_marked_and_no_transcript_marks(
    invoke: Callable[..., Result], animateur: Path
) -> None:
    _code(
        animateur,
        "Ça, c'est l'objectif numéro un, et tout le monde autour de la table est d'accord "
        "là-dessus (rires).",
        "COOP.LIEU",
    )
    _code(animateur, "Le FSE.", "ECO.PUBLIC")
    _code(animateur, "la Région, un peu, mais on a [inaudible] avec eux l'an dernier", "ECO")
    result = invoke("report")
    assert result.exit_code == 0, result.output
    for name, text in _texts(animateur / "outputs" / "report").items():
        assert (
            "« Ça, c'est l'objectif numéro un, et tout le monde autour de la table est "
            "d'accord là-dessus. »" in text
        ), name
        assert "« […] la Région, un peu, mais on a […] avec eux l'an dernier […] »" in text, name
        assert "(rires)" not in text and "[inaudible]" not in text, name
        assert "Le FSE" not in text, name  # 7 characters: says nothing


@pytest.mark.slow  # the report's figures
def test_the_annex_says_once_per_axis_that_its_cap_left_quotations_out(
    invoke: Callable[..., Result], animateur: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ptce_coding.report.synthesis.QUOTES_PER_CHAPTER", 1)
    monkeypatch.setattr("ptce_coding.report.axis_chapter.QUOTES_PER_CHAPTER", 1)
    _code(animateur, "Garder la valeur ajoutée dans la vallée, voilà.", "COOP")
    _code(
        animateur,
        "On partage aussi un atelier de menuiserie avec trois entreprises du pôle, depuis 2014.",
        "COOP.LIEU",
    )
    _code(animateur, "Et les achats de bois se font en commun, par camions entiers.", "COOP.ACHATS")
    result = invoke("report")
    assert result.exit_code == 0, result.output
    folder = animateur / "outputs" / "report"
    markdown = (folder / "synthese.md").read_text(encoding="utf-8")
    note = "l'annexe en donne au plus 1 par axe"
    assert markdown.count(note) == 1  # COOP.LIEU and COOP.ACHATS left out: said once
    lieu = markdown.index("### Mutualisation de locaux")
    assert lieu < markdown.index(note) < markdown.index("### Achats groupés")
    assert _texts(folder)["synthese"].count(note) == 1
