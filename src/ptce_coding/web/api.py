"""The JSON API the pages call: manual codings (add, change, remove one's own) and review
decisions, recorded through the store and ``review_queue`` as the CLI records them.

A page says what it showed (``seen``: the coding's document, code and passage; for a new
coding, the hash of the document's text), and a change is refused when the store holds
something else there now: a suggestion a new run of the taggers no longer makes is deleted
(one made again keeps its id, its reading updated), and a re-imported document's offsets
move, so a page loaded before would otherwise decide a suggestion its reviewer never saw, or
code another passage than the one selected.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ptce_coding.base.records import CodingRow, Document
from ptce_coding.codebook.model import Codebook
from ptce_coding.review import queue as review_queue
from ptce_coding.review.coder_plan import coder_plan, refuse_unassigned
from ptce_coding.review.passage_steps import reshape
from ptce_coding.store import Store
from ptce_coding.store.manual import NotYourCoding
from ptce_coding.web.blind import visible_codings
from ptce_coding.web.context import context
from ptce_coding.web.french import NOTHING_RECORDED, RELOAD, PageRefusal, close_codes, guillemets
from ptce_coding.web.review_page import review_context

MAX_ID = 2**63 - 1  # SQLite's largest integer: no coding has a greater id
SEEN_FIELDS = ("document", "code", "start", "end")


class StalePage(PageRefusal):
    """What the page shows is no longer what the store holds: nothing was recorded."""


class NotYourDecision(PageRefusal, NotYourCoding):
    """Another coder's review decision: only they can undo it."""


