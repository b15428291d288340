"""The rules weighed by the model, scored by grouped cross-validation (`evaluate --tagger
weighed`), beside the rules alone by the same folds.

After `suggest`, a rule finding's confidence holds the model's reading (tagging/model_evidence.py),
but not on the segments the group coded: the model learned from them. To score what the rules
suggest once weighed, each fold's model is trained on the other groups (cases or documents),
reads the held-out ones, and the rules run again with its reading and with the rules' record
against the other groups' coding and review decisions only (the held-out documents' decisions
are what they are scored on; a suggestion accepted by threshold is no decision there, as it is
not in the gold: unread_reference.py); their suggestions on the held-out documents are kept in
memory (the store is not changed) and scored like the other taggers'. Every held-out passage is read
as on a project with no review decision: `code` makes no suggestion where a reviewer decided,
but here an accepted suggestion the rules find again is a hit, a rejected one a false
positive. The same run without the model's reading (``rules-cv``) is the fair comparison: the
stored rule suggestions that `evaluate` scores as ``rules`` were weighed by the rules' record
against the very coding they are scored on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from ptce_coding.analysis.unread_reference import as_suggested
from ptce_coding.base.language import DocCache, load_pipeline
from ptce_coding.base.progress import Progress, part_of
from ptce_coding.base.records import CodingRow
from ptce_coding.codebook.model import Codebook
from ptce_coding.store import Store
from ptce_coding.tagging.model_evidence import model_view
from ptce_coding.tagging.relevance import rule_records
from ptce_coding.tagging.rule_coding import Scoring, code_with_rules
from ptce_coding.tagging.rules import RuleTagger
from ptce_coding.tagging.saved_model import segment_coder
from ptce_coding.tagging.settings import CodingSettings, ModelSettings
from ptce_coding.tagging.training_data import (
    SegmentItem,
    frame,
    human_spans,
    label_matrix,
)


@dataclass(frozen=True)
class Scored:
    """What `evaluate` scores on: the segments, their gold labels (n × codes), the codes, each
    segment's group (case or document), the human codings behind the gold and the codebook's
    examples (texts, labels) the model trains on too; ``unread``: the suggestions accepted
    by threshold ({coding id: threshold}), which weigh no rule (not in the gold either)."""

    items: list[SegmentItem]
    gold: np.ndarray
    codes: list[str]
    groups: list[str]
    human_rows: list[CodingRow]
    examples: tuple[pd.DataFrame, np.ndarray | None]
    unread: Mapping[int, float] = field(default_factory=dict)


def weighed_rules(
    store: Store,
    codebook: Codebook,
    coding: CodingSettings,
    cache_folder: Path,
    scored: Scored,
    folds: int,
    settings: ModelSettings,
    progress: Progress | None = None,
) -> dict[str, np.ndarray]:
    """Out-of-fold decisions (n × codes, 0/1) of the rules by the same folds, without the model
    (``rules-cv``: their record against the other groups' coding and review decisions only)
    and weighed by each fold's model (``weighed``), on every held-out passage, decided or not;
    ``progress`` counts each fold's fits."""
    items, gold, codes, groups = scored.items, scored.gold, scored.codes, scored.groups
    human_rows, examples = scored.human_rows, scored.examples
    nlp = load_pipeline()
    tagger = RuleTagger(codebook, nlp)
    cache = DocCache(cache_folder / "docs", nlp)
    rule_rows = as_suggested(store.coding_rows(methods=["rule"], with_text=False), scored.unread)
    predicted = {name: np.zeros_like(gold) for name in ("rules-cv", "weighed")}
    splitter = GroupKFold(n_splits=min(folds, len(set(groups))))
    splits = splitter.split(np.zeros(len(items)), groups=groups)
    for index, (train, test) in enumerate(splits):
        unknown = np.full_like(gold, -1)
        unknown[train] = gold[train]  # the held-out segments are what the model reads
        try:
            model = segment_coder(settings).fit(
                frame([items[i] for i in train]),
                gold[train],
                codes,
                groups=[groups[i] for i in train],
                examples=examples[0],
                example_labels=examples[1],
                progress=part_of(progress, index, splitter.get_n_splits()),
            )
            view = model_view(model, items, unknown, codes)
        except ValueError:
            view = None  # nothing labelled in this fold's training part: the rules alone
        tested = {items[i].document for i in test}
        scoring = Scoring(
            min_confidence=coding.min_confidence,
            sentence_vectors=coding.sentence_vectors,
            vectors_folder=cache_folder / "vectors",
            # the held-out documents' review decisions are their gold: they weigh no rule
            records=rule_records(r for r in rule_rows if r.document not in tested),
            human=human_spans(r for r in human_rows if r.document not in tested),
            write=False,
            skip_decided=False,  # `code` skips the decided passages; scored here, they count
        )
        views = {"rules-cv": None, "weighed": view}
        for name, view in views.items():
            run = code_with_rules(
                store,
                codebook,
                tagger,
                cache,
                interviewer_turns=coding.interviewer_turns,
                scoring=replace(scoring, model=view),
            )
            rows = [
                CodingRow(0, c.document, "", c.start, c.end, c.code, c.coder, c.method, "accepted")
                for _, c in run.suggestions
                if c.document in tested
            ]
            predicted[name][test] = label_matrix(
                [items[i] for i in test], codes, rows, coded_documents=tested, above=codebook.above
            )
    return predicted
