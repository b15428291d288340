"""Who may talk to the local server: an access token when it listens beyond this machine
(as Jupyter does) and a CSRF token on every request that changes something."""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp

TOKEN_COOKIE = "ptce_token_{port}"  # cookies ignore ports: one name per server
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK_NAMES = ("localhost",)
# No other site may show the pages in a frame (a page of theirs over ours would have the
# coder press A, accepting, or click « Supprimer »), and the pages run their own scripts
# only: a transcript's markup that escaped the templates' escaping still would not run.
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
}


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host.strip("[]") in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Secrets:
    """The tokens of one server run, new at every start."""

    token_required: bool
    access_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    @classmethod
    def for_host(cls, host: str) -> Secrets:
        return cls(token_required=not is_loopback(host))

    def url(self, host: str, port: int) -> str:
        """The address to open (with the access token when one is required)."""
        shown = f"[{host}]" if ":" in host else host
        query = "?" + urlencode({"token": self.access_token}) if self.token_required else ""
        return f"http://{shown}:{port}/{query}"


def _same(given: str | None, expected: str) -> bool:
    return given is not None and secrets.compare_digest(given.encode(), expected.encode())


def _cookie(request: Request) -> str:
    return TOKEN_COOKIE.format(port=request.url.port or 80)


class SecurityMiddleware(BaseHTTPMiddleware):
    """Access token (query ``?token=`` once, then a cookie) and CSRF header checks."""

    def __init__(self, app: ASGIApp, secrets: Secrets) -> None:
        super().__init__(app)
        self.secrets = secrets

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await self._checked(request, call_next)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    async def _checked(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if self.secrets.token_required:
            given = request.query_params.get("token")
            if _same(given, self.secrets.access_token):
                # once in the address, then a cookie: the token does not stay in the history
                query = {k: v for k, v in request.query_params.items() if k != "token"}
                target = request.url.path + ("?" + urlencode(query) if query else "")
                response = RedirectResponse(target, status_code=303)
                response.set_cookie(
                    _cookie(request), self.secrets.access_token, httponly=True, samesite="strict"
                )
                return response
            if not _same(request.cookies.get(_cookie(request)), self.secrets.access_token):
                return PlainTextResponse(
                    "Accès refusé\u00a0: jeton d'accès manquant ou incorrect. Ouvrez l'adresse "
                    "complète affichée au démarrage de « ptce-coding serve ».",
                    status_code=403,
                )
        if request.method not in SAFE_METHODS and not _same(
            request.headers.get(CSRF_HEADER), self.secrets.csrf_token
        ):
            return JSONResponse(
                {
                    "error": "Requête refusée\u00a0: jeton CSRF manquant ou incorrect. "
                    "Rechargez la page."
                },
                status_code=403,
            )
        return await call_next(request)
