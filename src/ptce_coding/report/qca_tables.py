"""The truth table of the chapter « Typologie des pôles » and its solutions, in French: the
conditions as short ids (C1, C2…, R for the outcome) defined above one table, a solution read
« C1*~C2 conduit à R »."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ptce_coding.compare.comparison import Comparison
from ptce_coding.compare.qca import Solution
from ptce_coding.report.labels import pole_order

OUTCOME = "R"
NOTATION = (
    ("n", "nombre de pôles de la configuration"),
    (
        "Notation",
        "1 : présent, 0 : absent ; dans la colonne R, C marque une configuration "
        "contradictoire. Dans une solution, « * » se lit « et », « ~ » « absence de », « + » "
        "« ou » ; « conduit à R » : les pôles qui ont cette combinaison ont le résultat "
        "(condition suffisante) ; « et R ne se présente qu'avec elle » : elle est aussi "
        "nécessaire (consistance et couverture de 1).",
    ),
)

SOLUTION_NAMES = {
    "complex": "Solution complexe (configurations observées seulement)",
    "parsimonious": "Solution parcimonieuse (restes compris)",
}


@dataclass(frozen=True)
class SolutionTable:
    name: str
    expression: str
    terms: pd.DataFrame
    consistency: float
    coverage: float
    notes: list[str]


@dataclass
class QcaTables:
    """What the chapter shows of a truth table: the short ids' ``definitions`` (QCA column,
    meaning), the ``truth_table``, its ``contradictions`` and its ``solutions``."""

    definitions: list[tuple[str, str]] = field(default_factory=list)
    truth_table: pd.DataFrame | None = None
    contradictions: list[str] = field(default_factory=list)
    solutions: list[SolutionTable] = field(default_factory=list)


def qca_tables(comparison: Comparison, names: dict[str, str]) -> QcaTables:
    """The truth table with its conditions as short ids (C1, C2…, R for the outcome) defined
    above it, so that it reads as one table on a page and no id breaks inside a word."""
    truth = comparison.truth
    assert truth is not None
    tables = QcaTables()
    short = {condition: f"C{i}" for i, condition in enumerate(truth.conditions, start=1)}
    short[truth.outcome] = OUTCOME
    outcome = truth.outcome.lstrip("~")
    tables.definitions = [(short[c], comparison.meanings.get(c, c)) for c in truth.conditions]
    said = comparison.meanings.get(outcome, outcome)
    tables.definitions.append(
        (
            OUTCOME,
            f"résultat étudié : absence de {outcome} ({said})"
            if truth.outcome.startswith("~")
            else f"résultat étudié : {said}",
        )
    )
    tables.definitions += NOTATION
    table = truth.rows.copy()
    table["cases"] = [
        ", ".join(names.get(c, c) for c in pole_order(v.split(","))) for v in table["cases"]
    ]
    table = table.rename(
        columns={
            **short,
            "OUT": OUTCOME,
            "consistency": "consistance",
            "cases": "pôles",
        }
    )
    table.index = pd.Index([str(i) for i in table.index], name="ligne")
    tables.truth_table = table
    tables.contradictions = [
        f"ligne {row} ({', '.join(names.get(c, c) for c in cases.split(','))})"
        for row, cases in truth.contradictions["cases"].items()
    ]
    tables.solutions = [_solution(s, names, short) for s in comparison.solutions]
    return tables


def _solution(solution: Solution, names: dict[str, str], short: dict[str, str]) -> SolutionTable:
    terms = pd.DataFrame(
        [
            {
                "terme": _short_term(t.literals, short),
                "consistance": t.consistency,
                "couverture brute": t.raw_coverage,
                "couverture unique": t.unique_coverage,
                "pôles avec le résultat": ", ".join(names.get(c, c) for c in t.cases),
                "pôles sans le résultat": ", ".join(names.get(c, c) for c in t.deviant),
            }
            for t in solution.terms
        ]
    )
    if solution.terms:
        formula = " + ".join(_short_term(t.literals, short) for t in solution.terms)
        expression = f"{formula} conduit à {OUTCOME}"
        if solution.consistency == 1 and solution.coverage == 1:  # QCA's « <-> »
            expression += f", et {OUTCOME} ne se présente qu'avec elle"
    else:
        expression = f"aucune configuration ne conduit à {OUTCOME}"
    return SolutionTable(
        name=SOLUTION_NAMES[solution.kind],
        expression=expression,
        terms=terms,
        consistency=solution.consistency,
        coverage=solution.coverage,
        notes=solution.notes,
    )


def _short_term(literals: tuple[tuple[str, int], ...], short: dict[str, str]) -> str:
    """« C1*~C3 »: a term with the conditions' short ids (« 1 »: every configuration)."""
    if not literals:
        return "1"
    return "*".join(short[name] if value else f"~{short[name]}" for name, value in literals)
