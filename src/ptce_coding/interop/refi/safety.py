"""Reading untrusted archives and XML safely; validating against the shipped schemas.

- XML is parsed without resolving entities, without network access and without loading DTDs;
  any document that declares a DOCTYPE is refused (no XXE, no entity expansion bomb).
- Zip members are never extracted to disk. An archive is refused before anything is read when a
  member name is absolute or climbs with ``..`` (zip slip), when it has too many members, or
  when the declared uncompressed sizes add up to more than the limit (zip bomb); bytes are
  counted again while reading, against the same limit.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import IO, NoReturn

from lxml import etree

from ptce_coding.base.errors import ExchangeError

MAX_TOTAL_SIZE = 500_000_000
MAX_MEMBERS = 10_000
MAX_LISTED_ERRORS = 5
_CHUNK = 1 << 16
_DRIVE = re.compile(r"^[A-Za-z]:")


def safe_parser() -> etree.XMLParser:
    """An lxml parser that never fetches or expands anything."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, name: str, path: str | Path) -> etree._Element:
    """The root element of an XML document; ExchangeError when malformed or with a DTD.

    ``name`` (a member of an archive) prefixes the messages; '' for a file of its own.
    """
    where = f"{name}: " if name else ""
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        if _has_doctype(data):
            _refuse_doctype(where, path)
        line = exc.lineno or (exc.position[0] if exc.position else 0)
        raise ExchangeError(
            f"{where}malformed XML at line {line}: {exc.msg}",
            path=path,
            hint="The file is damaged or truncated; export it again from the tool that made it.",
        ) from None
    if root is None:
        raise ExchangeError(f"{where}empty XML document", path=path)
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
        _refuse_doctype(where, path)
    return root


def _has_doctype(data: bytes) -> bool:
    return any("<!DOCTYPE".encode(codec) in data for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def _refuse_doctype(where: str, path: str | Path) -> NoReturn:
    raise ExchangeError(
        f"{where}a DOCTYPE declaration is not allowed in REFI-QDA files",
        path=path,
        hint="Entity declarations can read local files or expand without limit; "
        "the file was not read.",
    )


@functools.cache
def _schema(name: str) -> etree.XMLSchema:
    data = resources.files(__package__).joinpath("schema", name).read_bytes()
    return etree.XMLSchema(etree.fromstring(data, safe_parser()))


def schema_errors(root: etree._Element, schema: str) -> list[str]:
    """Problems of ``root`` against a shipped schema (``Project.xsd`` or ``Codebook.xsd``)."""
    validator = _schema(schema)
    if validator.validate(root):
        return []
    return [f"line {error.line}: {error.message}" for error in validator.error_log]


def validate(root: etree._Element, schema: str, name: str, path: str | Path) -> None:
    """Raise ExchangeError listing the first schema errors when ``root`` is not valid."""
    errors = schema_errors(root, schema)
    if errors:
        listed = "\n".join(f"  - {error}" for error in errors[:MAX_LISTED_ERRORS])
        raise ExchangeError(
            f"{name} does not validate against {schema} ({len(errors)} error(s)):\n{listed}",
            path=path,
            hint="This is a bug of ptce-coding; nothing was written.",
        )


def local_name(element: etree._Element) -> str:
    """The tag of an element without its namespace ('' for comments and the like)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def name_of(element: etree._Element, *attributes: str) -> str:
    """The first of ``attributes`` the element gives (``name`` by default), in NFC as every
    name of the project is stored ('' when none): a tool on macOS may write names
    decomposed, « e » then the accent, which would not match the same name typed."""
    for attribute in attributes or ("name",):
        value = element.get(attribute)
        if value:
            return unicodedata.normalize("NFC", value)
    return ""


def strip_namespaces(root: etree._Element) -> None:
    """Rename every element to its local name, so that lookups ignore the namespace."""
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = local_name(element)


def unsafe_name(name: str) -> bool:
    """True for a member name that is absolute or climbs out of the archive."""
    clean = name.replace("\\", "/")
    if clean.startswith("/") or _DRIVE.match(clean):
        return True
    return ".." in clean.split("/")


class Archive:
    """A zip archive checked as a whole before any member is read."""

    def __init__(
        self,
        source: str | Path | IO[bytes],
        *,
        label: str | Path,
        max_total_size: int = MAX_TOTAL_SIZE,
        max_members: int = MAX_MEMBERS,
    ) -> None:
        self.label = str(label)
        self.max_total_size = max_total_size
        self._used = 0
        try:
            self._zip = zipfile.ZipFile(source)
        except FileNotFoundError:
            raise ExchangeError("no such file", path=self.label) from None
        except NotImplementedError as exc:  # « zip file version 20.0 »
            raise ExchangeError(
                f"a zip archive this program cannot open ({exc})",
                path=self.label,
                hint="Export it again from the tool that made it.",
            ) from None
        except (zipfile.BadZipFile, EOFError, ValueError) as exc:
            raise ExchangeError(
                f"not a zip file, or a truncated one ({exc})",
                path=self.label,
                hint="A .qdpx file is a zip archive; export it again from the tool that made it.",
            ) from None
        except OSError as exc:
            raise ExchangeError(f"cannot read the file: {exc.strerror}", path=self.label) from None
        try:
            self._check(max_members)
        except ExchangeError:
            self._zip.close()
            raise
        self._by_lower = {info.filename.lower(): info for info in self.members()}

    def _check(self, max_members: int) -> None:
        infos = self._zip.infolist()
        if len(infos) > max_members:
            raise ExchangeError(
                f"the archive has {len(infos):,} members, more than the limit of {max_members:,}",
                path=self.label,
                hint="This looks like a zip bomb; the file was not read.",
            )
        for info in infos:
            if unsafe_name(info.filename):
                raise ExchangeError(
                    f"unsafe member name {info.filename!r} (absolute path or '..')",
                    path=self.label,
                    hint="The archive may be malicious; nothing was read from it.",
                )
        declared = sum(info.file_size for info in infos)
        if declared > self.max_total_size:
            raise ExchangeError(
                f"the archive would expand to {declared:,} bytes, more than the limit of "
                f"{self.max_total_size:,}",
                path=self.label,
                hint="This looks like a zip bomb; the file was not read.",
            )

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    @property
    def remaining(self) -> int:
        """Bytes that may still be read before the size limit."""
        return self.max_total_size - self._used

    def members(self) -> Iterator[zipfile.ZipInfo]:
        """The file members (directories left out)."""
        return (info for info in self._zip.infolist() if not info.is_dir())

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """A member by name, ignoring case (``Sources/`` and ``sources/`` alike)."""
        return self._by_lower.get(name.replace("\\", "/").lower())

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """The bytes of a member, counted against the archive's size limit."""
        chunks: list[bytes] = []
        try:
            with self._zip.open(info) as handle:
                while chunk := handle.read(_CHUNK):
                    self._used += len(chunk)
                    if self._used > self.max_total_size:
                        raise ExchangeError(
                            f"{info.filename}: reading the archive exceeds the limit of "
                            f"{self.max_total_size:,} bytes",
                            path=self.label,
                            hint="This looks like a zip bomb; the file was not read.",
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
            raise ExchangeError(
                f"{info.filename}: damaged archive member ({exc})", path=self.label
            ) from None
        except (RuntimeError, NotImplementedError) as exc:
            raise ExchangeError(
                f"{info.filename}: cannot be read ({exc})",
                path=self.label,
                hint="Encrypted members and unusual compression methods are not supported.",
            ) from None
        return b"".join(chunks)
