"""`ptce-coding run`: the whole job, from the corpus to the report."""

from __future__ import annotations

import click

from ptce_coding.app.project import Project
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info, plural, progress_bar
from ptce_coding.cli.model_note import model_note
from ptce_coding.cli.report import report_summary
from ptce_coding.cli.run_notes import far_lines, threshold_lines


@cli.command()
@project_option
def run(project: Project) -> None:
    """The whole job: import what is new in corpus/, code with the rules, write the matrices,
    the cooperation networks (when corpus/members.csv exists) and the report (with the rules'
    suggestions, labelled as such, while no coding has been accepted yet).

    Example:

    \b
        ptce-coding run
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.app.workflow import SUGGESTIONS_COUNTED, run_project
    from ptce_coding.cli.corpus import (
        import_notes,
        import_tally,
        interviewer_note,
        long_paragraph_note,
        unlabelled_note,
    )
    from ptce_coding.corpus.counting import LONG_PARAGRAPH_WORDS
    from ptce_coding.corpus.importer import shown_path

    with project.open_store() as store:
        store.command = "run"
        with progress_bar("Importing, coding, writing") as progress:
            report = run_project(project, store, progress)
    imported = report.imported
    info(f"Import: {import_tally(imported, 'new')}")
    for outcome in imported.failed + imported.with_status("skipped", "duplicate"):
        name = shown_path(outcome)
        info(f"  {outcome.status}: {name}: {outcome.message}")
    for outcome in imported.with_status("added", "replaced"):
        if outcome.message:  # words a .docx holds outside its text; codings carried over
            info(f"  {outcome.status}: {shown_path(outcome)}: {outcome.message}")
    for line in import_notes(imported):
        info(f"  {line}")
    for outcome in imported.outcomes:
        if outcome.askers:
            info(f"  {outcome.name}: {interviewer_note(outcome)}")
        if outcome.unlabelled:
            info(f"  {outcome.name}: {unlabelled_note(outcome)}")
        if outcome.longest > LONG_PARAGRAPH_WORDS:
            info(f"  {outcome.name}: {long_paragraph_note(outcome)}")
    info(
        f"Rules: {plural(report.rules.added, 'suggestion')} on {report.rules.segments} interviewee "
        f"segments of {plural(report.rules.documents, 'document')}"
    )
    for line in threshold_lines(report.rules, project.coding.min_confidence):
        info(f"  {line}")
    cut = project.coding.far_closeness
    if report.rules.far(cut):  # the codebook is read only then
        context_codes = project.load_codebook().context_codes
        for line in far_lines(report.rules.far(cut), cut, context_codes):
            info(f"  {line}")
    model_note(report.rules)
    counts = report.counts
    info(
        f"Store: {plural(counts['cases'], 'case')}, {plural(counts['documents'], 'document')}, "
        f"{plural(counts['segments'], 'segment')}, {plural(counts['codings'], 'coding')}"
    )
    info(f"Matrices: {plural(len(report.matrices), 'file')} in {report.matrices_folder}")
    if report.network is None:
        info(f"Network: skipped (no {project.network.members}; see `ptce-coding network --help`)")
    else:
        info(f"Network: {plural(len(report.network_files), 'file')} in {report.network_folder}")
    if report.suggestions_counted:
        info(SUGGESTIONS_COUNTED)
    report_summary(report.report.synthesis, report.report.files)
    if imported.failed:
        raise click.ClickException(
            f"{len(imported.failed)} file(s) of the corpus could not be imported (listed above)"
        )
