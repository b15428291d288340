"""Subtitle transcripts (.vtt WebVTT, .srt SubRip) from automatic transcription.

Whisper, Zoom, Teams, YouTube, Sonix, noScribe… write an interview as timed cues, read here by
``webvtt-py`` and ``srt``. Neither says on which line a cue is, and both pass over what must be
refused (``webvtt-py`` drops a cue with an unreadable timing; ``srt`` reads ``00:00:72,000`` as
72 s, ``00:01,000`` as a minute, takes ``00:00:02,000xx`` and a stray cue number): so the file
is cut into numbered blocks, each cue block is read by its library, and an error names its line.
A block without a timing line continues the previous cue's text (a blank line in a cue).

Each cue's speaker comes from a WebVTT voice tag (``<v Marie Dupont>…</v>``, ``<v.loud Marie>``,
several in one cue), or from a label at the start of a line of its text, as ``SpeakerDetector``
finds them (``Marie :``, ``NOM:``, ``[SPEAKER_00]``, ``Speaker 1:``, ``- Marie :`` in a dialogue
cue); a cue without either has no speaker. A one-off capitalised word before a colon
(« Bref : on a signé ») stays speech unless it is certain, known, a full name, a diarisation
label (``Speaker 3``, ``Locuteur 2``), comes back or answers an interviewer, as in
``split_turns`` (``subtitle_labels``). In a file that names no speaker, two speakers in one cue
written with a dash before each line (« - Et le pôle ? » / « - En 2012. ») are two turns, read
as a text's dialogue dashes (``dialogue_dashes``): « Question » and « Réponse » when one side
asks and the other answers, unnamed otherwise; the dash stays before its turn's text.

Markup is removed (``<i>``, ``<c.x>``, ``<00:00:01.000>``, ``{\\an8}``) and HTML entities are
decoded. Rolling captions (YouTube's automatic captions: each cue shows the line the cue before
it ended with, then a new one) are read each line once (``rolling_captions``), and said.
Consecutive cues of one speaker make one turn of one paragraph, their text joined with single
spaces (a dash opens a turn of its own); the stored text has one block per turn, ``Name :
text`` (``- text`` after a dash), separated by a blank line, and the paragraph offsets cover
the text only. A turn's time is the start of its first cue, in seconds.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import srt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.plaintext import decode
from ptce_coding.corpus.rolling_captions import repeated_lines, rolled_note
from ptce_coding.corpus.speakers import Label, SpeakerDetector, fold
from ptce_coding.corpus.subtitle_labels import CueSpan, accepted_labels, dash_turns
from ptce_coding.corpus.transcript import Transcript, Turn, normalise

Line = tuple[int, str]  # (1-based line number, line)

_SRT_STAMP = r"\d+:[0-5]\d:[0-5]\d(?:[.,]\d{3})?"
_SRT_TIMING = re.compile(rf" *{_SRT_STAMP} +--> +{_SRT_STAMP}(?:[ \t].*)?$")
_TIMING_LIKE = re.compile(r"[ \t]*\d+:\d{2}\S*[ \t]*(?:-+>?|[–—→]>?|=>)[ \t]*\d")
_WEBVTT = re.compile(r"WEBVTT(?:[ \t].*)?$")
_VTT_SKIPPED = re.compile(r"(?:NOTE(?:[ \t].*)?|STYLE[ \t]*|REGION[ \t]*)$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+(?P<name>[^>]*))?>")
_VOICE_TAG = re.compile(r"<v(?:[.\s][^>]*)?>|</v>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d+(?::\d{2}){1,2}(?:[.,]\d+)?>")
_POSITIONING = re.compile(r"\{\\[^{}]*\}")
_LINE_BREAK = re.compile(r"<[bB][rR][ \t]*/?>|\\N")  # and ``\N``, as SubStation writes it
_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")
_DASH = re.compile(r"[ \t]*[-–—][ \t]*")
_EXPECTED = {"vtt": "`00:01:02.500 --> 00:01:05.000`", "srt": "`00:01:02,500 --> 00:01:05,000`"}


@dataclass
class _Cue:
    start: float
    end: float
    lines: list[str]


@dataclass
class _Piece:
    speaker: str | None
    time: float
    parts: list[str]
    dash: str = ""  # the dialogue dash that opens its turn (``dash_turns``)


@dataclass(frozen=True)
class _Said:
    """A stretch of speech: who, when its cue starts, its text, the dash opening its turn."""

    speaker: str | None
    time: float
    text: str
    dash: str


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
    cues, rolled = _unrolled(_cues(blocks, vtt, path))
    spans = [span for cue in cues for span in _spans(cue, detector)]
    accepted = accepted_labels(spans, detector)
    pieces = _pieces(spans, accepted, dash_turns(spans, accepted))
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
        notes=rolled_note(rolled),
    )


def _blocks(text: str) -> list[list[Line]]:
    """Runs of non-blank lines, with their line numbers. As in WebVTT and both libraries, a
    timing line after the second line of a block starts a new block (with the cue number just
    before it): a cue written without the blank line before it."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            if current:
                blocks.append(current)
            current = []
            continue
        if "-->" in line and (len(current) > 1 or (current and "-->" in current[0][1])):
            carried = [current.pop()] if current[-1][1].strip().isdigit() else []
            blocks.append(current)
            current = carried
        current.append((number, line))
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
        lines = [line for _, line in block]
        if vtt and _VTT_SKIPPED.match(lines[0]):
            continue
        index = _timing_index(block, "vtt" if vtt else "srt", path)
        if index is None:
            if cues:
                cues[-1].lines.extend(lines)
            elif stray is None:
                stray = block[0][0]
            continue
        number, line = block[index]
        cue = _vtt_cue(lines) if vtt else _srt_cue(lines, index)
        if cue is None:
            raise CorpusError(
                f"malformed timing line {line.strip()!r}: expected "
                + _EXPECTED["vtt" if vtt else "srt"],
                path=path,
                line=number,
            )
        if cue.end < cue.start:
            raise CorpusError(
                f"the cue ends before it starts ({line.strip()})", path=path, line=number
            )
        cues.append(cue)
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


