"""Commands of the assisted tagger: suggest, review, evaluate."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ptce_coding.app.project import Project
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.base.errors import PtceError
from ptce_coding.cli.common import (
    cli,
    coder_name,
    emit,
    format_option,
    given,
    info,
    model_note,
    project_option,
    selection_options,
    working,
)
from ptce_coding.review import queue as review_queue

if TYPE_CHECKING:
    import pandas as pd

    from ptce_coding.codebook.model import Codebook
    from ptce_coding.review.queue import Suggestion
    from ptce_coding.store import Store

KEYS = {
    "a": "accept",
    "r": "reject",
    "s": "skip",
    "u": "undo",
    "q": "quit",
    "m": "move",
    "(": "widen-start",
    "[": "narrow-start",
    "]": "narrow-end",
    ")": "widen-end",
}


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
    from ptce_coding.app.workflow import record_codebook, run_rules
    from ptce_coding.evolution.codebook_ops import check_orphans
    from ptce_coding.tagging.classifier_coding import suggest as run_suggest
    from ptce_coding.tagging.rule_coding import RuleRun

    book = project.load_codebook()
    settings = project.model_settings(min_positive=min_examples)
    rules: list[RuleRun] = []
    with project.open_store(create=False) as store:
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
        f"{run.training_segments} segments: {len(run.learned)} codes learned"
    )
    if settings.sentence_vectors:
        info(f"Sentence vectors: {run.encoded} texts encoded, the others read from .cache/vectors/")
    for code, f1 in sorted(run.learned.items()):
        info(f"  {code}: cross-validated F1 {_f1_with_caution(f1, accepted.get(code, 0))}")
    if run.few_shot:
        info(
            f"Learned from few examples (under {settings.min_positive} coded segments, with the "
            "codebook's; confidence scaled down accordingly): "
            + ", ".join(f"{c} ({n})" for c, n in sorted(run.few_shot.items()))
        )
    if run.one_sided:
        info(
            f"Skipped {len(run.one_sided)} codes that (almost) every coded segment has, so "
            "nothing to tell them from (2 coded segments without a code are needed): code or "
            "review segments where they do not apply (a rejected suggestion counts): "
            + ", ".join(
                f"{c} ({n} with it, {m} without)" for c, (n, m) in sorted(run.one_sided.items())
            )
        )
    rare = {c: n for c, n in run.skipped.items() if n > 0 and c not in run.one_sided}
    if rare:
        info(
            f"Skipped {len(rare)} codes with fewer than {settings.min_positive} coded "
            "segments and no example in the codebook: "
            + ", ".join(f"{c} ({n})" for c, n in sorted(rare.items()))
        )
    uncoded = sum(1 for n in run.skipped.values() if n == 0)
    if uncoded:
        info(f"{uncoded} codes have no coded segment yet")
    info(
        f"Suggested {run.added} codings on {run.segments - run.training_segments} segments "
        f"({run.removed} earlier model suggestions replaced, {run.skipped_decided} left out "
        "where a coder had already decided)"
    )
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


def _accepted_codings(store: Store, book: Codebook) -> dict[str, int]:
    """Accepted (human) codings per code, those of the codes under it included: the examples
    behind a learned code."""
    counts: Counter[str] = Counter()
    for row in store.coding_rows(statuses=["accepted"]):
        counts.update([row.code, *book.above(row.code)])
    return dict(counts)


def _f1_with_caution(f1: float, examples: int) -> str:
    """« 0.86 (95% CI 0.52–1.00; 4 accepted codings: too few to trust (< 10)) »."""
    # imported on use, not at the top: start-up speed
    from ptce_coding.analysis.uncertainty import caution, f1_counts, f1_interval

    interval = f1_interval(*f1_counts(f1, examples))
    parts = [str(interval)] if interval else []
    warning = caution(examples)
    parts.append(f"{examples} accepted coding{'s' if examples != 1 else ''}")
    return f"{f1:.2f} (" + "; ".join(parts) + (f" — {warning}" if warning else "") + ")"


def _with_intervals(scores: pd.DataFrame) -> pd.DataFrame:
    """The scores with an interval for F1 (f1_ci) and a small-sample warning (caution)."""
    # imported on use, not at the top: start-up speed
    import pandas as pd

    from ptce_coding.analysis.uncertainty import caution, f1_interval

    intervals, cautions = [], []
    for row in scores.to_dict(orient="records"):
        if row["level"] == "macro" or (pd.isna(row["recall"]) and pd.isna(row["precision"])):
            intervals.append("")
        else:
            hits = round((0.0 if pd.isna(row["recall"]) else row["recall"]) * row["support"])
            interval = f1_interval(hits, row["predicted"] - hits, row["support"] - hits)
            intervals.append(f"{interval.low:.2f}–{interval.high:.2f}" if interval else "")
        cautions.append(caution(row["support"]) if row["level"] != "macro" else "")
    return scores.assign(f1_ci=intervals, caution=cautions)


@cli.command()
@click.option(
    "--order",
    type=click.Choice(["document", "uncertainty", "confidence"]),
    default="document",
    show_default=True,
    help="uncertainty: closest to the model's decision boundary first (active learning).",
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
    help="Accept every suggestion with at least this confidence (asks first).",
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
) -> None:
    """Accept or reject suggestions, one at a time, in the terminal or in a spreadsheet.

    Keys: a accept, r reject, s skip, u undo the last decision, q quit. Every decision
    records who and when. --export / --import make the same review in Excel.

    A suggestion right about the code but not about the passage: ( starts it one sentence
    earlier, [ one later, ] ends it one sentence earlier, ) one later, then a accepts it on
    that passage. Right about the passage but not the code: m moves it to another code
    (searched by words of its label or id). Both are written in the history.

    With `assignments` in project.yaml, a coder reviews the suggestions of their own
    documents; on a document of the double-coding sample each coder decides every
    suggestion without seeing the other's decision (`agreement` then compares them).

    Example:

    \b
        ptce-coding review --order uncertainty --method model --coder alice
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.evolution.codebook_ops import check_orphans

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
            from ptce_coding.app.workflow import stored_documents

            documents = stored_documents(store, documents)
        filters = {"codes": codes, "methods": methods, "documents": documents}
        if import_file is not None:
            # imported on use, not at the top: start-up speed
            from ptce_coding.review.sheet import import_review

            done = import_review(store, import_file, reviewer)
            info(
                f"Recorded {done.accepted} accepted and {done.rejected} rejected by {reviewer} "
                f"({done.undecided} rows without a decision)"
            )
            return
        plan = review_queue.coder_plan(store, project.assignments, reviewer)
        if plan is not None and (
            unmatched := review_queue.unmatched_note(store, project.assignments)
        ):
            info(unmatched)
        queue = review_queue.pending(
            store,
            order=order,
            **filters,
            coder=reviewer if plan else None,
            plan=plan,
            above=book.above,
        )
        if export_file is not None:
            # imported on use, not at the top: start-up speed
            from ptce_coding.review.sheet import export_review

            export_review(queue, book, export_file)
            info(
                f"Wrote {len(queue)} suggestions to {export_file}; fill `decision` "
                f"(accept/reject) and run `ptce-coding review --import {export_file}`"
            )
            return
        if accept_above is not None:
            chosen = review_queue.accept_above(
                store, accept_above, reviewer, plan=plan, dry_run=True, **filters
            )
            if not chosen:
                info(f"No pending suggestion has a confidence of at least {accept_above}")
                return
            if not yes:
                click.confirm(
                    f"Accept {len(chosen)} suggestions as {reviewer}?", abort=True, err=True
                )
            review_queue.accept_all(store, chosen, reviewer)
            info(f"Accepted {len(chosen)} suggestions as {reviewer}")
            return
        _review_loop(store, book, queue, reviewer)


