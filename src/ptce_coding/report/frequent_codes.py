"""The end of an axis' reading in the restitution: its codes met in the most interviews,
« le plus souvent (en entretiens) : A (5), B (3), C (2) ».

Codes that tie are not ranked: a list « A (1), B (1), C (1) » read as a ranking where there
was none (helper T, session 40: three codes of one interview each, in the order of the
codebook). When every code of the axis is met as often, the reading says that none comes
back more than another; codes that tie are said to (« puis à égalité : B, C et D (2
chacun) »), never cut at the third place nor put in an order."""

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
    ranked, tie = min(len(values), SHOWN), []
    if len(values) > SHOWN and values[SHOWN] == values[SHOWN - 1]:  # a tie at the cut
        ranked = sum(value > values[SHOWN] for value in values)
        tie = [name for name, value in zip(names, values, strict=True) if value == values[SHOWN]]
    elif ranked > 1 and values[ranked - 1] == values[0]:  # the codes shown all tie
        ranked, tie = 0, names[:ranked]
    if not ranked:
        return f" ; le plus souvent (en entretiens), à égalité : {_tied(tie, values[0])}"
    said = ", ".join(
        f"{name} ({fr_number(value)})"
        for name, value in zip(names[:ranked], values[:ranked], strict=True)
    )
    if tie:
        said += f", puis à égalité : {_tied(tie, values[ranked])}"
    return " ; le plus souvent (en entretiens) : " + said


def _tied(names: list[str], count: int) -> str:
    """« A, B et C (2 chacun) »."""
    return f"{_listed(names)} ({fr_number(count)} chacun)"


def _listed(names: list[str]) -> str:
    """« A, B, C », or « A, B, C et 2 autres » past ``SHOWN``."""
    if len(names) <= SHOWN:
        return ", ".join(names)
    rest = len(names) - SHOWN
    return ", ".join(names[:SHOWN]) + f" et {fr_count(rest, 'autre')}"
