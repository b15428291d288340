"""Commands that analyse codings: matrix, agreement; and run, the whole job."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ptce_coding.app.project import Project
from ptce_coding.cli.common import (
    anonymise_option,
    cli,
    emit,
    emit_frame,
    format_option,
    given,
    info,
    model_note,
    plural,
    progress_bar,
    project_option,
    refuse_deeper_level,
    selection_options,
    working,
)

if TYPE_CHECKING:  # the report modules are imported by the commands that need them
    from ptce_coding.app.matrix_job import MatrixRequest
    from ptce_coding.base.coder_selection import CoderSelection
    from ptce_coding.report.publish import ReportFiles
    from ptce_coding.report.synthesis_model import Synthesis
    from ptce_coding.store import Store


def _level(_ctx: click.Context, _param: click.Parameter, value: str | None) -> int | None:
    """--level: a depth of at least 1, or `all` (None: as coded)."""
    if value in (None, "all"):
        return None
    try:
        level = int(value)
    except ValueError:
        raise click.BadParameter("a depth (1 = top-level codes) or `all`") from None
    if level < 1:
        raise click.BadParameter("a depth of at least 1, or `all`")
    return level


def _codes_prefix(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """--codes: a code id's beginning; blank would keep every code, unlike what was asked."""
    if value is not None and not value.strip():
        raise click.BadParameter("give the beginning of a code id (COOP), or leave --codes out")
    return value.strip() if value is not None else None


