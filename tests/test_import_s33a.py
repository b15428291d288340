"""Import as researchers' files are: a bold line alone on its line that is a section heading
(« **Objectifs :** », an interview guide's), not a speaker, in Markdown and in Word, while a
bold label before words and a bold name alone above its speaker's words stay labels. Read
through `import`, `documents` and `segments export`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result
from odf.opendocument import OpenDocumentText
from odf.text import LineBreak, P

Rows = list[tuple[str, str]]


def exported(invoke: Callable[..., Result], root: Path, name: str) -> Rows:
    """(speaker, text) of each segment of document ``name``, from `segments export`."""
    out = root / "segments.csv"
    result = invoke("segments", "export", str(out))
    assert result.exit_code == 0, result.output
    rows = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))
    return [(row["speaker"], row["text"]) for row in rows if row["document"] == name]


def imported(invoke: Callable[..., Result], path: Path) -> None:
    result = invoke("import", str(path), "--case", "pole-c")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def speakers_listed(invoke: Callable[..., Result], name: str) -> str:
    listed = json.loads(invoke("documents", "--format", "json").output)
    return next(row["speakers"] for row in listed if row["document"] == name)


GUIDE = (
    "# Entretien avec la directrice\n\n"
    "**Objectifs :**\n\n"
    "Comprendre comment le pôle est né.\n\n"
    "Identifier les acteurs du territoire.\n\n"
    "**Enquêteur :** Comment est né le pôle ?\n\n"
    "**Marie :** D'un appel à projets, en 2012.\n\n"
    "**Relances :**\n\n"
    "Demander qui a porté la candidature.\n\n"
    "**Enquêteur :** Et qui décide ?\n\n"
    "**Marie :** Le bureau.\n"
)


@pytest.mark.parametrize(
    ("text", "expected", "speakers"),
    [
        pytest.param(
            GUIDE,
            [
                ("", "# Entretien avec la directrice"),
                ("", "**Objectifs :**"),
                ("", "Comprendre comment le pôle est né."),
                ("", "Identifier les acteurs du territoire."),
                ("Enquêteur", "Comment est né le pôle ?"),
                ("Marie", "D'un appel à projets, en 2012."),
                ("", "**Relances :**"),
                ("", "Demander qui a porté la candidature."),
                ("Enquêteur", "Et qui décide ?"),
                ("Marie", "Le bureau."),
            ],
            "Enquêteur,Marie",
            id="guide-headings",
        ),
        pytest.param(
            # a heading word of its own, said once, that answers no one: no speaker
            "**Historique**\n\nLe pôle a été créé en 2012.\n\n"
            "**Enquêteur :** Vous êtes arrivée quand ?\n\n**Marie :** En 2013.\n",
            [
                ("", "**Historique**"),
                ("", "Le pôle a été créé en 2012."),
                ("Enquêteur", "Vous êtes arrivée quand ?"),
                ("Marie", "En 2013."),
            ],
            "Enquêteur,Marie",
            id="heading-without-colon",
        ),
        pytest.param(
            # a heading that comes back in each section of a guide: a heading all the same
            "**Objectifs :**\n\nSituer le pôle.\n\n**Enquêteur :** Bonjour.\n\n"
            "**Marie :** Bonjour.\n\n**Objectifs :**\n\nParler des financements.\n\n"
            "**Enquêteur :** Et l'argent ?\n\n**Marie :** La Région.\n",
            [
                ("", "**Objectifs :**"),
                ("", "Situer le pôle."),
                ("Enquêteur", "Bonjour."),
                ("Marie", "Bonjour."),
                ("", "**Objectifs :**"),
                ("", "Parler des financements."),
                ("Enquêteur", "Et l'argent ?"),
                ("Marie", "La Région."),
            ],
            "Enquêteur,Marie",
            id="heading-that-comes-back",
        ),
    ],
)
def test_a_bold_heading_alone_on_its_line_is_no_speaker(
    invoke: Callable[..., Result], tmp_project: Path, text: str, expected: Rows, speakers: str
) -> None:
    """Before: « Objectifs », « Relances », « Historique » were speakers whose turns held the
    guide's text (or, « Relances » inside the exchange, the paragraphs under it)."""
    path = tmp_project / "guide.md"
    path.write_text(text, encoding="utf-8")
    imported(invoke, path)
    assert exported(invoke, tmp_project, "pole-c/guide.md") == expected
    assert speakers_listed(invoke, "pole-c/guide.md") == speakers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "**Marie :** Bonjour.\n\n**Enquêteur :** Vous êtes ?\n\n**Marie :** La directrice.\n",
            [("Marie", "Bonjour."), ("Enquêteur", "Vous êtes ?"), ("Marie", "La directrice.")],
            id="bold-label-then-words",
        ),
        pytest.param(
            "**Marie**\n\nBonjour.\n\n**Paul**\n\nVous êtes ?\n\n**Marie**\n\nLa directrice.\n\n"
            "**Paul**\n\nMerci.\n",
            [
                ("Marie", "Bonjour."),
                ("Paul", "Vous êtes ?"),
                ("Marie", "La directrice."),
                ("Paul", "Merci."),
            ],
            id="names-alone-that-come-back",
        ),
        pytest.param(
            "**Enquêteur :**\n\nVous êtes ?\n\n**Marie :**\n\nLa directrice.\n",
            [("Enquêteur", "Vous êtes ?"), ("Marie", "La directrice.")],
            id="a-name-said-once-that-answers",
        ),
        pytest.param(
            "**Marie Dupont**\n\nBonjour.\n\n**Paul Martin**\n\nSalut.\n",
            [("Marie Dupont", "Bonjour."), ("Paul Martin", "Salut.")],
            id="full-names-said-once",
        ),
        pytest.param(
            "**Directrice :**\n\nJe me présente.\n\n**Enquêteur :**\n\nMerci.\n",
            [("Directrice", "Je me présente."), ("Enquêteur", "Merci.")],
            id="a-role-said-once",
        ),
    ],
)
def test_bold_speaker_labels_stay_labels(
    invoke: Callable[..., Result], tmp_project: Path, text: str, expected: Rows
) -> None:
    path = tmp_project / "entretien.md"
    path.write_text(text, encoding="utf-8")
    imported(invoke, path)
    assert exported(invoke, tmp_project, "pole-c/entretien.md") == expected


