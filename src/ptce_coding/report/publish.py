"""`ptce-coding report`: the synthesis for the restitution, in HTML, DOCX, Markdown and XLSX."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ptce_coding.analysis.synthesis_data import SynthesisData
from ptce_coding.base.case_choice import chosen_cases
from ptce_coding.base.files import atomic_path, check_writable
from ptce_coding.codebook.model import Codebook
from ptce_coding.report.case_label import cases_label
from ptce_coding.report.chapter_blocks import FigureBlock
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.docx_writer import write_docx
from ptce_coding.report.figures import draw_charts, restitution_networks
from ptce_coding.report.html import write_html
from ptce_coding.report.markdown import write_markdown
from ptce_coding.report.network_chapter import draw_network_figures, network_chapter
from ptce_coding.report.pole_comparison import ReportPoles, pole_comparison
from ptce_coding.report.synthesis import build_synthesis
from ptce_coding.report.synthesis_model import Synthesis
from ptce_coding.report.workbook import write_workbook

if TYPE_CHECKING:
    from ptce_coding.compare.settings import CompareSettings
    from ptce_coding.network.network_result import NetworkResult

RESTITUTION = "restitution"  # the short document for the poles and the Region
ANNEX = "annexe"  # the full research annex (synthese.*)
FIGURE_KINDS = (".png", ".svg")
# Who wrote the manifest beside a figures folder (.figures.json), for whoever opens it.
MANIFEST_WRITER = "ptce-coding report"


@dataclass(frozen=True)
class ReportFiles:
    html: Path  # the research annex
    docx: Path
    markdown: Path
    workbook: Path
    figures: list[Path]
    restitution_html: Path | None = None
    restitution_docx: Path | None = None
    # PNG and SVG files of the figures folder that this report did not draw and left there:
    # a user's own (a logo, a figure exported by hand), one of the report's figures changed
    # since it was drawn, or a figure of a report of an earlier version (no manifest)
    kept: list[Path] = field(default_factory=list)

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
    overwrites another's; a report on some poles (``choices.cases``) with theirs
    (restitution-cases-pole-a+pole-b.html), so that it never replaces the whole study's;
    an anonymised report's end with « -anonyme » (restitution-anonyme.html), so that it and
    the report that names the poles never replace each other, and a name says which one a
    file is (``_file_suffix``). ``data``: the store's content (``analysis.synthesis_data``); the
    report never opens the store; ``choices``: its title, cases, codings and readers.

    With a ``choices.view`` (an anonymised report, to be shared) the network chapter is left
    out: it names organisations and quotes segments that the view does not pseudonymise."""
    if choices.cases:  # a pole named with a comma arrives in pieces: put back together
        known = data.segments["case"].unique()
        choices = replace(choices, cases=chosen_cases(choices.cases, known))
    if choices.view is not None:  # the codebook's texts quote the interviews too
        codebook = choices.view.codebook(codebook)
    synthesis = build_synthesis(data, codebook, choices)
    synthesis.cases_label = _cases_label(synthesis, choices)  # the annex names its restitution
    suffix = _file_suffix(synthesis, choices)
    figures = folder / f"figures{suffix}"
    manifest = _manifest_path(figures)
    documents = {
        "restitution_html": folder / f"restitution{suffix}.html",
        "restitution_docx": folder / f"restitution{suffix}.docx",
        "html": folder / f"synthese{suffix}.html",
        "docx": folder / f"synthese{suffix}.docx",
        "markdown": folder / f"synthese{suffix}.md",
        "workbook": folder / f"matrices{suffix}.xlsx",
    }
    # new figures beside the documents of an earlier run would mislead: all of it, or nothing
    check_writable(folder, [*documents.values(), manifest], what="report")
    check_writable(figures, what="report")
    draw_charts(synthesis, figures)
    if network is not None and choices.view is None:
        labels = {code.id: synthesis.label(code.id) for _, code in synthesis.codebook}
        synthesis.network = network_chapter(network, synthesis.names.poles, choices.cases, labels)
        draw_network_figures(synthesis.network, figures)
        restitution_networks(synthesis, figures)
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
        # figures= and kept=, once the documents are written: a report that stops half-way
        # removes nothing
        **_tidy_figures(figures, _drawn(synthesis), manifest),
    )
    return synthesis, files


