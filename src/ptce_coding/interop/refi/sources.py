"""The text of a REFI-QDA source or note: a .txt in the archive, inline, or a .docx.

A ``plainTextPath="internal://X.txt"`` is looked up in ``Sources/`` or ``sources/`` (any case)
beside the project file. The text is decoded (UTF-8 with or without BOM, UTF-16 with BOM; a
BOM left after decoding is kept, since some tools count it) but not normalised: positions are
converted from this raw text (see ``offsets.py``). Paths outside the archive are never read.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from ptce_coding.base.errors import ExchangeError
from ptce_coding.corpus.docx import plain_text

from .safety import MAX_MEMBERS, Archive, local_name

INTERNAL = "internal://"
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a plain-text member and the encoding used.

    Exactly one BOM is consumed by decoding; any further one stays in the text.
    """
    if data.startswith(UTF8_BOM):
        encoding = "utf-8-sig"
    elif data.startswith(UTF16_BOMS):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        if encoding == "utf-16":
            return data.decode(encoding, errors="replace"), encoding + " (damaged)"
        return data.decode("cp1252", errors="replace"), "cp1252"


class SourceLoader:
    """Finds and decodes the text of ``<TextSource>`` and ``<Note>`` elements."""

    def __init__(self, archive: Archive, folder: str, path: Path, warnings: list[str]) -> None:
        self.archive = archive
        self.folder = folder
        self.path = path
        self.warnings = warnings

    def raw_text(self, element: etree._Element, label: str) -> str | None:
        """The decoded text of a source, or None (with a warning) when there is none."""
        plain = element.get("plainTextPath")
        if plain:
            data = self._member(plain, label)
            if data is not None:
                text, encoding = decode_text(data)
                if encoding == "cp1252":
                    self.warnings.append(f"{label}: text is not valid UTF-8; read as cp1252")
                elif encoding.endswith("(damaged)"):
                    self.warnings.append(f"{label}: damaged UTF-16 text; bad bytes replaced")
                return text
        for child in element:
            if local_name(child) == "PlainTextContent":
                return child.text or ""
        rich = element.get("richTextPath")
        if rich and rich.lower().endswith(".docx"):
            data = self._member(rich, label)
            if data is not None:
                return self._docx_text(data, label)
        if not plain and not rich:
            self.warnings.append(f"{label}: no text (no plainTextPath nor PlainTextContent)")
        return None

    def _member(self, reference: str, label: str) -> bytes | None:
        if not reference.lower().startswith(INTERNAL):
            self.warnings.append(
                f"{label}: text in an external file ({reference}) is not read; "
                "only files inside the archive are"
            )
            return None
        name = reference[len(INTERNAL) :].lstrip("/")
        for candidate in (
            f"{self.folder}sources/{name}",
            f"{self.folder}{name}",
            f"sources/{name}",
            name,
        ):
            info = self.archive.find(candidate)
            if info is not None:
                return self.archive.read(info)
        self.warnings.append(f"{label}: {reference} is not in the archive")
        return None

    def _docx_text(self, data: bytes, label: str) -> str | None:
        """The paragraphs of a .docx (its tables' included: ``corpus.docx.plain_text``) joined
        with ``\\n``; the .docx is checked like the archive."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as inner:
                infos = inner.infolist()
        except zipfile.BadZipFile:
            self.warnings.append(f"{label}: the .docx is not a zip file; not read")
            return None
        except NotImplementedError as exc:  # « zip file version 20.0 »
            self.warnings.append(f"{label}: the .docx cannot be opened here ({exc}); not read")
            return None
        declared = sum(info.file_size for info in infos)
        if declared > self.archive.remaining or len(infos) > MAX_MEMBERS:
            raise ExchangeError(
                f"{label}: the .docx would expand to {declared:,} bytes in {len(infos)} parts, "
                "more than the limits",
                path=self.path,
                hint="This looks like a zip bomb; the file was not read.",
            )
        try:
            document = docx.Document(io.BytesIO(data))
        except (
            PackageNotFoundError,
            KeyError,
            ValueError,
            zipfile.BadZipFile,
            etree.XMLSyntaxError,
            NotImplementedError,  # a member compressed by a method Python has not
        ) as exc:
            self.warnings.append(f"{label}: the .docx cannot be read ({type(exc).__name__})")
            return None
        return plain_text(document)
