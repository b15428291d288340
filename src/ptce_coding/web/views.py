"""The pages: documents by case, a document, the review queue, the codebook, the matrix."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ptce_coding.analysis.matrices import case_code_matrix
from ptce_coding.app.matrix_job import MatrixRequest, selected
from ptce_coding.base.charts import CASE_COLOURS
from ptce_coding.base.coder_selection import hidden_character
from ptce_coding.base.records import CodingRow, DocumentProgress
from ptce_coding.base.selected_codings import coders_used, one_per_coding
from ptce_coding.codebook.model import Codebook
from ptce_coding.report.formatting import names_agreeing
from ptce_coding.report.labels import whose_coding
from ptce_coding.report.method_facts import pending_sentence
from ptce_coding.review import queue as review_queue
from ptce_coding.review.coder_plan import coder_plan, coder_progress
from ptce_coding.store import Store
from ptce_coding.web import french
from ptce_coding.web.blind import hidden_coders, not_blind, seen_rows, visible_codings
from ptce_coding.web.cell import NOT_READ, cell_passages
from ptce_coding.web.context import WebContext, base, context
from ptce_coding.web.french import STATUSES_FR, PageRefusal, close_codes, guillemets
from ptce_coding.web.names import page_names
from ptce_coding.web.transcript import turns

METHODS_FR = {"manual": "manuel", "rule": "règle", "model": "modèle", "import": "import"}
ORDERS_FR = {
    "document": "ordre de lecture",
    "uncertainty": "les plus incertaines d'abord",
    "confidence": "les plus sûres d'abord",
}
CONTEXT_CHARS = 160
LINE_PX = 2  # one underline per coding of a passage
MAX_LINES = 4  # more would cover the next line of text
REVIEW_PAGE = 300  # suggestions sent to the page at once; the rest come after a reload


def axis_colours(codebook: Codebook) -> dict[str, str]:
    """A colour per top-level code (axis): the codebook's own ``color`` if given, else the
    report's palette in codebook order."""
    return {
        code.id: code.color or CASE_COLOURS[i % len(CASE_COLOURS)]
        for i, code in enumerate(codebook.top_level())
    }


def code_view(codebook: Codebook, code_id: str, colours: dict[str, str]) -> dict[str, str]:
    """Label, axis and colour of a code id (an id no longer in the codebook stays visible)."""
    if code_id not in codebook:
        return {"id": code_id, "label": code_id, "axis": "", "colour": "#777777", "definition": ""}
    code = codebook.get(code_id)
    axis = codebook.ancestors(code_id)[0]
    return {
        "id": code_id,
        "label": code.label,
        "axis": axis,
        "colour": colours.get(axis, "#777777"),
        "definition": code.definition,
    }


def piece_style(codings: list[CodingRow], views: dict[int, dict[str, str]]) -> str:
    """Every coding draws a line of its axis colour under the text, so overlapping codings
    stay visible (one line each, up to ``MAX_LINES``; the tooltip lists them all); human and
    accepted codings also tint the text, while a suggestion only underlines it (``views``:
    each coding's ``code_view`` by id)."""
    colours = [views[c.id]["colour"] for c in codings][:MAX_LINES]
    lines = ", ".join(
        f"inset 0 -{LINE_PX * (n + 1)}px 0 0 {colour}" for n, colour in enumerate(colours)
    )
    tint = next((views[c.id]["colour"] for c in codings if c.status == "accepted"), None)
    background = f"background-color: {tint}33; " if tint else ""
    return f"{background}box-shadow: {lines}; padding-bottom: {LINE_PX * len(colours)}px"


def decided_by(coding: CodingRow, threshold: float | None = None) -> str:
    """Who decided a reviewed suggestion, and when: « acceptée par X le 2026-12-06
    (suggérée par rules) »; empty for a coding never reviewed. ``threshold``: the one it
    was accepted at, when `review --accept-above` accepted it (« acceptée par seuil
    (confiance ≥ 0,8) par X le 2026-12-06, non lue une à une »)."""
    if not coding.reviewed_by:
        return ""
    verb = "acceptée" if coding.status == "accepted" else "rejetée"
    if threshold is not None and coding.status == "accepted":
        verb += f" par seuil (confiance ≥ {threshold:g})".replace(".", ",")
    text = f"{verb} par {coding.reviewed_by} le {(coding.reviewed_at or '')[:10]}"
    if threshold is not None and coding.status == "accepted":
        text += f", {NOT_READ}"
    if coding.suggested_by:
        text += f" (suggérée par {coding.suggested_by})"
    return text


