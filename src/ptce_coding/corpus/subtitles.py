"""Subtitle transcripts (.vtt WebVTT, .srt SubRip) from automatic transcription.

Whisper, Zoom, Teams, YouTube, Sonix, noScribe… write an interview as timed cues. Each cue's
speaker comes from a WebVTT voice tag (``<v Marie Dupont>…</v>``, ``<v.loud Marie>``, several
in one cue), or from a label at the start of a line of its text, as ``SpeakerDetector`` finds
them (``Marie :``, ``NOM:``, ``[SPEAKER_00]``, ``Speaker 1:``, ``- Marie :`` in a dialogue
cue); a cue without either has no speaker. A one-off capitalised word before a colon
(« Bref : on a signé ») stays speech unless it is certain, known, a full name, a diarisation
label (``Speaker 3``, ``Locuteur 2``) or comes back, as in ``split_turns``.

Markup is removed (``<i>``, ``<c.x>``, ``<00:00:01.000>``, ``{\\an8}``) and HTML entities are
decoded. Consecutive cues of one speaker make one turn of one paragraph, their text joined
with single spaces; the stored text has one block per turn, ``Name : text``, separated by a
blank line, and the paragraph offsets cover the text only. A turn's time is the start of its
first cue, in seconds.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.plaintext import decode
from ptce_coding.corpus.speakers import Label, SpeakerDetector, fold, full_name
from ptce_coding.corpus.transcript import Transcript, Turn, normalise

Line = tuple[int, str]  # (1-based line number, line)


def _stamp(prefix: str) -> str:
    return (
        rf"(?:(?P<{prefix}h>\d+):)?(?P<{prefix}m>\d{{1,2}}):(?P<{prefix}s>\d{{2}})"
        rf"(?:[.,](?P<{prefix}f>\d{{1,3}}))?"
    )


_TIMING = re.compile(rf"[ \t]*{_stamp('a')}[ \t]+-->[ \t]+{_stamp('b')}(?:[ \t]+.*)?[ \t]*$")
_TIMING_LIKE = re.compile(r"[ \t]*\d+:\d{2}\S*[ \t]*(?:-+>?|[–—→]>?|=>)[ \t]*\d")
_WEBVTT = re.compile(r"WEBVTT(?:[ \t].*)?$")
_VTT_SKIPPED = re.compile(r"(?:NOTE(?:[ \t].*)?|STYLE[ \t]*|REGION[ \t]*)$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+(?P<name>[^>]*))?>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d+(?::\d{2}){1,2}(?:[.,]\d+)?>")
_POSITIONING = re.compile(r"\{\\[^{}]*\}")
_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")
_DASH = re.compile(r"[ \t]*[-–—][ \t]*")
_EXPECTED = "`00:01:02,500 --> 00:01:05,000` (SRT) or `00:01:02.500 --> 00:01:05.000` (VTT)"


@dataclass
class _Cue:
    line: int  # of its timing line
    start: float
    end: float
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class _Span:
    """Text of a cue under one voice tag (or none): cleaned lines, labels found in them."""

    voice: str | None
    time: float
    lines: tuple[tuple[str, Label | None], ...]


@dataclass
class _Piece:
    speaker: str | None
    time: float
    parts: list[str]


def read_subtitles(path: Path, detector: SpeakerDetector) -> Transcript:
    """Read a .vtt or .srt file: one turn per run of cues of one speaker."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read the file: {exc.strerror}", path=path) from None
    raw, encoding = decode(data, path)
    source = normalise(raw).lstrip("\ufeff")
    vtt = path.suffix.lower() == ".vtt" or source.startswith("WEBVTT")
    blocks = _blocks(source)
    attributes: dict[str, Any] = {}
    if vtt:
        blocks = _vtt_body(blocks, path, attributes)
    cues = _cues(blocks, vtt, path)
    spans = [span for cue in cues for span in _spans(cue, detector)]
    pieces = _pieces(spans, _accepted(spans, detector))
    if not pieces:
        raise CorpusError("the subtitle cues contain no text", path=path)
    text, turns = _assemble(pieces, detector)
    attributes["duration"] = max(cue.end for cue in cues)
    attributes["cues"] = len(cues)
    return Transcript(
        text=text,
        turns=turns,
        format="vtt" if vtt else "srt",
        encoding=encoding,
        attributes=attributes,
    )


