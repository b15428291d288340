"""Whose each part of an overlap is, carried in a .qdpx beside the text that does not say it.

A Transcriber (or TextGrid) turn where several speak at once is stored as one block,
« A + B : part / part » (``corpus.transcriber.TurnWriter``), and each part is a turn of its
own speaker: what the interviewer says inside an overlap is an interviewer turn, not counted
and not coded. The text names the block's speakers, not whose each part is; read again from
the text alone, as an import reads a source, the block is one turn of « A + B », whose
interviewer words are counted. So the export writes, for each document with such blocks, a
source variable ``VARIABLE``: the turns inside its blocks as « start-end speaker », separated
by « ; », in code points of the text (as the selections are). The import splits the blocks it
reads as that value says, once checked against the text; a value that does not fit the text
(edited in another tool) is left out, with a warning, and the blocks stay as the text reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ptce_coding.corpus.transcriber import PART_SEPARATOR, SPEAKER_JOINER
from ptce_coding.corpus.transcript import Turn

VARIABLE = "overlap_turns"
_LABEL_END = " : "  # after a block's label, as TurnWriter writes it
_ITEM = re.compile(r"^(\d+)-(\d+) (\S.*)$", re.S)


@dataclass(frozen=True)
class _Block:
    """An overlap block of the text: its label (« A + B ») and where its parts are."""

    label: str
    start: int  # after « A + B : »
    end: int  # the end of its line

    @property
    def names(self) -> list[str]:
        return self.label.split(SPEAKER_JOINER)


def _block_at(text: str, offset: int) -> _Block | None:
    """The overlap block whose parts ``offset`` is in: its line starts with a label of several
    speakers (« A + B : »); None when the line is no such block."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    label, separator, _ = line.partition(_LABEL_END)
    if not separator or SPEAKER_JOINER not in label:
        return None
    start = line_start + len(label) + len(_LABEL_END)
    return _Block(label, start, line_start + len(line)) if offset >= start else None


def overlap_turns(text: str, segments: Iterable[tuple[int, int, str | None]]) -> str:
    """The ``VARIABLE`` value of a document (its ``text`` and stored ``segments``: start,
    end, speaker): the segments of each overlap block some part of which is not the turn of
    all its speakers; '' when there is none (the text says it all)."""
    blocks: dict[int, list[tuple[int, int, str]]] = {}
    labels: dict[int, str] = {}
    for start, end, speaker in segments:
        block = _block_at(text, start)
        if block is None or not speaker or end > block.end:
            continue
        if speaker != block.label and speaker not in block.names:
            continue
        blocks.setdefault(block.start, []).append((start, end, speaker))
        labels[block.start] = block.label
    runs = [
        run
        for at, items in blocks.items()
        if any(speaker != labels[at] for _, _, speaker in items)
        for run in items
    ]
    return "; ".join(f"{start}-{end} {speaker}" for start, end, speaker in sorted(runs))


def split_overlaps(turns: Sequence[Turn], text: str, value: object) -> tuple[tuple[Turn, ...], str]:
    """``turns`` (read from ``text``) with each overlap block ``value`` (a ``VARIABLE``
    value) describes split into its parts' turns; and what is wrong ('' when nothing) when
    the value does not fit the text or the turns read: then ``turns`` as they are."""
    by_block, problem = _runs(str(value), text)
    if problem:
        return tuple(turns), problem
    found: list[Turn] = []
    placed: set[_Block] = set()
    for turn in turns:
        pieces: list[Turn] = []
        pending: list[tuple[int, int]] = []  # the turn's paragraphs outside the blocks
        for start, end in turn.paragraphs:
            block = next((b for b in by_block if start <= b.start and b.end <= end), None)
            if block is None or _words(text, start, block.start) or _words(text, block.end, end):
                pending.append((start, end))
                continue
            if pending:
                pieces.append(replace(turn, paragraphs=tuple(pending)))
                pending = []
            pieces.extend(
                Turn(speaker, turn.interviewer, ((run_start, run_end),))
                for run_start, run_end, speaker in by_block[block]
            )
            placed.add(block)
        if pending:
            pieces.append(replace(turn, paragraphs=tuple(pending)))
        # the turn's time is its first piece's
        found.extend(replace(p, time=turn.time if i == 0 else None) for i, p in enumerate(pieces))
    missed = [block.label for block in by_block if block not in placed]
    if missed:
        return tuple(turns), (
            f"{len(missed)} overlap block(s) are not read as turns of their own (« {missed[0]} »)"
        )
    return tuple(found), ""


def _words(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a letter or a digit (not only spaces, « / »)."""
    return any(character.isalnum() for character in text[start:end])


def _runs(value: str, text: str) -> tuple[dict[_Block, list[tuple[int, int, str]]], str]:
    """The turns a ``VARIABLE`` value gives (start, end, speaker), by overlap block, checked
    against ``text``: each inside an overlap block, spoken by its speakers, none overlapping
    another, the rest of each block only the separators between its parts; or what does not
    fit."""
    runs: list[tuple[int, int, str]] = []
    for item in filter(None, (part.strip() for part in value.split(";"))):
        found = _ITEM.match(item)
        if found is None:
            return {}, f"{item!r} is not « start-end speaker »"
        runs.append((int(found.group(1)), int(found.group(2)), found.group(3).strip()))
    runs.sort()
    covered: dict[_Block, list[tuple[int, int, str]]] = {}
    for index, (start, end, speaker) in enumerate(runs):
        block = _block_at(text, start) if 0 <= start < end <= len(text) else None
        if block is None or end > block.end:
            return {}, f"{start}-{end} is not inside an overlap block of the text"
        if speaker != block.label and speaker not in block.names:
            return {}, f"{start}-{end}: {speaker!r} is not a speaker of « {block.label} »"
        if index and start < runs[index - 1][1]:
            return {}, f"{start}-{end} overlaps the turn before it"
        covered.setdefault(block, []).append((start, end, speaker))
    for block, spans in covered.items():
        at = block.start
        for start, end, _ in [*spans, (block.end, block.end, "")]:
            gap = text[at:start]
            if _words(text, at, start) or (gap.strip() and gap.strip() != PART_SEPARATOR.strip()):
                return {}, f"« {block.label} » holds words at {at}-{start} that no turn has"
            at = end
    return covered, ""
