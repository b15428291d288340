"""What a passage is read under weighs its rule suggestions: the heading of its section in a
written report, the interviewer's question in an interview (tagging/enclosing.py); and several
codes of one axis found together count (tagging/relevance.py, signals ``context`` and
``codes``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ptce_coding.app.project import find_project
from ptce_coding.base.records import CodingRow, Segment
from ptce_coding.cli import cli
from ptce_coding.tagging.enclosing import enclosing
from ptce_coding.tagging.relevance import WEIGHTS, codes_signal

# one word of governance in passing, in a paragraph long enough for a report's (a title line
# is told from a paragraph in written text only: corpus/headings.py)
ANSWER = (
    "Les structures membres se retrouvent une fois par an, il y a un conseil "
    "d'administration, comme partout, mais on en parle assez peu dans les réunions de l'équipe."
)


def _segments(text: str, kinds: list[str]) -> list[Segment]:
    """The paragraphs of ``text`` (one per line) as segments: « T » a title line, « Q » the
    interviewer's, « A » an interviewee's."""
    segments, start = [], 0
    for position, (line, kind) in enumerate(zip(text.split("\n"), kinds, strict=True)):
        segments.append(
            Segment(
                position,
                start,
                start + len(line),
                interviewer=kind == "Q",
                title=kind == "T",
                words=len(line.split()),
            )
        )
        start += len(line) + 1
    return segments


def test_a_paragraph_is_read_under_its_heading_or_the_question_before_it() -> None:
    lines = [
        "Entretien avec la directrice",  # T
        "Bonjour.",  # A: before any question, read under the title
        "Et la gouvernance, qui décide ?",  # Q
        "Plutôt le matin, pour qu'on ait le temps.",  # Q, the same question goes on
        "Le conseil d'administration.",  # A
        "d'accord",  # Q: a back-channel, the topic stays
        "Et le bureau aussi.",  # A
        "Et l'argent",  # Q: three words, no « ? », a back-channel too
        "On a des subventions.",  # A
        "Et l'argent, il vient d'où ?",  # Q: asks
        "Des subventions.",  # A
    ]
    text = "\n".join(lines)
    kinds = ["T", "A", "Q", "Q", "A", "Q", "A", "Q", "A", "Q", "A"]
    found = enclosing(text, _segments(text, kinds))
    said = {position: text[start:end] for position, (start, end) in found.items()}
    assert said == {
        1: "Entretien avec la directrice",
        4: "Et la gouvernance, qui décide ?\nPlutôt le matin, pour qu'on ait le temps.",
        6: "Et la gouvernance, qui décide ?\nPlutôt le matin, pour qu'on ait le temps.",
        8: "Et la gouvernance, qui décide ?\nPlutôt le matin, pour qu'on ait le temps.",
        10: "Et l'argent, il vient d'où ?",
    }
    assert enclosing("Rien.", _segments("Rien.", ["A"])) == {}


def test_several_codes_of_one_axis_count_more_than_one() -> None:
    assert codes_signal(["GOUV.CA"]) == 0.0
    assert codes_signal(["GOUV.CA", "GOUV.CA", "GOUV.BUREAU"]) == 1.0
    assert WEIGHTS.codes > 0 and WEIGHTS.context > 0
    alone = {"rules": 0.69, "similarity": 0.3, "relative": 0.05, "codes": 0.0}
    assert WEIGHTS.confidence({**alone, "codes": 2.0}) > WEIGHTS.confidence(alone)


def _coded(tmp_path: Path, runner: CliRunner, name: str, text: str) -> dict[str, float]:
    """Every rule finding on ``text`` (coding.min_confidence: 0): {code: confidence}."""
    return {row.code: row.confidence or 0.0 for row in rule_rows(tmp_path, runner, name, text)}


def rule_rows(tmp_path: Path, runner: CliRunner, name: str, text: str) -> list[CodingRow]:
    """The rule suggestions of a new project (``tmp_path / name``) whose one interview is
    ``text``, every finding written (coding.min_confidence: 0)."""
    root = tmp_path / name
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    settings = root / "project.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "  min_confidence: 0.35 ", "  min_confidence: 0    "
        ),
        encoding="utf-8",
    )
    (root / "corpus" / "pole").mkdir(parents=True)
    (root / "corpus" / "pole" / "e.txt").write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["code", "--project", str(root)])
    assert result.exit_code == 0, result.output
    with find_project(root).open_store() as store:
        return store.coding_rows(methods=["rule"], with_text=False)


@pytest.mark.slow
def test_the_question_an_answer_follows_weighs_its_suggestion(
    tmp_path: Path, runner: CliRunner
) -> None:
    asked = (
        f"Enquêteur : Et la gouvernance du pôle, qui prend les décisions ?\n\nMarie : {ANSWER}\n"
    )
    elsewhere = (
        f"Enquêteur : Et le marché de Noël, ça s'est bien passé cette année ?\n\nMarie : {ANSWER}\n"
    )
    on_governance = _coded(tmp_path, runner, "asked", asked)
    on_something_else = _coded(tmp_path, runner, "elsewhere", elsewhere)
    assert on_governance["GOUV.CA"] > 0.5 > on_something_else["GOUV.CA"]


@pytest.mark.slow
def test_the_heading_of_a_section_weighs_its_paragraphs(tmp_path: Path, runner: CliRunner) -> None:
    report = "■ La gouvernance des pôles\n\n{answer}\n\n■ Les marchés de Noël\n\n{answer}\n"
    coded = _coded(tmp_path, runner, "report", report.format(answer=ANSWER))
    assert "GOUV.CA" in coded
    with find_project(tmp_path / "report").open_store() as store:
        rows = store.coding_rows(methods=["rule"], with_text=False)
    under = sorted((row.start, row.confidence or 0.0) for row in rows if row.code == "GOUV.CA")
    assert len(under) == 2
    (_, first), (_, second) = under
    assert first > 0.5 > second  # the same words, under « gouvernance » then « Noël »
