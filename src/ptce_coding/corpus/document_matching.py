"""Which stored document a planned file is: the one of its name in its case, an earlier
version's, the one read from the same file; never another case's (what to run instead). And
documents.csv's rows by the names documents have."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ptce_coding.base.document_names import by_file_alone
from ptce_coding.base.errors import CorpusError
from ptce_coding.base.records import Document
from ptce_coding.corpus.import_plan import Planned, absolute, nfc
from ptce_coding.corpus.stale_rows import nearest_name
from ptce_coding.store import Store


def sources_of(store: Store) -> dict[Path, Document]:
    """The stored documents by the file they were read from (its path made absolute)."""
    return {absolute(doc.source): doc for doc in store.documents() if doc.source}


def named_as_stored(store: Store, item: Planned, sources: Mapping[Path, Document]) -> Planned:
    """The planned file under the name of the document it is: the one of its name (always of
    its case), else the one an earlier version named otherwise (the bare file name of a file
    imported alone, ``entretien.txt``) in its case, or read from the same file in its case.
    A document of its name in another case is never replaced: CorpusError, with what to do
    (`documents move`)."""
    assert item.case is not None
    existing = store.document(item.name)
    if existing is not None:
        if not same_case(existing, item):
            raise CorpusError(
                f"a document {existing.name!r} of case {existing.case} exists"
                + _from(existing)
                + f"; this file of case {item.case} is not imported over it: nothing was "
                "imported from it",
                hint=move_hint(existing, item.case),
            )
        return item
    earlier = store.document(item.name[len(item.case) + 1 :])
    if earlier is not None and same_case(earlier, item):
        return replace(item, name=earlier.name)
    own = own_document(store, item, sources)
    if own is not None and same_case(own, item):
        return replace(item, name=own.name)
    return item


def same_case(document: Document, item: Planned) -> bool:
    """Whether the document is in the planned file's case (compared in NFC: a store filled
    before the import normalised names may hold them decomposed)."""
    return item.case is not None and nfc(document.case) == nfc(item.case)


def own_document(store: Store, item: Planned, sources: Mapping[Path, Document]) -> Document | None:
    """The stored document read from this very file, if any."""
    own = sources.get(absolute(item.path))
    return store.document(own.name) if own is not None else None


def _from(document: Document) -> str:
    return f" (imported from {document.source})" if document.source else ""


def move_hint(document: Document, case: str) -> str:
    """What to do when a file is imported in another case than its document's."""
    return (
        f"to put that document in case {case}, with its codings, run `ptce-coding documents "
        f"move {document.name} --case {case}`, then import again; to keep it in case "
        f"{document.case}, import the file with --case {document.case}"
    )


def by_stored_names(
    listed: Mapping[str, dict[str, Any]], names: set[str]
) -> dict[str, dict[str, Any]]:
    """documents.csv's rows by the names documents have (<case>/<file>): a row that names a
    document by its file alone (as before documents were named so, or as another tool does)
    is that document's when one case has the file; else it stays as written (and is reported
    as naming no document)."""
    in_cases = by_file_alone(names)
    keyed: dict[str, dict[str, Any]] = {}
    for given, values in listed.items():
        found = in_cases.get(unicodedata.normalize("NFC", given), [])
        name = found[0] if given not in names and len(found) == 1 else given
        keyed[name] = {**keyed.get(name, {}), **values}
    return keyed


def with_nearest(unknown: list[str], names: set[str]) -> list[str]:
    """Names of cases.csv or documents.csv that are no case or document, each with the one
    it may mean (``stale_rows.nearest_name``): « Pôle A (did you mean pole-a?) »,
    « directrice.txt (did you mean pole-a/directrice.txt?) »."""
    named = []
    for name in unknown:
        close = nearest_name(name, names)
        named.append(f"{name} (did you mean {close}?)" if close else name)
    return named
