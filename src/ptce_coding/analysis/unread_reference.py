"""The review decisions `evaluate` leaves out of its reference: suggestions accepted by
threshold (`review --accept-above`). Such an acceptance is the tagger's own judgement (its
confidence reached the threshold), taken over unread: counted as a positive of the reference,
it would score the tagger that suggested it against itself (a rule at precision 1.0 on its
own acceptances) and lift the other taggers' scores with passages nobody read. So, as in
``agreement`` (unread_codings.py), they are given back to the tagger: not a positive of the
reference, nor a review decision that weighs the rules in the cross-validation
(weighed_rules.py); a decision made one by one still counts. The store says which codings
they are (``Store.threshold_acceptances``: {coding id: threshold})."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ptce_coding.base.records import CodingRow


@dataclass(frozen=True)
class LeftUnread:
    """``count`` review decisions left out of the reference: acceptances by threshold, at
    ``thresholds`` (lowest first)."""

    count: int
    thresholds: tuple[float, ...]

    def sentence(self) -> str:
        """« 143 suggestions accepted by threshold (≥ 0.8) are left out of the reference:
        nobody read them »."""
        at = " or ".join(f"≥ {value:g}" for value in self.thresholds)
        if self.count == 1:
            return (
                f"1 suggestion accepted by threshold ({at}) is left out of the reference: "
                "nobody read it"
            )
        return (
            f"{self.count} suggestions accepted by threshold ({at}) are left out of the "
            "reference: nobody read them"
        )


def read_decisions(
    decisions: Iterable[CodingRow], marks: Mapping[int, float]
) -> tuple[list[CodingRow], LeftUnread | None]:
    """The review ``decisions`` made one by one, and what the acceptances by threshold among
    them (``marks``) are, left out (None: none)."""
    kept: list[CodingRow] = []
    left: list[float] = []
    for row in decisions:
        if row.id in marks:
            left.append(marks[row.id])
        else:
            kept.append(row)
    if not left:
        return kept, None
    return kept, LeftUnread(len(left), tuple(sorted(set(left))))


def as_suggested(rows: Iterable[CodingRow], marks: Mapping[int, float]) -> list[CodingRow]:
    """``rows`` with the acceptances by threshold (``marks``) given back to their tagger:
    its suggestions, undecided (as ``unread_codings.as_read`` does to a codings frame), so
    that a rule's record (``relevance.rule_records``) counts only the decisions read."""
    return [
        replace(
            row,
            coder=row.suggested_by or row.coder,
            status="suggested",
            reviewed_by=None,
            reviewed_at=None,
            suggested_by=None,
        )
        if row.id in marks
        else row
        for row in rows
    ]
