"""`ptce-coding agreement`: intercoder agreement per code, or per pair of coders."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ptce_coding.app.project import Project
from ptce_coding.cli.analysis import codes_prefix_value, level_value
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info, plural
from ptce_coding.cli.options import refuse_deeper_level
from ptce_coding.cli.output import emit, format_option

if TYPE_CHECKING:  # imported on use below: start-up speed
    from ptce_coding.analysis.agreement_pairs import PairwiseAgreement
    from ptce_coding.analysis.coded_extent import Cut
    from ptce_coding.analysis.unread_codings import UnreadShare


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
    "--level",
    default=None,
    callback=level_value,
    help="Roll codes up to this depth (1 = the axes).",
)
@click.option(
    "--min-overlap",
    default=0.0,
    show_default=True,
    type=float,
    help="Share of a segment a coding must cover to count (0 = any overlap).",
)
@click.option(
    "--codes",
    "codes_prefix",
    callback=codes_prefix_value,
    help="Only codes whose id starts with this.",
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
    help="Write every unit where the coders differ to this .xlsx, for consensus; the decisions "
    "already imported (an earlier sheet) are filled in. A sheet there whose decisions are "
    "not imported yet is left as it is (--force writes over it).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write the --disagreements sheet over one whose decisions are not imported yet "
    "(they are lost).",
)
@click.option(
    "--whole-documents",
    is_flag=True,
    help="Count every unit of the compared documents, also after where a coder's coding "
    "ends well before the others' (when each coder read them to the end: an end left "
    "uncoded means nothing to code there).",
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
    whole_documents: bool,
    force: bool,
    pairs: bool,
    output_format: str,
) -> None:
    """Intercoder agreement per code: percent, Cohen's kappa, Krippendorff's alpha, Gwet's AC1.

    Units are segments (or documents) of the documents that every listed coder coded; a code
    is present for a coder on a unit when one of their codings of it overlaps the unit. The
    taggers are coders too: `rules` and `model`. Alpha below 0.667 is flagged ✗ (discard),
    below 0.800 ~ (tentative conclusions only), after Krippendorff (2004); a code coded on
    fewer than 10 units by anyone is flagged « too few coded units to conclude ».

    A coder whose coding of a document stops well before the others' reads as having
    stopped there: the end they left uncoded holds a fifth of the document or more, is over
    twice as long as any stretch they left uncoded before it, and holds the others' codings
    that, at the rate they matched the others' before, they would not all have missed (5 %).
    The units after it are left out of the comparison, and said; --whole-documents counts
    them (each coder read to the end: nothing to code there).

    A suggestion accepted by threshold (`review --accept-above`) was not read by its coder:
    it is compared as the tagger's suggestion, not as the coder's coding, and how many of
    each coder's codings this leaves out is said (a coder none of whose codings was read is
    not compared).

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
    from ptce_coding.analysis.agreement_depth import shallow_coders, shallow_sentence
    from ptce_coding.analysis.agreement_pairs import pairwise_agreement
    from ptce_coding.analysis.agreement_readings import MIN_CODED_UNITS, TOO_FEW, readings, too_few
    from ptce_coding.analysis.agreement_table import (
        AgreementScope,
        agreement,
        check_codes_prefix,
        coder_codings,
        refuse_coders_without_codings,
    )
    from ptce_coding.analysis.disagreements_sheet import disagreements, partly_decided
    from ptce_coding.analysis.frames import codings_frame, segments_frame
    from ptce_coding.analysis.unread_codings import as_read, unread_sentence, unread_shares
    from ptce_coding.base.files import note_written
    from ptce_coding.base.selected_codings import settled_passages
    from ptce_coding.base.tables import write_xlsx
    from ptce_coding.interop.codings_file import EXPORTS_LEDGER, refuse_unimported_sheet
    from ptce_coding.interop.sheet_origin import origin_sheet, sheet_origin

    if pairs and disagreements_file is not None:
        raise click.UsageError(
            "--disagreements lists the units where the coders differ on the documents they all "
            "coded: leave --pairs out to write it"
        )
    if force and disagreements_file is None:
        raise click.UsageError(
            "--force writes the --disagreements sheet over one whose decisions are not imported "
            "yet: give --disagreements FILE, or leave --force out"
        )
    if disagreements_file is not None:
        project.refuse_own_file(disagreements_file, "the disagreements sheet")
    ledger = project.cache_path / EXPORTS_LEDGER  # what the exports wrote: files.as_written
    names = [name.strip() for name in coders.split(",") if name.strip()]
    book = project.load_codebook()
    refuse_deeper_level(book, level)
    check_codes_prefix(book, codes_prefix, level)
    with project.open_store(create=False) as store:
        segments = segments_frame(store)
        codings = codings_frame(store)
        marks = store.threshold_acceptances()
        texts = store.document_texts() if disagreements_file else {}
        # the project the sheet is written from, which its import into another one tells
        origin = sheet_origin(project.name, store) if disagreements_file else None
        if disagreements_file is not None and not force:
            # decisions the group filled in and did not import yet are never written over
            importing = f"ptce-coding codings import {disagreements_file}"
            refuse_unimported_sheet(disagreements_file, store, book, importing, ledger)
    if only_documents:
        unknown = sorted(set(only_documents) - set(segments["document"]))
        if unknown:
            raise click.ClickException(
                f"unknown document(s): {', '.join(unknown)} (`ptce-coding documents` lists them)"
            )
    # a misspelt name is matched among every coder with codings, before the acceptances by
    # threshold go back to the tagger (a coder who read none of theirs is refused apart)
    refuse_coders_without_codings(coder_codings(codings, names), codings, names)
    # what each coder read and judged: an acceptance by threshold is the tagger's judgement
    unread = unread_shares(codings, marks, names)
    codings = as_read(codings, marks)
    for share in unread:
        if not share.none_read:
            info(f"{unread_sentence(share)}: compared as the tagger's suggestions, not theirs")
    names = _read_coders(names, [share for share in unread if share.none_read], pairs)
    scope = AgreementScope(
        unit=unit,
        level=level,
        min_overlap=min_overlap,
        interviewer_turns=include_interviewer,
        codes_prefix=codes_prefix,
        documents=only_documents,
        whole_documents=whole_documents,
    )
    for shallow in shallow_coders(coder_codings(codings, names), book, names, level, codes_prefix):
        info(f"{shallow_sentence(shallow)}.")
    if pairs:
        say_pairs(pairwise_agreement(segments, codings, book, names, scope), unit, output_format)
        return
    result = agreement(segments, codings, book, names, scope)
    info(
        f"{len(result.documents)} document(s) coded by {', '.join(names)}; unit: {unit} "
        f"({len(result.units)} units)"
    )
    if result.left_out:
        info(f"Left out (not coded by every coder): {', '.join(result.left_out)}")
    say_cuts(result.cuts)
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
        # the group's decisions so far (an earlier sheet imported): the rows they decide are
        # filled in, not offered again as undecided; not when the consensus is compared
        consensus = project.analysis.consensus or "consensus"
        decided = codings[
            (codings["coder"] == consensus) & codings["status"].isin(["accepted", "rejected"])
        ]
        if consensus in names:
            decided = decided.iloc[:0]
        decided = settled_passages(decided, segments)  # as the selection applies them
        sheet = disagreements(result, book, texts, decided, consensus)
        write_xlsx(
            disagreements_file, {"disagreements": sheet, **origin_sheet(origin)}, index=False
        )
        note_written(disagreements_file, ledger)
        done = int((sheet["decision"] != "").sum()) if not sheet.empty else 0
        info(
            f"Wrote {len(sheet)} disagreement(s) to {disagreements_file}"
            + (
                f", {done} decided already (their `decision` filled in from {consensus}'s "
                "decisions; change one and import the sheet with --update)"
                if done
                else ""
            )
            + f": fill `decision` with yes/no, then `ptce-coding codings import` it (coder: "
            f"{consensus})."
        )
        part = partly_decided(sheet, decided)
        if part:
            info(
                f"Left to decide, though {consensus} decided on them: {'; '.join(part)}. A "
                "decision on part of a passage settles that part only (the rest still counts "
                "as each coder coded it): fill `decision` to settle the whole passage."
            )


