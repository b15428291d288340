"""RTF transcripts (.rtf): old transcription software, WordPad, Mac TextEdit.

The text is what striprtf reads of the file: each paragraph (``\\par``, and TextEdit's
backslash at a line's end) a paragraph of the text; the headers, footers, footnotes, comments,
fonts and pictures, which RTF keeps in groups of their own, are not read (``unread`` counts the
words of the headers, footers, notes and comments, which the import reports, as for a .docx;
LibreOffice writes each header again in its table of page styles, which is not counted twice).
The file reads as with its tracked changes accepted, as a .docx does: a run marked deleted
(``\\deleted``) is left out. striprtf drops the formatting, so the bold type and the deleted
runs are marked before it reads the file: a bold run at the start of a
paragraph is a speaker label as in a Word file (see blocks.py), and a table row
``speaker | text`` is a turn. Labels typed as text (« Marie : … ») are found by the text
rules all the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.blocks import BlockText
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript, count_words

# marks put into the RTF where bold type starts and ends, and for a table's cell ends: text
# characters of the private use area, which striprtf passes on as they are
BOLD_ON, BOLD_OFF, CELL = "\ue000", "\ue001", "\ue002"
DELETED_ON, DELETED_OFF = "\ue003", "\ue004"
# a deleted run's text, up to the end of the deletion (or of the file)
_DELETED_RUN = re.compile(f"{DELETED_ON}[^{DELETED_OFF}]*(?:{DELETED_OFF}|$)")
_KEPT_IN_DELETIONS = (BOLD_ON, BOLD_OFF, CELL, "\n")
_TOKEN = re.compile(r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\[^a-zA-Z]|[{}]")
_CODE_PAGE = re.compile(rb"\\ansicpg(\d{3,5})")
_CUT_SHORT = (
    "the file ends before the groups it opened are closed: it may be cut short (check that "
    "the end of the interview is there, or save it again from the tool that made it)"
)
_SAVE_AGAIN = "open it in a word processor and save it again as .rtf or .docx."
# groups whose words are not the transcript's, by the control word that starts them
_UNREAD_GROUPS = {
    **{
        f"{place}{page}": "headers and footers"
        for place in ("header", "footer")
        for page in ("", "l", "r", "f")
    },
    "footnote": "footnotes",  # « \footnote\ftnalt »: an endnote
    "annotation": "comments",
    "pgdsctbl": "",  # LibreOffice's page styles: a copy of the headers and footers, not counted
}


def read_rtf(path: Path, detector: SpeakerDetector) -> Transcript:
    source = _decode(path.read_bytes(), path)
    try:
        plain = rtf_to_text(marked(source), errors="replace")
    except Exception as exc:  # any failure of the parser on a user's file is a bad file
        raise CorpusError(
            f"not a readable .rtf file ({type(exc).__name__})",
            path=path,
            hint=_SAVE_AGAIN.capitalize(),
        ) from None
    text = BlockText()
    bold = False
    for line in _accepted(plain).split("\n"):
        prefix, bold = _bold_prefix(line, bold)
        if CELL in line:
            text.row([_clean(cell) for cell in line.split(CELL)[:-1] or [line]])
        else:
            text.paragraph(_clean(line), prefix)
    transcript = text.transcript(path, detector, "rtf", unread(source))
    if _open_groups(source):
        return replace(transcript, notes=(_CUT_SHORT,))
    return transcript


def _accepted(plain: str) -> str:
    """The text with its deleted runs left out: of each, only the marks of bold type and of
    cells, and its paragraph ends (a paragraph deleted whole is an empty one), are kept."""
    kept = _DELETED_RUN.sub(
        lambda run: "".join(char for char in run.group(0) if char in _KEPT_IN_DELETIONS), plain
    )
    return kept.replace(DELETED_OFF, "")  # the end of a deletion striprtf did not read


def _decode(data: bytes, path: Path) -> str:
    """The file as text: RTF is 7-bit ASCII, its other characters written as escapes; a raw
    byte above 127 is read in the code page the file declares (``\\ansicpg``)."""
    if not data.lstrip().startswith(b"{\\rtf"):
        raise CorpusError(
            "not an RTF file (it does not start with {\\rtf)",
            path=path,
            hint="If it is a text file, rename it .txt; otherwise " + _SAVE_AGAIN,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        found = _CODE_PAGE.search(data)
        code_page = f"cp{found.group(1).decode()}" if found else "cp1252"
        try:
            return data.decode(code_page, errors="replace")
        except LookupError:
            return data.decode("cp1252", errors="replace")


def unread(source: str) -> tuple[tuple[str, int], ...]:
    """Words of the file that are not part of its text, by where they are: the headers and
    footers, footnotes, endnotes and comments (groups of their own, which striprtf leaves
    out)."""
    counts: dict[str, int] = {}
    depth = 0
    opened = -1  # where the group whose first control word is awaited starts (-1: none)
    inside: tuple[str, int, int] | None = None  # (what, depth, where its content starts)
    for token in _tokens(source):
        word = token.group(1)
        if token.group(0) == "{":
            depth += 1
            opened = token.start()
        elif token.group(0) == "}":
            if inside is not None and depth == inside[1]:
                content = source[inside[2] : token.start()]
                what = "endnotes" if content.lstrip().startswith("\\ftnalt") else inside[0]
                if what:
                    counts[what] = counts.get(what, 0) + count_words(_text_of(content))
                inside = None
            depth -= 1
            opened = -1
        elif word is not None and opened >= 0:
            # the group's first control word (« {\\header », « {\\*\\annotation »)
            first = source[opened + 1 : token.start()].strip() in ("", "\\*")
            if inside is None and first and word in _UNREAD_GROUPS:
                inside = (_UNREAD_GROUPS[word], depth, token.end())
            opened = -1
    return tuple((what, words) for what, words in counts.items() if words)


def _open_groups(source: str) -> int:
    """How many groups are still open at the end of the file (none in a whole file)."""
    depth = 0
    for token in _tokens(source):
        if token.group(0) == "{":
            depth += 1
        elif token.group(0) == "}":
            depth -= 1
    return max(depth, 0)


def _tokens(source: str) -> Iterator[re.Match[str]]:
    """The control words, symbols and braces of ``source``, the bytes of binary data
    (``\\binN``) passed over."""
    position = 0
    for token in _TOKEN.finditer(source):
        if token.start() < position:
            continue  # inside binary data
        word, argument = token.group(1), token.group(2)
        position = token.end() + (int(argument) if word == "bin" and argument else 0)
        yield token


def _text_of(content: str) -> str:
    """The text of a group's content (its first control word left out)."""
    try:
        return str(rtf_to_text("{\\rtf1 " + content + "}", errors="replace"))
    except Exception:  # a damaged note: its words are not counted, the text is read all the same
        return ""


