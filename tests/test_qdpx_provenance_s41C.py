"""A REFI-QDA round trip keeps how each coding was made (session 41, C; trial s40-T, defect
4): `export qdpx`, then `import` of the file into a fresh project, gives back the codings
made by hand, the suggestions accepted by threshold (the matrix says so again) and the
suggestions rejected (not suggested again), with their method, confidence and evidence; the
file still reads as a plain REFI-QDA project elsewhere (checked against its schema by the
export, and by the existing interop tests)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.store import Store
from tests.conftest import DATA
from tests.test_agreement_cli import segment_spans

# a rule suggestion alice coded and bob did not (COOP.LIEU on b2), one nobody coded, and one
# under the threshold that alice rejects
SUGGESTED = [("COOP.LIEU", "b2", 0.9), ("ECO.PUBLIC", "b2", 0.85), ("COOP.ACHATS", "b4", 0.4)]
DOCUMENT = "pole-b/membre.md"
VARIABLE = "coding_provenance"  # qdpx_provenance.VARIABLE


@pytest.fixture
def decided(invoke: Callable[..., Result], two_coders: Path) -> Path:
    """alice and bob coded both interviews (imported); rule suggestions in pole-b: bob
    accepts two by threshold, alice rejects the third one; alice codes a passage by hand."""
    spans = segment_spans(invoke, two_coders)
    with Store(two_coders / "coding.sqlite") as store:
        document = store.document(DOCUMENT)
        assert document is not None
        made = [
            (
                document.id,
                Coding(
                    document.name,
                    spans[unit][1],
                    spans[unit][2],
                    code,
                    "rules",
                    "rule",
                    "suggested",
                    confidence=confidence,
                    evidence=f"{code}#1: « words »",
                ),
            )
            for code, unit, confidence in SUGGESTED
        ]
        store.replace_suggestions("rule", [document.id], made)
        _, start, end = spans["b4"]
        store.add_manual_coding(DOCUMENT, start, end, "COOP.LIEU", "alice")
    done = invoke("review", "--accept-above", "0.8", "--coder", "bob", "--yes")
    assert "Accepted 2 suggestions as bob, by threshold" in done.output, done.output
    rejected = CliRunner().invoke(
        cli,
        ["review", "--coder", "alice", "--code", "COOP.ACHATS", "--project", str(two_coders)],
        input="rq",
    )
    assert rejected.exit_code == 0, rejected.output
    return two_coders


def rows(root: Path) -> set[tuple[object, ...]]:
    """Every coding as it was made (no id, no date)."""
    with Store(root / "coding.sqlite") as store:
        thresholds = store.threshold_acceptances()
        return {
            (
                row.document,
                row.start,
                row.end,
                row.code,
                row.coder,
                row.method,
                row.status,
                row.confidence,
                row.evidence,
                row.suggested_by,
                row.reviewed_by,
                thresholds.get(row.id),
            )
            for row in store.coding_rows(with_text=False)
        }


def fresh(tmp_path: Path) -> Path:
    root = tmp_path / "fresh"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    shutil.copyfile(DATA / "codebook.yaml", root / "codebooks" / "ptce.yaml")
    return root


def test_a_round_trip_keeps_how_codings_were_made(
    invoke: Callable[..., Result], decided: Path, tmp_path: Path
) -> None:
    file = tmp_path / "study.qdpx"
    exported = invoke("export", "qdpx", str(file))
    assert exported.exit_code == 0, exported.output
    root = fresh(tmp_path)
    imported = CliRunner().invoke(cli, ["import", str(file), "--project", str(root)])
    assert imported.exit_code == 0, imported.output
    assert rows(root) == rows(decided)
    assert (
        f"2 of them by threshold) and 1 rejected suggestion: in the variable « {VARIABLE} » "
        "of 2 documents" in exported.output
    )
    with zipfile.ZipFile(file) as archive:  # a variable of the sources, no new element
        assert f'name="{VARIABLE}" typeOfVariable="Text"' in archive.read("project.qde").decode()
    assert (
        "As they were made (variable « coding_provenance »): 1 by hand, 11 imported from a "
        "file, 2 suggestions accepted (2 by threshold), 1 rejected, 0 waiting" in imported.output
    )
    # the matrix says again which codings rest on acceptances by threshold
    matrix = CliRunner().invoke(cli, ["matrix", "--project", str(root)])
    assert matrix.exit_code == 0, matrix.output
    assert "bob: 2 of their 7 codings are suggestions accepted by threshold" in matrix.output
    # the rejected suggestion is decided: a tagger's run does not write it again
    with Store(root / "coding.sqlite") as store:
        document = store.document(DOCUMENT)
        assert document is not None
        rejected = next(
            row for row in store.coding_rows(with_text=False) if row.status == "rejected"
        )
        again = Coding(
            DOCUMENT, rejected.start, rejected.end, rejected.code, "rules", "rule", "suggested"
        )
        assert store.replace_suggestions("rule", [document.id], [(document.id, again)]) == (0, 0)
        assert document.attributes.get(VARIABLE) is None  # no attribute to group by
    # the same file again: nothing new
    twice = CliRunner().invoke(cli, ["import", str(file), "--project", str(root)])
    assert twice.exit_code == 0, twice.output
    assert "0 codings added" in twice.output
    assert "3 decision(s) already there" in twice.output
    assert rows(root) == rows(decided)


def test_a_provenance_that_does_not_fit_is_said_and_left_out(
    invoke: Callable[..., Result], decided: Path, tmp_path: Path
) -> None:
    """A variable edited in another tool (here: broken JSON) is left out with a warning: the
    codings are imported as plain imports, the rejections are not."""
    file = tmp_path / "study.qdpx"
    assert invoke("export", "qdpx", str(file)).exit_code == 0
    edited = tmp_path / "edited.qdpx"
    with zipfile.ZipFile(file) as source, zipfile.ZipFile(edited, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "project.qde":
                data = data.replace(b"<TextValue>{&quot;codings", b"<TextValue>{codings", 1)
                data = data.replace(b'<TextValue>{"codings', b"<TextValue>{codings", 1)
            target.writestr(item, data)
    root = fresh(tmp_path)
    imported = CliRunner().invoke(cli, ["import", str(edited), "--project", str(root)])
    assert imported.exit_code == 0, imported.output
    assert f"its variable « {VARIABLE} » does not fit its text (it is not JSON" in imported.output
    assert "Traceback" not in imported.output


def test_blind_second_decisions_and_passages_chosen_survive(
    invoke: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    """A second coder's blind decision stays a decision of its own on the same suggestion,
    and a suggestion accepted on a wider passage keeps the passage suggested."""
    with Store(imported / "coding.sqlite") as store:
        document = store.document("pole-a/directrice.txt")
        assert document is not None
        made = []
        for words, code in (("locaux partagés", "COOP.LIEU"), ("achats groupés", "COOP.ACHATS")):
            start = document.text.index(words)
            coding = Coding(
                document.name, start, start + len(words), code, "rules", "rule", "suggested"
            )
            made.append((document.id, replace(coding, confidence=0.7, evidence="rule words")))
        store.replace_suggestions("rule", [document.id], made)
        ids = {row.code: row.id for row in store.coding_rows(with_text=False)}
        store.review(ids["COOP.LIEU"], "accepted", "alice")
        store.review(ids["COOP.LIEU"], "rejected", "bob")
        start = document.text.index("achats groupés")
        store.review(ids["COOP.ACHATS"], "accepted", "alice", span=(start - 5, start + 20))
        store.review(ids["COOP.ACHATS"], "accepted", "bob")
    file = tmp_path / "study.qdpx"
    assert invoke("export", "qdpx", str(file)).exit_code == 0
    root = fresh(tmp_path)
    imported_again = CliRunner().invoke(cli, ["import", str(file), "--project", str(root)])
    assert imported_again.exit_code == 0, imported_again.output
    assert rows(root) == rows(imported)
    with Store(root / "coding.sqlite") as store:
        second = [row for row in store.coding_rows(with_text=False) if row.origin]
        assert sorted((row.reviewed_by, row.status) for row in second) == [
            ("bob", "accepted"),
            ("bob", "rejected"),
        ]
        assert list(store.suggested_spans(row.id for row in store.coding_rows()).values()) == [
            (start, start + len("achats groupés"))
        ]
