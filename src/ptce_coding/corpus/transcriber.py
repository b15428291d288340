"""Transcriber transcripts (.trs): XML with speakers, topics, sections and timed turns.

Each ``<Turn>`` with text becomes one turn of one paragraph (``Sync`` marks are time codes,
not paragraph breaks), written ``Name : text`` and separated from the next by a blank line.
Its text is the turn's text nodes joined with single spaces, whitespace collapsed; the
``Sync``, ``Who``, ``Event``, ``Comment`` and ``Background`` elements are dropped (only the
text after them is kept), and Transcriber's typed conventions (``+``, ``///``, ``(rires)``,
``[rire]``…) stay as they are. A turn spoken by several speakers at once
(``speaker="spk1 spk2"``) is written as one block, labelled ``"Name1 + Name2 : "``, the text
of its ``<Who nb=…/>`` parts following in document order, separated by `` / `` (a part with
no text is left out); but each part is a turn of its own speaker (``nb`` is the speaker's
place in the ``speaker`` attribute), so that what the interviewer says inside an overlap is
an interviewer turn, left out of the words counted and of what the taggers code, as their
own turns are. Text before the turn's first ``Who`` (or in a turn without ``Who``) is the
turn of all its speakers, an interviewer's only when all are. Only
``<Trans>/<Episode>/<Section>/<Turn>`` is read, as in ``trans-14.dtd``; the DTD is never
loaded and nothing is fetched.

The bytes are read in the encoding the XML declaration names, but for one case: a file that
declares an encoding other than UTF (Transcriber writes ISO-8859-1) and whose bytes are UTF-8
holding accents is read as UTF-8, and the transcript says so (``Transcript.notes``): a UTF-8
editor saves a .trs so, its declaration unchanged, and reading it as declared turns every
accent into two characters (« OrlÃ©ans »). A file that mixes the two is refused with its lines.
"""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ptce_coding.base.decoding import decode
from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript, Turn, normalise

SPEAKER_JOINER = " + "
PART_SEPARATOR = " / "
_TRANS_ATTRIBUTES = ("audio_filename", "scribe", "version_date")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_WHERE = re.compile(r",? line \d+, column (\d+)\s*$")
_DECLARED = re.compile(
    rb"""(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']"""
)


@dataclass
class TurnWriter:
    """Builds the stored text turn by turn, keeping the offsets of each turn's text."""

    detector: SpeakerDetector
    blocks: list[str] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    offset: int = 0

    def add(
        self,
        names: list[str],
        parts: list[str],
        time: float | None,
        whose: Sequence[int | None] = (),
    ) -> None:
        """One ``<Turn>`` (or run of intervals) of ``names`` with the text ``parts``; in a
        turn of several speakers, ``whose[i]`` is the index in ``names`` of the speaker of
        part i (None, or no ``whose``: all of them). Each run of parts of one speaker is a
        turn of its own; the turn's ``time`` goes to the first."""
        kept = []  # (text, its speakers: one name, or all the turn's)
        for index, part in enumerate(parts):
            who = whose[index] if index < len(whose) else None
            if part:
                kept.append((part, [names[who]] if who is not None and len(names) > 1 else names))
        if not kept:
            return
        speaker = SPEAKER_JOINER.join(names) or None
        label = f"{speaker} : " if speaker else ""
        start = self.offset + len(label)
        body = PART_SEPARATOR.join(part for part, _ in kept)
        runs: list[tuple[list[str], int, int]] = []  # (speakers, start, end) of each run
        for part, own in kept:
            if runs and runs[-1][0] == own:
                runs[-1] = (own, runs[-1][1], start + len(part))
            else:
                runs.append((own, start, start + len(part)))
            start += len(part) + len(PART_SEPARATOR)
        for index, (own, begin, end) in enumerate(runs):
            # speech of several at once is an interviewer's only when all of them are:
            # overlapping speech with an interviewee (no Who to part it) is the interviewee's
            interviewer = bool(own) and all(self.detector.is_interviewer(name) for name in own)
            self.turns.append(
                Turn(
                    SPEAKER_JOINER.join(own) or None,
                    interviewer,
                    ((begin, end),),
                    time if index == 0 else None,
                )
            )
        self.blocks.append(label + body)
        self.offset += len(label) + len(body) + 2

    @property
    def text(self) -> str:
        return "\n\n".join(self.blocks)


