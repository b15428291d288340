"""How tools count REFI-QDA positions, and their conversion to code points of our text.

REFI-QDA positions should count characters, but tools differ (see the reference notes):

- ``codepoints``: Unicode code points of the text as stored, without its BOM (the standard; our
  own files, qualitative-coding, MAXQDA);
- ``utf16``: UTF-16 code units of the text without BOM, a CRLF counting two (NVivo 12: an emoji
  counts two);
- ``codepoints+bom``: code points of the text with the byte-order marks it still holds after
  decoding (QualCoder keeps the BOM of an imported file inside its text);
- ``codepoints+crlf``: code points with every line end counted as two (one more per line end,
  as ATLAS.ti has been reported to do);
- ``codepoints-lf``: code points with every line end counted as one, even a stored CRLF.

An ``OffsetMap`` converts positions of one convention over the decoded text of a source into
code points of our normalised text (NFC, ``\\n`` line ends, no BOM), so that a selection covers
the same characters as in the tool that wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

_LINE_END = re.compile(r"\r\n|\r|\n")
_ASTRAL = re.compile(r"[\U00010000-\U0010FFFF]")
_NFC_CHUNK = re.compile(r"[\x00-\x7f][^\x00-\x7f]*|[^\x00-\x7f]+")
_MAX_EXACT_CHUNK = 1000


@dataclass(frozen=True)
class Convention:
    """A way of counting positions: unit, line ends (stored/one/two), BOMs kept or not."""

    key: str
    label: str
    utf16: bool = False
    line_end: str = "stored"
    keep_bom: bool = False

    def describe(self) -> str:
        return f"{self.key}: {self.label}"


CODEPOINTS = Convention(
    "codepoints", "Unicode code points over the text without BOM, line ends as stored"
)
UTF16 = Convention(
    "utf16", "UTF-16 code units over the text without BOM, CRLF counted as two", utf16=True
)
BOM_KEPT = Convention(
    "codepoints+bom",
    "Unicode code points over the text with the BOM kept inside it",
    keep_bom=True,
)
LINE_END_TWO = Convention(
    "codepoints+crlf", "Unicode code points, every line end counted as two", line_end="two"
)
LINE_END_ONE = Convention(
    "codepoints-lf", "Unicode code points, every line end counted as one", line_end="one"
)
CONVENTIONS = (CODEPOINTS, UTF16, BOM_KEPT, LINE_END_TWO, LINE_END_ONE)


def our_text(raw: str) -> str:
    """The text as ptce-coding stores it: no leading BOM, ``\\n`` line ends, NFC."""
    body = raw.lstrip("\ufeff")
    return unicodedata.normalize("NFC", _LINE_END.sub("\n", body))


class OffsetMap:
    """Positions of one convention over ``raw`` (decoded text) → code points of our text."""

    def __init__(self, raw: str, convention: Convention) -> None:
        body = raw.lstrip("\ufeff")
        self.base = len(raw) - len(body) if convention.keep_bom else 0
        pre = _LINE_END.sub("\n", body)
        extras: dict[int, int] = {}
        if convention.utf16:
            for match in _ASTRAL.finditer(pre):
                extras[match.start()] = 1
        ends = (match.group() for match in _LINE_END.finditer(body))
        newlines = (match.start() for match in re.finditer("\n", pre))
        if convention.line_end != "one":
            for index, kind in zip(newlines, ends, strict=False):
                width = 2 if convention.line_end == "two" else len(kind)
                if width > 1:
                    extras[index] = width - 1
        self.special = sorted(extras)
        widths = [extras[index] for index in self.special]
        self.before = list(accumulate(widths, initial=0))
        self.tool_starts = [
            self.base + index + self.before[k] for k, index in enumerate(self.special)
        ]
        self.length = self.base + len(pre) + self.before[-1]
        self.text, self._nfc = _nfc_map(pre)
        self._line_starts: list[int] | None = None

    def line_span(self, line: int) -> tuple[int, int] | None:
        """Start and end (before its ``\\n``) of line ``line`` (from 0) of our text."""
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        starts = self._line_starts
        if line >= len(starts):
            return None
        end = starts[line + 1] - 1 if line + 1 < len(starts) else len(self.text)
        return starts[line], end

    def _pre(self, position: int, side: str) -> tuple[int, bool]:
        """Index into the pre-NFC text and whether ``position`` falls between characters."""
        if position <= self.base:
            return 0, position in (0, self.base)
        k = bisect_left(self.tool_starts, position) - 1
        if k >= 0:
            start = self.tool_starts[k]
            width = 1 + self.before[k + 1] - self.before[k]
            if start < position < start + width:
                index = self.special[k]
                return (index if side == "start" else index + 1), False
            return position - self.base - self.before[k + 1], True
        return position - self.base, True

    def span(self, start: int, end: int) -> tuple[int, int, bool] | None:
        """(start, end, exact) in our text, or None when out of the text or reversed.

        ``exact`` is False when a position fell inside a character (a half of a surrogate
        pair, between CR and LF): the span is then widened to whole characters.
        """
        if start < 0 or end < start or end > self.length:
            return None
        first, exact_start = self._pre(start, "start")
        last, exact_end = self._pre(end, "end")
        if self._nfc is not None:
            first, last = self._nfc[first], self._nfc[last]
        return first, last, exact_start and exact_end


def _nfc_map(pre: str) -> tuple[str, list[int] | None]:
    """NFC of ``pre`` and, when it differs, the position in it of every index of ``pre``.

    Chunks start at ASCII characters, which never compose with what precedes them, so each
    chunk normalises on its own.
    """
    if unicodedata.is_normalized("NFC", pre):
        return pre, None
    mapping: list[int] = []
    parts: list[str] = []
    done = 0
    for match in _NFC_CHUNK.finditer(pre):
        chunk = match.group()
        normal = unicodedata.normalize("NFC", chunk)
        if normal == chunk:
            mapping.extend(range(done, done + len(chunk)))
        elif len(chunk) <= _MAX_EXACT_CHUNK:
            for cut in range(len(chunk)):
                prefix = len(unicodedata.normalize("NFC", chunk[:cut]))
                mapping.append(done + min(prefix, len(normal)))
        else:
            mapping.extend(done + (cut * len(normal)) // len(chunk) for cut in range(len(chunk)))
        parts.append(normal)
        done += len(normal)
    mapping.append(done)
    return "".join(parts), mapping
