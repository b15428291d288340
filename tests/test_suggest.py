"""`ptce-coding suggest`: the assisted tagger learns the planted signal and respects humans."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from ptce_coding.app.project import load_project
from ptce_coding.base.records import Coding, CodingRow
from ptce_coding.cli import cli
from ptce_coding.review import queue as review_queue
from ptce_coding.store import Store
from ptce_coding.tagging.classifier import SegmentCoder
from tests.assist_support import make_project, planted_codes

pytestmark = pytest.mark.slow  # the sentence encoder and the French spaCy model


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "study")


def run(project: Path, *args: str):
    return CliRunner().invoke(cli, [*args, "--project", str(project)])


def model_rows(project: Path) -> list[CodingRow]:
    with load_project(project).open_store() as store:
        return store.coding_rows(methods=["model"])


def test_suggestions_on_held_out_segments_follow_the_planted_signal(project: Path) -> None:
    result = run(project, "suggest")
    assert result.exit_code == 0, result.output
    assert "lemmas are lower-cased word forms" in result.output  # said once
    assert result.output.count("Note:") == 1
    assert "Learned from few examples (under 5 coded segments, with the codebook's; " in (
        result.output
    )
    assert "confidence scaled down accordingly): ECO.RARE (1)" in result.output
    rows = model_rows(project)
    assert rows and {r.case for r in rows} == {"case-3"}  # only where no human coded
    assert all(r.coder == "model" and r.status == "suggested" for r in rows)
    with load_project(project).open_store() as store:
        held_out = [
            (d.name, s.start, s.end, d.text[s.start : s.end])
            for d in store.documents()
            if d.case == "case-3"
            for s in store.segments(d.id)
            if not s.interviewer
        ]
    expected = {(n, s, code) for n, s, _, text in held_out for code in planted_codes(text)}
    found = {(r.document, r.start, r.code) for r in rows}
    assert len(expected) >= 5
    assert len(found & expected) / len(expected) >= 0.9  # recall
    assert len(found & expected) / len(found) >= 0.9  # precision
    for row in rows:
        assert 0.0 < row.confidence <= 1.0
        assert row.evidence.endswith(")") and "(threshold 0." in row.evidence
    terms = [t for r in rows for t in r.evidence.rsplit(" (threshold", 1)[0].split(", ")]
    assert not {w for t in terms for w in t.split()} & {"the", "we", "our", "for"}  # stop words
    compost = [r for r in rows if r.code == "ECO.COMPOST"]
    assert any("compost" in r.evidence for r in compost)
    for row in rows:  # a code learned from one coded segment says how little it rests on
        few = row.code == "ECO.RARE"
        assert row.evidence.startswith("few examples (1 coded segment(s)") is few
        assert not few or row.confidence <= 1 / 5


def test_model_saved_with_metadata_and_reused_while_nothing_changed(project: Path) -> None:
    assert run(project, "suggest").exit_code == 0
    first = [(r.document, r.start, r.code, r.confidence) for r in model_rows(project)]
    meta = json.loads((project / ".cache" / "model" / "meta.json").read_text(encoding="utf-8"))
    assert set(meta["libraries"]) >= {"scikit-learn", "numpy", "spacy"}
    assert len(meta["training_hash"]) == 64
    assert meta["parameters"]["min_positive"] == 5
    assert meta["skipped"] == {"ECO": 0}  # ECO.RARE (1 coded segment) is learned few-shot
    again = run(project, "suggest")
    assert "Reused the saved model" in again.output
    second = [(r.document, r.start, r.code, r.confidence) for r in model_rows(project)]
    assert first == second  # deterministic
    changed = run(project, "suggest", "--min-examples", "6")
    assert "Trained the model" in changed.output


def test_rejected_suggestions_are_not_proposed_again(project: Path) -> None:
    assert run(project, "suggest").exit_code == 0
    with load_project(project).open_store() as store:
        target = review_queue.pending(store, methods=["model"])[0]
        review_queue.decide(store, target.id, "reject", "claire")
    result = run(project, "suggest")
    assert result.exit_code == 0, result.output
    rows = model_rows(project)
    same = [
        r
        for r in rows
        if (r.document, r.start, r.code) == (target.document, target.start, target.code)
    ]
    assert [r.status for r in same] == ["rejected"]
    assert "left out where a coder had already decided" in result.output


def plant_rule_suggestion(store: Store, target: CodingRow) -> None:
    """The rules suggest ``target``'s code on the first 20 characters of its segment."""
    document = store.document(target.document)
    assert document is not None
    rule = Coding(
        document=target.document,
        start=target.start,
        end=target.start + 20,
        code=target.code,
        coder="rules",
        method="rule",
        status="suggested",
        confidence=0.8,
        evidence=f"{target.code}#1: « compost » (threshold 0.35)",
    )
    store.replace_suggestions("rule", [document.id], [(document.id, rule)])


