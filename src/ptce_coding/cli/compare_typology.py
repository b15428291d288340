"""`ptce-coding compare typology`: a typology of the poles by hierarchical clustering."""

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
    ≥ 1.96 is the 5 % threshold, never claimed for a one-pole type; the 5 highest, and all
    the codes tied with the fifth, said as tied) and the attribute
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

    _, inputs, folder = compare_inputs(project, status, cases, level, unit, selection)
    refuse_nothing_counted(inputs, status)
    say_compared(inputs, inputs.uncoded)
    method = method or project.compare.typology
    # --types 0 is a number out of bounds, said as such, not « no number »
    wanted = types if types is not None else project.compare.types
    with suggestions_left_out(inputs, status):
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
        ties = codes[codes["tied"] > 1].drop_duplicates("test_value")
        said = "".join(
            f"; {r.tied} codes tied at v={r.test_value:.2f}, all listed" for r in ties.itertuples()
        )
        info(f"  type {number}: {', '.join(typology.members(number))}: {described or '—'}{said}")
    written = write_typology(typology, inputs, folder)
    emit_frame(typology_frame(typology, inputs), output_format)
    info(f"Wrote {len(written)} files in {folder}")
