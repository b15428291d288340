"""`review --order uncertainty`: the suggestions where a decision teaches most come first.
A code the model learned from few examples has a confidence that is not calibrated, scaled
down by how little it rests on (0.10–0.20 for one coded segment), with a threshold set by
construction (0.5 scaled alike): its suggestions used to head the queue, read as near a
boundary that says nothing of how likely the tagger is wrong. They now come after the
suggestions with a calibrated confidence, and their closeness to their threshold is read on
their own range (session 39, B)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from openpyxl import load_workbook

from ptce_coding.base.records import Coding
from ptce_coding.review.suggestion import Suggestion
from ptce_coding.store import Store

FEW = "few examples (1 coded segment(s) and the codebook): locaux, partagés (threshold 0.10)"
# (code, method, confidence, evidence), each on its own interviewee segment
SUGGESTED = [
    ("COOP.LIEU", "model", 0.12, FEW),
    ("COOP.LIEU", "model", 0.19, FEW),
    ("ECO.PUBLIC", "model", 0.62, "subvention, région (threshold 0.55)"),
    ("ECO.PUBLIC", "model", 0.90, "subvention, fonds (threshold 0.55)"),
    ("COOP.ACHATS", "rule", 0.40, "COOP.ACHATS#1: « achats groupés » (threshold 0.35)"),
]


def _suggest(root: Path) -> None:
    with Store(root / "coding.sqlite") as store:
        documents = store.documents()
        places = [
            (document, segment)
            for document in documents
            for segment in store.segments(document.id)
            if not segment.interviewer
        ]
        made: dict[str, list[tuple[int, Coding]]] = {"rule": [], "model": []}
        for (code, method, confidence, evidence), (document, segment) in zip(
            SUGGESTED, places, strict=False
        ):
            tagger = "rules" if method == "rule" else "model"
            coding = Coding(
                document.name,
                segment.start,
                segment.end,
                code,
                tagger,
                method,
                "suggested",
                confidence=confidence,
                evidence=evidence,
            )
            made[method].append((document.id, coding))
        for method, codings in made.items():
            store.replace_suggestions(method, [d.id for d in documents], codings)


def test_few_example_suggestions_do_not_head_the_uncertainty_queue(
    invoke: Callable[..., Result], imported: Path
) -> None:
    _suggest(imported)
    sheet = imported / "revue.xlsx"
    done = invoke("review", "--order", "uncertainty", "--export", str(sheet), "--coder", "ana")
    assert done.exit_code == 0, done.output
    rows = list(load_workbook(sheet).active.iter_rows(values_only=True))
    column = rows[0].index("confidence")
    # the calibrated ones by closeness to their threshold, then the few-example code's
    assert [row[column] for row in rows[1:]] == [0.4, 0.62, 0.9, 0.12, 0.19]


def test_a_few_example_confidence_is_read_on_its_own_range() -> None:
    """Its classifier's 1 is the code's scale (twice its threshold): 0.19 of a scale 0.2 is
    near certain, not near the boundary as on a range up to 1 (0.90 before)."""

    def suggestion(confidence: float, evidence: str) -> Suggestion:
        return Suggestion(1, "d", "c", 0, 1, "X", "model", "model", confidence, evidence, "t")

    few = suggestion(0.19, FEW)
    assert few.few_examples and few.ceiling == 0.2
    assert round(few.uncertainty, 3) == 0.1
    assert suggestion(0.10, FEW).uncertainty == 1.0
    calibrated = suggestion(0.3, "a, b (threshold 0.20)")
    assert not calibrated.few_examples and calibrated.ceiling == 1.0
    assert round(calibrated.uncertainty, 3) == round(1 - 0.1 / 0.8, 3)
