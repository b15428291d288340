"""The review sheet (`review --export`) and the names' review workbook (`pseudonymise
--review`) written twice on an unchanged store are the same bytes, as the report's files are
(``base.packages.settle_package``): the review sheet dated by the time the store's codings
last changed, the names' workbook (made of the texts, not of the codings) by none."""

from __future__ import annotations

import shutil
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
from click.testing import Result
from lxml import etree

from ptce_coding.store import Store

Invoke = Callable[..., Result]
PRIVACY = Path(__file__).parent / "data" / "privacy"
DCTERMS = "{http://purl.org/dc/terms/}"
PAUSE = 1.1  # seconds: openpyxl dated both files to the second, now they differ without it


def core_dates(path: Path) -> dict[str, str | None]:
    """The package's « created » and « modified » properties (None when absent)."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("docProps/core.xml"))
        times = {info.date_time for info in package.infolist()}
    assert len(times) == 1  # every entry dated alike
    dates: dict[str, str | None] = {}
    for name in ("created", "modified"):
        element = root.find(f"{DCTERMS}{name}")
        dates[name] = None if element is None else element.text
    return dates


def latest_coding_time(root: Path) -> str:
    with Store(root / "coding.sqlite") as store:
        times = [
            datetime.fromisoformat(text)
            for row in store.coding_rows()
            for text in (row.created_at, row.reviewed_at)
            if text
        ]
    moment = max(times)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_review_sheet_is_the_same_bytes(invoke: Invoke, suggested: Path) -> None:
    sheet = suggested / "revue.xlsx"
    assert invoke("review", "--export", str(sheet)).exit_code == 0
    first = sheet.read_bytes()
    time.sleep(PAUSE)
    result = invoke("review", "--export", str(sheet))  # no decision filled: written over
    assert result.exit_code == 0, result.output
    assert sheet.read_bytes() == first
    stamp = latest_coding_time(suggested)
    assert core_dates(sheet) == {"created": stamp, "modified": stamp}


def test_a_decision_dates_the_next_review_sheet(invoke: Invoke, suggested: Path) -> None:
    sheet = suggested / "revue.xlsx"
    assert invoke("review", "--export", str(sheet)).exit_code == 0
    before = core_dates(sheet)["modified"]
    time.sleep(PAUSE)
    book = openpyxl.load_workbook(sheet)
    book.worksheets[0]["L2"] = "a"
    book.save(sheet)
    imported = invoke("review", "--import", str(sheet), "--coder", "alice")
    assert imported.exit_code == 0, imported.output
    again = invoke("review", "--export", str(sheet))
    assert again.exit_code == 0, again.output
    assert "Wrote 1 suggestion to" in again.output
    after = core_dates(sheet)["modified"]
    assert after == latest_coding_time(suggested)
    assert before is not None and after is not None and after > before


def test_the_names_review_is_the_same_bytes(invoke: Invoke, tmp_project: Path) -> None:
    shutil.rmtree(tmp_project / "corpus")
    shutil.copytree(PRIVACY / "corpus", tmp_project / "corpus")
    (tmp_project / "private").mkdir()
    shutil.copyfile(PRIVACY / "names.csv", tmp_project / "private" / "names.csv")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    first, second = tmp_project / "private" / "a.xlsx", tmp_project / "private" / "b.xlsx"
    result = invoke("pseudonymise", "--review", str(first), "--no-model")
    assert result.exit_code == 0, result.output
    time.sleep(PAUSE)
    result = invoke("pseudonymise", "--review", str(second), "--no-model")
    assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    assert core_dates(first) == {"created": None, "modified": None}
    with zipfile.ZipFile(first) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
