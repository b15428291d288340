"""The report's chapter « Typologie des pôles »: plain data (French tables) from a Comparison.

Renderers (html, md, docx) show it as it is; :func:`draw_comparison_figures` draws the
factor map and the dendrogram into the report's figures folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ptce_coding.base.charts import ChartText
from ptce_coding.codebook.model import Codebook
from ptce_coding.compare.charts import basis_of, dendrogram, factor_map
from ptce_coding.compare.comparison import Comparison, compare_poles
from ptce_coding.compare.inputs import CodingFilter, inputs_from_frames
from ptce_coding.compare.qca import Solution
from ptce_coding.compare.settings import CompareSettings
from ptce_coding.compare.typology import MIN_POLES
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.formatting import fr_count
from ptce_coding.report.labels import attribute_name, code_label, pole_order

if TYPE_CHECKING:
    from ptce_coding.analysis.synthesis_data import SynthesisData

TITLE = "Typologie des pôles"
CODES_SHOWN = 10  # codes of the CA table: the largest contributions to axes 1 and 2
GOVERNANCE_CODED = ("GOUV.CONFIGURATION.MONOCENTRIQUE", "GOUV.CONFIGURATION.POLYCENTRIQUE")

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

SOLUTION_NAMES = {
    "complex": "Solution complexe (configurations observées seulement)",
    "parsimonious": "Solution parcimonieuse (restes compris)",
}


@dataclass(frozen=True)
class TypeDescription:
    number: int
    poles: list[str]
    codes: list[str]  # French sentences
    attributes: list[str]


@dataclass(frozen=True)
class SolutionTable:
    name: str
    expression: str
    terms: pd.DataFrame
    consistency: float
    coverage: float
    notes: list[str]


@dataclass(frozen=True)
class ReportPoles:
    """The poles of the report the chapter is part of: how many it counts, the names it
    gives them (``labels.display_names``: neutral, « Pôle A », in an anonymised report) and
    each one's network reading (monocentrique …) when it has the network chapter."""

    count: int
    names: dict[str, str]
    readings: dict[str, str] | None = None


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
        _ca_tables(chapter, comparison, names, labels)
    if comparison.typology is not None:
        _typology_tables(chapter, comparison, codebook, names, labels, readings or {})
    if comparison.truth is not None:
        _qca_tables(chapter, comparison, names)
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


def _ca_tables(
    chapter: ComparisonChapter,
    comparison: Comparison,
    names: dict[str, str],
    labels: dict[str, str],
) -> None:
    ca = comparison.ca
    assert ca is not None
    axes = ca.axes.rename(
        columns={"inertia": "valeur propre", "percent": "% de l'inertie", "cumulative": "% cumulé"}
    )
    axes.index = [f"Axe {k}" for k in axes.index]
    for column in ("% de l'inertie", "% cumulé"):  # one decimal, whatever the table's
        axes[column] = [_fr(v) for v in axes[column]]
    chapter.axes = axes
    shown = [k for k in (1, 2) if k <= ca.dimensions]

    def points(frame: pd.DataFrame) -> pd.DataFrame:
        columns: dict[str, pd.Series] = {}
        for k in shown:
            columns[f"coord. axe {k}"] = frame[f"coord_{k}"]
            columns[f"contribution axe {k} (%)"] = 100 * frame[f"ctr_{k}"]
            columns[f"cos² axe {k}"] = frame[f"cos2_{k}"]
        return pd.DataFrame(columns)

    poles = points(ca.rows)
    poles = poles.loc[pole_order(poles.index)]  # pole-2 before pole-10, as the report
    poles.index = [names.get(str(p), str(p)) for p in poles.index]
    chapter.pole_points = poles
    inertia = ca.axes["inertia"]  # indexed by axis number
    weight = pd.Series(0.0, index=ca.columns.index)
    for k in shown:
        weight += ca.columns[f"ctr_{k}"] * inertia.loc[k]
    codes = points(ca.columns.loc[weight.sort_values(ascending=False).index[:CODES_SHOWN]])
    codes.index = [labels.get(str(c), str(c)) for c in codes.index]
    chapter.code_points = codes
    if ca.dropped_columns:
        chapter.notes.append(
            f"{fr_count(len(ca.dropped_columns), 'code jamais codé', 'codes jamais codés')} "
            f"à ce niveau {'est' if len(ca.dropped_columns) < 2 else 'sont'} hors de l'analyse."
        )


