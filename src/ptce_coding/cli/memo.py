"""The `memo` commands: analytic memos on the project, a code, a document, a case or a
coding (add, edit, list, export)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ptce_coding.app.project import Project
from ptce_coding.base.files import atomic_path
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info
from ptce_coding.cli.output import emit, format_option


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
