"""The codes' texts that cite a code id a codebook change has replaced (« (GOUV.DELEGUEE) » in
a definition): a rename, merge or move does not rewrite them, so the command names each one
for the researcher to change by hand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ptce_coding.codebook.model import Code, Codebook


@dataclass(frozen=True)
class StaleCitation:
    """Code ``code``'s text ``field`` cites ``cited``, which is now ``now``."""

    code: Code
    field: str
    cited: str
    now: str


def stale_citations(book: Codebook, mapping: Mapping[str, str]) -> list[StaleCitation]:
    """The citations in ``book``'s texts of a code id that ``mapping`` (old id: new id, a
    change's) replaced, in the codebook's order."""
    return [
        StaleCitation(code, field, cited, mapping[cited])
        for code, field, cited in book.missing_citations()
        if cited in mapping
    ]
