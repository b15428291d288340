"""`export qdpx FILE` leaves an existing FILE as it is, unless `--force`; the file is written
whole or not at all (user trial, session 37: an export silently wrote over a colleague's
project file)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.interop.refi import writer

Invoke = Callable[..., Result]


def test_an_existing_file_is_refused_and_left_as_it_is(
    invoke: Invoke, imported: Path, tmp_path: Path
) -> None:
    target = tmp_path / "etude.qdpx"
    target.write_bytes(b"a colleague's project")
    result = invoke("export", "qdpx", str(target))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    said = " ".join(result.output.split())
    assert f"Error: {target}: this file exists: it was not written over" in said
    assert "give --force to write over it (what it holds is lost)" in said
    assert target.read_bytes() == b"a colleague's project"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["etude.qdpx", "study"]


def test_force_writes_over_it(invoke: Invoke, imported: Path, tmp_path: Path) -> None:
    target = tmp_path / "etude.qdpx"
    assert invoke("export", "qdpx", str(target)).exit_code == 0
    written = target.read_bytes()
    assert invoke("export", "qdpx", str(target)).exit_code == 1  # its own export too
    target.write_bytes(b"old")
    result = invoke("export", "qdpx", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert f"Wrote 2 documents and 0 codings to {target}" in result.output
    assert target.read_bytes() == written
    with zipfile.ZipFile(target) as archive:
        assert "project.qde" in archive.namelist()


def test_force_keeps_the_old_file_when_the_export_fails(
    invoke: Invoke, imported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written to a temporary file beside it, moved onto it once whole."""

    def full_disk(*args: object) -> list[tuple[str, str]]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "note_files", full_disk)  # halfway through the archive
    target = tmp_path / "etude.qdpx"
    target.write_bytes(b"old")
    result = invoke("export", "qdpx", str(target), "--force")
    assert result.exit_code == 1, result.output
    assert f"{target}: cannot write the file: No space left on device" in result.output
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["etude.qdpx", "study"]
