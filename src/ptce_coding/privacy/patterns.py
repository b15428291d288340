"""What a pattern finds without a model: e-mail addresses, French phone numbers, URLs, and a
capitalised name after a civility title (« Mme Hurand », « c'est monsieur Dreyfus »).
Source ``pattern``."""

from __future__ import annotations

import re

from ptce_coding.privacy.detection import Detection
from ptce_coding.privacy.name_words import TITLES

_UPPER = "A-ZÀ-ÖØ-ÞŒ"
_NAME_WORD = rf"[{_UPPER}][\w'’\-]+"
# the title in any case (« monsieur Dreyfus » mid-sentence), the name capitalised
_TITLE = r"(?i:" + "|".join(re.escape(t) for t in TITLES) + r")"
PATTERNS: dict[str, re.Pattern[str]] = {
    "email": re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)"),
    "url": re.compile(r"(?<!\w)(?:https?://|www\.)[^\s<>«»\"()]+[^\s<>«»\"().,;:!?]"),
    # 06 12 34 56 78, 06.12.34.56.78, 0612345678, +33 6 12 34 56 78, +33 (0)6 12…, 0033 6…
    "phone": re.compile(
        r"(?<![\d+])(?:(?:\+|00)33[ .\-]?(?:\(0\)[ .\-]?)?[1-9]|0[1-9])(?:[ .\-]?\d{2}){4}(?!\d)"
    ),
}
# never after a number: « 3 m. Puis » is three metres
_TITLED = re.compile(rf"(?<!\w)(?<!\d\s){_TITLE}\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD})?)")


def pattern_detections(document: str, text: str) -> list[Detection]:
    """E-mail addresses, phone numbers, URLs, and names after a title (« Mme Hurand »)."""
    found = [
        Detection(document, m.start(), m.end(), m.group(), kind, "pattern")
        for kind, pattern in PATTERNS.items()
        for m in pattern.finditer(text)
    ]
    found += [
        Detection(document, m.start("name"), m.end("name"), m.group("name"), "person", "pattern")
        for m in _TITLED.finditer(text)
    ]
    return found
