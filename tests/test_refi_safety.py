"""Hostile or broken files are refused with an ExchangeError that names the problem."""

from __future__ import annotations

import struct
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from ptce_coding.base.errors import ExchangeError
from ptce_coding.interop.refi import read_qdc, read_qdpx
from ptce_coding.interop.refi.safety import Archive, safe_parser

from .test_refi_support import PROJECT_NS, make_qdpx, project_xml, sample

SECRET = "TOP-SECRET-ŒUVRE-42"


def xxe_document(
    secret: Path, root: str = "Project", ns: str = PROJECT_NS, name: str = "&xxe;"
) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        f'<{root} xmlns="{ns}" name="{name}" origin="x"><Description>&xxe;</Description></{root}>'
    )


def laughs(root: str = "Project") -> str:
    """The "billion laughs": ten entities of ten of the previous one, nine levels deep."""
    entities = [' <!ENTITY lol0 "lol">']
    for level in range(1, 10):
        entities.append(f' <!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">')
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n' + "\n".join(entities) + "\n]>\n"
        f'<{root} xmlns="{PROJECT_NS}" name="x"><Description>&lol9;</Description></{root}>'
    )


@pytest.mark.parametrize("name", ["&xxe;", "plain"])
def test_external_entity_is_never_read(tmp_path: Path, name: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    path = make_qdpx(tmp_path / "p.qdpx", xxe_document(secret, name=name))
    with pytest.raises(ExchangeError) as error:
        read_qdpx(path)
    assert "DOCTYPE declaration is not allowed" in str(error.value)
    assert SECRET not in str(error.value)
    qdc = tmp_path / "c.qdc"
    qdc.write_text(xxe_document(secret, "CodeBook", "urn:QDA-XML:codebook:1.0"), "utf-8")
    with pytest.raises(ExchangeError, match="DOCTYPE"):
        read_qdc(qdc)
    # Even before the DOCTYPE is refused, the parser itself does not fetch the file.
    parsed = etree.fromstring(xxe_document(secret, name="x").encode(), safe_parser())
    assert SECRET not in etree.tostring(parsed, encoding="unicode")


def test_billion_laughs_does_not_expand(tmp_path: Path) -> None:
    path = make_qdpx(tmp_path / "p.qdpx", laughs())
    started = time.perf_counter()
    with pytest.raises(ExchangeError):
        read_qdpx(path)
    qdc = tmp_path / "c.qdc"
    qdc.write_text(laughs("CodeBook"), encoding="utf-8")
    with pytest.raises(ExchangeError):
        read_qdc(qdc)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    "name", ["../evil.txt", "Sources/../../evil.txt", "/etc/evil.txt", "C:\\evil.txt", "..\\x"]
)
def test_zip_slip_member_names_are_refused(tmp_path: Path, name: str) -> None:
    path = make_qdpx(tmp_path / "p.qdpx", project_xml(""), {name: b"owned"})
    with pytest.raises(ExchangeError, match="unsafe member name"):
        read_qdpx(path)
    assert not (tmp_path.parent / "evil.txt").exists()


def test_zip_bomb_by_declared_size(tmp_path: Path) -> None:
    path = make_qdpx(tmp_path / "p.qdpx", project_xml(""), {"Sources/big.txt": b"0" * 2_000_000})
    assert path.stat().st_size < 50_000
    with pytest.raises(ExchangeError, match="would expand to 2,000,"):
        read_qdpx(path, max_total_size=1_000_000)
    assert read_qdpx(path).name == "fixture"


def forge_size(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size the central directory declares for ``member``."""
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length].decode() == member:
            struct.pack_into("<I", data, at + 24, size)
            break
        at = data.rfind(b"PK\x01\x02", 0, at)
    path.write_bytes(bytes(data))


def test_zip_bomb_by_forged_header_is_refused_before_reading(tmp_path: Path) -> None:
    path = make_qdpx(tmp_path / "p.qdpx", project_xml(""), {"Sources/a.txt": b"tiny"})
    forge_size(path, "Sources/a.txt", 0xFFFFFFF0)
    with pytest.raises(ExchangeError, match="would expand to 4,294,967,"):
        read_qdpx(path)


def test_bytes_are_counted_while_reading(tmp_path: Path) -> None:
    path = make_qdpx(tmp_path / "p.qdpx", project_xml(""), {"a.txt": b"x" * 1000})
    with Archive(path, label=path, max_total_size=1500) as archive:
        info = archive.find("A.TXT")
        assert info is not None and archive.read(info) == b"x" * 1000
        with pytest.raises(ExchangeError, match="exceeds the limit of 1,500 bytes"):
            archive.read(info)


@pytest.mark.slow  # several commands on a project (about a second)
def test_too_many_members(tmp_path: Path) -> None:
    members = {f"Sources/{n}.txt": b"" for n in range(10_000)}
    path = make_qdpx(tmp_path / "p.qdpx", project_xml(""), members)
    with pytest.raises(ExchangeError, match=r"10,001 members"):
        read_qdpx(path)
    with pytest.raises(ExchangeError, match="more than the limit of 5"):
        read_qdpx(
            make_qdpx(
                tmp_path / "q.qdpx",
                project_xml(""),
                {"a": b"", "b": b"", "c": b"", "d": b"", "e": b""},
            ),
            max_members=5,
        )


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    qde = '<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="x">\n<Users>\n'
    with pytest.raises(ExchangeError, match=r"project\.qde: malformed XML at line \d"):
        read_qdpx(make_qdpx(tmp_path / "p.qdpx", qde))
    bad = tmp_path / "bad.qdc"
    bad.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code ', "utf-8")
    with pytest.raises(ExchangeError, match="malformed XML at line 1"):
        read_qdc(bad)


def test_truncated_and_non_zip_files(tmp_path: Path) -> None:
    from ptce_coding.interop.refi import write_qdpx

    book, documents, codings, cases = sample()
    path = tmp_path / "p.qdpx"
    write_qdpx(
        path,
        project_name="x",
        codebook=book,
        documents=documents,
        codings=codings,
        cases=cases,
        created_by="z",
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExchangeError, match="not a zip file, or a truncated one"):
        read_qdpx(path)
    text = tmp_path / "notes.qdpx"
    text.write_text("juste du texte", encoding="utf-8")
    with pytest.raises(ExchangeError, match="not a zip file"):
        read_qdpx(text)
    with pytest.raises(ExchangeError, match="no such file"):
        read_qdpx(tmp_path / "absent.qdpx")


def test_damaged_member_is_reported(tmp_path: Path) -> None:
    path = make_qdpx(
        tmp_path / "p.qdpx", project_xml("<Description>" + "abc" * 500 + "</Description>")
    )
    data = bytearray(path.read_bytes())
    at = data.find(b"project.qde") + len(b"project.qde") + 10  # inside the compressed data
    data[at : at + 20] = b"\xff" * 20
    path.write_bytes(bytes(data))
    with pytest.raises(ExchangeError, match=r"project\.qde: damaged archive member"):
        read_qdpx(path)


def test_archive_without_project(tmp_path: Path) -> None:
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Sources/a.txt", "texte")
    with pytest.raises(ExchangeError, match=r"no \.qde project in the archive"):
        read_qdpx(path)
    other = make_qdpx(tmp_path / "o.qdpx", "<Other/>")
    with pytest.raises(ExchangeError, match="not a REFI-QDA project"):
        read_qdpx(other)
    qdc = tmp_path / "x.qdc"
    qdc.write_text("<Other/>", "utf-8")
    with pytest.raises(ExchangeError, match="not a REFI-QDA codebook"):
        read_qdc(qdc)
