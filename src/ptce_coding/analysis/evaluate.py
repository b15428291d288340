"""The taggers against accepted human coding and review decisions, at segment level.

Gold: accepted codings made by humans (method manual or import; ``coders`` restricts them) on
the documents they coded, where a segment has a code when such a coding overlaps it and not
the other codes; and the review decisions on suggestions (by the ``coders``, if given): an
accepted suggestion is a positive, a rejected one a negative, for that code on that segment
only (the other codes of a reviewed segment stay unknown and are not scored). The rules are
scored by their suggestions (whatever their review status: what the rules proposed). The model
is scored by grouped K-fold cross-validation: each fold's model is trained on the other groups
(cases by default, or documents) and codes the held-out ones, so no interview is ever both in
training and test. ``weighed`` (asked for): the rules weighed by each fold's model, by the
same folds, beside the rules alone by those folds (``rules-cv``; weighed_rules.py). A coding
counts for the codes above its own too. Per code and per top-level axis (a segment has an axis
when it has any code under it): precision, recall, F1, support; micro and macro averages over
codes. A code the model had not learned where its coded segments are tested (too few of them
in the folds' training parts: it cannot suggest it there) is *not learned*
(unlearned_codes.py): its model row has no recall nor F1, the model's macro average leaves it
out, and its coded segments count as misses in the micro recall; ``score_notes`` says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from ptce_coding.analysis.frames import segments_frame
from ptce_coding.analysis.unlearned_codes import (
    MODEL,
    Unlearned,
    code_note,
    macro_note,
    micro_note,
    not_learned,
    some_codes,
)
from ptce_coding.analysis.weighed_rules import Scored, weighed_rules
from ptce_coding.base.coder_selection import RESERVED_CODERS, STRUCTURE_CODER, CoderSelection
from ptce_coding.base.errors import PtceError
from ptce_coding.base.progress import Progress, part_of
from ptce_coding.base.records import HUMAN_METHODS, CodingRow
from ptce_coding.base.selected_codings import select_rows
from ptce_coding.codebook.model import Codebook
from ptce_coding.store import Store
from ptce_coding.tagging.classifier_coding import (
    codebook_codes,
    examples_for,
    language_cache,
    remember_vectors,
)
from ptce_coding.tagging.relevance import evidence_rules, rule_records
from ptce_coding.tagging.rule_coding import rules_moved
from ptce_coding.tagging.saved_model import segment_coder
from ptce_coding.tagging.settings import CodingSettings, ModelSettings
from ptce_coding.tagging.training_data import (
    frame,
    human_coded_documents,
    label_matrix,
    segment_items,
    unread_codings,
)

GROUPINGS = ("case", "document")
COLUMNS = ["tagger", "level", "code", "precision", "recall", "f1", "support", "predicted"]
RULE_COLUMNS = ["rule", "code", "fires", "accepted", "rejected", "precision", "demoted"]


@dataclass(frozen=True)
class EvaluationPlan:
    """What is evaluated and against whom: the ``taggers`` (rules, model, weighed); the model's
    ``folds``, grouped by ``group`` (case or document) so that no group is both trained on
    and tested; the gold: the accepted codings and review decisions of ``coders`` (None:
    every human coder), or those of a coder ``selection`` with its consensus (issue 18)."""

    group: str = "case"
    folds: int = 5
    taggers: Sequence[str] = ("rules", "model")
    coders: Sequence[str] | None = None
    selection: CoderSelection | None = None


@dataclass(frozen=True)
class Fold:
    train_groups: tuple[str, ...]
    test_groups: tuple[str, ...]
    learned: tuple[str, ...] = ()  # the codes this fold's model learned (its ``codes_``)


@dataclass(frozen=True)
class Evaluation:
    scores: pd.DataFrame  # COLUMNS; level: code, axis, micro, macro
    folds: tuple[Fold, ...]
    segments: int  # segments with a gold label: those the scores rest on
    documents: int
    language_note: str | None
    rules: pd.DataFrame  # RULE_COLUMNS: per rule, its suggestions and their review
    decisions: int = 0  # review decisions counted in the gold
    not_scored: str | None = None  # why a tagger asked for by default was left out
    unread: int = 0  # gold codings on no segment the taggers read (interviewer turns)
    # scored documents with review decisions but no manual coding: there the gold holds only
    # what a tagger suggested, so the rules' recall cannot fall short of it
    reviewed_only: int = 0
    # the model's codes with coded segments tested where it had not learned them
    unlearned: tuple[Unlearned, ...] = ()


def evaluate(
    store: Store,
    codebook: Codebook,
    coding: CodingSettings,
    cache_folder: Path,
    *,
    plan: EvaluationPlan = EvaluationPlan(),
    settings: ModelSettings | None = None,
    progress: Progress | None = None,
) -> Evaluation:
    """The taggers' suggestions scored against the human gold, as ``plan`` says;
    ``progress(done, total)`` counts the models' fits, code by code and fold by fold."""
    group, folds, taggers = plan.group, plan.folds, plan.taggers
    coders, selection = plan.coders, plan.selection
    if group not in GROUPINGS:
        raise PtceError(f"unknown grouping {group!r}", hint="Use case or document.")
    settings = settings or ModelSettings()
    human_rows = store.coding_rows(
        statuses=["accepted"],
        methods=HUMAN_METHODS,
        coders=list(coders) if coders else None,
        with_text=False,
    )
    decisions = [
        row
        for row in store.coding_rows(
            statuses=["accepted", "rejected"], methods=["rule", "model"], with_text=False
        )
        if not coders or row.reviewed_by in coders
    ]
    decided = len(decisions)
    if coders:
        _refuse_unknown_coders(store, coders)
    if selection is not None and selection.chosen:  # issue 18: whose coding is the gold
        human_rows = select_rows(
            store.coding_rows(methods=HUMAN_METHODS, with_text=False),
            selection,
            ("accepted",),
            segments_frame(store, with_text=False),
        )
        decisions = selected_decisions(store, decisions, selection)
        # a decision a consensus cut is its pieces, one id (selected_codings.py)
        decided = len({row.id for row in decisions if row.method in ("rule", "model")})
    # the interview's structure (structure.py) is no one's coding: the taggers are not
    # asked to find its codes, and a document it alone marks is not human-coded
    human_rows = [row for row in human_rows if row.coder != STRUCTURE_CODER]
    if not human_rows and not decisions:
        raise PtceError(
            "no accepted human coding nor review decision to evaluate against",
            hint="Import a coder's codings first: `ptce-coding codings import FILE --coder NAME`"
            ", or review suggestions (`ptce-coding review`).",
        )
    cache, note = language_cache(cache_folder, coding.language)
    coded = human_coded_documents(human_rows)
    scored = set(coded) | {row.document for row in decisions}
    items = segment_items(store, cache, interviewer_turns=coding.interviewer_turns)
    items = [item for item in items if item.document in scored]
    codes = codebook_codes(codebook)
    above = codebook.above  # a passage coded with a code is about the codes above it too
    gold = label_matrix(items, codes, [*human_rows, *decisions], coded_documents=coded, above=above)
    predictions: dict[str, np.ndarray] = {}
    fold_list: tuple[Fold, ...] = ()
    if "rules" in taggers:
        rule_rows = store.coding_rows(methods=["rule"], documents=sorted(scored), with_text=False)
        rule_rows = [replace(row, status="accepted") for row in rule_rows]
        predictions["rules"] = label_matrix(
            items, codes, rule_rows, coded_documents=scored, above=above
        )
    groups = [item.case if group == "case" else item.document for item in items]
    not_scored = None
    if "model" in taggers and "rules" in taggers and len(set(groups)) < 2:
        # the rules can be scored on a single case; the model cannot be cross-validated
        taggers = [name for name in taggers if name != "model"]
        not_scored = (
            f"the model is not scored: cross-validation needs the coding of 2 {group}s at "
            f"least, and it covers 1 ({groups[0] if groups else 'none'}); evaluate with "
            "--group document, or code documents of another case"
            if group == "case"
            else "the model is not scored: cross-validation needs the coding of 2 documents "
            "at least, and it covers 1; code or review another document"
        )
    if "model" in taggers or "weighed" in taggers:
        examples = examples_for(codebook, codes, cache.nlp, settings)
        remember_vectors(cache_folder, settings, items, examples[0])
    fitting = [name for name in ("model", "weighed") if name in taggers]
    unlearned: tuple[Unlearned, ...] = ()
    if "model" in taggers:
        _enough_groups(groups, folds, group)  # refused with the hint of this grouping
        predictions["model"], fold_list = cross_validated(
            frame(items),
            gold,
            codes,
            groups,
            folds,
            settings,
            examples,
            part_of(progress, fitting.index("model"), len(fitting)),
        )
        unlearned = not_learned(gold, codes, groups, fold_list, settings.min_positive)
    if "weighed" in taggers:
        _enough_groups(groups, folds, group)
        scored_on = Scored(items, gold, codes, groups, human_rows, examples)
        cross_validated_rules = weighed_rules(
            store,
            codebook,
            coding,
            cache_folder,
            scored_on,
            folds,
            settings,
            part_of(progress, fitting.index("weighed"), len(fitting)),
        )
        predictions.update(cross_validated_rules)
    frames = [
        scores_table(name, gold, pred, codes, codebook, unlearned if name == MODEL else ())
        for name, pred in predictions.items()
    ]
    return Evaluation(
        pd.concat(frames, ignore_index=True),
        fold_list,
        # the segments scored: a coded document's part after its last coding, and the other
        # segments of a reviewed one, have no gold label
        int((gold != -1).any(axis=1).sum()),
        len(scored),
        note,
        rule_table(
            store.coding_rows(methods=["rule"], with_text=False), rules_moved(store, codebook)
        ),
        decided,
        not_scored,
        unread_codings(items, [*human_rows, *decisions]),
        len(scored - set(coded)),
        unlearned,
    )