def bold_docx(path: Path, paragraphs: list[tuple[str, str]]) -> None:
    """A Word file: each paragraph a bold run then plain words."""
    document = docx.Document()
    for bold, words in paragraphs:
        paragraph = document.add_paragraph()
        if bold:
            paragraph.add_run(bold).bold = True
        if words:
            paragraph.add_run(words)
    document.save(str(path))


def test_a_bold_heading_paragraph_in_word_is_no_speaker(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """Before: « Objectifs » (a paragraph all in bold, with its colon) was a speaker whose
    turn was the guide's text."""
    path = tmp_project / "guide.docx"
    bold_docx(
        path,
        [
            ("Objectifs :", ""),
            ("", "Comprendre comment le pôle est né."),
            ("Enquêteur :", " Comment est né le pôle ?"),
            ("Marie", ""),
            ("", "D'un appel à projets."),
            ("Enquêteur", ""),
            ("", "Et ensuite ?"),
            ("Marie", ""),
            ("", "La SCIC."),
        ],
    )
    imported(invoke, path)
    assert exported(invoke, tmp_project, "pole-c/guide.docx") == [
        ("", "Objectifs :"),
        ("", "Comprendre comment le pôle est né."),
        ("Enquêteur", "Comment est né le pôle ?"),
        ("Marie", "D'un appel à projets."),
        ("Enquêteur", "Et ensuite ?"),
        ("Marie", "La SCIC."),
    ]
    assert speakers_listed(invoke, "pole-c/guide.docx") == "Enquêteur,Marie"


def table_docx(path: Path, rows: list[tuple[str, ...]], before: str = "") -> None:
    """A Word file whose transcript is a table, one row per tuple of cells."""
    document = docx.Document()
    if before:
        document.add_paragraph(before)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for number, cells in enumerate(rows):
        for column, cell in enumerate(cells):
            table.cell(number, column).text = cell
    document.save(str(path))


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [
                ("Locuteur", "Texte"),
                ("Enquêteur", "Comment est né le pôle ?"),
                ("Marie Dupont", "D'un appel à projets."),
            ],
            [
                ("", "Locuteur"),
                ("", "Texte"),
                ("Enquêteur", "Comment est né le pôle ?"),
                ("Marie Dupont", "D'un appel à projets."),
            ],
            id="a-row-of-column-names",
        ),
        pytest.param(
            [
                ("Temps", "Intervenant", "Transcription"),
                ("00:00:01", "Enquêtrice", "Bonjour ?"),
                ("00:00:05", "Marie", "Bonjour."),
            ],
            [
                ("", "Temps"),
                ("", "Intervenant"),
                ("", "Transcription"),
                ("Enquêtrice", "Bonjour ?"),
                ("Marie", "Bonjour."),
            ],
            id="column-names-over-a-time",
        ),
        pytest.param(
            [
                ("Enquêteur :", "Comment est né le pôle ?", ""),
                ("Marie :", "D'un appel à projets.", ""),
                ("Enquêteur :", "Merci.", "à vérifier"),
            ],
            [
                ("Enquêteur", "Comment est né le pôle ?"),
                ("Marie", "D'un appel à projets."),
                ("Enquêteur", "Merci."),
                ("Enquêteur", "à vérifier"),
            ],
            id="a-column-of-notes",
        ),
        pytest.param(
            [
                ("00:00:01", "Enquêteur : Comment est né le pôle ?"),
                ("00:00:05", "Marie : D'un appel à projets."),
                ("00:00:09", "Enquêteur : Merci."),
                ("00:00:12", "Marie : Bien."),
            ],
            [
                ("Enquêteur", "Comment est né le pôle ?"),
                ("Marie", "D'un appel à projets."),
                ("Enquêteur", "Merci."),
                ("Marie", "Bien."),
            ],
            id="a-time-then-the-labelled-words",
        ),
        pytest.param(
            [("Date", "12 mars 2024"), ("Lieu", "Lille"), ("Enquêteur", "Bonjour ?")],
            [
                ("", "Date"),
                ("", "12 mars 2024"),
                ("", "Lieu"),
                ("", "Lille"),
                ("Enquêteur", "Bonjour ?"),
            ],
            id="the-fields-of-a-head",
        ),
    ],
)
def test_a_transcript_in_a_word_table(
    invoke: Callable[..., Result], tmp_project: Path, rows: list[tuple[str, ...]], expected: Rows
) -> None:
    """Before: the row of column names was a turn of a speaker « Locuteur » (« Intervenant »);
    with a column of notes, the note was the words of a speaker « Merci. » and the rows
    without a note were no turn; a time cell before words was the label, « 00:00:01 », of
    the words; « Date » and « Lieu » were speakers."""
    path = tmp_project / "tableau.docx"
    table_docx(path, rows)
    imported(invoke, path)
    assert exported(invoke, tmp_project, "pole-c/tableau.docx") == expected


