"""A people is no name to hide: « les Allemands », « des Sri-Lankais ».

French writes a people's name with a capital when it is a noun (« les Allemands », « c'est
des Sri-Lankais », « les Parisiens »), and the NER reads it as a place or a person. Three
marks tell it: a plural determiner before it (in one place of the document at least), the
plural's « s » or « x » at its end, and its singular being a French adjective (« allemand »,
« sri-lankais », « parisien »: spaCy's lemmatizer index of adjectives,
``common_words.adjectives``). A family is said without the plural's mark (« chez les
Normand »: a person's name); a place written in the plural is no adjective (« les
Batignolles », « les Landes », « aux Maréchaux »). A party or a team, « les Verts », is left
to the organisations: only a place or a person is checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ptce_coding.privacy.detection import find_literal

# a plural determiner right before the name (« les », « des », « aux », « ces », « mes »…,
# « quelques », « plusieurs », a number in letters is too rare to be read)
_PLURAL_BEFORE = re.compile(
    r"(?<![\w'’-])(?:les|des|aux|ces|mes|tes|ses|nos|vos|leurs|quelques|plusieurs|certains)"
    r"[^\S\n]+$",
    re.IGNORECASE,
)


def _singulars(word: str) -> list[str]:
    """The singulars a French plural in lower case may have: « allemands » → « allemand »,
    « sri-lankais » as it is, « provençaux » → « provençal »."""
    forms = [word]
    if word.endswith("aux"):
        forms.append(word[:-3] + "al")
    if word.endswith(("s", "x")):
        forms.append(word[:-1])
    return forms


def is_people(text: str, surface: str, is_adjective: Callable[[str], bool]) -> bool:
    """Whether the one word ``surface`` names a people in ``text``: ending in « s » or « x »,
    its singular a French adjective (``is_adjective``, in lower case), and said after a plural
    determiner somewhere in ``text`` (« s'ils sont indiens, Sri-Lankais » is the people of
    « c'est des Sri-Lankais » said before)."""
    if " " in surface or not surface[:1].isupper() or not surface.endswith(("s", "x")):
        return False
    if not any(is_adjective(form) for form in _singulars(surface.casefold())):
        return False
    return any(
        _PLURAL_BEFORE.search(text[max(0, start - 12) : start])
        for start, _ in find_literal(text, surface)
    )
