"""REFI-QDA codebooks (.qdc): a ``<CodeBook>`` of nested codes, without sources.

Written in namespace ``urn:QDA-XML:codebook:1.0`` and validated against Codebook.xsd; read in
any ``urn:QDA-XML:codebook:…`` namespace (NVivo for Mac writes ``1:0``, ATLAS.ti's
schemaLocation says ``0:4``).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ptce_coding import __version__
from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.files import atomic_path
from ptce_coding.codebook.model import Codebook

from .codes import append_codes, read_codes
from .model import RefiCode
from .safety import MAX_TOTAL_SIZE, local_name, parse_xml, strip_namespaces, validate

NS = "urn:QDA-XML:codebook:1.0"
NS_PREFIX = "urn:QDA-XML:codebook:"


def write_qdc(path: str | Path, codebook: Codebook) -> None:
    """Write the codebook as a .qdc file; ExchangeError when it would not be valid."""
    path = Path(path)
    if not len(codebook):
        raise ExchangeError("the codebook has no code to export", path=path)
    root = etree.Element(f"{{{NS}}}CodeBook", nsmap={None: NS}, origin=f"ptce-coding {__version__}")
    append_codes(etree.SubElement(root, f"{{{NS}}}Codes"), NS, codebook)
    validate(root, "Codebook.xsd", path.name, path)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    try:
        with atomic_path(path) as temp:
            temp.write_bytes(data)
    except OSError as exc:
        raise ExchangeError(f"cannot write the file: {exc.strerror or exc}", path=path) from None


def read_qdc(
    path: str | Path, *, max_size: int = MAX_TOTAL_SIZE, warnings: list[str] | None = None
) -> list[RefiCode]:
    """The codes of a .qdc file, parents before children, in file order; what was left out
    (a code without a GUID or with a duplicate one) is added to ``warnings``."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_size:
            raise ExchangeError(
                f"the file has {size:,} bytes, more than the limit of {max_size:,}", path=path
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExchangeError("no such file", path=path) from None
    except OSError as exc:
        raise ExchangeError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    root = parse_xml(data, "", path)
    namespace = etree.QName(root).namespace or ""
    if local_name(root) != "CodeBook" or not (namespace.startswith(NS_PREFIX) or not namespace):
        raise ExchangeError(
            f"not a REFI-QDA codebook (root element {etree.QName(root).text})",
            path=path,
            hint="A .qdc file has a <CodeBook> root in the urn:QDA-XML:codebook namespace.",
        )
    strip_namespaces(root)
    warnings = warnings if warnings is not None else []
    sets = [
        item.get("name") or item.get("guid") or "?"
        for child in root
        if local_name(child) == "Sets"
        for item in child
        if local_name(item) == "Set"
    ]
    if sets:  # ATLAS.ti's code groups, NVivo's and MAXQDA's code sets
        warnings.append(
            f"{len(sets)} set(s) of codes not imported (a ptce-coding codebook groups codes "
            f"under a parent code): {', '.join(repr(name) for name in sets[:5])}"
            + (" …" if len(sets) > 5 else "")
        )
    codes = next((child for child in root if local_name(child) == "Codes"), None)
    if codes is None:
        return []
    return read_codes(codes, warnings)
