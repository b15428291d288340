"""What an imported row's code is checked against (``CodebookIds``): the codebook's ids, and
what became of those the store's recorded codebook changes replaced or split."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ptce_coding.codebook.model import Codebook
from ptce_coding.evolution.former_ids import Fate, FormerIds

if TYPE_CHECKING:
    from ptce_coding.store import Store


@dataclass(frozen=True)
class CodebookIds:
    """What an imported row's code is checked against: the codebook's ids, those retired,
    each code's label to its id (to name the id when a label is typed instead), and what
    became of the ids the store's recorded codebook changes replaced or split (``former``)."""

    codes: set[str]
    retired: set[str] = field(default_factory=set)
    labels: Mapping[str, str] = field(default_factory=dict)
    former: FormerIds | None = None

    @classmethod
    def of(cls, codebook: Codebook, store: Store | None = None) -> CodebookIds:
        """The ids of ``codebook``; with ``store``, what became of its former ids."""
        return cls(
            codes={c.id for c in codebook.codes},
            retired={c.id for c in codebook.codes if c.retired},
            labels={c.label: c.id for c in codebook.codes if c.label},
            former=FormerIds.of(store, codebook) if store is not None else None,
        )

    def fate(self, typed: str) -> Fate | None:
        """What became of the id ``typed`` (as typed, or in upper case), when a recorded
        codebook change replaced or split it and the codebook does not offer it; else None."""
        if self.former is None:
            return None
        for code in dict.fromkeys((typed, typed.upper())):
            if code in self.codes and code not in self.retired:
                return None
            fate = self.former.fate(code)
            if fate is not None:
                return fate
        return None
