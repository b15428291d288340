"""Commands of the assisted tagger: suggest, evaluate (review: review.py)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import click

from ptce_coding.app.project import Project
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.cli.common import (
    cli,
    emit,
    format_option,
    given,
    info,
    model_note,
    plural,
    progress_bar,
    project_option,
    selection_options,
    working,
)

if TYPE_CHECKING:
    import pandas as pd

    from ptce_coding.analysis.unlearned_codes import Unlearned
    from ptce_coding.codebook.model import Codebook
    from ptce_coding.store import Store
    from ptce_coding.tagging.classifier_coding import SuggestRun


@cli.command()
@click.option(
    "--min-examples",
    type=click.IntRange(min=2),
    help="Positive segments a code needs to be learned (default: model.min_positive, 5).",
)
@project_option
def suggest(project: Project, min_examples: int | None) -> None:
    """Assisted tagging: learns from the accepted codings, suggests codes elsewhere.

    Trains one decision per code on the human decisions (manual and imported codings,
    accepted suggestions; rejected suggestions count against) and writes suggested codings
    (method `model`) with a calibrated confidence and the terms that weighed most. It reads
    the words of each segment and what the segment means (a multilingual sentence encoder run
    locally; `model.sentence_vectors: false` in project.yaml turns it off). Each learned
    code's cross-validated F1 is printed with a 95% interval and, under 10 accepted codings,
    a warning that it is too few to trust. Then one score per passage and code: the rules'
    findings are weighed again with the model's reading (the odds of the rule confidence times
    the model's likelihood ratio, so a finding the model agrees with may now be written and
    one it contradicts may not), and where no rule finds a code, the model's probability is
    read among the coded passages where no rule found it, and written at or above both the
    code's threshold and `coding.min_confidence` (a code learned from few examples keeps its
    scaled threshold). No model suggestion is made where a
    rule suggestion of the code, or of a code under it, waits for review. Replaces the earlier
    rule and model suggestions only; human codings are never touched. The fitted model is
    saved in .cache/model/ and reused while nothing changed.

    Example:

    \b
        ptce-coding suggest --min-examples 5
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.tagging.learnable import require_decisions

    book = project.load_codebook()
    settings = project.model_settings(min_positive=min_examples)
    with project.open_store(create=False) as store:
        require_decisions(store)  # said at once, before the models are loaded
        # imported on use, not at the top: start-up speed
        from ptce_coding.app.workflow import record_codebook, run_rules
        from ptce_coding.evolution.codebook_ops import check_orphans
        from ptce_coding.tagging.classifier_coding import suggest as run_suggest
        from ptce_coding.tagging.rule_coding import RuleRun

        rules: list[RuleRun] = []
        store.command = "suggest"
        check_orphans(store, book)
        record_codebook(store, book)
        with working("Training and suggesting"):
            run = run_suggest(
                store,
                book,
                settings,
                project.coding,
                project.cache_path,
                rescore=lambda view: rules.append(run_rules(project, store, book, model=view)),
            )
        accepted = _accepted_codings(store, book)
    if run.language_note:
        info(f"Note: {run.language_note}.")
    info(
        f"{'Reused the saved model' if run.reused else 'Trained the model'} on "
        f"{plural(run.training_segments, 'segment')}: {plural(len(run.learned), 'code')} learned"
    )
    if run.unread:
        info(f"Not learned from: {_unread_note(run.unread, project.coding.interviewer_turns)}")
    if settings.sentence_vectors:
        info(f"Sentence vectors: {run.encoded} texts encoded, the others read from .cache/vectors/")
    for code, f1 in sorted(run.learned.items()):
        f1_said = _f1_with_caution(f1, run.learned_on[code], accepted.get(code, 0))
        info(f"  {code}: cross-validated F1 {f1_said}")
    if run.few_shot:
        info(
            f"Learned from few examples (under {settings.min_positive} coded segments, with the "
            "codebook's; confidence scaled down accordingly): "
            + ", ".join(f"{c} ({n})" for c, n in sorted(run.few_shot.items()))
        )
    if run.one_sided:
        info(_one_sided_note(run))
    rare = {c: n for c, n in run.skipped.items() if n > 0 and c not in run.one_sided}
    if rare:
        info(
            f"Skipped {plural(len(rare), 'code')} with fewer than {settings.min_positive} coded "
            "segments and no example in the codebook: "
            + ", ".join(f"{c} ({n})" for c, n in sorted(rare.items()))
        )
    uncoded = sum(1 for n in run.skipped.values() if n == 0)
    if uncoded:
        info(f"{plural(uncoded, 'code')} {'has' if uncoded == 1 else 'have'} no coded segment yet")
    info(
        f"Suggested {plural(run.added, 'coding')} on "
        f"{plural(run.segments - run.training_segments, 'segment')} "
        f"({run.removed} earlier model suggestions replaced, {run.skipped_decided} left out "
        "where a coder had already decided)"
    )
    if not run.added:
        info(_nothing_suggested(run, settings.min_positive, project.coding.min_confidence))
    for rule_run in rules:
        info(
            f"Rule suggestions weighed again: {rule_run.added} written "
            f"({rule_run.removed} replaced)"
        )
        model_note(rule_run)
    if run.already_suggested:
        info(
            f"Not suggested again: {run.already_suggested} where a rule suggestion of the same "
            "code on the passage waits for review (one decision teaches both)"
        )


