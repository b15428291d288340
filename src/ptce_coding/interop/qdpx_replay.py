"""A .qdpx's codings made again as they were made (``qdpx_provenance``), on import.

The file's codings whose ``coding_provenance`` item says they were made by hand keep their
method (``manual``), evidence and codebook version; those a tagger suggested and a reviewer
accepted, and the decisions the file holds no coding for (suggestions rejected), are
decided again: the tagger's suggestion is added as it was suggested (method, confidence,
evidence), then each reviewer's decision is taken as a review takes it
(``Store.review``: the reviewer becomes the coder of an acceptance, the event log records
each decision, an acceptance by threshold with its threshold). So the matrix and the report
say again which codings were accepted by threshold, and `code` does not suggest again what
a reviewer rejected. A decision the project holds already is not taken twice (an import of
the same file again changes nothing). The decisions are taken now: their date is the
import's, the file's date is the suggestion's.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.records import Coding, CodingRow
from ptce_coding.interop.qdpx_provenance import TAGGER_METHODS, Made
from ptce_coding.store import Batch, Store

# a suggestion: its document, passage as suggested, code, tagger and method
SuggestionKey = tuple[str, int, int, str, str, str]


@dataclass
class Restored:
    """What an import made again: codings made by hand (``manual``) or imported from a file
    (``imported``), tagger suggestions accepted (``accepted``; ``by_threshold`` of them by
    threshold), rejected (``rejected``),
    suggestions left waiting (``waiting``), and decisions the project held already
    (``present``); of the file's codings among them, those added (``codings``) and those
    the project held (``codings_present``)."""

    manual: int = 0
    imported: int = 0
    accepted: int = 0
    by_threshold: int = 0
    rejected: int = 0
    waiting: int = 0
    present: int = 0
    codings: int = 0
    codings_present: int = 0

    @property
    def decisions(self) -> int:
        return self.accepted + self.rejected

    def as_dict(self) -> dict[str, int]:
        """What the event log says of it."""
        return {
            "manual": self.manual,
            "imported": self.imported,
            "accepted": self.accepted,
            "by_threshold": self.by_threshold,
            "rejected": self.rejected,
            "waiting": self.waiting,
            "present": self.present,
        }


@dataclass(frozen=True)
class Sorted:
    """The file's codings sorted by how they are made again: ``plain`` ones, added as
    codings (with their method when made by hand), and the ``decided`` ones (document,
    ``Made``), a tagger's suggestion and its decisions, taken again (``replay``); of the plain
    ones, how many were made by hand (``manual``) and imported from a file (``imported``)."""

    plain: list[Coding]
    decided: list[tuple[str, Made]]
    manual: int = 0
    imported: int = 0


def sort_codings(codings: Sequence[Coding], made: Mapping[str, Sequence[Made]]) -> Sorted:
    """``codings`` (the file's, as imported) sorted by how ``made`` (document → its items)
    says they were made: a coding with no item is a plain import."""
    items: dict[tuple[str, int, int, str, str], Made] = {}
    decided: list[tuple[str, Made]] = []
    for document, found in made.items():
        for item in found:
            if item.decision_only:
                if item.method in TAGGER_METHODS and item.status != "suggested":
                    decided.append((document, item))
                continue
            items.setdefault((document, item.start, item.end, item.code, item.coder), item)
    plain: list[Coding] = []
    manual = imported = 0
    for coding in codings:
        key = (coding.document, coding.start, coding.end, coding.code, coding.coder)
        given = items.get(key) if coding.status == "accepted" else None
        if given is None or given.status == "rejected":
            plain.append(coding)
            # a file that says how its codings were made says nothing of a plain import
            imported += bool(made) and given is None and coding.status == "accepted"
        elif given.method in TAGGER_METHODS:
            decided.append((coding.document, given))
        else:
            manual += given.method == "manual"
            imported += given.method == "import"
            plain.append(
                replace(
                    coding,
                    method=given.method,
                    evidence=given.evidence,
                    codebook_version=given.codebook_version,
                )
            )
    return Sorted(plain, decided, manual, imported)


def replay(store: Store, decided: Sequence[tuple[str, Made]]) -> Restored:
    """Add the suggestions of ``decided`` that the project lacks, then take each decision
    on them that the project does not hold (first deciders first): what was made again."""
    restored = Restored()
    groups: dict[SuggestionKey, list[Made]] = {}
    for document, item in decided:
        start, end = item.passage
        key = (document, start, end, item.code, item.tagger, item.method)
        groups.setdefault(key, []).append(item)
    ids, added = _suggestions(store, groups)
    to_take: list[tuple[int, Made]] = []
    taken: set[tuple[SuggestionKey, str]] = set()  # one decision per reviewer and suggestion
    for key, items in groups.items():
        for item in sorted(items, key=lambda made: made.second):
            reviewer = item.reviewer or item.coder
            if item.status == "suggested":  # shown in the file: waiting for a decision
                restored.waiting += key in added
                restored.codings += key in added
                restored.codings_present += key not in added
            elif (key, reviewer) in taken or store.decision_of(ids[key], reviewer) is not None:
                restored.present += 1
                restored.codings_present += not item.decision_only
            else:
                to_take.append((ids[key], item))
                taken.add((key, reviewer))
                restored.codings += not item.decision_only
    batches = _batches([item for _, item in to_take])
    for suggestion, item in to_take:
        threshold = item.accepted_above if item.status == "accepted" else None
        batch = batches.get(threshold) if threshold is not None else None
        start, end = item.passage
        moved = (item.start, item.end) != (start, end) and batch is None
        store.review(
            suggestion,
            item.status,
            item.reviewer or item.coder,
            span=(item.start, item.end) if moved and item.status == "accepted" else None,
            batch=batch,
        )
        restored.accepted += item.status == "accepted"
        restored.by_threshold += batch is not None
        restored.rejected += item.status == "rejected"
    return restored


def _suggestions(
    store: Store, groups: Mapping[SuggestionKey, list[Made]]
) -> tuple[dict[SuggestionKey, int], list[SuggestionKey]]:
    """{suggestion key: id of the suggestion in the store}: the project's own (waiting or
    decided), else one added as the file's first item of it says it was suggested; and
    the keys of those added."""
    ids = _present(store, groups)
    lacking = [key for key in groups if key not in ids]
    if lacking:
        store.add_codings([_suggestion(key, groups[key][0]) for key in lacking])
    for key in lacking:
        document, start, end, code, tagger, _ = key
        found = store.coding_id(document, start, end, code, tagger)
        if found is None:  # add_codings adds each or refuses them all: a guard
            raise ExchangeError(f"the suggestion of {code} at {document}:{start}-{end} was lost")
        ids[key] = found
    return ids, lacking


def _present(store: Store, groups: Mapping[SuggestionKey, list[Made]]) -> dict[SuggestionKey, int]:
    """The suggestions of ``groups`` the project holds (as suggested, first decision's row)."""
    found: dict[SuggestionKey, int] = {}
    for name in sorted({key[0] for key in groups}):
        document = store.document(name)
        if document is None:
            continue
        rows: list[CodingRow] = store.as_suggested(store.document_codings(document.id))
        for row in rows:
            if row.method not in TAGGER_METHODS or row.origin is not None:
                continue
            key = (name, row.start, row.end, row.code, row.machine, row.method)
            if key in groups:
                found.setdefault(key, row.id)
    return found


def _suggestion(key: SuggestionKey, item: Made) -> Coding:
    """The tagger's suggestion ``item`` was a decision on, as it was suggested."""
    document, start, end, code, tagger, method = key
    return Coding(
        document=document,
        start=start,
        end=end,
        code=code,
        coder=tagger,
        method=method,
        status="suggested",
        confidence=item.confidence,
        evidence=item.evidence,
        codebook_version=item.codebook_version,
        created_at=item.suggested_at,
    )


def _batches(items: Sequence[Made]) -> dict[float, Batch]:
    """One acceptance by threshold per threshold of ``items``, sized by its acceptances."""
    sizes: dict[float, int] = {}
    for item in items:
        if item.status == "accepted" and item.accepted_above is not None:
            sizes[item.accepted_above] = sizes.get(item.accepted_above, 0) + 1
    return {
        threshold: Batch(threshold, uuid.uuid4().hex[:12], size)
        for threshold, size in sorted(sizes.items())
    }
