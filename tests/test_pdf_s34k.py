"""PDF transcripts: line numbers in the margin, raised digits that call no note, running
headers of short documents, a short last column.

The PDFs are drawn as in tests/test_pdf_s34c.py, with matplotlib's PDF backend, a line at a
time in a monospaced font; where each line, number and rule stands is what the reader goes by.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib
import pdfplumber
import pytest
from click.testing import Result
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from tests.test_pdf_s34c import (
    ADVANCE,
    ANSWER,
    ASK,
    EXPECTED,
    HEIGHT,
    LEFT,
    PITCH,
    SIZE,
    TURNS,
    WIDTH,
    Put,
    Rule,
    draw,
    lay,
    note_call,
    read,
    turns_of,
    wrap,
)

# the README's rule: tests that render with matplotlib are slow (the PDFs are drawn so)
pytestmark = pytest.mark.slow

CHAR = ADVANCE * SIZE  # the width of a character of the text


def numbered(puts: list[Put], first: int = 1, step: int = 1) -> list[Put]:
    """Line numbers as Word and LibreOffice print them: right-aligned 14 points left of the
    text, beside every ``step``-th line, counting from ``first``."""
    numbers = []
    for count, y in enumerate(sorted({put.y for put in puts}), start=first):
        if count % step == 0:
            numbers.append(Put(LEFT - 14 - CHAR * len(str(count)), y, str(count)))
    return numbers


FIGURES = "Jeanne Morel : Nous avons 12 salariés aujourd'hui."
COUNT = "12 salariés en insertion, et quatre encadrants techniques."


def lines_of_turns() -> list[str]:
    """The turns, a line opening with a number (« 12 salariés ») among them."""
    return [*wrap(TURNS[:2], 68), FIGURES, COUNT, *wrap(TURNS[2:], 68)]


@pytest.mark.parametrize("step", [1, 5])
def test_line_numbers_in_the_margin_are_left_out_and_counted(
    invoke: Callable[..., Result], tmp_project: Path, step: int
) -> None:
    """A transcript numbered every line or every five lines, on from one page to the next:
    the numbers came at the start of the lines (« 3 Jeanne Morel : … »), and in the middle
    of a turn. A line that opens with a number of its own (« 12 salariés ») keeps it."""
    lines = lines_of_turns()
    first, second = lay(lines[:9], LEFT, 90), lay(lines[9:], LEFT, 90)
    pages: list[list[Put | Rule]] = [
        [*first, *numbered(first, step=step)],
        [*second, *numbered(second, first=10, step=step)],
    ]
    path = draw(tmp_project / "numerotee.pdf", pages)
    transcript = read(path)
    figures = [("Jeanne Morel", FIGURES[len(ANSWER) + 1 :]), ("Jeanne Morel", COUNT)]
    assert turns_of(transcript) == [*EXPECTED[:2], *figures, *EXPECTED[2:]]
    numbers = len(lines) // step
    assert transcript.unread == (("line numbers", numbers),)
    result = invoke("import", str(path), "--case", "pole-c")
    assert result.exit_code == 0, result.output
    assert f"not read: {numbers} words in line numbers" in result.output


def test_numbers_that_open_lines_or_number_sections_are_read(tmp_path: Path) -> None:
    """Numbers at the start of lines where the text starts (« 12 salariés », « 2019 : … »),
    and section numbers hung in the margin, far apart: they are the text's."""
    lines = [
        "Jeanne Morel : Voici nos chiffres, année par année, pour le pôle.",
        "2019 : création de la SCIC avec quatre structures fondatrices.",
        "12 salariés en insertion, et quatre encadrants techniques.",
        "2023 : arrivée de la communauté de communes au sociétariat.",
    ]
    sections = [
        Put(LEFT, 90, "Le pôle", bold=True),
        *lay(lines, LEFT, 90 + PITCH),
        Put(LEFT, 180, "Les sociétaires", bold=True),
        *lay(wrap(TURNS[2:4], 68), LEFT, 180 + PITCH),
    ]
    hung = [Put(LEFT - 20, 90, "1"), Put(LEFT - 20, 180, "2")]
    transcript = read(draw(tmp_path / "chiffres.pdf", [[*sections, *hung]]))
    assert "pour le pôle. 2019 : création de la SCIC" in transcript.text
    assert "\n\n12 salariés en insertion" in transcript.text
    assert "\n\n2023 : arrivée de la communauté" in transcript.text
    assert "1 Le pôle" in transcript.text and "2 Les sociétaires" in transcript.text
    assert transcript.unread == ()


