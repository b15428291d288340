"""One person, organisation, place or contact detail, with every way it is written.

A variant is a name as written (« Anne Hurand »), a regular expression (``re:Hurand(?:-Petit)?``)
or a name that is this entity's only where its French context says this entity's kind
(``context:Kessler``: « Monsieur Kessler » is Bernard Kessler, « la scierie Kessler » the
scierie; « Florence, la coordinatrice » a person, « la ville de Florence » a town): elsewhere it
is the entity that writes it without a prefix (``occurrence_kinds``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

PATTERN_PREFIX = "re:"
CONTEXT_PREFIX = "context:"


@dataclass
class Entity:
    """One person, organisation, place or contact detail, with every way it is written."""

    id: str
    kind: str
    name: str
    variants: list[str]
    pseudonym: str = ""
    sources: set[str] = field(default_factory=set)
    kept: bool = True  # False: the researcher dropped it (not replaced)
    new: bool = False  # not in the previous mapping

    @property
    def patterns(self) -> list[str]:
        return [v[len(PATTERN_PREFIX) :] for v in self.variants if v.startswith(PATTERN_PREFIX)]

    @property
    def literals(self) -> list[str]:
        """The names as written, those held in context only (``cued``) included."""
        return [bare_variant(v) for v in self.variants if not v.startswith(PATTERN_PREFIX)]

    @property
    def cued(self) -> list[str]:
        """The names this entity holds only where the context says its kind."""
        return [bare_variant(v) for v in self.variants if v.startswith(CONTEXT_PREFIX)]


def bare_variant(variant: str) -> str:
    """A variant without its ``context:`` prefix."""
    return variant[len(CONTEXT_PREFIX) :] if variant.startswith(CONTEXT_PREFIX) else variant
