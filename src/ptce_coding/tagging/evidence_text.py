"""How a rule suggestion's evidence quotes what it rests on: the codebook text closest to the
passage, what the passage was read under, a far document (``rule_coding.py`` writes it)."""

from __future__ import annotations

from ptce_coding.tagging.far_documents import describe

CLOSEST_CHARACTERS = 90
QUESTION_CHARACTERS = 80


def quoted(text: str, width: int) -> str:
    """A text as the evidence quotes it, in “ ” quotes: one line, shortened to ``width``
    characters; no « » nor « ; » in it, which mark matched words and separate rules."""
    text = " ".join(text.replace(";", ",").replace("«", "“").replace("»", "”").split())
    if len(text) > width:
        text = text[: width - 1].rsplit(" ", 1)[0] + "…"
    return f"“{text}”"


def closest(text: str | None) -> str:
    """The closest codebook text, as the evidence shows it."""
    return f" — closest in the codebook: {quoted(text, CLOSEST_CHARACTERS)}" if text else ""


def read_under(under: tuple[str, str] | None) -> str:
    """What a segment is read under, as the evidence shows it when it counted."""
    if under is None:
        return ""
    kind, text = under
    return f" — read under the {kind} {quoted(text, QUESTION_CHARACTERS)}"


def far_note(closeness: float | None, cut: float, context: bool, nearby: int | None = None) -> str:
    """What the evidence says of a far document (``context``: the code is a context code;
    ``nearby``: the segments near the finding's where a context code was found)."""
    return "" if closeness is None else f" — {describe(closeness, cut, context, nearby)}"
