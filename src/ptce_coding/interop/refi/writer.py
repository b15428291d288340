"""Writing a .qdpx project (REFI-QDA 1.0): ``project.qde`` and ``Sources/<guid>.txt``.

The texts are written as UTF-8 without BOM, exactly as stored (NFC, ``\\n`` line ends), so that
positions are code points of the file's text. ``project.qde`` is validated against Project.xsd
before anything is written, and the archive is written whole or not at all.
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from lxml import etree

from ptce_coding import __version__
from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.files import atomic_path
from ptce_coding.base.records import Coding, Document, MemoRow
from ptce_coding.codebook.model import Codebook
from ptce_coding.corpus.transcript import groupable, normalise

from .safety import validate
from .tree import Export, note_files, project_element, source_guid, xsd_datetime

MAX_LISTED = 10
Stamp = tuple[int, int, int, int, int, int]  # a zip member's date: year, month, … second
EPOCH: Stamp = (1980, 1, 1, 0, 0, 0)


def write_qdpx(
    path: str | Path,
    *,
    project_name: str,
    codebook: Codebook,
    documents: list[Document],
    codings: list[Coding],
    cases: dict[str, dict[str, Any]],
    created_by: str,
    memos: list[MemoRow] | None = None,
) -> None:
    """Write a .qdpx of the documents, their codings and cases; ExchangeError when invalid.
    Their attributes are variables when they are values (``groupable``): a reader's
    structure (a Transcriber file's speakers and sections) is not written."""
    path = Path(path)
    _check(path, codebook, documents, codings)
    export = Export(
        project_name,
        codebook,
        [replace(document, attributes=groupable(document.attributes)) for document in documents],
        list(codings),
        {case: groupable(values) for case, values in cases.items()},
        created_by,
        __version__,
        list(memos or []),
    )
    root = project_element(export)
    validate(root, "Project.xsd", "project.qde", path)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    stamp = _stamp(codings)
    try:
        with atomic_path(path) as temp, zipfile.ZipFile(temp, "w") as archive:
            _add(archive, "project.qde", data, stamp)
            for document in sorted(documents, key=lambda d: d.name):
                guid = source_guid(project_name, document.name)
                _add(archive, f"Sources/{guid}.txt", document.text.encode("utf-8"), stamp)
            for guid, text in note_files(export):
                _add(archive, f"Sources/{guid}.txt", text.encode("utf-8"), stamp)
    except OSError as exc:
        raise ExchangeError(f"cannot write the file: {exc.strerror or exc}", path=path) from None


def _add(archive: zipfile.ZipFile, name: str, data: bytes, stamp: Stamp) -> None:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def _stamp(codings: list[Coding]) -> Stamp:
    """The zip members' date: the latest coding's, so that the archive is reproducible."""
    dates = sorted(filter(None, (xsd_datetime(c.created_at) for c in codings)))
    if not dates:
        return EPOCH
    latest = dates[-1]
    stamp = (
        int(latest[0:4]),
        int(latest[5:7]),
        int(latest[8:10]),
        int(latest[11:13]),
        int(latest[14:16]),
        int(latest[17:19]),
    )
    return stamp if stamp >= EPOCH else EPOCH


def _check(
    path: Path, codebook: Codebook, documents: list[Document], codings: list[Coding]
) -> None:
    """Refuse inputs that would make a wrong file (offsets into unnormalised text, …)."""
    problems: list[str] = []
    texts: dict[str, str] = {}
    for document in documents:
        if document.name in texts:
            problems.append(f"two documents are named {document.name!r}")
        texts[document.name] = document.text
        if document.text.startswith("\ufeff") or normalise(document.text) != document.text:
            problems.append(f"document {document.name!r}: text is not normalised (NFC, LF)")
    for coding in codings:
        where = f"coding {coding.document}:{coding.start}-{coding.end} {coding.code}"
        if coding.document not in texts:
            problems.append(f"{where}: unknown document")
        elif not 0 <= coding.start < coding.end <= len(texts[coding.document]):
            problems.append(f"{where}: positions outside the text or empty")
        if coding.code not in codebook:
            problems.append(f"{where}: code not in the codebook")
    if problems:
        listed = "\n".join(f"  - {problem}" for problem in problems[:MAX_LISTED])
        more = f"\n  … and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
        raise ExchangeError(
            f"cannot export {len(problems)} problem(s):\n{listed}{more}",
            path=path,
            hint="Fix the codebook or the codings, or export only the valid ones.",
        )