def selected_decisions(
    store: Store, decisions: list[CodingRow], selection: CoderSelection
) -> list[CodingRow]:
    """The review decisions a coder selection counts (issue 18): those its coders took (a
    decision is its reviewer's), less those a consensus decision of the same code overrides;
    the consensus's own decisions (yes and no) count in their place."""
    as_reviewer = [replace(row, coder=row.reviewed_by or row.coder) for row in decisions]
    consensus = (
        store.coding_rows(
            statuses=["accepted", "rejected"],
            methods=HUMAN_METHODS,
            coders=[selection.consensus],
            with_text=False,
        )
        if selection.consensus
        else []
    )
    return select_rows(
        [*as_reviewer, *consensus],
        selection,
        ("accepted", "rejected"),
        segments_frame(store, with_text=False),
    )


def rule_table(rule_rows: list[CodingRow], moved: dict[str, str] | None = None) -> pd.DataFrame:
    """Per rule: the suggestions it took part in (``fires``, whatever their status), how
    reviewers decided on them, its precision in review (accepted / decided) and whether it is
    demoted (mostly rejected: its matches count less in ``code``). ``moved``
    (``rule_coding.rules_moved``): each rule under the id it has now, after a rename, move or
    merge of its code."""
    fires: Counter[str] = Counter()
    owner: dict[str, str] = {}
    for row in rule_rows:
        if row.origin:  # issue 18: a second coder's decision on a suggestion that fired
            continue
        for rule in {(moved or {}).get(r, r) for r in evidence_rules(row.evidence)}:
            fires[rule] += 1
            owner.setdefault(rule, row.code)
    records = rule_records(rule_rows, moved)
    rows = []
    for rule in sorted(fires):
        record = records.get(rule)
        accepted, rejected = (record.accepted, record.rejected) if record else (0, 0)
        decided = accepted + rejected
        rows.append(
            {
                "rule": rule,
                "code": owner[rule],
                "fires": fires[rule],
                "accepted": accepted,
                "rejected": rejected,
                "precision": accepted / decided if decided else float("nan"),
                "demoted": bool(record and record.demoted),
            }
        )
    return pd.DataFrame(rows, columns=RULE_COLUMNS)


