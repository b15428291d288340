"""Commands on the codebook: validate, show."""

from __future__ import annotations

import click

from ptce_coding.cli.common import cli, emit, format_option, info, project_option
from ptce_coding.project import Project


@cli.group()
def codebook() -> None:
    """Check and print the codebook."""


@codebook.command()
@project_option
def validate(project: Project) -> None:
    """Check the codebook (ids, parents, rules) and report every problem with its line.

    Example:

        ptce-coding codebook validate
    """
    book = project.load_codebook()
    if any(rule.kind in ("lemma", "pattern", "near") for rule in book.rules()):
        from ptce_coding.nlp import load_pipeline
        from ptce_coding.tagging.rules import RuleTagger

        RuleTagger(book, load_pipeline())
    for warning in book.warnings():
        info(f"warning: {project.codebook_file}, {warning}")
    top = len(book.top_level())
    info(
        f"{project.codebook_file}: valid — {len(book)} codes ({top} top-level), "
        f"{len(book.rules())} rules, version {book.version}"
    )


@codebook.command()
@format_option
@project_option
def show(project: Project, output_format: str) -> None:
    """Print the codebook as a tree with labels (or as a table with csv/json).

    Example:

        ptce-coding codebook show
    """
    from ptce_coding.codebook import code_table

    book = project.load_codebook()
    if output_format != "table":
        emit(
            code_table(book),
            ["id", "label", "parent", "depth", "rules", "definition"],
            output_format,
        )
        return
    click.echo(f"{book.name} (version {book.version}, {len(book)} codes)")
    for depth, code in book.walk():
        click.echo(f"{'  ' * (depth - 1)}{code.id}  {code.label}  [{len(code.rules)} rules]")
