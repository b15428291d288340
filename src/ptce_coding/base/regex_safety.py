"""Codebook regular expressions that cannot run away.

A repeat inside a repeat (``'^(\\w+\\s?)+$'``, ``(a*)*``, ``(.*,){20}``) lets the engine try
exponentially many ways to cut a text that almost matches: on one long paragraph ``code`` then
hangs. Such nesting is refused when the codebook is read (``nested_repeat``). What escapes
that analysis (``(\\w|\\d)+$``: overlapping alternatives) is bounded while coding: each regular
expression runs with a time limit per segment (``MATCH_SECONDS``, the ``regex`` module's
``timeout``), and the rule that exceeds it is named in the error.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the typed names of the same modules (importing them warns since 3.11)
    import sre_constants
    import sre_parse
else:
    from re import _constants as sre_constants
    from re import _parser as sre_parse

MATCH_SECONDS = 2.0  # per rule and segment: a sound rule takes well under a millisecond
LARGE_COUNT = 10
_UNBOUNDED = sre_constants.MAXREPEAT
_BACKTRACKING = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
_NO_BACKTRACK = {getattr(sre_constants, "POSSESSIVE_REPEAT", None)} - {None}


def nested_repeat(pattern: str, flags: int = 0) -> str | None:
    """How ``pattern`` nests a variable repeat inside another repeat where one of the two is
    unbounded (a catastrophic-backtracking risk), or None when it does not."""
    try:
        tree = sre_parse.parse(pattern, flags)
    except (re.error, OverflowError, RecursionError):
        return None  # not a pattern `re` can read: the rule's compile check reports it
    return _walk(tree, None)


def _quantifier(low: int, high: int) -> str:
    if (low, high) == (0, _UNBOUNDED):
        return "*"
    if (low, high) == (1, _UNBOUNDED):
        return "+"
    if (low, high) == (0, 1):
        return "?"
    if low == high:
        return f"{{{low}}}"
    return f"{{{low},{'' if high == _UNBOUNDED else high}}}"


def _risky(outer_high: int, inner_high: int) -> bool:
    """An unbounded repeat of anything variable, or many repeats of an unbounded one (a few,
    as in ``(\\w+\\s){0,3}``, stay polynomial and are left to the time limit)."""
    return outer_high == _UNBOUNDED or (inner_high == _UNBOUNDED and outer_high >= LARGE_COUNT)


def _walk(items: sre_parse.SubPattern, outer: tuple[int, int] | None) -> str | None:
    av: Any  # a node's arguments: their shape depends on its opcode
    for op, av in items.data:
        if op in _BACKTRACKING:
            low, high, body = av
            if outer is not None and high > low and _risky(outer[1], high):
                return (
                    f"a `{_quantifier(low, high)}` repeat inside a group repeated "
                    f"`{_quantifier(*outer)}`"
                )
            inner = (low, high) if high >= 2 else outer
            found = _walk(body, inner)
        elif op in _NO_BACKTRACK:
            found = _walk(av[2], None)
        else:
            found = None
            for child in _children(op, av):
                found = found or _walk(child, outer)
        if found:
            return found
    return None


def _children(op: int, av: Any) -> list[sre_parse.SubPattern]:
    """The sub-patterns of one node of the parse tree."""
    if op is sre_constants.SUBPATTERN:
        return [av[3]]
    if op is sre_constants.BRANCH:
        return list(av[1])
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return [av[1]]
    if op is sre_constants.GROUPREF_EXISTS:
        return [branch for branch in av[1:] if branch is not None]
    if op is getattr(sre_constants, "ATOMIC_GROUP", None):
        return []  # no backtracking into an atomic group
    return []
