"""ptce-coding ids for codes read from another tool: dotted ASCII, upper case, unique, stable.

A child's id is its parent's id, a dot and a segment made from its name: accents are stripped
(« Économie locale » → ``ECONOMIE_LOCALE``, « Összefoglaló » → ``OSSZEFOGLALO``), Greek and
Cyrillic letters are transliterated, and a name that cannot be written in ASCII letters (Chinese,
say) gives ``CODE_`` and the first 8 hex digits of the code's GUID. Collisions get ``_2``, ``_3``…
The same codes in the same order always get the same ids.
"""

from __future__ import annotations

import re
import unicodedata

from .model import RefiCode

MAX_SEGMENT = 40

_LATIN = {
    "Œ": "OE",
    "œ": "oe",
    "Æ": "AE",
    "æ": "ae",
    "ß": "ss",
    "ẞ": "SS",
    "Ø": "O",
    "ø": "o",
    "Đ": "D",
    "đ": "d",
    "Ð": "D",
    "ð": "d",
    "Ł": "L",
    "ł": "l",
    "Þ": "TH",
    "þ": "th",
    "ı": "i",
    "Ħ": "H",
    "ħ": "h",
    "Ŋ": "NG",
    "ŋ": "ng",
    "ĸ": "q",
    "ſ": "s",
}
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        [
            "A",
            "V",
            "G",
            "D",
            "E",
            "Z",
            "I",
            "TH",
            "I",
            "K",
            "L",
            "M",
            "N",
            "X",
            "O",
            "P",
            "R",
            "S",
            "S",
            "T",
            "Y",
            "F",
            "CH",
            "PS",
            "O",
        ],
        strict=True,
    )
)
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўђјљњћџѓќѕ",
        [
            "A",
            "B",
            "V",
            "G",
            "D",
            "E",
            "E",
            "ZH",
            "Z",
            "I",
            "Y",
            "K",
            "L",
            "M",
            "N",
            "O",
            "P",
            "R",
            "S",
            "T",
            "U",
            "F",
            "KH",
            "TS",
            "CH",
            "SH",
            "SHCH",
            "",
            "Y",
            "",
            "E",
            "YU",
            "YA",
            "I",
            "YI",
            "YE",
            "G",
            "U",
            "DJ",
            "J",
            "LJ",
            "NJ",
            "C",
            "DZ",
            "G",
            "K",
            "DZ",
        ],
        strict=True,
    )
)


def _transliterate_char(char: str) -> str | None:
    """ASCII for one character ('' for separators and marks), None when impossible."""
    if char.isascii():
        return char.upper() if char.isalnum() else ""
    if char in _LATIN:
        return _LATIN[char].upper()
    lower = char.lower()
    base = unicodedata.normalize("NFKD", lower)[:1]
    for table in (_GREEK, _CYRILLIC):
        if lower in table:
            return table[lower]
        if base in table:
            return table[base]
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
    )
    if stripped and stripped.isascii():
        return "".join(c.upper() if c.isalnum() else "" for c in stripped) or ""
    category = unicodedata.category(char)
    if category[0] in "LN":
        return None
    return ""


def name_segment(name: str) -> str | None:
    """An id segment made from a code name, or None when it cannot be written in ASCII."""
    words: list[str] = []
    current = ""
    for char in unicodedata.normalize("NFC", name):
        ascii_ = _transliterate_char(char)
        if ascii_ is None:
            return None
        separator = not char.isalnum() and not unicodedata.combining(char)
        if separator:
            if current:
                words.append(current)
            current = ""
        else:
            current += ascii_
    if current:
        words.append(current)
    segment = "_".join(words)
    if len(segment) > MAX_SEGMENT:
        cut = segment[:MAX_SEGMENT]
        segment = cut.rsplit("_", 1)[0] if "_" in cut else cut
    return segment or None


def _fallback(code: RefiCode) -> str:
    digits = re.sub(r"[^0-9a-fA-F]", "", code.guid)
    return "CODE_" + (digits[:8].upper() or "X")


def _unique(candidate: str, taken: set[str]) -> str:
    if candidate not in taken:
        return candidate
    number = 2
    while f"{candidate}_{number}" in taken:
        number += 1
    return f"{candidate}_{number}"


def code_ids(codes: list[RefiCode], existing: set[str]) -> dict[str, str]:
    """The ptce-coding id of every code, by GUID.

    A code whose description carries a valid id keeps it (unless another code took it first);
    the others get one made from their name under their parent's id, unique among ``existing``
    and the ids given here.
    """
    taken = set(existing)
    kept = {code.guid for code in codes if code.code_id}
    taken.update(code.code_id for code in codes if code.code_id)
    ids: dict[str, str] = {}
    parents = {code.guid: code.parent_guid for code in codes}
    own_seen: set[str] = set()
    for code in _parents_first(codes):
        if code.guid in kept and code.code_id and code.code_id not in own_seen:
            own_seen.add(code.code_id)
            ids[code.guid] = code.code_id
            continue
        segment = name_segment(code.name) or _fallback(code)
        parent = parents.get(code.guid)
        if parent is not None and parent in ids:
            candidate = f"{ids[parent]}.{segment}"
        else:
            candidate = segment if segment[0].isalpha() else f"CODE_{segment}"
        candidate = _unique(candidate, taken)
        taken.add(candidate)
        ids[code.guid] = candidate
    return ids


def _parents_first(codes: list[RefiCode]) -> list[RefiCode]:
    """The codes in their order, each moved after its parent when the list has it later."""
    by_guid = {code.guid: code for code in codes}
    ordered: list[RefiCode] = []
    placed: set[str] = set()
    for code in codes:
        chain: list[RefiCode] = []
        current: RefiCode | None = code
        while current is not None and current.guid not in placed and current not in chain:
            chain.append(current)
            parent = current.parent_guid
            current = by_guid.get(parent) if parent is not None else None
        for item in reversed(chain):
            placed.add(item.guid)
            ordered.append(item)
    return ordered
