"""The review page: the suggestions waiting for this coder, in the order asked, each with
the text around it."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ptce_coding.review import queue as review_queue
from ptce_coding.review.coder_plan import coder_plan
from ptce_coding.web.code_views import METHODS_FR, axis_colours, code_view, offered_codes
from ptce_coding.web.context import context
from ptce_coding.web.french import PageRefusal, guillemets
from ptce_coding.web.names import page_names
from ptce_coding.web.rendering import render

ORDERS_FR = {
    "document": "ordre de lecture",
    "uncertainty": "les plus incertaines d'abord",
    "confidence": "les plus sûres d'abord",
}
CONTEXT_CHARS = 160
REVIEW_PAGE = 300  # suggestions sent to the page at once; the rest come after a reload


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
    return render(
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
        codes=offered_codes(codebook, colours),
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
