"""Text built from the paragraphs and tables of a word-processor file (.docx, .odt).

Each non-empty paragraph becomes a paragraph of the text, separated by a blank line. A bold
run at the start of a paragraph (``**Marie Dupont :** …``) is a speaker label; a table row
``speaker | text`` (optionally ``time | speaker | text``) is one turn.
"""

from __future__ import annotations

from pathlib import Path

from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.speakers import Label, SpeakerDetector, parse_time, split_turns
from ptce_coding.corpus.transcript import Transcript, normalise

MAX_LABEL = 40
_TIME_CHARS = set("0123456789:.,[]() ")


class BlockText:
    """Accumulates paragraphs and the speaker labels a file's formatting gives."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.hints: dict[int, Label] = {}
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
            label = Label(name, len(prefix) + len(rest) - len(rest.lstrip(" :.\t")), certain=True)
        self._add(text, label)

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

    def transcript(self, path: Path, detector: SpeakerDetector, format: str) -> Transcript:
        text = "\n\n".join(self.blocks)
        if not text.strip():
            raise CorpusError("the document contains no text", path=path)
        return Transcript(text=text, turns=split_turns(text, detector, self.hints), format=format)
