"""Commands on the project and its corpus: init, import, documents, segments."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ptce_coding.app.project import Project, init_project
from ptce_coding.cli.common import PROJECT_HELP, ProjectOption, cli, project_option
from ptce_coding.cli.exchange import import_qdpx_files, qdpx_codes_option
from ptce_coding.cli.messages import info, plural, progress_bar
from ptce_coding.cli.options import anonymise_option, anonymised_view
from ptce_coding.cli.output import emit, format_option

if TYPE_CHECKING:
    from ptce_coding.corpus.importer import ImportReport, Outcome
    from ptce_coding.corpus.stale_rows import StaleRow


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", help="Name of the study (default: the folder name).")
def init(folder: Path, name: str | None) -> None:
    """Create a project folder with the default PTCE codebook.

    Example:

    \b
        ptce-coding init etude-arc8
    """

    project = init_project(folder, name)
    info(f"Created project {project.name!r} in {project.root}")
    info(f"  codebook: {project.codebook_path}")
    info(f"  put transcripts in {project.corpus_path}/<case>/ and run `ptce-coding run`")


@cli.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--case",
    help="Case (pole) of every imported document (a name a corpus folder can have). Default: "
    "in the project's corpus folder, the sub-folder of the corpus the file is in; elsewhere, "
    "for a file, the name of its folder, and in a folder, each first-level sub-folder. For a "
    ".qdpx: the case of its documents that no case of the file holds (required if it has "
    "some).",
)
@click.option(
    "--partial",
    is_flag=True,
    help="For a .qdpx with problems (a missing source text, a selection outside its text, an "
    "unknown code): import the rest and list what was left out. Without it, such a file is "
    "refused whole.",
)
@qdpx_codes_option
@project_option
def import_command(
    project: Project, paths: tuple[Path, ...], case: str | None, partial: bool, codes: str | None
) -> None:
    """Add transcripts (.txt, .md, .docx, .odt, .rtf, .pdf, .vtt, .srt, .trs, .TextGrid, .html
    files or folders) or REFI-QDA projects (.qdpx: documents, cases, codes and codings) to the
    store.

    In a folder, each first-level sub-folder is a case: corpus/<case>/<interview>.txt. A
    file or folder of the project's corpus folder is of the case folder it is in, however
    it is given (corpus/pole-a/sous/x.txt alone, or corpus/pole-a/sous: case pole-a).
    A README (README.md, readme.txt, LISEZMOI…) in a folder is notes, not an interview:
    left out.

    A document is named <case>/<file>, the same whether its file is imported alone or with
    its folder: two poles' entretien.docx are two documents. Re-importing an unchanged file
    does nothing; a changed file replaces the old version of its case and its codings follow
    their passage (those whose passage is gone are listed, and kept whole in the event log).
    A file is never imported over a document of another case: `documents move` moves one.

    Each file's line gives its words (every word of the text, speaker labels included) and
    the words counted, as `documents` lists them, then where the others are.

    Example:

    \b
        ptce-coding import corpus/
        ptce-coding import corpus/pole-vallee
        ptce-coding import entretien.docx --case pole-vallee
        ptce-coding import qdpx projet-nvivo.qdpx
        ptce-coding import projet-nvivo.qdpx --partial
        ptce-coding import projet-nvivo.qdpx --codes skip --case pole-vallee
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.app.workflow import import_corpus
    from ptce_coding.corpus.counting import LONG_PARAGRAPH_WORDS
    from ptce_coding.corpus.import_plan import check_case
    from ptce_coding.corpus.importer import shown_path

    if case is not None:
        check_case(case)  # before a .qdpx too, whose documents would go to a default case
    if paths and paths[0].name == "qdpx" and not paths[0].exists():
        paths = paths[1:]  # `import qdpx FILE`, as DESIGN.md spells it
    projects = [p for p in paths if p.suffix.lower() == ".qdpx"]
    if partial and not projects:
        raise click.UsageError(
            "--partial is for a .qdpx project: transcripts are imported file by file "
            "anyway (a bad one is refused with its reason, the others imported)"
        )
    if codes is not None and not projects:
        raise click.UsageError("--codes is for a .qdpx project: transcripts bring no codes")
    if projects:
        import_qdpx_files(project, projects, case, partial, codes)
        paths = tuple(p for p in paths if p.suffix.lower() != ".qdpx")
        if not paths:
            return

    with project.open_store() as store:
        store.command = "import"
        with progress_bar("Importing") as progress:
            report = import_corpus(project, store, list(paths), case, progress)
    for outcome in report.outcomes:
        message = f": {outcome.message}" if outcome.message else ""
        name = shown_path(outcome)
        info(f"{outcome.status:>9}  {name}{import_figures(outcome)}{message}")
        if outcome.left_out is not None and outcome.left_out.describe():
            info(f"{'':>9}  not coded nor counted: {outcome.left_out.describe()}")
        if outcome.askers:
            info(f"{'':>9}  {interviewer_note(outcome)}")
        if outcome.unlabelled:
            info(f"{'':>9}  {unlabelled_note(outcome)}")
        if outcome.longest > LONG_PARAGRAPH_WORDS:
            info(f"{'':>9}  {long_paragraph_note(outcome)}")
    for line in import_notes(report):
        info(line)
    info(import_tally(report, "imported"))
    if report.failed:
        others = len(report.outcomes) - len(report.failed)
        raise click.ClickException(
            f"{len(report.failed)} file(s) could not be imported: "
            + "; ".join(f"{shown_path(o)}: {o.message}" for o in report.failed)
            + (f". The {others} other file(s) are listed above." if others else ".")
        )


