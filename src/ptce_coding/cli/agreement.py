"""`ptce-coding agreement`: intercoder agreement per code, or per pair of coders."""

from __future__ import annotations

from pathlib import Path

import click

from ptce_coding.app.project import Project
from ptce_coding.cli.analysis import codes_prefix_value, level_value
from ptce_coding.cli.common import (
    cli,
    emit,
    format_option,
    info,
    plural,
    project_option,
    refuse_deeper_level,
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
    "already imported (an earlier sheet) are filled in.",
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
        partly_decided,
        readings,
        too_few,
    )
    from ptce_coding.analysis.frames import codings_frame, segments_frame
    from ptce_coding.base.selected_codings import settled_passages
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
        write_xlsx(disagreements_file, {"disagreements": sheet}, index=False)
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