def _blocks(text: str) -> list[list[Line]]:
    """Runs of non-blank lines, with their line numbers."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _vtt_body(blocks: list[list[Line]], path: Path, attributes: dict[str, Any]) -> list[list[Line]]:
    """The blocks after the ``WEBVTT`` header; its ``Language:`` goes to ``attributes``."""
    if not blocks or not _WEBVTT.match(blocks[0][0][1]):
        raise CorpusError(
            "a WebVTT file must start with `WEBVTT`",
            path=path,
            line=blocks[0][0][0] if blocks else 1,
            hint="Is it an .srt file? Rename it to .srt.",
        )
    header, rest = blocks[0][1:], blocks[1:]
    for index, (_, line) in enumerate(header):
        if "-->" in line:  # a cue right under the header, without a blank line
            return [header[index:], *rest]
        key, _, value = line.partition(":")
        if key.strip().casefold() == "language" and value.strip():
            attributes["language"] = value.strip()
    return rest


def _cues(blocks: list[list[Line]], vtt: bool, path: Path) -> list[_Cue]:
    """The timed cues; a block without a timing line continues the previous cue's text."""
    cues: list[_Cue] = []
    stray: int | None = None
    for block in blocks:
        if vtt and _VTT_SKIPPED.match(block[0][1]):
            continue
        index = _timing_index(block, path)
        if index is None:
            if cues:
                cues[-1].lines.extend(block)
            elif stray is None:
                stray = block[0][0]
            continue
        number, line = block[index]
        start, end = _timing(line, number, path)
        cues.append(_Cue(number, start, end, block[index + 1 :]))
    if not cues:
        raise CorpusError(
            "no subtitle cue found: is this a .vtt/.srt file?",
            path=path,
            line=stray,
            hint="A cue is a timing line such as 00:01:02,500 --> 00:01:05,000, then its text.",
        )
    if stray is not None:
        raise CorpusError(
            "text before the first subtitle cue (it has no timing line)",
            path=path,
            line=stray,
            hint="Remove it or give it a timing line.",
        )
    return cues


def _timing_index(block: list[Line], path: Path) -> int | None:
    """Where the timing line of a block is: 0, 1 (after a cue number or identifier), None."""
    for index, (_, line) in enumerate(block[:2]):
        if "-->" in line or _TIMING_LIKE.match(line):
            return index
    number, first = block[0]
    if first.strip().isdigit():  # a cue number not followed by a timing line
        line = block[1][1].strip() if len(block) > 1 else ""
        raise CorpusError(
            f"malformed timing line {line!r} after cue number {first.strip()}: expected "
            + _EXPECTED,
            path=path,
            line=number + 1,
        )
    return None


def _timing(line: str, number: int, path: Path) -> tuple[float, float]:
    found = _TIMING.match(line)
    start = _seconds(found, "a") if found else None
    end = _seconds(found, "b") if found else None
    if start is None or end is None:
        raise CorpusError(
            f"malformed timing line {line.strip()!r}: expected " + _EXPECTED,
            path=path,
            line=number,
        )
    if end < start:
        raise CorpusError(
            f"the cue ends before it starts ({line.strip()})",
            path=path,
            line=number,
        )
    return start, end


def _seconds(found: re.Match[str] | None, prefix: str) -> float | None:
    """Seconds of one timestamp of a timing line; None when minutes or seconds exceed 59."""
    if found is None:
        return None
    hours = found.group(prefix + "h")
    minutes, seconds = int(found.group(prefix + "m")), int(found.group(prefix + "s"))
    fraction = found.group(prefix + "f") or "0"
    if seconds > 59 or (hours is not None and minutes > 59):
        return None
    whole = int(hours or 0) * 3600 + minutes * 60 + seconds
    return whole + int(fraction) / 10 ** len(fraction)


