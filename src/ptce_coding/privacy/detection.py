"""A detection: a name or contact detail found in a document, and its sources.

Six sources, from the strongest (``SOURCES``): the project's lists (``list``), the poles
and organisations its own files name (``project``, see ``known``), speaker labels
(``speaker``), patterns (``pattern``), spaCy's French NER (``model``) and the names a
French context announces (``context``). Where two detections overlap, the stronger source
wins (``overlaps``).

Offsets are code points in the stored (NFC) text, as everywhere in ptce-coding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SOURCES = ("list", "project", "speaker", "pattern", "model", "context")
# A name is matched as whole words, and a hyphen joins words: « Anne » is not in « Anne-Sophie ».
BEFORE, AFTER = r"(?<![\w-])", r"(?![\w-])"


@dataclass(frozen=True)
class Detection:
    """A name or contact detail found in a document."""

    document: str
    start: int
    end: int
    text: str
    kind: str  # person, organisation, place, email, phone, url
    source: str  # list, speaker, pattern, model


def find_literal(text: str, name: str) -> Iterable[tuple[int, int]]:
    """Where ``name`` occurs in ``text`` as whole words (case-sensitive)."""
    pattern = re.compile(rf"{BEFORE}{re.escape(name)}{AFTER}")
    for found in pattern.finditer(text):
        yield found.start(), found.end()
