"""What a command says on standard error: its messages and progress bars, none with --quiet
(errors are always shown). Data goes to standard output (cli/output.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from ptce_coding.base import notices

_QUIET = {"on": False}


def info(message: str) -> None:
    """Messages and progress go to standard error; data to standard output."""
    if not _QUIET["on"]:
        click.echo(message, err=True)


# what the library says while it works (the store waits, names hidden), as the command's
# other messages
notices.notice = info


def set_quiet(quiet: bool) -> None:
    """--quiet: no messages nor progress bars from here on."""
    _QUIET["on"] = quiet


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


def plural(count: int, noun: str) -> str:
    """« 1 pole », « 2 poles », « 0 poles »."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
