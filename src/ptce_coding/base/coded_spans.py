"""Where codings of each code lie, to ask « does a coding of this code already cover this
passage? » (a tagger not suggesting twice, the review queue listing a passage and code once)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ptce_coding.base.records import CodingRow


class CodedSpans:
    """The spans of some codings, by (document, code); with ``above`` (a code's ancestors,
    ``Codebook.ancestors``), a coding also stands for every code above its own."""

    def __init__(
        self, rows: Iterable[CodingRow], above: Callable[[str], Iterable[str]] | None = None
    ) -> None:
        self._spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for row in rows:
            for code in (row.code, *(above(row.code) if above is not None else ())):
                self._spans.setdefault((row.document, code), []).append((row.start, row.end))

    def overlap(self, document: str, code: str, start: int, end: int) -> bool:
        """Whether one of them, of ``code`` in ``document``, overlaps [start, end)."""
        return any(s < end and e > start for s, e in self._spans.get((document, code), ()))
