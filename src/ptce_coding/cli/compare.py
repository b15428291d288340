"""`ptce-coding compare`: correspondence analysis, typology and truth table of the poles."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from ptce_coding.app.project import Project
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.cli.common import (
    cli,
    emit,
    emit_frame,
    format_option,
    info,
    plural,
    project_option,
    refuse_deeper_level,
    selection_options,
)

if TYPE_CHECKING:
    from ptce_coding.compare.inputs import CompareInputs

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


def _inputs(
    project: Project,
    status: str,
    cases: str | None,
    level: str | None,
    unit: str,
    selection: CoderSelection,
):
    # imported on use, not at the top: start-up speed
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
        inputs = load_inputs(
            store,
            book,
            level=chosen,
            unit=unit,
            filters=CodingFilter(
                statuses=STATUSES[status], cases=poles or None, selection=selection
            ),
        )
    return book, inputs


def _say_compared(inputs: CompareInputs, left_out: list[str], *, codes_read: bool = True) -> None:
    """The first lines of a comparison: the poles and interviews compared, then those left
    out because nothing is coded in them yet (``left_out``: poles; interviews not coded yet
    in the poles compared), so that « 5 poles » never hides a sixth. ``codes_read`` False:
    a truth table of case attributes only, which reads no interview."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.compare.comparison import FEW_POLES

    compared = [pole for pole in inputs.counts.index if str(pole) not in left_out]
    if codes_read:
        _say_interviews(inputs, compared, left_out)
    else:
        info(f"{plural(len(compared), 'pole')}, compared on case attributes only (no code read)")
    if len(compared) < FEW_POLES:
        info(
            f"Only {plural(len(compared), 'pole')}: the results describe these poles, nothing more."
        )


def _say_interviews(inputs: CompareInputs, compared: list[str], left_out: list[str]) -> None:
    coded = int(inputs.interviews.reindex(compared, fill_value=0).sum())
    listed = inputs.interviews_listed if inputs.interviews_listed is not None else inputs.interviews
    waiting = int(listed.reindex(compared, fill_value=0).sum()) - coded
    info(
        f"{plural(len(compared), 'pole')}, {plural(coded, 'interview')}"
        + (" compared" if left_out or waiting else "")
        + "; codings: "
        + ("accepted and suggested (provisional)" if inputs.includes_suggestions else "accepted")
    )
    # counting accepted codings only, an interview whose codings wait for review has none
    why = "not coded yet" if inputs.includes_suggestions else "no accepted coding yet"
    if left_out:
        out = int(listed.reindex(left_out, fill_value=0).sum())
        pending = [pole for pole in left_out if pole in inputs.awaiting_review]
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


def _refuse_nothing_counted(inputs: CompareInputs, status: str) -> None:
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
def _suggestions_left_out(inputs: CompareInputs, status: str) -> Iterator[None]:
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


def _rounded(rows: list[dict[Any, Any]], output_format: str) -> list[dict[Any, Any]]:
    if output_format != "table":
        return rows
    return [{k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()} for r in rows]


@cli.group()
def compare() -> None:
    """Compare the poles: correspondence analysis, a typology, a crisp-set truth table.

    A pole where nothing is coded yet is left out of every analysis that reads codes (a pole
    not coded yet is not a pole without the codes); so is an interview not coded yet. Each
    command's first lines say how many poles and interviews are compared, and which poles and
    how many interviews are left out because not coded yet.

    Each command writes its tables (CSV) and figures (PNG, SVG) to outputs/compare/ (named
    after the coder selection when there is one: outputs/compare-coders-a+b/); the report's
    chapter « Typologie des pôles » shows all three when the project has at least 4 poles
    where something is coded (settings: `compare` in project.yaml). Whose codings count:
    --coders, --consensus or the `analysis` setting, as for `matrix`.

    Example:

    \b
        ptce-coding compare typology --method ward
    """


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

    book, inputs = _inputs(project, status, cases, level, unit, selection)
    _refuse_nothing_counted(inputs, status)
    _say_compared(inputs, inputs.uncoded)
    with _suggestions_left_out(inputs, status):
        ca = correspondence_analysis(inputs.counts)
    if ca.dropped_columns:
        info(f"{len(ca.dropped_columns)} code(s) never coded at this level left out")
    folder = project.outputs_path / selection.named("compare")
    written = write_ca(ca, inputs, book, folder)
    frame = {"axes": ca.axes, "poles": ca.rows, "codes": ca.columns}[show]
    if output_format == "table":
        frame = frame.round(3)
    emit_frame(frame, output_format)
    info(f"Wrote {len(written)} files in {folder}")


