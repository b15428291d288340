"""`ptce-coding compare qca`: crisp-set QCA, the truth table of the poles and its solutions."""

from __future__ import annotations

import unicodedata
from typing import Any

import click

from ptce_coding.app.project import Project
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.cli.common import project_option
from ptce_coding.cli.compare import (
    common_options,
    compare,
    compare_inputs,
    say_compared,
    suggestions_left_out,
)
from ptce_coding.cli.messages import info
from ptce_coding.cli.options import selection_options
from ptce_coding.cli.output import emit, emit_frame, format_option

NOTATION = (
    "Read A*~B as A and not B, A + B as A or B; -> : the poles with the solution show the "
    "outcome (sufficient); <-> : and the outcome shows nowhere else (necessary too: "
    "consistency and coverage 1)."
)


def _rounded(rows: list[dict[Any, Any]], output_format: str) -> list[dict[Any, Any]]:
    if output_format != "table":
        return rows
    return [{k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()} for r in rows]


@compare.command(name="qca")
@click.option(
    "--outcome",
    default=None,
    help="A case attribute (present unless empty or non/no/false/0), attribute=value, or a "
    "code; ~ in front for its absence. Default: compare.qca.outcome of project.yaml.",
)
@click.option(
    "--conditions",
    default=None,
    help="Comma-separated codes, attributes or attribute=value (at most 10). Default: "
    "compare.qca.conditions of project.yaml.",
)
@click.option(
    "--min-segments",
    type=click.IntRange(min=1),
    default=None,
    help="A code is present in a pole coded in at least this many of its segments "
    "(sub-codes included). Default: compare.qca.min_segments (1).",
)
@click.option(
    "--cut",
    type=click.FloatRange(min=0, max=1, min_open=True),
    default=None,
    help="Consistency a configuration needs for outcome 1 (default 1: all its poles).",
)
@click.option(
    "--show",
    default="table",
    show_default=True,
    type=click.Choice(["table", "solutions"]),
    help="Print the truth table, or the terms of the two solutions.",
)
@common_options
@format_option
@project_option
@selection_options
def qca_command(
    project: Project,
    outcome: str | None,
    conditions: str | None,
    min_segments: int | None,
    cut: float | None,
    show: str,
    status: str,
    cases: str | None,
    output_format: str,
    selection: CoderSelection,
) -> None:
    """Crisp-set QCA: the truth table of the poles and its minimised solutions.

    When a condition or the outcome is a code, a pole where nothing is coded yet is left out
    (every code would read as absent there); with case attributes only, every pole counts.
    One row per configuration of conditions observed (OUT 1 when its consistency reaches
    --cut, 0 when no pole has the outcome, C for a contradictory row, left out of the
    minimisation), with its poles. The complex solution minimises the rows with OUT 1 only;
    the parsimonious one may also use the remainders (configurations no pole shows). Each
    term with its consistency and raw and unique coverage. Writes qca-truth-table.csv and
    qca-solutions.csv in outputs/compare/.

    Example:

    \b
        ptce-coding compare qca --outcome laureat_appel \\
            --conditions EMERG.ACC.COLLECTIVITES,EMERG.DET.INTERCONNAISSANCE --min-segments 2
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.compare.constant_columns import constant_columns, refuse_constant
    from ptce_coding.compare.outputs import solutions_frame, write_qca
    from ptce_coding.compare.qca import check_conditions, minimise, truth_table
    from ptce_coding.compare.truth_table_data import (
        attribute_readings,
        crisp_data,
        left_out_of_truth_table,
    )

    settings = project.compare
    if outcome is not None and not outcome.strip():
        raise click.BadParameter("name the outcome, or leave --outcome out", param_hint="--outcome")
    outcome = (outcome or "").strip() or settings.outcome
    names = [c.strip() for c in (conditions or "").split(",") if c.strip()]
    if conditions is not None and not names:
        raise click.BadParameter(
            "name at least one condition, or leave --conditions out", param_hint="--conditions"
        )
    names = names or list(settings.conditions)
    # a name pasted decomposed (« é » as e + accent, as macOS file names are) is the
    # attribute's composed one
    outcome = unicodedata.normalize("NFC", outcome)
    names = [unicodedata.normalize("NFC", name) for name in names]
    if not outcome or not names:
        raise click.UsageError("give --outcome and --conditions (or compare.qca in project.yaml)")
    check_conditions(outcome, names)
    book, inputs, folder = compare_inputs(project, status, cases, None, "segments", selection)
    threshold = min_segments or settings.min_segments
    unknown = [
        name
        for name in (raw.strip().lstrip("~") for raw in [*names, outcome])
        if name not in book and name.partition("=")[0] not in inputs.attributes.columns
    ]
    if unknown:  # refused alone (« did you mean… »), not after lines on what is compared
        crisp_data(inputs, book, [*names, outcome], min_segments=threshold)
    say_compared(
        inputs,
        left_out_of_truth_table(inputs, book, [*names, outcome]),
        codes_read=any(name.lstrip("~") in book for name in [*names, outcome]),
    )
    with suggestions_left_out(inputs, status):
        data, _ = crisp_data(inputs, book, [*names, outcome], min_segments=threshold)
    if len(data) >= 2:
        refuse_constant(
            constant_columns(data, inputs, book, [*names, outcome], min_segments=threshold),
            outcome,
        )
    info(
        f"A code is present in a pole coded in at least {min_segments or settings.min_segments} "
        "of its segments (sub-codes included); an attribute unless empty or non/no/false/0."
    )
    attributes = [n for n in [*names, outcome.lstrip("~")] if n not in book]
    for name, (present, absent) in attribute_readings(inputs.attributes, data, attributes).items():
        said = [", ".join(values) or "—" for values in (present, absent)]
        info(f"  {name}: present for {said[0]}; absent for {said[1]}")
    table = truth_table(data, outcome, names, cut=cut or settings.cut)
    solutions = [minimise(table), minimise(table, remainders=True)]
    info(
        f"{len(table.rows)} configuration(s) observed of {2 ** len(names)}; "
        f"{len(table.contradictions)} contradictory; {table.remainders} remainder(s)"
    )
    for solution in solutions:
        info(
            f"{solution.kind}: {solution.expression} (consistency {solution.consistency:.3f}, "
            f"coverage {solution.coverage:.3f})"
        )
        for note in solution.notes:
            info(f"  {note}")
    info(NOTATION)
    written = write_qca(table, solutions, folder)
    if show == "table":
        emit_frame(table.rows, output_format)
    else:
        frame = solutions_frame(solutions)
        rows = _rounded(frame.to_dict(orient="records"), output_format)
        emit(rows, list(frame.columns), output_format)
    info(f"Wrote {len(written)} files in {folder}")
