"""The three comparisons at once, for the report: CA, typology, truth table; with what could
not be computed, and why, in plain French."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ptce_coding.codebook.model import Codebook
from ptce_coding.compare.ca import AnalysisError, CorrespondenceAnalysis, correspondence_analysis
from ptce_coding.compare.constant_columns import constant_columns
from ptce_coding.compare.pole_tables import CompareInputs
from ptce_coding.compare.qca import Solution, TruthTable, minimise, truth_table
from ptce_coding.compare.settings import CompareSettings
from ptce_coding.compare.truth_table_data import (
    crisp_data,
    left_out_of_truth_table,
    pole_names_said,
)
from ptce_coding.compare.typology import MIN_POLES, Typology, pole_typology

FEW_POLES = 10  # under this, every result describes the poles studied and nothing more


@dataclass
class Comparison:
    inputs: CompareInputs
    settings: CompareSettings
    ca: CorrespondenceAnalysis | None = None
    typology: Typology | None = None
    truth: TruthTable | None = None
    solutions: list[Solution] = field(default_factory=list)
    meanings: dict[str, str] = field(default_factory=dict)  # truth-table column → definition
    notes: list[str] = field(default_factory=list)  # French: limits and what was not done
    # English, for the terminal: a setting of project.yaml that gave nothing, or nothing useful
    warnings: list[str] = field(default_factory=list)
    # case → the name a report gives the pole, in the report's order (empty: the cases)
    names: Mapping[str, str] = field(default_factory=dict)
    # the poles the truth table left out (nothing coded there: every code would read as absent)
    truth_left_out: list[str] = field(default_factory=list)


def ward_coordinates(ca: CorrespondenceAnalysis):  # -> pd.DataFrame
    """The poles' principal coordinates on every axis (Euclidean = χ² distance)."""
    return ca.rows[[c for c in ca.rows.columns if c.startswith("coord_")]]


def compare_poles(
    inputs: CompareInputs,
    codebook: Codebook,
    settings: CompareSettings,
    names: Mapping[str, str] | None = None,
) -> Comparison:
    """``names``: case → the pole's name in the report, in its order, for the notes and
    warnings that name poles (default: the cases)."""
    result = Comparison(inputs, settings, names=dict(names or {}))
    try:
        result.ca = correspondence_analysis(inputs.counts)
    except AnalysisError as exc:
        result.notes.append(f"Analyse des correspondances non calculée : {exc.report}.")
        result.warnings.append(_warning("the correspondence analysis was not computed", exc))
    # the poles compared: a pole with nothing coded is left out of the CA and the typology
    n = len(result.ca.rows) if result.ca is not None else inputs.coded_poles
    if n < FEW_POLES:
        result.notes.insert(
            0,
            f"Avec {n} pôles, ces analyses décrivent les pôles étudiés : elles ne permettent "
            "aucune généralisation, et une valeur-test atteint rarement le seuil de 1,96.",
        )
    _coding_under_way(result)
    if n < MIN_POLES:
        result.notes.append(f"Pas de typologie : il faut au moins {MIN_POLES} pôles (ici {n}).")
    elif settings.typology == "ward" and result.ca is None:
        result.notes.append("Pas de typologie de Ward sans analyse des correspondances.")
    else:
        try:
            result.typology = pole_typology(
                settings.typology,
                inputs.shares,
                inputs.attributes,
                coordinates=ward_coordinates(result.ca) if result.ca is not None else None,
                presence=inputs.presence,
                types=settings.types,
            )
        except AnalysisError as exc:
            result.notes.append(f"Typologie non calculée : {exc.report}.")
            result.warnings.append(_warning("the typology was not computed", exc))
    if settings.has_qca:
        _qca(result, codebook)
    _left_out(result)
    return result


