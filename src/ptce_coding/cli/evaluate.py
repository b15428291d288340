"""The `evaluate` command: the taggers (rules, model, the rules weighed by the model) scored
against the accepted human codings (`suggest`: assist.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ptce_coding.app.project import Project
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info, plural, progress_bar
from ptce_coding.cli.options import given, selection_options
from ptce_coding.cli.output import emit, format_option
from ptce_coding.cli.tagger_notes import unread_note, with_intervals

if TYPE_CHECKING:
    import pandas as pd

    from ptce_coding.analysis.unlearned_codes import Unlearned


@cli.command()
@click.option(
    "--group",
    type=click.Choice(["case", "document"]),
    default="case",
    show_default=True,
    help="What a cross-validation fold keeps whole.",
)
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True)
@click.option(
    "--coder",
    "coders",
    multiple=True,
    help="Human coder whose codings are the reference (default: all).",
)
@click.option(
    "--tagger",
    "taggers",
    multiple=True,
    type=click.Choice(["rules", "model", "weighed"]),
    help="Only this tagger (default: rules and model). `weighed`: the rules weighed by the "
    "model, as after `suggest`, by the same cross-validation.",
)
@click.option(
    "--level",
    type=click.Choice(["all", "code", "axis", "average", "rules"]),
    default="all",
    show_default=True,
    help="Rows to show: per code, per top-level axis, averages; `rules`: per rule, its "
    "suggestions and how reviewers decided on them.",
)
@format_option
@project_option
@selection_options
def evaluate(
    project: Project,
    group: str,
    folds: int,
    coders: tuple[str, ...],
    taggers: tuple[str, ...],
    level: str,
    output_format: str,
    selection: CoderSelection,
) -> None:
    """Rules and model against accepted human codings: precision, recall, F1, support.

    Per code and per top-level axis, with micro and macro averages, at segment level; F1
    comes with a 95% interval (f1_ci) and, under 10 examples, a warning (caution). The
    reference is the manual and imported codings of --coder, or of the selection (--coders,
    --consensus, or the project's analysis setting: coder_selection.py). Review decisions
    count too: an accepted suggestion is a positive, a rejected one a negative (for that
    code on that segment only); a suggestion accepted by threshold (review --accept-above)
    does not: nobody read it, and it is the tagger's own judgement. The model is scored by
    grouped K-fold cross-validation: no case (or document, with --group document) is ever
    both in training and in test.
    `--level rules` lists each rule: suggestions it made, accepted, rejected, precision in
    review, and whether it is demoted (mostly rejected: counts less in `code`).
    `--tagger weighed` scores the rules as `suggest` leaves them, weighed by the model's
    reading: each fold's model, trained on the other cases (or documents), reads the held-out
    ones and the rules run again there (the store is not changed).

    Example:

    \b
        ptce-coding evaluate --coder claire --group document --format csv
        ptce-coding evaluate --coders doctorante,encadrant --consensus consensus
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.evaluate import EvaluationPlan
    from ptce_coding.analysis.evaluate import evaluate as run_evaluate
    from ptce_coding.analysis.tagger_scores import score_notes
    from ptce_coding.evolution.orphan_codes import check_orphans

    _refuse_unused_evaluate_options(level, taggers)
    book = project.load_codebook()
    with project.open_store(create=False) as store:
        check_orphans(store, book)
        with progress_bar("Evaluating") as progress:
            result = run_evaluate(
                store,
                book,
                project.coding,
                project.cache_path,
                settings=project.model_settings(),
                plan=EvaluationPlan(
                    group=group,
                    folds=folds,
                    taggers=taggers or ("rules", "model"),
                    coders=coders,
                    selection=None if coders else selection,
                ),
                progress=progress,
            )
    if result.language_note:
        info(f"Note: {result.language_note}.")
    if result.not_scored:
        info(f"Note: {result.not_scored}.")
    if result.left_unread:
        info(f"{result.left_unread.sentence()}.")
    if result.own_unknown:
        info(_own_unknown_note(result.own_unknown))
    if result.unread:
        info(f"Not scored: {unread_note(result.unread, project.coding.interviewer_turns)}")
    folds_said = f"; model: {len(result.folds)} folds by {group}" if result.folds else ""
    info(
        f"{plural(result.segments, 'segment')} of {result.documents} human-coded or reviewed "
        "documents "
        f"({result.decisions} review decisions counted){folds_said}"
    )
    if level == "rules":
        table = result.rules
        emit(table.to_dict(orient="records"), list(table.columns), output_format)
        return
    demoted = result.rules[result.rules["demoted"]]
    if len(demoted):
        info("Rules mostly rejected in review (demoted): " + ", ".join(demoted["rule"]))
    scores = with_intervals(result.scores)
    notes = score_notes(result.scores, result.unlearned)
    scores["caution"] = [  # what is undefined in a row is said there, not left blank
        "; ".join(part for part in (warning, note) if part)
        for warning, note in zip(scores["caution"], notes, strict=True)
    ]
    never = [u for u in result.unlearned if u.never]
    if never and "model" in set(scores["tagger"]):
        info(_unlearned_note(never))
    info(_macro_codes_note(result.scores, never))
    rules = scores[(scores["tagger"] == "rules") & (scores["level"] == "micro")]
    if len(rules) and result.reviewed_only:
        info(f"Note: {_reviewed_only_note(result.reviewed_only, result.documents)}.")
    if len(rules) and int(rules["predicted"].iloc[0]) == 0:
        info("The rules made no suggestion on these documents: run `ptce-coding code` first.")
    elif len(rules) and "rules-cv" not in set(scores["tagger"]):
        info(
            "`rules` scores the stored rule suggestions, whose confidence weighed each rule by "
            "its record against this same coding: an optimistic figure. `--tagger weighed` "
            "scores the rules by cross-validation (rules-cv) and weighed by the model (weighed)."
        )
    if level == "average":
        scores = scores[scores["level"].isin(["micro", "macro"])]
    elif level != "all":
        scores = scores[scores["level"].isin([level, "micro", "macro"])]
    under: list[str] = []
    if output_format == "table":
        scores, under = cautions_as_notes(scores)
    emit(scores.to_dict(orient="records"), list(scores.columns), output_format)
    for note in under:
        click.echo(note)


def _own_unknown_note(count: int) -> str:
    """What `evaluate` says of the acceptances by threshold in documents their reviewer
    coded by hand (analysis/own_threshold.py)."""
    if count == 1:
        return (
            "Of them, 1 is in a document its reviewer coded by hand: there its passage is not "
            "scored for its code (unknown), rather than read as a « no » of that coder's coding."
        )
    return (
        f"Of them, {count} are in documents their reviewers coded by hand: there their "
        "passages are not scored for their codes (unknown), rather than read as a « no » of "
        "those coders' coding."
    )


# a caution longer than this is a note under the table, the row naming it « [1] »
CAUTION_IN_ROW = 40


def cautions_as_notes(scores: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The printed table's long cautions moved under it: each one a numbered note (« [1] not
    learned by the model: … »), the row saying « [1] »; a short one (« only 4 examples: too
    few to trust (< 10) ») stays in its row. A caution written whole in each cell made lines
    of over 2,000 characters, wrapped through the code ids in a terminal."""
    numbers: dict[str, int] = {}
    cells = []
    for caution in scores["caution"].fillna(""):
        if len(caution) <= CAUTION_IN_ROW:
            cells.append(caution)
            continue
        number = numbers.setdefault(caution, len(numbers) + 1)
        cells.append(f"[{number}]")
    shown = scores.assign(caution=cells)
    return shown, [f"[{number}] {caution}" for caution, number in numbers.items()]


def _unlearned_note(never: list[Unlearned]) -> str:
    """« Not learned by the model where it is tested … : ECO.RARE (1 coded segment; …) »:
    the codes whose F1 would say « the model does not know it yet », not « it is wrong »."""
    codes = "; ".join(
        f"{u.code} ({plural(u.segments, 'coded segment')}; the folds that test it trained on "
        f"{u.trained_on})"
        for u in never
    )
    return (
        "Not learned by the model where it is tested (too few coded segments in the folds' "
        f"training parts: a code needs {never[0].needed}, fewer with examples in the "
        "codebook; the model could not suggest it there): no F1, left out of its macro "
        f"average, its coded segments counted as misses in its micro recall: {codes}"
    )


def _macro_codes_note(scores: pd.DataFrame, never: list[Unlearned]) -> str:
    """« Macro averages over the codes with coded segments: rules 4, model 3 (1 not learned,
    left out) »."""
    said = []
    for tagger in dict.fromkeys(scores["tagger"]):
        rows = scores[
            (scores["tagger"] == tagger) & (scores["level"] == "code") & (scores["support"] > 0)
        ]
        left_out = len(never) if tagger == "model" else 0
        said.append(
            f"{tagger} {len(rows) - left_out}"
            + (f" ({left_out} not learned, left out)" if left_out else "")
        )
    return "Macro averages over the codes with coded segments: " + ", ".join(said)


def _reviewed_only_note(reviewed: int, documents: int) -> str:
    """What the rules' recall means where the gold is review decisions alone."""
    if reviewed == documents:
        return (
            "no document is coded by hand: the reference is the reviewers' decisions on the "
            "taggers' own suggestions, so the rules' recall counts only what a tagger "
            "suggested (1 where only the rules' suggestions were reviewed), not what the "
            "rules miss; code a document by hand (or import a coder's codings) to measure it"
        )
    return (
        f"{reviewed} of the {documents} documents are reviewed, not coded by hand: there the "
        "reference holds only what a tagger suggested, which lifts the rules' recall; code "
        "them by hand to measure what the rules miss there"
    )


def _refuse_unused_evaluate_options(level: str, taggers: tuple[str, ...]) -> None:
    """The options `evaluate` would ignore: the folds are the model's (and weighed's) cross-
    validation; `--level rules` is the rules' review record, of no tagger nor fold; --coder
    replaces the coder selection."""
    if given("coders") and given("selection_coders", "selection_consensus"):
        raise click.UsageError(
            "--coder and --coders/--consensus both say whose coding is the reference: give "
            "one of them"
        )
    if level == "rules":
        unused = [f"--tagger {name}" for name in taggers if name != "rules"]
        unused += [f"--{name}" for name in given("folds", "group")]
        if unused:
            raise click.UsageError(
                f"{', '.join(unused)} cannot apply to --level rules: it lists each rule's "
                "suggestions and how reviewers decided on them (no model is scored)"
            )
    elif taggers and set(taggers) == {"rules"} and given("folds", "group"):
        raise click.UsageError(
            f"{', '.join(f'--{n}' for n in given('folds', 'group'))} cannot apply to "
            "--tagger rules: the folds are the cross-validation of model and weighed (the "
            "stored rule suggestions are scored as they are)"
        )