def _read_coders(names: list[str], none_read: list[UnreadShare], pairs: bool) -> list[str]:
    """The coders to compare: with --pairs, those who read some of their codings (the
    others said not compared); without, all of them, or a refusal naming a coder who read
    none."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.unread_codings import unread_sentence

    if not none_read:
        return names
    why = "; ".join(unread_sentence(share) for share in none_read)
    left = [name for name in names if name not in {share.coder for share in none_read}]
    if pairs and len(left) >= 2:
        info(f"Not compared: {why}: nothing of theirs to compare")
        return left
    raise click.ClickException(
        f"{why}: nothing of theirs to compare (an agreement compares what each coder read "
        "and judged); review those suggestions one by one, or compare other coders"
    )


def say_cuts(cuts: list[Cut]) -> None:
    """Say the units left out where a coder stopped, and how to count them: one line per
    coder and document, however many of their pairs it cuts (``group_cuts``)."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.coded_extent_notes import group_cuts

    for group in group_cuts(cuts):
        cut = group[0]
        left = cut.left_out
        others = [other for each in group for other in each.coders if other != cut.coder]
        theirs = _and([f"{other}'s" for other in others]) + (" goes" if len(others) == 1 else " go")
        segments = (
            f"segment {cut.first_left}"
            if cut.first_left == cut.last_left
            else f"segments {cut.first_left}–{cut.last_left}"
        )
        if len(group) == 1:
            traced = (
                f"{cut.others_traced} of them coded by "
                f"{others[0] if len(others) == 1 else 'another coder'}"
            )
        else:
            traced = (
                ", ".join(
                    f"{other} coded {each.others_traced}"
                    for each in group
                    for other in each.coders
                    if other != cut.coder
                )
                + " of them"
            )
        comparisons = _and(
            [f"left out of the {'–'.join(each.coders)} comparison" for each in group]
        )
        info(
            f"Left out: {cut.coder}'s coding of {cut.document} stops at segment "
            f"{cut.last_segment} (unit {cut.last_unit} of {cut.units}) while {theirs} "
            f"on: the {plural(left, 'unit')} after it ({segments}, {traced}) "
            f"{'is' if left == 1 else 'are'} {comparisons}."
        )
    if cuts:
        coders = sorted({cut.coder for cut in cuts})
        info(
            f"If {' and '.join(coders)} read {'it' if len(cuts) == 1 else 'them'} to the end "
            "(nothing to code there), give --whole-documents to count every unit."
        )


def _and(items: list[str]) -> str:
    """« a », « a and b », « a, b and c »."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def say_pairs(compared: PairwiseAgreement, unit: str, output_format: str) -> None:
    """The pairwise table, after what it leaves out and what not to read in it."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.agreement_pairs import pair_readings
    from ptce_coding.analysis.agreement_readings import MIN_CODED_UNITS, TOO_FEW

    info(
        f"{len(compared.coders)} coders, {plural(len(compared.pairs), 'pair')}: each pair on the "
        f"documents both coded, unit: {unit}, its codes pooled (one decision per unit and "
        "code either coded)"
    )
    for first, second, why in compared.not_compared():
        info(f"Not compared: {first} and {second}: {why}")
    say_cuts(list(compared.cuts))
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
