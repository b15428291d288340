"""What every request handler shares: the project, who is coding, the tokens of this run,
the page templates.

Every request opens its own store connection in the thread that serves it (sqlite3 objects
never cross threads) and closes it at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from starlette.requests import Request
from starlette.templating import Jinja2Templates

from ptce_coding.app.project import Project
from ptce_coding.codebook.model import Codebook
from ptce_coding.store import Store
from ptce_coding.web import french
from ptce_coding.web.security import Secrets

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
    env.filters["evidence"] = french.evidence
    env.filters["guillemets"] = french.guillemets
    return Jinja2Templates(env=env)


def _fr_number(value: float | int | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:.{digits}f}".replace(".", ",")


def base(request: Request) -> dict[str, object]:
    """What every page template gets: who codes, the CSRF token, the project name."""
    ctx = context(request)
    return {"coder": ctx.coder, "csrf": ctx.secrets.csrf_token, "project": ctx.project.name}
