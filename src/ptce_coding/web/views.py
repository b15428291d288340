"""The pages: documents by case, a document, the codebook; the routes of every page (the
review page is ``review_page``'s, the matrix ``matrix_pages``')."""

from __future__ import annotations

from collections import Counter, defaultdict

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ptce_coding.base.records import DocumentProgress
from ptce_coding.review.coder_plan import coder_plan, coder_progress
from ptce_coding.web.blind import hidden_coders, seen_rows, visible_codings
from ptce_coding.web.code_views import (
    METHODS_FR,
    axis_colours,
    code_view,
    coding_title,
    decided_by,
    offered_codes,
    piece_style,
)
from ptce_coding.web.context import context
from ptce_coding.web.french import STATUSES_FR
from ptce_coding.web.matrix_pages import matrix_cell_page, matrix_page
from ptce_coding.web.names import page_names
from ptce_coding.web.rendering import render
from ptce_coding.web.review_page import review_page
from ptce_coding.web.transcript import turns


def documents_page(request: Request) -> Response:
    ctx = context(request)
    with ctx.store() as store:
        rows = store.document_progress()
        plan = coder_plan(store, ctx.project.assignments)
        mine = (
            {r["document"]: r for r in coder_progress(store, plan, [ctx.coder])}
            if plan is not None
            else None
        )
        names = page_names(store)
    by_case: dict[str, list[DocumentProgress]] = defaultdict(list)
    for row in rows:
        by_case[row.case].append(row)
    return render(
        request,
        "documents.html",
        cases=dict(by_case),
        names=names,
        page="documents",
        mine=mine,
        # their counts hold the other coder's decisions: only « Pour vous » is shown
        blind=set(hidden_coders(plan, ctx.coder)),
    )


def document_page(request: Request) -> Response:
    ctx = context(request)
    name = request.path_params["name"]
    codebook = ctx.codebook()
    with ctx.store() as store:
        document = store.document(name)
        if document is None:
            raise HTTPException(404, f"Aucun document « {name} » dans le projet.")
        segments = store.segments(document.id)
        # by its stored name: the address may spell it otherwise (NFD), and the assignments
        # that say whether it is coded blind know the stored name only
        codings, blind = visible_codings(store, ctx, document.name, codebook)
        codings = [c for c in codings if c.status != "rejected"]
        names = page_names(store)
        marks = store.threshold_acceptances()  # accepted by threshold: nobody read them
    suggested = sum(c.status == "suggested" for c in codings)
    show_suggestions = request.query_params.get("suggestions") != "non"
    if not show_suggestions:
        codings = [c for c in codings if c.status != "suggested"]
    colours = axis_colours(codebook)
    views = {c.id: code_view(codebook, c.code, colours) for c in codings}
    mine = {c.id for c in codings if c.method == "manual" and c.coder == ctx.coder}
    by_id = {c.id: c for c in codings}
    return render(
        request,
        "document.html",
        page="document",
        document=document,
        names=names,
        turns=turns(document.text, segments, codings),
        codings=codings,
        views=views,
        mine=mine,
        suggested=suggested,
        show_suggestions=show_suggestions,
        piece_style=lambda piece: piece_style([by_id[i] for i in piece.codings], views),
        piece_title=lambda piece: "\n".join(
            coding_title(by_id[i], views[i], marks.get(i)) for i in piece.codings
        ),
        codes=offered_codes(codebook, colours),
        methods=METHODS_FR,
        statuses=STATUSES_FR,
        decided_by=lambda coding: decided_by(coding, marks.get(coding.id)),
        blind=blind,
    )


def codebook_page(request: Request) -> Response:
    ctx = context(request)
    codebook = ctx.codebook()
    with ctx.store() as store:
        counts = Counter(
            (row.code, row.status)
            for row in seen_rows(store, ctx, store.coding_rows(with_text=False))
        )
    colours = axis_colours(codebook)
    codes = [
        {
            "code": code,
            "depth": depth,
            "colour": code_view(codebook, code.id, colours)["colour"],
            "accepted": counts[(code.id, "accepted")],
            "suggested": counts[(code.id, "suggested")],
        }
        for depth, code in codebook.walk()
    ]
    return render(request, "codebook.html", page="codebook", codes=codes, book=codebook)


ROUTES = [
    Route("/", documents_page, name="documents"),
    Route("/document/{name:path}", document_page, name="document"),
    Route("/revue", review_page, name="review"),
    Route("/livre-de-codes", codebook_page, name="codebook"),
    Route("/matrice", matrix_page, name="matrix"),
    Route("/matrice/cellule", matrix_cell_page, name="matrix_cell"),
]
