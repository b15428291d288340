"""A group of coders checks its agreement (session 39, T2): a misspelt coder name is
answered with the names of every coder with codings, a coder whose codings were all accepted
by threshold included; a coder who coded only the axes is said to be compared at full depth
on codes they never used."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.test_agreement_cli import segment_spans, write_codings
from tests.test_agreement_extent_s37g import ALICE, BOB, code
from tests.test_agreement_threshold_s38b import batch_waiting  # noqa: F401  (fixture)


def test_a_misspelt_coder_is_matched_among_every_coder_with_codings(
    invoke: Callable[..., Result],
    batch_waiting: Path,  # noqa: F811
) -> None:
    done = invoke("review", "--accept-above", "0.8", "--coder", "doctorante", "--yes")
    assert done.exit_code == 0, done.output
    refused = invoke("agreement", "--coders", "alice,doctorant")
    assert refused.exit_code != 0
    assert "Traceback" not in refused.output
    assert "did you mean doctorante?" in refused.output
    assert "alice, bob, doctorante" in refused.output
    # the same misspelling with --pairs
    pairs = invoke("agreement", "--coders", "alice,bob,doctorant", "--pairs")
    assert pairs.exit_code != 0
    assert "did you mean doctorante?" in pairs.output


# dmitri codes the axes of alice's codings, never a code under them
DMITRI = [
    ("COOP", "a2"),
    ("COOP", "b2"),
    ("ECO", "a2"),
    ("ECO", "a5"),
    ("ECO", "b4"),
    ("COOP", "a4"),
]


def test_a_coder_of_the_axes_only_is_said_to_be_compared_on_codes_they_never_used(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    spans = segment_spans(invoke, two_coders)
    write_codings(two_coders / "dmitri.csv", "dmitri", DMITRI, spans)
    assert invoke("codings", "import", str(two_coders / "dmitri.csv")).exit_code == 0
    for extra in ((), ("--pairs",)):
        deep = invoke("agreement", "--coders", "alice,bob,dmitri", *extra)
        assert deep.exit_code == 0, deep.output
        assert "dmitri coded no code deeper than level 1" in deep.output
        assert "--level 1" in deep.output
    # under one axis (--codes) too
    one_axis = invoke("agreement", "--coders", "alice,bob,dmitri", "--codes", "COOP")
    assert "dmitri coded no code deeper than level 1" in one_axis.output
    # at the axes' level, nothing to say: every coder coded that deep
    axes = invoke("agreement", "--coders", "alice,dmitri", "--level", "1")
    assert axes.exit_code == 0, axes.output
    assert "deeper than" not in axes.output
    # two coders who both code to full depth: nothing to say either
    both = invoke("agreement", "--coders", "alice,bob")
    assert "deeper than" not in both.output


def test_a_coder_who_stopped_is_said_once_per_document_however_many_pairs(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """bob stops halfway; alice, carol and dora code to the end: one line says where bob
    stopped and names his three comparisons it cuts, with what each other coder coded
    after it."""
    code(invoke, tmp_project, {"alice": ALICE, "bob": BOB[:6], "carol": BOB, "dora": ALICE})
    result = invoke("agreement", "--coders", "alice,bob,carol,dora", "--pairs")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("Left out:")]
    assert len(lines) == 1, result.stderr
    said = " ".join(result.stderr.split())
    assert "while alice's, carol's and dora's go on" in said
    assert "alice coded 6, carol coded 6, dora coded 6 of them" in said
    for pair in ("alice–bob", "bob–carol", "bob–dora"):
        assert f"left out of the {pair} comparison" in said
