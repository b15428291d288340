"""A dialogue written with a dash before each turn and no speaker label (« — Pouvez-vous
présenter le pôle ? » / « — Oui, le pôle… »): the turns, and who asks when the sides
alternate (``turns.split_turns`` reads it in a text where no label was found)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from ptce_coding.corpus.label_patterns import DIALOGUE_DASH
from ptce_coding.corpus.speakers import Label

_CLOSING = " \t\u00a0\u202f»\"”’')]"
QUESTION, ANSWER = "Question", "Réponse"  # interviewer's and interviewee's known labels


def dash_labels(lines: Sequence[tuple[int, str]]) -> dict[int, Label]:
    """The turns of a dialogue written with a dash before each turn, in a text where no label
    was found: each line's start (``lines`` are (start, line) pairs) → a label that skips
    the dash. Empty when no turn ending with « ? » is followed by another (items of a list).

    The dash says that the speaker changes, not who speaks: the labels have no name
    (``speaker`` is empty), unless the turns alternate so that one side asks and the other
    answers (``_asking_side``): then they are « Question » and « Réponse », the labels of an
    interviewer and an interviewee."""
    dashes = {
        index: found.end()
        for index, (_, line) in enumerate(lines)
        if (found := DIALOGUE_DASH.match(line))
    }
    starts = list(dashes)
    if len(starts) < 2:
        return {}
    asked = [
        " ".join(line for _, line in lines[index:end]).rstrip(_CLOSING).endswith("?")
        for index, end in zip(starts, [*starts[1:], len(lines)], strict=True)
    ]
    if not any(asked[:-1]):
        return {}
    side = _asking_side(asked)
    return {
        lines[index][0]: Label(
            "" if side is None else QUESTION if number % 2 == side else ANSWER,
            dashes[index],
            certain=True,
        )
        for number, index in enumerate(starts)
    }


def _asking_side(asked: Sequence[bool]) -> int | None:
    """The side that asks (0: the turns in even places, 1: in odd places) in a dialogue of two
    alternating speakers, ``asked`` saying which turns end with « ? »: at least two of its
    turns, and two thirds of them, are questions, at most a quarter of the other side's
    turns are, never two of them running (a third speaker, or a turn written as two, would
    swap the sides from there: their turns would mix questions and answers). None when the
    sides cannot be told apart so: whoever asks is then left unsaid."""
    for side in (0, 1):
        asks, answers = asked[side::2], asked[1 - side :: 2]
        if (
            len(answers) >= 2
            and sum(asks) >= 2
            and 3 * sum(asks) >= 2 * len(asks)
            and 4 * sum(answers) <= len(answers)
            and not any(a and b for a, b in pairwise(answers))
        ):
            return side
    return None
