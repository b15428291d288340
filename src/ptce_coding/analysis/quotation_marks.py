"""The transcriber's marks in a quotation shown to readers.

Transcripts carry conventions besides what is said: a laugh « (rires) », a silence « [pause] »,
a word not heard « [inaudible] », « [XXX] » or a bare « XX » (CFPP2000), the other speaker's
back-channel in brackets « [ouais] » (what is a mark and what is words:
tagging/transcript_marks.py, which the rule suggestions' passages read too). A quotation in a
report drops the non-verbal marks and shows what was not heard as a cut, « […] ». A mark is
read within its line, and its line break is kept: a line that ends on « (rires) » ends a
sentence (sentence_edges.py). The stored text never changes: this is its display.
"""

from __future__ import annotations

import re

from ptce_coding.tagging.transcript_marks import MARK, kind_of

CUT = "[…]"
_BARE_NOT_HEARD = re.compile(r"(?<![\w'’-])(?:X{2,}|x{3,})(?![\w'’-])")  # CFPP « XX », « xxx »
_DROP, _GAP = "\ue000", "\ue001"  # private-use characters: never in an imported text
_RUN = re.compile(f"[{_DROP}{_GAP}](?:\\s*[{_DROP}{_GAP}])+")
_CUTS = re.compile(r"\[…\](?:\s*\[…\])+")


def _sentinel(match: re.Match[str]) -> str:
    kind = kind_of(match)
    return match.group(0) if kind is None else _GAP if kind == "cut" else _DROP


def _run(match: re.Match[str]) -> str:
    return _GAP if _GAP in match.group(0) else _DROP


def merge_cuts(text: str) -> str:
    """One « […] » for several in a row (« […] […] » → « […] »)."""
    return _CUTS.sub(CUT, text)


def without_marks(text: str) -> str:
    """``text`` as a reader sees it quoted: the non-verbal marks dropped, what was not heard
    shown « […] » (one mark for several in a row), spaces around them tidied, every other
    character kept, line breaks included (each line is read alone: « c'est fini (rires)\n
    Alors » keeps the line break that ends the sentence). Empty when the text was nothing
    but marks and spaces."""
    if "\n" in text:
        lines = "\n".join(_line_without_marks(line) for line in text.split("\n"))
        return lines if lines.strip() else ""
    return _line_without_marks(text)


def _line_without_marks(text: str) -> str:
    if "[" in text or "(" in text:
        text = MARK.sub(_sentinel, text)
    text = _BARE_NOT_HEARD.sub(_GAP, text)
    if _DROP not in text and _GAP not in text:
        return text
    text = _RUN.sub(_run, text)
    text = re.sub(f"^\\s*{_DROP}[\\s,.;:]*", "", text)  # « (rires). Oui » → « Oui »
    text = re.sub(f"\\s*{_DROP}\\s*(?=[,.…)]|$)", "", text)  # « le sont (rires). » → « le sont. »
    text = re.sub(f"\\s*{_DROP}(\\s*)(?=[:;!?»])", r"\1", text)  # French space before « : »
    text = text.replace(_DROP, " ")
    text = re.sub(f"\\s*{_GAP}\\s*(?=[,.…)])", " " + CUT, text)
    text = re.sub(f"\\s*{_GAP}\\s*", f" {CUT} ", text)
    text = re.sub(r"[ \t]{2,}", " ", merge_cuts(text)).strip()
    return "" if text in ("", CUT) else text
