"""The transcriber's marks in a quotation shown to readers.

Transcripts carry conventions besides what is said: a laugh « (rires) », « [rire] », a silence
« (silence) », « [pause] », a sigh « (soupir) », a word not heard « [inaudible] », « [XXX] » or
a bare « XX » (CFPP2000, Transcriber's typed conventions, the demo corpus). A quotation in a
report drops the non-verbal marks and shows what was not heard as a cut, « […] ». Only a
bracket or parenthesis of a known word is read as a mark: a real parenthesis of speech
(« (Collectif de la Biscuiterie, Montaurel) ») stays. The other speaker's words in brackets
(CFPP's overlaps) are dropped when they are only a back-channel: at most three different
acknowledgements, each as often as it comes (« [ouais ouais] », « [mmh d'accord] », « [ah bon
?] », « [mais] »), never a parenthesis; any other word makes the bracket words that stay, since
they may be content (« [dans les docks] », « [je savais pas] », an editor's gloss « [le
directeur] », « [sic] »). A mark is read within its line, and its line break is kept: a line
that ends on « (rires) » ends a sentence (sentence_edges.py). The stored text never changes:
this is its display.
"""

from __future__ import annotations

import re
import unicodedata

CUT = "[…]"


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
_MARK = re.compile(r"\[([^\[\]\n]{1,40})\]|\(([^()\n]{1,40})\)")
_BARE_NOT_HEARD = re.compile(r"(?<![\w'’-])(?:X{2,}|x{3,})(?![\w'’-])")  # CFPP « XX », « xxx »
_DROP, _GAP = "\ue000", "\ue001"  # private-use characters: never in an imported text
_RUN = re.compile(f"[{_DROP}{_GAP}](?:\\s*[{_DROP}{_GAP}])+")
_CUTS = re.compile(r"\[…\](?:\s*\[…\])+")


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


def _sentinel(match: re.Match[str]) -> str:
    if match.group(1) is not None and is_back_channel(match.group(1)):
        return _DROP
    kind = mark_kind(match.group(1) or match.group(2))
    return match.group(0) if kind is None else _GAP if kind == "cut" else _DROP


def _run(match: re.Match[str]) -> str:
    return _GAP if _GAP in match.group(0) else _DROP


def merge_cuts(text: str) -> str:
    """One « […] » for several in a row (« […] […] » → « […] »)."""
    return _CUTS.sub(CUT, text)


def without_marks(text: str) -> str:
    """``text`` as a reader sees it quoted: the non-verbal marks dropped, what was not heard
    shown « […] » (one mark for several in a row), spaces around them tidied, every other
    character kept, line breaks included (each line is read alone: « c'est fini (rires)\n
    Alors » keeps the line break that ends the sentence). Empty when the text was nothing
    but marks and spaces."""
    if "\n" in text:
        lines = "\n".join(_line_without_marks(line) for line in text.split("\n"))
        return lines if lines.strip() else ""
    return _line_without_marks(text)


def _line_without_marks(text: str) -> str:
    if "[" in text or "(" in text:
        text = _MARK.sub(_sentinel, text)
    text = _BARE_NOT_HEARD.sub(_GAP, text)
    if _DROP not in text and _GAP not in text:
        return text
    text = _RUN.sub(_run, text)
    text = re.sub(f"^\\s*{_DROP}[\\s,.;:]*", "", text)  # « (rires). Oui » → « Oui »
    text = re.sub(f"\\s*{_DROP}\\s*(?=[,.…)]|$)", "", text)  # « le sont (rires). » → « le sont. »
    text = re.sub(f"\\s*{_DROP}(\\s*)(?=[:;!?»])", r"\1", text)  # French space before « : »
    text = text.replace(_DROP, " ")
    text = re.sub(f"\\s*{_GAP}\\s*(?=[,.…)])", " " + CUT, text)
    text = re.sub(f"\\s*{_GAP}\\s*", f" {CUT} ", text)
    text = re.sub(r"[ \t]{2,}", " ", merge_cuts(text)).strip()
    return "" if text in ("", CUT) else text
