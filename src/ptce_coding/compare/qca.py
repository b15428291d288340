"""Crisp-set qualitative comparative analysis (csQCA): truth table and Boolean minimisation.

Ragin, *The Comparative Method*, 1987; Rihoux & Ragin (eds), *Configurational Comparative
Methods*, 2009, ch. 3; notation and measures as in the R package QCA (Dușa, *QCA with R*,
2019): ``A*~B`` is « A and not B », ``+`` is « or ».

* A **configuration** is one combination of present (1) and absent (0) conditions; the truth
  table has one row per configuration observed in the cases, numbered like QCA's (the
  configuration read as a binary number, plus one).
* A row's **consistency** is the share of its cases that show the outcome. ``OUT`` is 1 when
  the consistency reaches ``cut`` (1 by default: every case of the row shows the outcome), 0
  when no case shows it, ``C`` otherwise: a **contradictory** row (some of its cases show
  the outcome, others do not), left out of the minimisation.
* The **complex** (conservative) solution minimises the rows with ``OUT`` 1 alone; the
  **parsimonious** solution also lets the minimisation use the *remainders*, configurations
  that no case shows, as it likes (Boolean « don't care »). The minimisation is sympy's
  :func:`~sympy.logic.boolalg.SOPform` (Quine–McCluskey prime implicants, then a cover from
  which no term can be removed). When several covers are equally short, sympy returns one
  and this module does not look for the others (the R package QCA lists them all as M1,
  M2, …): a solution here is *a* minimal formula, not necessarily the only one.
* A term's **consistency** is the share of the cases it covers that show the outcome; its
  **raw coverage** the share of the cases with the outcome that it covers, its **unique
  coverage** the share that it alone covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any, cast

import pandas as pd
from sympy import And, Not, Or, Symbol
from sympy.logic import SOPform
from sympy.logic.boolalg import BooleanTrue

from ptce_coding.compare.ca import AnalysisError

MAX_CONDITIONS = 10  # 1,024 configurations: past this, a handful of poles says nothing


@dataclass(frozen=True)
class TruthTable:
    """``rows``: one per observed configuration (index: QCA's row number): the conditions
    (0/1), ``OUT`` (``1``, ``0`` or ``C``), ``n`` (cases), ``consistency``, ``cases``."""

    conditions: tuple[str, ...]
    outcome: str
    cut: float
    data: pd.DataFrame  # cases × conditions and the outcome, 0/1
    rows: pd.DataFrame

    @property
    def contradictions(self) -> pd.DataFrame:
        return self.rows[self.rows["OUT"] == "C"]

    @property
    def remainders(self) -> int:
        return 2 ** len(self.conditions) - len(self.rows)


@dataclass(frozen=True)
class Term:
    literals: tuple[tuple[str, int], ...]  # (condition, 1 present / 0 absent), table order
    consistency: float
    raw_coverage: float
    unique_coverage: float
    cases: tuple[str, ...]  # covered cases that show the outcome
    deviant: tuple[str, ...]  # covered cases that do not

    @property
    def expression(self) -> str:
        if not self.literals:
            return "1"  # every configuration: the outcome whatever the conditions
        return "*".join(name if value else f"~{name}" for name, value in self.literals)


@dataclass(frozen=True)
class Solution:
    kind: str  # complex or parsimonious
    outcome: str
    terms: list[Term]
    consistency: float
    coverage: float
    remainders_used: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def expression(self) -> str:
        if not self.terms:
            return f"(aucune configuration ne mène à {self.outcome})"
        arrow = "<->" if self.consistency == 1 and self.coverage == 1 else "->"
        return f"{' + '.join(t.expression for t in self.terms)} {arrow} {self.outcome}"


def check_conditions(outcome: str, conditions: Sequence[str]) -> None:
    """Refuses what cannot make a truth table, before anything is read: a condition given
    twice (two columns of one name, which the table cannot group by), a negated condition
    (``~`` marks the outcome's absence only), the outcome among the conditions, ``~~name``,
    ``~`` alone and ``attribute=`` without its value."""
    negated = outcome.startswith("~")
    if outcome.startswith("~~") or (negated and not outcome[1:].strip()):
        raise AnalysisError(
            f"outcome {outcome!r}: one `~` in front of a name marks its absence",
            hint="Write ~name (such as ~laureat_appel), or the name alone.",
        )
    seen: set[str] = set()
    for condition in conditions:
        if condition.startswith("~"):
            raise AnalysisError(
                f"condition {condition}: a condition is not negated; `~` marks the outcome's "
                "absence only",
                hint=f"Give {condition.lstrip('~')}: the truth table reads each condition's "
                "absence too (0 in its column).",
            )
        if condition in seen:
            raise AnalysisError(
                f"condition {condition} is given twice", hint="List each condition once."
            )
        seen.add(condition)
    if outcome.lstrip("~") in seen:
        raise AnalysisError(
            f"{outcome.lstrip('~')} cannot be both the outcome and a condition",
            hint="A truth table explains the outcome by other conditions: remove it from the "
            "conditions.",
        )
    for name in [*conditions, outcome.lstrip("~")]:
        attribute, equals, value = name.partition("=")
        if equals and not (attribute.strip() and value.strip()):
            raise AnalysisError(
                f"{name!r}: attribute=value needs both the attribute and its value",
                hint="Write such as forme_juridique=SCIC, or the attribute alone (present "
                "unless empty or non/no/false/0).",
            )


def truth_table(
    data: pd.DataFrame, outcome: str, conditions: list[str] | None = None, *, cut: float = 1.0
) -> TruthTable:
    """The truth table of ``data`` (cases × 0/1 columns) for ``outcome``.

    ``outcome`` is a column name, or ``~name`` for the outcome's absence. ``conditions``
    default to every other column.
    """
    negate = outcome.startswith("~")
    column = outcome[1:] if negate else outcome
    conditions = list(conditions or [c for c in data.columns if c != column])
    check_conditions(outcome, conditions)
    missing = [c for c in [column, *conditions] if c not in data.columns]
    if missing:
        raise AnalysisError(f"no column {', '.join(missing)} in the QCA data")
    if not conditions:
        raise AnalysisError("a truth table needs at least one condition")
    if len(conditions) > MAX_CONDITIONS:
        raise AnalysisError(
            f"{len(conditions)} conditions: at most {MAX_CONDITIONS} "
            f"({2**MAX_CONDITIONS} configurations) — choose the conditions that matter",
            report=f"{len(conditions)} conditions : au plus {MAX_CONDITIONS} "
            f"({2**MAX_CONDITIONS} configurations) ; retenir les conditions qui comptent",
        )
    if len(data) < 2:
        raise AnalysisError(
            f"a truth table compares poles: it needs at least 2 (here {len(data)})",
            report="une table de vérité compare des pôles : il en faut au moins 2 "
            f"(ici {len(data)})",
        )
    if not 0 < cut <= 1:
        raise AnalysisError(f"the consistency cut must be in ]0, 1], not {cut}")
    values = data[[*conditions, column]]
    bad = ~values.isin([0, 1]).all()
    if bad.any():
        raise AnalysisError(
            f"crisp sets hold 0 or 1 only; column(s) {', '.join(bad[bad].index)} hold others"
        )
    values = values.astype(int)
    if negate:
        values[column] = 1 - values[column]
    values = values.rename(columns={column: outcome})
    rows = []
    for key, group in values.groupby(conditions, sort=False):
        configuration = cast("tuple[int, ...]", key if isinstance(key, tuple) else (key,))
        n, positive = len(group), int(group[outcome].sum())
        consistency = positive / n
        out = "1" if consistency >= cut else ("0" if positive == 0 else "C")
        rows.append(
            {
                **dict(zip(conditions, configuration, strict=True)),
                "OUT": out,
                "n": n,
                "consistency": consistency,
                "cases": ",".join(str(c) for c in group.index),
                "row": _row_number(configuration),
            }
        )
    frame = pd.DataFrame(rows).set_index("row")
    frame = frame.sort_values(
        ["OUT", "n", "row"], ascending=[False, False, True], key=_out_order
    )  # QCA's order: outcome 1 first, then by frequency
    return TruthTable(tuple(conditions), outcome, cut, values, frame)


def _out_order(column: pd.Series) -> pd.Series:
    return column.map({"1": 2, "C": 1, "0": 0}) if column.name == "OUT" else column


def _row_number(configuration: tuple[int, ...]) -> int:
    return int("".join(str(int(v)) for v in configuration), 2) + 1


def minimise(table: TruthTable, *, remainders: bool = False) -> Solution:
    """The complex solution, or the parsimonious one with ``remainders=True``."""
    conditions = table.conditions
    positive = [_configuration(table, row) for row in table.rows[table.rows["OUT"] == "1"].index]
    kind = "parsimonious" if remainders else "complex"
    if not positive:
        return Solution(kind, table.outcome, [], 0.0, 0.0, notes=[_none_positive(table)])
    observed = {_configuration(table, row) for row in table.rows.index}
    free = [list(c) for c in product((0, 1), repeat=len(conditions)) if c not in observed]
    symbols = [Symbol(f"c{i}") for i in range(len(conditions))]
    formula = SOPform(symbols, [list(c) for c in positive], free if remainders else None)
    terms = [_literals(term, symbols, conditions) for term in _disjuncts(formula)]
    terms.sort(key=lambda t: (len(t), [conditions.index(n) for n, _ in t], [-v for _, v in t]))
    return _measured(table, kind, terms, len(free) if remainders else 0)


def _configuration(table: TruthTable, row: int) -> tuple[int, ...]:
    values = table.rows.loc[row, list(table.conditions)].to_numpy(dtype=int)
    return tuple(int(v) for v in values)


def _none_positive(table: TruthTable) -> str:
    if len(table.contradictions):
        return f"aucune configuration n'atteint la consistance {table.cut:g} : " + (
            f"{len(table.contradictions)} configurations contradictoires"
            if len(table.contradictions) > 1
            else "1 configuration contradictoire"
        )
    return f"aucun cas ne présente {table.outcome}"


def _disjuncts(formula: Any) -> list[Any]:  # sympy ships no types
    if isinstance(formula, BooleanTrue):
        return [True]
    return list(formula.args) if isinstance(formula, Or) else [formula]


def _literals(term: Any, symbols: list[Any], conditions: tuple[str, ...]) -> list[tuple[str, int]]:
    if term is True:
        return []
    parts = term.args if isinstance(term, And) else (term,)
    literals = []
    for part in parts:
        negated = isinstance(part, Not)
        symbol = part.args[0] if negated else part
        literals.append((conditions[symbols.index(symbol)], 0 if negated else 1))
    return sorted(literals, key=lambda lit: conditions.index(lit[0]))


def _measured(
    table: TruthTable, kind: str, terms: list[list[tuple[str, int]]], remainders: int
) -> Solution:
    data, outcome = table.data, table.data[table.outcome] == 1
    members = [
        pd.concat([data[name] == value for name, value in term], axis=1).all(axis=1)
        if term
        else pd.Series(True, index=data.index)
        for term in terms
    ]
    union = pd.concat(members, axis=1).any(axis=1)
    measured = []
    for i, (term, inside) in enumerate(zip(terms, members, strict=True)):
        others = (
            pd.concat([m for j, m in enumerate(members) if j != i], axis=1).any(axis=1)
            if len(members) > 1
            else pd.Series(False, index=data.index)
        )
        measured.append(
            Term(
                literals=tuple(term),
                consistency=_share(inside & outcome, inside),
                raw_coverage=_share(inside & outcome, outcome),
                unique_coverage=_share(inside & ~others & outcome, outcome),
                cases=tuple(str(c) for c in data.index[inside & outcome]),
                deviant=tuple(str(c) for c in data.index[inside & ~outcome]),
            )
        )
    return Solution(
        kind=kind,
        outcome=table.outcome,
        terms=measured,
        consistency=_share(union & outcome, union),
        coverage=_share(union & outcome, outcome),
        remainders_used=remainders,
    )


def _share(part: pd.Series, whole: pd.Series) -> float:
    return float(part.sum() / whole.sum()) if whole.sum() else 0.0