def import_figures(outcome: Outcome) -> str:
    """« (2 segments, 17 words, 7 counted) »: the figures `documents` lists for the document
    (``words``: every word of its text, speaker labels included; ``counted``: the words the
    taggers code and the statistics count); empty for a file not read."""
    if not outcome.segments:
        return ""
    counted = f", {outcome.left_out.counted_words} counted" if outcome.left_out else ""
    return f" ({plural(outcome.segments, 'segment')}, {plural(outcome.words, 'word')}{counted})"


def interviewer_note(outcome: Outcome) -> str:
    """What to do about an interview whose speakers include no interviewer."""
    asked = "; ".join(
        f"{a.speaker}: {a.paragraphs} paragraph{'s' * (a.paragraphs != 1)}, "
        f"{a.questions} ending with « ? », {plural(a.words, 'word')}"
        for a in outcome.askers[:4]
    )
    return (
        f"no speaker is an interviewer, so every turn is coded, questions included ({asked}); "
        "if one of them asks the questions, add it to speakers.interviewers in project.yaml "
        "(or, when it is not the same in every file, to an `interviewers` column of "
        "documents.csv) and import again"
    )


def unlabelled_note(outcome: Outcome) -> str:
    """What to do about a document with questions but no speaker label recognised."""
    return (
        f"no speaker label recognised, yet {outcome.unlabelled} paragraphs end with « ? »: "
        "if this is an interview, its questions are coded and counted as the interviewee's "
        "words; write each turn as « Nom : … » (README, « Transcripts », lists the forms read), "
        "or describe the labels with speakers.labels in project.yaml, and import again"
    )


def long_paragraph_note(outcome: Outcome) -> str:
    """What to do about a transcript with a paragraph of thousands of words (pasted as one
    block, or an automatic transcript without paragraph breaks)."""
    return (
        f"one paragraph holds {outcome.longest:,} words: suggestions, counts and agreement are "
        "per paragraph, so this one counts as a single passage; put a blank line between "
        "paragraphs (or speaker labels before the turns) and import again"
    )


def import_notes(report: ImportReport) -> list[str]:
    """What an import changed or left out beyond each file's line: settings applied to the
    stored documents, rows of documents.csv and cases.csv that name nothing imported."""
    notes = [
        f"Settings applied to the stored documents: {count} segment(s) {what}"
        for count, what in (
            (report.roles_changed, "changed speaker role (interviewers)"),
            (report.titles_changed, "changed between title line and content (coding.preamble)"),
        )
        if count
    ]
    if report.unknown_in_documents_csv:
        notes.append(
            "Note: documents.csv names documents not in the store: "
            + ", ".join(report.unknown_in_documents_csv)
        )
    notes += [stale_row_note(row, "documents.csv") for row in report.stale_in_documents_csv]
    moved = {row.now for row in report.stale_in_documents_csv if row.command == "documents move"}
    for cleared, table in (
        (report.cases_cleared, "cases.csv"),
        ([name for name in report.documents_cleared if name not in moved], "documents.csv"),
    ):
        if cleared:
            notes.append(
                f"Note: {table} no longer lists {', '.join(cleared)}: the attributes it gave "
                "them are cleared (put the row back to give them again)"
            )
    if report.unknown_in_cases_csv:
        notes.append(
            "Note: cases.csv names case(s) with no interview: "
            + ", ".join(report.unknown_in_cases_csv)
            + "; their attributes are left out (a case is a sub-folder of the corpus: correct "
            "the name in cases.csv, or import the case's folder)"
        )
    notes += [stale_row_note(row, "cases.csv") for row in report.stale_in_cases_csv]
    return notes


