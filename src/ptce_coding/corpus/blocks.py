"""Text built from the paragraphs and tables of a word-processor file (.docx, .odt).

Each non-empty paragraph becomes a paragraph of the text, separated by a blank line. A bold
run at the start of a paragraph (``**Marie Dupont :** …``) is a speaker label when it ends
with a colon or looks like a name (a bold title, « Entretien n°3 », or heading, « Partie 2 – la
gouvernance », is not: such a short paragraph all in bold is a section heading, which ends
the turn before it, as ``headings.section_heading`` says; a single word all in bold,
« Objectifs : » or « Marie », is a label only where ``turns.split_turns`` takes it as one, a
heading otherwise); in a list, a bold item (« **Paris Mix** : un pôle culturel ») is a label
only where such labels alternate and come back; a table row ``speaker | text`` (optionally
after a time or a number, ``time | speaker | text``, and before notes) is one turn
(``BlockText.row``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.headings import TITLE_WORDS
from ptce_coding.corpus.speaker_forms import TABLE_HEADERS
from ptce_coding.corpus.speakers import (
    Label,
    SpeakerDetector,
    fold,
    looks_like_name,
    names_a_person,
    no_speaker,
    parse_time,
)
from ptce_coding.corpus.transcript import Transcript, normalise
from ptce_coding.corpus.turns import split_turns

MAX_LABEL = 40
_TIME_CHARS = set("0123456789:.,[]() ")


class BlockText:
    """Accumulates paragraphs and the speaker labels a file's formatting gives."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.hints: dict[int, Label] = {}
        self.headings: set[int] = set()  # short paragraphs all in bold that are no label
        self.list_items: set[int] = set()  # paragraphs of a bulleted or numbered list
        self.offset = 0

    def _add(self, text: str, label: Label | None = None) -> None:
        if label is not None:
            self.hints[self.offset] = label
        self.blocks.append(text)
        self.offset += len(text) + 2

    def paragraph(self, text: str, bold_prefix: str = "", list_item: bool = False) -> None:
        """A paragraph; its line breaks (``\\n``) are kept until ``transcript`` (where those
        before a speaker label stay line breaks, the others are spaces). In a list
        (``list_item``), a bold run is a label only where the transcript alternates such
        labels that come back (``Label.in_list``), and a paragraph all in bold is an item, no
        section heading."""
        text = normalise(text).strip()
        if not text:
            return
        if list_item:
            self.list_items.add(self.offset)
        flat = text.replace("\n", " ")  # as long as ``text``: the same offsets
        prefix = normalise(bold_prefix).replace("\n", " ").strip()
        name = prefix.rstrip(" :.").strip()
        label = None
        if prefix and name and len(name) <= MAX_LABEL and flat.startswith(prefix):
            rest = flat[len(prefix) :]
            colon = prefix.endswith(":") or rest.lstrip().startswith(":")
            # a bold title or heading is no speaker, nor a field of the head (« Date : »)
            alone = not rest.strip(" :.\t")
            if (colon and not no_speaker(name)) or looks_like_name(name):
                skip = len(prefix) + len(rest) - len(rest.lstrip(" :.\t"))
                # a word alone in bold (« Marie », « Objectifs : ») is a label where
                # split_turns finds it one (it comes back, is known, answers an interviewer),
                # else the section heading it looks like
                word_alone = alone and not names_a_person(name)
                label = Label(name, skip, certain=True, word_alone=word_alone)
                if list_item:
                    label = replace(label, certain=False, weak=True, in_list=True)
                elif word_alone:
                    self.headings.add(self.offset)
            elif alone and len(flat.split()) <= TITLE_WORDS and not list_item:
                self.headings.add(self.offset)
        self._add(text, label)

    def heading(self, text: str) -> None:
        """A paragraph the file marks as a heading (a Word « Heading » style, ``<h2>``): it
        ends the turn before it when short."""
        text = normalise(text).replace("\n", " ").strip()
        if text and len(text.split()) <= TITLE_WORDS:
            self.headings.add(self.offset)
        if text:
            self._add(text)

    def row(self, cells: list[str]) -> None:
        """A table row: ``speaker | text``, after cells of a time or a number if any
        (``00:01:23 | Marie | …``, ``12 | Marie | …``), then cells of notes, each a paragraph
        of its own; ``00:01:23 | Marie : …`` is one paragraph, its label read as in a text.
        A row of column names (``Locuteur | Texte``) or of the fields of a head (``Date |
        12 mars 2024``) is paragraphs, no turn."""
        cells = [normalise(cell).replace("\n", " ").strip() for cell in cells]
        cells = [c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]]  # merged cells
        first = 0
        while first < len(cells) - 1 and cells[first] and set(cells[first]) <= _TIME_CHARS:
            first += 1
        if 0 < first == len(cells) - 1:  # ``00:01:23 | Marie : …``: the label in the text
            self.paragraph(" ".join(cells))
            return
        if all(fold(cell) in TABLE_HEADERS for cell in cells if cell):
            for cell in cells:  # column names: they end the turn above, as a heading
                self.heading(cell)
            return
        speaker = cells[first].rstrip(" :").strip() if len(cells) > first + 1 else ""
        words = cells[first + 1] if speaker else ""
        if not speaker or not words or len(speaker) > MAX_LABEL or no_speaker(speaker):
            for cell in cells:
                self.paragraph(cell)
            return
        time = next(
            (
                parse_time(cell.strip("[]() "))
                for cell in cells[:first]
                if ":" in cell and parse_time(cell.strip("[]() ")) is not None
            ),
            None,
        )
        self._add(f"{speaker} : {words}", Label(speaker, len(speaker) + 3, time, True))
        for cell in cells[first + 2 :]:
            self.paragraph(cell)

    def transcript(
        self,
        path: Path,
        detector: SpeakerDetector,
        format: str,
        unread: tuple[tuple[str, int], ...] = (),
    ) -> Transcript:
        text = "\n\n".join(_line_breaks(block, detector) for block in self.blocks)
        if not text.strip():
            if unread:  # a transcript typed in text boxes, or in comments
                where = ", ".join(f"{words} words in {what}" for what, words in unread)
                raise CorpusError(
                    f"the document's body holds no text; its words are where they are not "
                    f"read ({where})",
                    path=path,
                    hint="Move the transcript into the body of the document (out of its text "
                    "boxes, notes or comments), then import it again.",
                )
            raise CorpusError("the document contains no text", path=path)
        turns = split_turns(text, detector, self.hints, self.headings, self.list_items)
        return Transcript(text=text, turns=turns, format=format, unread=unread)


def _line_breaks(block: str, detector: SpeakerDetector) -> str:
    """A paragraph's line breaks (Shift+Enter in Word, ``<br>``) as spaces, but before a line
    that starts with a speaker label (``Marie : …``): a transcript typed as one paragraph,
    a turn a line, keeps its turns apart. The text keeps its length: offsets stay valid."""
    lines = block.split("\n")
    return lines[0] + "".join(
        ("\n" if detector.match(line) is not None else " ") + line for line in lines[1:]
    )
