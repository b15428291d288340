"""What the library tells the person running a command while it works: the store waits for
another program (store/base.py), names are hidden by default because no review decided them
(privacy/apply.py). A hook the command line sets to print with its other messages
(cli/common.py); nobody is told while it is None. Light on purpose: the command line imports
it at start-up."""

from __future__ import annotations

from collections.abc import Callable

# set by the command line; None: nobody is told
notice: Callable[[str], None] | None = None


def say(message: str) -> None:
    """``message`` to whoever listens (``notice``)."""
    if notice is not None:
        notice(message)