def _cases_label(synthesis: Synthesis, choices: ReportChoices) -> str:
    """What the report's file names say of its poles (``case_label.cases_label``), '' for
    the whole study. An anonymised report's names them as it does (« Pôle A »), never by
    their folder."""
    if not choices.cases:
        return ""
    view = choices.view
    if view is None:
        return cases_label(choices.cases)
    return cases_label(synthesis.names.pole(view.string(case)) for case in choices.cases)


def _file_suffix(synthesis: Synthesis, choices: ReportChoices) -> str:
    """What the report's file names end with after « restitution », « synthese »…: the
    coder selection's label (``CoderSelection.named``), then its poles'
    (``_cases_label``), then « -anonyme » for an anonymised report, so that a report on
    other codings, other poles or other readers never replaces another; '' for the whole
    study on every coder (``Synthesis.file_stem`` says the same, for the annex's
    pointers)."""
    labels = [choices.selection.label, _cases_label(synthesis, choices)]
    if choices.view is not None:  # never the same files as the report that names everyone
        labels.append("anonyme")
    return "".join(f"-{label}" for label in labels if label)


def _drawn(synthesis: Synthesis) -> set[Path]:
    """The figure files (PNG, SVG) of this report."""
    charts = [
        synthesis.charts,
        synthesis.restitution_charts,
        *(chapter.charts for chapter in synthesis.chapters),
    ]
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


def _manifest_path(figures: Path) -> Path:
    """The manifest of the figures folder: beside it, hidden (.figures.json,
    .figures-anonyme.json), so that the folder holds figures only."""
    return figures.with_name(f".{figures.name}.json")


def _tidy_figures(folder: Path, drawn: set[Path], manifest: Path) -> dict[str, list[Path]]:
    """The report's figures, PNG then SVG (``figures``), and the other PNG and SVG files of
    ``folder``, left as they were (``kept``). A figure that the earlier report drew and this
    one did not (a pole no longer shown, an axis no longer coded) is removed, so that the
    folder does not show it as this report's; the earlier report's manifest says which they
    are, with their content, so that a file the user put there (a logo, a figure exported by
    hand) or changed since it was drawn is never removed. A folder without a manifest (a
    report of an earlier version), or whose manifest cannot be read, keeps every file this
    report did not draw. Then the manifest lists this report's figures."""
    earlier = _read_manifest(manifest)
    figures: list[Path] = []
    kept: list[Path] = []
    for kind in FIGURE_KINDS:
        for path in sorted(folder.glob(f"*{kind}")):
            if path in drawn:
                figures.append(path)
            elif not path.is_file():
                continue
            elif not (_as_drawn(path, earlier) and _removed(path)):
                kept.append(path)
    _write_manifest(manifest, folder, figures)
    return {"figures": figures, "kept": kept}


def _as_drawn(path: Path, earlier: dict[str, str]) -> bool:
    """Whether ``path`` is a figure the earlier report drew, unchanged since."""
    digest = earlier.get(path.name)
    return digest is not None and digest == _content_digest(path)


def _removed(path: Path) -> bool:
    """Remove an earlier report's figure, as it drew it; False if it cannot be."""
    try:
        path.unlink()
    except OSError:  # gone meanwhile, or not ours to remove: leave it
        return not path.exists()
    return True


def _read_manifest(manifest: Path) -> dict[str, str]:
    """File name → SHA-256 of each figure the earlier report listed; none when there is no
    manifest or it cannot be read (then nothing is removed)."""
    try:
        content = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    listed = content.get("figures") if isinstance(content, dict) else None
    if not isinstance(listed, dict):
        return {}
    return {
        name: digest
        for name, digest in listed.items()
        if isinstance(digest, str)
        and Path(name).name == name  # a name in the folder, never a path out of it
        and "\\" not in name
        and Path(name).suffix in FIGURE_KINDS
    }


def _write_manifest(manifest: Path, folder: Path, figures: list[Path]) -> None:
    digests = {path.name: _content_digest(path) for path in figures}
    content = {
        "written_by": MANIFEST_WRITER,
        "about": f"The figures the report drew in {folder.name}/, with their SHA-256: the "
        "next report removes those it no longer draws, unless they were changed since, and "
        "never another file.",
        "figures": {name: digest for name, digest in digests.items() if digest is not None},
    }
    with atomic_path(manifest) as temp:
        temp.write_text(json.dumps(content, ensure_ascii=False, indent=1) + "\n", "utf-8")


def _content_digest(path: Path) -> str | None:
    """The SHA-256 of ``path``; None when it cannot be read (then it is never removed)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