def read_transcriber(path: Path, detector: SpeakerDetector) -> Transcript:
    """Read a Transcriber ``.trs`` file; CorpusError says why when it cannot be read."""
    root, notes = _parse(path)
    speakers = _speakers(root)
    topics = {
        topic.get("id", ""): _clean(topic.get("desc", "")) or topic.get("id", "")
        for topic in root.iterfind("Topics/Topic")
    }
    writer = TurnWriter(detector)
    sections: list[dict[str, Any]] = []
    for section in root.iterfind("Episode/Section"):
        first = len(writer.turns)
        for turn in section.iterfind("Turn"):
            names = _turn_speakers(turn, speakers, path)
            parts, whose = _turn_parts(turn, path, len(names))
            writer.add(names, parts, _seconds(turn.get("startTime")), whose)
        sections.append(_section(section, topics, first, len(writer.turns)))
    if not writer.turns:
        raise CorpusError(
            "the transcription contains no text (no turn has any words)",
            path=path,
            hint="Check in Transcriber that the file is the transcribed one, not an empty "
            "segmentation.",
        )
    return Transcript(
        text=writer.text,
        turns=tuple(writer.turns),
        format="trs",
        encoding=(root.getroottree().docinfo.encoding or "utf-8").lower(),
        attributes=_attributes(root, speakers, sections),
        notes=notes,
    )


