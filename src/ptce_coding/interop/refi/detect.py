"""Which tool wrote a project, and which offset convention its positions follow.

The tool is read from the project's ``origin`` attribute, else guessed from hints (a user
named "ATLAS.ti", selections named ``line:N`` as qualitative-coding writes them, a text that
still starts with a BOM after decoding as QualCoder leaves it, NVivo's ``basePath``).

The convention is the tool's known one, unless selections can be checked: QualCoder and our own
files store the quoted text in the selection's ``name``, ATLAS.ti the beginning of it,
qualitative-coding the line number (``line:4``). Then every convention is tried and the one
under which most selections land on their text wins (ties go to the tool's known convention).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .offsets import (
    BOM_KEPT,
    CODEPOINTS,
    CONVENTIONS,
    LINE_END_TWO,
    UTF16,
    Convention,
    OffsetMap,
)

_ORIGINS = (
    ("nvivo", "nvivo"),
    ("maxqda", "maxqda"),
    ("atlas.ti", "atlasti"),
    ("atlasti", "atlasti"),
    ("qualcoder", "qualcoder"),
    ("taguette", "taguette"),
    ("ptce-coding", "ptce-coding"),
    ("qualitative-coding", "qualitative-coding"),
    ("qc ", "qualitative-coding"),
)
PRIORS: dict[str, tuple[Convention, ...]] = {
    "nvivo": (UTF16, CODEPOINTS),
    "qualcoder": (BOM_KEPT, CODEPOINTS),
    "atlasti": (CODEPOINTS, LINE_END_TWO),
}
LINE_NAME = re.compile(r"^line:(\d+)$")
ELISION = "[…]"
MIN_QUOTE = 3


@dataclass(frozen=True)
class Check:
    """What a selection says it covers: a quote (``kind="quote"``) or a line number."""

    source_guid: str
    start: int
    end: int
    kind: str
    value: str


def detect_tool(
    origin: str,
    user_names: list[str],
    selection_names: list[str],
    raws: list[str],
    has_base_path: bool,
) -> tuple[str, str | None]:
    """The tool key and, when it was guessed rather than named, the reason of the guess."""
    lowered = origin.lower()
    for needle, tool in _ORIGINS:
        if lowered.startswith(needle) or (len(needle) > 3 and needle in lowered):
            return tool, None
    if any(name == "ATLAS.ti" for name in user_names):
        return "atlasti", "a user is named ATLAS.ti"
    if selection_names and all(LINE_NAME.match(name) for name in selection_names):
        return "qualitative-coding", "selections are named line:N"
    if any(raw.startswith("\ufeff") for raw in raws):
        return "qualcoder", "a text keeps a byte-order mark after decoding"
    if has_base_path:
        return "nvivo", "the project has a basePath attribute"
    return "unknown", None


def check_of(source_guid: str, start: int, end: int, name: str | None) -> Check | None:
    """The check a selection's ``name`` allows, if any."""
    if not name:
        return None
    match = LINE_NAME.match(name.strip())
    if match:
        return Check(source_guid, start, end, "line", match.group(1))
    if len(squash(name)) < MIN_QUOTE:
        return None
    return Check(source_guid, start, end, "quote", name)


def squash(text: str) -> str:
    """NFC, no BOM, every run of white space as one space: how quotes are compared."""
    text = unicodedata.normalize("NFC", text.replace("\ufeff", ""))
    return " ".join(text.split())


def quote_matches(quote: str, covered: str) -> bool:
    """True when ``quote`` is the covered text, its beginning, or its ends around « […] »."""
    wanted, got = squash(quote), squash(covered)
    if wanted == got:
        return True
    at = wanted.find(ELISION)
    while at >= 0:
        head, tail = wanted[:at].strip(), wanted[at + len(ELISION) :].strip()
        if got.startswith(head) and got.endswith(tail):
            return True
        at = wanted.find(ELISION, at + 1)
    trimmed = wanted.rstrip(".…").rstrip()
    return len(trimmed) >= MIN_QUOTE and got.startswith(trimmed)


def passes(check: Check, mapping: OffsetMap) -> bool:
    """True when the selection, converted by ``mapping``, covers what ``check`` says."""
    span = mapping.span(check.start, check.end)
    if span is None:
        return False
    start, end, _ = span
    if check.kind == "line":
        line = mapping.line_span(int(check.value))
        return line is not None and start == line[0] and end in (line[1], line[1] + 1)
    return quote_matches(check.value, mapping.text[start:end])


def choose_convention(
    tool: str, checks: list[Check], mapper: Callable[[str, Convention], OffsetMap | None]
) -> tuple[Convention, int]:
    """The convention for the project and how many checks it passes.

    ``mapper(source_guid, convention)`` gives the offset map of a source (None when the source
    has no text).
    """
    prior = PRIORS.get(tool, (CODEPOINTS,))
    candidates = [*prior, *(c for c in CONVENTIONS if c not in prior)]
    if not checks:
        return candidates[0], 0
    best, best_score = candidates[0], -1
    for convention in candidates:
        score = 0
        for check in checks:
            mapping = mapper(check.source_guid, convention)
            if mapping is not None and passes(check, mapping):
                score += 1
        if score > best_score:
            best, best_score = convention, score
        if score == len(checks):
            break
    return best, best_score
