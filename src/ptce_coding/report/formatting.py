"""French numbers, dates, counts and spacing, the same in every renderer of the report.

One rule for numbers (``fr_number``): a decimal comma, thousands grouped from 1 000 by a
narrow no-break space (« 4 127 », « 20 342 »), a true minus; the charts write theirs with the
same ``base.charts.french_number``. One rule for dates (``fr_date``): « 7 décembre 2026 »,
« 1er mars 2025 ». One rule for the spaces of French punctuation (``typeset``, applied to the
HTML and Word documents as a whole): a no-break space before « : », a narrow no-break space
before « ; », « ! », « ? » and inside « », so that none of them starts or ends a line alone.
One rule for a name in a French sentence (``names_agreeing``): the word before it agrees
with it, « le codage d'alice », as before a pseudonym (``privacy.articles``). One rule for a
label inside a sentence (``lower_first``): in lower case, but an acronym or a proper noun
(« Europe et fonds européens »: ``proper_nouns``, from the codebook's own texts).
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Iterable
from datetime import date

import pandas as pd

from ptce_coding.base.charts import french_number
from ptce_coding.privacy.articles import determiner_edit

NBSP = "\u00a0"  # espace insécable: before « : »
NNBSP = "\u202f"  # espace fine insécable: thousands, « 12 % », before ; ! ?, inside « »
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

_SPACES = "[ \t\u00a0\u202f]+"  # spaces on one line, ordinary or already no-break
_BEFORE_COLON = re.compile(f"{_SPACES}(?=:)")
_BEFORE_MARK = re.compile(f"{_SPACES}(?=[;!?])")
_AFTER_OPENING = re.compile(f"«{_SPACES}")
_BEFORE_CLOSING = re.compile(f"{_SPACES}»")


def fr_number(value: object, decimals: int | None = None) -> str:
    """A number in French: « 4 127 », « 12,5 », « −0,25 ». An integer never has decimals (a
    count); a float has ``decimals`` of them (None: none when it is whole, else one). Missing
    (None, NaN, pd.NA) → « — »; a boolean → « oui »/« non »; anything else as its text."""
    if value is None or value is pd.NA:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if not isinstance(value, str) and hasattr(value, "item"):  # a numpy scalar
        value = value.item()
        if isinstance(value, bool):
            return "oui" if value else "non"
    if not isinstance(value, numbers.Real):
        return str(value)
    number = float(value)
    if math.isnan(number):
        return "—"
    if isinstance(value, numbers.Integral):
        decimals = 0
    elif decimals is None:
        decimals = 0 if number.is_integer() else 1
    return french_number(number, decimals)


def fr_decimal(value: float, decimals: int = 1) -> str:
    """« 12,5 », « −0,25 »: always ``decimals`` decimals, a decimal comma and a true minus,
    thousands not grouped (the shares, test values and inertia of the comparison chapter)."""
    return f"{value:.{decimals}f}".replace(".", ",").replace("-", "−")


def fr_plural(count: int, word: str) -> str:
    """``word`` with an s from 2 on (French: « 0 pôle », « 1 pôle », « 2 pôles »)."""
    return word if abs(count) < 2 else f"{word}s"


def fr_count(
    count: int,
    singular: str,
    plural: str | None = None,
    number: Callable[[int], str] = fr_number,
) -> str:
    """« 1 pôle », « 2 pôles », « 0 pôle » (French: under 2, the singular); ``plural`` when
    it is not ``singular`` and an s (« entretiens semi-directifs »); the count written by
    ``number``."""
    noun = singular if abs(count) < 2 else plural or f"{singular}s"
    return f"{number(count)} {noun}"


def fr_date(iso: object) -> str:
    """« 2026-12-07 » (or a timestamp that starts with it) → « 7 décembre 2026 », the 1st
    as « 1er »; what is not such a date as it is."""
    text = str(iso)
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def typeset(text: str) -> str:
    """``text`` with the spaces of French punctuation made unbreakable: a no-break space
    before « : », a narrow one before « ; », « ! », « ? », after « « » and before « » ».
    Only spaces already there change (on one line); no word, and no other character."""
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _BEFORE_MARK.sub(NNBSP, text)
    text = _AFTER_OPENING.sub("«" + NNBSP, text)
    return _BEFORE_CLOSING.sub(NNBSP + "»", text)


_WORD = re.compile(r"[^\W\d_][\w-]*")  # « l'Europe »: « l », then « Europe »
_SENTENCE_OPENERS = frozenset(".!?:;«(\n")  # a capital after these may be a sentence's


def proper_nouns(texts: Iterable[str]) -> frozenset[str]:
    """The words ``texts`` (a codebook's labels and definitions) write with a capital inside
    a sentence and never without one: « État », « Europe », « Région », which a label keeps
    when it is put inside a sentence (``lower_first``). A word at a sentence's start says
    nothing (« Relations avec… »); one written in lower case anywhere is a common noun."""
    capital: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for found in _WORD.finditer(text):
            word = found.group()
            before = text[: found.start()].rstrip(" \u00a0\u202f")
            if word[:1].islower():
                lower.add(word.casefold())
            elif before and before[-1] not in _SENTENCE_OPENERS and not word.isupper():
                capital.add(word)
    return frozenset(word for word in capital if word.casefold() not in lower)


def lower_first(label: str, proper: Iterable[str] = ()) -> str:
    """A label put inside a French sentence (« le plus souvent : acteurs de l'ESS (5) »): its
    first letter in lower case, unless its first word is an acronym (« ESS et territoire »)
    or a proper noun of ``proper`` (``proper_nouns``: « Europe et fonds européens », « État
    et services déconcentrés » keep their capital)."""
    first = _WORD.match(label)
    word = first.group() if first else ""
    if (len(label) > 1 and label[1].isupper()) or (word and word in set(proper)):
        return label
    return label[:1].lower() + label[1:]


def names_agreeing(text: str, names: Iterable[str]) -> str:
    """``text`` (French) with the word before each of ``names`` (coders' names, as they are
    put in a sentence) agreeing with it: « le codage de alice » → « le codage d'alice ». The
    rule is the pseudonyms' (``privacy.articles.determiner_edit``): elided before a vowel,
    not before an h, which a name may aspirate (« de Hugues »)."""
    starts: dict[int, str] = {}
    for name in names:
        if not name.strip():
            continue
        for found in re.finditer(rf"(?<![\w'’]){re.escape(name)}(?!\w)", text):
            starts.setdefault(found.start(), name)
    for start in sorted(starts, reverse=True):  # from the end: an edit shifts what follows
        edit = determiner_edit(text, start, starts[start])
        if edit is not None:
            text = text[: edit.start] + edit.text + text[start:]
    return text
