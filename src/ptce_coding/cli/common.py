"""What every command shares: the group, error handling and the --project option.

Library errors (PtceError) become one message and exit code 1, never a traceback. Data goes
to standard output (cli/output.py); messages and progress to standard error (cli/messages.py).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from ptce_coding import __version__
from ptce_coding.app.project import find_project
from ptce_coding.base.errors import PtceError
from ptce_coding.cli.messages import info, set_quiet


class Cli(click.Group):
    """Turns library errors into one message and exit code 1, never a traceback.

    Click's own usage errors (an unknown option, a bad value) also end with exit code 1, as
    DESIGN.md asks of every user error (click alone would use 2).
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except click.exceptions.Abort:
            click.echo("Aborted: nothing more was done.", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            exc.show()
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PtceError as exc:
            raise click.ClickException(str(exc)) from None


PROJECT_HELP = "Project folder (default: the current folder or the nearest one above)."
_PROJECT_KEY = "ptce_coding.project"  # in the context's meta: --project before the command


class ProjectOption(click.Option):
    """--project DIR: given twice on one side of the command with different folders
    (`--project A --project B`), refused rather than the last one silently taken, as click
    does; the same folder twice is that folder."""

    def add_to_parser(self, parser: Any, ctx: click.Context) -> None:
        # every occurrence kept (click's own action for a `multiple` option), then made one
        # folder by consume_value
        parser.add_option(obj=self, opts=self.opts, dest=self.name, action="append")

    def consume_value(
        self, ctx: click.Context, opts: Mapping[str, Any]
    ) -> tuple[Any, ParameterSource]:
        value, source = super().consume_value(ctx, opts)
        if source is ParameterSource.COMMANDLINE and isinstance(value, list):
            value = _one_folder(ctx, value)
        return value, source


def _one_folder(ctx: click.Context, given: list[str]) -> str:
    """The folder of a --project given several times, when it is always the same one."""
    folders = {Path(folder).resolve() for folder in given}
    if len(folders) > 1:
        times = "twice" if len(given) == 2 else f"{len(given)} times"
        shown = ", ".join(dict.fromkeys(given))
        raise click.UsageError(
            f"--project is given {times}, with different folders ({shown}): give it once, "
            "with the project to work on",
            ctx=ctx,
        )
    return given[-1]


def project_option(command: Callable) -> Callable:
    """--project DIR after the command; the group's, before it, is the same option
    (`ptce-coding --project DIR documents`)."""

    @click.option(
        "--project",
        "project_dir",
        cls=ProjectOption,
        type=click.Path(file_okay=False, path_type=Path),
        help=PROJECT_HELP,
    )
    @functools.wraps(command)
    def wrapper(*args: Any, project_dir: Path | None, **kwargs: Any) -> Any:
        # imported on use, not at the top: start-up speed
        from ptce_coding.app.recovery import recover

        project = find_project(_one_project(project_dir))
        for note in recover(project):
            info(note)
        return command(*args, project=project, **kwargs)

    return wrapper


def _one_project(after: Path | None) -> Path | None:
    """The project folder given before the command (the group's --project) or after it;
    two different ones are refused rather than one of them silently chosen."""
    before = click.get_current_context().meta.get(_PROJECT_KEY)
    if before is not None and after is not None and before.resolve() != after.resolve():
        raise click.UsageError(
            f"--project is given twice, before the command ({before}) and after it ({after}): "
            "give it once"
        )
    return after if after is not None else before


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ptce-coding")
@click.option(
    "--quiet", "-q", is_flag=True, help="No messages nor progress bars (errors are shown)."
)
@click.option(
    "--project",
    "project_dir",
    cls=ProjectOption,
    type=click.Path(file_okay=False, path_type=Path),
    help=PROJECT_HELP + " Before the command or after it: the same.",
)
@click.pass_context
def cli(ctx: click.Context, quiet: bool, project_dir: Path | None) -> None:
    """Code PTCE interviews against a shared codebook and compare the poles.

    Every command works inside a project folder (made by `ptce-coding init`) or with
    --project DIR, before the command or after it.

    Example:

    \b
        ptce-coding init mon-etude && cd mon-etude && ptce-coding run
    """
    set_quiet(quiet)
    name, group = ctx.invoked_subcommand, ctx.command
    command = group.get_command(ctx, name) if name and isinstance(group, click.Group) else None
    if project_dir is None or name is None or command is None:
        return
    if not _takes_project(command):
        raise click.UsageError(
            f"--project does not apply to `{name}`: leave it out"
            + (" (init makes the project in the FOLDER it is given)" if name == "init" else "")
        )
    ctx.meta[_PROJECT_KEY] = project_dir
    # the command's own --project (and its subcommands') defaults to this one
    ctx.default_map = {name: _project_default(command, project_dir)}


def _takes_project(command: click.Command) -> bool:
    if isinstance(command, click.Group):
        return all(_takes_project(sub) for sub in command.commands.values())
    return any(param.name == "project_dir" for param in command.params)


def _project_default(command: click.Command, folder: Path) -> dict[str, Any]:
    """A context's default_map giving ``command`` and every command under it ``folder`` as
    --project."""
    defaults: dict[str, Any] = {"project_dir": folder}
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            defaults[name] = _project_default(sub, folder)
    return defaults
