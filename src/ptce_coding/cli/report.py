"""`ptce-coding report`: the restitution and the research annex, in French."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ptce_coding.app.project import Project
from ptce_coding.cli.analysis import cases_value
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info, plural, working
from ptce_coding.cli.options import anonymise_option, selection_options

if TYPE_CHECKING:  # the report modules are imported by the command that needs them
    from ptce_coding.base.coder_selection import CoderSelection
    from ptce_coding.report.publish import ReportFiles
    from ptce_coding.report.synthesis_model import Synthesis


@cli.command()
@click.option(
    "--title", default=None, help="Title of the report (default: « Synthèse des entretiens »)."
)
@click.option("--cases", "cases", callback=cases_value, help="Only these cases, comma-separated.")
@click.option(
    "--include-suggestions",
    is_flag=True,
    help="Count suggestions no coder has reviewed yet (the report says so on its cover); "
    "always done while no coding has been accepted, as `run` does.",
)
@anonymise_option
@project_option
@selection_options
def report(
    project: Project,
    title: str | None,
    cases: str | None,
    include_suggestions: bool,
    anonymise: bool,
    selection: CoderSelection,
) -> None:
    """Two documents in French, in outputs/report/: the restitution for the poles and the
    Region (restitution.html, restitution.docx: a few pages) and the research annex
    (synthese.html, synthese.docx, synthese.md, matrices.xlsx: every matrix with its bases,
    the agreement, the method, the codebook), with the figures. HTML files are
    self-contained and printable on A4.

    The report rests on the codings of the project's analysis setting, or --coders and
    --consensus; its cover and method chapter say whose, and its files are then named after
    the selection (synthese-coders-doctorante+encadrant-consensus-consensus.html, …). A report
    on some poles (--cases) is named after them (restitution-cases-pole-a+pole-b.html, …): it
    never replaces the whole study's.

    Example:

    \b
        ptce-coding report --title "Restitution régionale — juin 2026"
        ptce-coding report --coders doctorante,encadrant --consensus consensus
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.app.matrix_job import selection_note
    from ptce_coding.app.option_checks import check_suggestions_counted
    from ptce_coding.app.workflow import NOTHING_CODED, SUGGESTIONS_COUNTED, make_report

    book = project.load_codebook()
    with project.open_store(create=False) as store, working("Writing the report"):
        if include_suggestions:
            check_suggestions_counted(
                store, selection, "--include-suggestions", "leave --include-suggestions out"
            )
        made = make_report(
            project,
            store,
            book,
            title=title,
            cases=[c.strip() for c in (cases or "").split(",") if c.strip()] or None,
            include_suggestions=include_suggestions,
            anonymise=anonymise,
            selection=selection,
        )
        note = selection_note(store, selection)
    if made.network_left_out:
        info("The cooperation networks chapter is left out of an anonymised report.")
    if made.suggestions_fallback:
        info(SUGGESTIONS_COUNTED)
    if made.nothing_coded:
        info(NOTHING_CODED)
    report_summary(made.synthesis, made.files)
    if note:
        info(note)


def report_summary(synthesis: Synthesis, files: ReportFiles) -> None:
    figures = synthesis.figures
    info(
        f"Report: {plural(figures['poles'], 'pole')}, "
        f"{plural(figures['interviews'], 'interview')}, {plural(figures['codings'], 'coding')}"
        + (" (suggestions included, not reviewed)" if synthesis.includes_suggestions else "")
    )
    if synthesis.comparison is not None:
        info(f"Typology of the poles: a chapter on {plural(synthesis.comparison.poles, 'pole')}")
        for warning in synthesis.comparison.warnings:
            info(f"  Warning: {warning}")
    else:
        coded = int((synthesis.coded_interviews() > 0).sum()) if not synthesis.bases.empty else 0
        some = f", {coded} with a coded interview" if coded < figures["poles"] else ""
        info(
            f"Typology of the poles: no chapter ({plural(figures['poles'], 'pole')}{some}; it "
            "needs at least 4 poles with something coded)"
        )
    for path in files.all():
        info(f"  {path}")
    folder = files.figures[0].parent if files.figures else files.html.parent / "figures"
    info(f"  {plural(len(files.figures), 'figure file')} in {folder}")
    if files.kept:
        shown = ", ".join(p.name for p in files.kept[:5]) + (", …" if len(files.kept) > 5 else "")
        info(
            f"  {plural(len(files.kept), 'other file')} left in {folder}, not drawn by this "
            f"report: {shown}"
        )
