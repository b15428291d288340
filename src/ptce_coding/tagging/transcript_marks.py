"""The transcriber's marks in a transcript: what is not speech, and what was not heard.

Transcripts carry conventions besides what is said: a laugh « (rires) », « [rire] », a silence
« (silence) », « [pause] », a sigh « (soupir) », a word not heard « [inaudible] », « [XXX] »
(CFPP2000, Transcriber's typed conventions, the demo corpus). Only a bracket or parenthesis of a
known word is read as a mark: a real parenthesis of speech (« (Collectif de la Biscuiterie,
Montaurel) ») is words. The other speaker's words in brackets (CFPP's overlaps) are a mark
when they are only a back-channel: at most three different acknowledgements, each as often as
it comes (« [ouais ouais] », « [mmh d'accord] », « [ah bon ?] », « [mais] »), never a
parenthesis; any other word makes the bracket words, since they may be content (« [dans les
docks] », « [je savais pas] », an editor's gloss « [le directeur] », « [sic] »).

Two readers: a quotation shows the transcript without its non-verbal marks
(``analysis/quotation_marks.py``), and a rule suggestion's passage neither starts nor ends on
one (``context.sentences``, ``without_stage_directions``). A mark is read within its line.
"""

from __future__ import annotations

import re
import unicodedata


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# a mark's first word (lower case, without accents): what was not heard, shown as a cut…
_NOT_HEARD = _words(
    "inaudible inaudibles inaud incomprehensible incomprehensibles incomp inintelligible "
    "coupure ? ... …"
)
# … and what is not speech, dropped (« (long silence) », « (en riant) » too)
_NOT_SPEECH = _words(
    "rire rires rit rient riant sourire sourires sourit sourient rigole rigolent eclat eclats "
    "silence silences pause pauses toux tousse bruit bruits soupir soupire soupirs souffle "
    "hesitation hesite applaudissements telephone sonnerie musique bip raclement"
)
# what the other speaker says to show they follow, without accents (longest first: « bien sûr »
# before « bien »); the bracket of CFPP's overlaps, « [ouais] », never a parenthesis
_ACKNOWLEDGEMENTS = (
    "c'est ca|c'est vrai|c'est clair|c'est sur|tout a fait|bien sur|ah bon|je vois|d'accord|"
    "ouais|ouai|oui|non|si|m+h*m*|h+m+|mhm|euh+|heu|ah|oh|eh|ha|bah|ben|bon|ok|okay|voila|"
    "mais|et|alors|donc|bien|exactement|effectivement|evidemment|absolument|pff+|ouf"
)
_BACK_CHANNEL = re.compile(f"(?:{_ACKNOWLEDGEMENTS})(?: (?:{_ACKNOWLEDGEMENTS}))*")
_ONE_ACKNOWLEDGEMENT = re.compile(f"(?<![\\w'])(?:{_ACKNOWLEDGEMENTS})(?![\\w'])")
_MAX_ACKNOWLEDGEMENTS = 3  # « [mmh ouais bien sûr] »; a fourth kind reads as a reply: kept
# words before one of them: « (long silence) », « (petits rires) », « (il rit) », « (en riant) »
_BEFORE = _words(
    "long longue longs longues court courte petit petite petits petites grand grande grands "
    "gros leger legere legers bref breve un une en il elle ils elles on"
)
# a bracket (group 1) or a parenthesis (group 2) within a line: a mark when it holds one
MARK = re.compile(r"\[([^\[\]\n]{1,40})\]|\(([^()\n]{1,40})\)")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def mark_kind(content: str) -> str | None:
    """What a bracket or parenthesis holding ``content`` is: « cut » (a passage not heard),
    « drop » (laughter, a silence, a noise), None (words: it stays)."""
    words = _plain(content).replace(",", " ").split()
    if not words or len(words) > 4:
        return None
    if all(re.fullmatch(r"x{2,}", word) for word in words) or words[0] in _NOT_HEARD:
        return "cut"
    first, *rest = [word.strip(".…!?;:") for word in words]  # « (Rires…) », « (rire !) »
    if first in _NOT_HEARD:
        return "cut"
    if first in _NOT_SPEECH or (first in _BEFORE and rest and rest[0] in _NOT_SPEECH):
        return "drop"
    return None


def is_back_channel(content: str) -> bool:
    """Whether a bracket holding ``content`` is only the other speaker's acknowledgement
    (« ouais ouais », « mmh d'accord », « ah bon ? »): at most three different ones, repeated
    as often as they come; any other word is content."""
    plain = _plain(content).replace("’", "'")
    spoken = " ".join(re.sub(r"[,.;:!?…]", " ", plain).split())
    if not _BACK_CHANNEL.fullmatch(spoken):
        return False
    return len(set(_ONE_ACKNOWLEDGEMENT.findall(spoken))) <= _MAX_ACKNOWLEDGEMENTS


def kind_of(mark: re.Match[str]) -> str | None:
    """What a match of ``MARK`` is: « drop » (not speech: a laugh, a silence, the other
    speaker's back-channel in brackets), « cut » (not heard), None (words)."""
    if mark.group(1) is not None and is_back_channel(mark.group(1)):
        return "drop"
    return mark_kind(mark.group(1) or mark.group(2))


def without_stage_directions(text: str) -> str:
    """``text`` with each mark that is not speech (« (rires) », « [ouais] ») made spaces, as
    many as its characters: every offset stays where it was, and what is said is all that
    is left to start or end a sentence. What was not heard (« [inaudible] ») stays."""
    if "[" not in text and "(" not in text:
        return text
    return MARK.sub(lambda m: " " * len(m.group(0)) if kind_of(m) == "drop" else m.group(0), text)