def _cases(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """--cases: at least one name; « , » or blank would keep every case, unlike what was
    asked (as `compare --cases`)."""
    if value is not None and not value.replace(",", "").strip():
        raise click.BadParameter("name at least one case, or leave --cases out")
    return value


def _quotes(_ctx: click.Context, _param: click.Parameter, value: int) -> int:
    """--quotes 0: a framework matrix of empty cells (a count matrix is --kind crosstab)."""
    if value == 0:
        raise click.BadParameter(
            "0 quotations would leave every cell empty: give 1 or more (the counts are "
            "`--kind crosstab`)"
        )
    return value


@cli.command()
@click.option(
    "--kind",
    default="crosstab",
    show_default=True,
    type=click.Choice(["crosstab", "cooccurrence", "framework"]),
    help="crosstab: rows × codes; cooccurrence: code × code; framework: quotations per cell.",
)
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
    type=click.Choice(["count", "presence", "share", "per1000", "documents"]),
    help="count: coded segments; presence: 0/1; share: % of the row's segments; per1000: "
    "per 1,000 words; documents: interviews that mention it.",
)
@click.option(
    "--level", default=None, callback=_level, help="Roll codes up to this depth (1 = the axes)."
)
@click.option(
    "--status",
    default="accepted",
    show_default=True,
    type=click.Choice(["accepted", "suggested", "all"]),
    help="Which codings count: accepted (human) ones, suggestions, or both.",
)
@click.option(
    "--coder",
    "coders",
    multiple=True,
    help="Only codings of this coder (repeat); the same as --coders.",
)
@click.option(
    "--codes",
    "codes_prefix",
    callback=_codes_prefix,
    help="Only codes whose id starts with this (COOP).",
)
@click.option("--cases", "cases", callback=_cases, help="Only these cases, comma-separated.")
@click.option(
    "--window",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    help="cooccurrence: codes within this many segments of each other.",
)
@click.option("--jaccard", is_flag=True, help="cooccurrence: the Jaccard index instead of counts.")
@click.option(
    "--quotes",
    default=2,
    show_default=True,
    type=click.IntRange(min=0),
    callback=_quotes,
    help="framework: quotations per cell.",
)
@format_option
@project_option
@selection_options
def matrix(
    project: Project,
    kind: str,
    rows: str,
    cols: str,
    value: str,
    level: int | None,
    status: str,
    coders: tuple[str, ...],
    codes_prefix: str | None,
    cases: str | None,
    window: int,
    jaccard: bool,
    quotes: int,
    output_format: str,
    selection: CoderSelection,
) -> None:
    """A cross-case matrix of coded interviewee segments, written to outputs/ and printed.

    Example:

    \b
        ptce-coding matrix --rows case --value share --level 1 --status all
        ptce-coding matrix --rows laureat_appel --level 1
        ptce-coding matrix --kind cooccurrence --codes COOP --jaccard
        ptce-coding matrix --kind framework --level 2 --codes EMERG --quotes 3
        ptce-coding matrix --level 1 --coders doctorante,encadrant --consensus consensus
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.matrices import retired_note
    from ptce_coding.app.matrix_job import (
        MatrixRequest,
        build_matrix,
        check_kind_options,
        empty_matrix_hint,
        selection_note,
        write_matrix,
    )
    from ptce_coding.app.option_checks import check_suggestions_counted

    check_kind_options(kind, given("rows", "value", "window", "jaccard", "quotes"))
    if coders:
        if not all(name.strip() for name in coders):
            raise click.BadParameter("a coder's name, not a blank", param_hint="--coder")
        if given("selection_coders"):
            raise click.UsageError(
                "--coder and --coders both choose whose codings count: give one of them"
            )
        selection = selection.with_options(",".join(coders), None)
    request = MatrixRequest(
        kind=kind,
        rows=rows,
        value=value,
        level=level,
        status=status,
        selection=selection,
        cases=tuple(c.strip() for c in (cases or "").split(",") if c.strip()),
        codes=codes_prefix,
        window=window,
        jaccard=jaccard,
        quotes=quotes,
    )
    book = project.load_codebook()
    refuse_deeper_level(book, level)
    with project.open_store(create=False) as store:
        frame = build_matrix(store, book, request)
        if status != "accepted":
            check_suggestions_counted(
                store, selection, f"--status {status}", "count accepted codings (--status accepted)"
            )
        empty = kind != "framework" and not frame.fillna(0).to_numpy(dtype=float).any()
        hint = empty_matrix_hint(store, status) if empty else None
        note = selection_note(store, selection)
        pooled = None if selection.coders else _pooled_coders(store, request)
    written = write_matrix(frame, book, project.outputs_path / "matrices", request.name)
    retired = retired_note(book, [str(c) for c in frame.columns])
    if status != "accepted":
        info("Note: this matrix counts suggestions that no coder has reviewed yet.")
    emit_frame(frame, output_format)
    info("Wrote " + ", ".join(str(p) for p in written))
    for line in (pooled, hint, note, retired):
        if line:
            info(line)


def _pooled_coders(store: Store, request: MatrixRequest) -> str | None:
    """« Counted the codings of every coder: alice, bob (…) »: whose codings a matrix that
    pools every coder (none named in --coders nor in analysis.coders) counts; None when it
    counts nobody's (the empty matrix's hint says why)."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.frames import codings_frame
    from ptce_coding.analysis.matrices import STATUS_FILTERS
    from ptce_coding.base.case_choice import chosen_cases
    from ptce_coding.base.coder_selection import MACHINE_CODERS
    from ptce_coding.base.selected_codings import coders_used

    codings = codings_frame(store, statuses=STATUS_FILTERS[request.status], with_text=False)
    if request.cases:
        codings = codings[codings["case"].isin(chosen_cases(request.cases, store.cases()))]
    people = coders_used(codings, request.selection)
    # a suggestion accepted where its reviewer had coded already stays the tagger's, and is
    # not counted (selected_codings.select_codings)
    counted = codings[~((codings["status"] == "accepted") & codings["reviewed_by"].notna())]
    taggers = [name for name in MACHINE_CODERS if name in set(counted["coder"])]
    if not people and not taggers:
        return None
    parts = [", ".join(people)] if people else []
    if taggers:
        which = " and ".join(taggers)
        parts.append(f"the suggestions of the {which} tagger{'s' if len(taggers) > 1 else ''}")
    consensus = request.selection.consensus
    replaced = f", replaced by {consensus}'s decisions where it decided" if consensus else ""
    return (
        f"Counted the codings of every coder: {' and '.join(parts)}{replaced} "
        "(--coders NAME,NAME to count only some)."
    )