def _parse(path: Path) -> tuple[etree._Element, tuple[str, ...]]:
    """The root ``<Trans>``, and what the transcript must say about how it was read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read the file: {exc.strerror}", path=path) from None
    declared = _utf8_declared_otherwise(data, path)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        encoding="utf-8" if declared else None,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, path) from None
    if root.tag != "Trans":
        raise CorpusError(
            f"not a Transcriber file: the root element is <{etree.QName(root).text}>, not <Trans>",
            path=path,
            line=root.sourceline,
            hint="Transcriber .trs files start with <Trans> after the XML declaration.",
        )
    if not declared:
        return root, ()
    return root, (
        f"read as UTF-8: its XML declaration says {declared}, but its bytes are UTF-8 (as a "
        "UTF-8 text editor saves it)",
    )


def _utf8_declared_otherwise(data: bytes, path: Path) -> str | None:
    """The encoding the XML declaration names when it is no UTF (ISO-8859-1, Windows-1252…)
    but the bytes hold accents written in UTF-8; None when the declaration holds. Bytes that
    mix UTF-8 and another encoding are refused (``decode``): whichever encoding they are read
    in, part of the accents would be garbled."""
    found = _DECLARED.match(data)
    if found is None or data.isascii():
        return None
    name = found.group(1).decode("ascii")
    try:
        if codecs.lookup(name).name.startswith("utf"):
            return None
    except LookupError:
        return None  # lxml says it does not know this encoding
    _, read_as = decode(data, path)
    return name if read_as.startswith("utf-8") else None


def _syntax_error(exc: etree.XMLSyntaxError, path: Path) -> CorpusError:
    line = exc.lineno or None
    message = (exc.msg or str(exc)).strip()
    found = _WHERE.search(message)
    if found:
        message = f"{message[: found.start()]} (column {found.group(1)})"
    where = f" at line {line}" if line else ""
    hint = "Open the file in Transcriber (or an XML editor) and save it again."
    if "encoding" in message.lower():
        hint = (
            "The bytes of the file do not match the encoding named in its XML declaration "
            '(<?xml … encoding="…"?>): fix the declaration or re-encode the file.'
        )
    return CorpusError(f"malformed XML{where}: {message}", path=path, line=line, hint=hint)


def _clean(text: str) -> str:
    """NFC, whitespace runs collapsed to one space, trimmed."""
    return " ".join(normalise(text).split())


def _seconds(value: str | None) -> float | None:
    try:
        seconds = float(value) if value is not None else math.nan
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) else None


def _speakers(root: etree._Element) -> dict[str, str]:
    """Speaker id -> name (the id when the name is empty)."""
    speakers: dict[str, str] = {}
    for speaker in root.iterfind("Speakers/Speaker"):
        ident = speaker.get("id")
        if ident:
            speakers[ident] = _clean(speaker.get("name", "")) or ident
    return speakers


def _turn_speakers(turn: etree._Element, speakers: dict[str, str], path: Path) -> list[str]:
    names: list[str] = []
    for ident in (turn.get("speaker") or "").split():
        if ident not in speakers:
            known = ", ".join(speakers) or "none"
            raise CorpusError(
                f"a <Turn> refers to the unknown speaker id {ident!r}",
                path=path,
                line=turn.sourceline,
                hint=f"Speaker ids declared in <Speakers>: {known}.",
            )
        names.append(speakers[ident])
    return names


def _turn_parts(
    turn: etree._Element, path: Path, speakers: int
) -> tuple[list[str], list[int | None]]:
    """The turn's text, one string per ``<Who>`` part (a single one without ``Who``), and
    whose each part is: the index of its speaker among the turn's ``speakers`` when there
    are several (``<Who nb="2"/>``: the second), else None (the text before the first
    ``Who`` is None too: all of them)."""
    parts: list[list[str]] = [[turn.text or ""]]
    whose: list[int | None] = [None]
    for child in turn:
        if child.tag is etree.Entity:
            raise CorpusError(
                f"the entity reference {child.text} is not defined by the file",
                path=path,
                line=child.sourceline or turn.sourceline,
                hint="Replace it with the character it stands for (Transcriber files are "
                "read without their DTD).",
            )
        if child.tag == "Who":
            parts.append([])
            whose.append(_who(child, speakers, path) if speakers > 1 else None)
        parts[-1].append(child.tail or "")
    return [_clean(" ".join(pieces)) for pieces in parts], whose


def _who(who: etree._Element, speakers: int, path: Path) -> int:
    """The index of the speaker a ``<Who nb="…"/>`` gives the words after it, in a turn of
    ``speakers`` speakers; refused when it names none of them (whose words would they be?)."""
    number = (who.get("nb") or "").strip()
    if number.isdigit() and 1 <= int(number) <= speakers:
        return int(number) - 1
    said = f'<Who nb="{number}">' if number else "a <Who> without nb"
    raise CorpusError(
        f"{said} in a turn of {speakers} speakers: nb must be 1 to {speakers}, the place of "
        "the speaker in the turn's speaker attribute",
        path=path,
        line=who.sourceline,
        hint="Open the file in Transcriber and set who speaks in this overlapping turn, or fix "
        "the nb of this <Who> in an XML editor.",
    )


def _section(
    section: etree._Element, topics: dict[str, str], first: int, end: int
) -> dict[str, Any]:
    topic = section.get("topic")
    return {
        "type": section.get("type"),
        "topic": topics.get(topic, topic) if topic else None,
        "start": _seconds(section.get("startTime")),
        "end": _seconds(section.get("endTime")),
        "turns": [first, end],
    }


def _attributes(
    root: etree._Element, speakers: dict[str, str], sections: list[dict[str, Any]]
) -> dict[str, Any]:
    topics = [section["topic"] for section in sections if section["topic"]]
    ends = [section["end"] for section in sections]
    ends += [_seconds(turn.get("endTime")) for turn in root.iterfind("Episode/Section/Turn")]
    known = [end for end in ends if end is not None]
    attributes: dict[str, Any] = {
        "speakers": dict(speakers),
        "topics": list(dict.fromkeys(topics)),
        "sections": sections,
        "duration": max(known) if known else None,
    }
    for name in _TRANS_ATTRIBUTES:
        if root.get(name):
            attributes[name] = root.get(name)
    if root.get(_XML_LANG):
        attributes["language"] = root.get(_XML_LANG)
    return attributes
