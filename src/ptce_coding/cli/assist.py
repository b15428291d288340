"""The `suggest` command: the assisted tagger learns from the accepted codings and suggests
codes elsewhere (evaluate: evaluate.py; review: review.py)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import click

from ptce_coding.app.project import Project
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info, plural, working
from ptce_coding.cli.model_note import model_note
from ptce_coding.cli.run_notes import replaced_note
from ptce_coding.cli.tagger_notes import f1_with_caution, unread_note

if TYPE_CHECKING:
    from ptce_coding.codebook.model import Codebook
    from ptce_coding.store import Store
    from ptce_coding.tagging.suggest_run import SuggestRun


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
        from ptce_coding.evolution.orphan_codes import check_orphans
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
        info(f"Not learned from: {unread_note(run.unread, project.coding.interviewer_turns)}")
    if settings.sentence_vectors:
        info(f"Sentence vectors: {run.encoded} texts encoded, the others read from .cache/vectors/")
    for code, f1 in sorted(run.learned.items()):
        f1_said = f1_with_caution(f1, run.learned_on[code], accepted.get(code, 0))
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
        f"({replaced_note(run)})"
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


def _accepted_codings(store: Store, book: Codebook) -> dict[str, int]:
    """Accepted (human) codings per code, those of the codes under it included: the examples
    behind a learned code."""
    counts: Counter[str] = Counter()
    for row in store.coding_rows(statuses=["accepted"]):
        counts.update([row.code, *book.above(row.code)])
    return dict(counts)
