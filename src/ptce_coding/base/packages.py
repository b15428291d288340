"""An Office Open XML package (.xlsx, .docx) written the same from the same data.

openpyxl and python-docx write each zip entry with the time of writing, and openpyxl sets the
workbook's « modified » property to now when it saves: two runs on the same store gave files
whose content was the same and whose bytes, and checksums, were not. ``settle_package``
rewrites a package just written with one ``moment`` as every entry's time and as its core
properties' « created » and « modified » (docProps/core.xml): the time the data last changed,
which the caller reads from the store. Without one, the entries carry the zip format's first
date (1 January 1980) and the package no date of creation or change: no time it did not
have is claimed for it.
"""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

ZipTime = tuple[int, int, int, int, int, int]
ZIP_EPOCH: ZipTime = (1980, 1, 1, 0, 0, 0)  # the first time a zip entry can carry
RELATIONSHIPS = "_rels/.rels"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CORE_TYPE = PACKAGE_RELATIONSHIPS + "/metadata/core-properties"
DCTERMS = "http://purl.org/dc/terms/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
DATES = ("created", "modified")


def settle_package(path: Path, moment: datetime | None) -> None:
    """Rewrite the package at ``path`` in place, its entries in the same order and
    compression, each dated ``moment`` (UTC), its core properties created and modified at
    ``moment``; with ``moment`` None, dated 1 January 1980 and without those two
    properties. Called on the temporary file of ``base.files.atomic_path``, before it
    replaces the output."""
    with zipfile.ZipFile(path) as package:
        entries = [(info, package.read(info)) for info in package.infolist()]
    core = _core_part(dict((info.filename, data) for info, data in entries))
    utc = None if moment is None else _utc(moment)
    stamp = ZIP_EPOCH if utc is None else max(ZIP_EPOCH, _zip_time(utc))
    with zipfile.ZipFile(path, "w") as package:
        for info, data in entries:
            settled = zipfile.ZipInfo(info.filename, date_time=stamp)
            settled.compress_type = info.compress_type
            settled.create_system = info.create_system
            settled.external_attr = info.external_attr
            package.writestr(settled, core_dates(data, utc) if info.filename == core else data)


def core_dates(xml: bytes, moment: datetime | None) -> bytes:
    """docProps/core.xml with « created » and « modified » at ``moment`` (UTC, to the
    second, as W3CDTF), or without them for None."""
    root = etree.fromstring(xml)
    for name in DATES:
        element = root.find(f"{{{DCTERMS}}}{name}")
        if moment is None:
            if element is not None:
                root.remove(element)
            continue
        if element is None:
            element = etree.SubElement(
                root, f"{{{DCTERMS}}}{name}", nsmap={"dcterms": DCTERMS, "xsi": XSI}
            )
        element.set(f"{{{XSI}}}type", "dcterms:W3CDTF")
        element.text = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _core_part(parts: dict[str, bytes]) -> str | None:
    """The name of the package's core properties part, as its relationships give it."""
    if RELATIONSHIPS not in parts:
        return None
    for relationship in etree.fromstring(parts[RELATIONSHIPS]):
        if relationship.get("Type") == CORE_TYPE:
            target = str(relationship.get("Target", "")).lstrip("/")
            return target if target in parts else None
    return None


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC to the second (a time without zone is taken as UTC)."""
    zoned = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return zoned.astimezone(UTC).replace(microsecond=0)


def _zip_time(moment: datetime) -> ZipTime:
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
