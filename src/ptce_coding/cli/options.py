"""Options several commands share, and what they check: --coder (a name to write under),
--anonymise, --coders and --consensus (whose coding counts), --level (not deeper than the
codebook); which options the user gave."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from ptce_coding.base.coder_selection import coder_name_problem, tagger_name_problem

if TYPE_CHECKING:
    from ptce_coding.codebook.model import Codebook


def coder_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Callback of a --coder that writes under that name: no blank or hidden character."""
    problem = coder_name_problem(value) if value is not None else ""
    if problem:
        raise click.BadParameter(f"{problem}: type it again, in plain letters")
    if value is not None and (problem := tagger_name_problem(value)):
        raise click.BadParameter(f"{problem}; give the name of the person who codes")
    return value.strip() if value is not None else None


def given(*names: str) -> list[str]:
    """Of the current command's parameters ``names``, those the user gave (not defaults):
    an option given where it cannot apply is refused, not ignored."""
    ctx = click.get_current_context()
    typed = (click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT)
    return [name for name in names if ctx.get_parameter_source(name) in typed]


def anonymise_option(command: Callable) -> Callable:
    return click.option(
        "--anonymise",
        is_flag=True,
        help="Pseudonymised texts, speakers and memos, offsets remapped (see `ptce-coding "
        "pseudonymise`); the stored texts do not change.",
    )(command)


def anonymised_view(project: Any, store: Any) -> Any:
    """The project's anonymised view (privacy.apply.AnonymisedView), for --anonymise exports."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.privacy.apply import load_view

    return load_view(store, project.private_path, members_path=project.members_path)


def selection_options(command: Callable) -> Callable:
    """--coders and --consensus: whose coding the command uses (coder_selection.py); the
    command receives ``selection``, the project's `analysis` setting with these applied.
    Put it below @project_option."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # imported on use, not at the top: start-up speed
        from ptce_coding.app.option_checks import check_selection

        coders, consensus = kwargs.pop("selection_coders"), kwargs.pop("selection_consensus")
        kwargs["selection"] = kwargs["project"].analysis.with_options(coders, consensus)
        if kwargs["selection"].asked or consensus is not None:
            with kwargs["project"].open_store(create=False) as store:
                check_selection(store, kwargs["selection"], consensus_asked=True)
        return command(*args, **kwargs)

    wrapper = click.option(
        "--consensus",
        "selection_consensus",
        metavar="NAME",
        help="The coder whose decisions (consensus) replace the coders' codings of a code on "
        "the passages they cover; `none`: no consensus (default: analysis.consensus).",
    )(wrapper)
    return click.option(
        "--coders",
        "selection_coders",
        metavar="A,B",
        help="Whose codings count, comma-separated; `all`: every coder (default: "
        "analysis.coders in project.yaml, else every coder).",
    )(wrapper)


def refuse_deeper_level(book: Codebook, level: int | None) -> None:
    """A --level deeper than the codebook's codes (matrix, agreement, compare): the same as `all`,
    which is not what a number asks for; a typo (--level 12 for 1 or 2)."""
    deepest = max((book.depth(code.id) for code in book.codes), default=1)
    if level is not None and level > deepest:
        raise click.BadParameter(
            f"the codebook's codes go {deepest} level(s) deep: give 1 to {deepest}, or `all`",
            param_hint="--level",
        )