def _left_out(result: Comparison) -> None:
    """Says in the terminal which poles the analyses left out, and why (the report's chapter
    says it in its notes): without it, « a chapter on 4 poles » of a project of 5."""
    uncoded = result.inputs.uncoded
    if not uncoded:
        return
    said, _ = pole_names_said(uncoded, result.names)
    analyses = (
        "the correspondence analysis, the typology and the truth table"
        if result.truth_left_out
        else "the correspondence analysis and the typology"
    )
    result.warnings.append(
        f"{', '.join(said.values())} left out of {analyses}: nothing is coded there yet (a "
        "pole not coded yet is not a pole without the codes)."
    )


def _coding_under_way(result: Comparison) -> None:
    """Says that some interviews of the poles compared are not coded yet, and what counts."""
    inputs = result.inputs
    if inputs.interviews_listed is None:
        return
    compared = [pole for pole in inputs.counts.index if pole not in inputs.uncoded]
    coded = int(inputs.interviews.reindex(compared, fill_value=0).sum())
    listed = int(inputs.interviews_listed.reindex(compared, fill_value=0).sum())
    if coded < listed:
        result.notes.append(
            f"Codage en cours : {coded} entretien{'s' if coded > 1 else ''} sur {listed} des "
            "pôles comparés "
            + ("sont codés" if coded > 1 else "est codé")
            + " ; les parts de segments sont rapportées aux entretiens codés de chaque pôle, "
            "les autres ne comptent pas encore."
        )


def _qca(result: Comparison, codebook: Codebook) -> None:
    settings = result.settings
    names = [*settings.conditions, settings.outcome]
    try:
        data, result.meanings = crisp_data(
            result.inputs,
            codebook,
            names,
            min_segments=settings.min_segments,
            pole_names=result.names,
        )
        result.truth = truth_table(
            data, settings.outcome, list(settings.conditions), cut=settings.cut
        )
        result.solutions = [minimise(result.truth), minimise(result.truth, remainders=True)]
        result.truth_left_out = left_out_of_truth_table(result.inputs, codebook, names)
    except AnalysisError as exc:
        result.notes.append(f"Table de vérité non calculée : {exc.report}.")
        result.warnings.append(
            _warning("`compare.qca` of project.yaml: the truth table was not computed", exc)
            + " Correct `compare.qca` (or the data it reads), or remove it."
        )
        return
    outcome = settings.outcome.lstrip("~")
    for constant in constant_columns(
        data, result.inputs, codebook, names, min_segments=settings.min_segments
    ):
        role = "outcome" if constant.name == outcome else "condition"
        result.notes.append(
            ("Résultat" if role == "outcome" else "Condition")
            + f" « {constant.name} » identique pour tous les pôles : {constant.report} ; "
            + ("il" if role == "outcome" else "elle")
            + " ne distingue aucun pôle."
        )
        result.warnings.append(
            f"`compare.qca` of project.yaml: the {role} {constant.name} sets no pole apart "
            f"({constant.message})."
            + (f" Values taken ({constant.values})." if constant.values else "")
            + f" Choose another {role}, or remove it."
        )
    table = result.truth
    conditions, seen = len(table.conditions), len(table.rows)
    result.notes.append(
        f"{conditions} condition{'s' if conditions > 1 else ''} : {2**conditions} configurations "
        f"possibles, {seen} observée{'s' if seen > 1 else ''} ; "
        + (
            f"les {table.remainders} autres (les « restes », sans aucun pôle) ne servent qu'à la "
            "solution parcimonieuse, qui fait à leur sujet des hypothèses simplificatrices."
            if table.remainders > 1
            else "l'autre (un « reste », sans aucun pôle) ne sert qu'à la solution "
            "parcimonieuse, qui fait à son sujet une hypothèse simplificatrice."
            if table.remainders
            else "aucun « reste » (configuration sans aucun pôle)."
        )
    )


def _warning(what: str, exc: AnalysisError) -> str:
    return f"{what}: {exc.message}." + (f" {exc.hint}" if exc.hint else "")
