"""The matrix page (cases × axes, whose codings it counts) and one of its cells (the
passages it counts)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ptce_coding.analysis.matrices import case_code_matrix
from ptce_coding.app.matrix_job import MatrixRequest, selected
from ptce_coding.base.coder_selection import hidden_character
from ptce_coding.base.selected_codings import coders_used, one_per_coding
from ptce_coding.report.formatting import names_agreeing
from ptce_coding.report.labels import whose_coding
from ptce_coding.report.method_facts import pending_sentence
from ptce_coding.store import Store
from ptce_coding.web.blind import not_blind
from ptce_coding.web.cell import cell_passages
from ptce_coding.web.code_views import axis_colours, code_view
from ptce_coding.web.context import WebContext, context
from ptce_coding.web.french import PageRefusal, close_codes, guillemets
from ptce_coding.web.names import page_names
from ptce_coding.web.rendering import render


def _matrix_request(request: Request) -> Any:
    """The matrix the page's query asks for: statut=all adds the suggestions; codeurs=a,b
    and consensus=x choose whose coding counts (default: the project's analysis setting)."""
    status = request.query_params.get("statut") or "accepted"
    if status not in ("accepted", "all"):  # a hand-typed address: refused, not ignored
        raise PageRefusal(
            f"statut inconnu {guillemets(status)} pour la matrice",
            hint="Mettez statut=accepted (codages acceptés) ou statut=all (avec les suggestions).",
        )
    # a field given twice (codeurs=a&codeurs=b) adds its names rather than keeping the last
    coders = ",".join(v for v in request.query_params.getlist("codeurs") if v.strip())
    consensus = [v for v in request.query_params.getlist("consensus") if v.strip()]
    if len(consensus) > 1:
        raise PageRefusal(
            f"un seul nom de consensus, pas {len(consensus)} : {', '.join(consensus)}",
            hint="Donnez un seul nom dans le champ Consensus.",
        )
    for name in [*coders.split(","), *consensus]:
        hidden = hidden_character(name)
        if hidden:
            raise PageRefusal(
                f"le nom {guillemets(name)} contient un caractère de contrôle ou invisible "
                f"({hidden})",
                hint="Tapez le nom à nouveau, en lettres ordinaires.",
            )
    if coders and not coders.replace(",", "").strip():
        raise PageRefusal("le champ Codeurs demande au moins un nom (ou : all)")
    selection = context(request).project.analysis.with_options(
        coders or None, consensus[0] if consensus else None
    )
    return MatrixRequest(value="count", level=1, status=status, selection=selection)


def _selection_query(request: Request) -> str:
    """The page's choice of coders, to carry in its links (``&codeurs=…&consensus=…``)."""
    kept = {
        k: request.query_params[k] for k in ("codeurs", "consensus") if request.query_params.get(k)
    }
    return "&" + urlencode(kept) if kept else ""


def matrix_page(request: Request) -> Response:
    ctx = context(request)
    codebook = ctx.codebook()
    matrix_request = _matrix_request(request)
    with ctx.store() as store:
        segments, codings = selected(store, matrix_request)
        codings = not_blind(store, ctx, codings, matrix_request, with_text=False)
        coders = sorted({row.coder for row in store.coding_rows(with_text=False)})
        waiting = _waiting(store, ctx, matrix_request)
        names = page_names(store)
    matrix = case_code_matrix(segments, codings, codebook, rows="case", value="count", level=1)
    selection = matrix_request.selection
    used = coders_used(codings, selection)
    colours = axis_colours(codebook)
    axes = [code_view(codebook, str(c), colours) for c in matrix.columns]
    rows = [
        (str(case), names.pole(case), [int(v) for v in matrix.loc[case].tolist()])
        for case in matrix.index
    ]
    return render(
        request,
        "matrix.html",
        page="matrix",
        axes=axes,
        rows=rows,
        status=matrix_request.status,
        # in the report's words (its cover and method), for the same project
        whose=names_agreeing(
            whose_coding(
                selection,
                used,
                suggestions=matrix_request.status == "all",
                waiting=waiting > 0,
                shown_in="cette matrice",
            ),
            [*used, selection.consensus or ""],
        ),
        pending="" if matrix_request.status == "all" else pending_sentence(waiting),
        coders=coders,
        chosen=", ".join(selection.coders),
        consensus=selection.consensus or "",
        query=_selection_query(request),
    )


def _waiting(store: Store, ctx: WebContext, matrix_request: MatrixRequest) -> int:
    """The suggestions waiting for review among the codings the matrix could count, as the
    report counts them (``method_facts.waiting_suggestions``): those of the selection,
    counted or not."""
    every = replace(matrix_request, status="all")
    _, codings = selected(store, every)
    codings = not_blind(store, ctx, codings, every, with_text=False)
    return int((one_per_coding(codings)["status"] == "suggested").sum())


def matrix_cell_page(request: Request) -> Response:
    ctx = context(request)
    codebook = ctx.codebook()
    matrix_request = _matrix_request(request)
    case = request.query_params.get("cas", "")
    code = request.query_params.get("code", "")
    if code not in {c.id for c in codebook.top_level()}:  # a cell is a case × an axis
        raise PageRefusal(
            f"{guillemets(code)} n'est pas un axe (un code de premier niveau) du livre de codes"
            + (close_codes(codebook, code) if code else ""),
            hint="Choisissez une cellule de la matrice.",
        )
    with ctx.store() as store:
        if case not in store.cases():
            raise HTTPException(404, f"Aucun cas « {case} » dans le projet.")
        segments, codings = selected(store, matrix_request, with_text=True)
        codings = not_blind(store, ctx, codings, matrix_request, with_text=True)
        names = page_names(store)
        marks = store.threshold_acceptances()  # counted as their reviewer's, never read
    passages = cell_passages(segments, codings, codebook, (case, code), marks)
    return render(
        request,
        "cell.html",
        page="matrix",
        case=case,
        names=names,
        pole=names.pole(case),
        axis=code_view(codebook, code, axis_colours(codebook)),
        passages=passages,
        unread=sum(passage.unread for passage in passages),
        status=matrix_request.status,
        query=_selection_query(request),
    )
