"""`ptce-coding suggest`: the assisted tagger learns the planted signal and respects humans."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from ptce_coding.app.project import load_project
from ptce_coding.base.records import Coding, CodingRow
from ptce_coding.cli import cli
from ptce_coding.review import queue as review_queue
from ptce_coding.store import Store
from ptce_coding.tagging.classifier import SegmentCoder
from tests.assist_support import coded_interview, make_project, planted_codes

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
    said = [r.evidence.rsplit(" (threshold", 1)[0].split("): ", 1)[-1] for r in rows]
    terms = [t for words in said for t in words.split(", ")]
    assert not {w for t in terms for w in t.split()} & {"the", "we", "our", "for"}  # stop words
    compost = [r for r in rows if r.code == "ECO.COMPOST"]
    assert any("compost" in r.evidence for r in compost)
    # ECO is learned from the codings under it, but never suggested beside one of them
    children = {(r.document, r.start) for r in rows if r.code != "ECO"}
    assert not [r for r in rows if r.code == "ECO" and (r.document, r.start) in children]
    for row in rows:  # a code learned from one coded segment says how little it rests on
        few = row.code == "ECO.RARE"
        assert row.evidence.startswith("few examples (1 coded segment(s)") is few
        # the others: read among the coded passages where no rule finds the code (none here)
        assert row.evidence.startswith("no rule finding (") is not few
        assert not few or row.confidence <= 1 / 5


def test_model_saved_with_metadata_and_reused_while_nothing_changed(project: Path) -> None:
    assert run(project, "suggest").exit_code == 0
    first = [(r.document, r.start, r.code, r.confidence) for r in model_rows(project)]
    meta = json.loads((project / ".cache" / "model" / "meta.json").read_text(encoding="utf-8"))
    assert set(meta["libraries"]) >= {"scikit-learn", "numpy", "spacy"}
    assert len(meta["training_hash"]) == 64
    assert meta["parameters"]["min_positive"] == 5
    # ECO.RARE (1 coded segment) is learned few-shot; ECO from the codings under it
    assert meta["skipped"] == {}
    assert {"ECO", "ECO.COMPOST", "ECO.BIKE", "ECO.RARE"} <= set(meta["learned"])
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


def add_rule(project: Path, code: str, pattern: str) -> None:
    """Give ``code`` of the project's codebook a rule (a regex)."""
    path = project / "codebooks" / "ptce.yaml"
    book = yaml.safe_load(path.read_text(encoding="utf-8"))
    for child in book["codes"][0]["children"]:
        if child["id"] == code:
            child.setdefault("rules", []).append({"regex": pattern})
    path.write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")


def set_min_confidence(project: Path, value: float) -> None:
    """Set `coding.min_confidence` in the project's settings."""
    settings = project / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    changed = re.sub(r"(?m)^(  min_confidence:) [0-9.]+", rf"\g<1> {value}", text)
    assert changed != text or f"min_confidence: {value}" in text
    settings.write_text(changed, encoding="utf-8")


def rule_rows(project: Path) -> dict[tuple[str, int, str], CodingRow]:
    with load_project(project).open_store() as store:
        rows = store.coding_rows(methods=["rule"], statuses=["suggested"])
    return {(r.document, r.start, r.code): r for r in rows}


def test_no_second_item_where_a_rule_suggestion_of_the_code_waits(project: Path) -> None:
    add_rule(project, "ECO.COMPOST", r"\bcompost\b")
    assert run(project, "code").exit_code == 0
    result = run(project, "suggest")
    assert result.exit_code == 0, result.output
    waiting = [r for r in rule_rows(project).values() if r.case == "case-3"]
    assert waiting and {r.code for r in waiting} == {"ECO.COMPOST"}
    said = re.search(
        r"Not suggested again: (\d+) where a rule suggestion of the same code on the passage "
        "waits for review",
        result.output,
    )
    assert said and int(said.group(1)) >= len(waiting)
    model = model_rows(project)
    # neither ECO.COMPOST nor ECO (the code above it) on a passage where the rule's waits
    assert not [
        m
        for m in model
        for r in waiting
        if m.code in ("ECO.COMPOST", "ECO")
        and m.document == r.document
        and m.start < r.end
        and m.end > r.start
    ]
    assert {m.code for m in model} >= {"ECO.BIKE"}  # what no rule finds is still suggested
    with load_project(project).open_store() as store:
        queue = review_queue.pending(store, codes=["ECO.COMPOST"])
    on_waiting = [
        s.method
        for s in queue
        for r in waiting
        if s.document == r.document and s.start < r.end and s.end > r.start
    ]
    assert on_waiting and set(on_waiting) == {"rule"}