TURNS = [
    ("Enquêteur", "Comment est né le pôle ?"),
    ("Marie", "D'un appel à projets."),
    ("Enquêteur", "Et qui décide ?"),
    ("Marie", "Le bureau."),
]


def test_a_word_transcript_typed_as_one_paragraph_of_lines(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """Turns apart by Word's line breaks (Shift+Enter) in one paragraph. Before: one turn of
    the interviewer holding every answer (« Marie : … » read as the interviewer's words,
    neither coded nor counted)."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    for speaker, words in TURNS:
        paragraph.add_run(f"{speaker} : {words}").add_break()
    paragraph.add_run("suite de la réponse.")  # a line break inside Marie's words
    path = tmp_project / "lignes.docx"
    document.save(str(path))
    imported(invoke, path)
    assert exported(invoke, tmp_project, "pole-c/lignes.docx") == [
        *TURNS[:3],
        ("Marie", "Le bureau. suite de la réponse."),
    ]
    assert speakers_listed(invoke, "pole-c/lignes.docx") == "Enquêteur,Marie"


def test_an_odt_transcript_typed_as_one_paragraph_of_lines(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """LibreOffice's line breaks (``text:line-break``). Before: one turn of the interviewer."""
    document = OpenDocumentText()
    paragraph = P()
    for number, (speaker, words) in enumerate(TURNS):
        if number:
            paragraph.addElement(LineBreak())
        paragraph.addText(f"{speaker} : {words}")
    document.text.addElement(paragraph)
    path = tmp_project / "lignes.odt"
    document.save(str(path))
    imported(invoke, path)
    assert exported(invoke, tmp_project, "pole-c/lignes.odt") == TURNS


def test_a_name_in_capitals_a_full_stop_then_a_dash(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """« MARIE DUPONT. - Bonjour. », as plays are printed. Before: a speaker « MARIE
    DUPONT. », full stop included."""
    path = tmp_project / "piece.txt"
    path.write_text(
        "MARIE DUPONT. - Bonjour.\nPAUL MARTIN. - Et le pôle ?\n"
        "MARIE DUPONT. - Il coopère.\nPAUL MARTIN. - Bien.\n",
        encoding="utf-8",
    )
    imported(invoke, path)
    assert speakers_listed(invoke, "pole-c/piece.txt") == "MARIE DUPONT,PAUL MARTIN"


def test_a_web_page_whose_turns_are_apart_by_line_breaks(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """Before: « <br> » was a space, the page one turn of the interviewer."""
    lines = "<br>\n".join(f"{speaker} : {words}" for speaker, words in TURNS)
    path = tmp_project / "page.html"
    path.write_text(f"<html><body><div>{lines}</div></body></html>", encoding="utf-8")
    imported(invoke, path)
    assert exported(invoke, tmp_project, "pole-c/page.html") == TURNS


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "# Entretien\n\n| Locuteur | Texte |\n|---|---|\n"
            + "".join(f"| {speaker} | {words} |\n" for speaker, words in TURNS),
            id="pipe-table",  # a Word table as pandoc writes it in Markdown
        ),
        pytest.param(
            "".join(f"> **{speaker} :** {words}\n>\n" for speaker, words in TURNS),
            id="quotation",
        ),
        pytest.param(
            "".join(f"- **{speaker} :** {words}\n" for speaker, words in TURNS),
            id="list",
        ),
    ],
)
def test_markdown_labels_in_a_table_a_quotation_or_a_list(
    invoke: Callable[..., Result], tmp_project: Path, text: str
) -> None:
    """Before: no speaker at all (a table, a quotation: the whole text one paragraph of no
    one), or, in a list, turns « Question » and « Réponse » whose words began with the
    speaker's bold label."""
    path = tmp_project / "entretien.md"
    path.write_text(text, encoding="utf-8")
    imported(invoke, path)
    rows = exported(invoke, tmp_project, "pole-c/entretien.md")
    assert [row for row in rows if row[0]] == TURNS
    assert speakers_listed(invoke, "pole-c/entretien.md") == "Enquêteur,Marie"


