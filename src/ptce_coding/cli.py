"""The `ptce-coding` command line: parses options, calls the library, prints. No logic here.

Heavy libraries (spaCy, pandas, scikit-learn) are imported inside the commands that need them,
so that `ptce-coding --help` answers at once.
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from ptce_coding import __version__
from ptce_coding.errors import PtceError
from ptce_coding.project import Project, find_project

FORMATS = ("table", "csv", "json")


class Cli(click.Group):
    """Turns library errors into one message and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PtceError as exc:
            raise click.ClickException(str(exc)) from None


def project_option(command: Callable) -> Callable:
    @click.option(
        "--project",
        "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Project folder (default: the current folder or the nearest one above).",
    )
    @functools.wraps(command)
    def wrapper(*args: Any, project_dir: Path | None, **kwargs: Any) -> Any:
        return command(*args, project=find_project(project_dir), **kwargs)

    return wrapper


def format_option(command: Callable) -> Callable:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="table for reading; csv or json for scripts (data alone on standard output).",
    )(command)


def info(message: str) -> None:
    """Messages and progress go to standard error; data to standard output."""
    click.echo(message, err=True)


def _plain(value: Any) -> Any:
    """A missing number (NaN) is printed empty in tables and as null in JSON."""
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def emit(rows: Sequence[dict[str, Any]], columns: Sequence[str], output_format: str) -> None:
    rows = [{c: _plain(row.get(c)) for c in columns} for row in rows]
    if output_format == "json":
        click.echo(
            json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2)
        )
    elif output_format == "csv":
        writer = csv.DictWriter(
            sys.stdout, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
    else:
        from rich.console import Console
        from rich.table import Table

        cells = [["" if row.get(c) is None else str(row.get(c)) for c in columns] for row in rows]
        table = Table(*columns)
        for column in table.columns:
            column.overflow = "fold"
        for line in cells:
            table.add_row(*line)
        widths = [
            max([len(str(c))] + [len(line[i]) for line in cells]) for i, c in enumerate(columns)
        ]
        console = Console()
        if not console.is_terminal:  # piped or captured: never cut a cell
            console = Console(width=sum(widths) + 3 * len(widths) + 1)
        console.print(table)


def emit_frame(frame: Any, output_format: str) -> None:
    """A DataFrame (index included) in the chosen format."""
    table = frame.reset_index()
    rows = table.to_dict(orient="records")
    emit(rows, [str(c) for c in table.columns], output_format)


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ptce-coding")
def cli() -> None:
    """Code PTCE interviews against a shared codebook and compare the poles.

    Every command works inside a project folder (made by `ptce-coding init`) or with
    --project DIR.

    Example:

        ptce-coding init mon-etude && cd mon-etude && ptce-coding run
    """


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", help="Name of the study (default: the folder name).")
def init(folder: Path, name: str | None) -> None:
    """Create a project folder with the default PTCE codebook.

    Example:

        ptce-coding init etude-arc8
    """
    from ptce_coding.project import init_project

    project = init_project(folder, name)
    info(f"Created project {project.name!r} in {project.root}")
    info(f"  codebook: {project.codebook_path}")
    info(f"  put transcripts in {project.corpus_path}/<case>/ and run `ptce-coding run`")


@cli.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--case", help="Case (pole) of every imported document.")
@project_option
def import_command(project: Project, paths: tuple[Path, ...], case: str | None) -> None:
    """Add transcripts (.txt, .md, .docx files or folders) to the store.

    In a folder, each first-level sub-folder is a case: corpus/<case>/<interview>.txt.
    Re-importing an unchanged file does nothing; a changed file replaces the old version
    only when no human coding rests on it.

    Example:

        ptce-coding import corpus/
        ptce-coding import entretien.docx --case pole-vallee
    """
    from ptce_coding.corpus.importer import import_paths

    with project.open_store() as store:
        store.command = "import"
        report = import_paths(project, store, list(paths), case)
    for outcome in report.outcomes:
        detail = (
            f" ({outcome.segments} segments, {outcome.words} words)" if outcome.segments else ""
        )
        message = f": {outcome.message}" if outcome.message else ""
        info(f"{outcome.status:>9}  {outcome.name}{detail}{message}")
    if report.unknown_in_documents_csv:
        info(
            "Note: documents.csv names documents not in the store: "
            + ", ".join(report.unknown_in_documents_csv)
        )
    added = len(report.with_status("added", "replaced"))
    info(
        f"{added} imported, {len(report.with_status('unchanged'))} unchanged, "
        f"{len(report.failed)} failed"
    )
    if report.failed:
        raise click.ClickException(
            f"{len(report.failed)} file(s) could not be imported: "
            + "; ".join(f"{o.name}: {o.message}" for o in report.failed)
            + ". The other files were imported."
        )


@cli.command()
@format_option
@project_option
def documents(project: Project, output_format: str) -> None:
    """List documents: case, speakers, words, segments.

    Example:

        ptce-coding documents --format csv > documents.csv
    """
    with project.open_store(create=False) as store:
        rows = store.document_rows()
    emit(
        rows,
        ["document", "case", "format", "encoding", "words", "segments", "speakers"],
        output_format,
    )


@cli.group()
def segments() -> None:
    """Segments (speaker-turn paragraphs), the unit of coding."""


@segments.command(name="export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@project_option
def segments_export(project: Project, file: Path) -> None:
    """Write one row per segment (document, case, segment, start, end, speaker, text).

    Example:

        ptce-coding segments export segments.xlsx
    """
    from ptce_coding.frames import segments_frame
    from ptce_coding.interop.codings_file import write_table

    with project.open_store(create=False) as store:
        frame = segments_frame(store)
    columns = ["document", "case", "segment", "start", "end", "speaker", "text"]
    write_table(frame[columns], file, sheet="segments")
    info(f"Wrote {len(frame)} segments to {file}")


@cli.group()
def codebook() -> None:
    """Check and print the codebook."""


@codebook.command()
@project_option
def validate(project: Project) -> None:
    """Check the codebook (ids, parents, rules) and report every problem with its line.

    Example:

        ptce-coding codebook validate
    """
    book = project.load_codebook()
    if any(rule.kind in ("lemma", "pattern", "near") for rule in book.rules()):
        from ptce_coding.nlp import load_pipeline
        from ptce_coding.tagging.rules import RuleTagger

        RuleTagger(book, load_pipeline())
    for warning in book.warnings():
        info(f"warning: {project.codebook_file}, {warning}")
    top = len(book.top_level())
    info(
        f"{project.codebook_file}: valid — {len(book)} codes ({top} top-level), "
        f"{len(book.rules())} rules, version {book.version}"
    )


@codebook.command()
@format_option
@project_option
def show(project: Project, output_format: str) -> None:
    """Print the codebook as a tree with labels (or as a table with csv/json).

    Example:

        ptce-coding codebook show
    """
    from ptce_coding.codebook import code_table

    book = project.load_codebook()
    if output_format != "table":
        emit(
            code_table(book),
            ["id", "label", "parent", "depth", "rules", "definition"],
            output_format,
        )
        return
    click.echo(f"{book.name} (version {book.version}, {len(book)} codes)")
    for depth, code in book.walk():
        click.echo(f"{'  ' * (depth - 1)}{code.id}  {code.label}  [{len(code.rules)} rules]")


@cli.command()
@project_option
def code(project: Project) -> None:
    """Rule-based tagging of every document: writes suggested codings (method `rule`).

    A new run replaces the earlier rule suggestions only; manual, accepted and rejected
    codings are never touched, and a rejected suggestion is not suggested again.

    Example:

        ptce-coding code
    """
    from ptce_coding.pipeline import run_rules

    book = project.load_codebook()
    with project.open_store(create=False) as store:
        store.command = "code"
        run = run_rules(project, store, book)
    info(
        f"Coded {run.segments} segments of {run.documents} documents: {run.added} suggestions "
        f"({run.removed} earlier rule suggestions replaced, {run.skipped_decided} left out "
        "where a coder had already decided)"
    )


def _level(value: str | None) -> int | None:
    if value in (None, "all"):
        return None
    try:
        return int(value)
    except ValueError:
        raise click.BadParameter("a depth (1 = top-level codes) or `all`") from None


@cli.command()
@click.option(
    "--rows",
    default="case",
    show_default=True,
    help="What the rows are: case, document, speaker, or a case or interview attribute "
    "(a column of cases.csv or documents.csv).",
)
@click.option(
    "--cols",
    default="code",
    show_default=True,
    type=click.Choice(["code"]),
    help="What the columns are.",
)
@click.option(
    "--value",
    default="count",
    show_default=True,
    type=click.Choice(["count", "presence", "share"]),
    help="count: coded segments; presence: 0/1; share: % of the row's segments.",
)
@click.option("--level", default=None, help="Roll codes up to this depth (1 = the axes).")
@click.option(
    "--status",
    default="accepted",
    show_default=True,
    type=click.Choice(["accepted", "suggested", "all"]),
    help="Which codings count: accepted (human) ones, suggestions, or both.",
)
@click.option("--coder", "coders", multiple=True, help="Only codings of this coder (repeat).")
@format_option
@project_option
def matrix(
    project: Project, rows: str, cols: str, value: str, level: str | None, status: str,
    coders: tuple[str, ...], output_format: str,
) -> None:  # fmt: skip
    """A case × code matrix of coded interviewee segments, written to outputs/ and printed.

    Example:

        ptce-coding matrix --rows case --value share --level 1 --status all
        ptce-coding matrix --rows laureat_appel --level 1
    """
    from ptce_coding.pipeline import build_matrix, matrix_name, write_matrix

    book = project.load_codebook()
    depth = _level(level)
    with project.open_store(create=False) as store:
        frame = build_matrix(
            store, book, rows=rows, value=value, level=depth, status=status,
            coders=list(coders) or None,
        )  # fmt: skip
    written = write_matrix(
        frame, book, project.outputs_path / "matrices", matrix_name(rows, value, depth, status)
    )
    if status != "accepted":
        info("Note: this matrix counts suggestions that no coder has reviewed yet.")
    emit_frame(frame, output_format)
    info("Wrote " + ", ".join(str(p) for p in written))


@cli.group()
def codings() -> None:
    """Codings in and out as CSV/XLSX."""


@codings.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--coder", help="Coder of rows whose `coder` cell is empty.")
@project_option
def codings_import(project: Project, file: Path, coder: str | None) -> None:
    """Import human codings from CSV or XLSX (document, start, end, code, coder[, status, memo]).

    Every row is checked first (document, offsets, code, status); if any row is wrong, the
    rows are listed with their numbers and nothing is imported. Rows already in the store
    are not added twice. `status` defaults to accepted.

    Example:

        ptce-coding codings import codages-alice.xlsx --coder alice
    """
    from ptce_coding.interop.codings_file import parse_codings

    book = project.load_codebook()
    with project.open_store(create=False) as store:
        store.command = "codings import"
        parsed = parse_codings(
            file, texts=store.document_texts(), codes={c.id for c in book.codes}, coder=coder
        )
        added, present = store.add_codings(parsed)
    info(f"Imported {added} codings from {file} ({present} already present)")


@codings.command(name="export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--coder", "coders", multiple=True, help="Only this coder (repeat for more).")
@click.option(
    "--method",
    "methods",
    multiple=True,
    type=click.Choice(["manual", "rule", "model", "import"]),
    help="Only this method.",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(["suggested", "accepted", "rejected"]),
    help="Only this status.",
)
@project_option
def codings_export(
    project: Project, file: Path, coders: tuple[str, ...], methods: tuple[str, ...],
    statuses: tuple[str, ...],
) -> None:  # fmt: skip
    """Write codings to CSV or XLSX (document, start, end, code, coder, …, text, evidence).

    Example:

        ptce-coding codings export codages.xlsx --status accepted
    """
    from ptce_coding.interop.codings_file import codings_table, write_table

    with project.open_store(create=False) as store:
        rows = store.coding_rows(
            statuses=statuses or None, coders=coders or None, methods=methods or None
        )
    write_table(codings_table(rows), file, sheet="codings")
    info(f"Wrote {len(rows)} codings to {file}")


@cli.command(name="agreement")
@click.option("--coders", required=True, help="Coders to compare, comma-separated: alice,bob.")
@click.option(
    "--unit",
    default="segment",
    show_default=True,
    type=click.Choice(["segment", "document"]),
    help="What a unit of agreement is.",
)
@click.option("--level", default=None, help="Roll codes up to this depth (1 = the axes).")
@click.option(
    "--min-overlap",
    default=0.0,
    show_default=True,
    type=float,
    help="Share of a segment a coding must cover to count (0 = any overlap).",
)
@click.option("--codes", "codes_prefix", help="Only codes whose id starts with this.")
@click.option("--include-interviewer", is_flag=True, help="Count interviewer turns as units.")
@click.option(
    "--disagreements",
    "disagreements_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every unit where the coders differ to this .xlsx, for consensus.",
)
@format_option
@project_option
def agreement_command(
    project: Project, coders: str, unit: str, level: str | None, min_overlap: float,
    codes_prefix: str | None, include_interviewer: bool, disagreements_file: Path | None,
    output_format: str,
) -> None:  # fmt: skip
    """Intercoder agreement per code: percent, Cohen's kappa, Krippendorff's alpha, Gwet's AC1.

    Units are segments (or documents) of the documents that every listed coder coded; a code
    is present for a coder on a unit when one of their codings of it overlaps the unit. The
    taggers are coders too: `rules` and `model`. Alpha below 0.667 is flagged ✗ (discard),
    below 0.800 ~ (tentative conclusions only), after Krippendorff (2004).

    Example:

        ptce-coding agreement --coders alice,bob --level 1 --disagreements desaccords.xlsx
    """
    from ptce_coding.frames import codings_frame, segments_frame
    from ptce_coding.intercoder import agreement, disagreements, flag
    from ptce_coding.report.xlsx import write_xlsx

    names = [name.strip() for name in coders.split(",") if name.strip()]
    book = project.load_codebook()
    with project.open_store(create=False) as store:
        segments = segments_frame(store)
        codings = codings_frame(store)
        texts = store.document_texts() if disagreements_file else {}
    result = agreement(
        segments, codings, book, names, unit=unit, level=_level(level), min_overlap=min_overlap,
        interviewer_turns=include_interviewer, codes_prefix=codes_prefix,
    )  # fmt: skip
    info(
        f"{len(result.documents)} document(s) coded by {', '.join(names)}; unit: {unit} "
        f"({len(result.units)} units)"
    )
    if result.left_out:
        info(f"Left out (not coded by every coder): {', '.join(result.left_out)}")
    table = result.table
    if output_format == "table":
        table = table.assign(flag=[flag(a) for a in table["krippendorff_alpha"]])
    emit(table.to_dict(orient="records"), list(table.columns), output_format)
    if disagreements_file is not None:
        sheet = disagreements(result, book, texts)
        write_xlsx(disagreements_file, {"disagreements": sheet}, index=False)
        info(
            f"Wrote {len(sheet)} disagreement(s) to {disagreements_file}: fill `decision` with "
            "yes/no, then `ptce-coding codings import` it (coder: consensus)."
        )


@cli.command()
@project_option
def run(project: Project) -> None:
    """The whole job: import what is new in corpus/, code with the rules, write the matrices.

    Example:

        ptce-coding run
    """
    from ptce_coding.pipeline import run_project

    with project.open_store() as store:
        store.command = "run"
        report = run_project(project, store)
        counts = store.counts()
    imported = report.imported
    info(
        f"Import: {len(imported.with_status('added', 'replaced'))} new, "
        f"{len(imported.with_status('unchanged'))} unchanged, {len(imported.failed)} failed"
    )
    for outcome in imported.failed + imported.with_status("skipped", "duplicate"):
        info(f"  {outcome.status}: {outcome.name}: {outcome.message}")
    info(
        f"Rules: {report.rules.added} suggestions on {report.rules.segments} interviewee "
        f"segments of {report.rules.documents} documents"
    )
    info(
        f"Store: {counts['cases']} cases, {counts['documents']} documents, "
        f"{counts['segments']} segments, {counts['codings']} codings"
    )
    info(f"Matrices: {len(report.matrices)} files in {project.outputs_path / 'matrices'}")
    if imported.failed:
        raise click.ClickException(
            f"{len(imported.failed)} file(s) of the corpus could not be imported (listed above)"
        )


def main() -> None:
    cli(prog_name="ptce-coding")


if __name__ == "__main__":
    main()
