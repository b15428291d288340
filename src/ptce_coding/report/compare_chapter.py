"""The report's chapter « Typologie des pôles »: plain data (French tables) from a Comparison.

Renderers (html, md, docx) show it as it is. Its tables are made by ``ca_tables`` (the
correspondence analysis), ``typology_tables`` (the types) and ``qca_tables`` (the truth
table); ``pole_comparison`` computes the chapter of a report and draws its figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ptce_coding.codebook.model import Codebook
from ptce_coding.compare.comparison import Comparison
from ptce_coding.report.ca_tables import ca_tables
from ptce_coding.report.labels import code_label, pole_order
from ptce_coding.report.qca_tables import SolutionTable, qca_tables
from ptce_coding.report.typology_tables import TypeDescription, typology_tables

TITLE = "Typologie des pôles"

EXPLANATIONS = (
    (
        "Analyse factorielle des correspondances (AFC)",
        "Elle place pôles et codes sur une carte : deux pôles sont proches quand leurs entretiens "
        "mobilisent les codes dans des proportions semblables, et un code se place du côté des "
        "pôles où il pèse le plus. Chaque axe résume une part des écarts entre pôles (l'inertie) ; "
        "la contribution dit quels pôles ou codes font l'axe, le cos² si un point y est bien "
        "représenté.",
    ),
    (
        "Classification des pôles",
        "On réunit pas à pas les pôles les plus semblables (critère de Ward sur les axes de l'AFC, "
        "ou distance de Jaccard entre les codes présents), ce que montre l'arbre (dendrogramme). "
        "On coupe l'arbre là où la fusion suivante réunirait des pôles nettement plus différents "
        "(le plus grand saut). Chaque type est décrit par les codes plus présents qu'en moyenne "
        "(valeur-test) et les attributs plus fréquents qu'ailleurs, avec leur base.",
    ),
    (
        "Table de vérité (AQQC, csQCA)",
        "Chaque pôle est décrit par la présence ou l'absence de quelques conditions ; on cherche "
        "quelles combinaisons de conditions vont avec le résultat étudié. Une ligne est "
        "contradictoire quand des pôles de même combinaison n'ont pas le même résultat. La "
        "minimisation booléenne donne la formule la plus courte ; la consistance dit si une "
        "combinaison mène toujours au résultat, la couverture quelle part des pôles qui l'ont "
        "elle explique.",
    ),
)


@dataclass
class ComparisonChapter:
    poles: int
    interviews: int
    level: int | None
    includes_suggestions: bool
    notes: list[str]
    axes: pd.DataFrame | None = None
    pole_points: pd.DataFrame | None = None
    code_points: pd.DataFrame | None = None
    method: str = ""
    criterion: str = ""
    types: pd.DataFrame | None = None  # pôle → type, gouvernance, lecture du réseau
    descriptions: list[TypeDescription] = field(default_factory=list)
    definitions: list[tuple[str, str]] = field(default_factory=list)  # QCA column, meaning
    truth_table: pd.DataFrame | None = None
    contradictions: list[str] = field(default_factory=list)
    solutions: list[SolutionTable] = field(default_factory=list)
    explanations: tuple[tuple[str, str], ...] = EXPLANATIONS
    charts: dict[str, list[Path]] = field(default_factory=dict)
    comparison: Comparison | None = None  # drawn by draw_comparison_figures
    warnings: list[str] = field(default_factory=list)  # English, for the terminal
    names: dict[str, str] = field(default_factory=dict)  # the poles' names, by case

    title: str = TITLE


def _names(comparison: Comparison) -> dict[str, str]:
    attributes = comparison.inputs.attributes
    if "nom" not in attributes.columns:
        return {}
    return {str(k): str(v) for k, v in attributes["nom"].dropna().items()}


def comparison_chapter(
    comparison: Comparison,
    codebook: Codebook,
    readings: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
) -> ComparisonChapter:
    """``readings``: pole → the cooperation network's reading (monocentrique …), if any;
    ``names``: pole → the name the report gives it (``labels.display_names``: « Pôle A » in
    an anonymised report), else the ``nom`` of cases.csv."""
    inputs = comparison.inputs
    names = _names(comparison) if names is None else names
    chapter = ComparisonChapter(
        poles=inputs.poles,
        interviews=inputs.interview_total,
        level=inputs.level,
        includes_suggestions=inputs.includes_suggestions,
        notes=list(comparison.notes),
        comparison=comparison,
        warnings=list(comparison.warnings),
        names=names,
    )
    labels = {code.id: f"{code.id} — {code_label(code)}" for code in codebook.codes}
    _leave_out_uncoded(chapter, comparison, names)
    if comparison.ca is not None:
        ca = ca_tables(comparison.ca, names, labels)
        chapter.axes, chapter.pole_points = ca.axes, ca.pole_points
        chapter.code_points = ca.code_points
        chapter.notes += ca.notes
    if comparison.typology is not None:
        typology = typology_tables(comparison, codebook, names, labels, readings or {})
        chapter.method, chapter.criterion = typology.method, typology.criterion
        chapter.notes += typology.notes
        chapter.types, chapter.descriptions = typology.types, typology.descriptions
    if comparison.truth is not None:
        qca = qca_tables(comparison, names)
        chapter.definitions, chapter.truth_table = qca.definitions, qca.truth_table
        chapter.contradictions, chapter.solutions = qca.contradictions, qca.solutions
    return chapter


def _leave_out_uncoded(
    chapter: ComparisonChapter, comparison: Comparison, names: dict[str, str]
) -> None:
    """The poles where nothing is coded yet, left out of the correspondence analysis, the
    typology and, when it reads codes, the truth table: named in a note with the analyses
    that left them out, and out of the chapter's count of poles and interviews (whether the
    correspondence analysis could be computed or not)."""
    uncoded = comparison.inputs.uncoded
    if not uncoded:
        return
    interviews = comparison.inputs.interviews
    chapter.poles -= len(uncoded)
    chapter.interviews -= int(interviews.reindex(uncoded, fill_value=0).sum())
    analyses = ["l'analyse des correspondances", "la typologie"]
    if comparison.truth_left_out:
        analyses.append("la table de vérité")
    listed = [f"de {analysis}" for analysis in analyses]
    said = "Pôle sans aucun segment codé, laissé"
    if len(uncoded) > 1:
        said = "Pôles sans aucun segment codé, laissés"
    chapter.notes.append(
        f"{said} hors {', '.join(listed[:-1])} et {listed[-1]}"
        + " (un pôle pas encore codé n'est pas un pôle sans les codes) : "
        + ", ".join(names.get(pole, pole) for pole in pole_order(uncoded))
        + "."
    )
