"""`m` in the terminal review with its keys piped on standard input: the search's words are
read on the line after the key (as a reviewer types them), or after it on its line
(« machats »); an empty answer cancels the search and shows the same suggestion again; the
input ending at the question quits as at a key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.cli import cli
from ptce_coding.store import Store

Invoke = Callable[..., Result]
HEADER = "1/2 · pole-a/directrice.txt (pole-a)"
ACHATS_HEADER = "2/2 · pole-a/directrice.txt (pole-a)"


@pytest.fixture
def keyed(runner: CliRunner, suggested: Path) -> Invoke:
    """`review` by alice on the two suggestions of ``suggested``, given ``keys`` piped."""

    def run(keys: str) -> Result:
        return runner.invoke(
            cli, ["review", "--coder", "alice", "--project", str(suggested)], input=keys
        )

    return run


def statuses(root: Path) -> dict[str, str]:
    """The rule suggestions' statuses, by code."""
    with Store(root / "coding.sqlite") as store:
        return {row.code: row.status for row in store.coding_rows(methods=["rule"])}


def test_an_empty_answer_cancels_the_search(keyed: Invoke, suggested: Path) -> None:
    result = keyed("m\n\nq\n")
    assert result.exit_code == 0, result.output
    assert "No code searched: nothing was changed." in result.output
    assert "No code matches" not in result.output
    assert result.output.count(HEADER) == 2  # the same suggestion, shown again
    assert ACHATS_HEADER not in result.output
    assert "0 accepted (0 on another passage), 0 rejected, 0 moved to another code" in (
        result.output
    )
    assert "2 left" in result.output
    assert statuses(suggested) == {"COOP.LIEU": "suggested", "COOP.ACHATS": "suggested"}


def test_the_words_on_the_next_line_are_searched(keyed: Invoke, suggested: Path) -> None:
    # before: the empty rest of the `m` line was the answer, then « achats » keys: a, a, s
    result = keyed("m\nachats\nq\n")
    assert result.exit_code == 0, result.output
    assert "Moved to COOP.ACHATS: the suggestion of COOP.LIEU is rejected." in result.output
    assert "0 accepted (0 on another passage), 0 rejected, 1 moved to another code" in (
        result.output
    )
    rows = statuses(suggested)
    assert rows["COOP.LIEU"] == "rejected"
    assert rows["COOP.ACHATS"] == "suggested"  # the second suggestion, untouched


def test_the_words_after_the_key_are_searched(keyed: Invoke, suggested: Path) -> None:
    result = keyed("machats\nq\n")
    assert result.exit_code == 0, result.output
    assert "Moved to COOP.ACHATS: the suggestion of COOP.LIEU is rejected." in result.output
    assert "1 moved to another code, 0 skipped, 0 undone by alice; 1 left" in result.output


def test_a_search_with_no_match_is_said(keyed: Invoke, suggested: Path) -> None:
    result = keyed("m\nzzz\nq\n")
    assert result.exit_code == 0, result.output
    assert "No code matches « zzz »: nothing was changed." in result.output
    assert result.output.count(HEADER) == 2


def test_the_input_ending_at_the_question_quits(keyed: Invoke, suggested: Path) -> None:
    result = keyed("am")  # accept the first, then `m` and nothing more
    assert result.exit_code == 0, result.output
    assert "Aborted" not in result.output
    assert "1 accepted (0 on another passage), 0 rejected, 0 moved to another code" in (
        result.output
    )
    assert "1 left" in result.output
    assert statuses(suggested) == {"COOP.LIEU": "accepted", "COOP.ACHATS": "suggested"}


def test_a_code_chosen_by_its_number_on_the_next_line(keyed: Invoke, suggested: Path) -> None:
    result = keyed("m\ncoop\n3\nq\n")  # COOP, COOP.LIEU, COOP.ACHATS: the third
    assert result.exit_code == 0, result.output
    assert "  3. COOP.ACHATS — Achats groupés" in result.output
    assert "Moved to COOP.ACHATS: the suggestion of COOP.LIEU is rejected." in result.output
    assert statuses(suggested) == {"COOP.LIEU": "rejected", "COOP.ACHATS": "suggested"}


def test_the_input_ending_at_the_number_quits(keyed: Invoke, suggested: Path) -> None:
    result = keyed("mcoop\n")
    assert result.exit_code == 0, result.output
    assert "Aborted" not in result.output
    assert "0 moved to another code, 0 skipped, 0 undone by alice; 2 left" in result.output
    assert statuses(suggested) == {"COOP.LIEU": "suggested", "COOP.ACHATS": "suggested"}


def test_a_key_given_for_a_number_chooses_none(keyed: Invoke, suggested: Path) -> None:
    result = keyed("mcoop\nr\nq\n")  # the number forgotten: r is no number, not a rejection
    assert result.exit_code == 0, result.output
    assert "'r' is no number of the list: nothing was changed." in result.output
    assert statuses(suggested) == {"COOP.LIEU": "suggested", "COOP.ACHATS": "suggested"}
