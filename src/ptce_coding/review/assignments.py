"""Who codes which documents, and the sample that two coders code blind (project.yaml)::

    assignments:
      coders:                    # each coder's documents: case names, document names or
        doctorante: [pole-a, pole-b]   # patterns (pole-c/*.txt)
        encadrant: [pole-c]
      double_coding:
        share: 0.2               # this share of the documents is coded by a second coder too
        seed: 18                 # the draw: the same seed gives the same sample

The sample is drawn among all documents: each document gets a stable random rank from the
seed and its name (SHA-1), and the ``round(share × documents)`` first (at least one) are
double-coded. A document's rank never changes, so adding documents only moves the edge of the
sample. The second coder of a sampled document is the next coder, in the order of
``coders``, after its first one. In a double-coded document each coder decides the
suggestions without seeing the other's decisions (review_queue.py); `agreement` compares them.

A document where two of the assigned coders have decided suggestions already stays
double-coded, whatever the draw says now: removing a document, adding some, or changing
``share`` or ``seed`` after the review started must not show one coder the other's decisions,
nor take a half-done blind review out of the second coder's queue. (Codings imported or made by
hand do not count: a group may have coded a document together before it set assignments.)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from fnmatch import fnmatchcase


@dataclass(frozen=True)
class Assignments:
    coders: dict[str, tuple[str, ...]] = field(default_factory=dict)  # coder → patterns
    share: float = 0.0
    seed: int = 0

    @property
    def configured(self) -> bool:
        return bool(self.coders)

    def sample(self, documents: dict[str, str]) -> list[str]:
        """The double-coded documents (``documents``: name → case), by rank."""
        if self.share <= 0 or not documents:
            return []
        count = max(1, round(self.share * len(documents)))
        return sorted(documents, key=self._rank)[:count]

    def plan(
        self, documents: dict[str, str], coded: dict[str, set[str]] | None = None
    ) -> dict[str, tuple[str, ...]]:
        """Each document's coders (``documents``: name → case): its assigned coders, and for
        a double-coded one a second coder. Unassigned documents have none. ``coded``: per
        document, who has decided suggestions there (``Store.deciders``); where two assigned
        coders have, the document stays double-coded with them."""
        names = list(self.coders)
        plan: dict[str, tuple[str, ...]] = {}
        for name, case in documents.items():
            plan[name] = tuple(
                c for c in names if any(_matches(p, name, case) for p in self.coders[c])
            )
        for name, people in (coded or {}).items():
            if name in plan and len(set(names) & people) >= 2:
                plan[name] = tuple(c for c in names if c in plan[name] or c in people)
        for name in self.sample(documents):
            coders = plan[name]
            if not coders or len(coders) >= 2 or len(names) < 2:
                continue
            second = names[(names.index(coders[0]) + 1) % len(names)]
            plan[name] = (coders[0], second)
        return plan

    def unmatched(self, documents: dict[str, str]) -> list[tuple[str, str]]:
        """(coder, pattern) of the assignments that name no document (``documents``: name →
        case): a misspelt case folder leaves its documents to nobody, silently."""
        return [
            (coder, pattern)
            for coder, patterns in self.coders.items()
            for pattern in patterns
            if not any(_matches(pattern, name, case) for name, case in documents.items())
        ]

    def _rank(self, name: str) -> str:
        return hashlib.sha1(f"{self.seed}:{name}".encode()).hexdigest()


def _matches(pattern: str, document: str, case: str) -> bool:
    return pattern in (case, document) or fnmatchcase(document, pattern)


def blind_documents(plan: dict[str, tuple[str, ...]]) -> set[str]:
    """The documents more than one coder codes: there each decides without seeing the other."""
    return {name for name, coders in plan.items() if len(coders) >= 2}
