"""`ptce-coding network`: the cooperation network of each pole."""

from __future__ import annotations

import click

from ptce_coding.app.project import Project
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info, working
from ptce_coding.cli.options import selection_options
from ptce_coding.cli.output import emit, format_option

COLUMNS = [
    "case",
    "members_named",
    "ties",
    "density",
    "degree_centralisation",
    "betweenness_centralisation",
    "components",
    "most_central",
    "most_central_share",
    "reading",
    "coordination",
    "governance_attribute",
    "agreement",
]


@cli.command(name="network")
@click.option(
    "--status",
    default="auto",
    show_default=True,
    type=click.Choice(["auto", "accepted", "all"]),
    help="Which codings mark cooperation segments: accepted ones, accepted and suggested, "
    "or auto (accepted when any coding is accepted, else the suggestions too).",
)
@click.option("--no-candidates", is_flag=True, help="Skip the NER proposals (faster).")
@format_option
@project_option
@selection_options
def network_command(
    project: Project,
    status: str,
    no_candidates: bool,
    output_format: str,
    selection: CoderSelection,
) -> None:
    """Who works with whom in each pole: ties, measures, a reading of the typology.

    Members come from corpus/members.csv (case, organisation, kind, circle, aliases; aliases
    separated by `;`, an alias in capitals matches that exact form, the others any case and
    any inflection). A tie joins two members of a pole when (network.ties in project.yaml):

    \b
      co-mention   both are named in one interviewee segment coded with a cooperation code
                   (network.cooperation_codes, COOP by default), unless the segment names
                   more than network.max_members_per_segment members (a list of members);
      interviewee  one is named, in such a segment, by an interviewee of the other (the
                   interview's `organisation` attribute, from corpus/documents.csv).

    A tie's weight is the number of segments that show it. Per pole: density, Freeman's
    degree and betweenness centralisation (a star 1, a ring 0), components, the most central
    member's share of the ties, the Borgatti–Everett core, and a reading of the typology
    (monocentrique, monocentrique élargie, polycentrique, multipolaire; coordination
    verticale or horizontale) with its thresholds, set beside the case's `gouvernance`
    attribute and the GOUV.CONFIGURATION / GOUV.COORDINATION codings. Thresholds:
    monocentrique, degree centralisation >= 0.6 and the most central member in >= 50% of
    the ties, or one member in every tie; monocentrique élargie, a core of 2-3 members
    (fit >= 0.5), centralisation >= 0.3 and the most central member in >= 40% of the ties;
    multipolaire, two groups of >= 3 members with modularity >= 0.3 or two components of
    >= 2 members; polycentrique otherwise; no reading under 3 ties, nor when over half the
    named members have no tie. Coordination is verticale from a betweenness centralisation
    of 0.5.

    Writes outputs/network/: ties.csv, evidence.csv (one row per tie and segment),
    measures.csv, candidates.csv (organisations spaCy's NER found that no member's alias
    covers, with a count and an example, for you to add to members.csv: nothing is added
    by itself) and figures/reseau-<case>.png|svg. With --coders or --consensus (or the
    project's analysis setting), outputs/network-<selection>/ instead.

    Example:

    \b
        ptce-coding network --status accepted
        ptce-coding network --coders doctorante,encadrant --consensus consensus
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.network.assemble import build_network
    from ptce_coding.network.network_files import write_network

    statuses = {"auto": None, "accepted": ("accepted",), "all": ("accepted", "suggested")}
    book = project.load_codebook()
    with project.open_store(create=False) as store, working("Building the networks"):
        result = build_network(
            project.network,
            store,
            book,
            members_file=project.members_path,
            cache_folder=project.cache_path,
            statuses=statuses[status],
            candidates=not no_candidates,
            selection=selection,
        )
    folder = project.outputs_path / selection.named("network")
    written = write_network(result, folder)
    info(
        "Cooperation segments: "
        + (
            "accepted and suggested codings (no coding accepted yet: provisional)"
            if result.includes_suggestions
            else "accepted codings"
        )
    )
    for document, value in sorted(result.unknown_organisations.items()):
        info(f"  {document}: organisation {value!r} is not a member (no interviewee ties)")
    for unknown in result.cases_without_interviews:
        info(f"  {unknown.note(project.members_path)}")
    rows = result.measures_frame().to_dict(orient="records")
    if output_format == "table":
        rows = [{k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()} for r in rows]
    emit(rows, COLUMNS, output_format)
    if result.candidates is not None and len(result.candidates):
        info(f"{len(result.candidates)} organisation(s) proposed for review in candidates.csv")
    info(f"Wrote {len(written)} files in {folder}")
