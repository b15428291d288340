"""The research group: each coder's progress on their assigned documents."""

from __future__ import annotations

import click

from ptce_coding.app.project import Project
from ptce_coding.base.errors import PtceError
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info
from ptce_coding.cli.output import emit, format_option


@cli.command(name="progress")
@click.option("--coder", "coders", multiple=True, help="Only this coder (repeat for more).")
@format_option
@project_option
def progress(project: Project, coders: tuple[str, ...], output_format: str) -> None:
    """Each coder's documents (assignments in project.yaml): double-coded or not, the
    codings the coder made themself (coded: imported with `codings import --coder` or on
    the web page), the suggestions the coder decided (by_threshold: how many of them
    `review --accept-above`
    accepted, not read one by one) and those still waiting for them.

    On a double-coded document each coder decides every suggestion, blind to the other's
    decision; `ptce-coding agreement --coders A,B` then compares them.

    Example:

    \b
        ptce-coding progress --coder doctorante
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.review.coder_plan import coder_plan, coder_progress, unmatched_note

    with project.open_store(create=False) as store:
        plan = coder_plan(store, project.assignments)
        if plan is None:
            raise PtceError(
                "the project has no assignments",
                hint="Set `assignments` in project.yaml (which coder codes which documents, "
                "double_coding share and seed); see the commented example there.",
            )
        assigned = sorted({coder for names in plan.values() for coder in names})
        unknown = [coder for coder in coders if coder not in assigned]
        if unknown:
            raise PtceError(
                f"{', '.join(unknown)} {'has' if len(unknown) == 1 else 'have'} no document in "
                "the project's assignments",
                hint=f"Coders assigned: {', '.join(assigned) or '(none)'} (`assignments` in "
                "project.yaml).",
            )
        rows = coder_progress(store, plan, coders or None)
        note = unmatched_note(store, project.assignments)
    columns = [
        "coder",
        "document",
        "double",
        "with",
        "coded",
        "decided",
        "by_threshold",
        "pending",
    ]
    emit(rows, columns, output_format)
    if note:
        info(note)