def _refuse_unknown_coders(store: Store, coders: Sequence[str]) -> None:
    """A reference coder (--coder) who neither coded nor reviewed anything: a typo, or
    codings not imported yet; refused rather than evaluated against nothing."""
    rows = store.coding_rows(with_text=False)
    known = {row.coder for row in rows} | {row.reviewed_by for row in rows if row.reviewed_by}
    absent = [name for name in coders if name not in known]
    if absent:
        humans = sorted(known - set(RESERVED_CODERS))
        raise PtceError(
            f"no coding nor review decision by {', '.join(absent)} in the store: nothing to "
            "evaluate against",
            hint=f"Coders: {', '.join(humans) or '(none yet)'}. Import their codings first "
            "(`ptce-coding codings import FILE --coder NAME`) or review suggestions "
            "(`ptce-coding review --coder NAME`).",
        )


def _enough_groups(groups: list[str], folds: int, group: str = "case") -> int:
    """The number of folds: at most ``folds``, one group at least in each; at least 2. The
    groups are cases or documents (``group``), which the hint follows."""
    names = set(groups)
    if min(folds, len(names)) < 2:
        raise PtceError(
            f"cross-validation needs at least 2 groups; the human coding covers {len(names)}",
            hint="Evaluate with --group document, or code documents of another case."
            if group == "case"
            else "Code or review another document.",
        )
    return min(folds, len(names))


