"""`ptce-coding review`: suggestions accepted or rejected in the terminal, in bulk above a
confidence, or through a spreadsheet."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ptce_coding.app.project import Project
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info, plural
from ptce_coding.cli.options import coder_name, given
from ptce_coding.cli.review_terminal import NOT_YET, review_loop
from ptce_coding.review import queue as review_queue
from ptce_coding.review.coder_plan import coder_plan, unmatched_note
from ptce_coding.review.threshold_batch import BatchOutline, outline

if TYPE_CHECKING:
    from ptce_coding.store import Store


@cli.command()
@click.option(
    "--order",
    type=click.Choice(["document", "uncertainty", "confidence"]),
    default="document",
    show_default=True,
    help="uncertainty: closest to the taggers' decision threshold first (active learning); "
    "the suggestions of codes the model learned from few examples (not calibrated) after.",
)
@click.option("--code", "codes", multiple=True, help="Only this code (repeat for more).")
@click.option(
    "--method",
    "methods",
    multiple=True,
    type=click.Choice(["rule", "model"]),
    help="Only suggestions of this tagger.",
)
@click.option("--document", "documents", multiple=True, help="Only this document.")
@click.option(
    "--coder",
    callback=coder_name,
    help="Who decides (default: `coder` in project.yaml, else your login).",
)
@click.option(
    "--accept-above",
    type=click.FloatRange(0, 1),
    help="Accept every suggestion with at least this confidence (asks first): recorded as "
    "accepted by threshold, not as read one by one.",
)
@click.option("--yes", is_flag=True, help="With --accept-above: do not ask for confirmation.")
@click.option(
    "--export",
    "export_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the suggestions to review to an .xlsx with a `decision` column.",
)
@click.option(
    "--import",
    "import_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record the decisions of a filled review workbook.",
)
@click.option(
    "--update",
    is_flag=True,
    help="With --import: a row whose decision is not the one recorded changes it.",
)
@project_option
def review(
    project: Project,
    order: str,
    codes: tuple[str, ...],
    methods: tuple[str, ...],
    documents: tuple[str, ...],
    coder: str | None,
    accept_above: float | None,
    yes: bool,
    export_file: Path | None,
    import_file: Path | None,
    update: bool,
) -> None:
    """Accept or reject suggestions, one at a time, in the terminal or in a spreadsheet.

    Keys: a accept, r reject, s skip, u undo the last decision, q quit. Every decision
    records who and when. --export / --import make the same review in Excel; a workbook
    filled in several sittings is imported after each (the rows recorded already are passed
    over), and --update changes a decision recorded before to the one its row now says.

    A suggestion right about the code but not about the passage: ( starts it one sentence
    earlier, [ one later, ] ends it one sentence earlier, ) one later, then a accepts it on
    that passage. Right about the passage but not the code: m moves it to another code
    (searched by words of its label or id; no words cancel the search). Both are written in
    the history.

    With `assignments` in project.yaml, a coder reviews the suggestions of their own
    documents; on a document of the double-coding sample each coder decides every
    suggestion without seeing the other's decision (`agreement` then compares them).

    Example:

    \b
        ptce-coding review --order uncertainty --method model --coder alice
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.evolution.orphan_codes import check_orphans

    if sum(x is not None for x in (accept_above, export_file, import_file)) > 1:
        raise click.UsageError("use one of --accept-above, --export, --import at a time")
    _refuse_unused_review_options(accept_above is not None, import_file is not None)
    if export_file is not None:
        project.refuse_own_file(export_file, "the review sheet")
    reviewer = coder or project.default_coder
    book = project.load_codebook()
    for code in codes:
        book.get(code)  # an unknown code is refused, with the ids it may be a typo of
    with project.open_store(create=False) as store:
        store.command = "review"
        check_orphans(store, book)
        if documents:
            # imported on use, not at the top: start-up speed
            from ptce_coding.app.option_checks import stored_documents

            documents = stored_documents(store, documents)
        filters = {"codes": codes, "methods": methods, "documents": documents}
        plan = coder_plan(store, project.assignments, reviewer)
        if plan is not None and (unmatched := unmatched_note(store, project.assignments)):
            info(unmatched)
        if import_file is not None:
            # imported on use, not at the top: start-up speed
            from ptce_coding.review.sheet import import_review

            # the reviewer's queue, as exported: blind, a double-coded document's included
            done = import_review(store, import_file, reviewer, plan, update=update)
            notes = [f"{plural(done.changed, 'decision')} changed"] if done.changed else []
            notes += [f"{done.recorded} already recorded"] if done.recorded else []
            notes += _decided_elsewhere(done.decided_elsewhere, reviewer)
            notes += [f"{done.undecided} rows without a decision"]
            info(
                f"Recorded {done.accepted} accepted and {done.rejected} rejected by {reviewer} "
                f"({', '.join(notes)})"
            )
            for match in done.made_again:
                info(match.note)
            return
        queue = review_queue.pending(
            store,
            order=order,
            **filters,
            coder=reviewer if plan else None,
            plan=plan,
            above=book.above,
        )
        if not plan:  # one queue for all: still, not where the reviewer coded the code
            queue = review_queue.without_own_codings(store, queue, reviewer, book.above)
        if export_file is not None:
            # imported on use, not at the top: start-up speed
            from ptce_coding.analysis.last_change import stored_last_change
            from ptce_coding.review.sheet import export_review

            if not queue:  # no empty workbook to fill
                why = _nothing_to_review(store, reviewer, filters)
                info(f"{why}; nothing was written to {export_file}")
                return
            # dated as the report's files: when the store's codings or memos last changed
            export_review(queue, book, export_file, store, reviewer, stored_last_change(store))
            info(
                f"Wrote {plural(len(queue), 'suggestion')} to {export_file}; fill `decision` "
                f"(accept/reject, or a/r) and run `ptce-coding review --import {export_file}`"
            )
            return
        if accept_above is not None:
            chosen = review_queue.accept_above(
                store, accept_above, reviewer, plan=plan, dry_run=True, **filters
            )
            if not chosen:
                info(f"No pending suggestion has a confidence of at least {accept_above}")
                return
            _say_batch(outline(chosen), accept_above)
            if not yes:
                click.confirm(
                    f"Accept {plural(len(chosen), 'suggestion')} as {reviewer}?",
                    abort=True,
                    err=True,
                )
            review_queue.accept_all(store, chosen, reviewer, accept_above, filters)
            info(
                f"Accepted {plural(len(chosen), 'suggestion')} as {reviewer}, by threshold "
                f"(confidence ≥ {accept_above:g}): recorded as such, not as read one by one"
            )
            return
        review_loop(store, book, queue, reviewer)


