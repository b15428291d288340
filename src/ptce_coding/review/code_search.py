"""Finding a code of the codebook by words of its id or label, for a reviewer who moves a
suggestion to another code."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ptce_coding.codebook.model import Codebook


def find_codes(codebook: Codebook, query: str, limit: int = 10) -> list[tuple[str, str]]:
    """(id, label) of the codes whose id or label holds every word of ``query`` (accents and
    case ignored), not retired, in codebook order."""
    words = _fold(query).split()
    found = []
    for _, code in codebook.walk():
        if code.retired:
            continue
        haystack = _fold(f"{code.id} {code.label}")
        if all(word in haystack for word in words):
            found.append((code.id, code.label))
    return found[:limit]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
