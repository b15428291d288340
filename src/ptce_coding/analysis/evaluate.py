"""The taggers against accepted human coding and review decisions, at segment level.

Gold: accepted codings made by humans (method manual or import; ``coders`` restricts them) on
the documents they coded, where a segment has a code when such a coding overlaps it and not
the other codes; and the review decisions on suggestions (by the ``coders``, if given): an
accepted suggestion is a positive, a rejected one a negative, for that code on that segment
only (the other codes of a reviewed segment stay unknown and are not scored). A suggestion
accepted by threshold (`review --accept-above`) is no decision of the reference: nobody read it,
and it is the tagger's own judgement (unread_reference.py); ``Evaluation.left_unread`` says how
many are left out. In a document its reviewer coded by hand, its passage is unknown for its
code, not a negative of that coder's coding (own_threshold.py). The rules are
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

import numpy as np
import pandas as pd

from ptce_coding.analysis.frames import segments_frame
from ptce_coding.analysis.model_folds import Fold, cross_validated, enough_groups
from ptce_coding.analysis.own_threshold import own_acceptances_unknown
from ptce_coding.analysis.tagger_scores import scores_table
from ptce_coding.analysis.unlearned_codes import (
    MODEL,
    Unlearned,
    not_learned,
)
from ptce_coding.analysis.unread_reference import LeftUnread, as_suggested, read_decisions
from ptce_coding.analysis.weighed_rules import Scored, weighed_rules
from ptce_coding.base.coder_selection import RESERVED_CODERS, STRUCTURE_CODER, CoderSelection
from ptce_coding.base.errors import PtceError
from ptce_coding.base.progress import Progress, part_of
from ptce_coding.base.records import HUMAN_METHODS, CodingRow
from ptce_coding.base.selected_codings import select_rows
from ptce_coding.codebook.model import Codebook
from ptce_coding.store import Store
from ptce_coding.tagging.classifier_coding import examples_for, language_cache, remember_vectors
from ptce_coding.tagging.learned_codes import codebook_codes
from ptce_coding.tagging.relevance import evidence_rules, rule_records
from ptce_coding.tagging.rule_coding import rules_moved
from ptce_coding.tagging.settings import CodingSettings, ModelSettings
from ptce_coding.tagging.training_data import (
    frame,
    human_coded_documents,
    label_matrix,
    segment_items,
    unread_codings,
)

GROUPINGS = ("case", "document")
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
    # the suggestions accepted by threshold left out of the reference: nobody read them
    left_unread: LeftUnread | None = None
    # of those, the ones on a document their reviewer coded by hand: there their passage is
    # unknown for their code (not scored), not a negative of that coder's coding
    own_unknown: int = 0


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
    marks = store.threshold_acceptances()  # accepted by threshold: nobody read them
    every = [
        row
        for row in store.coding_rows(
            statuses=["accepted", "rejected"], methods=["rule", "model"], with_text=False
        )
        if not coders or row.reviewed_by in coders
    ]
    decisions, left_unread = read_decisions(every, marks)
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
        if selection.coders:  # the acceptances by threshold said: the selection's coders'
            mine = [row for row in every if row.reviewed_by in selection.coders]
            left_unread = read_decisions(mine, marks)[1]
        # a decision a consensus cut is its pieces, one id (selected_codings.py)
        decided = len({row.id for row in decisions if row.method in ("rule", "model")})
    # the interview's structure (structure.py) is no one's coding: the taggers are not
    # asked to find its codes, and a document it alone marks is not human-coded
    human_rows = [row for row in human_rows if row.coder != STRUCTURE_CODER]
    if not human_rows and not decisions:
        unread = f" ({left_unread.sentence()})" if left_unread else ""
        raise PtceError(
            f"no accepted human coding nor review decision to evaluate against{unread}",
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
    # an acceptance by threshold in a document its reviewer coded by hand: unknown there
    gold, own_unknown = own_acceptances_unknown(
        items, codes, gold, [*human_rows, *decisions], [r for r in every if r.id in marks], above
    )
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
        enough_groups(groups, folds, group)  # refused with the hint of this grouping
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
        enough_groups(groups, folds, group)
        scored_on = Scored(items, gold, codes, groups, human_rows, examples, marks)
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
        # a rule's record in review counts the decisions read, as `code` weighs it
        rule_table(
            as_suggested(store.coding_rows(methods=["rule"], with_text=False), marks),
            rules_moved(store, codebook),
        ),
        decided,
        not_scored,
        unread_codings(items, [*human_rows, *decisions]),
        len(scored - set(coded)),
        unlearned,
        left_unread,
        own_unknown,
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
