"""The study changes shape (`documents remove`, `cases remove`, `documents move`): what a
change takes away or carries along, summed up for the confirmation; the store does the change
(store/removal.py) and keeps everything removed in the event log, for `history --restore`."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ptce_coding.base.errors import PtceError, StoreError
from ptce_coding.codebook.model import did_you_mean
from ptce_coding.corpus.cases import read_attribute_table
from ptce_coding.evolution.memos import nearest_document
from ptce_coding.store import Store


@dataclass(frozen=True)
class DocumentShare:
    """One document and what hangs on it."""

    name: str
    case: str
    segments: int
    words: int
    codings: dict[tuple[str, str], int]  # (coder, status): codings
    memos: int


@dataclass(frozen=True)
class Change:
    """What a removal or a move concerns."""

    documents: list[DocumentShare]
    case: str | None = None  # a whole case removed
    case_memos: int = 0
    case_attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def codings(self) -> int:
        return sum(sum(d.codings.values()) for d in self.documents)

    @property
    def memos(self) -> int:
        return self.case_memos + sum(d.memos for d in self.documents)


def _share(bundle: dict[str, Any]) -> DocumentShare:
    document = bundle["document"]
    return DocumentShare(
        name=document["name"],
        case=bundle["case"],
        segments=len(bundle["segments"]),
        words=int(document["words"]),
        codings=dict(sorted(Counter((c["coder"], c["status"]) for c in bundle["codings"]).items())),
        memos=len(bundle["memos"]),
    )


def document_change(store: Store, names: list[str]) -> Change:
    """What removing (or moving) these documents concerns; an unknown name is an error that
    names the documents it may mean."""
    known = [row.document for row in store.document_rows()]
    for name in names:
        if store.stored_document_name(name) not in known:
            # a name typed with the corpus folder (shell completion: corpus/pole-a/x.txt),
            # without its case folder, or with other capitals
            longer = [k for k in known if name.endswith("/" + k)]
            near = (
                f" (did you mean {' or '.join(longer[:3])}?)"
                if longer
                else nearest_document(name, known)
            )
            case = store.stored_case_name(name.rstrip("/"))
            raise StoreError(
                f"no document {name!r}{near}; nothing was changed",
                hint=(f"{case} is a case, not a document. " if case in store.cases() else "")
                + "`ptce-coding documents` lists the documents by the names to give here "
                "(case/file).",
            )
    return Change([_share(store.document_bundle(name)) for name in names])


def case_change(store: Store, name: str) -> Change:
    """What removing this case concerns: its documents, their codings and memos, its own."""
    cases = store.cases()
    if store.stored_case_name(name) not in cases:
        other = [c for c in cases if c.casefold() == name.casefold()]  # Pole-A for pole-a
        near = f" (did you mean {other[0]}?)" if other else did_you_mean(name, cases)
        raise StoreError(
            f"no case {name!r}{near}; nothing was changed",
            hint="`ptce-coding documents` lists the cases (its `case` column).",
        )
    bundle = store.case_bundle(name)
    return Change(
        [_share(b) for b in bundle["documents"]],
        case=name,
        case_memos=len(bundle["memos"]),
        case_attributes=json_attributes(bundle["case"]),
    )


def json_attributes(case: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(case.get("attributes") or "{}"))


def rows_naming(table: Path, key: str, names: list[str]) -> list[str]:
    """The names among ``names`` that the attribute table ``table`` (cases.csv: ``key`` case,
    documents.csv: document) has a row for, as the table writes them: a row the change
    leaves naming what is gone. None when the table is missing or unreadable (the next
    import says what is wrong with it)."""
    try:
        listed = read_attribute_table(table, key)
    except PtceError:
        return []
    wanted = {unicodedata.normalize("NFC", name) for name in names}
    return [name for name in listed if unicodedata.normalize("NFC", name) in wanted]
