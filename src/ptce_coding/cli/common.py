"""What every command shares: the group, error handling, project and format options, output.

Library errors (PtceError) become one message and exit code 1, never a traceback. Data goes
to standard output; messages and progress to standard error.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from ptce_coding import __version__
from ptce_coding.app.project import find_project
from ptce_coding.base import notices
from ptce_coding.base.coder_selection import coder_name_problem, tagger_name_problem
from ptce_coding.base.errors import PtceError

if TYPE_CHECKING:
    from ptce_coding.codebook.model import Codebook
    from ptce_coding.tagging.rule_coding import RuleRun

FORMATS = ("table", "csv", "json")
TABLE_DECIMALS = 4


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


def format_option(command: Callable) -> Callable:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="table for reading; csv or json for scripts (data alone on standard output).",
    )(command)


_QUIET = {"on": False}


def info(message: str) -> None:
    """Messages and progress go to standard error; data to standard output."""
    if not _QUIET["on"]:
        click.echo(message, err=True)


# what the library says while it works (the store waits, names hidden), as the command's
# other messages
notices.notice = info


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback drawing a bar on a terminal; None when quiet or not a terminal."""
    if _QUIET["on"] or not sys.stderr.isatty():
        yield None
        return
    # imported on use, not at the top: start-up speed
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        label,
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


@contextmanager
def working(label: str) -> Iterator[None]:
    """A progress bar that pulses (the work has no count to show) while a long step runs;
    nothing when quiet or not a terminal."""
    with progress_bar(label):
        yield


def _plain(value: Any) -> Any:
    """A missing number (NaN) is printed empty in tables and as null in JSON."""
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _said(value: Any) -> Any:
    """A yes-or-no value as a table or a spreadsheet user reads it."""
    return ("yes" if value else "no") if isinstance(value, bool) else value


def plural(count: int, noun: str) -> str:
    """« 1 pole », « 2 poles », « 0 poles »."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def emit(rows: Sequence[Mapping[Any, Any]], columns: Sequence[str], output_format: str) -> None:
    """``rows`` (a DataFrame's records or plain dicts) as a table, CSV or JSON: a yes-or-no
    value is true/false in JSON, « yes »/« no » in a table and CSV (not Python's True)."""
    rows = [{c: _plain(row.get(c)) for c in columns} for row in rows]
    if output_format == "json":
        click.echo(
            json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2)
        )
        return
    rows = [{c: _said(value) for c, value in row.items()} for row in rows]
    if output_format == "csv":
        writer = csv.DictWriter(
            sys.stdout, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
    else:
        # imported on use, not at the top: start-up speed
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        cells = [[_table_cell(row.get(c)) for c in columns] for row in rows]
        widths = [
            max([len(str(c))] + [len(line[i]) for line in cells]) for i, c in enumerate(columns)
        ]
        console = Console()
        if not console.is_terminal:  # piped or captured: never cut a cell
            console = Console(width=sum(widths) + 3 * len(widths) + 1)

        def literal(text: str) -> Text:
            """``text`` as it is: a memo, a name or a passage may hold « [b] », « [/fin] »
            or « :smile: », which rich would read as its markup (or refuse) or an emoji."""
            return console.render_str(text, markup=False, emoji=False, highlight=False)

        table = Table()
        for column in columns:
            table.add_column(literal(str(column)), overflow="fold")
        for line in cells:
            table.add_row(*map(literal, line))
        console.print(table)


def _table_cell(value: Any) -> str:
    """Tables round statistics to 4 decimals; csv and json give them whole."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(round(value, TABLE_DECIMALS))
    return str(value)


def emit_frame(frame: Any, output_format: str) -> None:
    """A DataFrame (index included) in the chosen format."""
    table = frame.reset_index()
    rows = table.to_dict(orient="records")
    emit(rows, [str(c) for c in table.columns], output_format)


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
    _QUIET["on"] = quiet
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


def model_note(run: RuleRun) -> None:
    """What the assisted tagger's reading did to the rules' findings: with the model `suggest`
    saved, when it was trained and on how much of the present coding; without it, why, and the
    rule suggestions its weighing had written that are written no more."""
    basis = run.model_basis
    if run.model_state in ("given", "saved"):
        trained = "trained on your coding"
        if basis is not None and basis.changed:
            trained = (
                f"`suggest` trained{basis.said_when()} on "
                f"{plural(basis.segments, 'coded segment')} (the coding of "
                f"{plural(basis.changed, 'segment')} changed since: run `ptce-coding suggest` to "
                "train it on the present coding)"
            )
        info(
            f"Weighed with the model {trained}: {run.model_read} finding(s) "
            f"({run.model_raised} written only with it, {run.model_lowered} not written "
            "because of it)"
        )
        return
    if run.model_state == "earlier" and basis is not None:
        why = (
            f"The model `suggest` trained{basis.said_when()} on "
            f"{plural(basis.segments, 'coded segment')} is not read: the coding of "
            f"{plural(basis.changed, 'segment')} changed since, more than the "
            f"{basis.tolerated} (a tenth) it is read with"
        )
    elif run.model_state == "earlier":
        why = (
            "The model `suggest` saved was trained with another codebook, settings or library "
            "versions: the findings are weighed without it"
        )
    elif run.model_dropped:
        why = "No model is saved in .cache/model/: the findings are weighed without one"
    else:
        return
    dropped = ""
    if run.model_dropped:
        dropped = (
            f"; {plural(run.model_dropped, 'rule suggestion')} written earlier with its "
            f"weighing {'is' if run.model_dropped == 1 else 'are'} not written without it"
        )
    info(f"{why}{dropped} (run `ptce-coding suggest` to weigh them with it again)")


def refuse_deeper_level(book: Codebook, level: int | None) -> None:
    """A --level deeper than the codebook's codes (matrix, agreement, compare): the same as `all`,
    which is not what a number asks for; a typo (--level 12 for 1 or 2)."""
    deepest = max((book.depth(code.id) for code in book.codes), default=1)
    if level is not None and level > deepest:
        raise click.BadParameter(
            f"the codebook's codes go {deepest} level(s) deep: give 1 to {deepest}, or `all`",
            param_hint="--level",
        )
