"""The end of an axis' reading in the restitution: its codes met in the most interviews,
« le plus souvent (en entretiens) : A (5), B (3), C (2) ».

Codes that tie are not ranked: a list « A (1), B (1), C (1) » read as a ranking where there
was none (helper T, session 40: three codes of one interview each, in the order of the
codebook). When every code of the axis is met as often, the reading says that none comes
back more than another; codes that tie are said to (« puis à égalité : B, C et D (2
chacun) »), wherever they are in the reading, never cut at the third place nor put in an
order: « A (2), B (2), C (1) » read as A ahead of B (helper U, session 42: the demo's
Morphologie, two codes of the two coded interviews listed in the codebook's order)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ptce_coding.report.formatting import fr_count, fr_number

SHOWN = 3  # codes named in a reading


def frequent_codes(counts: pd.Series, label: Callable[[str], str]) -> str:
    """The clause that ends an axis' reading, « ; le plus souvent (en entretiens) : … », from
    ``counts`` (code → interviews where it is coded), each code named by ``label``; empty
    when no code is counted."""
    met = counts[counts > 0].sort_values(ascending=False, kind="stable")
    if met.empty:
        return ""
    values = [int(n) for n in met.tolist()]
    names = [label(str(code)) for code in met.index]
    if len(values) > 1 and values[0] == values[-1]:
        each = fr_count(values[0], "entretien")
        return f" ; aucun code ne revient plus qu'un autre : {_listed(names)}, chacun dans {each}"
    groups: list[tuple[int, list[str]]] = []  # codes met as often, most met first
    for name, value in zip(names, values, strict=True):
        if groups and groups[-1][0] == value:
            groups[-1][1].append(name)
        else:
            groups.append((value, [name]))
    parts: list[str] = []
    named = 0
    for value, tied in groups:  # whole groups, until SHOWN codes are named
        if named >= SHOWN:
            break
        after_tie = bool(parts) and len(groups[len(parts) - 1][1]) > 1
        if len(tied) > 1:
            parts.append(("puis " if parts else "") + f"à égalité : {_tied(tied, value)}")
        else:
            parts.append(("puis " if after_tie else "") + f"{tied[0]} ({fr_number(value)})")
        named += len(tied)
    lead = " ; le plus souvent (en entretiens)"
    return lead + (", " if len(groups[0][1]) > 1 else " : ") + ", ".join(parts)


def _tied(names: list[str], count: int) -> str:
    """« A, B et C (2 chacun) »."""
    return f"{_listed(names)} ({fr_number(count)} chacun)"


def _listed(names: list[str]) -> str:
    """« A, B, C », or « A, B, C et 2 autres » past ``SHOWN``."""
    if len(names) <= SHOWN:
        return ", ".join(names)
    rest = len(names) - SHOWN
    return ", ".join(names[:SHOWN]) + f" et {fr_count(rest, 'autre')}"
