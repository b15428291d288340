"""Where a name the NER or a context finds in running text starts and ends.

The NER's spans take in what surrounds a name: courtesy words and titles (« Merci Mme
Hurand »), the body of an organisation before it (« le CA des Ateliers »), the noun of a
kind of place before it (« place Bellecour »), the common words after it (« le Bus
numérique en grande partie »), and the next paragraph or list item (``block_pieces``):
``trim`` and ``block_pieces`` cut them off. A common noun heading the name of a body runs
on into its complement in lower case (« la Maison de la construction bois »:
``body_name_end``). Where a name stands, at the start of a sentence or after an article
(French puts none before a person's name), says what it may be (``sentence_start``,
``after_article``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ptce_coding.corpus.speaker_forms import FUNCTION_WORDS
from ptce_coding.corpus.speakers import fold
from ptce_coding.privacy.context import PLACE_HEADS, REGION_HEADS
from ptce_coding.privacy.name_words import NOT_NAMES, is_title

# an opening quotation mark, maybe in a transcriber's brackets (« [«] Vive la crise [»] »,
# as CFPP writes one), and the space after it
_QUOTE_OPENS = re.compile(r"(?:«|“|\[«\])[^\S\n]*$")


def sentence_start(text: str, start: int) -> bool:
    """At the start of a sentence, of a line, of a table's cell, right after a speaker
    label, or right after an opening quotation mark (« c'est marqué « Vive la crise » »: a
    quoted sentence or exclamation starts there)."""
    line = text[max(text.rfind("\n", 0, start), text.rfind("\t", 0, start)) + 1 : start]
    if re.fullmatch(r"[^.!?:\n]{0,60}:\W*|\W*", line) or _QUOTE_OPENS.search(line):
        return True
    before = line.rstrip(' \t*[]()«»"')
    return before[-1] in ".!?…:—-" if before else True


_ARTICLE = re.compile(r"(?:^|[\s(«])(?:[Ll]es?|[Ll]a|[Dd]u|[Dd]es|[Aa]ux?|[Uu]ne?)\s+$|[Ll]['’]$")


def after_article(text: str, start: int) -> bool:
    """An article right before ``start`` (« les Pieds Nus », « la Lisonne »): French puts
    none before a person's name."""
    return bool(_ARTICLE.search(text[max(0, start - 6) : start]))


# what the NER runs on into after a name: « le Bus numérique en grande partie », « les
# Beaux-Arts ensemble »
_TRAILING = re.compile(
    r"(?:\s+(?:en|à|au|aux|pour|avec|dans|sur|par|chez)(?:\s+[a-zà-ÿ][\w'’-]*)*"
    r"|\s+(?:ensemble|aussi|même|encore|déjà|toujours|quand|alors|donc))$"
)
# a body of an organisation and its « de » before the organisation's name: « le CA des
# Ateliers », « l'AG de Val Net » (the name is the one after it)
_BODIES = {"ca", "ag", "copil", "codir", "cse", "bureau", "conseil"}
_BODY = re.compile(r"(?P<head>[^\W\d_]+)\s+(?:de\s+la\s+|de\s+l['’]|de\s+|du\s+|des\s+|d['’])")
# the noun of a kind of place in lower case before a place's name: « place Bellecour »,
# « région Bourgogne-Franche-Comté », « département du Jura » (the name is the one after it,
# and the noun stays in the text: « rue Voie 3 »)
_PLACE_NOUN = re.compile(
    r"(?P<head>[a-zà-ÿ][\w-]*)\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])?"
    r"(?=[A-ZÀ-ÖØ-ÞŒ])"
)
_PLACE_NOUNS = PLACE_HEADS | REGION_HEADS


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The entity without the courtesy words, titles and punctuation at its edges, the body
    of an organisation before it (« CA des Ateliers »), the noun of a kind of place before
    it (« place Bellecour ») and the common words after it (« Bus numérique en grande »)."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]

    def droppable(span: tuple[int, int]) -> bool:
        word = text[span[0] : span[1]].strip(',;:!?«»"()')
        bare = word.strip(".")
        return bare.casefold() in NOT_NAMES or is_title(word) or is_title(bare) or not bare

    while words and droppable(words[0]):
        words.pop(0)
    while words and droppable(words[-1]):
        words.pop()
    if not words:
        return start, start
    s, e = words[0][0], words[-1][1]
    while e > s and text[e - 1] in ".,;:!?«»\"()'’":
        e -= 1
    head = _BODY.match(text, s, e)
    if head is not None and head.group("head").casefold() in _BODIES and head.end() < e:
        s = head.end()
    place = _PLACE_NOUN.match(text, s, e)
    if place is not None and fold(place.group("head")) in _PLACE_NOUNS and place.end() < e:
        s = place.end()
    trailing = _TRAILING.search(text, s, e)
    if trailing is not None and trailing.start() > s:
        e = trailing.start()
    return s, e


# the complement in lower case of a common noun that heads the name of a body (« la Maison
# de la construction bois », « l'Office de tourisme », « la Chambre d'agriculture »): up to
# three words, none a function word
_COMPLEMENT = re.compile(
    r"[^\S\n]+(?:de[^\S\n]+la[^\S\n]+|de[^\S\n]+l['’]|du[^\S\n]+|des[^\S\n]+|"
    r"de[^\S\n]+|d['’])(?P<words>[a-zà-ÿœæ][\w'’-]*(?:[^\S\n]+[a-zà-ÿœæ][\w'’-]*){0,2})"
)
# (folded: « où » as « ou »)
_NOT_COMPLEMENT = FUNCTION_WORDS | {"qui", "que", "qu'", "ou", "est", "etait", "sont", "ont"}


def body_name_end(text: str, start: int, end: int, is_noun: Callable[[str], bool]) -> int | None:
    """Where the name of a body ends, when the one word at ``text[start:end]`` is a common
    noun (``is_noun``) after its article, with a complement in lower case (« la Maison de la
    construction bois »: the NER's « Maison » heads it); None otherwise."""
    word = text[start:end]
    if " " in word or not after_article(text, start) or not is_noun(word.casefold()):
        return None
    found = _COMPLEMENT.match(text, end)
    if found is None:
        return None
    stop = found.start("words")
    for m in re.finditer(r"\S+", found.group("words")):
        if fold(m.group()) in _NOT_COMPLEMENT or m.group().casefold() in NOT_NAMES:
            break
        stop = found.start("words") + m.end()
    return stop if stop > found.start("words") else None


# where a block of text ends, which no name crosses: a blank line, a markdown emphasis
# (« **Culture et Coopération** »), a line that opens a list item or a heading
_BLOCK_BREAK = re.compile(r"\n[^\S\n]*\n|\*\*|\n[^\S\n]*(?:[-*+•■▪]|\d+[.)]|#+)[^\S\n]")


def block_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut where a block ends (``_BLOCK_BREAK``): the NER reads across a
    paragraph break, a list item or a markdown ``**`` (« Culture et Coopération** », then
    the next item), a name never does; each piece is read as an entity of its own."""
    pieces, cursor = [], start
    for found in _BLOCK_BREAK.finditer(text, start, end):
        pieces.append((cursor, found.start()))
        cursor = found.end()
    pieces.append((cursor, end))
    return [(s, e) for s, e in pieces if e > s]