def _body(request: Request, raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        raise PageRefusal("le corps de la requête n'est pas du JSON") from None
    if not isinstance(data, dict):
        raise PageRefusal("le corps de la requête doit être un objet JSON")
    try:  # a lone surrogate (« \\ud800 ») is valid JSON but no text SQLite can store
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise PageRefusal(
            "le corps de la requête contient un demi-caractère UTF-16 isolé "
            "(\\ud800-\\udfff) : ce n'est pas du texte"
        ) from None
    return data


def _coding_id(request: Request) -> int:
    coding_id = int(request.path_params["id"])
    if coding_id > MAX_ID:  # SQLite cannot even look for it
        raise PageRefusal(f"aucun codage {coding_id}", hint=RELOAD)
    return coding_id


def _int(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise PageRefusal(f"{guillemets(key)} doit être un nombre entier, pas {value!r}")
    return value


def _usable_code(codebook: Codebook, code: object) -> str:
    if not isinstance(code, str) or code not in codebook:
        close = close_codes(codebook, code) if isinstance(code, str) else ""
        raise PageRefusal(
            f"code inconnu {guillemets(code)}{close}", hint="Choisissez un code du livre de codes."
        )
    if codebook.get(code).retired:
        raise PageRefusal(
            f"le code {code} est retiré : il reste pour l'historique, plus pour coder"
        )
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
        raise PageRefusal(
            f"aucun codage {coding_id} : il a été supprimé, ou son document, depuis que la "
            f"page a été chargée (par une autre commande ou un autre codeur) ; {NOTHING_RECORDED}",
            hint=RELOAD,
        )
    return row


def _seen(data: dict[str, Any]) -> dict[str, Any] | None:
    """What the page showed, if it says (``document``, ``code``, ``start``, ``end`` of the
    coding, ``text_hash`` of the document)."""
    seen = data.get("seen")
    if seen is None:
        return None
    if not isinstance(seen, dict):
        raise PageRefusal(f"« seen » doit être un objet JSON, pas {seen!r}")
    for key in ("start", "end"):
        if key in seen:
            _int(seen, key)
    for key in ("document", "code", "text_hash"):
        if key in seen and not isinstance(seen[key], str):
            raise PageRefusal(f"{guillemets(key)} doit être un texte, pas {seen[key]!r}")
    return seen


def _as_seen(store: Store, data: dict[str, Any], row: CodingRow) -> None:
    """Refuse a change to ``row`` when the page showed another coding under its id, or this
    one on another passage (``seen``: its document, code, start and end as the page shows
    them)."""
    seen = _seen(data)
    if seen is None:
        return
    shown = {key: seen[key] for key in SEEN_FIELDS if key in seen}
    if isinstance(shown.get("document"), str):
        shown["document"] = store.stored_document_name(shown["document"])
    now = {"document": row.document, "code": row.code, "start": row.start, "end": row.end}
    if all(now[key] == value for key, value in shown.items()):
        return
    raise StalePage(
        f"le codage {row.id} n'est plus ce que la page montre ({_describe({**now, **shown})} ; "
        f"maintenant {_describe(now)}) : les suggestions ont été refaites, ou le document "
        f"importé à nouveau, depuis que la page a été chargée ; {NOTHING_RECORDED}.",
        hint=RELOAD,
    )


def _describe(coding: dict[str, Any]) -> str:
    return f"{coding['code']} en {coding['start']}-{coding['end']} de {coding['document']}"


def _same_text(data: dict[str, Any], document: Document) -> None:
    """Refuse offsets taken on a text the document no longer has (imported again since)."""
    seen = _seen(data)
    if seen is None or "text_hash" not in seen or seen["text_hash"] == document.text_hash:
        return
    raise StalePage(
        f"le document {document.name} a été importé à nouveau depuis que la page a été "
        "chargée : son texte a changé, et le passage sélectionné peut s'y trouver ailleurs "
        "maintenant ; "
        f"{NOTHING_RECORDED}.",
        hint="Rechargez la page et sélectionnez à nouveau le passage.",
    )


def list_codings(request: Request) -> JSONResponse:
    """The document's codings as its page shows them: on a document double-coded blind,
    not the other coder's codings and decisions."""
    ctx = context(request)
    name = request.path_params["name"]
    codebook = ctx.codebook()
    with ctx.store() as store:
        found = store.document(name)
        if found is None:
            raise PageRefusal(f"aucun document {guillemets(name)} dans le projet")
        rows, _ = visible_codings(store, ctx, found.name, codebook)  # as stored: NFC or NFD
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
        raise PageRefusal("« document » doit être le nom d'un document")
    with ctx.store() as store, store.transaction():
        found = store.document(document)
        if found is None:
            raise PageRefusal(
                f"aucun document {guillemets(document)} dans le projet : supprimé depuis que "
                f"la page a été chargée ? {NOTHING_RECORDED.capitalize()}.",
                hint="Rechargez la liste des documents.",
            )
        _same_text(data, found)
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
    coding_id = _coding_id(request)
    with ctx.store() as store, store.transaction():
        row = _existing(store, coding_id)
        _as_seen(store, data, row)
        before = store.change_manual_coding(coding_id, code, ctx.coder)
    return JSONResponse({"id": coding_id, "before": before, "code": code})


async def delete_coding(request: Request) -> JSONResponse:
    data = _body(request, await request.body())
    return await _threaded(request, _delete, data)


def _delete(request: Request, data: dict[str, Any]) -> JSONResponse:
    ctx = context(request)
    coding_id = _coding_id(request)
    with ctx.store() as store, store.transaction():
        _as_seen(store, data, _existing(store, coding_id))
        removed = store.delete_manual_coding(coding_id, ctx.coder)
    return JSONResponse({"id": coding_id, "removed": removed.as_dict()})


async def review_decision(request: Request) -> JSONResponse:
    data = _body(request, await request.body())
    return await _threaded(request, _decide, data)


def _decide(request: Request, data: dict[str, Any]) -> JSONResponse:
    ctx = context(request)
    coding_id = _coding_id(request)
    choice = str(data.get("decision"))
    span = (_int(data, "start"), _int(data, "end")) if "start" in data else None
    codebook = ctx.codebook() if choice == "move" else None  # read before the store is held
    with ctx.store() as store, store.transaction():
        suggestion = _existing(store, coding_id)
        _as_seen(store, data, review_queue.as_shown_to(store, suggestion, ctx.coder))
        plan = coder_plan(store, ctx.project.assignments)
        refuse_unassigned(plan, ctx.coder, suggestion.document)
        if codebook is not None:  # move: right passage, wrong code; the reviewer's code takes it
            code = _usable_code(codebook, data.get("code"))
            moved = review_queue.move(store, coding_id, code, ctx.coder, codebook, span)
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
    coding_id = _coding_id(request)
    with ctx.store() as store:
        row = _existing(store, coding_id)
        _as_seen(store, data, review_queue.as_shown_to(store, row, ctx.coder))
        start, end = reshape(
            store, row.document, (_int(data, "start"), _int(data, "end")), str(data.get("step"))
        )
        found = store.document(row.document)
        if found is None:  # removed by another command meanwhile
            raise PageRefusal(f"aucun document {guillemets(row.document)} dans le projet")
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
    coding_id = _coding_id(request)
    with ctx.store() as store, store.transaction():
        if store.decision_of(coding_id, ctx.coder) is None:  # its own row may outlive it
            row = _existing(store, coding_id)
            if row.reviewed_by and row.reviewed_by != ctx.coder:
                raise NotYourDecision(
                    f"le codage {coding_id} a été décidé par {row.reviewed_by}, pas par "
                    f"{ctx.coder} : seul·e {row.reviewed_by} peut annuler cette décision ; rien "
                    "n'a été modifié.",
                    hint="Chaque codeur·se n'annule que ses propres décisions.",
                )
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
