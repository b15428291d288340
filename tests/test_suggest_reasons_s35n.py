"""`suggest` says the true reason when a code cannot be learned: where the coding comes from
review alone, no interview is coded by hand and no segment is known to be without a code (it
said « codes that (almost) every coded segment has » of codes on 1 segment of 3). And with
nothing accepted nor rejected it stops at once, before the language model is loaded."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.app.project import find_project
from ptce_coding.base.errors import PtceError
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.tagging import classifier_coding

INTERVIEW = (
    "E : Comment est né le pôle ?\n\n"
    "Marie : Je suis entrepreneur salarié de la coopérative d'activité et d'emploi.\n\n"
    "E : Et les locaux ?\n\n"
    "Marie : On partage un lieu commun, des locaux partagés avec les autres structures.\n\n"
    "E : Et la gouvernance ?\n\n"
    "Marie : Le conseil d'administration de l'association du pôle se réunit chaque mois.\n"
)
DOCUMENT = "pole-a/e1.txt"


def _no_language_model(language: str) -> None:
    raise AssertionError(f"the language model ({language}) was loaded")


def test_suggest_with_nothing_decided_stops_before_the_language_model(
    imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It parsed every interview (~50 s on the trial's machine) before saying so."""
    monkeypatch.setattr(classifier_coding, "pipeline_for", _no_language_model)
    result = CliRunner().invoke(cli, ["suggest", "--project", str(imported)])
    assert result.exit_code == 1, result.output
    assert "Error: no human coding to learn from" in result.output
    assert "ptce-coding codings import" in result.output
    project = find_project(imported)
    with project.open_store() as store, pytest.raises(PtceError, match="no human coding"):
        classifier_coding.suggest(
            store,
            project.load_codebook(),
            project.model_settings(),
            project.coding,
            project.cache_path,
        )


def _invoke(root: Path, *args: str, given: str | None = None) -> Result:
    result = CliRunner().invoke(cli, [*args, "--project", str(root)], input=given)
    assert result.exit_code == 0, result.output
    return result


def _interview(root: Path, *, sentence_vectors: bool = False) -> Path:
    """A new project with the default codebook and the trial's interview, imported (without
    the sentence encoder unless asked: what is tested is the words printed)."""
    CliRunner().invoke(cli, ["init", str(root)])
    settings = root / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "  sentence_vectors: true " in text
    if not sentence_vectors:
        settings.write_text(text.replace("  sentence_vectors: true ", "  sentence_vectors: false"))
    (root / "corpus" / "pole-a").mkdir(parents=True)
    (root / "corpus" / DOCUMENT).write_text(INTERVIEW, encoding="utf-8")
    _invoke(root, "import", str(root / "corpus"))
    return root


def _reviewed_only(root: Path) -> Path:
    """The trial: the rules' suggestions all accepted in review, no coding by hand (the
    rules' confidence reads the sentence encoder: as in the trial, 4 suggestions)."""
    _interview(root, sentence_vectors=True)
    _invoke(root, "code")
    accepted = _invoke(root, "review", "--accept-above", "0", "--coder", "doc", given="y\n")
    assert "Accepted 4 suggestions as doc" in accepted.output
    return root


def _said(result: Result) -> str:
    return " ".join(result.output.split())


@pytest.mark.slow  # the French spaCy model, the sentence encoder
def test_review_alone_is_said_to_leave_no_segment_without_a_code(tmp_path: Path) -> None:
    root = _reviewed_only(tmp_path / "p")
    said = _said(_invoke(root, "suggest"))
    assert "every coded segment" not in said  # each code is on 1 of the 3 segments
    assert (
        "Skipped 8 codes that fewer than 2 coded segments are known to be without, so nothing "
        "to tell them from: COOP (1 with it, 0 without), "
    ) in said
    assert (
        "No interview is coded by hand, and an accepted suggestion says where a code is, not "
        "where it is not: only a rejected suggestion shows a segment without its code. Code "
        "passages of an interview by hand (`ptce-coding serve`, or `ptce-coding codings "
        "import`: the segments up to your last coding that you leave without a code count as "
        "without it), or reject the wrong suggestions (`ptce-coding review`)."
    ) in said
    assert (
        "and 2 coded segments without it). No interview is coded by hand (see above): code "
        "passages of one by hand, or reject the wrong suggestions; then run `ptce-coding "
        "suggest` again."
    ) in said
    # the advice holds: the last passage coded by hand, the three segments before its end
    # are known to be without the codes they lack, and the codes are learned
    with find_project(root).open_store() as store:
        text = store.document(DOCUMENT).text
    start = text.index("Marie : Le conseil")
    with (root / "hand.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "start", "end", "code", "coder"])
        writer.writerow([DOCUMENT, start, len(text.rstrip()), "GOUV.CA", "claire"])
    _invoke(root, "codings", "import", str(root / "hand.csv"))
    said = _said(_invoke(root, "suggest"))
    assert "known to be without" not in said
    assert "COOP (1)" in said.split("Learned from few examples")[1]


@pytest.mark.slow  # the French spaCy model
def test_codes_of_every_hand_coded_segment_keep_their_own_reason(tmp_path: Path) -> None:
    """With an interview coded by hand, the reason is the codes it has everywhere: no word of
    an interview coded by nobody."""
    root = _interview(tmp_path / "p")
    with find_project(root).open_store() as store:
        text = store.document(DOCUMENT).text
        answers = [text.index(words) for words in ("Marie : Je", "Marie : On", "Marie : Le")]
        store.add_codings(
            [
                Coding(DOCUMENT, start, text.index("\n", start), "COOP.MUTUALISATION", "claire")
                for start in answers
            ]
        )
    said = _said(_invoke(root, "suggest"))
    assert (
        "Skipped 2 codes that fewer than 2 coded segments are known to be without, so nothing "
        "to tell them from: COOP (3 with it, 0 without), COOP.MUTUALISATION (3 with it, 0 "
        "without). A segment is known to be without a code in an interview coded by hand (up "
        "to its last coding) or where a reviewer rejected a suggestion of it: code or review "
        "segments where they do not apply."
    ) in said
    assert "No interview is coded by hand" not in said
