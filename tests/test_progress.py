"""Progress bars: drawn on a terminal, absent when quiet or when stderr is not a terminal."""

from __future__ import annotations

import io

import pytest

from ptce_coding.cli import common


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common.sys, "stderr", io.StringIO())
    with common.progress_bar("Coding") as advance:
        assert advance is None  # not a terminal: no bar, nothing printed
    terminal = Terminal()
    monkeypatch.setattr(common.sys, "stderr", terminal)
    with common.progress_bar("Coding") as advance:
        assert advance is not None
        advance(3, 10)
    with common.working("Training"):
        pass
    monkeypatch.setitem(common._QUIET, "on", True)
    with common.progress_bar("Coding") as advance:
        assert advance is None  # --quiet
