"""Commands for a codebook that evolves: rename, merge, split, move, retire, unretire, diff.
The history is `cli/history.py`'s, the memos `cli/memo.py`'s."""

from __future__ import annotations

from collections.abc import Sequence

import click

from ptce_coding.app.project import Project
from ptce_coding.base.records import CodingRow
from ptce_coding.cli.codebook import codebook
from ptce_coding.cli.common import project_option
from ptce_coding.cli.messages import info
from ptce_coding.cli.output import emit, format_option
from ptce_coding.codebook.model import Codebook, code_place
from ptce_coding.evolution import codebook_ops
from ptce_coding.evolution.consensus_carry import SetAside, Unsettled
from ptce_coding.evolution.stale_citations import stale_citations

# the operations that give codings a new id: a consensus decision above the old one may no
# longer be above the new one
_RECODING = ("rename", "merge", "move")


def _unsettled_lines(unsettled: list[Unsettled], coders: tuple[str, ...]) -> list[str]:
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
        whose = _whose(item.codings, item.now)
        where = f"  {decision.document} {decision.start}-{decision.end}, {decision.code}"
        if item.decided_as != decision.code:
            where += f" (now {item.decided_as})"
        if decision.status == "rejected":
            lines.append(f"{where} « no »: {whose} counted again there")
        else:
            lines.append(
                f"{where} « yes »: no longer stands for {whose}, counted beside it; "
                f"{item.decided_as} still counts there on the decision alone"
            )
    lines += _decide_again(unsettled, coders, consensus)
    lines[-1] += (
        f"; a « yes » left without codings under its code is changed with `codings export "
        f"--coder {consensus}` and `codings import --update`. Or `ptce-coding codebook undo` "
        "puts the code back."
    )
    return lines


def _set_aside_lines(items: list[SetAside], coders: tuple[str, ...]) -> list[str]:
    """The consensus « no » a change could not carry to the code their code became, one
    line each: what they would have taken out, what counts again, whether the coders still
    differ there; and how to decide again (``coders``: project.yaml's analysis.coders)."""
    if not items:
        return []
    consensus = items[0].decision.coder
    lines = [
        f"warning: {len(items)} consensus « no » of {consensus} set aside: on the code the "
        "change made of theirs, they would take out codings the group did not refuse there "
        "(kept in the history; `ptce-coding codebook undo` puts them back)"
    ]
    differ = []
    for item in items:
        decision = item.decision
        said = (
            f"  {decision.document} {decision.start}-{decision.end}, {decision.code} « no » "
            f"(now {item.now}): would take out {_whose(item.taken, item.taken_now)}"
        )
        if item.freed:
            said += f"; {_whose(item.freed, item.freed_now)} counted again there"
        if item.holding and item.lacking:
            differ.append(item)
            said += (
                f"; {_names(item.holding)} coded {item.now} there, {_names(item.lacking)} "
                "did not: to decide again"
            )
        elif item.holding:
            together = {1: "", 2: " both"}.get(len(item.holding), " all")
            said += f"; {_names(item.holding)}{together} coded {item.now} there: nothing to decide"
        lines.append(said)
    if differ:
        lines += _decide_again(differ, coders, consensus)
        lines[-1] += ". Or `ptce-coding codebook undo` puts the codes back."
    return lines


def _names(names: Sequence[str]) -> str:
    """« alice », « alice and bob », « alice, bob and chloe »."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _whose(codings: tuple[CodingRow, ...], now: tuple[str, ...]) -> str:
    """« alice's GOUV.CA (now GOUV.INSTANCES), bruno's … »."""
    return ", ".join(
        f"{row.coder}'s {row.code}" + (f" (now {new})" if new != row.code else "")
        for row, new in zip(codings, now, strict=True)
    )


def _decide_again(
    items: Sequence[Unsettled | SetAside], coders: tuple[str, ...], consensus: str
) -> list[str]:
    """How to decide again, one line per level: `agreement` of the project's coders (else
    of the people who coded the decisions' documents) lists the passages where they differ.
    Without two coders to compare, the decisions are changed in the consensus's codings."""
    names = list(coders) or sorted({name for item in items for name in item.coders})
    if len(names) < 2:
        return [
            f"  To decide again: `ptce-coding codings export --coder {consensus} "
            "decisions.csv`, change `code` or `status` in their rows, then `ptce-coding "
            "codings import decisions.csv --update`"
        ]
    return [
        f"  To decide again: `ptce-coding agreement --coders {','.join(names)} --level "
        f"{level} --disagreements desaccords.xlsx`, fill `decision`, then `ptce-coding "
        f"codings import desaccords.xlsx --coder {consensus}`"
        for level in sorted({item.level for item in items})
    ]


