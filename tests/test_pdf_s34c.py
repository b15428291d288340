"""PDF transcripts read as a researcher reads them: footnotes, columns, running headers, words
cut at a line's end.

The PDFs are drawn here with matplotlib's PDF backend, a line at a time, in a monospaced
font (so that a line's width is its number of characters): where each line, rule and note
call stands is what the reader goes by, as it is in a PDF printed by Word or LibreOffice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pytest
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ptce_coding.app.project import find_project
from ptce_coding.corpus.pdf import read_pdf
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript

# the README's rule: tests that render with matplotlib are slow (the PDFs are drawn so)
pytestmark = pytest.mark.slow

WIDTH, HEIGHT = 595.0, 842.0  # A4, in points
SIZE = 11.0  # the text's size
ADVANCE = 0.602  # DejaVu Sans Mono: every character is this many ems wide
PITCH = 14.0  # from one line to the next
LEFT = 72.0


@dataclass(frozen=True)
class Put:
    """A run of text whose baseline is ``y`` points under the page's top."""

    x: float
    y: float
    text: str
    size: float = SIZE
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    x0: float
    x1: float
    y: float


def draw(path: Path, pages: list[list[Put | Rule]]) -> Path:
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(path) as pdf:
        for items in pages:
            figure = Figure(figsize=(WIDTH / 72, HEIGHT / 72))
            figure.patch.set_visible(False)
            for item in items:
                if isinstance(item, Rule):
                    y = 1 - item.y / HEIGHT
                    line = Line2D([item.x0 / WIDTH, item.x1 / WIDTH], [y, y], linewidth=0.5)
                    figure.add_artist(line)
                    continue
                figure.text(
                    item.x / WIDTH,
                    1 - item.y / HEIGHT,
                    item.text,
                    fontsize=item.size,
                    family="DejaVu Sans Mono",
                    weight="bold" if item.bold else "normal",
                    va="baseline",
                )
            pdf.savefig(figure)
    return path


def wrap(turns: list[tuple[str, str]], chars: int) -> list[str]:
    """The turns' lines, ``chars`` characters wide at the most, a turn after the other."""
    lines = []
    for label, words in turns:
        line = ""
        for word in f"{label} {words}".split():
            if line and len(line) + 1 + len(word) > chars:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
    return lines


LABELS = ("Enquêtrice :", "Jeanne Morel :")


def lay(lines: list[str], x: float, y: float, size: float = SIZE) -> list[Put]:
    """The lines set from ``(x, y)`` down; a label opens a turn, in bold, half a line under
    the turn before."""
    puts: list[Put] = []
    for index, line in enumerate(lines):
        label = next((label for label in LABELS if line.startswith(label + " ")), "")
        if label and index:
            y += PITCH / 2
        if label:
            puts.append(Put(x, y, label, size, bold=True))
        start = len(label) + 1 if label else 0
        puts.append(Put(x + ADVANCE * size * start, y, line[start:], size))
        y += PITCH
    return puts


def read(path: Path) -> Transcript:
    return read_pdf(path, SpeakerDetector())


def turns_of(transcript: Transcript) -> list[tuple[str | None, str]]:
    return [
        (turn.speaker, transcript.text[start:end])
        for turn in transcript.turns
        for start, end in turn.paragraphs
    ]


ASK = "Enquêtrice :"
ANSWER = "Jeanne Morel :"
FIRST = (
    "Au départ, nous étions quatre structures de l'insertion par l'activité économique qui "
    "partagions un entrepôt, et la coopération s'est construite autour de la logistique et "
    "des achats groupés."
)
SECOND = (
    "Ensuite la communauté de communes nous a rejoints, puis deux entreprises du territoire, "
    "et nous avons créé une société coopérative d'intérêt collectif."
)
THIRD = "Le conseil d'administration se réunit chaque mois, les sociétaires une fois par an."
TURNS = [
    (ASK, "Comment est né le pôle ?"),
    (ANSWER, FIRST),
    (ASK, "Et ensuite ?"),
    (ANSWER, SECOND),
    (ASK, "Qui décide aujourd'hui ?"),
    (ANSWER, THIRD),
]
EXPECTED = [(label.rstrip(" :"), words) for label, words in TURNS]


