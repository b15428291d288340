"""A second `code` that finds the same says it made its suggestions again (rows and ids kept),
not that it replaced them: a thesis reads « 26 earlier rule suggestions replaced » as a change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

pytestmark = pytest.mark.slow  # the rules' pipeline


def test_code_run_again_says_what_it_made_again(
    invoke: Callable[..., Result], imported: Path
) -> None:
    first = invoke("code")
    assert first.exit_code == 0, first.output
    written = int(first.output.split(": ", 1)[1].split(" suggestion")[0])
    assert written > 0
    assert f"(0 made again, {written} new, 0 earlier withdrawn, 0 left out" in first.output
    again = invoke("code")
    assert again.exit_code == 0, again.output
    assert f"{written} suggestions ({written} made again, 0 new, 0 earlier withdrawn" in (
        again.output
    )
    assert "replaced" not in again.output


def test_a_suggestion_no_longer_made_is_said_withdrawn(
    invoke: Callable[..., Result], imported: Path
) -> None:
    assert invoke("code").exit_code == 0
    book = imported / "codebooks" / "ptce.yaml"
    text = book.read_text(encoding="utf-8")
    rule = '"groupé", "groupés", "groupée", "groupées", "commun", "communs"'
    assert rule in text  # COOP.ACHATS's pattern
    book.write_text(text.replace(rule, '"mutualisés"'))
    again = invoke("code")
    assert again.exit_code == 0, again.output
    withdrawn = int(again.output.split(" new, ")[1].split(" earlier withdrawn")[0])
    assert withdrawn >= 1
