"""The `history` command: the audit trail, filtered; `--restore` puts back what a removal
took away."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from ptce_coding.app.project import Project
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info
from ptce_coding.cli.options import given
from ptce_coding.cli.output import emit, format_option

# The newest events a history table shows unless --last or --all says otherwise: a long log
# would fill the terminal for minutes (csv and json give every event, for scripts).
HISTORY_TABLE_ROWS = 100


def _since(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    """--since: an ISO 8601 date or date and time, in UTC (as the history shows its times)
    unless it gives its offset."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date: give YYYY-MM-DD or YYYY-MM-DDTHH:MM (ISO 8601, in UTC "
            "as the history shows times, unless an offset such as +02:00 follows)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@cli.command(name="history")
@click.option("--code", help="Only events about this code (id).")
@click.option("--coder", help="Only events about this coder's codings, or made by this user.")
@click.option("--document", help="Only events about this document.")
@click.option(
    "--coding",
    type=int,
    metavar="ID",
    help="Only events about this coding (the `id` column of `codings export`).",
)
@click.option(
    "--since",
    callback=_since,
    help="Only events from this date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM, UTC) on.",
)
@click.option("--action", help="Only this kind of event (prefix: codebook., coding., memo.).")
@click.option(
    "--last",
    type=click.IntRange(min=1),
    metavar="N",
    help="Only the N newest of the events the other options keep (a long log). The table "
    f"shows the {HISTORY_TABLE_ROWS} newest unless --last or --all is given; csv and json "
    "give them all.",
)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help=f"In the table, every event the other options keep, not only the {HISTORY_TABLE_ROWS} "
    "newest.",
)
@click.option(
    "--restore",
    "restore",
    type=int,
    metavar="EVENT",
    help="Put back what this removal event (document.remove, case.remove) took "
    "away: documents, codings, review decisions, memos.",
)
@click.option("--yes", is_flag=True, help="With --restore: do not ask for confirmation.")
@format_option
@project_option
def history_command(
    project: Project,
    code: str | None,
    coder: str | None,
    document: str | None,
    coding: int | None,
    since: datetime | None,
    action: str | None,
    last: int | None,
    every: bool,
    restore: int | None,
    yes: bool,
    output_format: str,
) -> None:
    """The audit trail: every change to documents, codings, codebook and memos, oldest first
    (the table: the 100 newest, unless --last N or --all); --restore brings
    back what a removal took away.

    Example:

    \b
        ptce-coding history --code COOP.MUTUALISATION.LIEU --since 2026-01-01
        ptce-coding history --document pole-sud/directrice.txt --coder alice --last 20
        ptce-coding history --action document.remove
        ptce-coding history --restore 42
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.evolution.history import Filters, StoreNames, list_events, unmatched

    if restore is not None:
        filters = [
            f"--{'all' if name == 'every' else name}"
            for name in given(
                "code", "coder", "document", "coding", "since", "action", "last", "every"
            )
        ]
        if filters:
            raise click.UsageError(
                f"{', '.join(filters)} filter(s) the listing: --restore puts back one event; "
                "give it alone"
            )
        _restore(project, restore, yes)
        return
    if yes:
        raise click.UsageError("--yes goes with --restore (the listing asks nothing)")
    if every and last is not None:
        raise click.UsageError("--all lists every event, --last N the newest N: give one of them")
    table = output_format == "table"
    shortened = table and last is None and not every
    with project.open_store(create=False) as store:
        events = store.events()
        names = StoreNames(store.coding_documents(), store.document_ids())
    wanted = Filters(
        code, coder, document, coding, since, action, HISTORY_TABLE_ROWS if shortened else last
    )
    # csv and json give the details whole; the table one line per event
    shown = list_events(events, wanted, names, width=120 if table else None)
    if not shown.rows:
        for message in unmatched(events, wanted, names):
            info(message)
    emit(shown.rows, ["id", "at", "actor", "command", "action", "summary"], output_format)
    if shortened and shown.matched > len(shown.rows):
        info(
            f"The {len(shown.rows)} newest of {shown.matched} events: --last N shows the newest "
            "N, --all every one (--format csv gives them all, for a spreadsheet)."
        )


def _restore(project: Project, event: int, yes: bool) -> None:
    with project.open_store(create=False) as store:
        store.command = "history --restore"
        pending = next((r for r in store.removals() if r["event"] == event), None)
        if pending is not None:
            documents = ", ".join(pending["documents"]) or "no document"
            info(
                f"Event {event} ({pending['at'][:10]}, {pending['actor']}) removed "
                + (f"case {pending['case']} with " if pending["action"] == "case.remove" else "")
                + documents
            )
            if not yes:
                click.confirm("Put it back?", abort=True, err=True)
        restored = store.restore(event)
    case = f" (case {restored['case']})" if restored["action"] == "case.remove" else ""
    if restored.get("into_existing_case"):
        case = f" (into case {restored['case']}, made anew since)"
    info(f"Restored {', '.join(restored['documents']) or 'no document'}{case}")
    for old, (new, count) in restored.get("recoded", {}).items():
        info(f"  {count} coding(s) of {old} are now {new}, as the codebook changed since")
