"""Praat TextGrids (.TextGrid): speech aligned in time, one interval tier per speaker (the
CFPP2000 and ESLO corpora are distributed so).

Each interval tier is a speaker, named by the tier; point tiers (events, not speech) are left
out. The non-empty intervals of all tiers are put in time order; consecutive intervals of one
speaker make one turn, of one paragraph, written ``Name : text`` (as a Transcriber file is,
``transcriber.TurnWriter``), its time the first interval's start. Speech that overlaps another
speaker's stays in its own turn, in the order the intervals start. The file may be in UTF-8 or
UTF-16 (what Praat writes), with or without a byte order mark, long or short text format; a
binary TextGrid is refused.
"""

from __future__ import annotations

from pathlib import Path

from praatio.utilities.errors import PraatioException
from praatio.utilities.textgrid_io import INTERVAL_TIER, parseTextgridStr

from ptce_coding.base.decoding import decode
from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcriber import TurnWriter
from ptce_coding.corpus.transcript import Transcript, normalise


def read_textgrid(path: Path, detector: SpeakerDetector) -> Transcript:
    raw, encoding = decode(path.read_bytes(), path)
    if "TextGrid" not in raw[:200]:
        raise CorpusError(
            "not a Praat TextGrid: its first lines do not say « TextGrid »",
            path=path,
            hint="Save it from Praat as a text file (Save as text file…), not a binary one.",
        )
    try:
        grid = parseTextgridStr(raw.lstrip("\ufeff"), includeEmptyIntervals=False)
        intervals = sorted(
            (float(start), order, str(tier["name"]), " ".join(normalise(label).split()))
            for order, tier in enumerate(grid["tiers"])
            if tier["class"] == INTERVAL_TIER
            for start, _, label in tier["entries"]
        )
    except (PraatioException, IndexError, KeyError, TypeError, ValueError) as exc:
        raise CorpusError(
            f"not a readable Praat TextGrid ({type(exc).__name__}): damaged or truncated",
            path=path,
            hint="Open it in Praat and save it again as a text file.",
        ) from None
    writer = TurnWriter(detector)
    speaker, time = "", None
    words: list[str] = []
    for start, _, name, label in intervals:
        if not label:
            continue
        if name != speaker and words:
            writer.add([speaker], [" ".join(words)], time)
            words = []
        if not words:
            speaker, time = name, start
        words.append(label)
    if words:
        writer.add([speaker], [" ".join(words)], time)
    if not writer.turns:
        raise CorpusError("the TextGrid contains no text (every interval is empty)", path=path)
    return Transcript(
        text=writer.text, turns=tuple(writer.turns), format="textgrid", encoding=encoding
    )
