"""The anonymised view of a project: what every ``--anonymise`` export reads.

Per document, the pseudonymised text and an offset map from the stored text to it: a coding
(start, end) becomes the span of the same words in the new text (a boundary that falls inside
a replaced name moves to the edge of its pseudonym, so the coding still covers the whole
name). The store is only read: its texts and codings never change.

Besides the reviewed entities, e-mail addresses, phone numbers and URLs are always replaced
(« [courriel] », « [téléphone] », « [site web] »), even those that appeared after the review.
The word before a pseudonym is made to agree with it (« la Coopérative » → « l'Organisation
1 », « d'Anne » → « de Personne 1 », « des Ateliers » → « de l'Organisation 3 »: ``articles``),
and the noun of a kind of place the pseudonym begins with is left out (« la région Bourgogne »
→ « la Région 2 »: ``places``); these words are replacements of their own, so a coding that
starts or ends at the name keeps its exact bounds. A name two entities write alike is each
occurrence the one its context says (``occurrence_kinds``: « Monsieur Kessler » the patron,
« la scierie Kessler » the scierie).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ptce_coding.base.notices import say
from ptce_coding.base.records import CodingRow, MemoRow
from ptce_coding.corpus.transcript import text_hash
from ptce_coding.privacy.articles import apostrophe_of, determiner_edit
from ptce_coding.privacy.detect import AFTER, BEFORE, PATTERNS
from ptce_coding.privacy.entity import CONTEXT_PREFIX, PATTERN_PREFIX, Entity, bare_variant
from ptce_coding.privacy.file_names import case_pseudonyms, document_name, header_attributes
from ptce_coding.privacy.folding import fold, key
from ptce_coding.privacy.known import known_names
from ptce_coding.privacy.mapping_file import MAPPING_FILE, read_mapping
from ptce_coding.privacy.members_file import MEMBERS_FILE, read_member_names
from ptce_coding.privacy.names import NAMES_FILE, load_names
from ptce_coding.privacy.occurrence_kinds import Holder, Holders
from ptce_coding.privacy.places import head_edit
from ptce_coding.privacy.unreviewed import refuse_other_cases_names, unreviewed

if TYPE_CHECKING:
    from ptce_coding.base.records import Document
    from ptce_coding.codebook.model import Codebook
    from ptce_coding.store import Store

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


class AnonymisedView:
    """The pseudonymised texts of a store's documents, for the exports.

    Names listed in the mapping are replaced wherever they appear: in texts, speakers, memos,
    attributes, and also in document names (``file_names.document_name``: « _ », « . » and
    digits separate a file name's words). A case is its project pseudonym (``cases``: case →
    pseudonym, ``file_names.case_pseudonyms``; without it, its folder name is replaced as any
    name). Offsets are looked up by the stored name.
    """

    def __init__(
        self,
        texts: dict[str, str],
        entities: Sequence[Entity],
        cases: Mapping[str, str] | None = None,
    ) -> None:
        self.replacer = Replacer(entities)
        self.entities = list(entities)
        self.documents = {
            name: AnonymisedText.of(text, self.replacer) for name, text in texts.items()
        }
        self._cases = dict(cases or {})

    def text(self, document: str) -> str:
        return self.documents[document].text

    def string(self, value: Any) -> Any:
        """A short text with its names replaced; a case id its pseudonym, a document's name
        as ``document_name`` gives it (a report that names them as values)."""
        if isinstance(value, str) and value in self._cases:
            return self._cases[value]
        if isinstance(value, str) and value in self.documents:
            return self.document_name(value)
        return self.replacer.string(value)

    def document_name(self, name: str) -> str:
        """A document's name with its case's pseudonym and no name of its file in clear."""
        return document_name(name, self._cases, self.replacer.spans)

    def _row(self, row: Mapping[Any, Any]) -> dict[str, Any]:
        """A row with document, case, start, end and text on the new text."""
        document = self.documents[row["document"]]
        start, end = document.span(row["start"], row["end"])
        return {
            **row,
            "document": self.string(row["document"]),
            "case": self.string(row.get("case")),
            "start": start,
            "end": end,
            "text": document.text[start:end],
        }

    def coding_rows(self, rows: Iterable[CodingRow]) -> list[CodingRow]:
        """Coding rows (store.coding_rows) on the new texts; evidence and memo pseudonymised."""
        found = []
        for row in rows:
            document = self.documents[row.document]
            start, end = document.span(row.start, row.end)
            found.append(
                replace(
                    row,
                    document=self.string(row.document),
                    case=self.string(row.case),
                    start=start,
                    end=end,
                    text=document.text[start:end],
                    evidence=self.string(row.evidence),
                    memo=self.string(row.memo),
                )
            )
        return found

    def codings(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A codings DataFrame (frames.codings_frame) on the new texts."""
        rows = [
            {
                **self._row(row),
                "evidence": self.string(row.get("evidence")),
                "memo": self.string(row.get("memo")),
            }
            for row in frame.to_dict(orient="records")
        ]
        return _frame(rows, frame)

    def segments(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A segments DataFrame (frames.segments_frame): offsets, text and speaker."""
        rows = [
            {**self._row(row), "speaker": self.string(row["speaker"])}
            for row in frame.to_dict(orient="records")
        ]
        return _frame(rows, frame)

    def document(self, document: Document) -> Document:
        """A stored document with its pseudonymised text, name, case and attributes."""
        text = self.text(document.name)
        return replace(
            document,
            name=self.string(document.name),
            case=self.string(document.case),
            text=text,
            text_hash=text_hash(text),
            attributes=header_attributes(document.attributes, self.string, self.replacer.spans),
        )

    def memos(self, memos: Iterable[MemoRow]) -> list[MemoRow]:
        """Memos with their text, title and (case or document) target pseudonymised."""
        return [
            replace(
                m,
                text=self.string(m.text),
                title=self.string(m.title),
                target=self.string(m.target) if m.target_kind in ("case", "document") else m.target,
            )
            for m in memos
        ]

    def codebook(self, codebook: Codebook) -> Codebook:
        """The codebook with its texts pseudonymised (labels, definitions, include, exclude,
        examples, memos, description: a group's codebook quotes its interviews); ids and
        rules unchanged."""
        codes = tuple(
            replace(
                code,
                label=self.string(code.label),
                definition=self.string(code.definition),
                include=self.string(code.include),
                exclude=self.string(code.exclude),
                examples=tuple(self.string(e) for e in code.examples),
                memo=self.string(code.memo),
            )
            for code in codebook.codes
        )
        return replace(codebook, codes=codes, description=self.string(codebook.description))

    def cases(self, cases: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Case attributes, names and values pseudonymised."""
        return {
            self.string(case): {k: self.string(v) for k, v in values.items()}
            for case, values in cases.items()
        }


def _frame(rows: list[dict[str, Any]], like: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=like.columns).astype(like.dtypes.to_dict())


def load_view(store: Store, private: Path, members_path: Path | None = None) -> AnonymisedView:
    """The anonymised view of the store, from the mapping in ``private``
    (``private/pseudonyms.csv``), and every name the project knows that no review decided
    (``unreviewed``: the poles, the organisations of documents.csv and of the members file
    — ``members_path``, by default ``corpus/members.csv`` beside ``private/`` —, the names
    of ``private/names.csv``), hidden all the same, with a warning (``base.notices``).

    Refused (``PtceError``): a mapping whose pseudonym is another case's folder name (a
    folder ``pole-a`` imported after the review gave ``alpha`` the pseudonym ``pole-a``),
    a members file or a list of names that cannot be read."""
    path = private / MAPPING_FILE
    mapping = read_mapping(path)
    texts = store.document_texts()
    cases = store.cases()
    attributes = [d.attributes for d in store.documents()]
    members = read_member_names(
        private.parent / MEMBERS_FILE if members_path is None else members_path
    )
    given = {v: e.pseudonym for e in mapping for v in e.variants}
    known = known_names(cases, attributes, members, texts, given)
    refuse_other_cases_names(mapping, cases, path)
    found = unreviewed(known, mapping, load_names(private / NAMES_FILE))
    if found.count:
        say(
            f"Warning: {found.count} name(s) the project knows (written in cases.csv, "
            f"documents.csv, the members file or {private.name}/{NAMES_FILE} since the review "
            f"was applied) are not in {path}: hidden all the same, as "
            f"{', '.join(found.pseudonyms)}. Run `ptce-coding pseudonymise --review` again, "
            "then --apply, to decide them."
        )
    kept = [
        replace(e, variants=[*e.variants, *found.spellings.get(i, [])])
        for i, e in enumerate(mapping)
        if e.kept
    ]
    folders = case_pseudonyms(cases, mapping, known)
    return AnonymisedView(texts, kept + found.entities, folders)
