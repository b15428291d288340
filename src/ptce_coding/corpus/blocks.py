"""Text built from the paragraphs and tables of a word-processor file (.docx, .odt).

Each non-empty paragraph becomes a paragraph of the text, separated by a blank line. A bold
run at the start of a paragraph (``**Marie Dupont :** …``) is a speaker label when it ends
with a colon or looks like a name (a bold title, « Entretien n°3 », or heading, « Partie 2 – la
gouvernance », is not: such a short paragraph all in bold is a section heading, which ends
the turn before it, as ``headings.section_heading`` says); a table row
``speaker | text`` (optionally ``time | speaker | text``) is one turn.
"""

from __future__ import annotations

from pathlib import Path

from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.headings import TITLE_WORDS
from ptce_coding.corpus.speakers import (
    Label,
    SpeakerDetector,
    looks_like_name,
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
        self.offset = 0

    def _add(self, text: str, label: Label | None = None) -> None:
        if label is not None:
            self.hints[self.offset] = label
        self.blocks.append(text)
        self.offset += len(text) + 2

    def paragraph(self, text: str, bold_prefix: str = "") -> None:
        text = normalise(text).replace("\n", " ").strip()
        if not text:
            return
        prefix = normalise(bold_prefix).strip()
        name = prefix.rstrip(" :.").strip()
        label = None
        if prefix and name and len(name) <= MAX_LABEL and text.startswith(prefix):
            rest = text[len(prefix) :]
            colon = prefix.endswith(":") or rest.lstrip().startswith(":")
            # a bold title or heading is no speaker, nor a field of the head (« Date : »)
            if (colon and not no_speaker(name)) or looks_like_name(name):
                skip = len(prefix) + len(rest) - len(rest.lstrip(" :.\t"))
                label = Label(name, skip, certain=True)
            elif not rest.strip() and len(text.split()) <= TITLE_WORDS:
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
        cells = [normalise(cell).replace("\n", " ").strip() for cell in cells]
        cells = [c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]]  # merged cells
        if len(cells) >= 2 and 0 < len(cells[-2]) <= MAX_LABEL and cells[-1]:
            time = None
            if len(cells) >= 3 and ":" in cells[0] and set(cells[0]) <= _TIME_CHARS:
                time = parse_time(cells[0].strip("[]() "))
            speaker = cells[-2]
            self._add(f"{speaker} : {cells[-1]}", Label(speaker, len(speaker) + 3, time, True))
        else:
            for cell in cells:
                self.paragraph(cell)

    def transcript(
        self,
        path: Path,
        detector: SpeakerDetector,
        format: str,
        unread: tuple[tuple[str, int], ...] = (),
    ) -> Transcript:
        text = "\n\n".join(self.blocks)
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
        turns = split_turns(text, detector, self.hints, self.headings)
        return Transcript(text=text, turns=turns, format=format, unread=unread)