def _spans(cue: _Cue, detector: SpeakerDetector) -> list[_Span]:
    """The cue's text cut at its voice tags, cleaned, with the labels its lines start with."""
    raw = "\n".join(line for _, line in cue.lines)
    cuts: list[tuple[str | None, str]] = []
    voice: str | None = None
    position = 0
    for found in _VOICE.finditer(raw):
        cuts.append((voice, raw[position : found.start()]))
        voice = _SPACE.sub(" ", html.unescape(found.group("name") or "")).strip() or None
        position = found.end()
    cuts.append((voice, raw[position:]))
    spans: list[_Span] = []
    for name, chunk in cuts:
        lines = _clean(chunk).split("\n")
        labelled = tuple((line, None if name else _label(line, detector)) for line in lines)
        spans.append(_Span(name, cue.start, labelled))
    return spans


def _clean(text: str) -> str:
    """Text without tags, karaoke timestamps and ``{\\an8}`` codes, entities decoded."""
    return html.unescape(_TAG.sub("", _POSITIONING.sub("", text)))


def _label(line: str, detector: SpeakerDetector) -> Label | None:
    """A speaker label at the start of a line, after a dialogue dash if any."""
    dash = _DASH.match(line)
    skip = dash.end() if dash else 0
    label = detector.match(line[skip:])
    if label is None:
        return None
    return replace(label, length=skip + label.length)


def _accepted(spans: Iterable[_Span], detector: SpeakerDetector) -> set[str]:
    """Folded names of the labels taken as speakers (the others stay speech)."""
    labels = [label for span in spans for _, label in span.lines if label is not None]
    counts = Counter(fold(label.speaker) for label in labels)
    return {
        fold(label.speaker)
        for label in labels
        if label.certain
        or counts[fold(label.speaker)] >= 2
        or detector.is_known(label.speaker)
        or full_name(label.speaker)
    }


def _pieces(spans: Iterable[_Span], accepted: set[str]) -> list[tuple[str | None, float, str]]:
    """(speaker, time, text) of each stretch of speech, in order; empty ones left out."""
    pieces: list[_Piece] = []
    for span in spans:
        current = _Piece(span.voice, span.time, [])
        for line, label in span.lines:
            if label is not None and fold(label.speaker) in accepted:
                pieces.append(current)
                current = _Piece(label.speaker, span.time, [line[label.length :]])
            else:
                current.parts.append(line)
        pieces.append(current)
    joined = [(p.speaker, p.time, _SPACE.sub(" ", " ".join(p.parts)).strip()) for p in pieces]
    return [piece for piece in joined if piece[2]]


PARAGRAPH_WORDS = 120
_SENTENCE_END = re.compile(r"[.!?…»]\s*$")


def _paragraphs(texts: list[str]) -> list[str]:
    """A run of cues as paragraphs: a new one at the first sentence end past 120 words, so that
    an automatic transcript without speakers is not one segment of the whole interview."""
    paragraphs: list[str] = []
    current: list[str] = []
    words = 0
    for text in texts:
        current.append(text)
        words += len(text.split())
        if words >= PARAGRAPH_WORDS and _SENTENCE_END.search(text):
            paragraphs.append(" ".join(current))
            current, words = [], 0
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _assemble(
    pieces: list[tuple[str | None, float, str]], detector: SpeakerDetector
) -> tuple[str, tuple[Turn, ...]]:
    """The stored text (``Name : text`` blocks) and its turns, one per run of one speaker."""
    spelling: dict[str, str] = {}
    runs: list[tuple[str | None, float, list[str]]] = []
    for name, time, text in pieces:
        speaker = spelling.setdefault(fold(name), name) if name else None
        if runs and runs[-1][0] == speaker:
            runs[-1][2].append(text)
        else:
            runs.append((speaker, time, [text]))
    blocks: list[str] = []
    turns: list[Turn] = []
    offset = 0
    for speaker, time, texts in runs:
        label = f"{speaker} : " if speaker else ""
        paragraphs = []
        start = offset + len(label)
        body = ""
        for part in _paragraphs(texts):
            if body:
                body += "\n\n"
            paragraphs.append((start + len(body), start + len(body) + len(part)))
            body += part
        turns.append(Turn(speaker, detector.is_interviewer(speaker), tuple(paragraphs), time))
        blocks.append(label + body)
        offset += len(label) + len(body) + 2
    return "\n\n".join(blocks), tuple(turns)