def _timing_index(block: list[Line], kind: str, path: Path) -> int | None:
    """Where the timing line of a block is: 0, 1 (after a cue number or identifier), None."""
    for index, (_, line) in enumerate(block[:2]):
        if "-->" in line or _TIMING_LIKE.match(line):
            return index
    number, first = block[0]
    if first.strip().isdigit():  # a cue number not followed by a timing line
        line = block[1][1].strip() if len(block) > 1 else ""
        raise CorpusError(
            f"malformed timing line {line!r} after cue number {first.strip()}: expected "
            + _EXPECTED[kind],
            path=path,
            line=number + 1,
        )
    return None


def _vtt_cue(lines: list[str]) -> _Cue | None:
    """A WebVTT cue block as webvtt-py reads it; None if it cannot (it would leave it out)."""
    try:
        captions = webvtt.from_string("WEBVTT\n\n" + "\n".join(lines)).captions
    except (MalformedCaptionError, MalformedFileError):
        return None
    if len(captions) != 1:
        return None
    start, end = captions[0].start_time, captions[0].end_time
    return _Cue(start.in_milliseconds() / 1000, end.in_milliseconds() / 1000, captions[0].lines)


def _srt_cue(lines: list[str], index: int) -> _Cue | None:
    """A SubRip cue block as srt reads it; None for a timing line that srt would read wrong
    (fields past 59, no hours, a suffix glued to the time) or could not read."""
    if not _SRT_TIMING.match(lines[index]):
        return None
    try:
        (subtitle,) = srt.parse("\n".join(lines[index:]))
    except (srt.SRTParseError, ValueError, OverflowError):  # hours past timedelta's range
        return None
    start, end = subtitle.start.total_seconds(), subtitle.end.total_seconds()
    return _Cue(start, end, subtitle.content.split("\n"))


def _unrolled(cues: list[_Cue]) -> tuple[list[_Cue], int]:
    """The cues without the lines rolling captions show again (a voice tag they open is
    kept), and how many lines that leaves out."""
    shown = [[_SPACE.sub(" ", _clean(line)).strip() for line in cue.lines] for cue in cues]
    marked = [[_VOICE_TAG.sub("", line).strip() for line in cue.lines] for cue in cues]
    dropped = repeated_lines(shown, marked)
    unrolled = []
    for cue, count in zip(cues, dropped, strict=True):
        voices = "".join(
            found.group(0) for line in cue.lines[:count] for found in _VOICE.finditer(line)
        )
        kept = cue.lines[count:]
        if voices:
            kept = [voices + (kept[0] if kept else ""), *kept[1:]]
        unrolled.append(replace(cue, lines=kept))
    removed = sum(
        1 for lines, count in zip(shown, dropped, strict=True) for line in lines[:count] if line
    )
    return unrolled, removed


