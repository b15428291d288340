"""Commands on the codebook: validate, show, export and import (.qdc), undo the last change."""

from __future__ import annotations

from pathlib import Path

import click

from ptce_coding.app.project import Project
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info, plural
from ptce_coding.cli.output import emit, format_option
from ptce_coding.codebook.model import code_table


@cli.group()
def codebook() -> None:
    """Check, print, exchange and evolve the codebook."""


@codebook.command()
@project_option
def validate(project: Project) -> None:
    """Check the codebook (ids, parents, rules) and report every problem with its line; and,
    when the project has a store, that every code its codings use is in the codebook.

    Example:

    \b
        ptce-coding codebook validate
    """
    book = project.load_codebook()
    if any(rule.kind in ("lemma", "pattern", "near") for rule in book.rules()):
        # imported on use, not at the top: start-up speed
        from ptce_coding.base.language import load_pipeline
        from ptce_coding.tagging.rules import RuleTagger

        RuleTagger(book, load_pipeline())
    fates: dict[str, str] = {}
    if project.store_path.is_file():
        # imported on use, not at the top: start-up speed
        from ptce_coding.evolution.former_ids import FormerIds
        from ptce_coding.evolution.orphan_codes import check_orphans

        with project.open_store(create=False) as store:
            check_orphans(store, book)
            # what the recorded renames, merges and moves made of the ids the texts cite
            fates = FormerIds.of(store, book).citation_fates()
    for warning in book.warnings(fates):
        info(f"warning: {project.codebook_file}, {warning}")
    top = len(book.top_level())
    info(
        f"{project.codebook_file}: valid — {plural(len(book), 'code')} ({top} top-level), "
        f"{plural(len(book.rules()), 'rule')}, version {book.version}"
    )


@codebook.command()
@format_option
@project_option
def show(project: Project, output_format: str) -> None:
    """Print the codebook as a tree with labels, retired codes marked (or as a table with
    csv/json).

    Example:

    \b
        ptce-coding codebook show
    """

    book = project.load_codebook()
    if output_format != "table":
        emit(
            code_table(book),
            ["id", "label", "parent", "depth", "rules", "definition"],
            output_format,
        )
        return
    click.echo(f"{book.name} (version {book.version}, {plural(len(book), 'code')})")
    for depth, code in book.walk():
        retired = ", retired" if code.retired else ""
        click.echo(
            f"{'  ' * (depth - 1)}{code.id}  {code.label}  "
            f"[{plural(len(code.rules), 'rule')}{retired}]"
        )