def raised(puts: list[Put], word: str, mark: str) -> Put:
    """A small digit raised at the end of ``word``, as a word processor sets an exponent."""
    return note_call(puts, word, mark)


def test_a_raised_digit_that_calls_no_footnote_stays_in_the_text(tmp_path: Path) -> None:
    """« 800 m² » typed « m » and a raised « 2 » on a page with a note 2, « 10⁶ » with no
    note 6 on the page: the digits were taken for note calls and lost (« 800 m à la
    commune »); they stay, as a .docx import keeps them (« m2 », « 106 »). The calls of the
    page's footnotes, « coopération¹ » and « commune² », are still left out."""
    lines = [
        "Jeanne Morel : Nous louons un entrepôt de 800 m à la commune, et la",
        "coopération s'est construite autour de la logistique, avec 10 euros",
        "de budget la première année.",
    ]
    body = lay(lines, LEFT, 90)
    notes = ["1 Au sens de la mutualisation des moyens.", "2 Par une convention."]
    page: list[Put | Rule] = [
        *body,
        raised(body, "800 m", "2"),
        raised(body, "la commune", "2"),
        raised(body, "coopération", "1"),
        raised(body, "avec 10", "6"),
        Rule(LEFT, LEFT + 150, 700),
        Put(LEFT, 714, notes[0], size=8),
        Put(LEFT, 724, notes[1], size=8),
    ]
    transcript = read(draw(tmp_path / "exposants.pdf", [page]))
    assert turns_of(transcript) == [
        (
            "Jeanne Morel",
            "Nous louons un entrepôt de 800 m2 à la commune, et la coopération s'est "
            "construite autour de la logistique, avec 106 euros de budget la première année.",
        )
    ]
    assert transcript.unread == (("footnotes", sum(len(note.split()) for note in notes)),)


def draw_sans(path: Path, call: tuple[float, float] | None = None) -> Path:
    """A turn and its footnote in a proportional type set small (its spaces narrower than 3
    points, as LibreOffice sets them), with a raised « 1 » at ``call`` (x, y)."""
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(path) as pdf:
        figure = Figure(figsize=(WIDTH / 72, HEIGHT / 72))
        figure.patch.set_visible(False)
        texts = [(LEFT, 90, SANS_TURN, 8.5), (LEFT, 714, "1 Un ancien hangar agricole.", 6.0)]
        if call:
            texts.append((*call, "1", 5.5))
        for x, y, text, size in texts:
            figure.text(x / WIDTH, 1 - y / HEIGHT, text, fontsize=size, family="DejaVu Sans")
        rule = 1 - 700 / HEIGHT
        figure.add_artist(Line2D([LEFT / WIDTH, (LEFT + 150) / WIDTH], [rule, rule], lw=0.5))
        pdf.savefig(figure)
    return path


SANS_TURN = "Jeanne Morel : Au départ, nous étions quatre structures de l'insertion."


def test_a_line_with_a_note_call_keeps_its_spaces(tmp_path: Path) -> None:
    """In a type whose spaces are narrower than 3 points (LibreOffice's PDFs), a line with a
    note call came out without its spaces: « JeanneMorel:Conseillacoopération »."""
    plain = draw_sans(tmp_path / "sans_appel.pdf")
    with pdfplumber.open(plain) as pdf:
        chars = [char for char in pdf.pages[0].chars if char["top"] < 100]
    end = float(chars[len("Jeanne Morel : Au départ,") - 1]["x1"])
    called = read(draw_sans(tmp_path / "appel.pdf", (end, 87)))
    assert called.text == read(plain).text == SANS_TURN
    assert called.unread == (("footnotes", 5),)


