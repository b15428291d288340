"""matrices.xlsx: one sheet per matrix of the report, and a sheet of quotations.

The workbook goes with the report, in French and with the names the report gives: poles,
interviews and codes by their display names (``labels.py``), never by the folder or file
names, which an anonymised report must not show either. Code ids stay beside the labels in
the quotations and the codebook, where they are data.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ptce_coding.base.tables import write_xlsx
from ptce_coding.report.labels import code_label
from ptce_coding.report.pair_tables import PAIRS, pair_label, pair_reading, shown_pairs
from ptce_coding.report.synthesis_model import Synthesis
from ptce_coding.report.tables import AGREEMENT, STATUSES

BASES = {"interviews": "Entretiens", "segments": "Segments", "words": "Mots", "coders": "Codeurs"}
CODED_BASES = {  # while some interviews are not coded: the bases of the figures are the coded
    "segments": "Segments des entretiens codés",  # ones' (report/table_bases.py)
    "words": "Mots des entretiens codés",
    "coders": "Codeurs",
}
POLE = "Pôle"


def _by_pole(frame: pd.DataFrame, synthesis: Synthesis) -> pd.DataFrame:
    """A case × something frame with the poles' names as its rows."""
    frame = frame.copy()
    frame.index = pd.Index([synthesis.pole(case) for case in frame.index], name=POLE)
    return frame


def _bases(synthesis: Synthesis) -> pd.DataFrame:
    """The `bases` sheet: per pole, the bases of the report's figures, as its tables give
    them (``Synthesis.counted_bases``): every interview's once all are coded; while some are
    not, the pole's interviews, its coded ones, and their segments, words and coders, left
    empty for a pole with none (it has no base, not a base of 0)."""
    if not synthesis.partly_coded():
        return _by_pole(synthesis.bases, synthesis).rename(columns=BASES)
    counted = synthesis.counted_bases()
    coded = synthesis.coded_interviews().reindex(counted.index)
    frame = pd.DataFrame(
        {
            BASES["interviews"]: synthesis.bases["interviews"].reindex(counted.index),
            "Entretiens codés": coded,
            **{
                title: [int(n) if k else None for n, k in zip(counted[key], coded, strict=True)]
                for key, title in CODED_BASES.items()
            },
        },
        index=counted.index,
    )
    return _by_pole(frame, synthesis)


def _quotations(synthesis: Synthesis) -> pd.DataFrame:
    found = synthesis.quotations
    return pd.DataFrame(
        {
            "Code": found["code"].astype(str).tolist(),
            "Libellé": [synthesis.label(str(code)) for code in found["code"]],
            "Entretien": [synthesis.names.interview(d) for d in found["document"]],
            "Locuteur": found["speaker"].fillna("").astype(str).tolist(),
            "Statut": [STATUSES.get(str(s), str(s)) for s in found["status"]],
            "Citation": found["quotation"].astype(str).tolist(),
            "Complète": ["oui" if complete else "non" for complete in found["complete"]],
        },
        index=pd.Index([synthesis.pole(case) for case in found["case"]], name=POLE),
    )


def _agreement(synthesis: Synthesis) -> pd.DataFrame | None:
    table = synthesis.method.agreement
    if table is None:
        return None
    titles = {key: title for key, title, _ in AGREEMENT}
    frame = table[[c for c in table.columns if c in titles]].rename(columns=titles)
    labels = ["Moyenne" if c == "(mean)" else synthesis.label(str(c)) for c in table["code"]]
    frame.index = pd.Index(labels, name="Axe")
    return frame


def _pairwise(synthesis: Synthesis) -> pd.DataFrame | None:
    """The annex's pairwise table with its figures whole: each pair's decisions too."""
    table = shown_pairs(synthesis)
    if table.empty:
        return None
    titles = {key: title for key, title, _ in PAIRS}
    titles.update(decisions="Décisions", coded_decisions="Décisions codées")
    frame = table[[key for key in table.columns if key in titles]].rename(columns=titles)
    frame = frame.assign(Lecture=[pair_reading(str(flag)) for flag in table["flag"]])
    frame.index = pd.Index([pair_label(row) for _, row in table.iterrows()], name="Paire")
    return frame


def write_workbook(synthesis: Synthesis, path: Path) -> Path:
    labels = {code.id: code_label(code) for _, code in synthesis.codebook}
    sheets: dict[str, pd.DataFrame] = {
        "vue d'ensemble (%)": _by_pole(synthesis.overview, synthesis),
        "vue d'ensemble (segments)": _by_pole(synthesis.overview_counts, synthesis),
        "vue d'ensemble (% mots)": _by_pole(synthesis.overview_words, synthesis),
        "vue d'ensemble (entretiens)": _by_pole(synthesis.overview_interviews, synthesis),
        "bases": _bases(synthesis),
    }
    for chapter in synthesis.chapters:
        sheets[f"{chapter.axis.id} (segments)"] = _by_pole(chapter.counts, synthesis)
    cooccurrence = synthesis.cooccurrence.copy()
    cooccurrence.index = pd.Index(
        [labels.get(str(code), str(code)) for code in cooccurrence.index], name="Axe"
    )
    sheets["cooccurrences"] = cooccurrence
    named = {
        name: frame.rename(columns=lambda c: labels.get(c, c)) for name, frame in sheets.items()
    }
    named["citations"] = _quotations(synthesis)
    agreement = _agreement(synthesis)
    if agreement is not None:
        named["accord"] = agreement
    pairwise = _pairwise(synthesis)
    if pairwise is not None:
        named["accord par paires"] = pairwise
    named["codes"] = pd.DataFrame(
        [
            {
                "Code": code.id,
                "Libellé": code.label,
                "Parent": code.parent or "",
                "Retiré": "oui" if code.retired else "",
                "Définition": code.definition,
            }
            for _, code in synthesis.codebook
        ]
    ).set_index("Code")
    return write_xlsx(path, named, index=True, when=synthesis.moment)
