"""The local web application: pages and JSON API over one project's store.

Every request opens its own store connection in the thread that serves it (sqlite3 objects
never cross threads) and closes it at once: several coders, each with their own server, can
work on one project together (SQLite WAL, short transactions).
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ptce_coding.app.project import Project
from ptce_coding.base.coder_selection import coder_name_problem
from ptce_coding.base.errors import PtceError, StoreInUse
from ptce_coding.report.formatting import typeset
from ptce_coding.store.manual import NotYourCoding
from ptce_coding.web import api, views
from ptce_coding.web.context import HERE, WebContext, base, templates
from ptce_coding.web.page_errors import page_message
from ptce_coding.web.security import Secrets, SecurityMiddleware, is_loopback

HTTP_FR = {  # what Starlette says itself, for an address no page answers
    404: "Aucune page à cette adresse.",
    405: "Cette adresse ne répond pas à cette méthode (GET, POST…).",
}


def create_app(
    project: Project,
    coder: str,
    *,
    host: str = "127.0.0.1",
    secrets: Secrets | None = None,
    allowed_hosts: list[str] | None = None,
) -> Starlette:
    """The application for ``project``, with ``coder`` as the author of every change."""
    if not coder.strip():
        raise PtceError("the coder name is empty", hint="Give one with --coder NAME.")
    problem = coder_name_problem(coder)  # two names that read alike would be two coders
    if problem:
        raise PtceError(problem, hint="Give the name again in plain letters with --coder NAME.")
    secrets = secrets or Secrets.for_host(host)
    if allowed_hosts is None:
        # bound to this machine: refuse other Host headers (DNS rebinding)
        allowed_hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if is_loopback(host) else ["*"]
    routes = [
        *views.ROUTES,
        *api.ROUTES,
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts),
            Middleware(SecurityMiddleware, secrets=secrets),
        ],
        exception_handlers={PtceError: _error, HTTPException: _http_error},
    )
    app.state.context = WebContext(project, coder, secrets)
    app.state.templates = templates()
    return app


async def _error(request: Request, exc: Exception) -> Response:
    status = 400
    if isinstance(exc, NotYourCoding):
        status = 403
    elif isinstance(exc, api.StalePage):  # the page is older than what the store holds
        status = 409
    if isinstance(exc, StoreInUse):  # its hint speaks of commands: here it is the page
        status = 503
        message = typeset(
            f"{exc.path} : la base du projet est occupée par un autre programme "
            "(verrouillée) ; rien n'a été enregistré.\nFermez ce programme (un navigateur "
            "SQLite, ou une commande ptce-coding encore en cours), puis recommencez dans la page."
        )
    else:
        message = page_message(exc) if isinstance(exc, PtceError) else str(exc)
    return _error_page(request, message, status)


async def _http_error(request: Request, exc: Exception) -> Response:
    """A page not found (a document removed meanwhile, a stale link) in the site's own page."""
    if not isinstance(exc, HTTPException):  # only registered for HTTPException
        raise exc
    detail = str(exc.detail)
    if detail == HTTPStatus(exc.status_code).phrase:  # Starlette's own, in English
        detail = HTTP_FR.get(exc.status_code, f"Erreur {exc.status_code}.")
    return _error_page(request, detail, exc.status_code, exc.headers)


def _error_page(
    request: Request, message: str, status: int, headers: Mapping[str, str] | None = None
) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    return request.app.state.templates.TemplateResponse(
        request,
        "error.html",
        {**base(request), "page": "error", "message": message},
        status_code=status,
        headers=headers,
    )