def _refuse_unused_review_options(accepting: bool, importing: bool) -> None:
    """The options `review` would ignore: a workbook's decisions are recorded whole (no
    filter, no order); --yes only confirms --accept-above, whose order does not matter."""
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


def _review_loop(store: Store, book: Codebook, queue: list[Suggestion], reviewer: str) -> None:

    if not queue:
        info("Nothing to review.")
        return
    history: list[tuple[int, Suggestion]] = []  # (position, suggestion) of decisions made
    made: dict[int, str] = {}  # position -> accept, passage (accepted on another passage),
    # reject, move or skip, as it stands now
    undone = 0
    position = 0
    shown: Suggestion | None = None
    while position < len(queue):
        suggestion = queue[position]
        if shown is None or shown.id != suggestion.id:
            shown = suggestion
        _show(store, book, shown, position, len(queue))
        key = _ask()
        if key == "quit":
            break
        if key == "undo":
            if not history:
                info("Nothing to undo.")
                continue
            position, back = history.pop()
            review_queue.undo(store, back.id, reviewer)
            undone += 1
            shown = None
            for later in [p for p in made if p >= position]:  # shown again from here
                del made[later]
            info(f"Undone: {back.code} on {back.document} is pending again.")
            continue
        if key in review_queue.SPAN_STEPS:
            try:
                start, end = review_queue.reshape(
                    store, shown.document, (shown.start, shown.end), key
                )
            except PtceError as exc:
                info(str(exc))
                continue
            found = store.document(shown.document)
            if found is None:  # removed by another command meanwhile
                raise PtceError(f"unknown document {shown.document!r}")
            text = found.text[start:end]
            shown = replace(shown, start=start, end=end, text=text)
            continue
        span = (shown.start, shown.end)
        edited = span != (suggestion.start, suggestion.end)
        if key == "move":
            code = _choose_code(book)
            if code is None:
                continue
            review_queue.move(store, suggestion.id, code, reviewer, book, span=span)
            info(f"Moved to {code}: the suggestion of {suggestion.code} is rejected.")
            history.append((position, suggestion))
        elif key == "accept" and edited:
            review_queue.accept_on(store, suggestion.id, reviewer, span)
            history.append((position, suggestion))
            key = "passage"
        elif key in ("accept", "reject"):
            review_queue.decide(store, suggestion.id, key, reviewer)
            history.append((position, suggestion))
        made[position] = key
        position += 1
    counts = Counter(made.values())
    info(
        f"{counts['accept'] + counts['passage']} accepted ({counts['passage']} on another "
        f"passage), {counts['reject']} rejected, {counts['move']} moved to another code, "
        f"{counts['skip']} skipped, {undone} undone by {reviewer}; "
        f"{len(queue) - position} left"
    )