def note_call(puts: list[Put], word: str, mark: str) -> Put:
    """A small raised number glued to the end of ``word``, where the text says it."""
    put = next(put for put in puts if word in put.text)
    end = put.text.index(word) + len(word)
    return Put(put.x + ADVANCE * put.size * end, put.y - 4, mark, size=7)


NOTE = "1 La coopération désigne ici la mutualisation des moyens, non une fusion."


def test_footnotes_are_left_out_and_counted_as_not_read(invoke, tmp_project: Path) -> None:
    """Word's footnotes at a page's foot, under a short rule, in smaller type: they came in
    the last turn on the page (« …une fois par an. 1 La coopération désigne… »), and the note
    call « coopération¹ » read « coopération1 »."""
    body = lay(wrap(TURNS, 68), LEFT, 90)
    notes = [Rule(LEFT, LEFT + 150, 700), Put(LEFT, 714, NOTE, size=8)]
    path = draw(tmp_project / "notes.pdf", [[*body, note_call(body, "coopération", "1"), *notes]])
    transcript = read(path)
    assert turns_of(transcript) == EXPECTED
    assert transcript.unread == (("footnotes", len(NOTE.split())),)
    result = invoke("import", str(path), "--case", "pole-c")
    assert result.exit_code == 0, result.output
    assert (
        "(6 segments, 91 words, 63 counted): not read: 12 words in footnotes (not" in result.output
    )


def test_two_columns_are_read_one_after_the_other(tmp_path: Path) -> None:
    """A page in two columns under a title across the page: pdfplumber set the lines of
    both columns at the same height as one line (« Comment est né le pôle ? rejoints,
    puis… »). A turn goes on from the foot of the first column to the top of the second, a
    word cut there (« coopé- » + « ration ») is joined; the page number is left out."""
    left = [
        "Enquêtrice : Comment est né le",
        "pôle ?",
        "Jeanne Morel : Au départ, nous",
        "étions quatre structures de",
        "l'insertion qui partagions un",
        "entrepôt, et la coopé-",
    ]
    right = [
        "ration s'est construite autour",
        "de la logistique et des achats",
        "groupés.",
        "Enquêtrice : Et ensuite ? Qui",
        "vous a rejoints dans le pôle ?",
        "Jeanne Morel : La communauté de",
        "communes, puis deux entreprises",
        "du territoire.",
    ]
    gutter = LEFT + ADVANCE * SIZE * 32 + 24
    page = [
        Put(LEFT, 70, "Entretien avec Jeanne Morel, Pôle C", bold=True),
        *lay(left, LEFT, 100),
        *lay(right, gutter, 100),
        Put(WIDTH / 2 - 10, 800, "- 1 -"),
    ]
    transcript = read(draw(tmp_path / "colonnes.pdf", [page]))
    assert turns_of(transcript) == [
        (None, "Entretien avec Jeanne Morel, Pôle C"),
        ("Enquêtrice", "Comment est né le pôle ?"),
        (
            "Jeanne Morel",
            "Au départ, nous étions quatre structures de l'insertion qui partagions un "
            "entrepôt, et la coopération s'est construite autour de la logistique et des "
            "achats groupés.",
        ),
        ("Enquêtrice", "Et ensuite ? Qui vous a rejoints dans le pôle ?"),
        ("Jeanne Morel", "La communauté de communes, puis deux entreprises du territoire."),
    ]
    assert transcript.unread == (("headers and footers", 3),)


def test_a_table_of_speakers_and_their_words_is_no_pair_of_columns(tmp_path: Path) -> None:
    """A transcription service's table, the speaker in a narrow column on the left: its
    rows are read across, a turn a row, never all the names and then all the words."""
    turns = [(label.rstrip(" :"), words) for label, words in TURNS] * 2
    page: list[Put | Rule] = []
    y = 90.0
    for speaker, words in turns:
        page.append(Put(LEFT, y, speaker))
        for line in wrap([("", words)], 50):
            page.append(Put(LEFT + 120, y, line))
            y += PITCH
        y += PITCH / 2
    text = read(draw(tmp_path / "tableau.pdf", [page])).text
    assert text.startswith("Enquêtrice Comment est né le pôle ?\n\nJeanne Morel Au départ")