@cli.command(name="agreement")
@click.option("--coders", required=True, help="Coders to compare, comma-separated: alice,bob.")
@click.option(
    "--unit",
    default="segment",
    show_default=True,
    type=click.Choice(["segment", "document"]),
    help="What a unit of agreement is.",
)
@click.option(
    "--level", default=None, callback=_level, help="Roll codes up to this depth (1 = the axes)."
)
@click.option(
    "--min-overlap",
    default=0.0,
    show_default=True,
    type=float,
    help="Share of a segment a coding must cover to count (0 = any overlap).",
)
@click.option(
    "--codes", "codes_prefix", callback=_codes_prefix, help="Only codes whose id starts with this."
)
@click.option("--include-interviewer", is_flag=True, help="Count interviewer turns as units.")
@click.option(
    "--document",
    "only_documents",
    multiple=True,
    help="Only this document (repeat for more): e.g. the double-coding sample "
    "(`ptce-coding progress`).",
)
@click.option(
    "--disagreements",
    "disagreements_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every unit where the coders differ to this .xlsx, for consensus.",
)
@click.option(
    "--pairs",
    is_flag=True,
    help="Each pair of the listed coders on the documents both coded, the codes pooled, then "
    "each coder's mean with the others: who codes unlike whom.",
)
@format_option
@project_option
def agreement_command(
    project: Project,
    coders: str,
    unit: str,
    level: int | None,
    min_overlap: float,
    codes_prefix: str | None,
    include_interviewer: bool,
    only_documents: tuple[str, ...],
    disagreements_file: Path | None,
    pairs: bool,
    output_format: str,
) -> None:
    """Intercoder agreement per code: percent, Cohen's kappa, Krippendorff's alpha, Gwet's AC1.

    Units are segments (or documents) of the documents that every listed coder coded; a code
    is present for a coder on a unit when one of their codings of it overlaps the unit. The
    taggers are coders too: `rules` and `model`. Alpha below 0.667 is flagged ✗ (discard),
    below 0.800 ~ (tentative conclusions only), after Krippendorff (2004); a code coded on
    fewer than 10 units by anyone is flagged « too few coded units to conclude ».

    With --pairs, one row per pair of coders instead, on the documents both coded: every
    unit × code decision of the codes either coded, pooled (a pair with no document in
    common is said), then each coder's mean with the others; read as the codes are, on the
    decisions coded by either.

    Example:

    \b
        ptce-coding agreement --coders alice,bob --level 1 --disagreements desaccords.xlsx
        ptce-coding agreement --coders alice,bob --document pole-a/entretien-1.txt
        ptce-coding agreement --coders alice,bob,carol,dave,eve --pairs --level 1
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.agreement_pairs import pair_readings, pairwise_agreement
    from ptce_coding.analysis.agreement_table import (
        MIN_CODED_UNITS,
        TOO_FEW,
        AgreementScope,
        agreement,
        check_codes_prefix,
        disagreements,
        readings,
        too_few,
    )
    from ptce_coding.analysis.frames import codings_frame, segments_frame
    from ptce_coding.base.tables import write_xlsx

    if pairs and disagreements_file is not None:
        raise click.UsageError(
            "--disagreements lists the units where the coders differ on the documents they all "
            "coded: leave --pairs out to write it"
        )
    if disagreements_file is not None:
        project.refuse_own_file(disagreements_file, "the disagreements sheet")
    names = [name.strip() for name in coders.split(",") if name.strip()]
    book = project.load_codebook()
    refuse_deeper_level(book, level)
    check_codes_prefix(book, codes_prefix, level)
    with project.open_store(create=False) as store:
        segments = segments_frame(store)
        codings = codings_frame(store)
        texts = store.document_texts() if disagreements_file else {}
    if only_documents:
        unknown = sorted(set(only_documents) - set(segments["document"]))
        if unknown:
            raise click.ClickException(
                f"unknown document(s): {', '.join(unknown)} (`ptce-coding documents` lists them)"
            )
    scope = AgreementScope(
        unit=unit,
        level=level,
        min_overlap=min_overlap,
        interviewer_turns=include_interviewer,
        codes_prefix=codes_prefix,
        documents=only_documents,
    )
    if pairs:
        compared = pairwise_agreement(segments, codings, book, names, scope)
        info(
            f"{len(names)} coders, {plural(len(compared.pairs), 'pair')}: each pair on the "
            f"documents both coded, unit: {unit}, its codes pooled (one decision per unit and "
            "code either coded)"
        )
        for first, second, why in compared.not_compared():
            info(f"Not compared: {first} and {second}: {why}")
        thin = [f"{first}–{second}" for first, second in compared.too_few()]
        if thin:
            info(
                f"Warning: {TOO_FEW} for {plural(len(thin), 'pair')} (fewer than "
                f"{MIN_CODED_UNITS} decisions coded by either): {', '.join(thin)}. Their "
                "statistics are shown but not read."
            )
        low = compared.below_thresholds()
        if low:
            info(
                "Below Krippendorff's 0.800, lowest first: "
                + ", ".join(f"{first}–{second} (alpha {alpha:.3f})" for first, second, alpha in low)
            )
        table = compared.table.assign(flag=pair_readings(compared.table))
        emit(table.to_dict(orient="records"), list(table.columns), output_format)
        return
    result = agreement(segments, codings, book, names, scope)
    info(
        f"{len(result.documents)} document(s) coded by {', '.join(names)}; unit: {unit} "
        f"({len(result.units)} units)"
    )
    if result.left_out:
        info(f"Left out (not coded by every coder): {', '.join(result.left_out)}")
    # the reading, in every format (a script reads it too)
    table = result.table.assign(flag=readings(result.table))
    if table.empty:
        which = f" starting with {codes_prefix!r}" if codes_prefix else ""
        info(
            f"No code{which} was coded by {', '.join(names[:-1])} or {names[-1]} on these "
            f"{len(result.units)} units: nothing to compare."
        )
    elif len(names) > 2:
        info(
            f"Cohen's kappa compares two coders: it is left empty for {len(names)}; compare a "
            f"pair with --coders {names[0]},{names[1]}, or every pair with --pairs."
        )
    scarce = [c for c, n in zip(table["code"], table["coded_units"], strict=True) if too_few(n)]
    if scarce:
        info(
            f"Warning: {TOO_FEW} for {len(scarce)} code(s) (fewer than {MIN_CODED_UNITS} units "
            f"coded by anyone): {', '.join(scarce)}. Their statistics are shown but not read."
        )
    emit(table.to_dict(orient="records"), list(table.columns), output_format)
    if disagreements_file is not None:
        sheet = disagreements(result, book, texts)
        write_xlsx(disagreements_file, {"disagreements": sheet}, index=False)
        info(
            f"Wrote {len(sheet)} disagreement(s) to {disagreements_file}: fill `decision` with "
            "yes/no, then `ptce-coding codings import` it (coder: consensus)."
        )


@cli.command()
@click.option(
    "--title", default=None, help="Title of the report (default: « Synthèse des entretiens »)."
)
@click.option("--cases", "cases", callback=_cases, help="Only these cases, comma-separated.")
@click.option(
    "--include-suggestions",
    is_flag=True,
    help="Count suggestions no coder has reviewed yet (the report says so on its cover); "
    "always done while no coding has been accepted, as `run` does.",
)
@anonymise_option
@project_option
@selection_options
def report(
    project: Project,
    title: str | None,
    cases: str | None,
    include_suggestions: bool,
    anonymise: bool,
    selection: CoderSelection,
) -> None:
    """Two documents in French, in outputs/report/: the restitution for the poles and the
    Region (restitution.html, restitution.docx: a few pages) and the research annex
    (synthese.html, synthese.docx, synthese.md, matrices.xlsx: every matrix with its bases,
    the agreement, the method, the codebook), with the figures. HTML files are
    self-contained and printable on A4.

    The report rests on the codings of the project's analysis setting, or --coders and
    --consensus; its cover and method chapter say whose, and its files are then named after
    the selection (synthese-coders-doctorante+encadrant-consensus-consensus.html, …).

    Example:

    \b
        ptce-coding report --title "Restitution régionale — juin 2026"
        ptce-coding report --coders doctorante,encadrant --consensus consensus
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.app.matrix_job import selection_note
    from ptce_coding.app.option_checks import check_suggestions_counted
    from ptce_coding.app.workflow import NOTHING_CODED, SUGGESTIONS_COUNTED, make_report

    book = project.load_codebook()
    with project.open_store(create=False) as store, working("Writing the report"):
        if include_suggestions:
            check_suggestions_counted(
                store, selection, "--include-suggestions", "leave --include-suggestions out"
            )
        made = make_report(
            project,
            store,
            book,
            title=title,
            cases=[c.strip() for c in (cases or "").split(",") if c.strip()] or None,
            include_suggestions=include_suggestions,
            anonymise=anonymise,
            selection=selection,
        )
        note = selection_note(store, selection)
    if made.network_left_out:
        info("The cooperation networks chapter is left out of an anonymised report.")
    if made.suggestions_fallback:
        info(SUGGESTIONS_COUNTED)
    if made.nothing_coded:
        info(NOTHING_CODED)
    _report_summary(made.synthesis, made.files)
    if note:
        info(note)