def coding_title(coding: CodingRow, view: dict[str, str], threshold: float | None = None) -> str:
    """What hovering a coded passage tells: code, coder, method, status, confidence, evidence
    (``view``: the code's ``code_view``; ``threshold``: ``decided_by``'s)."""
    parts = [
        f"{view['label']} ({coding.code})",
        coding.coder,
        METHODS_FR.get(coding.method, coding.method),
        STATUSES_FR.get(coding.status, coding.status),
    ]
    decision = decided_by(coding, threshold)
    if decision:
        parts.append(decision)
    if coding.confidence is not None:
        parts.append(f"confiance {coding.confidence:.2f}".replace(".", ","))
    if coding.evidence:
        parts.append(f"indice : {french.evidence(coding.evidence)}")
    return " · ".join(parts)


def _render(request: Request, name: str, **values: Any) -> Response:
    return request.app.state.templates.TemplateResponse(request, name, {**base(request), **values})


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
    return _render(
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
    return _render(
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
        codes=_codes(codebook, colours),
        methods=METHODS_FR,
        statuses=STATUSES_FR,
        decided_by=lambda coding: decided_by(coding, marks.get(coding.id)),
        blind=blind,
    )


def _codes(codebook: Codebook, colours: dict[str, str]) -> list[dict[str, Any]]:
    """Codes a coder may choose (retired ones are not offered), in tree order."""
    return [
        {**code_view(codebook, code.id, colours), "depth": depth}
        for depth, code in codebook.walk()
        if not code.retired
    ]


def review_page(request: Request) -> Response:
    ctx = context(request)
    order = request.query_params.get("ordre") or "document"  # an empty field: the default
    method = request.query_params.get("methode", "")
    document = request.query_params.get("document", "")
    if method not in ("", "rule", "model"):  # a hand-typed address: refused, not ignored
        raise PageRefusal(
            f"méthode inconnue {guillemets(method)} pour la file de revue",
            hint="Mettez methode=rule (les règles), methode=model (le modèle), ou rien pour "
            "les deux.",
        )
    codebook = ctx.codebook()
    colours = axis_colours(codebook)
    with ctx.store() as store:
        if document:
            found = store.document(document)
            if found is None:
                raise HTTPException(404, f"Aucun document « {document} » dans le projet.")
            document = found.name  # as stored (the address may spell it in NFD)
        plan = coder_plan(store, ctx.project.assignments)
        items = review_queue.pending(
            store,
            order=order,
            methods=[method] if method else None,
            documents=[document] if document else None,
            coder=ctx.coder if plan is not None else None,
            plan=plan,
            above=codebook.above,
        )
        if plan is None:  # one queue for all: still, not where this coder coded the code
            items = review_queue.without_own_codings(store, items, ctx.coder, codebook.above)
        texts = store.document_texts()
        names = page_names(store)
    # a document of another coder's: its queue is theirs, not empty
    others = (
        None
        if plan is None or not document or ctx.coder in plan.get(document, ())
        else plan.get(document, ())
    )
    # a coder the assignments give no document: the queue is the others', not empty
    assigned = sorted({coder for coders in (plan or {}).values() for coder in coders})
    unassigned = assigned if plan is not None and ctx.coder not in assigned else None
    shown = []
    for item in items[:REVIEW_PAGE]:
        text = texts[item.document]
        shown.append(
            {
                "item": item,
                "view": code_view(codebook, item.code, colours),
                **review_context(text, item.start, item.end),
            }
        )
    return _render(
        request,
        "review.html",
        page="review",
        items=shown,
        names=names,
        total=len(items),
        order=order,
        orders=ORDERS_FR,
        method=method,
        methods=METHODS_FR,
        document=document,
        others=others,
        unassigned=unassigned,
        codes=_codes(codebook, colours),
    )


def review_context(text: str, start: int, end: int) -> dict[str, str]:
    """Up to ``CONTEXT_CHARS`` around a passage, cut at the blank lines that separate turns
    (the passage's own turn, with its speaker label); « … » where the turn goes on."""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    cut_before = "\n\n" not in before and start > CONTEXT_CHARS
    cut_after = "\n\n" not in after and end + CONTEXT_CHARS < len(text)
    before = before.rsplit("\n\n", 1)[-1]
    after = after.split("\n\n", 1)[0]
    return {
        "before": ("…" if cut_before and before else "") + before,
        "after": after + ("…" if cut_after and after else ""),
    }


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
    return _render(request, "codebook.html", page="codebook", codes=codes, book=codebook)


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
    return _render(
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
    return _render(
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


ROUTES = [
    Route("/", documents_page, name="documents"),
    Route("/document/{name:path}", document_page, name="document"),
    Route("/revue", review_page, name="review"),
    Route("/livre-de-codes", codebook_page, name="codebook"),
    Route("/matrice", matrix_page, name="matrix"),
    Route("/matrice/cellule", matrix_cell_page, name="matrix_cell"),
]
