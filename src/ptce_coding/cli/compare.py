"""`ptce-coding compare`: the group of commands that compare the poles, and what they share:
the options, the tables they read, the lines that say which poles and interviews they compare.
Its commands: compare_ca.py, compare_typology.py, compare_qca.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ptce_coding.app.project import Project
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.cli.common import cli
from ptce_coding.cli.messages import info, plural
from ptce_coding.cli.options import refuse_deeper_level

if TYPE_CHECKING:
    from ptce_coding.codebook.model import Codebook
    from ptce_coding.compare.pole_tables import CompareInputs

STATUSES = {"auto": None, "accepted": ("accepted",), "all": ("accepted", "suggested")}


def _level(value: str) -> int | None:
    if value == "all":
        return None
    try:
        level = int(value)
    except ValueError:
        raise click.BadParameter("a depth (1 = top-level codes) or `all`") from None
    if level < 1:
        raise click.BadParameter("a depth of at least 1, or `all`")
    return level


def common_options(command: Callable) -> Callable:
    """--status and --cases, shared by the three commands."""
    command = click.option("--cases", help="Only these cases (poles), comma-separated.")(command)
    return click.option(
        "--status",
        default="auto",
        show_default=True,
        type=click.Choice(list(STATUSES)),
        help="Codings counted: accepted ones, accepted and suggested, or auto (accepted when "
        "any coding is accepted, else the suggestions too).",
    )(command)


def level_options(command: Callable) -> Callable:
    command = click.option(
        "--unit",
        default="segments",
        show_default=True,
        type=click.Choice(["segments", "interviews"]),
        help="What a cell counts: coded segments, or interviews where the code appears.",
    )(command)
    return click.option(
        "--level",
        default=None,
        help="Code depth (1 = axes, 2 = their sub-themes…, `all` for every code); default "
        "compare.level of project.yaml (2).",
    )(command)


def compare_inputs(
    project: Project,
    status: str,
    cases: str | None,
    level: str | None,
    unit: str,
    selection: CoderSelection,
) -> tuple[Codebook, CompareInputs, Path]:
    """The codebook, the comparison's tables, and the folder its files go to
    (``output_folder``)."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.base.case_choice import chosen_cases
    from ptce_coding.compare.inputs import CodingFilter, load_inputs

    book = project.load_codebook()
    chosen = project.compare.level if level is None else _level(level)
    if level is not None:
        refuse_deeper_level(book, chosen)
    poles = [c.strip() for c in (cases or "").split(",") if c.strip()]
    if cases is not None and not poles:
        raise click.BadParameter(
            "name at least one case, or leave --cases out", param_hint="--cases"
        )
    with project.open_store(create=False) as store:
        # as the project spells them (a pole named with a comma, « é » typed decomposed): the
        # folder's name is that of the poles compared
        poles = chosen_cases(poles, store.cases()) if poles else []
        inputs = load_inputs(
            store,
            book,
            level=chosen,
            unit=unit,
            filters=CodingFilter(
                statuses=STATUSES[status], cases=poles or None, selection=selection
            ),
        )
    return book, inputs, output_folder(project, selection, poles)


def output_folder(project: Project, selection: CoderSelection, poles: Sequence[str]) -> Path:
    """Where a comparison's tables and figures go: outputs/compare/ for the whole study on
    every coder, its name followed by the coder selection's label and the poles' of --cases
    (``case_label.cases_label``, as the report's and the matrices' files), so that a
    comparison of some poles never replaces the whole study's, nor another selection's:
    outputs/compare-coders-a+b-cases-pole-a+pole-b/."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.report.case_label import cases_label

    labels = [selection.label, cases_label(poles)]
    return project.outputs_path / "-".join(["compare", *(label for label in labels if label)])


def say_compared(inputs: CompareInputs, left_out: list[str], *, codes_read: bool = True) -> None:
    """The first lines of a comparison: the poles and interviews compared, then those left
    out because nothing is coded in them yet (``left_out``: poles; interviews not coded yet
    in the poles compared), so that « 5 poles » never hides a sixth. ``codes_read`` False:
    a truth table of case attributes only, which reads no interview."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.compare.comparison import FEW_POLES
    from ptce_coding.compare.interview_tally import compared_poles

    compared = compared_poles(inputs, left_out)
    if codes_read:
        _say_interviews(inputs, compared, left_out)
    else:
        info(f"{plural(len(compared), 'pole')}, compared on case attributes only (no code read)")
    if len(compared) < FEW_POLES:
        info(
            f"Only {plural(len(compared), 'pole')}: the results describe these poles, nothing more."
        )


