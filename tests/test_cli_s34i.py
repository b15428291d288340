"""`suggest` says why it suggested nothing and what to do; `matrix` over every coder says
whose codings it counted; `--project DIR` works before the command as after it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.cli.assist import _nothing_suggested
from ptce_coding.tagging.suggest_run import SuggestRun


def _code(project: Path, document: str, words: str, code: str, coder: str) -> None:
    with find_project(project).open_store() as store:
        stored = store.document(document)
        assert stored is not None, document
        start = stored.text.index(words)
        store.add_codings([Coding(document, start, start + len(words), code, coder)])


@pytest.mark.slow  # the French spaCy model
def test_suggest_says_why_nothing_was_suggested(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """It printed « Suggested 0 codings on 7 segments » and nothing else to go on."""
    settings = imported / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "  sentence_vectors: true " in text
    settings.write_text(
        text.replace("  sentence_vectors: true ", "  sentence_vectors: false"), encoding="utf-8"
    )  # no sentence encoder: what is tested is the words printed
    _code(imported, "pole-a/directrice.txt", "nous avons des locaux partagés", "COOP.LIEU", "al")
    result = invoke("suggest")
    assert result.exit_code == 0, result.output
    assert "Suggested 0 codings" in result.output
    assert (
        "Nothing suggested: no code could be learned (a code needs 5 coded segments with it, "
        "or fewer and examples in the codebook, and 2 coded segments without it). Code or "
        "review more segments (`ptce-coding review`: a rejected suggestion is a segment "
        "without its code), or lower --min-examples (2 at least); then run `ptce-coding "
        "suggest` again."
    ) in result.output


def test_the_other_reasons_for_nothing_suggested() -> None:
    learned = SuggestRun(learned={"COOP": 0.8})
    assert _nothing_suggested(learned, 5, 0.35) == (
        "Nothing suggested: no passage scored at or above its code's threshold (and "
        "coding.min_confidence, 0.35). Code more segments so that the codes are learned "
        "better, or lower coding.min_confidence in project.yaml."
    )
    waiting = SuggestRun(learned={"COOP": 0.8}, already_suggested=3)
    assert _nothing_suggested(waiting, 5, 0.35).startswith(
        "Nothing suggested: every passage the model found is decided by a coder already or "
        "waits for review as a rule suggestion. Review the suggestions (`ptce-coding review`)"
    )


def test_matrix_over_every_coder_names_them(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    result = invoke("matrix", "--level", "1", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert (
        "Counted the codings of every coder: alice, bob (--coders NAME,NAME to count only "
        "some)." in result.output
    )
    chosen = invoke("matrix", "--level", "1", "--coders", "alice", "--format", "csv")
    assert chosen.exit_code == 0, chosen.output
    assert "Counted the codings of every coder" not in chosen.output  # its files say whose


def test_matrix_with_suggestions_names_the_taggers_and_the_consensus(
    invoke: Callable[..., Result], suggested: Path
) -> None:
    _code(suggested, "pole-b/membre.md", "locaux partagés", "COOP.LIEU", "alice")
    _code(suggested, "pole-b/membre.md", "grand bureau", "COOP.LIEU", "accord")
    result = invoke("matrix", "--status", "all", "--consensus", "accord", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert (
        "Counted the codings of every coder: alice and the suggestions of the rules tagger, "
        "replaced by accord's decisions where it decided (--coders NAME,NAME to count only "
        "some)." in result.output
    )


def test_project_before_the_command(imported: Path) -> None:
    """`ptce-coding --project DIR documents` was « No such option '--project' », though the
    help's first lines say « with --project DIR »."""
    runner = CliRunner()
    listed = runner.invoke(cli, ["--project", str(imported), "documents", "--format", "csv"])
    assert listed.exit_code == 0, listed.output
    assert "pole-a/directrice.txt,pole-a" in listed.output
    nested = runner.invoke(cli, ["--project", str(imported), "codings", "export", "-"])
    assert nested.exit_code != 2 and "No such option" not in nested.output
    same = runner.invoke(
        cli, ["--project", str(imported), "matrix", "--project", str(imported), "--format", "csv"]
    )
    assert same.exit_code == 0, same.output
    other = imported.parent / "autre"
    twice = runner.invoke(cli, ["--project", str(imported), "matrix", "--project", str(other)])
    assert twice.exit_code == 1
    assert (
        f"Error: --project is given twice, before the command ({imported}) and after it "
        f"({other}): give it once" in twice.output
    )
    init = runner.invoke(cli, ["--project", str(imported), "init", str(other)])
    assert init.exit_code == 1
    assert "Error: --project does not apply to `init`: leave it out" in init.output
    assert not other.exists()
    assert (
        "with --project DIR, before the command or after it"
        in runner.invoke(cli, ["--help"]).output
    )