def test_a_list_of_bold_terms_in_an_answer_is_no_turn(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    text = (
        "**Enquêteur :** Quels sont vos chiffres ?\n\n**Marie :** Les voici :\n\n"
        "- **Emploi :** 12 salariés ;\n- **Budget :** 400 000 euros.\n\n"
        "**Enquêteur :** Merci.\n"
    )
    path = tmp_project / "chiffres.md"
    path.write_text(text, encoding="utf-8")
    imported(invoke, path)
    assert exported(invoke, tmp_project, "pole-c/chiffres.md") == [
        ("Enquêteur", "Quels sont vos chiffres ?"),
        ("Marie", "Les voici :"),
        # the export writes a cell that starts with « - » after a « ' » (no formula)
        ("Marie", "'- **Emploi :** 12 salariés ;\n- **Budget :** 400 000 euros."),
        ("Enquêteur", "Merci."),
    ]


def test_a_line_break_in_a_subtitle_cue_is_no_glue(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """Before: « c<br>suite » was read « csuite », one word of two."""
    path = tmp_project / "sous-titres.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:04,000\nOn coopère<br>beaucoup<BR/>vraiment\\Nsouvent.\n",
        encoding="utf-8",
    )
    imported(invoke, path)
    assert exported(invoke, tmp_project, "pole-c/sous-titres.srt") == [
        ("", "On coopère beaucoup vraiment souvent.")
    ]
