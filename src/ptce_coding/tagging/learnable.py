"""Whether the store holds anything the assisted tagger could learn from, asked of the store
alone: `suggest` says so before it loads the language model, parses the interviews and
encodes them (most of a minute), not after."""

from __future__ import annotations

from ptce_coding.base.errors import PtceError
from ptce_coding.store import Store

NOTHING_TO_LEARN = "no human coding to learn from"
NOTHING_TO_LEARN_HINT = (
    "Import codings (`ptce-coding codings import FILE --coder NAME`) or review suggestions "
    "(`ptce-coding review`) first."
)


def require_decisions(store: Store) -> None:
    """Raise when no coding is accepted or rejected: every segment's label would be unknown
    (``training_data.label_matrix``), so there is nothing to learn from."""
    if store.count_codings(["accepted", "rejected"]) == 0:
        raise PtceError(NOTHING_TO_LEARN, hint=NOTHING_TO_LEARN_HINT)
