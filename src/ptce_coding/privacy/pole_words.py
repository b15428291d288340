"""Which parts of a pole's name may stand for the pole.

A pole's name is a head noun (« Pôle », « Collectif », « Les Grands Ateliers ») and what
sets it apart. When one word does (« Collectif de la Biscuiterie »), the interviews may name
the pole by it (« la Biscuiterie »); when several do (« Pôle Bois & Habitat du Val de
Morvanne »), each alone names something else (the wood, the valley) or nothing, and the pole's
short forms are the runs of them the interviews write (« Bois & Habitat », ``known``). The
name up to its first « de » (« Pôle Ressources » of « Pôle Ressources du Val de Lisonne »)
names the pole too.
"""

from __future__ import annotations

import re

from ptce_coding.privacy.name_words import GENERIC, PRENOMINAL

# the head words of a pole's name, which name no pole by themselves
HEADS = {"pôle", "pole", "ptce", "territorial", "territoriale", "coopération", "économique"}
_ARTICLE_WORDS = {"le", "la", "les", "l"}
# the « de » before a complement of a name: « du Val de Lisonne », « de Lille »
_COMPLEMENT = re.compile(r"\s+(?:de\s+la|de|du|des)\s+|\s+d['’]")


def pole_words(name: str) -> list[str]:
    """The words of a pole's name that may stand for it alone: its head noun (« Collectif »
    of « Collectif de la Biscuiterie », « Mains » of « Les Petites Mains ») and the word that
    sets it apart, when one word does (« Biscuiterie »). When several do (« Bois & Habitat du
    Val de Morvanne », « Ressources du Val de Lisonne »), they make a name of their own whose
    words alone name something else (the wood, the river: « la clinique de la Lisonne ») or
    nothing: its short forms are the runs of it the interviews write (``known``).
    Never a head word of the field (« Pôle »), an adjective written before its noun
    (« Grands » of « Les Grands Ateliers »: « les Grands projets » names no pole) nor a
    generic name."""
    words = [w for w in re.findall(r"[^\W\d_]\w*", name) if w[0].isupper()]
    while words and words[0].casefold() in _ARTICLE_WORDS:
        words.pop(0)
    head = words[:2] if words and words[0].casefold() in PRENOMINAL else words[:1]
    left_out = HEADS | GENERIC | PRENOMINAL
    rest = [w for w in words[len(head) :] if w.casefold() not in left_out]
    candidates = [*head, *(rest if len(rest) == 1 else [])]
    return [w for w in candidates if len(w) >= 4 and w.casefold() not in left_out]


def leading_part(name: str) -> str | None:
    """« Pôle Ressources » of « Pôle Ressources du Val de Lisonne », « Les Grands Ateliers »
    of « Les Grands Ateliers de Lille »: the name up to its first « de », when it holds a
    word besides its head that is no head word of the field (« Pôle Territorial » names no
    pole)."""
    found = _COMPLEMENT.search(name)
    if found is None:
        return None
    part = name[: found.start()]
    words = re.findall(r"[^\W\d_]\w*", part)
    left_out = HEADS | GENERIC | PRENOMINAL | _ARTICLE_WORDS
    if len(part.split()) < 2 or not any(
        w[0].isupper() and w.casefold() not in left_out for w in words[1:]
    ):
        return None
    return part