def _nothing_suggested(run: SuggestRun, min_positive: int, min_confidence: float) -> str:
    """Why a run suggested nothing, and what to do: no code learned; every passage it
    would suggest decided already or waiting for review; or none scored high enough."""
    if not run.learned and not run.few_shot:
        needs = (
            f"Nothing suggested: no code could be learned (a code needs {min_positive} coded "
            "segments with it, or fewer and examples in the codebook, and 2 coded segments "
            "without it)."
        )
        if run.one_sided and not run.hand_coded:  # NO_HAND_CODING said just above
            return (
                f"{needs} No interview is coded by hand (see above): code passages of one by "
                "hand, or reject the wrong suggestions; then run `ptce-coding suggest` again."
            )
        return (
            f"{needs} Code or review more segments (`ptce-coding review`: a rejected "
            "suggestion is a segment without its code), or lower --min-examples (2 at least); "
            "then run `ptce-coding suggest` again."
        )
    if run.skipped_decided or run.already_suggested:
        return (
            "Nothing suggested: every passage the model found is decided by a coder already "
            "or waits for review as a rule suggestion. Review the suggestions "
            "(`ptce-coding review`), then run `ptce-coding suggest` again."
        )
    return (
        f"Nothing suggested: no passage scored at or above its code's threshold (and "
        f"coding.min_confidence, {min_confidence:g}). Code more segments so that the codes "
        "are learned better, or lower coding.min_confidence in project.yaml."
    )


# where only suggestions were accepted, no segment is known to be without a code
NO_HAND_CODING = (
    "No interview is coded by hand, and an accepted suggestion says where a code is, not "
    "where it is not: only a rejected suggestion shows a segment without its code. Code "
    "passages of an interview by hand (`ptce-coding serve`, or `ptce-coding codings "
    "import`: the segments up to your last coding that you leave without a code count as "
    "without it), or reject the wrong suggestions (`ptce-coding review`)."
)


def _one_sided_note(run: SuggestRun) -> str:
    """The codes skipped for want of segments known to be without them, and why: no
    interview coded by hand (the usual cause when coding comes from review alone), or
    codes that (almost) every segment of the coded parts has."""
    codes = ", ".join(
        f"{c} ({n} with it, {m} without)" for c, (n, m) in sorted(run.one_sided.items())
    )
    said = (
        f"Skipped {plural(len(run.one_sided), 'code')} that fewer than 2 coded segments are "
        f"known to be without, so nothing to tell them from: {codes}."
    )
    if not run.hand_coded:
        return f"{said} {NO_HAND_CODING}"
    return (
        f"{said} A segment is known to be without a code in an interview coded by hand (up "
        "to its last coding) or where a reviewer rejected a suggestion of it: code or review "
        "segments where they do not apply."
    )


def _unread_note(count: int, interviewer_turns: bool) -> str:
    """« 86 accepted codings lie on interviewer turns or title lines only, which the taggers
    do not read: … »: what to do about codings the taggers cannot see."""
    where = "title lines" if interviewer_turns else "interviewer turns or title lines"
    advice = (
        "code the interviewee's answer, or set coding.interviewer_turns: true in project.yaml"
        if not interviewer_turns
        else "code the speakers' turns"
    )
    verb = "lies" if count == 1 else "lie"
    return (
        f"{plural(count, 'accepted coding')} {verb} on {where} only, which the taggers do "
        f"not read: {advice}"
    )


def _accepted_codings(store: Store, book: Codebook) -> dict[str, int]:
    """Accepted (human) codings per code, those of the codes under it included: the examples
    behind a learned code."""
    counts: Counter[str] = Counter()
    for row in store.coding_rows(statuses=["accepted"]):
        counts.update([row.code, *book.above(row.code)])
    return dict(counts)


def _f1_with_caution(f1: float, examples: int, codings: int) -> str:
    """« 0.86 (95% CI 0.52–1.00; 8 accepted codings on 4 segments — only 4 examples: too few
    to trust (< 10)) »: the interval and the warning rest on the ``examples`` (coded segments
    with the code, on which the F1 was cross-validated), not on the ``codings``, which two
    coders, or a coding and one of a code under it, count twice on one segment."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.uncertainty import caution, f1_counts, f1_interval

    interval = f1_interval(*f1_counts(f1, examples))
    parts = [str(interval)] if interval else []
    warning = caution(examples)
    parts.append(
        f"{codings} accepted coding{'s' if codings != 1 else ''} on {plural(examples, 'segment')}"
    )
    return f"{f1:.2f} (" + "; ".join(parts) + (f" — {warning}" if warning else "") + ")"


def _with_intervals(scores: pd.DataFrame) -> pd.DataFrame:
    """The scores with an interval for F1 (f1_ci) and a small-sample warning (caution)."""
    # imported on use, not at the top: start-up speed
    import pandas as pd

    from ptce_coding.analysis.uncertainty import caution, f1_interval

    intervals, cautions = [], []
    for row in scores.to_dict(orient="records"):
        if row["level"] == "macro" or pd.isna(row["f1"]):  # no interval on no example
            intervals.append("")
        else:
            hits = round((0.0 if pd.isna(row["recall"]) else row["recall"]) * row["support"])
            interval = f1_interval(hits, row["predicted"] - hits, row["support"] - hits)
            intervals.append(f"{interval.low:.2f}–{interval.high:.2f}" if interval else "")
        cautions.append(caution(row["support"]) if row["level"] != "macro" else "")
    return scores.assign(f1_ci=intervals, caution=cautions)


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
    code on that segment only). The model is scored by grouped K-fold cross-validation: no
    case (or document, with --group document) is ever both in training and in test.
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
    from ptce_coding.evolution.codebook_ops import check_orphans

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
    if result.unread:
        info(f"Not scored: {_unread_note(result.unread, project.coding.interviewer_turns)}")
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
    scores = _with_intervals(result.scores)
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
    emit(scores.to_dict(orient="records"), list(scores.columns), output_format)


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
