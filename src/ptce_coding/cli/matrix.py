"""`ptce-coding matrix`: a cross-case matrix of coded interviewee segments."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ptce_coding.app.project import Project
from ptce_coding.cli.analysis import cases_value, codes_prefix_value, level_value
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info
from ptce_coding.cli.options import given, refuse_deeper_level, selection_options
from ptce_coding.cli.output import emit_frame, format_option

if TYPE_CHECKING:
    import pandas as pd

    from ptce_coding.analysis.unread_codings import UnreadShare
    from ptce_coding.app.matrix_job import MatrixRequest
    from ptce_coding.base.coder_selection import CoderSelection
    from ptce_coding.store import Store


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
    help="count: coded segments; presence: 0/1; share: % of the segments of the row's coded "
    "interviews; per1000: per 1,000 words; documents: interviews that mention it.",
)
@click.option(
    "--level",
    default=None,
    callback=level_value,
    help="Roll codes up to this depth (1 = the axes).",
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
    callback=codes_prefix_value,
    help="Only codes whose id starts with this (COOP).",
)
@click.option("--cases", "cases", callback=cases_value, help="Only these cases, comma-separated.")
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
@click.option(
    "--without-threshold",
    is_flag=True,
    help="Count the suggestions accepted by threshold (review --accept-above) as the "
    "tagger's, not their reviewer's: only the codings read one by one are a person's, as "
    "agreement compares them.",
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
    without_threshold: bool,
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
        ptce-coding matrix --level 1 --without-threshold
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.matrices import retired_note
    from ptce_coding.app.matrix_job import (
        MatrixRequest,
        build_matrix,
        check_kind_options,
        chosen_request,
        code_columns_of,
        codes_with_a_count,
        empty_matrix_hint,
        not_coded_rows,
        selection_note,
        write_matrix,
    )
    from ptce_coding.app.matrix_threshold import threshold_counted, threshold_part
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
        without_threshold=without_threshold,
    )
    book = project.load_codebook()
    refuse_deeper_level(book, level)
    with project.open_store(create=False) as store:
        request = chosen_request(store, request)
        frame = build_matrix(store, book, request)
        if status != "accepted":
            check_suggestions_counted(
                store, selection, f"--status {status}", "count accepted codings (--status accepted)"
            )
        codes = frame[code_columns_of(frame)]
        if kind == "framework":  # quotations, « 0 » where none: empty when no row is coded
            empty = blank = bool(codes.isna().to_numpy().all())
        else:
            empty = not codes.fillna(0).to_numpy(dtype=float).any()
            blank = empty and kind == "crosstab" and bool(codes.isna().to_numpy().all())
        hint = empty_matrix_hint(store, status, cells="empty" if blank else "0") if empty else None
        note = selection_note(store, selection)
        shares = threshold_counted(store, request)
        # --without-threshold: a coder none of whose codings was read counts for nothing
        unread = {s.coder for s in shares if s.none_read} if without_threshold else set()
        pooled = (
            _chosen_coders(store, request)
            if selection.coders
            else _pooled_coders(store, request, unread)
        )
        batched = _threshold_note(shares, request)
        by_threshold = threshold_part(store, book, request)
    written = write_matrix(
        frame, book, project.outputs_path / "matrices", request.name, by_threshold
    )
    if batched and by_threshold is not None:
        batched += (
            " The `by_threshold` sheet of the .xlsx says how much of each cell rests on them."
        )
    retired = retired_note(book, code_columns_of(frame))
    if status != "accepted":
        info("Note: this matrix counts suggestions that no coder has reviewed yet.")
    if output_format != "table":  # scripts read every row and column
        emit_frame(frame, output_format)
    elif empty:
        info(_not_printed(frame, kind, coded=hint is not None, blank=blank))
    else:
        shown = codes_with_a_count(frame, kind)
        emit_frame(shown, output_format)
        left = [c for c in code_columns_of(frame) if c not in shown.columns]
        if left:
            info(_left_out_note(len(code_columns_of(shown)), left))
    info("Wrote " + ", ".join(str(p) for p in written))
    base = _share_base_note(frame, rows) if kind == "crosstab" and value == "share" else None
    if (kind == "framework" or (kind == "crosstab" and value != "share")) and not blank:
        base = _not_coded_note(not_coded_rows(frame), selection)
    for line in (base, pooled, batched, hint, note, retired):
        if line:
            info(line)


def _not_printed(frame: pd.DataFrame, kind: str, *, coded: bool, blank: bool = False) -> str:
    """Why an all-zero matrix is not printed in the terminal: « Nothing coded yet » when the
    store has nothing counted (the hint after it says what to do), else « Nothing counted »
    (the codings this matrix selects: its cases, codes, coders); ``blank``: its cells are
    empty, not 0 (a crosstab whose rows none is coded: ``not_coded_rows``)."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.app.matrix_job import code_columns_of

    codes = len(code_columns_of(frame))
    shape = (
        f"{codes} × {codes} codes"
        if kind == "cooccurrence"
        else f"{len(frame)} row{'s' if len(frame) != 1 else ''} × {codes} codes"
    )
    cells = "empty" if blank else "0"
    if coded:
        return (
            f"Nothing coded yet: every cell of this matrix ({shape}) is {cells}, so it is not "
            "printed; the files below hold it."
        )
    return (
        f"Nothing counted: every cell of this matrix ({shape}) is {cells} for the codings it "
        "counts, so it is not printed; the files below hold it."
    )