def cross_validated(
    texts: pd.DataFrame,
    gold: np.ndarray,
    codes: list[str],
    groups: list[str],
    folds: int,
    settings: ModelSettings,
    examples: tuple[pd.DataFrame, np.ndarray | None] | None = None,
    progress: Progress | None = None,
) -> tuple[np.ndarray, tuple[Fold, ...]]:
    """Out-of-fold decisions of the model, folds made of whole groups; the codebook's
    ``examples`` (texts, labels) join every fold's training part; ``progress`` counts each
    fold's fits."""
    n_splits = _enough_groups(groups, folds)
    given, given_labels = examples if examples is not None else ((), None)
    predicted = np.zeros_like(gold)
    done = []
    splitter = GroupKFold(n_splits=n_splits)
    for index, (train, test) in enumerate(splitter.split(texts, groups=groups)):
        fold = Fold(
            tuple(sorted({groups[i] for i in train})), tuple(sorted({groups[i] for i in test}))
        )
        model = segment_coder(settings)
        try:
            model.fit(
                texts.iloc[train],
                gold[train],
                codes,
                groups=[groups[i] for i in train],
                examples=given,
                example_labels=given_labels,
                progress=part_of(progress, index, n_splits),
            )
        except ValueError:
            done.append(fold)  # nothing labelled in this fold's training part: it predicts nothing
            continue
        done.append(replace(fold, learned=tuple(model.codes_)))
        if model.codes_:
            decisions = model.predict(texts.iloc[test])
            for j, code in enumerate(model.codes_):
                predicted[test, codes.index(code)] = decisions[:, j]
    return predicted, tuple(done)


def scores_table(
    tagger: str,
    gold: np.ndarray,
    predicted: np.ndarray,
    codes: list[str],
    codebook: Codebook,
    unlearned: Sequence[Unlearned] = (),
) -> pd.DataFrame:
    """Per code (with support or predictions), per axis, micro and macro over codes. Cells
    whose gold is unknown (-1: a reviewed segment, for the codes nobody decided there) are not
    scored. A code ``unlearned`` never where it is tested (``Unlearned.never``) has no recall
    nor F1 and is left out of the macro average; its coded segments stay misses in the axis
    and micro rows (the model did not find them)."""
    never = {u.code for u in unlearned if u.never}
    known = gold != -1
    gold, predicted = (gold == 1), (predicted == 1) & known
    rows = []
    used = [j for j in range(len(codes)) if gold[:, j].any() or predicted[:, j].any()]
    for j in used:
        row = _scores(tagger, "code", codes[j], gold[:, j], predicted[:, j])
        if codes[j] in never:
            row.update(recall=float("nan"), f1=float("nan"))
        rows.append(row)
    for axis in codebook.top_level():
        members = [j for j in used if codebook.ancestors(codes[j])[0] == axis.id]
        if members:
            rows.append(
                _scores(
                    tagger,
                    "axis",
                    axis.id,
                    np.asarray(gold[:, members].any(axis=1)),
                    np.asarray(predicted[:, members].any(axis=1)),
                )
            )
    # every code scored above: a suggestion of a code nobody put there is a false positive
    # in the micro average as in that code's row
    rows.append(
        _scores(tagger, "micro", "(all codes)", gold[:, used].ravel(), predicted[:, used].ravel())
    )
    code_rows = [
        r for r in rows if r["level"] == "code" and r["support"] > 0 and r["code"] not in never
    ]
    rows.append(
        {
            "tagger": tagger,
            "level": "macro",
            "code": "(all codes)",
            "precision": _mean([r["precision"] for r in code_rows]),
            "recall": _mean([r["recall"] for r in code_rows]),
            "f1": _mean([r["f1"] for r in code_rows]),
            "support": sum(r["support"] for r in code_rows),
            "predicted": sum(r["predicted"] for r in code_rows),
        }
    )
    return pd.DataFrame(rows, columns=COLUMNS)