@compare.command(name="typology")
@click.option(
    "--method",
    default=None,
    type=click.Choice(["ward", "jaccard"]),
    help="ward: Ward's criterion on the poles' CA coordinates (χ² distance between code "
    "profiles); jaccard: average linkage on the Jaccard distance between the codes present. "
    "Default: compare.typology of project.yaml (ward).",
)
@click.option(
    "--types", type=int, default=None, help="Number of types (default: the largest jump)."
)
@level_options
@common_options
@format_option
@project_option
@selection_options
def typology_command(
    project: Project,
    method: str | None,
    types: int | None,
    level: str | None,
    unit: str,
    status: str,
    cases: str | None,
    output_format: str,
    selection: CoderSelection,
) -> None:
    """A typology of the poles by hierarchical clustering (at least 4 poles coded).

    The dendrogram is cut at its largest jump (the widest gap between two successive merge
    heights, 2 to n−1 types) unless --types says otherwise. Each type is described by the
    codes over-represented in it (test value of its mean share of segments, Lebart et al.;
    ≥ 1.96 is the 5 % threshold, never claimed for a one-pole type) and the attribute
    values held by at least half of it and more frequent than overall, with their base.
    Prints each pole's type beside its attributes; writes typology.csv, typology-codes.csv,
    typology-attributes.csv and figures/dendrogramme.png|svg in outputs/compare/.

    Example:

    \b
        ptce-coding compare typology --method jaccard --types 2
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.compare.ca import correspondence_analysis
    from ptce_coding.compare.comparison import ward_coordinates
    from ptce_coding.compare.outputs import typology_frame, write_typology
    from ptce_coding.compare.typology import pole_typology

    _, inputs = _inputs(project, status, cases, level, unit, selection)
    _refuse_nothing_counted(inputs, status)
    _say_compared(inputs, inputs.uncoded)
    method = method or project.compare.typology
    # --types 0 is a number out of bounds, said as such, not « no number »
    wanted = types if types is not None else project.compare.types
    with _suggestions_left_out(inputs, status):
        coordinates = (
            ward_coordinates(correspondence_analysis(inputs.counts)) if method == "ward" else None
        )
        typology = pole_typology(
            method,
            inputs.shares,
            inputs.attributes,
            coordinates=coordinates,
            presence=inputs.presence,
            types=wanted,
        )
    heights = typology.linkage[:, 2]
    n, k = len(typology.poles), typology.count
    info(
        f"{k} types ("
        + ("--types" if wanted is not None else "the largest jump")
        + f": the next merge goes from height {heights[n - k - 1]:.3f} to {heights[n - k]:.3f})"
    )
    for number in range(1, typology.count + 1):
        codes = typology.codes[typology.codes["type"] == number]
        described = ", ".join(
            f"{r.code} (v={r.test_value:.2f}{'*' if r.significant else ''})"
            for r in codes.itertuples()
        )
        info(f"  type {number}: {', '.join(typology.members(number))}: {described or '—'}")
    folder = project.outputs_path / selection.named("compare")
    written = write_typology(typology, inputs, folder)
    emit_frame(typology_frame(typology, inputs), output_format)
    info(f"Wrote {len(written)} files in {folder}")


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
    from ptce_coding.compare.inputs import (
        attribute_readings,
        constant_columns,
        crisp_data,
        left_out_of_truth_table,
        refuse_constant,
    )
    from ptce_coding.compare.outputs import solutions_frame, write_qca
    from ptce_coding.compare.qca import check_conditions, minimise, truth_table

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
    book, inputs = _inputs(project, status, cases, None, "segments", selection)
    threshold = min_segments or settings.min_segments
    _say_compared(
        inputs,
        left_out_of_truth_table(inputs, book, [*names, outcome]),
        codes_read=any(name.lstrip("~") in book for name in [*names, outcome]),
    )
    with _suggestions_left_out(inputs, status):
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
    folder = project.outputs_path / selection.named("compare")
    written = write_qca(table, solutions, folder)
    if show == "table":
        emit_frame(table.rows, output_format)
    else:
        frame = solutions_frame(solutions)
        rows = _rounded(frame.to_dict(orient="records"), output_format)
        emit(rows, list(frame.columns), output_format)
    info(f"Wrote {len(written)} files in {folder}")
