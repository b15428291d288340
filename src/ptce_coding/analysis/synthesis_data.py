"""What the synthesis report reads from the store, gathered once as plain data.

The report (report/) never opens the store: app/workflow.py calls :func:`synthesis_data`
and hands the result to ``report.publish.write_report``, which builds the report's content
from it (``report.synthesis.build_synthesis``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ptce_coding.analysis.frames import codings_frame, segments_frame
from ptce_coding.base.records import MemoRow
from ptce_coding.store import Store
from ptce_coding.store.recoding import SET_ASIDE


@dataclass(frozen=True)
class SynthesisData:
    """The store's content as the report reads it: every segment and coding (with their
    texts), the attributes, the memos and the codebook's history."""

    segments: pd.DataFrame  # frames.segments_frame: every segment, its text and words
    codings: pd.DataFrame  # frames.codings_frame: every coding of every coder and status
    cases: dict[str, dict[str, Any]]  # case -> attributes (cases.csv)
    documents: dict[str, tuple[str, dict[str, Any]]]  # document -> (case, attributes)
    memos: list[MemoRow] = field(default_factory=list)
    codebook_versions: list[str] = field(default_factory=list)  # versions coded with
    codebook_changes: list[dict[str, Any]] = field(default_factory=list)  # oldest first
    # {coding id: threshold} of the codings accepted by threshold, not read one by one
    # (Store.threshold_acceptances, analysis/unread_codings.py)
    threshold_acceptances: dict[int, float] = field(default_factory=dict)


def codebook_changes(
    events: list[dict[str, Any]], present: Collection[int] = ()
) -> list[dict[str, Any]]:
    """The codebook operations of the store's journal: day, actor and what was done. A
    change that set consensus decisions aside (evolution/consensus_carry.py) has them in
    ``set_aside_decisions``, each with its coding id, document, code (before the change),
    coder and whether it is ``back`` (among ``present``, the ids of the codings stored now:
    `codebook undo` or `history --restore` put it back)."""
    aside: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        details = event["details"]
        if event["action"] == SET_ASIDE and details.get("journal"):
            aside[str(details["journal"])].append(
                {
                    "coding": details.get("coding"),
                    "document": details.get("document"),
                    "code": details.get("code"),
                    "coder": details.get("coder"),
                    "back": details.get("coding") in present,
                }
            )
    changes = []
    for event in events:
        if event["action"] != "codebook.change":
            continue
        change = {"at": event["at"][:10], "actor": event["actor"], **event["details"]}
        if change.get("journal") in aside:
            change["set_aside_decisions"] = aside[str(change["journal"])]
        changes.append(change)
    return changes


def synthesis_data(store: Store) -> SynthesisData:
    """Everything the report needs from ``store``, read once."""
    codings = codings_frame(store)
    return SynthesisData(
        segments=segments_frame(store),
        codings=codings,
        cases=store.cases(),
        documents={d.name: (d.case, d.attributes) for d in store.documents()},
        memos=store.memos(),
        codebook_versions=store.codebook_versions(),
        codebook_changes=codebook_changes(store.events(), set(codings["id"].tolist())),
        threshold_acceptances=store.threshold_acceptances(),
    )