def test_no_second_item_where_a_rule_suggestion_of_the_code_waits(project: Path) -> None:
    assert run(project, "suggest").exit_code == 0
    first = model_rows(project)
    target = next(r for r in first if r.code == "ECO.COMPOST")
    with load_project(project).open_store() as store:
        plant_rule_suggestion(store, target)
    result = run(project, "suggest")
    assert result.exit_code == 0, result.output
    assert (
        "Not suggested again: 1 where a rule suggestion of the same code on the passage waits "
        "for review" in result.output
    )
    second = model_rows(project)
    key = (target.document, target.start, target.code)
    assert key not in {(r.document, r.start, r.code) for r in second}
    # every other suggestion of the first run is still made
    others = {(r.document, r.start, r.code) for r in first} - {key}
    assert others == {(r.document, r.start, r.code) for r in second}
    with load_project(project).open_store() as store:
        queue = review_queue.pending(store, codes=["ECO.COMPOST"], documents=[target.document])
    assert [(s.method, s.start) for s in queue if s.start <= target.start < s.end] == [
        ("rule", target.start)
    ]


def test_the_queue_lists_one_item_per_passage_and_code(project: Path) -> None:
    """A rule suggestion written after the model's (`code` after `suggest`) stands for it in
    the review queue, while it waits and once it is decided."""
    assert run(project, "suggest").exit_code == 0
    target = next(r for r in model_rows(project) if r.code == "ECO.COMPOST")
    with load_project(project).open_store() as store:
        plant_rule_suggestion(store, target)

        def listed() -> list[tuple[str, str]]:
            return [
                (s.method, s.code)
                for s in review_queue.pending(store, documents=[target.document])
                if s.start < target.end and s.end > target.start
            ]

        assert ("rule", "ECO.COMPOST") in listed()
        assert ("model", "ECO.COMPOST") not in listed()  # the rule's item stands for it
        assert len(listed()) == len(set(listed()))
        # asked for the model's suggestions alone, it is there
        model_only = review_queue.pending(store, methods=["model"], documents=[target.document])
        assert target.id in {s.id for s in model_only}
        rule_item = next(
            s
            for s in review_queue.pending(store, documents=[target.document])
            if s.method == "rule"
        )
        review_queue.decide(store, rule_item.id, "reject", "claire")
        assert ("model", "ECO.COMPOST") not in listed()  # decided once: not asked again
        assert store.coding_by_id(target.id).status == "suggested"  # nothing else changed


def test_suggest_never_alters_human_codings(project: Path) -> None:
    def human() -> list[dict]:
        with load_project(project).open_store() as store:
            return store.coding_rows(methods=["manual", "import"])

    before = human()
    assert before
    assert run(project, "suggest").exit_code == 0
    assert run(project, "suggest", "--min-examples", "3").exit_code == 0
    assert human() == before


def test_suggest_without_human_coding_is_a_clear_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "empty", coded_cases=())
    result = run(root, "suggest")
    assert result.exit_code == 1
    assert "Error: no human coding to learn from" in result.output
    assert "ptce-coding codings import" in result.output
    assert not model_rows(root)


def test_estimator_contract_and_unknown_labels() -> None:
    texts = ["compost heap"] * 6 + ["bicycle repair"] * 6 + ["weather report"] * 6
    labels = np.array([[1]] * 6 + [[0]] * 6 + [[-1]] * 6)
    model = SegmentCoder(min_positive=3, folds=3)
    assert model.fit(texts, labels, ["C"]) is model
    assert model.codes_ == ["C"] and model.thresholds_.shape == (1,)
    assert model.fits_["C"].negatives == 6  # unknown rows are left out
    probabilities = model.predict_proba(["compost", "bicycle"])
    assert probabilities[0, 0] > probabilities[1, 0]
    assert model.evidence(["compost heap"], "C")[0][0] in {"compost", "heap", "compost heap"}
    with pytest.raises(ValueError, match="shape"):
        SegmentCoder().fit(texts, labels[:3], ["C"])


def test_language_and_model_settings_are_validated(project: Path) -> None:
    settings = project / "project.yaml"
    original = settings.read_text(encoding="utf-8")
    settings.write_text(original + "model:\n  min_positive: 1\n", encoding="utf-8")
    result = run(project, "suggest")
    assert result.exit_code == 1
    assert "`model.min_positive` must be a whole number of at least 2" in result.output
    settings.write_text(original.replace("language: en", "language: xx-nope"), encoding="utf-8")
    result = run(project, "suggest")
    assert result.exit_code == 1
    assert "spaCy does not know the language 'xx-nope'" in result.output
    settings.write_text(original + "model:\n  min_positive: 7\n", encoding="utf-8")
    result = run(project, "suggest")
    assert result.exit_code == 0, result.output
    assert "Learned from few examples (under 7 coded segments" in result.output
