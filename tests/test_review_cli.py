"""`ptce-coding review`: the terminal loop, batch acceptance, the spreadsheet round trip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from ptce_coding.app.project import load_project
from ptce_coding.cli import cli
from ptce_coding.review import queue as review_queue
from ptce_coding.review.suggestion import Suggestion
from tests.assist_support import make_project

pytestmark = pytest.mark.slow  # every test reviews suggestions of the French spaCy model


@pytest.fixture(scope="module")
def suggested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("review") / "study")
    result = CliRunner().invoke(cli, ["suggest", "--project", str(root)])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def project(suggested: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "study"
    shutil.copytree(suggested, copy)
    return copy


def run(project: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, [*args, "--project", str(project)], input=input)


def statuses(project: Path) -> dict[int, tuple[str, str | None]]:
    with load_project(project).open_store() as store:
        return {r.id: (r.status, r.reviewed_by) for r in store.coding_rows(methods=["model"])}


def queue(project: Path, order: str = "document") -> list[Suggestion]:
    with load_project(project).open_store() as store:
        return review_queue.pending(store, order=order)


def test_review_loop_records_decisions_and_undo(project: Path) -> None:
    first, second, third = queue(project)[:3]
    # accept the first, reject the second, undo that rejection, skip it, then quit
    result = run(project, "review", "--coder", "alice", input="arusq")
    assert result.exit_code == 0, result.output
    assert "Composting" in result.output or "Bicycles" in result.output  # code label shown
    assert re.search(r"\[model · confidence \d\.\d\d\]", result.output)
    assert re.search(r"evidence: .*\(threshold 0\.\d\d\)", result.output)
    assert "Interviewer: Can you tell me more?" in result.output  # the turn before
    assert "Undone:" in result.output
    assert (  # issue 20: decisions as they stand (the undone one is not counted)
        "1 accepted (0 on another passage), 0 rejected, 0 moved to another code, 1 skipped, "
        "1 undone by alice" in result.output
    )
    now = statuses(project)
    assert now[first.id] == ("accepted", "alice")
    assert now[second.id] == ("suggested", None)
    assert now[third.id] == ("suggested", None)
    with load_project(project).open_store() as store:
        events = [e["action"] for e in store.events()]
    assert {"coding.review", "coding.unreview"} <= set(events)


def test_review_default_coder_comes_from_project_yaml(project: Path) -> None:
    settings = project / "project.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "coder: bruno\n", encoding="utf-8")
    target = queue(project)[0]
    assert run(project, "review", input="a" + "q").exit_code == 0
    assert statuses(project)[target.id] == ("accepted", "bruno")


def test_accept_above_counts_and_asks(project: Path) -> None:
    above = [s for s in queue(project) if s.confidence >= 0.5]
    assert above
    declined = run(project, "review", "--accept-above", "0.5", input="n\n")
    assert declined.exit_code == 1
    assert f"Accept {len(above)} suggestions as" in declined.output
    assert all(status == "suggested" for status, _ in statuses(project).values())
    accepted = run(project, "review", "--accept-above", "0.5", "--coder", "alice", "--yes")
    assert accepted.exit_code == 0, accepted.output
    assert f"Accepted {len(above)} suggestions as alice" in accepted.output
    assert sum(s == "accepted" for s, _ in statuses(project).values()) == len(above)


def test_uncertainty_order_puts_suggestions_near_their_threshold_first(project: Path) -> None:
    ordered = queue(project, "uncertainty")
    values = [s.uncertainty for s in ordered]
    assert values == sorted(values, reverse=True)
    assert all(s.boundary != 0.5 or "(threshold 0.50)" in (s.evidence or "") for s in ordered)
    example = Suggestion(
        1, "d", "c", 0, 1, "X", "model", "model", 0.3, "a, b (threshold 0.20)", "t"
    )
    assert example.boundary == 0.2
    assert example.uncertainty == pytest.approx(1 - 0.1 / 0.8)


def test_spreadsheet_round_trip(project: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "review.xlsx"
    result = run(project, "review", "--export", str(sheet), "--method", "model")
    assert result.exit_code == 0, result.output
    pending = queue(project)
    book = load_workbook(sheet)
    rows = book.active
    header = [c.value for c in rows[1]]
    assert header[-1] == "decision" and rows.max_row == len(pending) + 1
    rows.cell(row=2, column=len(header), value="accept")
    rows.cell(row=3, column=len(header), value="no")
    book.save(sheet)
    result = run(project, "review", "--import", str(sheet), "--coder", "carla")
    assert result.exit_code == 0, result.output
    assert f"Recorded 1 accepted and 1 rejected by carla ({len(pending) - 2} rows" in result.output
    now = statuses(project)
    assert now[rows.cell(row=2, column=1).value] == ("accepted", "carla")
    assert now[rows.cell(row=3, column=1).value] == ("rejected", "carla")


def test_spreadsheet_with_a_bad_row_records_nothing(project: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "review.xlsx"
    assert run(project, "review", "--export", str(sheet)).exit_code == 0
    book = load_workbook(sheet)
    rows = book.active
    rows.cell(row=2, column=12, value="accept")
    rows.cell(row=3, column=12, value="maybe")
    book.save(sheet)
    result = run(project, "review", "--import", str(sheet))
    assert result.exit_code == 1
    assert "row 3: decision 'maybe' is not accept or reject" in result.output
    assert "nothing was recorded" in result.output
    assert all(status == "suggested" for status, _ in statuses(project).values())


def test_filters_restrict_the_queue(project: Path, tmp_path: Path) -> None:
    bikes = [s for s in queue(project) if s.code == "ECO.BIKE"]
    assert bikes and len(bikes) < len(queue(project))
    sheet = tmp_path / "bikes.xlsx"
    result = run(project, "review", "--export", str(sheet), "--code", "ECO.BIKE")
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(sheet).active.iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in rows) == sorted(s.id for s in bikes)
    one = bikes[0].document
    result = run(project, "review", "--document", one, "--code", "ECO.BIKE", input="q")
    assert f"/{sum(s.document == one for s in bikes)} · {one}" in result.output


def test_spreadsheet_with_a_suggestion_twice_records_nothing(project: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "review.xlsx"
    assert run(project, "review", "--export", str(sheet)).exit_code == 0
    book = load_workbook(sheet)
    rows = book.active
    rows.cell(row=2, column=12, value="accept")
    rows.cell(row=3, column=1, value=rows.cell(row=2, column=1).value)
    rows.cell(row=3, column=12, value="reject")
    book.save(sheet)
    result = run(project, "review", "--import", str(sheet))
    assert result.exit_code == 1
    assert "row 3: suggestion" in result.output and "already decided on row 2" in result.output
    assert all(status == "suggested" for status, _ in statuses(project).values())
