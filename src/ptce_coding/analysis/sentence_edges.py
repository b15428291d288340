"""Where a quotation's sentences start and end in its speaker's turn.

A quotation is marked « […] » only where it cuts a sentence, as a French report quotes a
whole sentence bare. The sentences are read from the turn's text alone, by a rule (the parsed
text, spaCy's sentences, is not stored with the codings): a sentence ends at « . », « ! »,
« ? » or « … » (« ... »), closing quotation marks or brackets after it included (« c'est
fini. » »), or at a line break; and the next one starts with a letter that is not in lower
case. « etc. et puis », « M. Dupont » are then read: the first as one sentence (« et » in
lower case), the second as two (a known limit). A transcript without punctuation has no
sentence end inside a turn: every cut there is marked.
"""

from __future__ import annotations

import re

SENTENCE = re.compile(r"(?<=[.!?…])\s+")  # the splitter: a stop and the spaces after it
_STOPS = ".!?…"
_CLOSERS = "»”\"’')"  # not « ] »: « […] » (a passage not heard) ends no sentence


def has_words(text: str) -> bool:
    """Whether ``text`` holds a letter or a digit (not only spaces, punctuation, « […] »)."""
    return any(c.isalnum() for c in text)


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends at the end of a sentence: a stop, closing marks after it
    allowed, or a line break; spaces and tabs after it aside."""
    text = text.rstrip(" \t")
    if not text or text.endswith("\n"):
        return True
    return text.rstrip(_CLOSERS + " \u00a0\u202f").endswith(tuple(_STOPS))


def starts_lower(text: str) -> bool:
    """Whether the first letter or digit of ``text`` is a lower-case letter: ``text`` goes
    on a sentence (« et puis… », « euh, créer… »), whatever stop comes before it."""
    first = next((c for c in text if c.isalnum()), "")
    return first.islower()


def cuts_before(said: str, text: str) -> bool:
    """Whether ``text``, coming after ``said`` in its turn, starts inside a sentence: words
    come before it and either they end no sentence or ``text`` starts in lower case."""
    return has_words(said) and (not ends_sentence(said) or starts_lower(text))


def cuts_after(text: str, said: str) -> bool:
    """Whether ``text``, followed by ``said`` in its turn, ends inside a sentence: words
    follow it and either it ends no sentence or ``said`` goes on in lower case."""
    return has_words(said) and (not ends_sentence(text) or starts_lower(said))
