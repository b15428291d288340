"""matrices.xlsx: one sheet per matrix of the report, and a sheet of quotations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ptce_coding.base.tables import write_xlsx
from ptce_coding.report.synthesis import Synthesis


def write_workbook(synthesis: Synthesis, path: Path) -> Path:
    labels = {code.id: code.label for _, code in synthesis.codebook}
    sheets: dict[str, pd.DataFrame] = {
        "vue d'ensemble (%)": synthesis.overview,
        "vue d'ensemble (segments)": synthesis.overview_counts,
        "vue d'ensemble (% mots)": synthesis.overview_words,
        "vue d'ensemble (entretiens)": synthesis.overview_interviews,
        "bases": synthesis.bases,
    }
    for chapter in synthesis.chapters:
        sheets[f"{chapter.axis.id} (segments)"] = chapter.counts
    sheets["cooccurrences"] = synthesis.cooccurrence
    sheets["citations"] = synthesis.quotations
    if synthesis.method.agreement is not None:
        sheets["accord"] = synthesis.method.agreement.set_index("code")
    sheets["codes"] = pd.DataFrame(
        [
            {
                "code": code.id,
                "libellé": code.label,
                "parent": code.parent or "",
                "définition": code.definition,
            }
            for _, code in synthesis.codebook
        ]
    ).set_index("code")
    named = {
        name: frame.rename(columns=lambda c: labels.get(c, c)) for name, frame in sheets.items()
    }
    named["citations"] = synthesis.quotations.set_index("case")  # code ids kept: they are data
    return write_xlsx(path, {k: v for k, v in named.items()}, index=True)
