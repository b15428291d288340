"""A rule suggestion's evidence names what its passage was read under (the heading of its
section, the interviewer's question) when that counted in its confidence, so a reviewer sees
why (tagging/rule_coding.py); the web page says it in French (web/french.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ptce_coding.web import french
from tests.test_reading_context_s39a2 import rule_rows

# one word of governance in passing (the same as tests/test_reading_context_s39a2.py)
ANSWER = (
    "Les structures membres se retrouvent une fois par an, il y a un conseil "
    "d'administration, comme partout, mais on en parle assez peu dans les réunions de l'équipe."
)


def _evidence(tmp_path: Path, runner: CliRunner, name: str, text: str) -> list[tuple[int, str]]:
    """The GOUV.CA rule suggestions on ``text`` (every finding written: min_confidence 0),
    (start, evidence) in the text's order."""
    rows = rule_rows(tmp_path, runner, name, text)
    return sorted((row.start, row.evidence or "") for row in rows if row.code == "GOUV.CA")


@pytest.mark.slow
def test_the_evidence_names_the_heading_a_paragraph_was_read_under(
    tmp_path: Path, runner: CliRunner
) -> None:
    report = "■ La gouvernance des pôles\n\n{answer}\n\n■ Les marchés de Noël\n\n{answer}\n"
    (_, governance), (_, christmas) = _evidence(
        tmp_path, runner, "report", report.format(answer=ANSWER)
    )
    assert governance.startswith("GOUV.CA#1: « conseil d'administration » — closest in the")
    assert governance.endswith(
        "” — read under the heading “■ La gouvernance des pôles” (threshold 0.00)"
    )
    assert "read under" not in christmas  # a heading about nothing of GOUV did not count
    assert "» — closest in the codebook: “" in christmas


@pytest.mark.slow
def test_the_evidence_names_the_question_an_answer_was_read_under(
    tmp_path: Path, runner: CliRunner
) -> None:
    interview = (
        f"Enquêteur : Et la gouvernance du pôle, qui prend les décisions ?\n\nMarie : {ANSWER}\n"
    )
    ((_, said),) = _evidence(tmp_path, runner, "interview", interview)
    asked = "“Et la gouvernance du pôle, qui prend les décisions ?”"  # the speaker's name left
    assert "« conseil d'administration » — closest in the codebook: “" in said
    assert said.endswith(f"” — read under the question {asked} (threshold 0.00)")


def test_the_page_says_what_a_passage_was_read_under_in_french() -> None:
    said = (
        "GOUV.CA#2: « conseil d'administration » — closest in the codebook: “Le conseil "
        "d'administration” — read under the question “Et qui décide ?” (threshold 0.35)"
    )
    shown = french.evidence(said)
    assert "lu sous la question “Et qui décide" in shown
    assert "le plus proche dans le livre de codes" in shown and "read under" not in shown
    heading = french.evidence("GOUV#1: « gouvernance » — read under the heading “■ Qui décide”")
    assert "lu sous le titre “■ Qui décide”" in heading