def _say_interviews(inputs: CompareInputs, compared: list[str], left_out: list[str]) -> None:
    # imported on use, not at the top: start-up speed
    from ptce_coding.compare.interview_tally import interview_tally

    tally = interview_tally(inputs, compared, left_out)
    coded, waiting = tally.coded, tally.waiting
    info(
        f"{plural(len(compared), 'pole')}, {plural(coded, 'interview')}"
        + (" compared" if left_out or waiting else "")
        + "; codings: "
        + ("accepted and suggested (provisional)" if inputs.includes_suggestions else "accepted")
    )
    # counting accepted codings only, an interview whose codings wait for review has none
    why = "not coded yet" if inputs.includes_suggestions else "no accepted coding yet"
    if left_out:
        out, pending = tally.left_out, tally.pending
        info(
            f"Pole(s) with nothing coded left out: {', '.join(left_out)} "
            f"({plural(out, 'interview')}, {why})"
            + (
                f"; suggestions wait for review in {', '.join(pending)}: --status all counts them"
                if pending
                else ""
            )
        )
    if waiting:
        info(
            f"Coding under way: {plural(waiting, 'interview')} of the poles compared left out "
            f"({why})"
        )


def refuse_nothing_counted(inputs: CompareInputs, status: str) -> None:
    """No coding counted in any pole (--status accepted before any review, most often): said
    so, rather than as a table too small for a correspondence analysis."""
    if inputs.counts.to_numpy().sum():
        return
    if status == "accepted":
        raise click.ClickException(
            "no coding is accepted in these poles: nothing to compare. Review the suggestions "
            "first (`ptce-coding review`), or count them with --status all"
        )
    raise click.ClickException(
        "nothing is coded in these poles: nothing to compare. Code the interviews first "
        "(`ptce-coding code`, or `codings import`)"
    )


@contextmanager
def suggestions_left_out(inputs: CompareInputs, status: str) -> Iterator[None]:
    """An analysis refused (too few poles, a table too small) while poles whose codings all
    wait for review are left out, since accepted codings only are counted (--status auto once
    one coding is accepted, or accepted): the refusal says so, and how to count them."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.compare.ca import AnalysisError

    try:
        yield
    except AnalysisError as error:
        if not inputs.awaiting_review:
            raise
        why = (
            "--status accepted counts accepted codings only"
            if status == "accepted"
            else "--status auto counts accepted codings only once a coding is accepted"
        )
        hint = (
            f"Left out: {', '.join(inputs.awaiting_review)}, whose codings all wait for review "
            f"({why}). Count the suggestions too with --status all (provisional results), or "
            "review them first (`ptce-coding review`)."
        )
        raise AnalysisError(
            error.message,
            report=error.report,
            hint=f"{hint} {error.hint}" if error.hint else hint,
        ) from None


@cli.group()
def compare() -> None:
    """Compare the poles: correspondence analysis, a typology, a crisp-set truth table.

    A pole where nothing is coded yet is left out of every analysis that reads codes (a pole
    not coded yet is not a pole without the codes); so is an interview not coded yet. Each
    command's first lines say how many poles and interviews are compared, and which poles and
    how many interviews are left out because not coded yet.

    Each command writes its tables (CSV) and figures (PNG, SVG) to outputs/compare/, named
    after the coder selection when there is one (outputs/compare-coders-a+b/) and after the
    poles of --cases (outputs/compare-cases-pole-a+pole-b/; many poles: their number and a
    short digest), so that a comparison of some poles never replaces the whole study's; the
    report's chapter « Typologie des pôles » shows all three when the project has at least 4
    poles where something is coded (settings: `compare` in project.yaml). Whose codings
    count: --coders, --consensus or the `analysis` setting, as for `matrix`.

    Example:

    \b
        ptce-coding compare typology --method ward
    """
