"""Transcripts in, as (text, turns, attributes): one reader per format."""

from __future__ import annotations

import zipfile
from importlib import import_module
from pathlib import Path

from ptce_coding.base.errors import CorpusError
from ptce_coding.base.settings import DEFAULT_MAX_MEGABYTES
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript

# suffix -> (module, function); modules are imported only when a file of that type is read
READERS = {
    ".txt": ("plaintext", "read_plaintext"),
    ".md": ("plaintext", "read_plaintext"),
    ".docx": ("docx", "read_docx"),
    ".odt": ("odt", "read_odt"),
    ".vtt": ("subtitles", "read_subtitles"),
    ".srt": ("subtitles", "read_subtitles"),
    ".trs": ("transcriber", "read_transcriber"),
    ".html": ("html", "read_html"),
    ".htm": ("html", "read_html"),
    ".textgrid": ("textgrid", "read_textgrid"),
    ".pdf": ("pdf", "read_pdf"),
    ".rtf": ("rtf", "read_rtf"),
}
ZIPPED = (".docx", ".odt")  # zip archives of XML: their expanded size is what gets read


def supported(path: Path) -> bool:
    return path.suffix.lower() in READERS


def read_transcript(
    path: Path,
    detector: SpeakerDetector | None = None,
    max_megabytes: float = DEFAULT_MAX_MEGABYTES,
) -> Transcript:
    """Read one transcript file; CorpusError says why when it cannot be read."""
    detector = detector or SpeakerDetector()
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise CorpusError(
            f"unsupported file type {suffix or '(none)'}",
            path=path,
            hint=f"Supported: {', '.join(sorted(READERS))}.",
        )
    try:
        size = path.stat().st_size
        with path.open("rb"):  # readable? (a reader would take a refusal for a damaged file)
            pass
    except OSError as exc:
        raise CorpusError(
            f"cannot read the file: {exc.strerror or exc}",
            path=path,
            hint="Check that the file can be opened (permissions), then import it again.",
        ) from None
    if size == 0:
        raise CorpusError("the file is empty", path=path)
    if size > max_megabytes * 1_000_000:
        raise CorpusError(
            f"the file is {size / 1e6:.1f} MB, over the {max_megabytes:g} MB limit",
            path=path,
            hint="Raise `import: max_megabytes` in project.yaml if this file is really a "
            "transcript.",
        )
    if suffix in ZIPPED:
        _check_expanded_size(path, max_megabytes)
    module, function = READERS[suffix]
    reader = getattr(import_module(f"ptce_coding.corpus.{module}"), function)
    try:
        return reader(path, detector)
    except OSError as exc:  # unreadable (permissions), vanished, or a device error
        raise CorpusError(
            f"cannot read the file: {exc.strerror or exc}",
            path=path,
            hint="Check that the file can be opened (permissions), then import it again.",
        ) from None


def _check_expanded_size(path: Path, max_megabytes: float) -> None:
    """Refuse a .docx or .odt whose members, as the archive declares them, expand beyond the
    import limit, before any of it is decompressed (a zip bomb is refused at once). The
    declared sizes bound what is read: Python's zipfile stops at them."""
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    # not a zip at all, or one made with a zip feature Python has not (NotImplementedError):
    # the reader says what the file is
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return
    if expanded > max_megabytes * 1_000_000:
        raise CorpusError(
            f"the {path.suffix.lower()} file expands to {expanded / 1e6:,.1f} MB once "
            f"unzipped, over the {max_megabytes:g} MB limit; it was not read",
            path=path,
            hint="A transcript is rarely over a few MB unzipped: remove large pictures or "
            "embedded files (or save it again), or raise `import: max_megabytes` in "
            "project.yaml if it is really a transcript.",
        )
