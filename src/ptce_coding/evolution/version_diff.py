"""What changed between a codebook version the store has seen and the codebook now
(`ptce-coding codebook diff`): the earlier version named by a prefix of its hash, or by default
the newest one before the current."""

from __future__ import annotations

from dataclasses import dataclass

from ptce_coding.base.errors import PtceError
from ptce_coding.codebook.diff import diff
from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.codebook.model import Codebook
from ptce_coding.store import Store


@dataclass(frozen=True)
class VersionDiff:
    """The changes from codebook version ``before`` (its whole hash) to ``after``, the
    codebook now: one row (change, code, detail) each."""

    before: str
    after: str
    rows: list[dict[str, str]]


def diff_since(store: Store, book: Codebook, version: str | None = None) -> VersionDiff:
    """What changed from the stored codebook version whose hash starts with ``version``
    (None: the newest one the store has seen other than ``book``'s) to ``book``, renames
    taken from the store's history."""
    if version is None:
        earlier = [v for v in store.codebook_versions() if v != book.version]
        if not earlier:
            raise PtceError("the store has seen no other codebook version")
        version = earlier[-1]
    found, content = store.codebook_content(version)
    before = parse_codebook(content, path=f"version {found}")
    return VersionDiff(found, book.version, diff(before, book, store.renames()))
