"""The anonymised view of a project: what every ``--anonymise`` export reads.

Per document, the pseudonymised text and an offset map from the stored text to it: a coding
(start, end) becomes the span of the same words in the new text (a boundary that falls inside
a replaced name moves to the edge of its pseudonym, so the coding still covers the whole
name). The store is only read: its texts and codings never change.

Besides the reviewed entities, e-mail addresses, phone numbers and URLs are always replaced
(« [courriel] », « [téléphone] », « [site web] »), even those that appeared after the review.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ptce_coding.base.records import CodingRow, MemoRow
from ptce_coding.corpus.transcript import text_hash
from ptce_coding.privacy.detect import AFTER, BEFORE, PATTERNS
from ptce_coding.privacy.pseudonyms import MAPPING_FILE, Entity, read_mapping

if TYPE_CHECKING:
    from ptce_coding.base.records import Document
    from ptce_coding.store import Store

PLACEHOLDERS = {"email": "[courriel]", "phone": "[téléphone]", "url": "[site web]"}


@dataclass(frozen=True)
class Replacement:
    start: int
    end: int
    pseudonym: str
    entity: str


class Replacer:
    """Finds every variant of the entities in a text, longest first, as whole words."""

    def __init__(self, entities: Sequence[Entity], *, safety_net: bool = True) -> None:
        self._pseudonyms: dict[str, tuple[str, str]] = {}
        for entity in entities:
            for variant in entity.literals:
                self._pseudonyms.setdefault(variant, (entity.pseudonym, entity.id))
        literals = sorted(self._pseudonyms, key=len, reverse=True)
        self._literal = (
            re.compile(BEFORE + "(?:" + "|".join(re.escape(v) for v in literals) + ")" + AFTER)
            if literals
            else None
        )
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
        if self._literal is not None:
            for m in self._literal.finditer(text):
                pseudonym, entity = self._pseudonyms[m.group()]
                found.append(Replacement(m.start(), m.end(), pseudonym, entity))
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

    def string(self, value: Any) -> Any:
        """A short text (speaker, memo, attribute) with its names replaced; others unchanged."""
        if not isinstance(value, str) or not value:
            return value
        return AnonymisedText.of(value, self).text


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
        spans = replacer.spans(text)
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
    (``private/pseudonyms.csv``)."""
    kept = [e for e in read_mapping(private / MAPPING_FILE) if e.kept]
    return AnonymisedView(store.document_texts(), kept)
