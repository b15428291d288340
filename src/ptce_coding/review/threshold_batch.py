"""What an acceptance by threshold (`review --accept-above`) would accept, told before it
is made: how many suggestions of each tagger, and of which codes, so that the reviewer sees
what a bare total hides (one code taking most of them, a tagger they did not mean)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ptce_coding.review.suggestion import Suggestion

TOP_CODES = 8  # the codes the outline names; the others are counted together


@dataclass(frozen=True)
class BatchOutline:
    """The suggestions a threshold selects: ``total``, ``taggers`` and ``codes`` as
    (name, count), most first (ties by name)."""

    total: int
    taggers: tuple[tuple[str, int], ...]
    codes: tuple[tuple[str, int], ...]

    def top_codes(self, limit: int = TOP_CODES) -> tuple[tuple[tuple[str, int], ...], int, int]:
        """The ``limit`` codes with most suggestions, then how many codes and suggestions the
        others are."""
        shown = self.codes[:limit]
        rest = self.codes[limit:]
        return shown, len(rest), sum(count for _, count in rest)


def outline(suggestions: Iterable[Suggestion]) -> BatchOutline:
    """How many of ``suggestions`` each tagger made (its method: rule, model) and each code
    has."""
    chosen = list(suggestions)
    return BatchOutline(
        total=len(chosen),
        taggers=_most_first(Counter(s.method for s in chosen)),
        codes=_most_first(Counter(s.code for s in chosen)),
    )


def _most_first(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
