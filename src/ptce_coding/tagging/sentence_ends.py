"""What a sentence is in a transcript: where one ends, read from the text alone.

One rule for everything that cuts a turn into sentences: the passage a rule suggestion covers
(``context.passage``), the review's « widen »/« narrow » steps, and the quotations of the report
(``analysis/quotations.py``, ``analysis/sentence_edges.py``), so that a suggestion covers the
sentences its quotation quotes whole. The parsed text (spaCy's sentences) is not stored with
the codings, hence a rule: a sentence ends at a line break, or at « . », « ! », « ? » or « … »
(« ... »), closing quotation marks or brackets after it included (« c'est fini. » »), when the
next word is not in lower case. « etc. et puis », « c'est... c'est long » are one sentence each
(« et », « c'est » in lower case). The point of an abbreviation written before what it
qualifies ends no sentence, whatever comes after it: « M. Dupont », « cf. Le Monde », « p. ex.
Lyon », « env. 300 personnes » (``ABBREVIATIONS``; « art. 9 », « vol. 2 » before a number only:
« un vol. » ends one). A transcript without punctuation has no sentence end inside a turn but
its line breaks.
"""

from __future__ import annotations

import re

SENTENCE = re.compile(r"(?<=[.!?…])\s+")  # a stop and the spaces after it: pieces, not sentences
_STOPS = ".!?…"
_CLOSERS = "»”\"’')"  # not « ] »: « […] » (a passage not heard) ends no sentence
_SPACES = " \t\u00a0\u202f"
# a stop, the closing marks after it (« fini. » », a French space before « » »), then spaces:
# where a sentence may end
_STOP = re.compile(r"(?<=[.!?…])(?:[ \u00a0\u202f]?[»”\"’')])*[ \t\u00a0\u202f]+")
_AHEAD = 40  # characters read after a stop: enough to find the next word
# French abbreviations written before what they qualify, without their point (case counts:
# « m. » is a metre). From spaCy's French tokenizer exceptions (spacy/lang/fr/
# tokenizer_exceptions.py: titles, « cf. », « av. », « apr. », « pp. », « Vol. », « No. »,
# the months but « sept. », which is also the number seven: « ils étaient sept. ») and the
# usual abbreviations of French typography (« p. ex. », « env. », « chap. », « c.-à-d. »).
# Not « etc. », nor a single capital (« le plan B. »): a sentence ends there when the next
# word has a capital, as after any stop.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ABBREVIATIONS = _words(
    "M MM Mme Mmes Mlle Mlles Mr Me Mgr Dr Pr St Ste Sts Stes cf Cf p pp p.ex env "
    "Art Vol av apr chap Chap fig Fig tél Tél réf Réf bd No N° n° c.-à-d "
    "janv févr avr juil juill oct nov déc"
)
BEFORE_NUMBER = _words("art vol no")  # « art. 9 », but « c'est un art. »
# the word before a final point, after a space, an opening mark or an apostrophe
_LAST_WORD = re.compile(r"(?:^|(?<=[\s(«“\"\[/'’]))([\w°][\w°.-]*)\.$")


def has_words(text: str) -> bool:
    """Whether ``text`` holds a letter or a digit (not only spaces, punctuation, « […] »)."""
    return any(c.isalnum() for c in text)


def at_abbreviation(text: str, after: str = "") -> bool:
    """Whether ``text`` ends with the point of an abbreviation written before what it
    qualifies (« avec M. », « (cf. », « p. ex. »; « art. » when ``after``, what follows,
    starts with a digit): no sentence ends there."""
    found = _LAST_WORD.search(text.rstrip(_SPACES))
    if found is None:
        return False
    word, before = found.group(1), text[: found.start(1)]
    if word in ABBREVIATIONS and not before.endswith(("'", "’")):
        return True
    if word == "ex":  # « p. ex. », « (ex. fonds de dotation) », not « mon ex. »
        return before.rstrip(_SPACES).endswith(("p.", "(")) or not before.strip()
    return word.lower() in BEFORE_NUMBER and after.lstrip(_SPACES)[:1].isdigit()


def ends_sentence(text: str, after: str = "") -> bool:
    """Whether ``text`` ends at the end of a sentence: a line break, or a stop that is no
    abbreviation's (``after``: what follows, when known), closing marks after it allowed;
    spaces and tabs after it aside."""
    text = text.rstrip(" \t")
    if not text or text.endswith("\n"):
        return True
    text = text.rstrip(_CLOSERS + _SPACES)
    return text.endswith(tuple(_STOPS)) and not at_abbreviation(text, after)


def starts_lower(text: str) -> bool:
    """Whether the first letter or digit of ``text`` is a lower-case letter: ``text`` goes
    on a sentence (« et puis… », « euh, créer… »), whatever stop comes before it."""
    first = next((c for c in text if c.isalnum()), "")
    return first.islower()


def starts_line(text: str) -> bool:
    """Whether ``text`` starts with a line break, spaces and tabs aside: what came before it
    ended its line, and so its sentence."""
    return text.lstrip(_SPACES).startswith("\n")


def ends_between(before: str, after: str) -> bool:
    """Whether a sentence ends between ``before`` and ``after``, two parts of one line (of
    ``after``, its first words are enough): a stop that is no abbreviation's ends ``before``,
    and ``after`` does not go on in lower case."""
    return ends_sentence(before, after) and not starts_lower(after)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, in code points, spaces trimmed: cut at each
    line break, and at each stop (closing marks after it included) that ends a sentence
    (``ends_between``: not an abbreviation's, the next word not in lower case). Pieces without
    words (« … », a lone « . ») are left out."""
    spans = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for stop in _STOP.finditer(line):
            before, after = line[start : stop.start()], line[stop.end() : stop.end() + _AHEAD]
            if ends_between(before, after):
                spans.append((offset + start, offset + stop.end()))
                start = stop.end()
        spans.append((offset + start, offset + len(line)))
        offset += len(line) + 1
    trimmed = []
    for begin, end in spans:
        piece = text[begin:end]
        if has_words(piece):
            left = len(piece) - len(piece.lstrip())
            trimmed.append((begin + left, begin + len(piece.rstrip())))
    return trimmed


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (``sentence_spans``), their spaces made single."""
    return [" ".join(text[begin:end].split()) for begin, end in sentence_spans(text)]
