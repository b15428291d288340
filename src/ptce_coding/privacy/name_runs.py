"""The longer name a capitalised word is written in, where it is written.

A word of a name may be written inside another name: « Bois » of « Pôle Bois & Habitat »
in « le label Bois du Val » and in « Rénov'Bois », « Lisonne » in « Lisonne Habitat, le
bailleur », « Morvanne » in « le Val de Morvanne ». There it names that other thing, and
replacing it alone garbles the text (« le label Pôle A de la Commune 9 »): the longer name
is the name at that place.

A name's words are capitalised words on one line, joined by a space, a particle (« de »,
« du », « des », « de la », « d' », « & ») or glued by an apostrophe that elides nothing
(« Rénov'Bois », « Mobil'Vallons »; « l'Atelier », « d'Orlan », « qu'Encre Vive » are an
elided word and a name). A capitalised article or function word opening a sentence (« Le
Collectif », « Et la Biscuiterie ») is no word of a name, and « et » joins two names as
often as it joins the words of one (« avec les Ateliers et Val Net »): it joins none here.
"""

from __future__ import annotations

import re

from ptce_coding.corpus.speaker_forms import FUNCTION_WORDS
from ptce_coding.corpus.speakers import fold

_UPPER = "A-ZÀ-ÖØ-ÞŒ"
_SPACE = r"[^\S\n]+"
# how two words of one name are joined
_JOIN = rf"(?:{_SPACE}(?:de{_SPACE}la|de|du|des|&){_SPACE}|{_SPACE}[dD]['’]|{_SPACE}|['’])"
_NEXT_WORD = re.compile(_JOIN + rf"[{_UPPER}][^\W\d_]")
_PREVIOUS_WORD = re.compile(rf"(?<![\w'’-])(?P<word>[{_UPPER}][\w'’-]*?)" + _JOIN + r"$")
# the words an apostrophe elides before a name: « l'Atelier », « qu'Encre Vive »
_ELIDED = {"l", "d", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "j", "n", "s", "c"}
_GLUED = re.compile(r"(?<![\w'’-])(?P<word>[^\W\d_]+)['’]$")


def glued_start(text: str, start: int) -> int:
    """Where the name at ``start`` begins when it is glued after a word by an apostrophe
    that elides nothing (« Rénov'Bois »: the start of « Rénov »); else ``start``."""
    found = _GLUED.search(text, max(0, start - 40), start)
    if found is None or found.group("word").casefold() in _ELIDED:
        return start
    return found.start()


def in_longer_name(text: str, start: int, end: int) -> bool:
    """The name at ``text[start:end]`` is written inside a longer name: glued after a word
    (« Rénov'Bois »), followed by another capitalised word (« Lisonne Habitat », « Bois du
    Val ») or preceded by one (« Val de Morvanne », « GE Biscuiterie »)."""
    if glued_start(text, start) != start or _NEXT_WORD.match(text, end):
        return True
    before = _PREVIOUS_WORD.search(text, max(0, start - 60), start)
    if before is None:
        return False
    word = fold(before.group("word")).casefold()
    return word not in FUNCTION_WORDS | _ELIDED and word + "'" not in FUNCTION_WORDS
