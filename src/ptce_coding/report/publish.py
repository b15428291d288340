"""`ptce-coding report`: the synthesis for the restitution, in HTML, DOCX, Markdown and XLSX."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ptce_coding.analysis.synthesis_data import SynthesisData
from ptce_coding.base.case_choice import chosen_cases
from ptce_coding.base.files import check_writable
from ptce_coding.codebook.model import Codebook
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.compare_chapter import ReportPoles, pole_comparison
from ptce_coding.report.docx_writer import write_docx
from ptce_coding.report.figures import draw_charts
from ptce_coding.report.html import write_html
from ptce_coding.report.markdown import write_markdown
from ptce_coding.report.network_chapter import draw_network_figures, network_chapter
from ptce_coding.report.synthesis import FigureBlock, Synthesis, build_synthesis
from ptce_coding.report.workbook import write_workbook

if TYPE_CHECKING:
    from ptce_coding.compare.settings import CompareSettings
    from ptce_coding.network.assemble import NetworkResult

RESTITUTION = "restitution"  # the short document for the poles and the Region
ANNEX = "annexe"  # the full research annex (synthese.*)


@dataclass(frozen=True)
class ReportFiles:
    html: Path  # the research annex
    docx: Path
    markdown: Path
    workbook: Path
    figures: list[Path]
    restitution_html: Path | None = None
    restitution_docx: Path | None = None

    def all(self) -> list[Path]:
        short = [p for p in (self.restitution_html, self.restitution_docx) if p is not None]
        return [*short, self.html, self.docx, self.markdown, self.workbook]


def write_report(
    data: SynthesisData,
    codebook: Codebook,
    folder: Path,
    choices: ReportChoices,
    *,
    network: NetworkResult | None = None,
    compare: CompareSettings | None = None,
) -> tuple[Synthesis, ReportFiles]:
    """Every file of the report in ``folder`` (each written whole or not at all): the
    restitution (restitution.html, restitution.docx) and the research annex (synthese.html,
    synthese.docx, synthese.md, matrices.xlsx), with their figures; on the codings of
    ``choices.selection`` (coder_selection.py): its files' names end with the selection's label
    (restitution-coders-a+b.html, synthese-coders-a+b.html), so that one selection never
    overwrites another's; an anonymised report's end with « -anonyme » (restitution-anonyme.html),
    so that it and the report that names the poles never replace each other, and a name says
    which one a file is. ``data``: the store's content (``analysis.synthesis_data``); the
    report never opens the store; ``choices``: its title, cases, codings and readers.

    With a ``choices.view`` (an anonymised report, to be shared) the network chapter is left
    out: it names organisations and quotes segments that the view does not pseudonymise."""
    if choices.cases:  # a pole named with a comma arrives in pieces: put back together
        known = data.segments["case"].unique()
        choices = replace(choices, cases=chosen_cases(choices.cases, known))
    if choices.view is not None:  # the codebook's texts quote the interviews too
        codebook = choices.view.codebook(codebook)
    synthesis = build_synthesis(data, codebook, choices)
    selection = choices.selection
    suffix = f"-{selection.label}" if selection.label else ""  # see named()
    if choices.view is not None:  # never the same files as the report that names everyone
        suffix += "-anonyme"
    figures = folder / f"figures{suffix}"
    documents = {
        "restitution_html": folder / f"restitution{suffix}.html",
        "restitution_docx": folder / f"restitution{suffix}.docx",
        "html": folder / f"synthese{suffix}.html",
        "docx": folder / f"synthese{suffix}.docx",
        "markdown": folder / f"synthese{suffix}.md",
        "workbook": folder / f"matrices{suffix}.xlsx",
    }
    # new figures beside the documents of an earlier run would mislead: all of it, or nothing
    check_writable(folder, list(documents.values()), what="report")
    check_writable(figures, what="report")
    draw_charts(synthesis, figures)
    if network is not None and choices.view is None:
        synthesis.network = network_chapter(network, synthesis.names.poles, choices.cases)
        draw_network_figures(synthesis.network, figures)
    if compare is not None:  # the « Typologie des pôles » chapter, from 4 poles
        readings = (
            {pole.case: pole.configuration for pole in synthesis.network.poles}
            if synthesis.network is not None
            else None
        )
        synthesis.comparison = pole_comparison(
            data,
            codebook,
            compare,
            figures,
            choices,
            poles=ReportPoles(synthesis.figures["poles"], synthesis.names.poles, readings),
            statuses=synthesis.method.statuses,
        )
    files = ReportFiles(
        restitution_html=write_html(synthesis, documents["restitution_html"], RESTITUTION),
        restitution_docx=write_docx(synthesis, documents["restitution_docx"], RESTITUTION),
        html=write_html(synthesis, documents["html"], ANNEX),
        docx=write_docx(synthesis, documents["docx"], ANNEX),
        markdown=write_markdown(synthesis, documents["markdown"]),
        workbook=write_workbook(synthesis, documents["workbook"]),
        figures=_keep_only(figures, _drawn(synthesis)),
    )
    return synthesis, files


def _drawn(synthesis: Synthesis) -> set[Path]:
    """The figure files (PNG, SVG) of this report."""
    charts = [synthesis.charts, *(chapter.charts for chapter in synthesis.chapters)]
    if synthesis.network is not None:
        charts += [pole.charts for pole in synthesis.network.poles]
    if synthesis.comparison is not None:
        charts.append(synthesis.comparison.charts)
    drawn = {Path(path) for chart in charts for paths in chart.values() for path in paths}
    for extra in synthesis.extra_chapters:
        for block in extra.blocks:
            if isinstance(block, FigureBlock):
                drawn |= {block.path, block.path.with_suffix(".svg")}
    return drawn


def _keep_only(folder: Path, drawn: set[Path]) -> list[Path]:
    """The report's figures, PNG then SVG; an earlier report's (a pole no longer shown, an
    axis no longer coded, the named drawings before an anonymised report) are removed, so
    that the folder shows this report and nothing else."""
    kept: list[Path] = []
    for kind in (".png", ".svg"):
        for path in sorted(folder.glob(f"*{kind}")):
            if path in drawn:
                kept.append(path)
            elif path.is_file():
                path.unlink()
    return kept
