"""Commands for a codebook that evolves: rename, merge, split, move, retire, diff; history;
memos."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from ptce_coding.app.project import Project
from ptce_coding.base.files import atomic_path
from ptce_coding.cli.codebook import codebook
from ptce_coding.cli.common import cli, emit, format_option, given, info, project_option
from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.codebook.model import code_place
from ptce_coding.evolution import codebook_ops

# The newest events a history table shows unless --last or --all says otherwise: a long log
# would fill the terminal for minutes (csv and json give every event, for scripts).
HISTORY_TABLE_ROWS = 100


# the operations that give codings a new id: a consensus decision above the old one may no
# longer be above the new one
_RECODING = ("rename", "merge", "move")


def _unsettled_lines(unsettled: list[codebook_ops.Unsettled], coders: tuple[str, ...]) -> list[str]:
    """The consensus decisions a change took codings out from under, one line each, and how
    to decide again (``coders``: project.yaml's analysis.coders)."""
    if not unsettled:
        return []
    consensus = unsettled[0].decision.coder
    above = sorted({u.decision.code for u in unsettled})
    lines = [
        f"warning: {len(unsettled)} consensus decision(s) of {consensus} on "
        f"{', '.join(above)} covered codings that are no longer under "
        f"{'it' if len(above) == 1 else 'them'}: they no longer apply to those codings"
    ]
    for item in unsettled:
        decision = item.decision
        whose = ", ".join(
            f"{row.coder}'s {row.code} (now {now})"
            for row, now in zip(item.codings, item.now, strict=True)
        )
        where = f"  {decision.document} {decision.start}-{decision.end}, {decision.code}"
        if decision.status == "rejected":
            lines.append(f"{where} « no »: {whose} counted again there")
        else:
            lines.append(
                f"{where} « yes »: no longer stands for {whose}, counted beside it; "
                f"{decision.code} still counts there on the decision alone"
            )
    names = ",".join(coders) or ",".join(
        sorted({row.coder for item in unsettled for row in item.codings})
    )
    for level in sorted({item.level for item in unsettled}):
        lines.append(
            f"  To decide again: `ptce-coding agreement --coders {names} --level {level} "
            "--disagreements desaccords.xlsx`, fill `decision`, then `ptce-coding codings "
            f"import desaccords.xlsx --coder {consensus}`; a « yes » left without codings under "
            f"its code is changed with `codings export --coder {consensus}` and `codings "
            "import --update`. Or `ptce-coding codebook undo` puts the code back."
        )
    return lines


def _apply(project: Project, operation: str, *args: object) -> None:

    book = project.load_codebook()
    with project.open_store(create=False) as store:
        store.command = f"codebook {operation}"
        # a rename, merge or move can take codings out from under a consensus decision
        settled = {"consensus": project.analysis.consensus} if operation in _RECODING else {}
        change = getattr(codebook_ops, operation)(
            project.codebook_path, store, book, *args, **settled
        )
    for old, new in change.mapping.items():
        info(f"  {old} → {new}: {change.moved.get(old, 0)} coding(s)")
    for line in _unsettled_lines(change.unsettled, project.analysis.coders):
        info(line)
    if change.folded:
        info(
            f"  {change.folded} passage(s) where one coder had two of the merged codes now hold "
            f"one coding of {args[-1]} (accepted where either was; memos joined); the other "
            "is kept in the history, and `ptce-coding codebook undo` gives it back"
        )
    if change.twins:
        into = args[-1]
        info(
            f"  {change.twins} passage(s) where one coder had decided two of the "
            f"{'merged codes' if operation == 'merge' else 'codes renamed into one'} "
            f"now hold two decisions on {into}, both kept"
            + (
                f"; on {change.conflicts} of them one was accepted and the other rejected, "
                f"so {into} is both accepted and rejected there: "
                f"`ptce-coding codings export` lists them (same document, start, end, coder)"
                if change.conflicts
                else ""
            )
        )
    where = project.codebook_file if change.yaml_changed else "the store only (YAML unchanged)"
    info(f"{operation}: done in {where}; recorded in the history")
    stale = [
        f"{code_place(code)}: its {name} cites {cited}, which is now {change.mapping[cited]}"
        for code, name, cited in project.load_codebook().missing_citations()
        if cited in change.mapping
    ]
    for warning in stale:
        info(f"warning: {project.codebook_file}, {warning}")
    if stale:
        info("  The codes' texts are not rewritten: change these ids in the YAML by hand.")
    if change.to_reassign:
        # imported on use, not at the top: start-up speed
        from ptce_coding.base.tables import write_table
        from ptce_coding.review.split_sheet import reassignment_table

        out = project.outputs_path / f"reassign-{args[0]}.xlsx"
        write_table(reassignment_table(change.to_reassign), out, sheet="reassign")
        info(
            f"{len(change.to_reassign)} coding(s) of {args[0]} to re-assign: fill the `code` "
            f"column of {out} with one of the new codes, then `ptce-coding codings import` it "
            "(empty rows are left out). The new codes have no rules yet: once they have, "
            "`ptce-coding code` suggests them."
        )
    if change.pending:
        info(
            f"{change.pending} suggestion(s) of {args[0]} wait for review and are not in the "
            f"sheet: the next `ptce-coding code` drops the rules' ones ({args[0]} is retired); "
            "in `ptce-coding review`, key m moves one to a new code."
        )


@codebook.command(name="rename")
@click.argument("old")
@click.argument("new")
@project_option
def rename_command(project: Project, old: str, new: str) -> None:
    """Rename a code (its sub-codes follow); its codings and memos follow it.

    Also repairs a hand edit: if OLD is gone from the YAML and NEW is there, the codings of
    OLD move to NEW.

    Example:

    \b
        ptce-coding codebook rename COOP.MUTUALISATION.LIEU COOP.MUTUALISATION.LOCAUX
    """
    _apply(project, "rename", old, new)


@codebook.command(name="merge")
@click.argument("sources", nargs=-1, required=True)
@click.option("--into", required=True, help="The code they become (existing or new).")
@project_option
def merge_command(project: Project, sources: tuple[str, ...], into: str) -> None:
    """Merge codes into one: their codings, rules, examples and sub-codes go to INTO.

    Example:

    \b
        ptce-coding codebook merge ECO.VENTES ECO.PRESTATIONS --into ECO.MARCHAND
    """
    _apply(project, "merge", list(sources), into)


@codebook.command(name="split")
@click.argument("source")
@click.option("--into", "into", required=True, help="New codes, comma-separated.")
@project_option
def split_command(project: Project, source: str, into: str) -> None:
    """Split a code into new ones: SOURCE is retired, and its codings are listed in
    outputs/reassign-SOURCE.xlsx for a coder to re-assign (none is changed automatically).

    Example:

    \b
        ptce-coding codebook split GOUV.CA --into GOUV.CA.ASSO,GOUV.CA.SCIC
    """
    _apply(project, "split", source, [c.strip() for c in into.split(",") if c.strip()])


@codebook.command(name="move")
@click.argument("code")
@click.option("--parent", required=True, help="The new parent's id, or `none` for the top.")
@project_option
def move_command(project: Project, code: str, parent: str) -> None:
    """Move a code (with its sub-codes) under another parent; ids and codings follow.

    Example:

    \b
        ptce-coding codebook move COOP.RESEAU --parent GOUV
    """
    _apply(project, "move", code, None if parent.lower() == "none" else parent)


@codebook.command(name="retire")
@click.argument("code")
@project_option
def retire_command(project: Project, code: str) -> None:
    """Retire a code: kept in the codebook and the history with its codings, no longer
    suggested by the rules nor accepted by `codings import`.

    Example:

    \b
        ptce-coding codebook retire EVAL.VISUALISATION
    """
    _apply(project, "retire", code)


@codebook.command(name="unretire")
@click.argument("code")
@project_option
def unretire_command(project: Project, code: str) -> None:
    """Offer a retired code for new coding again (the inverse of `retire`).

    Example:

    \b
        ptce-coding codebook unretire EVAL.VISUALISATION
    """
    _apply(project, "unretire", code)


@codebook.command(name="diff")
@click.argument("version", required=False)
@format_option
@project_option
def diff_command(project: Project, version: str | None, output_format: str) -> None:
    """What changed between an earlier codebook version seen by the store (by hash prefix;
    default: the one before the current) and the codebook now.

    Example:

    \b
        ptce-coding codebook diff 3f2a
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.codebook.diff import diff

    book = project.load_codebook()
    with project.open_store(create=False) as store:
        if version is None:
            earlier = [v for v in store.codebook_versions() if v != book.version]
            if not earlier:
                raise click.ClickException("the store has seen no other codebook version")
            version = earlier[-1]
        found, content = store.codebook_content(version)
        renames = store.renames()
    rows = diff(parse_codebook(content, path=f"version {found}"), book, renames)
    info(f"From version {found} to {book.version}: {len(rows)} change(s)")
    emit(rows, ["change", "code", "detail"], output_format)


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


@cli.group()
def memo() -> None:
    """Analytic memos on the project, a code, a document, a case or a coding."""


def _target(
    code: str | None, document: str | None, case: str | None, coding: int | None
) -> tuple[str, str]:
    given = [
        (k, v)
        for k, v in (("code", code), ("document", document), ("case", case), ("coding", coding))
        if v is not None
    ]
    if len(given) > 1:
        raise click.ClickException(
            "a memo is about one thing: give one of --code, --document, "
            "--case, --coding (or none, for the project)"
        )
    return (given[0][0], str(given[0][1])) if given else ("project", "")


@memo.command(name="add")
@click.argument("text", required=False)
@click.option("--code")
@click.option("--document")
@click.option("--case")
@click.option("--coding", type=int, help="A coding's id: the `id` column of `codings export`.")
@click.option("--title", default="")
@project_option
def memo_add(
    project: Project,
    text: str | None,
    code: str | None,
    document: str | None,
    case: str | None,
    coding: int | None,
    title: str,
) -> None:
    """Write a memo (TEXT, or standard input when TEXT is `-` or absent).

    Example:

    \b
        ptce-coding memo add --code GOUV.LEADERSHIP "Le départ du fondateur revient partout."
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.evolution.memos import check_target

    kind, target = _target(code, document, case, coding)
    body = sys.stdin.read() if text in (None, "-") else text
    with project.open_store(create=False) as store:
        store.command = "memo add"
        check_target(store, project.load_codebook(), kind, target)
        memo_id = store.add_memo(kind, target, body or "", title=title)
    info(f"Memo {memo_id} written ({kind} {target})".rstrip())


@memo.command(name="edit")
@click.argument("memo_id", type=int)
@click.argument("text")
@click.option("--title", default=None)
@project_option
def memo_edit(project: Project, memo_id: int, text: str, title: str | None) -> None:
    """Replace a memo's text (the earlier text stays in the history).

    Example:

    \b
        ptce-coding memo edit 3 "Nouvelle lecture après la réunion du 12 mars."
    """
    with project.open_store(create=False) as store:
        store.command = "memo edit"
        store.edit_memo(memo_id, text, title)
    info(f"Memo {memo_id} updated")


@memo.command(name="list")
@click.option("--code")
@click.option("--document")
@click.option("--case")
@format_option
@project_option
def memo_list(
    project: Project, code: str | None, document: str | None, case: str | None, output_format: str
) -> None:
    """List memos.

    Example:

    \b
        ptce-coding memo list --code GOUV.LEADERSHIP
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.evolution.memos import check_target

    kind, target = _target(code, document, case, None)
    with project.open_store(create=False) as store:
        rows = store.memos(None if kind == "project" else kind, target or None)
        if not rows:  # a target of no memo: refused when it is nothing of the project
            check_target(store, project.load_codebook(), kind, target, "no memo can be about it")
    emit(
        [row.as_dict() for row in rows],
        ["id", "target_kind", "target", "title", "author", "updated_at", "text"],
        output_format,
    )


@memo.command(name="export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@project_option
def memo_export(project: Project, file: Path) -> None:
    """All memos as one Markdown file, grouped by what they are about.

    Example:

    \b
        ptce-coding memo export outputs/memos.md
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.evolution.memos import memos_markdown

    project.refuse_own_file(file, "the memos (Markdown)")
    book = project.load_codebook()
    with project.open_store(create=False) as store:
        text = memos_markdown(store.memos(), book)
    with atomic_path(file) as temp:
        temp.write_text(text, encoding="utf-8")
    info(f"Wrote {file}")
