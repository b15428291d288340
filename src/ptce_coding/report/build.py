"""`ptce-coding report`: the synthesis for the restitution, in HTML, DOCX, Markdown and XLSX."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ptce_coding.codebook import Codebook
from ptce_coding.report.synthesis import Synthesis, build_synthesis
from ptce_coding.store import Store

if TYPE_CHECKING:
    from ptce_coding.coder_selection import CoderSelection
    from ptce_coding.network.build import NetworkResult
    from ptce_coding.privacy.apply import AnonymisedView

DEFAULT_TITLE = "Synthèse des entretiens"


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    docx: Path
    markdown: Path
    workbook: Path
    figures: list[Path]

    def all(self) -> list[Path]:
        return [self.html, self.docx, self.markdown, self.workbook]


def write_report(
    store: Store,
    codebook: Codebook,
    folder: Path,
    *,
    project: str,
    title: str = DEFAULT_TITLE,
    cases: list[str] | None = None,
    include_suggestions: bool = False,
    view: AnonymisedView | None = None,
    network: NetworkResult | None = None,
    selection: CoderSelection | None = None,
) -> tuple[Synthesis, ReportFiles]:
    """Every file of the report in ``folder`` (each written whole or not at all), on the
    codings of ``selection`` (coder_selection.py): its files' names end with the selection's
    label (synthese-coders-a+b.html), so that one selection never overwrites another's.

    With a ``view`` (an anonymised report, to be shared) the network chapter is left out: it
    names organisations and quotes segments that the view does not pseudonymise."""
    from ptce_coding.report.docx_writer import write_docx
    from ptce_coding.report.figures import draw_charts
    from ptce_coding.report.html import write_html
    from ptce_coding.report.markdown import write_markdown
    from ptce_coding.report.workbook import write_workbook

    synthesis = build_synthesis(
        store, codebook, title=title, project=project, cases=cases,
        include_suggestions=include_suggestions, view=view, selection=selection,
    )  # fmt: skip
    suffix = f"-{selection.label}" if selection and selection.label else ""  # see named()
    figures = folder / f"figures{suffix}"
    draw_charts(synthesis, figures)
    if network is not None and view is None:
        from ptce_coding.report.network_chapter import draw_network_figures, network_chapter

        synthesis.network = network_chapter(network, _names(synthesis))
        draw_network_figures(synthesis.network, figures)
    files = ReportFiles(
        html=write_html(synthesis, folder / f"synthese{suffix}.html"),
        docx=write_docx(synthesis, folder / f"synthese{suffix}.docx"),
        markdown=write_markdown(synthesis, folder / f"synthese{suffix}.md"),
        workbook=write_workbook(synthesis, folder / f"matrices{suffix}.xlsx"),
        figures=sorted(figures.glob("*.png")) + sorted(figures.glob("*.svg")),
    )
    return synthesis, files


def _names(synthesis: Synthesis) -> dict[str, str]:
    if "nom" not in synthesis.cases.columns:
        return {}
    return {str(k): str(v) for k, v in synthesis.cases["nom"].dropna().items()}
