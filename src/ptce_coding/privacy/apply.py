"""The anonymised view of a project: what every ``--anonymise`` export reads.

Per document, the pseudonymised text and an offset map from the stored text to it: a coding
(start, end) becomes the span of the same words in the new text (a boundary that falls inside
a replaced name moves to the edge of its pseudonym, so the coding still covers the whole
name). The store is only read: its texts and codings never change.

What is replaced, and by what, is ``replacer``'s: the reviewed entities' names, e-mail
addresses, phone numbers and URLs, and the words before a pseudonym made to agree with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ptce_coding.base.notices import say
from ptce_coding.base.records import CodingRow, MemoRow
from ptce_coding.corpus.transcript import text_hash
from ptce_coding.privacy.entity import Entity
from ptce_coding.privacy.file_names import case_pseudonyms, document_name, header_attributes
from ptce_coding.privacy.known import known_names
from ptce_coding.privacy.mapping_file import MAPPING_FILE, read_mapping
from ptce_coding.privacy.members_file import MEMBERS_FILE, read_member_names
from ptce_coding.privacy.names import NAMES_FILE, load_names
from ptce_coding.privacy.replacer import AnonymisedText, Replacer
from ptce_coding.privacy.unreviewed import refuse_other_cases_names, unreviewed

if TYPE_CHECKING:
    from ptce_coding.base.records import Document
    from ptce_coding.codebook.model import Codebook
    from ptce_coding.store import Store


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
            attributes=header_attributes(
                document.attributes, self.string, self.replacer.spans, self._cases
            ),
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