def test_a_turn_at_the_same_place_on_both_pages_is_read(tmp_path: Path) -> None:
    """A two-page transcript whose pages open with the same question and end with a turn of
    the same words, but for its time: they were taken for a running header and footer."""
    again = (ASK, "Et ensuite ?")
    first = lay(wrap([again, *TURNS[1:2]], 68), LEFT, 90)
    second = lay(wrap([again, *TURNS[3:4]], 68), LEFT, 90)
    pages: list[list[Put | Rule]] = [
        [*first, Put(LEFT, 760, "[00:12:05] Jeanne Morel : Oui."), Put(WIDTH / 2, 810, "1")],
        [*second, Put(LEFT, 760, "[00:31:40] Jeanne Morel : Oui."), Put(WIDTH / 2, 810, "2")],
    ]
    transcript = read(draw(tmp_path / "deux_pages.pdf", pages))
    text = transcript.text
    assert text.count("Et ensuite ?") == 2
    assert "[00:12:05] Jeanne Morel : Oui." in text and "[00:31:40] Jeanne Morel : Oui." in text
    assert transcript.unread == (("headers and footers", 2),)


ODD = "Projet PTCE – entretien n°3 avec Jeanne Morel"
EVEN = "Université de Lyon – laboratoire Triangle"


@pytest.mark.parametrize("size", [9.0, SIZE])
@pytest.mark.parametrize("count", [2, 3])
def test_odd_and_even_headers_of_a_short_document_are_left_out(
    tmp_path: Path, count: int, size: float
) -> None:
    """Odd pages headed with the project, even pages with the laboratory, set smaller than
    the text or in its size (Word's, further from the text than any two of its lines): in
    two or three pages, each header is seen once or twice only, and it was read."""
    pages: list[list[Put | Rule]] = [
        [
            Put(LEFT, 40, ODD if number % 2 else EVEN, size=size),
            *lay(wrap(TURNS[2 * index : 2 * index + 2], 68), LEFT, 90),
            Put(WIDTH / 2, 810, str(number), size=9),
        ]
        for index, number in enumerate(range(1, count + 1))
    ]
    transcript = read(draw(tmp_path / "pair_impair.pdf", pages))
    assert turns_of(transcript) == EXPECTED[: 2 * count]
    headers = sum(len((ODD if number % 2 else EVEN).split()) for number in range(1, count + 1))
    assert transcript.unread == (("headers and footers", headers + count),)


def test_mirrored_headers_with_the_page_number_are_left_out(tmp_path: Path) -> None:
    """Facing pages set their header the other way round: « Projet PTCE 1 » on the right
    page, « 2 Projet PTCE » on the left one."""
    pages: list[list[Put | Rule]] = [
        [Put(LEFT, 40, "Projet PTCE 1", size=SIZE), *lay(wrap(TURNS[:2], 68), LEFT, 90)],
        [Put(LEFT, 40, "2 Projet PTCE", size=SIZE), *lay(wrap(TURNS[2:4], 68), LEFT, 90)],
    ]
    transcript = read(draw(tmp_path / "miroir.pdf", pages))
    assert turns_of(transcript) == EXPECTED[:4]
    assert transcript.unread == (("headers and footers", 6),)


def test_a_title_and_a_paragraph_at_the_top_of_two_pages_are_read(tmp_path: Path) -> None:
    """A title opens the first page and a turn goes on at the top of the second, at the
    same height, in the text's size: no header."""
    lines = wrap(TURNS[:4], 68)
    pages: list[list[Put | Rule]] = [
        [Put(LEFT, 90, "Entretien avec Jeanne Morel"), *lay(lines[:7], LEFT, 90 + 2 * PITCH)],
        [*lay(lines[7:], LEFT, 90)],
    ]
    transcript = read(draw(tmp_path / "titre.pdf", pages))
    assert transcript.text.startswith("Entretien avec Jeanne Morel\n\n")
    assert "nous a rejoints, puis deux entreprises du territoire" in transcript.text
    assert transcript.unread == ()


