"""The anonymised view of a project: what every ``--anonymise`` export reads.

Per document, the pseudonymised text and an offset map from the stored text to it: a coding
(start, end) becomes the span of the same words in the new text (a boundary that falls inside
a replaced name moves to the edge of its pseudonym, so the coding still covers the whole
name). The store is only read: its texts and codings never change.

Besides the reviewed entities, e-mail addresses, phone numbers and URLs are always replaced
(« [courriel] », « [téléphone] », « [site web] »), even those that appeared after the review.
The word before a pseudonym is made to agree with it (« la Coopérative » → « l'Organisation
1 », « d'Anne » → « de Personne 1 »: ``articles``); that word is a replacement of its own, so a
coding that starts or ends at the name keeps its exact bounds.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ptce_coding.base.records import CodingRow, MemoRow
from ptce_coding.corpus.transcript import text_hash
from ptce_coding.privacy.articles import apostrophe_of, determiner_edit
from ptce_coding.privacy.detect import AFTER, BEFORE, PATTERNS
from ptce_coding.privacy.known import KnownName, known_names
from ptce_coding.privacy.pseudonyms import MAPPING_FILE, Entity, build_entities, read_mapping

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
    to begin a sentence and a curly apostrophe (« L’Atelier » for « l'Atelier »), and across
    a line break or a double space: the text and the variants are compared folded (``fold``:
    one character for one, so offsets hold). A variant's word in lower case elsewhere
    (« martin-pêcheur », « la biscuiterie ») is not a name.
    """

    def __init__(self, entities: Sequence[Entity], *, safety_net: bool = True) -> None:
        self._pseudonyms: dict[str, tuple[str, str]] = {}
        for entity in entities:
            for variant in entity.literals:
                self._pseudonyms.setdefault(key(variant), (entity.pseudonym, entity.id))
        literals = sorted(
            {fold(v) for e in entities for v in e.literals if v.strip()}, key=len, reverse=True
        )
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
        """Non-overlapping replacements, in text order (earlier sources win overlaps)."""
        found: list[Replacement] = []
        for pattern, pseudonym, entity in self._patterns:
            found += [
                Replacement(m.start(), m.end(), pseudonym, entity)
                for m in pattern.finditer(text)
                if m.group()
            ]
        folded = fold(text)
        for literal in self._literals:  # as written (folded), then in capitals
            found += [self._widest(literal, folded, m) for m in literal.finditer(folded)]
        for pattern, placeholder, kind in self._safety:
            found += [
                Replacement(m.start(), m.end(), placeholder, kind) for m in pattern.finditer(text)
            ]
        kept: list[Replacement] = []
        taken: list[tuple[int, int]] = []
        for span in found:  # in priority order: lists' patterns, names, contact details
            if any(s < span.end and span.start < e for s, e in taken):
                continue
            kept.append(span)
            taken.append((span.start, span.end))
        return sorted(kept, key=lambda r: r.start)

    def _widest(self, literal: re.Pattern[str], folded: str, found: re.Match[str]) -> Replacement:
        """The name at ``found``, or a longer one that starts inside it and ends after it
        (« Encre Vive » in « l'Encre Vive », where the alias « l'Encre » matched first): one
        span over both when they are one entity's, else the longer name."""
        pseudonym, entity = self._pseudonyms[key(found.group())]
        for position in range(found.start() + 1, found.end()):
            if not folded[position].isalnum() or folded[position - 1].isalnum():
                continue
            other = literal.match(folded, position)
            if other is None or other.end() <= found.end():
                continue
            other_pseudonym, other_entity = self._pseudonyms[key(other.group())]
            if other_entity == entity:
                return Replacement(found.start(), other.end(), pseudonym, entity)
            if len(other.group()) > len(found.group()):
                return Replacement(other.start(), other.end(), other_pseudonym, other_entity)
        return Replacement(found.start(), found.end(), pseudonym, entity)

    def edits(self, text: str) -> list[Replacement]:
        """``spans``, and before each name the words that must change to agree with its
        pseudonym (entity ``""``: ``articles.determiner_edit``), in text order."""
        found: list[Replacement] = []
        end, apostrophe = 0, apostrophe_of(text)
        for span in self.spans(text):
            edit = determiner_edit(
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


def _fold_table() -> dict[int, str]:
    table = {ord("’"): "'", ord("‘"): "'", ord("ʼ"): "'"}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """``text`` without accents and with straight apostrophes, one character for one."""
    return text.translate(_FOLD)


def key(variant: str) -> str:
    """How a name is compared: without accents, capitals or extra spaces."""
    return " ".join(fold(variant).casefold().split())


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
    attributes, and also in document and case names (list a pole's folder name, e.g.
    ``terres-d-orlan``, to have its case renamed). Offsets are looked up by the stored name.
    """

    def __init__(self, texts: dict[str, str], entities: Sequence[Entity]) -> None:
        self.replacer = Replacer(entities)
        self.entities = list(entities)
        self.documents = {
            name: AnonymisedText.of(text, self.replacer) for name, text in texts.items()
        }

    def text(self, document: str) -> str:
        return self.documents[document].text

    def string(self, value: Any) -> Any:
        return self.replacer.string(value)

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
            attributes={k: self.string(v) for k, v in document.attributes.items()},
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


def load_view(store: Store, private: Path) -> AnonymisedView:
    """The anonymised view of the store, from the mapping in ``private``
    (``private/pseudonyms.csv``), and the poles no review decided (``unreviewed``)."""
    mapping = read_mapping(private / MAPPING_FILE)
    texts = store.document_texts()
    cases = store.cases()
    attributes = [d.attributes for d in store.documents()]
    extra = unreviewed(known_names(cases, attributes, (), texts), mapping)
    return AnonymisedView(texts, [e for e in mapping if e.kept] + extra)


def unreviewed(known: Sequence[KnownName], mapping: Sequence[Entity]) -> list[Entity]:
    """The project's poles and organisations that no row of the mapping names (one made
    before they were proposed, or before a pole was imported): hidden all the same, with
    their default pseudonyms (« Pôle A », numbers after the mapping's). One the review kept
    or dropped is left to its decision."""
    reviewed = {v for entity in mapping for v in entity.variants}
    fresh = [k for k in known if not reviewed & set(k.variants)]
    entities = build_entities([], previous=mapping, known=fresh)
    for number, entity in enumerate(entities, start=1):
        entity.id = f"project-{number}"
    return entities
