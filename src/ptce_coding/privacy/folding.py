"""How names are compared: without accents, with straight apostrophes, one character for
one (so that offsets found in a folded text hold in the text), and without capitals or extra
spaces for a name's ``key``."""

from __future__ import annotations

import unicodedata


def _fold_table() -> dict[int, str]:
    table = {ord("’"): "'", ord("‘"): "'", ord("ʼ"): "'"}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """``text`` without accents and with straight apostrophes, one character for one."""
    return text.translate(_FOLD)


def key(variant: str) -> str:
    """How a name is compared: without accents, capitals or extra spaces."""
    return " ".join(fold(variant).casefold().split())
