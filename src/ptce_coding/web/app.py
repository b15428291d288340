"""The local web application: pages and JSON API over one project's store.

Every request opens its own store connection in the thread that serves it (sqlite3 objects
never cross threads) and closes it at once: several coders, each with their own server, can
work on one project together (SQLite WAL, short transactions).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ptce_coding.app.project import Project
from ptce_coding.base.errors import PtceError
from ptce_coding.codebook.model import Codebook
from ptce_coding.store import Store
from ptce_coding.store.manual import NotYourCoding
from ptce_coding.web.security import Secrets, SecurityMiddleware, is_loopback

HERE = Path(__file__).parent


@dataclass(frozen=True)
class WebContext:
    """What every request needs: the project, who is coding, the tokens of this run."""

    project: Project
    coder: str
    secrets: Secrets
    _codebooks: dict[tuple[int, int], Codebook] = field(default_factory=dict, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False)

    @contextmanager
    def store(self) -> Iterator[Store]:
        with self.project.open_store(create=False) as store:
            store.actor = self.coder
            store.command = "serve"
            yield store

    def codebook(self) -> Codebook:
        """The codebook, read again whenever its file changes (an edit of the YAML shows at
        the next page load; reading it takes about a second for the default codebook)."""
        try:
            stat = self.project.codebook_path.stat()
        except OSError:
            return self.project.load_codebook()  # raises the located error
        key = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if key in self._codebooks:
                return self._codebooks[key]
        book = self.project.load_codebook()
        with self._lock:
            self._codebooks.clear()
            self._codebooks[key] = book
        return book


def context(request: Request) -> WebContext:
    context: WebContext = request.app.state.context  # starlette's state is untyped
    return context


def templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # transcripts are user text: always escaped
        undefined=jinja2.StrictUndefined,
    )
    env.filters["fr_number"] = _fr_number
    return Jinja2Templates(env=env)


def _fr_number(value: float | int | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:.{digits}f}".replace(".", ",")


def create_app(
    project: Project,
    coder: str,
    *,
    host: str = "127.0.0.1",
    secrets: Secrets | None = None,
    allowed_hosts: list[str] | None = None,
) -> Starlette:
    """The application for ``project``, with ``coder`` as the author of every change."""
    from ptce_coding.web import api, views

    if not coder.strip():
        raise PtceError("the coder name is empty", hint="Give one with --coder NAME.")
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
        exception_handlers={PtceError: _error},
    )
    app.state.context = WebContext(project, coder, secrets)
    app.state.templates = templates()
    return app


async def _error(request: Request, exc: Exception) -> Response:
    status = 403 if isinstance(exc, NotYourCoding) else 400
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": str(exc)}, status_code=status)
    return request.app.state.templates.TemplateResponse(
        request, "error.html", {**base(request), "message": str(exc)}, status_code=status
    )


def base(request: Request) -> dict[str, object]:
    """What every page template gets: who codes, the CSRF token, the project name."""
    ctx = context(request)
    return {"coder": ctx.coder, "csrf": ctx.secrets.csrf_token, "project": ctx.project.name}


__all__ = ["Route", "WebContext", "create_app"]