def _spans(cue: _Cue, detector: SpeakerDetector) -> list[CueSpan]:
    """The cue's text cut at its voice tags, cleaned, with the labels its lines start with."""
    raw = "\n".join(cue.lines)
    cuts: list[tuple[str | None, str]] = []
    voice: str | None = None
    position = 0
    for found in _VOICE.finditer(raw):
        cuts.append((voice, raw[position : found.start()]))
        voice = _SPACE.sub(" ", html.unescape(found.group("name") or "")).strip() or None
        position = found.end()
    cuts.append((voice, raw[position:]))
    spans: list[CueSpan] = []
    for name, chunk in cuts:
        lines = _clean(chunk).split("\n")
        labelled = tuple((line, None if name else _label(line, detector)) for line in lines)
        spans.append(CueSpan(name, cue.start, labelled))
    return spans


def _clean(text: str) -> str:
    """Text without tags, karaoke timestamps and ``{\\an8}`` codes, entities decoded; a
    ``<br>`` (written by some subtitle editors) is a line break, not nothing between two
    words."""
    text = _LINE_BREAK.sub("\n", _POSITIONING.sub("", text))
    return html.unescape(_TAG.sub("", text))


def _label(line: str, detector: SpeakerDetector) -> Label | None:
    """A speaker label at the start of a line, after a dialogue dash if any."""
    dash = _DASH.match(line)
    skip = dash.end() if dash else 0
    label = detector.match(line[skip:])
    if label is None:
        return None
    return replace(label, length=skip + label.length)


def _pieces(
    spans: Iterable[CueSpan], accepted: set[str], dashes: Mapping[tuple[int, int], Label]
) -> list[_Said]:
    """Each stretch of speech, in order; empty ones left out. ``dashes``: the lines a dash
    opens a turn at (span, line); the lines after one are its speaker's, in the cues after
    it too, as in a text."""
    pieces: list[_Piece] = []
    dashed: str | None = None  # the speaker of the last turn a dash opened
    for number, span in enumerate(spans):
        current = _Piece(span.voice or dashed, span.time, [])
        for index, (line, label) in enumerate(span.lines):
            if (dash := dashes.get((number, index))) is not None:
                pieces.append(current)
                dashed = dash.speaker or None
                mark = line[: dash.length].rstrip()[-1]
                current = _Piece(dashed, span.time, [line[dash.length :]], mark)
            elif label is not None and fold(label.speaker) in accepted:
                pieces.append(current)
                current = _Piece(label.speaker, span.time, [line[label.length :]])
            else:
                current.parts.append(line)
        pieces.append(current)
    joined = [
        _Said(p.speaker, p.time, _SPACE.sub(" ", " ".join(p.parts)).strip(), p.dash) for p in pieces
    ]
    return [piece for piece in joined if piece.text]


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


def _assemble(pieces: list[_Said], detector: SpeakerDetector) -> tuple[str, tuple[Turn, ...]]:
    """The stored text (``Name : text`` blocks, ``- text`` after a dialogue dash) and its
    turns, one per run of one speaker (a dash opens a run)."""
    spelling: dict[str, str] = {}
    runs: list[tuple[str | None, float, list[str], str]] = []
    for piece in pieces:
        name = piece.speaker
        speaker = spelling.setdefault(fold(name), name) if name else None
        if runs and runs[-1][0] == speaker and not piece.dash:
            runs[-1][2].append(piece.text)
        else:
            runs.append((speaker, piece.time, [piece.text], piece.dash))
    blocks: list[str] = []
    turns: list[Turn] = []
    offset = 0
    for speaker, time, texts, dash in runs:
        label = f"{dash} " if dash else f"{speaker} : " if speaker else ""
        spans: list[tuple[int, int]] = []
        start = offset + len(label)
        body = ""
        for part in _paragraphs(texts):
            if body:
                body += "\n\n"
            spans.append((start + len(body), start + len(body) + len(part)))
            body += part
        turns.append(Turn(speaker, detector.is_interviewer(speaker), tuple(spans), time))
        blocks.append(label + body)
        offset += len(label) + len(body) + 2
    return "\n\n".join(blocks), tuple(turns)