def _typology_tables(
    chapter: ComparisonChapter,
    comparison: Comparison,
    codebook: Codebook,
    names: dict[str, str],
    labels: dict[str, str],
    readings: dict[str, str],
) -> None:
    typology = comparison.typology
    assert typology is not None
    chapter.method = (
        "critère de Ward sur les coordonnées des pôles sur tous les axes de l'AFC"
        if typology.method == "ward"
        else "lien moyen sur la distance de Jaccard entre les codes présents"
    )
    chapter.criterion = typology.criterion
    alone = [str(t) for t, size in typology.types.value_counts().sort_index().items() if size == 1]
    if alone:
        chapter.notes.append(
            (
                f"Type d'un seul pôle : {alone[0]}. Ses codes caractéristiques décrivent ce "
                "pôle, pas un groupe ; leur valeur-test n'est pas un test."
            )
            if len(alone) == 1
            else (
                f"Types d'un seul pôle : {', '.join(alone)}. Leurs codes caractéristiques "
                "décrivent chacun un pôle, pas un groupe ; leur valeur-test n'est pas un test."
            )
        )
    attributes = comparison.inputs.attributes
    table = pd.DataFrame(index=typology.poles)
    table["type"] = typology.types
    if "gouvernance" in attributes.columns:
        table["gouvernance (attribut)"] = attributes["gouvernance"].reindex(typology.poles)
    codes = {code.id for code in codebook.codes}
    for code in GOVERNANCE_CODED:  # the governance typology as coded, when the grid has it
        if code in codes:
            found = comparison.inputs.code_segments(codebook, code)
            # no guillemets: a narrow column wrapped « » » alone on its line
            table[f"{code.rsplit('.', 1)[-1].lower()} (segments codés)"] = found.reindex(
                typology.poles
            )
    if readings:
        table["lecture du réseau"] = [readings.get(p, "") for p in typology.poles]
    table.index = [names.get(p, p) for p in table.index]
    chapter.types = table
    for number in sorted(typology.types.unique()):
        codes = typology.codes[typology.codes["type"] == number]
        attrs = typology.attributes[typology.attributes["type"] == number]
        chapter.descriptions.append(
            TypeDescription(
                number=int(number),
                poles=[names.get(p, p) for p in typology.members(int(number))],
                codes=[
                    # a no-break space before « % »: never « 0,4 » at a line's end, « % » below
                    f"{labels.get(r.code, r.code)} : {_fr(r.mean_type)}\u00a0% des segments "
                    f"contre {_fr(r.mean_all)}\u00a0% en moyenne (valeur-test "
                    f"{_fr(r.test_value, 2)}"
                    + (", significative au seuil de 5\u00a0%" if r.significant else "")
                    + _tie(int(r.tied))
                    + ")"
                    for r in codes.itertuples()
                ],
                attributes=[
                    f"{attribute_name(str(r.attribute))} « {r.value} » : "
                    f"{fr_count(r.in_type, 'pôle')} sur {r.type_size} du type, contre "
                    f"{r.overall} sur {r.poles} au total"
                    for r in attrs.itertuples()
                ],
            )
        )


def _tie(tied: int) -> str:
    """Said of a code whose test value others of its type share: all are listed, none
    picked among them."""
    if tied < 2:
        return ""
    others = tied - 1
    return ", à égalité avec " + fr_count(others, "autre code", "autres codes")


