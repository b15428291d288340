"""The comparison's files in outputs/compare/: CSV tables and figures (PNG, SVG).

Each file is written whole or not at all (files.atomic_path), its text cells safe in a
spreadsheet (base.cells); figures state the number of poles and interviews behind them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ptce_coding.base.cells import write_csv
from ptce_coding.base.charts import ChartText
from ptce_coding.codebook.model import Codebook
from ptce_coding.compare.ca import CorrespondenceAnalysis
from ptce_coding.compare.charts import basis_of, dendrogram, factor_map
from ptce_coding.compare.pole_tables import CompareInputs
from ptce_coding.compare.qca import Solution, TruthTable
from ptce_coding.compare.typology import Typology


def write_tables(
    folder: Path, tables: dict[str, pd.DataFrame], *, index: bool = True
) -> list[Path]:
    """Each table as a CSV, formula-like text escaped (base.cells: a pole named « =SUM(A1) »
    is not a formula in a spreadsheet)."""
    return [write_csv(frame, folder / name, index=index) for name, frame in tables.items()]


def _names(inputs: CompareInputs) -> dict[str, str]:
    if "nom" not in inputs.attributes.columns:
        return {}
    return {str(k): str(v) for k, v in inputs.attributes["nom"].dropna().items()}


def write_ca(
    ca: CorrespondenceAnalysis, inputs: CompareInputs, codebook: Codebook, folder: Path
) -> list[Path]:
    """ca-axes.csv, ca-poles.csv, ca-codes.csv and figures/afc.png|svg."""
    labels = {code.id: code.label for code in codebook.codes}
    codes = ca.columns.copy()
    codes.insert(0, "label", [labels.get(str(c), "") for c in codes.index])
    written = write_tables(
        folder, {"ca-axes.csv": ca.axes, "ca-poles.csv": ca.rows, "ca-codes.csv": codes}
    )
    if ca.dimensions >= 2:
        unit = "entretiens" if inputs.unit == "interviews" else "segments"
        level = f"codes de niveau ≤ {inputs.level}" if inputs.level else "tous les codes"
        written += factor_map(
            ca.rows,
            ca.columns,
            ca.axes,
            folder / "figures" / "afc",
            ChartText(
                title=f"Analyse des correspondances, pôles × {level} ({unit} codés)",
                case_labels=_names(inputs),
                code_labels=labels,
            ),
            basis_of(inputs.interviews, ca.rows.index),
        )
    return written


def typology_frame(typology: Typology, inputs: CompareInputs) -> pd.DataFrame:
    """Pole, type and the case attributes, in dendrogram order."""
    frame = pd.DataFrame({"type": typology.types})
    frame.index.name = "case"
    return frame.join(inputs.attributes)


def write_typology(typology: Typology, inputs: CompareInputs, folder: Path) -> list[Path]:
    """typology.csv, typology-codes.csv, typology-attributes.csv, figures/dendrogramme.*"""
    written = write_tables(folder, {"typology.csv": typology_frame(typology, inputs)})
    written += write_tables(
        folder,
        {"typology-codes.csv": typology.codes, "typology-attributes.csv": typology.attributes},
        index=False,
    )
    distance = "Ward, axes de l'AFC" if typology.method == "ward" else "distance de Jaccard"
    written += dendrogram(
        typology.linkage,
        typology.labels,
        {str(pole): int(number) for pole, number in typology.types.items()},
        typology.cut_height,
        folder / "figures" / "dendrogramme",
        ChartText(
            title=f"Classification des pôles : {typology.count} types", case_labels=_names(inputs)
        ),
        basis_of(inputs.interviews, typology.labels),
        distance=distance,
    )
    return written


def solutions_frame(solutions: list[Solution]) -> pd.DataFrame:
    """One row per term of each solution, then one row for the solution as a whole."""
    rows = []
    for solution in solutions:
        for term in solution.terms:
            rows.append(
                {
                    "solution": solution.kind,
                    "term": term.expression,
                    "consistency": term.consistency,
                    "raw_coverage": term.raw_coverage,
                    "unique_coverage": term.unique_coverage,
                    "cases": ",".join(term.cases),
                    "deviant_cases": ",".join(term.deviant),
                }
            )
        rows.append(
            {
                "solution": solution.kind,
                "term": solution.expression,
                "consistency": solution.consistency,
                "raw_coverage": solution.coverage,
                "unique_coverage": None,
                "cases": "",
                "deviant_cases": "",
            }
        )
    return pd.DataFrame(rows)


def write_qca(table: TruthTable, solutions: list[Solution], folder: Path) -> list[Path]:
    """qca-truth-table.csv and qca-solutions.csv."""
    written = write_tables(folder, {"qca-truth-table.csv": table.rows})
    written += write_tables(folder, {"qca-solutions.csv": solutions_frame(solutions)}, index=False)
    return written
