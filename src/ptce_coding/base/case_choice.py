"""The cases (poles) an option names: ``--cases a,b`` split at its commas, where a pole's own
name may hold a comma (« Pôle Nord, Sud »)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from difflib import get_close_matches

from ptce_coding.base.errors import PtceError


def chosen_cases(asked: Sequence[str], known: Iterable[str]) -> list[str]:
    """The cases ``asked`` (an option's comma-separated list, split at its commas) among the
    ``known`` ones. A case whose name holds a comma (« Pôle Nord, Sud ») arrives in pieces
    (« Pôle Nord », « Sud »): they are put back together, unless each piece is a case too
    (then the list is refused as ambiguous); an unknown name is refused, with the cases.
    Names are compared in NFC: one typed, or pasted from a macOS file name (« é » as e and an
    accent), is the case of that name, returned as ``known`` spells it."""
    spelled = {unicodedata.normalize("NFC", name): name for name in known}
    asked = [unicodedata.normalize("NFC", name) for name in asked]
    cases = set(spelled)
    # a comma-holding name as the --cases pieces it gives (stripped, the empty ones dropped)
    split = {
        tuple(piece.strip() for piece in name.split(",") if piece.strip()): name
        for name in cases
        if "," in name
    }
    chosen: list[str] = []
    unknown: list[str] = []
    start = 0
    while start < len(asked):
        whole = _whole_name(asked, start, split, cases)
        if whole is not None:
            chosen.append(whole[0])
            start += whole[1]
            continue
        (chosen if asked[start] in cases else unknown).append(asked[start])
        start += 1
    if unknown:
        raise PtceError(
            f"unknown case(s): {', '.join(_said(name) for name in unknown)}"
            + _did_you_mean(unknown[0], cases),
            hint=f"The project's cases: {', '.join(_said(name) for name in sorted(cases))}.",
        )
    return [spelled[name] for name in dict.fromkeys(chosen)]


def _whole_name(
    asked: Sequence[str], start: int, split: dict[tuple[str, ...], str], cases: set[str]
) -> tuple[str, int] | None:
    """The comma-holding case whose pieces ``asked`` gives from ``start`` (longest first),
    with its number of pieces; None if none."""
    for pieces, name in sorted(split.items(), key=lambda item: -len(item[0])):
        if tuple(asked[start : start + len(pieces)]) != pieces:
            continue
        if len(pieces) > 1 and all(piece in cases for piece in pieces):
            raise PtceError(
                f"« {', '.join(pieces)} » in --cases is the case « {name} » and the cases "
                f"{', '.join(f'« {piece} »' for piece in pieces)} alike",
                hint="Name them in another order to mean the cases one by one "
                f"(« {', '.join(reversed(pieces))} »); the case « {name} » cannot be told "
                "from them: rename its folder without a comma to select it.",
            )
        if len(pieces) == 1 and pieces[0] in cases:
            return None  # « A » is the case A, not « A, »
        return name, len(pieces)
    return None


def _did_you_mean(name: str, cases: set[str]) -> str:
    close = get_close_matches(name, sorted(cases), n=1, cutoff=0.6)
    return f" (did you mean {_said(close[0])}?)" if close else ""


def _said(name: str) -> str:
    """A case's name in a list: in « » when it holds a comma, so that the list reads right."""
    return f"« {name} »" if "," in name else name