def _report_summary(synthesis: Synthesis, files: ReportFiles) -> None:
    figures = synthesis.figures
    info(
        f"Report: {plural(figures['poles'], 'pole')}, "
        f"{plural(figures['interviews'], 'interview')}, {plural(figures['codings'], 'coding')}"
        + (" (suggestions included, not reviewed)" if synthesis.includes_suggestions else "")
    )
    if synthesis.comparison is not None:
        info(f"Typology of the poles: a chapter on {plural(synthesis.comparison.poles, 'pole')}")
        for warning in synthesis.comparison.warnings:
            info(f"  Warning: {warning}")
    else:
        coded = int((synthesis.coded_interviews() > 0).sum()) if not synthesis.bases.empty else 0
        some = f", {coded} with a coded interview" if coded < figures["poles"] else ""
        info(
            f"Typology of the poles: no chapter ({plural(figures['poles'], 'pole')}{some}; it "
            "needs at least 4 poles with something coded)"
        )
    for path in files.all():
        info(f"  {path}")
    folder = files.figures[0].parent if files.figures else files.html.parent / "figures"
    info(f"  {plural(len(files.figures), 'figure file')} in {folder}")
    if files.kept:
        shown = ", ".join(p.name for p in files.kept[:5]) + (", …" if len(files.kept) > 5 else "")
        info(
            f"  {plural(len(files.kept), 'other file')} left in {folder}, not drawn by this "
            f"report: {shown}"
        )


