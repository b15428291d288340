"""The codes' texts that cite a code id a codebook change has replaced (« (GOUV.DELEGUEE) » in
a definition): a rename, merge or move does not rewrite them, so the command names each one
for the researcher to change by hand.

An id is looked for wherever the texts cite it, not only under the codebook's axes as
``Codebook.missing_citations`` does: after `codebook rename GOUV GOV` no axis GOUV is left to
tell that « GOUV.CA » is a code id, and the sub-codes that moved with the axis are cited as
often as the axis itself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ptce_coding.codebook.model import CITED_FIELDS, CITED_ID, Code, Codebook


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
        for code in book.codes
        for field in CITED_FIELDS
        for cited in dict.fromkeys(CITED_ID.findall(getattr(code, field)))
        if cited in mapping and cited not in book
    ]