def _new_code_lines(change: codebook_ops.Change, book: Codebook, into: str) -> list[str]:
    """What a merge into a new code took of its first source (``book``: the codebook before
    it), and how to give it texts of its own."""
    if change.took_from is None or not change.took:
        return []
    first = book.get(change.took_from)
    line = f"  {into}, a new code, took the {_names(change.took)} of {first.id}"
    if "label" in change.took:
        line += f" (« {first.label} »)"
    if change.left_out:
        line += f"; those of {', '.join(change.left_out)} are left out"
    options = [f"--{name}" for name in ("label", "definition") if name in change.took]
    if options:
        line += (
            f". To give it its own: `ptce-coding codebook undo`, then the merge again with "
            f"{' and '.join(options)}"
        )
    return [line]


def _citation_lines(project: Project, mapping: dict[str, str]) -> list[str]:
    """The codes' texts that cite an id the change replaced; a code whose text cites a code
    merged into it (its exclude citing a code it now covers) is said so."""
    lines = []
    stale = stale_citations(project.load_codebook(), mapping)
    for item in stale:
        where = f"warning: {project.codebook_file}, {code_place(item.code)}: its {item.field}"
        if item.now != item.code.id:
            lines.append(f"{where} cites {item.cited}, which is now {item.now}")
        elif item.field == "exclude":
            lines.append(
                f"{where} cites {item.cited}, merged into {item.now}: the code now excludes "
                "part of itself (rewrite its exclude: what the merged codes no longer tell apart)"
            )
        else:
            lines.append(f"{where} cites {item.cited}, merged into {item.now}: itself now")
    if stale:
        lines.append("  The codes' texts are not rewritten: change these ids in the YAML by hand.")
    return lines


def _apply(project: Project, operation: str, *args: object, **options: object) -> None:
    book = project.load_codebook()
    with project.open_store(create=False) as store:
        store.command = f"codebook {operation}"
        # a rename, merge or move can take codings out from under a consensus decision
        if operation in _RECODING:
            options["consensus"] = project.analysis.consensus
        change = getattr(codebook_ops, operation)(
            project.codebook_path, store, book, *args, **options
        )
    for old, new in change.mapping.items():
        info(f"  {old} → {new}: {change.moved.get(old, 0)} coding(s)")
    for line in _set_aside_lines(change.set_aside, project.analysis.coders):
        info(line)
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
    for line in _new_code_lines(change, book, str(args[-1])):
        info(line)
    where = project.codebook_file if change.yaml_changed else "the store only (YAML unchanged)"
    info(f"{operation}: done in {where}; recorded in the history")
    for line in _citation_lines(project, change.mapping):
        info(line)
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
@click.option(
    "--label",
    help="The label of INTO after the merge (default: a new code takes the first source's).",
)
@click.option(
    "--definition",
    help="The definition of INTO after the merge (default: a new code takes the first source's).",
)
@project_option
def merge_command(
    project: Project,
    sources: tuple[str, ...],
    into: str,
    label: str | None,
    definition: str | None,
) -> None:
    """Merge codes into one: their codings, rules, examples and sub-codes go to INTO.

    A new INTO takes the label, definition, include and exclude of the first source (the
    command says so), but the --label and --definition given.

    A consensus « no » on one of the codes that would, on INTO, take out codings the group
    did not refuse there (the coders' codings of another source) is set aside and said
    (`codebook undo` puts it back).

    Example:

    \b
        ptce-coding codebook merge ECO.VENTES ECO.PRESTATIONS --into ECO.MARCHAND
        ptce-coding codebook merge GOUV.CA GOUV.DELEGUEE --into GOUV.INSTANCES \\
            --label "Instances de gouvernance"
    """
    _apply(project, "merge", list(sources), into, label=label, definition=definition)


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