def _scores(
    tagger: str, level: str, code: str, gold: np.ndarray, predicted: np.ndarray
) -> dict[str, Any]:
    true_positives = int((gold & predicted).sum())
    support, count = int(gold.sum()), int(predicted.sum())
    precision = true_positives / count if count else float("nan")
    recall = true_positives / support if support else float("nan")
    # no example: recall, and F1 with it, are undefined (a 0 there would read as a failure
    # measured on examples; the precision still says how many predictions were wrong)
    f1 = 2 * true_positives / (support + count) if support else float("nan")
    return {
        "tagger": tagger,
        "level": level,
        "code": code,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "support": support,
        "predicted": count,
    }


def score_notes(scores: pd.DataFrame, unlearned: Sequence[Unlearned] = ()) -> list[str]:
    """Per row of a scores table, what is undefined in it and why (else ""): a code's
    precision when nothing was predicted, its recall and F1 when it has no example; the macro
    average's precision or recall when it is the mean of fewer codes than its F1. The
    model's rows say what ``unlearned`` means for them: a code not learned where it is tested
    (no F1), one partly so (misses it could not avoid), over how many codes its macro
    average is, and that the micro recall counts the unlearned codes' segments as misses."""
    notes = []
    by_code = {u.code: u for u in unlearned}
    for row in scores.to_dict(orient="records"):
        mine = by_code if row["tagger"] == MODEL else {}
        if row["level"] == "macro":
            codes = scores[
                (scores["tagger"] == row["tagger"])
                & (scores["level"] == "code")
                & (scores["support"] > 0)
            ]
            notes.append(_macro_note(codes, [u for u in mine.values() if u.never]))
            continue
        if row["level"] == "micro":
            notes.append(micro_note(row, [u for u in mine.values() if u.never]))
            continue
        said = []
        missing = mine.get(row["code"]) if row["level"] == "code" else None
        if missing is not None and missing.never:
            said.append(code_note(missing))
        if pd.isna(row["precision"]):
            said.append("precision undefined: nothing predicted")
        if pd.isna(row["recall"]) and not (missing is not None and missing.never):
            said.append("recall and F1 undefined: no example")
        if missing is not None and not missing.never:
            said.append(code_note(missing))
        notes.append("; ".join(said))
    return notes


def _macro_note(codes: pd.DataFrame, never: Sequence[Unlearned] = ()) -> str:
    said = [macro_note(len(codes), never)] if never else []
    codes = codes[~codes["code"].isin([u.code for u in never])]
    for name, why in (("precision", "nothing predicted"), ("recall", "no example")):
        undefined = codes[codes[name].isna()]
        if len(undefined):
            said.append(
                f"{name}: mean of {len(codes) - len(undefined)} of {len(codes)} codes "
                f"(undefined for {some_codes(list(undefined['code']))}: {why})"
            )
    return "; ".join(said)


def _mean(values: list[float]) -> float:
    kept = [v for v in values if v == v]
    return sum(kept) / len(kept) if kept else float("nan")
