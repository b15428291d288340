"""Where a quotation's sentences start and end in its speaker's turn.

A quotation is marked « […] » only where it cuts a sentence, as a French report quotes a
whole sentence bare. What a sentence is, the rule suggestions' passages read too
(``tagging/sentence_ends.py``): a line break ends one, and so does « . », « ! », « ? » or
« … » when it is no abbreviation's point (« M. Dupont », « env. 300 ») and the next word is
not in lower case (« etc. et puis »). A transcript without punctuation has no sentence end
inside a turn but its line breaks: every other cut there is marked.
"""

from __future__ import annotations

from ptce_coding.tagging.sentence_ends import (
    ends_sentence,
    has_words,
    starts_line,
    starts_lower,
)


def cuts_before(said: str, text: str) -> bool:
    """Whether ``text``, coming after ``said`` in its turn, starts inside a sentence: words
    come before it and either they end no sentence or ``text`` starts in lower case."""
    return has_words(said) and (not ends_sentence(said, text) or starts_lower(text))


def cuts_after(text: str, said: str) -> bool:
    """Whether ``text``, followed by ``said`` in its turn, ends inside a sentence: words
    follow it on its line, and either it ends no sentence or ``said`` goes on in lower
    case."""
    if not has_words(said) or starts_line(said):
        return False
    return not ends_sentence(text, said) or starts_lower(said)
