"""Typed errors of the library. The CLI turns each into one message and exit code 1.

A message is in English, the command line's language. An error that the web page or the
report can show may also carry its French (``french``, ``french_hint``): the page shows that
text as it is, rather than translating the English by its wording (web/page_errors.py)."""

from __future__ import annotations

from pathlib import Path


class PtceError(Exception):
    """A user-facing error: something in the input or the project is wrong."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
        french: str | None = None,
        french_hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint
        self.french = french  # the message in French, for the page and the report
        self.french_hint = french_hint  # the hint in French (its French message's)

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f", line {self.line}" if self.line else "") + ": "
        text = where + self.message
        if self.hint:
            text += f"\n{self.hint}"
        return text


class CodebookError(PtceError):
    """The codebook YAML is malformed or inconsistent."""

    def __init__(self, problems: list[PtceError], path: str | Path | None = None) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        lines = [str(p) for p in problems]
        summary = f"{len(problems)} problem(s) in the codebook:\n" + "\n".join(
            f"  - {line}" for line in lines
        )
        super().__init__(summary, path=None, line=first.line if first else None)
        self.codebook_path = str(path) if path else None

    def __str__(self) -> str:
        return self.message


class ProjectError(PtceError):
    """The project folder or its project.yaml is missing or invalid."""


class CorpusError(PtceError):
    """A transcript cannot be read or imported."""


class StoreError(PtceError):
    """The store refuses an operation (it would lose or corrupt research data)."""


class StoreInUse(StoreError):
    """Another program holds the store's lock: the command stops, whatever it was doing."""


class ExchangeError(PtceError):
    """A codings exchange file (CSV/XLSX) is malformed or points at unknown things."""