def _qca_tables(chapter: ComparisonChapter, comparison: Comparison, names: dict[str, str]) -> None:
    """The truth table with its conditions as short ids (C1, C2…, R for the outcome) defined
    above it, so that it reads as one table on a page and no id breaks inside a word."""
    truth = comparison.truth
    assert truth is not None
    short = {condition: f"C{i}" for i, condition in enumerate(truth.conditions, start=1)}
    short[truth.outcome] = OUTCOME
    outcome = truth.outcome.lstrip("~")
    chapter.definitions = [(short[c], comparison.meanings.get(c, c)) for c in truth.conditions]
    said = comparison.meanings.get(outcome, outcome)
    chapter.definitions.append(
        (
            OUTCOME,
            f"résultat étudié : absence de {outcome} ({said})"
            if truth.outcome.startswith("~")
            else f"résultat étudié : {said}",
        )
    )
    chapter.definitions += NOTATION
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
    chapter.truth_table = table
    chapter.contradictions = [
        f"ligne {row} ({', '.join(names.get(c, c) for c in cases.split(','))})"
        for row, cases in truth.contradictions["cases"].items()
    ]
    chapter.solutions = [_solution(s, names, short) for s in comparison.solutions]


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


def _fr(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}".replace(".", ",").replace("-", "−")


def draw_comparison_figures(chapter: ComparisonChapter, codebook: Codebook, folder: Path) -> None:
    """The factor map and the dendrogram (PNG, SVG) in the report's figures folder."""
    comparison = chapter.comparison
    if comparison is None:
        return
    names = chapter.names
    level = f"codes de niveau ≤ {chapter.level}" if chapter.level else "tous les codes"
    if comparison.ca is not None and comparison.ca.dimensions >= 2:
        chapter.charts["map"] = factor_map(
            comparison.ca.rows,
            comparison.ca.columns,
            comparison.ca.axes,
            folder / "typologie-afc",
            ChartText(
                title=f"Analyse des correspondances, pôles × {level}",
                case_labels=names,
                code_labels={c.id: code_label(c) for c in codebook.codes},
            ),
            basis_of(comparison.inputs.interviews, comparison.ca.rows.index),
        )
    typology = comparison.typology
    if typology is not None:
        distance = "Ward, axes de l'AFC" if typology.method == "ward" else "distance de Jaccard"
        chapter.charts["dendrogram"] = dendrogram(
            typology.linkage,
            typology.labels,
            {str(pole): int(number) for pole, number in typology.types.items()},
            typology.cut_height,
            folder / "typologie-dendrogramme",
            ChartText(
                title=f"Classification des pôles : {typology.count} types", case_labels=names
            ),
            basis_of(comparison.inputs.interviews, typology.labels),
            distance=distance,
        )


def pole_comparison(
    data: SynthesisData,
    codebook: Codebook,
    settings: CompareSettings,
    folder: Path,
    choices: ReportChoices,
    *,
    poles: ReportPoles,
    statuses: tuple[str, ...],
) -> ComparisonChapter | None:
    """The « Typologie des pôles » chapter, its figures drawn in ``folder``, when the report
    has at least ``MIN_POLES`` poles where something is coded (else None: a pole not coded
    yet is left out of the analyses, so it does not count towards the minimum).

    The codings counted are the report's own (``statuses``: accepted, or with the
    suggestions; those of its ``choices``: coder selection, cases, view), from the store's
    ``data``; the poles named as in the rest of the report (``poles``)."""
    if poles.count < MIN_POLES:
        return None
    inputs = inputs_from_frames(
        data.segments,
        data.codings,
        data.cases,
        codebook,
        level=settings.level,
        filters=CodingFilter(
            statuses=statuses,
            cases=choices.cases,
            view=choices.view,
            selection=choices.selection,
        ),
    )
    if inputs.coded_poles < MIN_POLES:
        # a pole nobody has coded yet is left out of every analysis: a chapter on fewer
        # poles than a typology needs would be a correspondence analysis of two or three
        return None
    comparison = compare_poles(inputs, codebook, settings, poles.names)
    chapter = comparison_chapter(comparison, codebook, poles.readings, poles.names)
    draw_comparison_figures(chapter, codebook, folder)
    return chapter