def _decided_elsewhere(deciders: Mapping[str, int], reviewer: str) -> list[str]:
    """« 2 empty rows decided in the store already » (in the terminal, by threshold, in
    another workbook), with who decided when it is not only the reviewer."""
    if not deciders:
        return []
    who = sorted(deciders)
    by = f" by {' and '.join(who)}" if who != [reviewer] else ""
    return [f"{plural(sum(deciders.values()), 'empty row')} decided in the store already{by}"]


def _say_batch(batch: BatchOutline, threshold: float) -> None:
    """What a threshold would accept, per tagger and per code (the most first), before it
    asks."""
    shown, others, rest = batch.top_codes()
    codes = ", ".join(f"{code} {count}" for code, count in shown)
    if others:
        codes += f", {rest} more in {plural(others, 'other code')}"
    taggers = ", ".join(f"{tagger} {count}" for tagger, count in batch.taggers)
    info(
        f"{plural(batch.total, 'suggestion')} with a confidence of at least {threshold:g}\n"
        f"  by tagger: {taggers}\n"
        f"  by code: {codes}\n"
        "Accepted by threshold, they are recorded as such (history, agreement, report), not "
        "as read one by one."
    )


def _nothing_to_review(store: Store, reviewer: str, filters: dict[str, tuple[str, ...]]) -> str:
    """Why the queue is empty: no tagger has run yet, or every suggestion (that the options
    select) is decided."""
    if not review_queue.ever_suggested(store):
        return NOT_YET
    selected = " among those the options select" if any(filters.values()) else ""
    return f"Nothing to review: no suggestion waits for {reviewer}'s decision{selected}"


def _refuse_unused_review_options(accepting: bool, importing: bool) -> None:
    """The options `review` would ignore: a workbook's decisions are recorded whole (no
    filter, no order); --yes only confirms --accept-above, whose order does not matter;
    --update only changes what an import records."""
    if given("update") and not importing:
        raise click.UsageError(
            "--update only applies to --import: it lets a workbook's row change a decision "
            "recorded before"
        )
    if importing:
        unused = given("order", "codes", "methods", "documents", "yes")
        if unused:
            raise click.UsageError(
                f"{_options(unused)} cannot apply to --import: every decision filled in the "
                "workbook is recorded (filter the suggestions when exporting the workbook)"
            )
    elif accepting:
        unused = given("order")
        if unused:
            raise click.UsageError(
                "--order cannot apply to --accept-above: every suggestion above the "
                "threshold is accepted at once"
            )
    elif given("yes"):
        raise click.UsageError("--yes only confirms --accept-above: give that, or leave it out")


def _options(names: list[str]) -> str:
    """Parameter names as the options a user types: codes → --code."""
    option = {"codes": "--code", "methods": "--method", "documents": "--document"}
    return ", ".join(option.get(name, f"--{name}") for name in names)
