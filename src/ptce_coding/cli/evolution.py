"""Commands for a codebook that evolves: rename, merge, split, move, retire, unretire, diff.
The history is `cli/history.py`'s, the memos `cli/memo.py`'s."""

from __future__ import annotations

import click

from ptce_coding.app.project import Project
from ptce_coding.cli.codebook import codebook
from ptce_coding.cli.common import emit, format_option, info, project_option
from ptce_coding.codebook.model import code_place
from ptce_coding.evolution import codebook_ops
from ptce_coding.evolution.stale_citations import stale_citations

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
    stale = stale_citations(project.load_codebook(), change.mapping)
    for item in stale:
        info(
            f"warning: {project.codebook_file}, {code_place(item.code)}: its {item.field} "
            f"cites {item.cited}, which is now {item.now}"
        )
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
    from ptce_coding.evolution.version_diff import diff_since

    book = project.load_codebook()
    with project.open_store(create=False) as store:
        changes = diff_since(store, book, version)
    info(f"From version {changes.before} to {changes.after}: {len(changes.rows)} change(s)")
    emit(changes.rows, ["change", "code", "detail"], output_format)