def test_suggest_weighs_the_rule_suggestions_with_the_model(project: Path) -> None:
    """One score per (passage, code): the model trained on the group's coding raises the rule
    findings it agrees with and lowers the others; `code` reads the saved model while the
    coding it was trained on is the same, and says so when it is not."""
    add_rule(project, "ECO.COMPOST", r"\bcompost\b")
    add_rule(project, "ECO.BIKE", r"\bvolunteers?\b")  # also fires on compost passages
    set_min_confidence(project, 0.0)
    assert run(project, "code").exit_code == 0
    before = rule_rows(project)
    assert all("model (" not in r.evidence for r in before.values())
    human = model_human(project)
    result = run(project, "suggest")
    assert result.exit_code == 0, result.output
    assert "Rule suggestions weighed again:" in result.output
    assert "Weighed with the model trained on your coding:" in result.output
    after = rule_rows(project)
    assert set(after) == set(before)  # every finding is written at threshold 0
    assert model_human(project) == human  # manual and imported codings untouched
    segments = segment_texts(project)
    right = wrong = 0
    for key, row in after.items():
        if row.case != "case-3":  # coded by claire: the model learned from them, reads none
            assert "model (" not in row.evidence
            assert row.confidence == before[key].confidence
            continue
        assert f"model ({row.code}, " in row.evidence and " coded segments): ×" in row.evidence
        if row.code in planted_codes(segments[(row.document, row.start)]):
            right += 1
            assert row.confidence > before[key].confidence
        else:
            wrong += 1
            assert row.confidence < before[key].confidence
    assert right and wrong

    # `code` again: the saved model, trained on this coding, weighs the findings the same way
    again = run(project, "code")
    assert "Weighed with the model trained on your coding:" in again.output
    assert {k: r.confidence for k, r in rule_rows(project).items()} == {
        k: r.confidence for k, r in after.items()
    }
    whole = run(project, "run")  # the main job codes the same way, and says so
    assert whole.exit_code == 0, whole.output
    assert "Weighed with the model trained on your coding:" in whole.output
    # one more coded segment: the saved model is read still and `code` says it changed since
    # (past a tenth of its segments it goes without: tests/test_model_note_s38x3.py)
    row = next(r for r in before.values() if r.case == "case-3")
    extra = project / "extra.csv"
    extra.write_text(
        f"document,start,end,code,coder\n{row.document},{row.start},{row.end},ECO.RARE,claire\n",
        encoding="utf-8",
    )
    assert run(project, "codings", "import", str(extra)).exit_code == 0
    stale = run(project, "code")
    assert "(the coding of 1 segment changed since: run `ptce-coding suggest`" in " ".join(
        stale.output.split()
    )
    assert any("model (" in r.evidence for r in rule_rows(project).values())


def segment_texts(project: Path) -> dict[tuple[str, int], str]:
    """(document, start of a rule suggestion) -> the text of the segment holding it."""
    with load_project(project).open_store() as store:
        spans = [
            (d.name, s.start, s.end, d.text[s.start : s.end])
            for d in store.documents()
            for s in store.segments(d.id)
        ]
    rows = rule_rows(project).values()
    return {
        (r.document, r.start): next(
            t for n, s, e, t in spans if n == r.document and s <= r.start < e
        )
        for r in rows
    }


def model_human(project: Path) -> list[CodingRow]:
    with load_project(project).open_store() as store:
        return store.coding_rows(methods=["manual", "import"])


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
    settings.write_text(original.replace("min_positive: 5", "min_positive: 1"), encoding="utf-8")
    result = run(project, "suggest")
    assert result.exit_code == 1
    assert "`model.min_positive` must be a whole number of at least 2" in result.output
    settings.write_text(original.replace("language: en", "language: xx-nope"), encoding="utf-8")
    result = run(project, "suggest")
    assert result.exit_code == 1
    assert "spaCy does not know the language 'xx-nope'" in result.output
    settings.write_text(original.replace("min_positive: 5", "min_positive: 7"), encoding="utf-8")
    result = run(project, "suggest")
    assert result.exit_code == 0, result.output
    assert "Learned from few examples (under 7 coded segments" in result.output


def test_the_queue_lists_a_rule_suggestion_of_a_code_for_the_axis_above_it(
    project: Path,
) -> None:
    """A model suggestion of an axis (ECO) is not listed where a rule suggestion of a code
    under it (ECO.COMPOST) waits on the passage, when the queue knows the codebook."""
    assert run(project, "suggest").exit_code == 0
    target = next(r for r in model_rows(project) if r.code == "ECO.COMPOST")
    book = load_project(project).load_codebook()
    with load_project(project).open_store() as store:
        document = store.document(target.document)
        assert document is not None
        axis = Coding(
            document=target.document,
            start=target.start,
            end=target.end,
            code="ECO",
            coder="model",
            method="model",
            status="suggested",
            confidence=0.7,
            evidence="compost (threshold 0.50)",
        )
        store.replace_suggestions("model", [document.id], [(document.id, axis)])
        plant_rule_suggestion(store, target)

        def listed(**options) -> list[tuple[str, str]]:
            return [
                (s.method, s.code)
                for s in review_queue.pending(store, documents=[target.document], **options)
                if s.start < target.end and s.end > target.start
            ]

        assert ("model", "ECO") in listed()  # without the codebook: two items
        assert listed(above=book.above) == [("rule", "ECO.COMPOST")]