@codebook.command(name="export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["qdc"]),
    default="qdc",
    show_default=True,
    help="qdc: a REFI-QDA codebook (NVivo, ATLAS.ti, MAXQDA…).",
)
@project_option
def codebook_export(project: Project, file: Path, file_format: str) -> None:
    """Write the codebook for other tools: a REFI-QDA .qdc file (validated before writing).

    Example:

    \b
        ptce-coding codebook export --format qdc grille-ptce.qdc
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.interop.refi import write_qdc

    project.refuse_own_file(file, "the .qdc export (XML)")
    book = project.load_codebook()
    write_qdc(file, book)
    info(f"Wrote {plural(len(book), 'code')} to {file}")


@codebook.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path, exists=False))
@click.option(
    "--new",
    "new_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a new YAML codebook here instead of adding to the project's.",
)
@click.option(
    "--same-name",
    type=click.Choice(["skip", "add"]),
    help="Codes of the file named as codes of the codebook (refused, listed, without it): "
    "skip takes each as the codebook's code of that name (its new sub-codes go under it), "
    "add adds them beside it.",
)
@project_option
def codebook_import(
    project: Project, file: Path, new_file: Path | None, same_name: str | None
) -> None:
    """Add the codes of a REFI-QDA .qdc codebook to the project's YAML codebook (codes it
    already has are kept as they are), or write them as a new YAML codebook with --new.

    Ids are made from the code names (« Économie locale » → ECONOMIE_LOCALE, under the
    parent's id), the same at every import; the YAML's comments and order are kept. The
    codes added are one codebook change, in the history, which `codebook undo` takes back.
    A code of the file named as a code of the codebook (« Coopération » for COOP) is said
    before anything is written: choose with --same-name.

    Example:

    \b
        ptce-coding codebook import grille-nvivo.qdc
        ptce-coding codebook import grille-nvivo.qdc --same-name skip
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.interop.codebook_import import (
        commit_qdc_import,
        plan_qdc_import,
        write_new_codebook,
    )

    if new_file is not None:
        if same_name is not None:
            raise click.UsageError("--same-name goes with an import into the project's codebook")
        done = write_new_codebook(file, new_file)
    else:
        done = plan_qdc_import(file, project.codebook_path, same_name=same_name)
        if done.added:
            with project.open_store() as store:  # the change is logged: a first one makes it
                store.command = "codebook import"
                commit_qdc_import(done, store)
    info(f"{len(done.added)} code(s) added to {done.target} ({plural(done.total, 'code')} in all)")
    if done.taken:
        pairs = ", ".join(f"{file_id} → {ours}" for file_id, ours in done.taken.items())
        info(
            f"  {len(done.taken)} code(s) of the file taken as the codebook's code of that "
            f"name: {pairs}"
        )
    for warning in done.warnings:
        info(f"  warning: {warning}")
    if done.added and new_file is None:
        info("  recorded in the history: `ptce-coding codebook undo` takes it back")


@codebook.command(name="undo")
@project_option
def codebook_undo(project: Project) -> None:
    """Undo the newest codebook change not undone yet (rename, merge, split, move, retire,
    unretire, the codes a `codebook import FILE.qdc` or an `import FILE.qdpx --codes add`
    added); run again, it steps one change further back. An undo is undone by making the
    change again.

    The YAML is put back as it was before the change, and the codings and code memos the
    change moved get their code back, where they still have the code it gave them (a
    renamed code takes back what was coded and written on it since); the consensus
    decisions it set aside come back, and so does each coding it made one with another
    coding of its coder, whatever was done since to the one kept (said when that one was
    given another code or removed). Nothing changes when the codebook was edited since the
    change, or when codings made or changed since use a code the codebook before it does
    not have.

    Example:

    \b
        ptce-coding codebook merge GOUV.CA GOUV.BUREAU --into GOUV.INSTANCES
        ptce-coding codebook undo
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.evolution.codebook_undo import undo_last
    from ptce_coding.evolution.undo_folds import unfolded_lines

    book = project.load_codebook()
    with project.open_store(create=False) as store:
        store.command = "codebook undo"
        done = undo_last(project.codebook_path, store, book)
    if done.operation != "import":  # the undo of a .qdpx import says what it took back itself
        info(
            f"Undid `codebook {done.operation}` of {done.at[:16].replace('T', ' ')} ({done.actor})"
        )
    for (now, back), count in sorted(done.moved.items()):
        info(f"  {now} → {back}: {plural(count, 'coding')}")
    for line in unfolded_lines(done.unfolded):  # what came back, once the undone is said
        info(line)
    if done.dropped:
        info(
            f"  {plural(done.dropped, 'suggestion')} of codes the undo takes away, waiting for "
            "review, dropped: `ptce-coding code` suggests again with the codebook as it was"
        )
    if done.put_back:
        info(
            f"  {plural(done.put_back, 'consensus decision')} the change had set aside back, "
            "on the code(s) they decided"
        )
    if done.memos:
        info(f"  {plural(done.memos, 'code memo')} back on the code(s) they were written on")
    for memo in done.stranded_memos:
        info(
            f"  warning: memo {memo.id} was written on {memo.target} after the change, and the "
            "undo takes that code away: the memo is kept (`ptce-coding memo export`)"
        )
    where = project.codebook_file if done.yaml_changed else "the store only (YAML unchanged)"
    info(f"undo: done in {where}; recorded in the history")
    if done.backup is not None:
        info(
            f"  {project.codebook_file} had been edited since the change without changing a "
            f"code (comments, layout): that version is kept in {done.backup}"
        )
