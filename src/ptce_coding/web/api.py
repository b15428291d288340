"""The JSON API the pages call: manual codings (add, change, remove one's own) and review
decisions, recorded through the store and ``review_queue`` as the CLI records them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ptce_coding.base.errors import PtceError
from ptce_coding.base.records import CodingRow
from ptce_coding.codebook.model import Codebook
from ptce_coding.review import queue as review_queue
from ptce_coding.store import Store
from ptce_coding.web.blind import visible_codings
from ptce_coding.web.context import context
from ptce_coding.web.views import review_context


def _body(request: Request, raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        raise PtceError("the request body is not JSON") from None
    if not isinstance(data, dict):
        raise PtceError("the request body must be a JSON object")
    return data


def _int(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise PtceError(f"{key!r} must be an integer, not {value!r}")
    return value


def _usable_code(codebook: Codebook, code: object) -> str:
    if not isinstance(code, str) or code not in codebook:
        close = codebook.did_you_mean(code) if isinstance(code, str) else ""
        raise PtceError(f"unknown code {code!r}{close}", hint="Choose a code of the codebook.")
    if codebook.get(code).retired:
        raise PtceError(f"code {code} is retired: it is kept for history, not for new coding")
    return code


def _record_codebook(store: Any, codebook: Codebook) -> None:
    content = Path(codebook.path).read_text(encoding="utf-8") if codebook.path else ""
    with store.transaction():
        store.record_codebook(codebook.version, codebook.name, content)


def _existing(store: Store, coding_id: int) -> CodingRow:
    """The coding the page shows as ``coding_id``; gone when another command removed it (or
    its document) since the page was loaded."""
    row = store.coding_by_id(coding_id)
    if row is None:
        raise PtceError(
            f"no coding {coding_id}: it was removed, or its document was, since the page was "
            "loaded (by another command or coder); nothing was recorded",
            hint="Reload the page.",
        )
    return row


def list_codings(request: Request) -> JSONResponse:
    """The document's codings as its page shows them: on a document double-coded blind,
    not the other coder's codings and decisions."""
    ctx = context(request)
    name = request.path_params["name"]
    codebook = ctx.codebook()
    with ctx.store() as store:
        if store.document(name) is None:
            raise PtceError(f"unknown document {name!r}")
        rows, _ = visible_codings(store, ctx, name, codebook)
    return JSONResponse([row.as_dict() for row in rows])


async def add_coding(request: Request) -> JSONResponse:
    data = _body(request, await request.body())
    return await _threaded(request, _add, data)


def _add(request: Request, data: dict[str, Any]) -> JSONResponse:
    ctx = context(request)
    codebook = ctx.codebook()
    code = _usable_code(codebook, data.get("code"))
    document = data.get("document")
    if not isinstance(document, str):
        raise PtceError("'document' must be a document name")
    with ctx.store() as store:
        if store.document(document) is None:
            raise PtceError(
                f"unknown document {document!r}: removed since the page was loaded? "
                "Nothing was recorded",
                hint="Reload the list of documents.",
            )
        _record_codebook(store, codebook)
        coding_id = store.add_manual_coding(
            document,
            _int(data, "start"),
            _int(data, "end"),
            code,
            ctx.coder,
            codebook_version=codebook.version,
        )
        row = store.coding_by_id(coding_id)
    return JSONResponse(row.as_dict() if row else None, status_code=201)


async def change_coding(request: Request) -> JSONResponse:
    data = _body(request, await request.body())
    return await _threaded(request, _change, data)


def _change(request: Request, data: dict[str, Any]) -> JSONResponse:
    ctx = context(request)
    code = _usable_code(ctx.codebook(), data.get("code"))
    coding_id = int(request.path_params["id"])
    with ctx.store() as store:
        _existing(store, coding_id)
        before = store.change_manual_coding(coding_id, code, ctx.coder)
    return JSONResponse({"id": coding_id, "before": before, "code": code})


def delete_coding(request: Request) -> JSONResponse:
    ctx = context(request)
    coding_id = int(request.path_params["id"])
    with ctx.store() as store:
        _existing(store, coding_id)
        removed = store.delete_manual_coding(coding_id, ctx.coder)
    return JSONResponse({"id": coding_id, "removed": removed.as_dict()})


async def review_decision(request: Request) -> JSONResponse:
    data = _body(request, await request.body())
    return await _threaded(request, _decide, data)


def _decide(request: Request, data: dict[str, Any]) -> JSONResponse:
    ctx = context(request)
    coding_id = int(request.path_params["id"])
    choice = str(data.get("decision"))
    span = (_int(data, "start"), _int(data, "end")) if "start" in data else None
    with ctx.store() as store:
        suggestion = _existing(store, coding_id)
        plan = review_queue.coder_plan(store, ctx.project.assignments)
        review_queue.refuse_unassigned(plan, ctx.coder, suggestion.document)
        if choice == "move":  # right passage, wrong code: the reviewer's code takes it
            code = _usable_code(ctx.codebook(), data.get("code"))
            moved = review_queue.move(store, coding_id, code, ctx.coder, ctx.codebook(), span)
            return JSONResponse({"id": coding_id, "status": "rejected", "moved": moved})
        if choice == "accept" and span is not None:
            decision = review_queue.accept_on(store, coding_id, ctx.coder, span)
        else:
            decision = review_queue.decide(store, coding_id, choice, ctx.coder)
        row = store.coding_by_id(decision)
    return JSONResponse({"id": coding_id, "status": row.status if row else None})


async def review_passage(request: Request) -> JSONResponse:
    data = _body(request, await request.body())
    return await _threaded(request, _passage, data)


def _passage(request: Request, data: dict[str, Any]) -> JSONResponse:
    """The passage of a suggestion one sentence wider or narrower (nothing is recorded until
    the reviewer accepts it)."""
    ctx = context(request)
    coding_id = int(request.path_params["id"])
    with ctx.store() as store:
        row = _existing(store, coding_id)
        start, end = review_queue.reshape(
            store, row.document, (_int(data, "start"), _int(data, "end")), str(data.get("step"))
        )
        found = store.document(row.document)
        if found is None:  # removed by another command meanwhile
            raise PtceError(f"unknown document {row.document!r}")
        text = found.text
    return JSONResponse(
        {
            "id": coding_id,
            "start": start,
            "end": end,
            "text": text[start:end],
            **review_context(text, start, end),
        }
    )


def review_undo(request: Request) -> JSONResponse:
    ctx = context(request)
    coding_id = int(request.path_params["id"])
    with ctx.store() as store:
        if store.decision_of(coding_id, ctx.coder) is None:  # its own row may outlive it
            _existing(store, coding_id)
        before = review_queue.undo(store, coding_id, ctx.coder)
    return JSONResponse({"id": coding_id, "before": before, "status": "suggested"})


async def _threaded(request: Request, function: Any, data: dict[str, Any]) -> JSONResponse:
    """Run the store work of an async endpoint in a worker thread (sqlite3 blocks)."""
    return await run_in_threadpool(function, request, data)


ROUTES = [
    Route("/api/documents/{name:path}/codings", list_codings, methods=["GET"]),
    Route("/api/codings", add_coding, methods=["POST"]),
    Route("/api/codings/{id:int}", change_coding, methods=["POST", "PATCH"]),
    Route("/api/codings/{id:int}", delete_coding, methods=["DELETE"]),
    Route("/api/review/{id:int}", review_decision, methods=["POST"]),
    Route("/api/review/{id:int}/undo", review_undo, methods=["POST"]),
    Route("/api/review/{id:int}/passage", review_passage, methods=["POST"]),
]
