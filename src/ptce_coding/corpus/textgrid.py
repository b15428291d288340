"""Praat TextGrids (.TextGrid): speech aligned in time, one interval tier per speaker (the
CFPP2000 and ESLO corpora are distributed so).

Each interval tier is a speaker, named by the tier; point tiers (events, not speech) are left
out. The non-empty intervals of all tiers are put in time order; consecutive intervals of one
speaker make one turn, of one paragraph, written ``Name : text`` (as a Transcriber file is,
``transcriber.TurnWriter``), its time the first interval's start. Speech that overlaps another
speaker's stays in its own turn, in the order the intervals start. The file may be in UTF-8 or
UTF-16 (what Praat writes), with or without a byte order mark, long or short text format; a
binary TextGrid is refused. An interval bound that is not a number, or an interval that ends
before it starts, is refused with its tier, text and bounds; a TextGrid whose only text is in
point tiers is refused with that reason (a point tier marks instants, not turns of speech).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, NoReturn

from praatio.utilities.errors import PraatioException
from praatio.utilities.textgrid_io import INTERVAL_TIER, POINT_TIER, parseTextgridStr

from ptce_coding.base.decoding import decode
from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcriber import TurnWriter
from ptce_coding.corpus.transcript import Transcript, normalise

_IN_DECIMALS = "Write the time in seconds with a decimal point (1.5, not 1,5), or open the file in "
_IN_PRAAT = "Praat and save it again as a text file."


def _check_intervals(grid: dict[str, Any], path: Path) -> None:
    """Refuse an interval bound that is not a number, or an interval that ends before it
    starts, naming its tier, its place in the tier and its text (praatio keeps the bounds as
    written and gives no line)."""
    for tier in grid["tiers"]:
        if tier["class"] != INTERVAL_TIER:
            continue
        for start, end, label in tier["entries"]:
            text = " ".join(str(label).split())[:60]
            where = f"tier {tier['name']!r}, the interval « {text} » ({start} to {end})"
            times = [_time(bound, where, path) for bound in (start, end)]
            if times[1] < times[0]:
                raise CorpusError(
                    f"{where} ends before it starts",
                    path=path,
                    hint="Correct its bounds in Praat (the end after the start), then save it "
                    "again.",
                )


def _time(bound: object, where: str, path: Path) -> float:
    try:
        time = float(str(bound))
    except ValueError:
        time = math.nan
    if not math.isfinite(time):
        raise CorpusError(
            f"{where}: a bound is not a number: {str(bound)!r}",
            path=path,
            hint=_IN_DECIMALS + _IN_PRAAT,
        )
    return time


def _point_tiers_with_text(grid: dict[str, Any]) -> list[str]:
    return [
        str(tier["name"])
        for tier in grid["tiers"]
        if tier["class"] == POINT_TIER and any(str(label).strip() for *_, label in tier["entries"])
    ]


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
        for tier in grid["tiers"]:
            tier["entries"] = list(tier["entries"])  # praatio may give a one-pass iterator
    except (PraatioException, IndexError, KeyError, TypeError, ValueError) as exc:
        raise _unreadable(exc, path) from None
    _check_intervals(grid, path)
    try:
        intervals = sorted(
            (float(start), order, str(tier["name"]), " ".join(normalise(label).split()))
            for order, tier in enumerate(grid["tiers"])
            if tier["class"] == INTERVAL_TIER
            for start, _, label in tier["entries"]
        )
    except (IndexError, KeyError, TypeError, ValueError) as exc:
        raise _unreadable(exc, path) from None
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
        _no_text(grid, path)
    return Transcript(
        text=writer.text, turns=tuple(writer.turns), format="textgrid", encoding=encoding
    )


def _unreadable(exc: Exception, path: Path) -> CorpusError:
    return CorpusError(
        f"not a readable Praat TextGrid ({type(exc).__name__}): damaged or truncated",
        path=path,
        hint="Open it in Praat and save it again as a text file.",
    )


def _no_text(grid: dict[str, Any], path: Path) -> NoReturn:
    points = _point_tiers_with_text(grid)
    if points:
        raise CorpusError(
            "the TextGrid's text is all in point tiers ("
            + ", ".join(repr(name) for name in points)
            + "), which are not read: a point tier marks instants, not turns of speech",
            path=path,
            hint="Put the speech in interval tiers in Praat, one per speaker, then save the "
            "file again.",
        )
    raise CorpusError("the TextGrid contains no text (every interval is empty)", path=path)
