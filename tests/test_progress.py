"""Progress bars: drawn on a terminal, absent when quiet or when stderr is not a terminal."""

from __future__ import annotations

import io

import pytest

from ptce_coding.cli import messages


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages.sys, "stderr", io.StringIO())
    with messages.progress_bar("Coding") as advance:
        assert advance is None  # not a terminal: no bar, nothing printed
    terminal = Terminal()
    monkeypatch.setattr(messages.sys, "stderr", terminal)
    with messages.progress_bar("Coding") as advance:
        assert advance is not None
        advance(3, 10)
    with messages.working("Training"):
        pass
    monkeypatch.setitem(messages._QUIET, "on", True)
    with messages.progress_bar("Coding") as advance:
        assert advance is None  # --quiet
