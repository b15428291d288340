"""`progress` counts what each coder coded by hand (session 39, T2)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from click.testing import Result


def test_progress_counts_what_each_coder_coded_by_hand(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    """alice and bob imported their codings (no suggestion decided): `progress` says how
    many codings each made in each assigned document, not only the suggestions decided."""
    with (two_coders / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\nassignments:\n  coders:\n    alice: [pole-a]\n    bob: [pole-b]\n")
    result = invoke("progress", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = {(r["coder"], r["document"]): r for r in csv.DictReader(io.StringIO(result.stdout))}
    # ALICE codes a2, a4, a5 (pole-a) four times; BOB codes b4 (pole-b) once
    assert rows[("alice", "pole-a/directrice.txt")]["coded"] == "4"
    assert rows[("bob", "pole-b/membre.md")]["coded"] == "1"
    assert rows[("bob", "pole-b/membre.md")]["decided"] == "0"
