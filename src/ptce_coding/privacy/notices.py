"""What pseudonymisation tells the person running a command while it works (names hidden by
default because no review decided them): a hook the command line sets (``cli/privacy.py``,
with the command's other messages), as the store's ``waiting_notice``; nobody is told while
it is None. Light on purpose: the command line imports it at start-up."""

from __future__ import annotations

from collections.abc import Callable

# set by the command line; None: nobody is told
notice: Callable[[str], None] | None = None


def say(message: str) -> None:
    """``message`` to whoever listens (``notice``)."""
    if notice is not None:
        notice(message)