@cli.command()
@project_option
def run(project: Project) -> None:
    """The whole job: import what is new in corpus/, code with the rules, write the matrices,
    the cooperation networks (when corpus/members.csv exists) and the report (with the rules'
    suggestions, labelled as such, while no coding has been accepted yet).

    Example:

    \b
        ptce-coding run
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.app.workflow import SUGGESTIONS_COUNTED, run_project
    from ptce_coding.cli.corpus import (
        import_notes,
        import_tally,
        interviewer_note,
        long_paragraph_note,
        unlabelled_note,
    )
    from ptce_coding.corpus.counting import LONG_PARAGRAPH_WORDS
    from ptce_coding.corpus.importer import shown_path

    with project.open_store() as store:
        store.command = "run"
        with progress_bar("Importing, coding, writing") as progress:
            report = run_project(project, store, progress)
    imported = report.imported
    info(f"Import: {import_tally(imported, 'new')}")
    for outcome in imported.failed + imported.with_status("skipped", "duplicate"):
        name = shown_path(outcome)
        info(f"  {outcome.status}: {name}: {outcome.message}")
    for outcome in imported.with_status("added", "replaced"):
        if outcome.message:  # words a .docx holds outside its text; codings carried over
            info(f"  {outcome.status}: {shown_path(outcome)}: {outcome.message}")
    for line in import_notes(imported):
        info(f"  {line}")
    for outcome in imported.outcomes:
        if outcome.askers:
            info(f"  {outcome.name}: {interviewer_note(outcome)}")
        if outcome.unlabelled:
            info(f"  {outcome.name}: {unlabelled_note(outcome)}")
        if outcome.longest > LONG_PARAGRAPH_WORDS:
            info(f"  {outcome.name}: {long_paragraph_note(outcome)}")
    info(
        f"Rules: {plural(report.rules.added, 'suggestion')} on {report.rules.segments} interviewee "
        f"segments of {plural(report.rules.documents, 'document')}"
    )
    model_note(report.rules)
    counts = report.counts
    info(
        f"Store: {plural(counts['cases'], 'case')}, {plural(counts['documents'], 'document')}, "
        f"{plural(counts['segments'], 'segment')}, {plural(counts['codings'], 'coding')}"
    )
    info(f"Matrices: {plural(len(report.matrices), 'file')} in {report.matrices_folder}")
    if report.network is None:
        info(f"Network: skipped (no {project.network.members}; see `ptce-coding network --help`)")
    else:
        info(f"Network: {plural(len(report.network_files), 'file')} in {report.network_folder}")
    if report.suggestions_counted:
        info(SUGGESTIONS_COUNTED)
    _report_summary(report.report.synthesis, report.report.files)
    if imported.failed:
        raise click.ClickException(
            f"{len(imported.failed)} file(s) of the corpus could not be imported (listed above)"
        )