def _not_coded_note(uncoded: list[str], selection: CoderSelection) -> str | None:
    """The rows of a count matrix left empty, as a share matrix and the report (« non
    codé ») leave them: « Not coded by claire, left empty: … »."""
    if not uncoded:
        return None
    listed = ", ".join(uncoded[:10]) + (" …" if len(uncoded) > 10 else "")
    whose = f"by {', '.join(selection.coders)}" if selection.coders else "yet"
    return (
        f"Not coded {whose}, left empty: {listed} (nothing counted codes their interviews: "
        "a 0 would read as a theme nobody spoke of; the report says « non codé »)."
    )


def _left_out_note(printed: int, left: list[str]) -> str:
    """« Printed the 12 codes with a count; 111 codes with none are left out … »."""
    listed = ", ".join(left[:10]) + (" …" if len(left) > 10 else "")
    return (
        f"Printed the {printed} code{'s' if printed > 1 else ''} with a count; {len(left)} "
        f"code{'s' if len(left) > 1 else ''} with none {'are' if len(left) > 1 else 'is'} left "
        f"out of this table ({listed}): the files below and --format csv or json keep every "
        "code."
    )


def _chosen_coders(store: Store, request: MatrixRequest) -> str | None:
    """« Counted the codings of alice and bruno (--coders), replaced by consensus's decisions
    where it decided. »: whose codings a matrix of chosen coders counts, and where the names
    come from (the command line, or `analysis.coders` in project.yaml); None when none of
    them coded (the settings' note says so)."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.counted_coders import counted_coders

    selection = request.selection
    counted = counted_coders(store, request.status, request.cases, selection)
    people = [name for name in selection.coders if name in counted.people]
    if not people:
        return None
    names = " and ".join(people)
    source = (
        "--coders"
        if all(name in selection.asked for name in selection.coders)
        else "`analysis.coders` in project.yaml"
    )
    consensus = selection.consensus
    replaced = f", replaced by {consensus}'s decisions where it decided" if consensus else ""
    return f"Counted the codings of {names} ({source}){replaced}."


def _pooled_coders(
    store: Store, request: MatrixRequest, unread: set[str] | None = None
) -> str | None:
    """« Counted the codings of every coder: alice, bob (…) »: whose codings a matrix that
    pools every coder (none named in --coders nor in analysis.coders) counts; None when it
    counts nobody's (the empty matrix's hint says why). ``unread``: people none of whose
    codings counts as theirs (all accepted by threshold, under --without-threshold)."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.counted_coders import counted_coders

    counted = counted_coders(store, request.status, request.cases, request.selection)
    if counted.nobody:
        return None
    people = [name for name in counted.people if name not in (unread or set())]
    taggers = counted.taggers
    parts = [", ".join(people)] if people else []
    if taggers:
        which = " and ".join(taggers)
        parts.append(f"the suggestions of the {which} tagger{'s' if len(taggers) > 1 else ''}")
    if not parts:
        return None
    consensus = request.selection.consensus
    replaced = f", replaced by {consensus}'s decisions where it decided" if consensus else ""
    return (
        f"Counted the codings of every coder: {' and '.join(parts)}{replaced} "
        "(--coders NAME,NAME to count only some)."
    )


def _threshold_note(shares: list[UnreadShare], request: MatrixRequest) -> str | None:
    """What the matrix's counts rest on that nobody read: « Among the codings counted, bob: 2
    of their 7 codings are suggestions accepted by threshold (confidence ≥ 0.8), not read
    one by one. --without-threshold … », or what --without-threshold did with them."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.unread_codings import unread_sentence

    if not shares:
        return (
            "--without-threshold: no coding counted here was accepted by threshold (`review "
            "--accept-above`): the counts are the same without the option."
            if request.without_threshold
            else None
        )
    said = "; ".join(unread_sentence(share) for share in shares)
    if not request.without_threshold:
        return (
            f"Among the codings counted, {said}. --without-threshold counts them as the "
            "tagger's suggestions, as `agreement` compares them."
        )
    done = (
        "counted as the tagger's suggestions"
        if request.status != "accepted"
        else "left out (the tagger's suggestions, not accepted)"
    )
    return f"--without-threshold: {said}: {done}."


def _share_base_note(frame: pd.DataFrame, rows: str) -> str:
    """What a share matrix divides by, as the report's annex: « Share: % of the segments of
    the row's coded interviews … », and the rows none of whose interviews is coded yet."""
    uncoded = [str(label) for label, n in frame["coded_interviews"].items() if not n]
    partly = int((frame["coded_interviews"] < frame["interviews"]).sum()) - len(uncoded)
    line = (
        "Share: % of the segments of the row's coded interviews (interviewees' segments of "
        "the interviews with at least one coding counted, as in the report's annex): "
        "`base_segments` is what each row divides by, `coded_interviews` of `interviews` "
        "says how many of its interviews are coded."
    )
    if partly:
        line += (
            f" Partly coded ({partly} row(s) by {rows}): their interviews not coded yet are "
            "out of their base."
        )
    if uncoded:
        listed = ", ".join(uncoded[:10]) + (" …" if len(uncoded) > 10 else "")
        line += f" Not coded yet, left empty: {listed}."
    return line
