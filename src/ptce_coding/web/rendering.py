"""A page rendered: its template, with what every page shows (``context.base``)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ptce_coding.web.context import base


def render(request: Request, name: str, **values: Any) -> Response:
    """The template ``name`` filled with ``values`` and what every page shows."""
    return request.app.state.templates.TemplateResponse(request, name, {**base(request), **values})
