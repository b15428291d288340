"""The research group: each coder's progress on their assigned documents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ptce_coding.app.project import Project
from ptce_coding.base.errors import PtceError
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info, plural
from ptce_coding.cli.output import emit, format_option

if TYPE_CHECKING:
    from ptce_coding.store import Store


COLUMNS = ["coder", "document", "double", "with", "coded", "decided", "by_threshold", "pending"]


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

    Without assignments (a researcher coding alone, or a group that has not split the
    work), each person who coded or decided a suggestion (or each --coder), on every
    document: a suggestion waits for each of them until one decides it.

    Example:

    \b
        ptce-coding progress --coder doctorante
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.review.coder_plan import coder_plan, coder_progress, unmatched_note

    with project.open_store(create=False) as store:
        plan = coder_plan(store, project.assignments)
        if plan is None:
            rows, notes = _open_progress(store, coders)
        else:
            assigned = sorted({coder for names in plan.values() for coder in names})
            unknown = [coder for coder in coders if coder not in assigned]
            if unknown:
                raise PtceError(
                    f"{', '.join(unknown)} {'has' if len(unknown) == 1 else 'have'} no document "
                    "in the project's assignments",
                    hint=f"Coders assigned: {', '.join(assigned) or '(none)'} (`assignments` "
                    "in project.yaml).",
                )
            rows = coder_progress(store, plan, coders or None)
            note = unmatched_note(store, project.assignments)
            notes = [note] if note else []
    if rows or plan is not None or output_format != "table":  # no empty table for nobody
        emit(rows, COLUMNS, output_format)
    for note in notes:
        info(note)


def _open_progress(store: Store, coders: tuple[str, ...]) -> tuple[list[dict[str, Any]], list[str]]:
    """``progress`` without assignments: each person the store knows (or each of
    ``coders``) on every document, and what to say of it."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.review.coder_plan import open_progress, people, waiting_suggestions

    known = people(store)
    rows = open_progress(store, coders or None)
    waiting, documents = waiting_suggestions(store)
    notes = [
        "No `assignments` in project.yaml: each coder on every document, a suggestion "
        "waiting for each of them until one decides it (set `assignments` to split the work "
        "or to double-code blind)."
    ]
    new = [coder for coder in coders if coder not in known]
    if new:
        notes.append(
            f"{', '.join(new)} {'has' if len(new) == 1 else 'have'} no coding nor decision in "
            f"the store yet (coders found: {', '.join(known) or 'none'})."
        )
    if not rows:
        notes.append(
            "Nobody has coded or decided a suggestion yet: "
            f"{plural(waiting, 'suggestion')} "
            f"{'waits' if waiting == 1 else 'wait'} for review in {plural(documents, 'document')}"
            " (`ptce-coding review --coder NAME`, or `review --export` to decide them in a "
            "spreadsheet)."
        )
    return rows, notes
