"""The method note says the threshold the rules wrote the decided suggestions at
(``coding.min_confidence``), read from their evidence (« … (threshold 0.15) »): a thesis
reading « 26 suggestions decided, confidence 0.16 to 0.54 » could not tell whether they had
been made at the default 0.35 or at a lowered threshold (helper B's proposal, session 41)."""

from __future__ import annotations

import re
from pathlib import Path

from ptce_coding.analysis.synthesis_data import synthesis_data
from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.report import tables
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.synthesis import build_synthesis

A = "pole-a/directrice.txt"


def _note(root: Path, found: list[tuple[str, str, str, float, str]]) -> str:
    """The annex's coding note once alice decided these rule suggestions: (words, code,
    decision, confidence, evidence)."""
    with find_project(root).open_store() as store:
        document = store.document(A)
        assert document is not None
        suggestions = []
        for words, code, _, confidence, evidence in found:
            start = document.text.index(words)
            suggestions.append(
                (
                    document.id,
                    Coding(
                        A,
                        start,
                        start + len(words),
                        code,
                        "rules",
                        "rule",
                        "suggested",
                        confidence,
                        evidence,
                    ),
                )
            )
        store.replace_suggestions("rule", [document.id], suggestions)
        rows = sorted(store.coding_rows(methods=["rule"]), key=lambda row: row.id)
        for row, (_, _, decision, _, _) in zip(rows, found, strict=True):
            store.review(row.id, decision, "alice")
        data = synthesis_data(store)
    codebook = load_codebook(root / "codebooks" / "ptce.yaml")
    synthesis = build_synthesis(data, codebook, ReportChoices(project="Étude"))
    text = re.sub(r"<[^>]+>", " ", tables.coding_note(synthesis)).replace("&#39;", "'")
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def test_the_method_note_says_the_threshold_the_rules_wrote_at(imported: Path) -> None:
    note = _note(
        imported,
        [
            (
                "locaux partagés",
                "COOP.LIEU",
                "accepted",
                0.1649,
                "COOP.LIEU#1: « locaux » (threshold 0.15)",
            ),
            (
                "achats groupés",
                "COOP.ACHATS",
                "rejected",
                0.52,
                "COOP.ACHATS#1: « achats » (threshold 0.15)",
            ),
        ],
    )
    assert (
        "Les 2 suggestions automatiques décidées (1 acceptée, 1 rejetée) avaient une confiance "
        "estimée entre 0,16 et 0,52 ; les règles n'écrivaient une suggestion qu'à partir d'une "
        "confiance de 0,15." in note
    )


def test_two_thresholds_are_both_said(imported: Path) -> None:
    note = _note(
        imported,
        [
            (
                "locaux partagés",
                "COOP.LIEU",
                "accepted",
                0.6,
                "COOP.LIEU#1: « locaux » (threshold 0.35)",
            ),
            (
                "achats groupés",
                "COOP.ACHATS",
                "accepted",
                0.2,
                "COOP.ACHATS#1: « achats » (threshold 0.15)",
            ),
        ],
    )
    assert "qu'à partir d'une confiance de 0,15 ou 0,35, selon le moment." in note


def test_suggestions_without_a_threshold_in_their_evidence_say_none(imported: Path) -> None:
    note = _note(
        imported,
        [("locaux partagés", "COOP.LIEU", "accepted", 0.6, "COOP.LIEU#1: « locaux »")],
    )
    assert "La suggestion automatique acceptée avait une confiance estimée de 0,60." in note
    assert "à partir d'une confiance" not in note
