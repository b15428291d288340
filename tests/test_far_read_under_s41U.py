"""In a document far from the codebook, a suggestion's evidence does not say it was read
under the interviewer's question (user trial, session 41, U).

The confidence of a finding in a far document is its rule evidence alone
(tagging/far_documents.py): what the passage is read under does not count there. Yet the
CFPP2000 interview's suggestions said « TERR.PROX_GEO#2: « vingt kilomètres » — closest in
the codebook: “…” — read under the question “ah ben comme tous les bretons ouais d'accord” —
a document far from the codebook … », which README says only « when it counted »; in the
tests' ironmonger, « des artisans » was « read under the question “Et vos clients, ce sont
qui ?” » and « rarely right there »."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.cli import cli

DATA = Path(__file__).parent / "data"
FAR = DATA / "far" / "entretien-quincaillier.txt"


def _run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--project", str(root)])


def _evidence(root: Path, document: Path, case: str) -> list[str]:
    """The evidence of every rule finding (``coding.min_confidence: 0``) of ``document``."""
    settings = root / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "  min_confidence: 0.35 " in text
    settings.write_text(text.replace("  min_confidence: 0.35 ", "  min_confidence: 0    "))
    result = _run(root, "import", str(document), "--case", case)
    assert result.exit_code == 0, result.output
    result = _run(root, "code")
    assert result.exit_code == 0, result.output
    out = root / "suggestions.csv"
    assert _run(root, "codings", "export", str(out)).exit_code == 0
    with out.open(encoding="utf-8", newline="") as handle:
        return [row["evidence"] for row in csv.DictReader(handle) if row["method"] == "rule"]


@pytest.mark.slow
def test_a_far_documents_evidence_is_not_read_under_a_question(tmp_path: Path) -> None:
    root = tmp_path / "study"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    found = _evidence(root, FAR, "orleans")
    far = [text for text in found if "a document far from the codebook" in text]
    assert far, found  # TERR, INST.COLLECTIVITES: the town, its town hall
    assert not [text for text in far if " — read under the " in text]


@pytest.mark.slow
def test_an_interview_about_a_pole_still_says_its_question(tmp_path: Path) -> None:
    """Not far: a suggestion whose question counted still says so."""
    root = tmp_path / "study"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    demo = Path(__file__).parents[1] / "corpus" / "trois-vallons" / "entretien-coordinatrice.txt"
    found = _evidence(root, demo, "trois-vallons")
    assert not [text for text in found if "far from the codebook" in text]
    assert [text for text in found if " — read under the question “" in text]
