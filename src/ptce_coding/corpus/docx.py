"""Word transcripts (.docx): paragraphs, bold speaker labels, tables of turns.

Each non-empty paragraph becomes a paragraph of the text (separated by a blank line). A bold
run at the start of a paragraph (``**Marie Dupont :** …``) is a speaker label; a table whose
rows are ``speaker | text`` (optionally ``time | speaker | text``) gives one turn per row.
"""

from __future__ import annotations

from pathlib import Path

from ptce_coding.corpus.speakers import Label, SpeakerDetector, parse_time, split_turns
from ptce_coding.corpus.transcript import Transcript, normalise
from ptce_coding.errors import CorpusError

_TIME_CHARS = set("0123456789:.,[]() ")


def _bold_prefix(paragraph) -> str:
    prefix = ""
    for run in paragraph.runs:
        if not run.text:
            continue
        if run.bold:
            prefix += run.text
        else:
            break
    return prefix


def read_docx(path: Path, detector: SpeakerDetector) -> Transcript:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # any failure of the parser on a user's file is a bad file
        raise CorpusError(
            f"not a readable .docx file ({type(exc).__name__}): damaged, truncated or "
            "password-protected",
            path=path,
            hint="Open it in Word or LibreOffice, remove any password and save it again.",
        ) from None
    blocks: list[str] = []
    hints: dict[int, Label] = {}
    offset = 0

    def add(text: str, label: Label | None = None) -> None:
        nonlocal offset
        text = normalise(text).replace("\n", " ").strip()
        if not text:
            return
        if label is not None:
            hints[offset] = label
        blocks.append(text)
        offset += len(text) + 2

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = normalise(item.text).replace("\n", " ").strip()
            bold = normalise(_bold_prefix(item)).strip()
            label = None
            name = bold.rstrip(" :.").strip()
            if bold and name and len(name) <= 40 and text.startswith(bold):
                rest = text[len(bold) :]
                skip = len(bold) + len(rest) - len(rest.lstrip(" :.\t"))
                label = Label(name, skip, certain=True)
            add(text, label)
        elif isinstance(item, Table):
            for row in item.rows:
                cells = [normalise(cell.text).strip() for cell in row.cells]
                cells = [c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]]
                if len(cells) >= 2 and 0 < len(cells[-2]) <= 40 and cells[-1]:
                    time = None
                    if len(cells) >= 3 and set(cells[0]) <= _TIME_CHARS:
                        time = parse_time(cells[0].strip("[]() ")) if ":" in cells[0] else None
                    speaker = cells[-2]
                    line = f"{speaker} : {cells[-1]}"
                    add(line, Label(speaker, len(speaker) + 3, time, certain=True))
                else:
                    for cell in cells:
                        add(cell)
    text = "\n\n".join(blocks)
    if not text.strip():
        raise CorpusError("the document contains no text", path=path)
    return Transcript(
        text=text,
        turns=split_turns(text, detector, hints),
        format="docx",
        encoding=None,
    )
