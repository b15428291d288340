"""`matrix` says how much of what it counts rests on suggestions accepted by threshold
(`review --accept-above`), per coder, and `--without-threshold` counts them as the tagger's
suggestions, as `agreement` compares them (session 39, B)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from openpyxl import load_workbook

from tests.test_agreement_threshold_s38b import batch_waiting

__all__ = ["batch_waiting"]  # the fixture, used by name


def counts(result: Result) -> dict[str, dict[str, str]]:
    assert result.exit_code == 0, result.output
    return {row["case"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


def rested(path: Path) -> dict[str, dict[str, object]]:
    """The `by_threshold` sheet of a matrix workbook: case → code → cell."""
    rows = list(load_workbook(path)["by_threshold"].iter_rows(values_only=True))
    return {str(row[0]): dict(zip(map(str, rows[0][1:]), row[1:], strict=True)) for row in rows[1:]}


def test_the_matrix_says_what_rests_on_acceptances_by_threshold(
    invoke: Callable[..., Result], batch_waiting: Path
) -> None:
    done = invoke("review", "--accept-above", "0.8", "--coder", "bob", "--yes")
    assert done.exit_code == 0, done.output
    counted = invoke("matrix", "--coder", "bob", "--format", "csv")
    # bob's COOP.LIEU and ECO.PUBLIC on b2 were accepted by threshold: counted as his
    assert (counts(counted)["pole-b"]["COOP.LIEU"], counts(counted)["pole-b"]["ECO.PUBLIC"]) == (
        "1",
        "2",
    )
    assert (
        "Among the codings counted, bob: 2 of their 7 codings are suggestions accepted by "
        "threshold (confidence ≥ 0.8), not read one by one. --without-threshold counts them "
        "as the tagger's suggestions, as `agreement` compares them." in counted.stderr
    )
    assert "The `by_threshold` sheet of the .xlsx says how much of each cell rests on them." in (
        counted.stderr
    )
    folder = batch_waiting / "outputs" / "matrices"
    bob = rested(folder / "case-x-code-count-coders-bob.xlsx")
    assert (bob["pole-b"]["COOP.LIEU"], bob["pole-b"]["ECO.PUBLIC"]) == (1, 1)  # of 1, of 2
    assert set(bob["pole-a"].values()) == {0}
    pooled = invoke("matrix")
    assert "alice:" not in pooled.output  # alice read all hers: nothing to say of her
    assert "bob: 2 of their 7 codings are suggestions accepted by threshold" in pooled.output
    # alice coded b2 COOP.LIEU too: it rests on no acceptance by threshold; ECO.PUBLIC on b2 does
    every = rested(folder / "case-x-code-count.xlsx")
    assert (every["pole-b"]["COOP.LIEU"], every["pole-b"]["ECO.PUBLIC"]) == (0, 1)


def test_without_threshold_counts_only_what_was_read(
    invoke: Callable[..., Result], batch_waiting: Path
) -> None:
    assert invoke("review", "--accept-above", "0.8", "--coder", "bob", "--yes").exit_code == 0
    read = invoke("matrix", "--coder", "bob", "--without-threshold", "--format", "csv")
    assert (counts(read)["pole-b"]["COOP.LIEU"], counts(read)["pole-b"]["ECO.PUBLIC"]) == (
        "0",
        "1",
    )
    assert (
        "--without-threshold: bob: 2 of their 7 codings are suggestions accepted by threshold "
        "(confidence ≥ 0.8), not read one by one: left out (the tagger's suggestions, not "
        "accepted)." in read.stderr
    )
    # its files are its own, never over the matrix that counts them
    folder = batch_waiting / "outputs" / "matrices"
    assert (folder / "case-x-code-count-coders-bob-without-threshold.csv").exists()
    assert not (folder / "case-x-code-count-coders-bob.csv").exists()
    # with the suggestions counted, they are the rules' again (b2 coded by alice too)
    every = invoke("matrix", "--status", "all", "--without-threshold", "--format", "csv")
    assert counts(every)["pole-b"]["COOP.LIEU"] == "1"
    assert "not read one by one: counted as the tagger's suggestions." in every.stderr


def test_without_threshold_refuses_a_coder_who_read_nothing(
    invoke: Callable[..., Result], batch_waiting: Path
) -> None:
    done = invoke("review", "--accept-above", "0.8", "--coder", "doctorante", "--yes")
    assert done.exit_code == 0, done.output
    refused = invoke("matrix", "--coder", "doctorante", "--without-threshold")
    assert refused.exit_code == 1
    assert (
        "every coding of doctorante is a suggestion accepted by threshold (`review "
        "--accept-above`), not read one by one: --without-threshold leaves nothing of theirs "
        "to count" in refused.output
    )
    assert "Traceback" not in refused.output
    # pooled: nothing of theirs is counted, and the note of whose codings counted says so
    pooled = invoke("matrix", "--without-threshold")
    assert "Counted the codings of every coder: alice, bob (" in pooled.output
    assert "Counted the codings of every coder: alice, bob, doctorante" in invoke("matrix").output


def test_without_threshold_says_when_it_leaves_nothing_out(
    invoke: Callable[..., Result], batch_waiting: Path
) -> None:
    read = invoke("matrix", "--without-threshold")
    assert read.exit_code == 0, read.output
    assert (
        "--without-threshold: no coding counted here was accepted by threshold (`review "
        "--accept-above`): the counts are the same without the option." in read.output
    )
    plain = invoke("matrix")
    assert "accepted by threshold" not in plain.output
    assert (
        "by_threshold"
        not in load_workbook(
            batch_waiting / "outputs" / "matrices" / "case-x-code-count.xlsx"
        ).sheetnames
    )
