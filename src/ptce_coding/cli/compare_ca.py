"""`ptce-coding compare ca`: correspondence analysis of the pole × code table."""

from __future__ import annotations

import click

from ptce_coding.app.project import Project
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.cli.common import project_option
from ptce_coding.cli.compare import (
    common_options,
    compare,
    compare_inputs,
    level_options,
    refuse_nothing_counted,
    say_compared,
    suggestions_left_out,
)
from ptce_coding.cli.messages import info
from ptce_coding.cli.options import selection_options
from ptce_coding.cli.output import emit_frame, format_option


@compare.command(name="ca")
@click.option(
    "--show",
    default="axes",
    show_default=True,
    type=click.Choice(["axes", "poles", "codes"]),
    help="What to print: inertia per axis, or the poles' or codes' coordinates, "
    "contributions (ctr) and cos² on every axis.",
)
@level_options
@common_options
@format_option
@project_option
@selection_options
def ca_command(
    project: Project,
    show: str,
    level: str | None,
    unit: str,
    status: str,
    cases: str | None,
    output_format: str,
    selection: CoderSelection,
) -> None:
    """Correspondence analysis (AFC) of the pole × code table.

    Inertia (eigenvalue) and its share per axis; for each pole and code its principal
    coordinate, contribution to the axis (0–1) and cos² (quality of its representation,
    0–1). Codes never coded at this level are left out (counted). Writes ca-axes.csv,
    ca-poles.csv, ca-codes.csv and figures/afc.png|svg (the poles and the codes that
    contribute most to axes 1–2) in outputs/compare/.

    Example:

    \b
        ptce-coding compare ca --level 1 --unit interviews --show codes
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.compare.ca import correspondence_analysis
    from ptce_coding.compare.outputs import write_ca

    book, inputs, folder = compare_inputs(project, status, cases, level, unit, selection)
    refuse_nothing_counted(inputs, status)
    say_compared(inputs, inputs.uncoded)
    with suggestions_left_out(inputs, status):
        ca = correspondence_analysis(inputs.counts)
    if ca.dropped_columns:
        info(f"{len(ca.dropped_columns)} code(s) never coded at this level left out")
    written = write_ca(ca, inputs, book, folder)
    frame = {"axes": ca.axes, "poles": ca.rows, "codes": ca.columns}[show]
    if output_format == "table":
        frame = frame.round(3)
    emit_frame(frame, output_format)
    info(f"Wrote {len(written)} files in {folder}")
