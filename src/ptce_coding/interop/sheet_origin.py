"""The project a sheet was written from, written in the sheet (its ``origin`` sheet), so that
`codings import` of a sheet written from another project says so.

A disagreements sheet names its passages by document and offsets, and quotes them: imported
into another project holding interviews of the same names, one of them edited, its rows do
not fit, and without more the refusal could only guess that the document was imported again
since the sheet was written. A project is told by its store: the event log is append-only
(store/base.py), so its first event never changes, whatever is imported, replaced or removed
since, while another project's store (or this one's made anew) began with another. The sheet
says when the store began and by whom (readable), a fingerprint of that first event (which
tells apart two stores begun in the same second) and the project's name (project.yaml
``name``), for the reader only. A copy of a project folder keeps its store, and is taken for
the project it was copied from; so are two stores whose first events are alike to the second
(a script making two projects of one corpus): the refusal then says what it said before.

A sheet without the ``origin`` sheet (written before, or rewritten by hand) is read as
before; so is one whose rows fit this project's texts, wherever it was written.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
import zipfile
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ptce_coding.base.cells import DECISIONS, whole_number
from ptce_coding.base.errors import ExchangeError
from ptce_coding.interop.codings_columns import MAX_LISTED, read_codings_frame
from ptce_coding.interop.stored_coding import same_passage

if TYPE_CHECKING:
    from ptce_coding.store import Store

ORIGIN_SHEET = "origin"
# the rows of the origin sheet: (about, value)
PROJECT, BEGUN, FINGERPRINT, WRITTEN, NOTE = (
    "project",
    "store begun",
    "store fingerprint",
    "written",
    "note",
)
NOTE_TEXT = (
    "The project this workbook was written from, which `ptce-coding codings import` reads to "
    "tell a sheet of another project: leave this sheet as it is."
)
CODED_BY = "coded by "  # a disagreements sheet's column of one coder's votes


@dataclass(frozen=True)
class SheetOrigin:
    """The project a sheet was written from: its ``fingerprint`` tells it (module
    docstring), ``project`` and ``begun`` say it to the reader."""

    project: str  # project.yaml's name
    begun: str  # when its store began, and by whom: « 2026-12-07 22:41 UTC (anne) »
    fingerprint: str  # of the store's first event

    def said(self) -> str:
        """« « étude PTCE », whose store began 2026-12-07 22:41 UTC (anne) »."""
        return f"« {self.project} », whose store began {self.begun}"


def sheet_origin(project: str, store: Store) -> SheetOrigin | None:
    """The origin of a sheet written now from the project named ``project``, whose store is
    ``store``; None while the store has recorded nothing (no document: no sheet to write)."""
    events = store.events()  # read whole: 0.14 s for 30,000 events
    if not events:
        return None
    first = events[0]
    whole = json.dumps(
        [first[key] for key in ("id", "at", "actor", "command", "action", "details")],
        ensure_ascii=False,
        sort_keys=True,
    )
    return SheetOrigin(
        project=project,
        begun=f"{_minute(str(first['at']))} ({first['actor']})",
        fingerprint=hashlib.sha256(whole.encode("utf-8")).hexdigest()[:16],
    )


def origin_sheet(origin: SheetOrigin | None) -> dict[str, pd.DataFrame]:
    """The ``origin`` sheet to write beside a sheet's own, as ``base.tables.write_xlsx``
    takes sheets ({} without an origin)."""
    if origin is None:
        return {}
    rows = [
        (PROJECT, origin.project),
        (BEGUN, origin.begun),
        (FINGERPRINT, origin.fingerprint),
        (WRITTEN, _minute(datetime.now(UTC).isoformat())),
        (NOTE, NOTE_TEXT),
    ]
    return {ORIGIN_SHEET: pd.DataFrame(rows, columns=["about", "value"])}


def read_origin(path: Path) -> SheetOrigin | None:
    """The origin a workbook at ``path`` carries; None for a CSV, a workbook without the
    ``origin`` sheet or whose fingerprint was emptied, or a file that is no workbook (its
    reading refuses it, with the reason)."""
    if path.suffix.lower() != ".xlsx" or not path.is_file():
        return None
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    except NotImplementedError:  # a zip feature Python cannot read: base.tables says so
        return None
    try:
        if ORIGIN_SHEET not in workbook.sheetnames:
            return None
        said = {
            str(row[0]).strip(): "" if row[1] is None else str(row[1]).strip()
            for row in workbook[ORIGIN_SHEET].iter_rows(min_row=2, max_col=2, values_only=True)
            if len(row) == 2 and row[0] is not None
        }
    except (NotImplementedError, zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None  # the sheet's own reading says what is wrong with it
    finally:
        workbook.close()
    if not said.get(FINGERPRINT):
        return None
    return SheetOrigin(said.get(PROJECT, ""), said.get(BEGUN, ""), said[FINGERPRINT])


def refuse_another_projects_sheet(
    path: Path, *, texts: Mapping[str, str], project: str, store: Store
) -> None:
    """ExchangeError, nothing imported, when the sheet at ``path`` was written from another
    project than ``project`` (whose store is ``store``, its texts ``texts``) and rows the
    import would read quote passages its texts do not have there: the refusal names the
    project the sheet was written from, and what to do. Nothing for a sheet that carries no
    origin, was written from this project, or fits it."""
    written = read_origin(path)
    if written is None:
        return
    here = sheet_origin(project, store)
    if here is None or here.fingerprint == written.fingerprint:
        return
    try:
        frame, first_row = read_codings_frame(path, None)
    except ExchangeError:
        return  # its reading says why
    records = frame.to_dict(orient="records")
    names = {_nfc(name): name for name in texts}  # a store may keep a name in NFD (macOS)
    misfits = [
        (first_row + offset, document)
        for offset, row in enumerate(records)
        if (document := _misfit(row, texts, names))
    ]
    if not misfits:
        return
    numbers = [str(number) for number, _ in misfits]
    listed = ", ".join(numbers[:MAX_LISTED]) + (" …" if len(numbers) > MAX_LISTED else "")
    documents = ", ".join(sorted({document for _, document in misfits}))
    coders = [str(c)[len(CODED_BY) :] for c in frame.columns if str(c).startswith(CODED_BY)]
    rewrite = (
        f"write this project's own sheet (`ptce-coding agreement --coders {','.join(coders)} "
        "--disagreements FILE`) and copy the decisions over"
        if "decision" in frame.columns and coders
        else "export the sheet again from this project and copy what was typed over"
    )
    rows = "row" if len(misfits) == 1 else "rows"
    raise ExchangeError(
        f"this sheet was written from another project ({written.said()}), not from this one "
        f"({here.said()}): {rows} {listed} quote passages that this project's text of "
        f"{documents} does not have there; nothing was imported",
        path=path,
        hint=f"Import it into the project it was written from; or {rewrite}.",
    )


def _misfit(row: Mapping[Hashable, str], texts: Mapping[str, str], names: Mapping[str, str]) -> str:
    """The document of a row the import would read (a disagreements sheet's decided, a
    coded one) whose quoted passage this project's text does not have at its offsets; ""
    for any other row (its reading says what is wrong with it, if anything). ``names``: the
    stored names by their NFC form."""
    decision = str(row.get("decision") or "").strip().lower()
    if "decision" in row and decision not in DECISIONS:
        return ""  # not decided (or not yes nor no): not imported
    if not str(row.get("code") or "").strip():
        return ""
    typed = str(row.get("document") or "").strip()
    document = typed if typed in texts else names.get(_nfc(typed), "")
    start, end = whole_number(str(row.get("start"))), whole_number(str(row.get("end")))
    quoted = str(row.get("text") or "")
    if not document or start is None or end is None or not quoted.strip():
        return ""
    text = texts[document]
    if 0 <= start < end <= len(text) and same_passage(quoted, text[start:end]):
        return ""
    return document


def _nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def _minute(at: str) -> str:
    """« 2026-12-07 22:41 UTC » of the store's ISO time (UTC)."""
    return f"{at[:16].replace('T', ' ')} UTC"
