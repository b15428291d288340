"""Commands that exchange whole projects with other tools: export qdpx (import: `import`)."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ptce_coding.app.project import Project
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info, plural, working
from ptce_coding.cli.options import anonymise_option, anonymised_view, selection_options
from ptce_coding.interop.qdpx_decisions import decision_user

if TYPE_CHECKING:
    from ptce_coding.interop.qdpx_project import QdpxExport


@cli.group(name="export")
def export_group() -> None:
    """Write the project for another tool."""


@export_group.command(name="qdpx")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--include-suggestions", is_flag=True, help="Also export unreviewed suggestions.")
@click.option(
    "--force", is_flag=True, help="Write over FILE when it exists (what it holds is lost)."
)
@anonymise_option
@project_option
@selection_options
def export_qdpx_command(
    project: Project,
    file: Path,
    include_suggestions: bool,
    force: bool,
    anonymise: bool,
    selection: CoderSelection,
) -> None:
    """A REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA or QualCoder: documents, cases
    and their attributes, the codebook, and the accepted codings with their coders (those
    of the project's analysis setting, or of --coders) as they made them, with the
    consensus's decisions beside them (--consensus): each « yes » a coding of its user, each
    « no » one of the user « NAME (decision: no) », which an import into ptce-coding reads
    back and applies where the consensus is set. How each coding was made (by hand, a
    tagger's suggestion accepted one by one or by threshold, with its confidence and
    evidence) and the suggestions rejected go in the documents' variable
    « coding_provenance », which an import into ptce-coding reads back.

    Positions are Unicode code points of the NFC text with LF line ends (stated in the file).
    The project file is checked against the REFI-QDA schema before anything is written.
    An existing FILE is left as it is (--force writes over it); the file is written whole or
    not at all.

    Example:

    \b
        ptce-coding export qdpx outputs/etude.qdpx
        ptce-coding export qdpx consensus.qdpx --coders doctorante,encadrant --consensus consensus
    """

    # imported on use, not at the top: start-up speed
    from ptce_coding.interop.qdpx_project import export_qdpx, refuse_existing

    project.refuse_own_file(file, "the .qdpx export")
    if not force:
        refuse_existing(file)
    statuses = ("accepted", "suggested") if include_suggestions else ("accepted",)
    book = project.load_codebook()
    # imported on use, not at the top: start-up speed
    from ptce_coding.evolution.orphan_codes import check_orphans

    with project.open_store(create=False) as store:
        check_orphans(store, book)
        if include_suggestions:
            # imported on use, not at the top: start-up speed
            from ptce_coding.app.option_checks import check_suggestions_counted

            check_suggestions_counted(
                store, selection, "--include-suggestions", "leave --include-suggestions out"
            )
        with working("Exporting"):
            written = export_qdpx(
                store,
                book,
                file,
                project_name=project.name,
                created_by=getpass.getuser(),
                statuses=statuses,
                view=anonymised_view(project, store) if anonymise else None,
                selection=selection,
            )
    for line in _export_lines(written, file):
        info(line)


def _export_lines(written: QdpxExport, file: Path) -> list[str]:
    """What `export qdpx` says it wrote: the coders' codings, and the decisions beside them
    with how the file carries them and where they apply."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.interop.overlap_turns import VARIABLE as OVERLAP_VARIABLE
    from ptce_coding.interop.qdpx_provenance import VARIABLE as PROVENANCE_VARIABLE

    own = written.codings - written.decisions - sum(written.unapplied.values())
    documents = plural(written.documents, "document")
    if not written.decisions:
        lines = [f"Wrote {documents} and {plural(own, 'coding')} to {file}"]
    else:
        name = written.consensus or ""
        lines = [
            f"Wrote {documents}, {plural(own, 'coding')} as the coders made them and "
            f"{plural(written.decisions, 'consensus decision')} of {name} ({written.yes} "
            f"« yes », {written.no} « no ») to {file}",
            f"  Each « yes » is a coding of the user « {name} », each « no » one of the user "
            f"« {decision_user(name, 'rejected')} »: a ptce-coding project that imports the "
            f"file applies them with `analysis: {{consensus: {name}}}`, as this one does; "
            "another tool shows them as those users' codings and applies none. The coders' "
            "codings are as they made them, as `agreement` compares them.",
        ]
    lines.extend(
        f"  and {plural(count, '« no » decision')} of {coder} (codings of the user "
        f"« {decision_user(coder, 'rejected')} »), which apply nowhere, here or where the file "
        f"is imported, while {coder} is not the consensus (`analysis: {{consensus: {coder}}}`)"
        for coder, count in written.unapplied.items()
    )
    if written.overlaps:
        lines.append(
            f"  Whose each part of an overlap is: in the variable « {OVERLAP_VARIABLE} » of "
            f"{plural(written.overlaps, 'document')} (a ptce-coding import reads it back)"
        )
    if written.provenance:
        lines.append(
            "  How each coding was made (by hand, imported, or a tagger's suggestion accepted: "
            f"{written.by_threshold} of them by threshold) and "
            f"{plural(written.rejections, 'rejected suggestion')}: in the variable "
            f"« {PROVENANCE_VARIABLE} » of {plural(written.provenance, 'document')} (a "
            "ptce-coding import reads it back; another tool shows it as a text attribute)"
        )
    if written.speaker_turns:
        lines.append(
            f"  Whose each segment is, where the text alone says it otherwise: in the variable "
            f"« speaker_turns » of {plural(written.speaker_turns, 'document')} (a ptce-coding "
            "import reads it back while the text is unchanged)"
        )
    return lines


LISTED = 25  # codes whose codings an import left out listed by name; the others counted

qdpx_codes_option = click.option(
    "--codes",
    type=click.Choice(["add", "skip"]),
    help="For a .qdpx whose codes the codebook lacks (listed, and the file refused, without "
    "this option): `add` adds them to the codebook (`codebook undo` takes them back), `skip` "
    "imports only the codings of the codes the codebook has and counts those left out.",
)


def import_qdpx_files(
    project: Project,
    files: list[Path],
    case: str | None,
    partial: bool = False,
    codes: str | None = None,
) -> None:
    """`ptce-coding import project.qdpx` (or `import qdpx project.qdpx`); ``codes``: what
    becomes of the codes the codebook lacks (``--codes``)."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.corpus.speakers import SpeakerDetector
    from ptce_coding.interop.qdpx_import import import_qdpx

    detector = SpeakerDetector(project.speakers)
    with project.open_store() as store:
        store.command = "import qdpx"
        for file in files:
            result = import_qdpx(
                store,
                project.codebook_path,
                file,
                detector,
                case=case,
                codes=codes,
                partial=partial,
                preamble=project.importing.preamble,
            )
            info(
                f"{file}: written by {result.tool} (positions: {result.offset_convention}); "
                f"{plural(len(result.documents_added), 'document')} added, "
                f"{len(result.documents_present)} already there; {result.codings_added} "
                f"codings added ({result.codings_present} already there); "
                f"{len(result.codes_added)} new codes in {project.codebook_file}; "
                f"{result.memos_added} memos"
            )
            if result.codes_skipped:
                skipped = sum(result.codes_skipped.values())
                info(
                    f"  {plural(skipped, 'coding')} of {len(result.codes_skipped)} code(s) not "
                    f"in {project.codebook_file} left out (--codes skip):"
                )
                for code, count in list(result.codes_skipped.items())[:LISTED]:
                    info(f"    - {code}: {plural(count, 'coding')}")
                if len(result.codes_skipped) > LISTED:
                    info(
                        f"    … and {len(result.codes_skipped) - LISTED} more "
                        "(`ptce-coding history --action qdpx.import` lists them all)"
                    )
            if result.codes_added:
                info(
                    "  `ptce-coding codebook undo` takes these codes back, with the documents "
                    "this import added"
                )
            for name, count in result.decisions_no.items():
                applied = (
                    f"they apply: the project's consensus is {name}"
                    if project.analysis.consensus == name
                    else f"they apply with `analysis: {{consensus: {name}}}` in project.yaml, "
                    f"or --consensus {name}"
                )
                info(
                    f"  {plural(count, 'coding')} of the user « {decision_user(name, 'rejected')} "
                    f"» read as the « no » decisions of {name} (its rejected codings); {applied}"
                )
            made = result.restored
            if made.decisions or made.manual or made.imported or made.waiting or made.present:
                info(
                    f"  As they were made (variable « coding_provenance »): {made.manual} by "
                    f"hand, {made.imported} imported from a file, "
                    f"{plural(made.accepted, 'suggestion')} accepted ({made.by_threshold} "
                    f"by threshold), {made.rejected} rejected, {made.waiting} waiting"
                    + (f"; {made.present} decision(s) already there" if made.present else "")
                )
            for warning in result.warnings:
                info(f"  warning: {warning}")
            if result.left_out:
                info(
                    f"  PARTIAL import (--partial): {len(result.left_out)} item(s) left out, "
                    "not in the store:"
                )
                for item in result.left_out:
                    info(f"    - {item}")
