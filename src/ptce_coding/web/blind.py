"""Blind double coding on the page (assignments.py): on a document two coders code blind,
neither sees the other's codings and decisions, in the document, the JSON list of its
codings, the counts of the list of documents and of the codebook, the matrix and its
quotations. A coder outside the pair (a supervisor) sees everything."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ptce_coding.analysis.frames import rows_frame
from ptce_coding.analysis.matrices import STATUS_FILTERS
from ptce_coding.app.matrix_job import MatrixRequest
from ptce_coding.base.records import CodingRow
from ptce_coding.codebook.model import Codebook
from ptce_coding.review import queue as review_queue
from ptce_coding.review.coder_plan import coder_plan
from ptce_coding.review.suggestion import Suggestion
from ptce_coding.store import Store
from ptce_coding.web.context import WebContext


def visible_codings(
    store: Store, ctx: WebContext, name: str, codebook: Codebook
) -> tuple[list[CodingRow], bool]:
    """The codings of document ``name`` this coder may see, and whether the document is
    double-coded blind for them: then only their own codings and decisions, and the
    suggestions they have still to decide (another coder's decision shown as undecided)."""
    codings = store.coding_rows(documents=[name])
    plan = coder_plan(store, ctx.project.assignments)
    blind = plan is not None and len(plan.get(name, ())) >= 2 and ctx.coder in plan[name]
    if not blind:
        return codings, False
    waiting = {
        s.id: s
        for s in review_queue.pending(
            store, documents=[name], coder=ctx.coder, plan=plan, above=codebook.above
        )
    }
    return [
        _blind(c, waiting[c.id]) if c.id in waiting else c
        for c in codings
        if c.id in waiting or c.coder == ctx.coder or c.reviewed_by == ctx.coder
    ], True


def seen_rows(store: Store, ctx: WebContext, rows: list[CodingRow]) -> list[CodingRow]:
    """``rows`` as this coder may see them: on a document double-coded blind with them, the
    other coders' codings and decisions left out, and a suggestion they decided that this
    coder has still to decide shown as a suggestion (as ``visible_codings`` does)."""
    plan = coder_plan(store, ctx.project.assignments)
    hidden = hidden_coders(plan, ctx.coder)
    if not hidden:
        return rows
    waiting = {
        s.id: s for s in review_queue.pending(store, documents=hidden, coder=ctx.coder, plan=plan)
    }
    return [
        _blind(row, waiting[row.id]) if row.id in waiting else row
        for row in rows
        if row.id in waiting or not ({row.coder, row.reviewed_by} & hidden.get(row.document, set()))
    ]


def _blind(coding: CodingRow, suggestion: Suggestion) -> CodingRow:
    """A suggestion another coder decided, shown to this coder as still to decide: as the
    tagger made it (``suggestion``: from this coder's queue), on the passage suggested even
    when the other coder accepted it on another one."""
    return replace(
        coding,
        start=suggestion.start,
        end=suggestion.end,
        text=None if coding.text is None else suggestion.text,
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


def not_blind(
    store: Store, ctx: WebContext, codings: pd.DataFrame, request: MatrixRequest, with_text: bool
) -> pd.DataFrame:
    """``codings`` (``selected`` for ``request``) less those of the other coders of the
    documents double-coded blind with this coder: the matrix and its quotations would tell
    their decisions. When the request counts suggestions, a suggestion the other coder
    decided and this one has still to decide counts as a suggestion, as for them it is: left
    out, its absence would tell that the other decided it."""
    plan = coder_plan(store, ctx.project.assignments)
    hidden = hidden_coders(plan, ctx.coder)
    if not hidden:
        return codings
    shown = codings
    if not codings.empty:  # their codings, and their decisions that stay the tagger's rows
        keep = [
            coder not in hidden.get(document, ()) and reviewer not in hidden.get(document, ())
            for document, coder, reviewer in zip(
                codings["document"], codings["coder"], codings["reviewed_by"], strict=True
            )
        ]
        shown = codings[keep]
    if "suggested" not in STATUS_FILTERS[request.status]:
        return shown
    waiting = {
        s.id: s for s in review_queue.pending(store, documents=hidden, coder=ctx.coder, plan=plan)
    }
    chosen = request.selection.coders
    undecided = [
        _blind(row, waiting[row.id])
        for row in store.coding_rows(documents=hidden, with_text=with_text)
        if row.id in waiting
        and row.status != "suggested"
        and (not chosen or row.machine in chosen)
        and (not request.cases or row.case in request.cases)
    ]
    if not undecided:
        return shown
    again = rows_frame(undecided)
    if shown.empty:
        return again
    return pd.concat([shown[~shown["id"].isin(again["id"])], again], ignore_index=True)
