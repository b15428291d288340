"""`matrix` with chosen coders says whose codings it counts, as the pooled matrix does
(session 39: a five-coder trial found only the file's name said it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.test_agreement_threshold_s38b import batch_waiting

__all__ = ["batch_waiting"]  # the fixture, used by name


def test_a_matrix_of_chosen_coders_says_whose_codings_it_counts(
    invoke: Callable[..., Result], batch_waiting: Path
) -> None:
    chosen = invoke("matrix", "--coders", "alice,bob")
    assert chosen.exit_code == 0, chosen.output
    assert "Counted the codings of alice and bob (--coders)." in chosen.output
    settings = batch_waiting / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "  coders: []" in text
    settings.write_text(text.replace("  coders: []", "  coders: [alice]", 1), encoding="utf-8")
    configured = invoke("matrix")
    assert configured.exit_code == 0, configured.output
    assert "Counted the codings of alice (`analysis.coders` in project.yaml)." in (
        configured.output
    )
