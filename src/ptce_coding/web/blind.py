"""Blind double coding on the page (assignments.py): on a document two coders code blind,
neither sees the other's codings and decisions, in the document, the JSON list of its
codings, the counts of the list of documents and of the codebook, the matrix and its
quotations. A coder outside the pair (a supervisor) sees everything."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ptce_coding.base.records import CodingRow
from ptce_coding.codebook.model import Codebook
from ptce_coding.review import queue as review_queue
from ptce_coding.store import Store
from ptce_coding.web.context import WebContext


def visible_codings(
    store: Store, ctx: WebContext, name: str, codebook: Codebook
) -> tuple[list[CodingRow], bool]:
    """The codings of document ``name`` this coder may see, and whether the document is
    double-coded blind for them: then only their own codings and decisions, and the
    suggestions they have still to decide (another coder's decision shown as undecided)."""
    codings = store.coding_rows(documents=[name])
    plan = review_queue.coder_plan(store, ctx.project.assignments)
    blind = plan is not None and len(plan.get(name, ())) >= 2 and ctx.coder in plan[name]
    if not blind:
        return codings, False
    waiting = {
        s.id
        for s in review_queue.pending(
            store, documents=[name], coder=ctx.coder, plan=plan, above=codebook.above
        )
    }
    return [
        _blind(c) if c.id in waiting else c
        for c in codings
        if c.id in waiting or c.coder == ctx.coder or c.reviewed_by == ctx.coder
    ], True


def _blind(coding: CodingRow) -> CodingRow:
    """A suggestion another coder decided, shown to this coder as still to decide."""
    return replace(
        coding,
        status="suggested",
        coder=coding.machine,
        reviewed_by=None,
        reviewed_at=None,
        suggested_by=None,
    )


def hidden_coders(plan: dict[str, tuple[str, ...]] | None, coder: str) -> dict[str, set[str]]:
    """The documents double-coded blind with ``coder`` (``plan``: ``coder_plan``), each with
    the other coders, whose codings and decisions there ``coder`` must not see."""
    return {
        document: set(coders) - {coder}
        for document, coders in (plan or {}).items()
        if len(coders) >= 2 and coder in coders
    }


def not_blind(store: Store, ctx: WebContext, codings: pd.DataFrame) -> pd.DataFrame:
    """``codings`` less those of the other coders of the documents double-coded blind with
    this coder: the matrix and its quotations would tell their decisions."""
    hidden = hidden_coders(review_queue.coder_plan(store, ctx.project.assignments), ctx.coder)
    if not hidden or codings.empty:
        return codings
    keep = [
        coder not in hidden.get(document, ())
        for document, coder in zip(codings["document"], codings["coder"], strict=True)
    ]
    return codings[keep]