def _choose_code(book: Codebook) -> str | None:
    """The code a suggestion moves to: searched by words of its id or label."""

    query = click.prompt(
        "Move to which code? (words of its label or id)", default="", show_default=False
    )
    found = review_queue.find_codes(book, query)
    if not found or not query.strip():
        info("No code matches: nothing was changed.")
        return None
    if len(found) == 1:
        return found[0][0]
    for number, (code, label) in enumerate(found, start=1):
        click.echo(f"  {number}. {code} — {label}")
    choice = click.prompt("Number (0: none)", type=click.IntRange(0, len(found)), default=0)
    return found[choice - 1][0] if choice else None


def _ask() -> str:
    click.echo(
        "[a]ccept  [r]eject  [m]ove to another code  passage: ( [ ] )  [s]kip  [u]ndo  [q]uit ? ",
        nl=False,
    )
    while True:
        # a pipe or a test runner gives its keys on standard input; a terminal key by key
        key = (click.getchar() if sys.stdin.isatty() else sys.stdin.read(1)).lower()
        if key in KEYS:
            click.echo(key)
            return KEYS[key]
        if key in ("", "\x04"):  # end of input
            click.echo("q")
            return "quit"


def _show(store: Store, book: Codebook, suggestion: Suggestion, position: int, total: int) -> None:
    # imported on use, not at the top: start-up speed
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    around = review_queue.context(store, suggestion)
    code = book.get(suggestion.code) if suggestion.code in book else None
    confidence = (
        "" if suggestion.confidence is None else f" · confidence {suggestion.confidence:.2f}"
    )
    console.rule(f"{position + 1}/{total} · {suggestion.document} ({suggestion.case})")
    if around.previous:
        previous = f"{around.previous_speaker or ''}: {_cut(around.previous)}"
        console.print(Text(previous, style="dim"))
    passage = Text(suggestion.text)
    for start, end in review_queue.evidence_spans(suggestion):
        passage.stylize("bold reverse", start, end)
    console.print(Text(f"{around.speaker or ''}: ", style="bold") + passage)
    if around.next:
        console.print(Text(f"{around.next_speaker or ''}: {_cut(around.next)}", style="dim"))
    console.print(
        Text(f"→ {suggestion.code} — {code.label if code else '?'}", style="bold cyan")
        + Text(f"  [{suggestion.method}{confidence}]")
    )
    if code and code.retired:  # suggested before the code was retired (codebook retire/split)
        console.print(
            Text(
                "  a retired code: no longer offered for coding; [m]ove the suggestion to "
                "another code, or accept it as it is",
                style="bold yellow",
            )
        )
    if code and code.definition:
        console.print(Text(f"  {code.definition}", style="italic"))
    if suggestion.evidence:
        click.echo(f"  evidence: {suggestion.evidence}")


def _cut(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


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
    from ptce_coding.evolution.codebook_ops import check_orphans

    _refuse_unused_evaluate_options(level, taggers)
    book = project.load_codebook()
    with project.open_store(create=False) as store:
        check_orphans(store, book)
        with working("Evaluating"):
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
            )
    if result.language_note:
        info(f"Note: {result.language_note}.")
    if result.not_scored:
        info(f"Note: {result.not_scored}.")
    folds_said = f"; model: {len(result.folds)} folds by {group}" if result.folds else ""
    info(
        f"{result.segments} segments of {result.documents} human-coded or reviewed documents "
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
    rules = scores[(scores["tagger"] == "rules") & (scores["level"] == "micro")]
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
