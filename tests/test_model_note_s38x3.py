"""What `code` says of the model `suggest` saved once the coding changed since its training:
read after a few decisions, with when and on what it was trained; not read after more, with
how many rule suggestions its weighing had written are no longer written (trial T, session
38). Needs app/workflow.py, tagging/rule_coding.py and cli/common.py as patched by X3."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ptce_coding.app.project import load_project
from tests.assist_support import make_project
from tests.test_saved_model_s38x3 import human_and_decided, run, suggested_rules
from tests.test_suggest import add_rule, set_min_confidence

pytestmark = pytest.mark.slow  # the sentence encoder and the spaCy pipeline


def import_rare(project: Path, segments: int) -> None:
    """claire codes ECO.RARE on ``segments`` of the segments she coded (compost or bicycles)
    without it: the coding of each changes."""
    with load_project(project).open_store() as store:
        rows = store.coding_rows(coders=["claire"])
    rare = {(r.document, r.start) for r in rows if r.code == "ECO.RARE"}
    spans = sorted({(r.document, r.start, r.end) for r in rows})
    chosen = [(d, s, e) for d, s, e in spans if (d, s) not in rare][:segments]
    assert len(chosen) == segments
    lines = "".join(f"{d},{s},{e},ECO.RARE,claire\n" for d, s, e in chosen)
    path = project / f"rare-{segments}.csv"
    path.write_text(f"document,start,end,code,coder\n{lines}", encoding="utf-8")
    result = run(project, "codings", "import", str(path))
    assert result.exit_code == 0, result.output


def test_code_says_what_the_saved_model_was_trained_on_and_what_goes_without_it(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "study")
    add_rule(project, "ECO.COMPOST", r"\bcompost\b")
    add_rule(project, "ECO.BIKE", r"\bvolunteers?\b")
    set_min_confidence(project, 0.7)  # above every rule confidence without the model
    assert run(project, "code").exit_code == 0
    result = run(project, "suggest")
    assert result.exit_code == 0, result.output
    raised = {k for k, r in suggested_rules(project).items() if "model (" in (r.evidence or "")}
    assert len(raised) == 7  # case-3's compost findings, written only with the model

    import_rare(project, 1)
    one = run(project, "code")
    assert one.exit_code == 0, one.output
    said = re.search(
        r"Weighed with the model `suggest` trained on \d+ \w{3} \d{4} at \d\d:\d\d UTC on 45 "
        r"coded segments \(the coding of 1 segment changed since: run `ptce-coding suggest` "
        r"to train it on the present coding\): \d+ finding\(s\) \(7 written only with it",
        " ".join(one.output.split()),
    )
    assert said, one.output
    assert set(suggested_rules(project)) >= raised

    import_rare(project, 4)  # 4 segments more: 5 changed, more than a tenth of 45
    kept = human_and_decided(project)
    more = run(project, "code")
    assert more.exit_code == 0, more.output
    assert (
        "is not read: the coding of 5 segments changed since, more than the 4 (a tenth) it is "
        "read with; 7 rule suggestions written earlier with its weighing are not written "
        "without it (run `ptce-coding suggest` to weigh them with it again)"
    ) in " ".join(more.output.split())
    assert not set(suggested_rules(project)) & raised
    assert human_and_decided(project) == kept  # codings and decisions untouched by `code`

    again = run(project, "suggest")  # trained on the present coding: weighed again
    assert "Trained the model" in again.output
    assert set(suggested_rules(project)) >= raised
