"""Transcripts in, as (text, turns, attributes): one reader per format."""

from __future__ import annotations

from pathlib import Path

from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript
from ptce_coding.errors import CorpusError

READERS = {".txt": "plaintext", ".md": "plaintext", ".docx": "docx"}
MAX_BYTES = 50 * 1024 * 1024


def supported(path: Path) -> bool:
    return path.suffix.lower() in READERS


def read_transcript(path: Path, detector: SpeakerDetector | None = None) -> Transcript:
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
    except OSError as exc:
        raise CorpusError(f"cannot read the file: {exc.strerror}", path=path) from None
    if size == 0:
        raise CorpusError("the file is empty", path=path)
    if size > MAX_BYTES:
        raise CorpusError(
            f"the file is {size / 1e6:.0f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit", path=path
        )
    if READERS[suffix] == "docx":
        from ptce_coding.corpus.docx import read_docx

        return read_docx(path, detector)
    from ptce_coding.corpus.plaintext import read_plaintext

    return read_plaintext(path, detector)