def header(number: int, pages: int) -> list[Put]:
    return [
        Put(LEFT, 40, "Université de Lyon, projet PTCE", size=9),
        Put(LEFT, 51, "Entretien n°3 avec Jeanne Morel, directrice", size=9),
        Put(LEFT, 62, "Transcription du 12 mars 2024", size=9),
        Put(WIDTH / 2 - 30, 810, f"Page {number} sur {pages}", size=9),
    ]


def test_a_running_header_of_three_lines_is_left_out(tmp_path: Path) -> None:
    """A header of three lines on every page: the third (« Transcription du 12 mars
    2024 ») was read as a paragraph at the top of each page, only two lines being looked at."""
    pages: list[list[Put | Rule]] = [
        [*header(number, 3), *lay(wrap(TURNS[2 * index : 2 * index + 2], 68), LEFT, 90)]
        for index, number in enumerate((1, 2, 3))
    ]
    transcript = read(draw(tmp_path / "entetes.pdf", pages))
    assert turns_of(transcript) == EXPECTED
    header_words = sum(len(put.text.split()) for put in header(1, 3))
    assert transcript.unread == (("headers and footers", 3 * header_words),)


def test_a_word_cut_at_a_page_foot_above_footnotes_is_joined(tmp_path: Path) -> None:
    """« coopé- » at the foot of a page, its footnote and the page number under it,
    « ration » at the top of the next: the footnote stood between the two halves."""
    first = [
        "Enquêtrice : Comment est né le pôle ?",
        "Jeanne Morel : Au départ, nous étions quatre structures de l'insertion",
        "qui partagions un entrepôt, et la coopé-",
    ]
    second = ["ration s'est construite autour de la logistique et des achats groupés."]
    body = lay(first, LEFT, 90)
    pages: list[list[Put | Rule]] = [
        [
            *body,
            note_call(body, "entrepôt,", "1"),
            Rule(LEFT, LEFT + 150, 700),
            Put(LEFT, 714, "1 Un ancien hangar agricole, prêté par la commune.", size=8),
            Put(WIDTH / 2, 810, "1", size=9),
        ],
        [*lay(second, LEFT, 90), Put(WIDTH / 2, 810, "2", size=9)],
    ]
    transcript = read(draw(tmp_path / "coupure.pdf", pages))
    assert turns_of(transcript) == [
        ("Enquêtrice", "Comment est né le pôle ?"),
        (
            "Jeanne Morel",
            "Au départ, nous étions quatre structures de l'insertion qui partagions un "
            "entrepôt, et la coopération s'est construite autour de la logistique et des "
            "achats groupés.",
        ),
    ]


@pytest.mark.parametrize("hyphen", ["\u2010", "\u00ad", "-"])
def test_a_word_cut_with_any_hyphen_is_joined(tmp_path: Path, hyphen: str) -> None:
    """The hyphen a browser or a layout program sets where it cuts a word is U+2010
    (« coopé‐ »), a word processor's the hyphen-minus or the soft hyphen."""
    lines = [
        "Jeanne Morel : Au départ, nous étions quatre structures de l'insertion",
        f"qui partagions un entrepôt, et la coopé{hyphen}",
        "ration s'est construite autour de la logistique et des achats groupés.",
    ]
    transcript = read(draw(tmp_path / "trait.pdf", [lay(lines, LEFT, 90)]))
    assert "la coopération s'est construite" in transcript.text