# the spaces after « Jeanne », « quatre », « autour »… run down the column: a river
LEFT_COLUMN = [
    "Enquêtrice : Comment est né le pôle ?",
    "Jeanne Morel : Au départ, nous étions",
    "quatre structures de l'insertion qui",
    "autour d'un entrepôt commun, avec la",
    "mairie et la communauté de communes,",
    "depuis deux mille douze, ont fondé la",
    "future coopérative du territoire en",
]
RIGHT_COLUMN = [
    "deux mille dix-huit, avec ses",
    "services techniques et son service",
    "du développement économique et de",
    "l'emploi.",
]
SHORT_COLUMNS = {
    1: ["deux mille dix-huit."],
    2: ["deux mille dix-huit, avec ses", "services techniques."],
    4: RIGHT_COLUMN,
}


@pytest.mark.parametrize("rows", [1, 2, 4])
def test_a_right_column_of_fewer_than_five_lines_is_read_after_the_left(
    tmp_path: Path, rows: int
) -> None:
    """The end of a text in two columns: the right one holds a few lines only, and each was
    read across with the left column's line at its height. The spaces after the first words
    of the left column's lines make a narrow river down it, no gutter."""
    right = SHORT_COLUMNS[rows]
    other = LEFT + CHAR * 38 + 24
    page = [*lay(LEFT_COLUMN, LEFT, 90), *lay(right, other, 90)]
    transcript = read(draw(tmp_path / "colonne_courte.pdf", [page]))
    answer = " ".join(LEFT_COLUMN[1:] + right).removeprefix("Jeanne Morel : ")
    assert turns_of(transcript) == [EXPECTED[0], ("Jeanne Morel", answer)]


def test_words_set_far_right_of_their_line_are_no_column(tmp_path: Path) -> None:
    """A date against the right margin of a line, a word a listing's spaces set apart, a
    heading alone on its line right of a list: each is read in its place, not after the
    lines under it."""
    lines = [
        "Jeanne Morel : Au départ, nous étions quatre",
        "structures de l'insertion qui partagions un",
        "entrepôt, et la coopération s'est construite",
        "autour de la logistique et des achats, puis",
        "la communauté de communes nous a rejoints.",
        "Enquêtrice : Et ensuite, qui est arrivé ?",
    ]
    date = Put(LEFT + CHAR * 50 + 50, 90, "12/03/2024")
    indented = [
        "<CodeRef targetGUID='7988DAC2-ADBD-4258-A81E'/>",
        "</Coding>",
        "<Coding guid='5C931701-6CD4-4A2B-A553' />",
        "<CodeRef targetGUID='AE6D04CE-D987-4FC8-AF97'/>",
        "</PlainTextSelection>",
    ]
    listing = [
        Put(LEFT, 90, "<Coding guid='A4681168-7A17-45F6-BEF4' name='granola'"),
        Put(LEFT + CHAR * 58, 90, "page='0'>"),
        *(
            Put(LEFT + CHAR * 2 * (depth % 3), 90 + PITCH * depth, text)
            for depth, text in enumerate(indented, start=1)
        ),
    ]
    files = [f"{number:08X}-9E58-4451-8C49-17013D5C3655.docx" for number in range(1, 8)]
    right = LEFT + 20 + CHAR * len(files[0]) + 30
    heading = [Put(right, 90, "Annexe 2. Fichiers", bold=True), *lay(files, LEFT + 20, 120)]
    pages: list[list[Put | Rule]] = [[*lay(lines, LEFT, 90), date], listing, heading]
    text = read(draw(tmp_path / "a_droite.pdf", pages)).text
    assert "Au départ, nous étions quatre 12/03/2024 structures" in text
    assert "name='granola' page='0'>" in text
    assert "</PlainTextSelection>\n\nAnnexe 2. Fichiers\n\n00000001-9E58" in text
