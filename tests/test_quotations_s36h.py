"""« […] » only where a sentence is cut: a quotation that starts at the start of a sentence
of its turn (after « . », « ! », « ? », « … » or a line break, with a capital) and ends at
its end is quoted bare, as a French report quotes a whole sentence; one that starts or ends
inside a sentence (a lower-case first letter, a connector after a comma, no final stop)
keeps its « […] » and is not complete."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from click.testing import Result

from ptce_coding.analysis.quotations import MAX_CHARS, focus, quotation, quotations
from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.codebook.loader import load_codebook

from .conftest import DATA

BOOK = load_codebook(DATA / "codebook.yaml")
TURN = (
    "On a commencé en 2009 avec quatre structures. Et c'est là qu'on a parlé de partager "
    "des bureaux, parce que chacun payait un loyer trop cher. Donc on a loué un entrepôt "
    "ensemble, avec les camions, etc. et puis la mairie a suivi, mais pas tout de suite. "
    "C'était dur au début !"
)


def _quoted(turn: str, passages: list[str]) -> list[tuple[str, bool]]:
    """(quotation, complete) of each of ``passages`` of one interviewee turn ``turn``."""
    segments = pd.DataFrame(
        [("d1", "A", 0, 0, len(turn), "Julien", False, 50, False, turn)],
        columns=[
            *("document", "case", "segment", "start", "end", "speaker"),
            *("interviewer", "words", "title", "text"),
        ],
    )
    starts = [turn.index(p) for p in passages]
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
    found = quotations(segments, codings, BOOK).set_index("quotation")["complete"]
    return [(text, bool(complete)) for text, complete in found.items()]


def test_a_whole_sentence_inside_a_turn_is_quoted_without_cuts() -> None:
    """It was « […] Et c'est là qu'on a parlé… trop cher. […] »: the turn goes on either
    side, but the sentence is whole. A connector with a capital after a stop starts one."""
    sentence = (
        "Et c'est là qu'on a parlé de partager des bureaux, parce que chacun payait un loyer "
        "trop cher."
    )
    assert _quoted(TURN, [sentence]) == [(sentence, True)]
    assert _quoted(TURN, ["C'était dur au début !"]) == [("C'était dur au début !", True)]


def test_a_passage_after_a_line_break_starts_a_sentence() -> None:
    turn = "Alors voilà\nLes bureaux, on les partage depuis 2012 avec trois autres membres."
    passage = "Les bureaux, on les partage depuis 2012 avec trois autres membres."
    assert _quoted(turn, [passage]) == [(passage, True)]


def test_a_connector_inside_a_sentence_keeps_its_cut() -> None:
    """« et puis la mairie a suivi » follows « etc. », « mais pas tout de suite » a comma:
    both are inside a sentence, whatever the stop before « et »."""
    assert _quoted(TURN, ["et puis la mairie a suivi, mais pas tout de suite."]) == [
        ("[…] et puis la mairie a suivi, mais pas tout de suite.", False)
    ]
    assert _quoted(TURN, ["mais pas tout de suite. C'était dur au début !"]) == [
        ("[…] mais pas tout de suite. C'était dur au début !", False)
    ]


def test_a_passage_ending_inside_a_sentence_keeps_its_cut() -> None:
    """No final stop, or a stop (« etc. ») that the turn goes on after in lower case."""
    assert _quoted(TURN, ["Et c'est là qu'on a parlé de partager des bureaux"]) == [
        ("Et c'est là qu'on a parlé de partager des bureaux […]", False)
    ]
    assert _quoted(TURN, ["Donc on a loué un entrepôt ensemble, avec les camions, etc."]) == [
        ("Donc on a loué un entrepôt ensemble, avec les camions, etc. […]", False)
    ]


def test_focus_quotes_its_whole_sentences_without_cuts() -> None:
    """The sentences left out around the best one are whole sentences: no « […] »."""
    filler = "Je vais vous raconter comment les choses se sont passées au tout début. " * 3
    passage = filler + "Nous partageons les bureaux avec trois autres membres du pôle. " + filler
    text, complete = focus(passage, {"burea"})
    assert complete and len(text) <= MAX_CHARS
    assert text.startswith("Nous partageons les bureaux") and text.endswith(".")
    assert "[…]" not in text and "raconter" in text  # one sentence of context: too short


def test_focus_keeps_a_sentence_split_that_is_no_sentence_end_whole() -> None:
    """« etc. » followed by « et » in lower case is one sentence: it is quoted whole (it was
    « […] et nous partageons… », its second half, until session 37 W)."""
    filler = "Je vais vous raconter comment les choses se sont passées au tout début. " * 3
    passage = filler + "On a les camions, etc. et nous partageons les bureaux du pôle. " + filler
    text, complete = focus(passage, {"burea"})
    assert text.startswith("On a les camions, etc. et nous partageons les bureaux") and complete


def test_a_long_passage_quoted_from_its_start_ends_at_a_whole_sentence() -> None:
    sentence = "Nous partageons les bureaux avec trois autres membres du pôle depuis 2012. "
    text, complete = quotation(sentence * 6)
    assert complete and text.endswith("depuis 2012.") and "[…]" not in text


INTERVIEW = """Enquêtrice : Et les locaux ?

Julien : On a commencé en 2009, à quatre. Nous partageons les bureaux et l'entrepôt avec \
trois autres membres du pôle depuis 2012. Le reste, chacun le garde chez soi, et puis voilà.
"""


def test_the_framework_matrix_quotes_a_whole_sentence_bare(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    (tmp_project / "corpus" / "pole-a" / "animateur.txt").write_text(INTERVIEW, "utf-8")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    sentence = (
        "Nous partageons les bureaux et l'entrepôt avec trois autres membres du pôle depuis 2012."
    )
    with find_project(tmp_project).open_store() as store:
        stored = store.document("pole-a/animateur.txt")
        assert stored is not None
        start = stored.text.index(sentence)
        store.add_codings([Coding(stored.name, start, start + len(sentence), "COOP.LIEU", "anne")])
    result = invoke("matrix", "--kind", "framework", "--level", "2", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert f"« {sentence} » (pole-a/animateur.txt, Julien)" in result.output
