"""Consensus decisions in a .qdpx: a « no » is a coding of a user of its own.

REFI-QDA has codings, not decisions: a coding says that a user coded a passage. The group's
« yes » on a code (a consensus coding accepted) is a coding of the consensus's user, as any
coder's. Its « no » (rejected) is written as a coding of the user ``NO_MARK`` names
(« consensus (decision: no) »): a coding comparison in another tool then reads the
consensus's user as what the group confirmed, and the « no » stay apart, under a name that
says what they are. ptce-coding's import reads them back as the consensus's rejected
codings, which the consensus setting applies as in the project that wrote the file.
"""

from __future__ import annotations

NO_MARK = " (decision: no)"
DECIDED = ("accepted", "rejected")  # the statuses of a consensus decision: « yes », « no »


def decision_user(coder: str, status: str) -> str:
    """The user a consensus decision of ``coder`` is written under: the coder's own for a
    « yes », the « no » user (``NO_MARK``) for a « no »."""
    return f"{coder}{NO_MARK}" if status == "rejected" else coder


def read_user(name: str) -> tuple[str, str]:
    """(coder, status) of a coding of the user ``name``: a « no » user is its consensus's
    rejected coding; any other user's coding is accepted."""
    if name.endswith(NO_MARK) and name[: -len(NO_MARK)].strip():
        return name[: -len(NO_MARK)], "rejected"
    return name, "accepted"