def test_a_calibrated_suggestion_meets_the_projects_threshold_too(project: Path) -> None:
    """`coding.min_confidence` holds for the model's calibrated suggestions as for the rules'
    (the default favours precision); a code learned from few examples keeps its own scaled
    threshold, else it could hardly ever be suggested."""
    set_min_confidence(project, 0.0)
    assert run(project, "suggest").exit_code == 0
    every = model_rows(project)
    calibrated = [r.confidence for r in every if not r.evidence.startswith("few examples")]
    assert calibrated
    cut = round(max(calibrated) + 0.00005, 5)  # above every calibrated suggestion
    assert cut < 1.0
    set_min_confidence(project, cut)
    result = run(project, "suggest")
    assert result.exit_code == 0, result.output
    # the threshold also sets which rule suggestions exist, and so the share of the passages
    # without a rule finding that have a code, which the model's reading of them weighs
    # (model_evidence.given_no_rule): the same passage may read surer now; whatever is
    # written meets the threshold
    kept = [r.confidence for r in model_rows(project)]
    assert all(value >= cut for value in kept), kept
    assert len(kept) < len(calibrated)
    # every code learned from few examples (under 50): suggested at its own scaled threshold
    result = run(project, "suggest", "--min-examples", "50")
    assert result.exit_code == 0, result.output
    few = model_rows(project)
    assert few and all(r.evidence.startswith("few examples") for r in few)
    assert all(r.confidence < cut for r in few)


def test_evaluate_scores_the_weighed_rules_by_cross_validation(project: Path) -> None:
    """`evaluate --tagger weighed`: each fold's model, trained on the other case, reads the
    held-out one and the rules run again there, in memory; beside them the rules alone by the
    same folds. The wrong findings of a rule (volunteers → ECO.BIKE on compost passages) are
    dropped by the model's reading, and the store is not changed."""
    add_rule(project, "ECO.COMPOST", r"\bcompost\b")
    add_rule(project, "ECO.BIKE", r"\bvolunteers?\b")  # also fires on compost passages
    assert run(project, "code").exit_code == 0
    with load_project(project).open_store() as store:
        before = store.coding_rows()
    result = CliRunner().invoke(
        cli,
        [
            "evaluate",
            "--tagger",
            "weighed",
            "--level",
            "average",
            "--format",
            "json",
            "--project",
            str(project),
        ],
    )
    assert result.exit_code == 0, result.output
    micro = {row["tagger"]: row for row in json.loads(result.stdout) if row["level"] == "micro"}
    assert set(micro) == {"rules-cv", "weighed"}
    assert "an optimistic figure" not in result.stderr  # no stored `rules` row to warn about
    alone, weighed = micro["rules-cv"], micro["weighed"]
    assert alone["support"] == weighed["support"] > 0
    assert weighed["predicted"] < alone["predicted"]  # the wrong findings are not suggested
    assert weighed["precision"] > alone["precision"]
    assert weighed["recall"] >= alone["recall"] - 1e-9
    with load_project(project).open_store() as store:
        assert store.coding_rows() == before  # scored in memory


def test_a_code_every_coded_segment_has_is_skipped_for_that_reason(tmp_path: Path) -> None:
    """Suggestions accepted and none rejected: the model has no segment without those codes
    to learn from. `suggest` says so (with and without counts), not « fewer than 5 coded
    segments », which the few-shot learning would contradict."""
    root = coded_interview(tmp_path / "study")
    review = CliRunner().invoke(
        cli,
        [
            "review",
            "--coder",
            "claire",
            "--code",
            "COOP.MUTUALISATION.LIEU",
            "--project",
            str(root),
        ],
        input="a\nq\n",
    )
    assert review.exit_code == 0, review.output
    result = CliRunner().invoke(cli, ["suggest", "--project", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert (
        "that fewer than 2 coded segments are known to be without, so nothing to tell them from"
        in said
    )
    assert "No interview is coded by hand" in said  # only suggestions accepted in review
    assert "COOP.MUTUALISATION.LIEU (1 with it, 0 without)" in said
    assert "COOP (1 with it, 0 without)" in said
    assert "fewer than 5 coded segments" not in said
    codes = len(load_project(root).load_codebook().codes)
    skipped = re.search(r"Skipped (\d+) codes that", said)
    uncoded = re.search(r"(\d+) codes have no coded segment yet", said)
    assert skipped and uncoded
    assert int(skipped.group(1)) + int(uncoded.group(1)) == codes  # each code counted once
