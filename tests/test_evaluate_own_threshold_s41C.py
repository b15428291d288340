"""`evaluate` and a suggestion accepted by threshold in a document its reviewer coded by
hand (session 41, C; trial s40-T, defect 7): the reviewer did not code that passage with its
code because the acceptance stood there, so their silence is no « no »: the (passage, code)
is unknown, not a false positive of the rules. Where the reviewer did not code the document
(another coder did), it stays a false positive (test_evaluate_threshold_s38e2)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from ptce_coding.base.records import Coding
from ptce_coding.store import Store
from tests.test_agreement_cli import segment_spans

pytestmark = pytest.mark.slow  # evaluate reads the segments with spaCy

# alice and bob coded both interviews by hand (two_coders): COOP.ACHATS on a4, ECO.PUBLIC
# on b4, no COOP.LIEU on a4 nor COOP.ACHATS on b4
SUGGESTED = {
    "pole-a/directrice.txt": ("COOP.LIEU", "a4"),
    "pole-b/membre.md": ("COOP.ACHATS", "b4"),
}


@pytest.fixture
def accepted_by_threshold(invoke: Callable[..., Result], two_coders: Path) -> Path:
    """A rule suggestion in each interview: alice, who coded pole-a by hand, accepts hers by
    threshold there; claire, who coded nothing, accepts the one of pole-b by threshold."""
    spans = segment_spans(invoke, two_coders)
    with Store(two_coders / "coding.sqlite") as store:
        for name, (code, unit) in SUGGESTED.items():
            document = store.document(name)
            assert document is not None
            _, start, end = spans[unit]
            coding = Coding(name, start, end, code, "rules", "rule", "suggested", confidence=0.9)
            store.replace_suggestions("rule", [document.id], [(document.id, coding)])
    for coder, name in (("alice", "pole-a/directrice.txt"), ("claire", "pole-b/membre.md")):
        done = invoke(
            "review", "--accept-above", "0.8", "--coder", coder, "--document", name, "--yes"
        )
        assert "Accepted 1 suggestion" in done.output, done.output
    return two_coders


def code_rows(result: Result) -> dict[str, dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return {
        row["code"]: row
        for row in json.loads(result.stdout)
        if row["tagger"] == "rules" and row["level"] == "code"
    }


def test_an_acceptance_by_threshold_in_the_reviewers_own_coding_is_unknown(
    invoke: Callable[..., Result], accepted_by_threshold: Path
) -> None:
    result = invoke("evaluate", "--tagger", "rules", "--format", "json")
    rows = code_rows(result)
    # alice's acceptance: not scored (it was a false positive: precision 0.0, predicted 1)
    assert "COOP.LIEU" not in rows or rows["COOP.LIEU"]["predicted"] == 0
    # claire's acceptance, in interviews coded by others: still a false positive
    assert (rows["COOP.ACHATS"]["predicted"], rows["COOP.ACHATS"]["precision"]) == (1, 0.0)
    assert (
        "2 suggestions accepted by threshold (≥ 0.8) are left out of the reference: nobody "
        "read them." in result.output
    )
    assert (
        "Of them, 1 is in a document its reviewer coded by hand: there its passage is not "
        "scored for its code (unknown)" in result.output
    )


def test_with_another_coder_as_the_reference_it_stays_a_negative(
    invoke: Callable[..., Result], accepted_by_threshold: Path
) -> None:
    """bob's coding as the reference: alice's acceptance is in a document bob coded, and
    bob did not code COOP.LIEU there."""
    rows = code_rows(invoke("evaluate", "--tagger", "rules", "--coder", "bob", "--format", "json"))
    assert (rows["COOP.LIEU"]["predicted"], rows["COOP.LIEU"]["precision"]) == (1, 0.0)
