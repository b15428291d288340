"""The comparison of the poles in a report: whether it has one (``MIN_POLES`` poles where
something is coded), the chapter « Typologie des pôles » computed on the report's own
codings, and its figures (the factor map, the dendrogram) drawn in its figures folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ptce_coding.base.charts import ChartText
from ptce_coding.codebook.model import Codebook
from ptce_coding.compare.charts import basis_of, dendrogram, factor_map
from ptce_coding.compare.comparison import compare_poles
from ptce_coding.compare.inputs import CodingFilter, inputs_from_frames
from ptce_coding.compare.settings import CompareSettings
from ptce_coding.compare.typology import MIN_POLES
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.compare_chapter import ComparisonChapter, comparison_chapter
from ptce_coding.report.labels import code_label

if TYPE_CHECKING:
    from ptce_coding.analysis.synthesis_data import SynthesisData


@dataclass(frozen=True)
class ReportPoles:
    """The poles of the report the chapter is part of: how many it counts, the names it
    gives them (``labels.display_names``: neutral, « Pôle A », in an anonymised report) and
    each one's network reading (monocentrique …) when it has the network chapter."""

    count: int
    names: dict[str, str]
    readings: dict[str, str] | None = None


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