def test_the_imported_text_of_a_pdf_with_notes_has_no_note(invoke, tmp_project: Path) -> None:
    """What is stored: the turns without the footnote, whose words are said, not coded."""
    body = lay(wrap(TURNS, 68), LEFT, 90)
    notes = [Rule(LEFT, LEFT + 150, 700), Put(LEFT, 714, NOTE, size=8)]
    path = draw(tmp_project / "notes.pdf", [[*body, *notes]])
    result = invoke("import", str(path), "--case", "pole-c")
    assert result.exit_code == 0, result.output
    with find_project(tmp_project).open_store(create=False) as store:
        (document,) = [d for d in store.documents() if d.name.endswith("notes.pdf")]
        assert "désigne" not in document.text
        assert "la coopération s'est construite" in document.text


def test_rules_that_set_no_footnotes_leave_the_text_whole(tmp_path: Path) -> None:
    """A line under words (an underline) and a rule between two parts of the interview are
    no footnote rule: the questions set smaller under the one and the turns under the other
    are read."""
    lines = wrap(TURNS[:2], 68)
    body = lay(lines, LEFT, 90)
    last = body[-1]
    question = "Et ensuite, qui vous a rejoints ?"
    pages: list[list[Put | Rule]] = [
        [
            *body,
            Rule(last.x, last.x + 60, last.y + 2),  # « …achats groupés. » underlined
            Put(LEFT, last.y + 2 * PITCH, f"Enquêtrice : {question}", size=9),
        ],
        [Rule(LEFT, WIDTH - LEFT, 80), *lay(wrap(TURNS[4:], 68), LEFT, 100)],
    ]
    transcript = read(draw(tmp_path / "traits.pdf", pages))
    assert turns_of(transcript) == [*EXPECTED[:2], ("Enquêtrice", question), *EXPECTED[4:]]
    assert transcript.unread == ()


def test_each_column_s_footnotes_at_its_foot_are_left_out(tmp_path: Path) -> None:
    """Two columns, each with its notes at its foot under a short rule (as LaTeX sets
    them): the notes are left out, the turn goes on from one column to the next."""
    left = [
        "Enquêtrice : Comment est né le pôle ?",
        "Jeanne Morel : Au départ, nous étions",
        "quatre structures de l'insertion qui",
        "partagions un entrepôt, et la",
        "coopération s'est construite autour",
    ]
    right = [
        "de la logistique et des achats",
        "groupés, puis la communauté de",
        "communes nous a rejoints en",
        "deux mille dix-huit, avec ses",
        "services techniques.",
    ]
    other = LEFT + ADVANCE * SIZE * 38 + 24
    left_body, right_body = lay(left, LEFT, 90), lay(right, other, 90)
    notes = ["1 Un ancien hangar agricole.", "2 Par une convention."]
    page: list[Put | Rule] = [
        *left_body,
        note_call(left_body, "entrepôt,", "1"),
        Rule(LEFT, LEFT + 80, 200),
        Put(LEFT, 212, notes[0], size=8),
        *right_body,
        note_call(right_body, "rejoints", "2"),
        Rule(other, other + 80, 200),
        Put(other, 212, notes[1], size=8),
    ]
    transcript = read(draw(tmp_path / "notes_colonnes.pdf", [page]))
    assert turns_of(transcript) == [
        ("Enquêtrice", "Comment est né le pôle ?"),
        ("Jeanne Morel", " ".join(left[1:] + right).removeprefix("Jeanne Morel : ")),
    ]
    assert transcript.unread == (("footnotes", sum(len(note.split()) for note in notes)),)


def test_the_small_labels_under_a_figure_s_lines_are_no_footnotes(tmp_path: Path) -> None:
    """A figure between two turns, an arrow with the pole's members under it: the arrow does
    not start where the text does, and its labels are no notes (a Word PDF of the REFI-QDA
    standard lost the labels of its diagrams so)."""
    page: list[Put | Rule] = [
        *lay(wrap(TURNS[:2], 68), LEFT, 90),
        Rule(250, 420, 200),
        Put(260, 215, "SCIC", size=7),
        Put(330, 215, "Commune", size=7),
        *lay(wrap(TURNS[2:], 68), LEFT, 260),
    ]
    transcript = read(draw(tmp_path / "figure.pdf", [page]))
    assert transcript.unread == ()
    assert "SCIC Commune" in transcript.text
