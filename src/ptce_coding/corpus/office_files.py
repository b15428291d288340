"""Word (.docx) and OpenDocument (.odt) files a parser cannot open: what they look like, to
say so and what to do (an old .doc renamed, a text file renamed, one format renamed as the
other, a password-protected file, a damaged one)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ptce_coding.base.errors import CorpusError

# an old binary Office file (Word 97-2003 .doc), or a .docx protected by a password
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# the suffix of each format: the member holding its text, and what it is called
FORMATS = {
    ".docx": ("word/document.xml", "a Word document"),
    ".odt": ("content.xml", "an OpenDocument text"),
}


def unreadable(path: Path, suffix: str, exc: Exception) -> CorpusError:
    """The error for ``path``, a ``suffix`` file its parser refused with ``exc``."""
    what, hint = what_it_is(path, suffix)
    return CorpusError(
        f"not a readable {suffix} file ({type(exc).__name__}): {what}", path=path, hint=hint
    )


def what_it_is(path: Path, suffix: str) -> tuple[str, str]:
    """What a ``suffix`` file its parser cannot open looks like, and what to do about it."""
    member, called = FORMATS[suffix]
    save_again = (
        f"Open it in Word or LibreOffice, remove any password and save it again as {called} "
        f"({suffix})."
    )
    with path.open("rb") as file:
        start = file.read(4096)
    if start.startswith(OLE2):
        return (
            f"an old Word 97-2003 document (.doc) renamed {suffix}, or a password-protected "
            "Word file",
            save_again,
        )
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            manifest = _member(archive, "META-INF/manifest.xml", names)
    except NotImplementedError as exc:  # « zip file version 20.0 »: a feature Python has not
        return f"a zip archive this program cannot open ({exc})", save_again
    except (zipfile.BadZipFile, OSError, ValueError):
        if _looks_like_text(start):
            return (
                f"a plain text file renamed {suffix} (not a zip archive, as a {suffix} is)",
                "Rename it .txt (or .md) and import it again.",
            )
        return f"damaged or truncated (not a zip archive, as a {suffix} is)", save_again
    if member not in names:
        for other, (other_member, other_called) in FORMATS.items():
            if other_member in names:
                return (
                    f"{other_called} ({other}) renamed {suffix}",
                    f"Rename it {other} and import it again.",
                )
        return f"a zip archive but not {called} (no {member} in it)", save_again
    if b"encryption-data" in manifest:
        return "protected by a password (its content is encrypted)", save_again
    return "damaged or truncated", save_again


def zipped_format(path: Path) -> str | None:
    """The suffix of the office format ``path`` is (.docx, .odt), whatever its name, or None
    when it is no zip archive holding either's text."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    return next((suffix for suffix, (member, _) in FORMATS.items() if member in names), None)


def _member(archive: zipfile.ZipFile, name: str, names: set[str]) -> bytes:
    if name not in names:
        return b""
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return b""


def _looks_like_text(start: bytes) -> bool:
    """Not a zip's signature, no NUL byte, hardly any control byte: a text file (in UTF-8 or
    a code page)."""
    if not start or start.startswith(b"PK") or b"\x00" in start:
        return False
    printable = sum(1 for byte in start if byte >= 32 or byte in b"\t\n\r\x0c")
    return printable / len(start) > 0.95
