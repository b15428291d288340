"""Where the names of the reviewed entities are in a text, and what replaces each: the
``Replacer`` finds every variant (as written, without or with its accents, in capitals, across
a line break, after its article in lower case), e-mail addresses, phone numbers and URLs, and
makes the word before a pseudonym agree with it (``articles``) and the noun of a kind of place
give way to it (``places``). ``apply`` builds the anonymised texts from its replacements."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ptce_coding.privacy.articles import apostrophe_of, determiner_edit
from ptce_coding.privacy.detect import AFTER, BEFORE, PATTERNS
from ptce_coding.privacy.entity import CONTEXT_PREFIX, PATTERN_PREFIX, Entity, bare_variant
from ptce_coding.privacy.folding import fold, key
from ptce_coding.privacy.occurrence_kinds import Holder, Holders
from ptce_coding.privacy.places import head_edit

PLACEHOLDERS = {"email": "[courriel]", "phone": "[téléphone]", "url": "[site web]"}


@dataclass(frozen=True)
class Replacement:
    start: int
    end: int
    pseudonym: str
    entity: str


class Replacer:
    """Finds every variant of the entities in a text, longest first, as whole words.

    A variant is found as written, and also without or with its accents (« Helene » for
    « Hélène »), in capitals (« HÉLÈNE MARTIN », a speaker label or a title), with a capital
    to begin a sentence and a curly apostrophe (« L’Atelier » for « l'Atelier »), with its
    article in lower case inside a sentence (« avec les Ateliers du Val » for « Les Ateliers
    du Val », whose « du Val » stayed in clear after « les Ateliers »), and across
    a line break or a double space: the text and the variants are compared folded (``fold``:
    one character for one, so offsets hold). A variant's word in lower case elsewhere
    (« martin-pêcheur », « la biscuiterie ») is not a name.
    """

    def __init__(self, entities: Sequence[Entity], *, safety_net: bool = True) -> None:
        self._holders: dict[str, Holders] = defaultdict(Holders)
        for entity in entities:
            for variant in entity.variants:
                if variant.startswith(PATTERN_PREFIX):
                    continue
                cued = variant.startswith(CONTEXT_PREFIX)
                holder = Holder(entity.pseudonym, entity.id, entity.kind, cued)
                self._holders[key(bare_variant(variant))].add(holder)
        written = {fold(v) for e in entities for v in e.literals if v.strip()}
        literals = sorted(written | {_lower_article(v) for v in written}, key=len, reverse=True)
        others = {v[:1].upper() + v[1:] for v in literals} | {v.upper() for v in literals}
        capitals = sorted(others - set(literals), key=len, reverse=True)
        self._literals = [
            re.compile(BEFORE + "(?:" + "|".join(_spaced(v) for v in group) + ")" + AFTER)
            for group in (literals, capitals)
            if group
        ]
        self._patterns = [(re.compile(p), e.pseudonym, e.id) for e in entities for p in e.patterns]
        self._safety = (
            [(pattern, PLACEHOLDERS[kind], kind) for kind, pattern in PATTERNS.items()]
            if safety_net
            else []
        )

    def spans(self, text: str) -> list[Replacement]:
        """Non-overlapping replacements, in text order: a contact detail whole, over the
        names inside it or across its end (« [courriel] » for « Marie.Dupont@bisc.fr », not
        « Personne 1.Personne 1@bisc.fr »), unless a reviewed name covers it all (an address
        the review listed); then the lists' patterns, then the names; two names of one
        entity joined by « de » are one (``_joined``)."""
        names: list[Replacement] = []
        for pattern, pseudonym, entity in self._patterns:
            names += [
                Replacement(m.start(), m.end(), pseudonym, entity)
                for m in pattern.finditer(text)
                if m.group()
            ]
        folded, where = _visible(fold(text))

        def holder(found: re.Match[str]) -> Holder | None:
            start, end = where(found.start()), where(found.end() - 1) + 1
            return self._holders[key(found.group())].at(text, start, end)

        written: list[Replacement] = []
        for literal in self._literals:  # as written (folded), then in capitals
            for m in literal.finditer(folded):
                name = self._widest(literal, folded, m, holder)
                if name is not None:
                    start, end = where(name.start), where(name.end - 1) + 1
                    written.append(replace(name, start=start, end=end))
        # the longer name first: « De La Fontaine » opening a sentence over « La Fontaine »
        names += sorted(written, key=lambda r: r.start - r.end)
        contacts = [
            _over_names(Replacement(m.start(), m.end(), placeholder, kind), names)
            for pattern, placeholder, kind in self._safety
            for m in pattern.finditer(text)
        ]
        kept: list[Replacement] = []
        taken: list[tuple[int, int]] = []
        for span in [c for c in contacts if c is not None] + names:  # in priority order
            if any(s < span.end and span.start < e for s, e in taken):
                continue
            kept.append(span)
            taken.append((span.start, span.end))
        return _joined(sorted(kept, key=lambda r: r.start), text)

    def _widest(
        self,
        literal: re.Pattern[str],
        folded: str,
        found: re.Match[str],
        holder: Callable[[re.Match[str]], Holder | None],
    ) -> Replacement | None:
        """The name at ``found``, or a longer one that starts inside it and ends after it
        (« Encre Vive » in « l'Encre Vive », where the alias « l'Encre » matched first): one
        span over both when they are one entity's, else the longer name. ``holder``: the
        entity a match is (``Holders.at``); None when ``found`` is no entity's there."""
        mine = holder(found)
        for position in range(found.start() + 1, found.end()):
            if not folded[position].isalnum() or folded[position - 1].isalnum():
                continue
            other = literal.match(folded, position)
            if other is None or other.end() <= found.end():
                continue
            theirs = holder(other)
            if theirs is None:
                continue
            if mine is not None and theirs.entity == mine.entity:
                return Replacement(found.start(), other.end(), mine.pseudonym, mine.entity)
            if len(other.group()) > len(found.group()):
                return Replacement(other.start(), other.end(), theirs.pseudonym, theirs.entity)
        if mine is None:
            return None
        return Replacement(found.start(), found.end(), mine.pseudonym, mine.entity)

    def edits(self, text: str) -> list[Replacement]:
        """``spans``, and before each name the words that must change to agree with its
        pseudonym (entity ``""``: ``articles.determiner_edit``), or the noun its pseudonym
        begins with (``places.head_edit``), in text order."""
        found: list[Replacement] = []
        end, apostrophe = 0, apostrophe_of(text)
        for span in self.spans(text):
            edit = head_edit(text, span.start, span.pseudonym, floor=end) or determiner_edit(
                text, span.start, span.pseudonym, floor=end, apostrophe=apostrophe
            )
            if edit is not None:
                found.append(Replacement(edit.start, span.start, edit.text, ""))
            found.append(span)
            end = span.end
        return found

    def string(self, value: Any) -> Any:
        """A short text (speaker, memo, attribute) with its names replaced; others unchanged."""
        if not isinstance(value, str) or not value:
            return value
        return AnonymisedText.of(value, self).text


# what joins two names of one entity into one: « la SCOP des Charpentes du Val »
_OF = re.compile(r"\s+(?:de\s+la|de|du|des)\s+|\s+d['’]")


def _joined(spans: list[Replacement], text: str) -> list[Replacement]:
    """``spans`` (in text order), two names of one entity joined by « de » made one (« la
    SCOP des Charpentes du Val », where « la SCOP » is an alias of « Les Charpentes du
    Val »): « Organisation 1 », not « Organisation 1 de l'Organisation 1 »."""
    found: list[Replacement] = []
    for span in spans:
        last = found[-1] if found else None
        if (
            last is not None
            and last.entity not in ("", *PLACEHOLDERS)  # a name, not a contact detail
            and last.entity == span.entity
            and _OF.fullmatch(text, last.end, span.start)
        ):
            found[-1] = replace(last, end=span.end)
        else:
            found.append(span)
    return found


def _over_names(contact: Replacement, names: Sequence[Replacement]) -> Replacement | None:
    """``contact`` (an e-mail address, a URL…) widened over the names that overlap it; None
    when one name covers it whole (the review's own entity for that address wins)."""
    overlapping = [n for n in names if n.start < contact.end and contact.start < n.end]
    if any(n.start <= contact.start and contact.end <= n.end for n in overlapping):
        return None
    start = min([contact.start, *(n.start for n in overlapping)])
    end = max([contact.end, *(n.end for n in overlapping)])
    return replace(contact, start=start, end=end)


# characters that show nothing (a soft hyphen pasted from a web page or a PDF, a zero-width
# space): « Bis\u00adcuiterie » reads « Biscuiterie » and must be found as it
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def _visible(text: str) -> tuple[str, Callable[[int], int]]:
    """``text`` without its invisible characters, and the offset in ``text`` of each of its
    characters."""
    if _INVISIBLE.search(text) is None:
        return text, _same
    offsets = [i for i, c in enumerate(text) if not _INVISIBLE.match(c)]
    offsets.append(len(text))
    return _INVISIBLE.sub("", text), offsets.__getitem__


def _same(offset: int) -> int:
    return offset


_ARTICLE = re.compile(r"(?:Les|La|Le)\s|L'")


def _lower_article(variant: str) -> str:
    """« les Ateliers du Val » for « Les Ateliers du Val »; any other variant as it is."""
    return variant[0].lower() + variant[1:] if _ARTICLE.match(variant) else variant


def _spaced(variant: str) -> str:
    """A variant's pattern, its spaces any run of white space (a line break, a tab)."""
    return r"\s+".join(re.escape(word) for word in variant.split())


def occurrences(
    entities: Sequence[Entity], documents: Mapping[str, str]
) -> dict[str, list[tuple[str, int, int]]]:
    """Where each entity's variants occur: {entity id: [(document, start, end)]}."""
    replacer = Replacer(entities, safety_net=False)
    found: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for name, text in documents.items():
        for span in replacer.spans(text):
            found[span.entity].append((name, span.start, span.end))
    return found


@dataclass(frozen=True)
class AnonymisedText:
    """A text with its replacements, and the map of its offsets."""

    original_length: int
    text: str
    replacements: tuple[Replacement, ...]
    _starts: tuple[int, ...]
    _new_starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str, replacer: Replacer) -> AnonymisedText:
        spans = replacer.edits(text)
        parts, new_starts, cursor, length = [], [], 0, 0
        for span in spans:
            parts.append(text[cursor : span.start])
            length += span.start - cursor
            new_starts.append(length)
            parts.append(span.pseudonym)
            length += len(span.pseudonym)
            cursor = span.end
        parts.append(text[cursor:])
        return cls(
            len(text),
            "".join(parts),
            tuple(spans),
            tuple(s.start for s in spans),
            tuple(new_starts),
        )

    def position(self, offset: int, *, end: bool = False) -> int:
        """``offset`` of the stored text in the new text. Inside a replaced name, a start moves
        to the pseudonym's start and an end to its end."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return offset
        span, new_start = self.replacements[index], self._new_starts[index]
        if offset == span.start and not end:
            return new_start
        if offset < span.end:
            return new_start + (len(span.pseudonym) if end and offset > span.start else 0)
        return new_start + len(span.pseudonym) + (offset - span.end)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.position(start), self.position(end, end=True)
