"""`progress` tells acceptances by threshold apart (session 38, after B5): the suggestions a
coder decided with `review --accept-above` were not read one by one, and the coordinator
sees how many, per document, beside those decided."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.test_group_coding import ASSIGNMENTS, B, progress_of, review_as


@pytest.mark.slow  # the French spaCy model
def test_progress_counts_the_acceptances_by_threshold(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    assert invoke("run").exit_code == 0
    with (tmp_project / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write(ASSIGNMENTS)
    batch = ["review", "--accept-above", "0", "--yes", "--coder", "encadrant", "--document", B]
    accepted = invoke(*batch)
    assert accepted.exit_code == 0, accepted.output
    read = review_as(tmp_project, "doctorante", "a")  # one read one by one, then quit
    assert read.exit_code == 0, read.output
    progress = progress_of(invoke)
    by_batch = progress[("encadrant", B)]
    assert by_batch["decided"] >= 1 and by_batch["by_threshold"] == by_batch["decided"]
    one = progress[("doctorante", "pole-a/directrice.txt")]
    assert (one["decided"], one["by_threshold"]) == (1, 0)