def stale_row_note(row: StaleRow, table: str) -> str:
    """What to do about a row of ``table`` naming what a change of the study took away."""
    if table == "cases.csv" and row.command != "cases remove":
        went = f" (to {row.now})" if row.now else ""
        return (
            f"Note: cases.csv names {row.name}, whose last interview went with `{row.command}` "
            f"on {row.at}{went}: delete its row from cases.csv (its attributes are left out), "
            "or import an interview into its folder"
        )
    if row.command == "documents move":
        return (
            f"Note: documents.csv names {row.name}, moved to {row.now} with `documents move` on "
            f"{row.at}: rename its row to {row.now} (until then the document has none of the "
            "attributes the row gives)"
        )
    return (
        f"Note: {table} names {row.name}, removed with `{row.command}` on {row.at}: delete its "
        f"row from {table}"
    )


def import_tally(report: ImportReport, imported: str) -> str:
    """« 2 imported, 0 unchanged, 1 duplicate, 0 failed »: every file given is counted."""
    added = len(report.with_status("added", "replaced"))
    parts = [f"{added} {imported}", f"{len(report.with_status('unchanged'))} unchanged"]
    for status, label in (("duplicate", "duplicate (not imported)"), ("skipped", "skipped")):
        count = len(report.with_status(status))
        if count:
            parts.append(f"{count} {label}")
    return ", ".join([*parts, f"{len(report.failed)} failed"])


# not @project_option: a group's callback runs before its subcommand's, and `documents remove
# X --project DIR` must not look for a project in the current folder first
@cli.group(invoke_without_command=True)
@format_option
@click.option(
    "--project",
    "project_dir",
    cls=ProjectOption,
    type=click.Path(file_okay=False, path_type=Path),
    help=PROJECT_HELP,
)
@click.pass_context
def documents(ctx: click.Context, output_format: str, project_dir: Path | None) -> None:
    """List documents: case, speakers, words, segments, and the words counted; remove or
    move them (`documents remove`, `documents move`).

    `words` is every word of the text, as `wc -w` counts them, speaker labels and
    timestamps included; `counted` is the words the taggers code and the statistics count:
    interviewer turns, the title lines outside the speakers' turns and the labels are left
    out (see `coding.preamble` and `speakers.interviewers` in project.yaml). `import` gives
    the same two figures, and where the other words are.

    Example:

    \b
        ptce-coding documents --format csv > documents.csv
        ptce-coding documents remove pole-test/essai.txt
    """
    if ctx.invoked_subcommand is None:
        _list_documents(project_dir=project_dir, output_format=output_format)
    elif project_dir is not None:  # `documents --project DIR remove …`: remove's --project
        ctx.default_map = {
            **(ctx.default_map or {}),
            ctx.invoked_subcommand: {"project_dir": project_dir},
        }


@project_option  # the same --project as every command's: given twice, refused
def _list_documents(project: Project, output_format: str) -> None:
    with project.open_store(create=False) as store:
        rows = store.document_rows()
    emit(
        [dataclasses.asdict(row) for row in rows],
        ["document", "case", "format", "encoding", "words", "counted", "segments", "speakers"],
        output_format,
    )


@cli.group()
def segments() -> None:
    """Segments (speaker-turn paragraphs), the unit of coding."""


@segments.command(name="export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Write over FILE even when codes typed in it are not imported yet (they are lost).",
)
@anonymise_option
@project_option
def segments_export(project: Project, file: Path, force: bool, anonymise: bool) -> None:
    """Write one row per segment (document, case, segment, start, end, speaker, text), with
    empty `code` and `coder` columns: fill them (several codes in a cell, separated by `;`)
    and `codings import` the sheet; rows left without a code are not imported. A sheet at
    FILE whose codes typed in are not imported yet is left as it is (--force writes over
    it); the file is written whole or not at all.

    Example:

    \b
        ptce-coding segments export segments.xlsx
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.frames import segments_frame
    from ptce_coding.base.files import note_written
    from ptce_coding.base.tables import write_table
    from ptce_coding.interop.codings_file import EXPORTS_LEDGER, refuse_unimported_sheet

    project.refuse_own_file(file, "the segments export")
    ledger = project.cache_path / EXPORTS_LEDGER  # what the exports wrote: files.as_written
    with project.open_store(create=False) as store:
        if not force and file.is_file():
            importing = f"ptce-coding codings import {file} --coder NAME"
            refuse_unimported_sheet(file, store, project.load_codebook(), importing, ledger)
        frame = segments_frame(store)
        if anonymise:
            frame = anonymised_view(project, store).segments(frame)
    columns = ["document", "case", "segment", "start", "end", "speaker", "text"]
    # to code in a spreadsheet: `codings import` reads the sheet back, filled
    write_table(frame[columns].assign(code="", coder=""), file, sheet="segments")
    note_written(file, ledger)
    info(f"Wrote {plural(len(frame), 'segment')} to {file}")
