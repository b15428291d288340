"""Writing output files whole or not at all, and removing what an interrupted write left."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ptce_coding.base.errors import PtceError

PART_SUFFIX = ".part"
# A file name's bytes, suffix included: the usual limit is 255, and the temporary file beside
# it (``atomic_path``: « .NAME.PID.XXXXXXXX.part ») needs about 25 more.
MAX_NAME_BYTES = 200
# .NAME.PID.RANDOM.part: the process writing it is named, so a part whose process is gone (a
# kill -9, a power cut) can be told from one another command is writing right now.
_PART_NAME = re.compile(r"^\..+?(?:\.(?P<pid>\d+))?\.[a-z0-9_]{8}\.part$")
# What a file name cannot hold on Windows (« / » nowhere), and control characters.
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside ``target``, moved onto it only when the block succeeds."""
    target = Path(target)
    if target.is_dir():  # a folder where the file goes: os.replace would fail at the end
        raise PtceError(
            "is a folder, where a file is to be written: nothing was written",
            path=target,
            hint="Move or rename that folder, or choose another file name.",
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=PART_SUFFIX
        )
    except OSError as exc:
        raise PtceError(f"cannot write here: {exc.strerror}", path=target) from None
    os.close(handle)
    temp_path = Path(temp)
    try:
        yield temp_path
        os.chmod(temp_path, 0o666 & ~_umask())  # mkstemp makes 0600: give the usual mode
        try:
            os.replace(temp_path, target)
        except OSError as exc:  # made a folder meanwhile, or not ours to replace
            raise PtceError(f"cannot write here: {exc.strerror}", path=target) from None
    finally:
        if temp_path.exists():
            temp_path.unlink()


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _ledger_entries(ledger: Path) -> dict[str, str]:
    try:
        entries = json.loads(ledger.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or damaged: nothing is known to be ours
        return {}
    return entries if isinstance(entries, dict) else {}


def as_written(path: Path, ledger: Path) -> bool:
    """Whether the file at ``path`` is, byte for byte, what was last written there and noted
    in ``ledger`` (``note_written``): nobody has saved it since."""
    digest = _file_digest(path)
    return digest is not None and _ledger_entries(ledger).get(str(path.resolve())) == digest


def note_written(path: Path, ledger: Path) -> None:
    """Note in ``ledger`` (a small JSON file) what was just written at ``path``, for
    ``as_written``. Best effort: a ledger that cannot be written only makes the next export
    read the file to know whether it holds edits."""
    digest = _file_digest(path)
    if digest is None:
        return
    entries = {**_ledger_entries(ledger), str(path.resolve()): digest}
    try:
        with atomic_path(ledger) as temp:
            temp.write_text(json.dumps(entries, indent=1, sort_keys=True), encoding="utf-8")
    except PtceError:
        return


def fitting_name(name: str, max_bytes: int) -> str:
    """``name``, or, when it is longer than ``max_bytes`` in UTF-8 (a file named after a pole
    or coders whose names are long), ``name`` cut on a character and followed by a short
    digest of the whole of it, so that two long names stay two names."""
    encoded = name.encode("utf-8")
    if len(encoded) <= max_bytes:
        return name
    digest = hashlib.sha256(encoded).hexdigest()[:10]
    kept = encoded[: max(0, max_bytes - len(digest) - 1)]
    return f"{kept.decode('utf-8', errors='ignore')}-{digest}"


def distinct_file_names(names: Iterable[str]) -> dict[str, str]:
    """Each of ``names`` (a pole's name, for its figure) as a piece of a file name that every
    usual file system takes and that no other of ``names`` shares there: what Windows refuses
    (``: / \\ * ? " < > |``, control characters) becomes « - »; names that would then be one
    file where letter case, accents or the Unicode form of « é » are not told apart (macOS,
    Windows, a synced folder: « Pôle-Nord » and « pôle-nord », « Pôle:Nord » and
    « Pôle|Nord ») each get a short digest of the whole name after them, so that no figure
    replaces another."""
    pieces = {name: _file_piece(name) for name in dict.fromkeys(names)}
    seen = Counter(_file_key(piece) for piece in pieces.values())
    return {
        name: f"{piece}-{_digest(name)}" if seen[_file_key(piece)] > 1 else piece
        for name, piece in pieces.items()
    }


def _file_piece(name: str) -> str:
    """``name`` in NFC with what a file system refuses replaced; never empty, no trailing dot
    or space (Windows drops them)."""
    piece = _UNSAFE_IN_NAME.sub("-", unicodedata.normalize("NFC", name)).rstrip(". ")
    return piece or "_"


def _file_key(piece: str) -> str:
    """What a file system that ignores letter case and accents sees of ``piece``."""
    decomposed = unicodedata.normalize("NFKD", piece)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _digest(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


def check_writable(folder: Path, targets: Sequence[Path] = (), *, what: str = "output") -> None:
    """Refuse before anything is written where the ``what`` (« report ») could only be
    written in part: a ``folder`` (created if missing) where no file can be made, a folder in
    the way of one of the ``targets``. A probe file is made and removed, so that permissions,
    a read-only disk or an access control list all count, whoever runs the command."""
    for target in targets:
        if target.is_dir():
            raise PtceError(
                f"a folder is in the way of this {what} file: nothing was written",
                path=target,
                hint="Move or rename that folder, then run the command again.",
            )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(
            dir=folder, prefix=f".write-check.{os.getpid()}.", suffix=PART_SUFFIX
        )
    except OSError as exc:
        raise PtceError(
            f"cannot write the {what} in this folder ({exc.strerror}): nothing was written",
            path=folder,
            hint="Make the folder writable (or move away what is in its place), then run the "
            "command again.",
        ) from None
    os.close(handle)
    os.unlink(probe)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def remove_stale_parts(folder: Path, *, recursive: bool = False) -> list[Path]:
    """Delete the hidden ``*.part`` files of ``folder`` whose writer is no longer running
    (and those of older versions, which did not name their writer); returns them."""
    if not folder.is_dir():
        return []
    found = folder.rglob(f".*{PART_SUFFIX}") if recursive else folder.glob(f".*{PART_SUFFIX}")
    removed = []
    for path in sorted(found):
        match = _PART_NAME.match(path.name)
        if match is None or not path.is_file():
            continue
        if match["pid"] is not None and _running(int(match["pid"])):
            continue
        try:
            path.unlink()
        except OSError:  # gone meanwhile, or not ours to remove: leave it
            continue
        removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):  # exists but not ours, or not a pid here
        return True
    return True