def marked(source: str) -> str:
    """The RTF with ``BOLD_ON`` and ``BOLD_OFF`` where the bold type starts and ends (``\\b``,
    ``\\b0``, ``\\plain``, and the end of a group that set it), ``DELETED_ON`` and
    ``DELETED_OFF`` where a tracked deletion does (``\\deleted``, ``\\deleted0``, the same),
    and ``CELL`` for each table cell's end."""
    parts: list[str] = []
    stack: list[tuple[bool, bool]] = []
    bold = deleted = False
    position = 0  # where the source is copied up to
    for token in _TOKEN.finditer(source):
        if token.start() < position:
            continue  # inside binary data
        word, argument = token.group(1), token.group(2)
        if word in ("cell", "nestcell"):  # the cell's end, as a mark
            parts.append(source[position : token.start()] + CELL)
            position = token.end()
            continue
        end = token.end() + (int(argument) if word == "bin" and argument else 0)
        parts.append(source[position:end])
        position = end
        before = bold, deleted
        if token.group(0) == "{":
            stack.append((bold, deleted))
        elif token.group(0) == "}":
            bold, deleted = stack.pop() if stack else (False, False)
        elif word == "b":
            bold = argument != "0"
        elif word == "deleted":
            deleted = argument != "0"
        elif word == "plain":
            bold = deleted = False
        if bold != before[0]:
            parts.append(BOLD_ON if bold else BOLD_OFF)
        if deleted != before[1]:
            parts.append(DELETED_ON if deleted else DELETED_OFF)
    parts.append(source[position:])
    return "".join(parts)


def _bold_prefix(line: str, bold: bool) -> tuple[str, bool]:
    """The bold text at the start of ``line`` (its first words, when bold type is on at its
    start or turned on before them), and whether bold type is on at its end."""
    prefix: list[str] = []
    leading = True
    for char in line:
        if char == BOLD_ON:
            bold = True
        elif char == BOLD_OFF:
            bold, leading = False, False
        elif leading and bold:
            prefix.append(char)
        elif not char.isspace():
            leading = False
    return _clean("".join(prefix)), bold


def _clean(text: str) -> str:
    return text.replace(BOLD_ON, "").replace(BOLD_OFF, "").replace(CELL, "")
