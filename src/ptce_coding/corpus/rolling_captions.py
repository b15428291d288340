"""Rolling captions: YouTube's automatic captions, as ``yt-dlp`` downloads them (.vtt, or
.srt converted from it), scroll up one line at a time. Each cue shows the line the cue
before it ended with, then a new one, and a cue of a few milliseconds between the two shows
the new line alone again::

    00:00:00.000 --> 00:00:02.500
    bonjour<00:00:00.400><c> et</c><00:00:00.800><c> bienvenue</c>

    00:00:02.500 --> 00:00:02.510
    bonjour et bienvenue

    00:00:02.510 --> 00:00:05.000
    bonjour et bienvenue
    dans<00:00:02.900><c> ce</c><00:00:03.300><c> pôle</c>

Read cue by cue, every line would be said three times and its words counted three times.
Whisper's ``--highlight_words`` writes a cue per word, each showing its whole line with that
word underlined: the same.
A file rolls when most of its cues (half of them, two at least) start with the line the cue
before it ended with, and the line shown again is marked up otherwise at least once (its
karaoke timestamps gone, its underlined word moved): a line said twice is the same, markup
and all. In such a file, the lines a cue starts with that its previous cue showed last are
left out, so each line is read once. In a file that does not roll, a cue that repeats its
previous one is what was said twice, and is read as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise


def repeated_lines(cues: Sequence[Sequence[str]], marked: Sequence[Sequence[str]]) -> list[int]:
    """For each cue, how many of its first lines repeat what the cue before it showed last,
    when the captions roll (all zeros when they do not). ``cues`` are the cues' lines, their
    markup removed and their spaces collapsed ('' for a blank line, which is neither shown
    nor counted, and is left out with the repeated lines that come before and after it);
    ``marked`` the same lines with their markup (but a voice tag)."""
    shown = [[line for line in cue if line] for cue in cues]
    with_markup = [
        [raw for line, raw in zip(cue, raws, strict=True) if line]
        for cue, raws in zip(cues, marked, strict=True)
    ]
    pairs = list(pairwise(shown))
    rolls = [
        index
        for index, (before, after) in enumerate(pairs)
        if before and after and after[0] == before[-1]
    ]
    remarked = any(with_markup[index + 1][0] != with_markup[index][-1] for index in rolls)
    if len(rolls) < 2 or 2 * len(rolls) < len(pairs) or not remarked:
        return [0] * len(cues)
    dropped = [0]
    for lines, (before, after) in zip(cues[1:], pairs, strict=True):
        repeated = _overlap(before, after)
        dropped.append(_raw_count(lines, repeated))
    return dropped


def _overlap(before: Sequence[str], after: Sequence[str]) -> int:
    """The most lines that ``after`` starts with and ``before`` ends with."""
    for size in range(min(len(before), len(after)), 0, -1):
        if list(after[:size]) == list(before[-size:]):
            return size
    return 0


def _raw_count(lines: Sequence[str], shown: int) -> int:
    """How many of ``lines`` hold its first ``shown`` lines that are not blank, and the blank
    lines after them up to the next line shown."""
    if shown == 0:
        return 0
    seen = 0
    for index, line in enumerate(lines):
        if line:
            if seen == shown:
                return index
            seen += 1
    return len(lines)


def rolled_note(lines: int) -> tuple[str, ...]:
    """What the import says of rolling captions read each line once (nothing when none was
    left out)."""
    if not lines:
        return ()
    return (
        "rolling captions (each cue shows again the line the cue before it ended with, as "
        "YouTube's automatic captions and Whisper's highlighted words do): each line read "
        f"once, {lines} repeated line{'' if lines == 1 else 's'} left out",
    )
