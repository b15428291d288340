"""Plain-text and Markdown transcripts (.txt, .md), in any common encoding.

An optional YAML front matter (``---`` lines around ``key: value`` pairs) gives interview
attributes; it is not part of the stored text.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ptce_coding.corpus.speakers import SpeakerDetector, split_turns
from ptce_coding.corpus.transcript import Transcript, normalise
from ptce_coding.errors import CorpusError

WESTERN = ("cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text and the encoding assumed: BOM, then UTF-8, then detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise CorpusError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start})",
                    path=path,
                ) from None
    if b"\x00" in data[:4096]:
        raise CorpusError(
            "looks like a binary file, not a text transcript",
            path=path,
            hint="Save it as .txt (UTF-8), .docx or .odt.",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # Transcripts in French that are not UTF-8 are nearly always in a Western code page:
    # try those first, so that « cœur » is not read as cp1250's « cśur ».
    best = from_bytes(data, cp_isolation=list(WESTERN)).best() or from_bytes(data).best()
    if best is None or best.encoding is None:
        raise CorpusError(
            "the text encoding could not be recognised",
            path=path,
            hint="Save the file as UTF-8 and import it again.",
        )
    return str(best), best.encoding


def split_front_matter(text: str, path: Path) -> tuple[str, dict]:
    if not text.startswith("---\n"):
        return text, {}
    end = text.find("\n---\n", 4)
    if end < 0:
        return text, {}
    try:
        data = yaml.safe_load(text[4:end])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CorpusError(
            f"malformed front matter: {getattr(exc, 'problem', exc)}",
            path=path,
            line=mark.line + 2 if mark else None,
        ) from None
    if not isinstance(data, dict):
        raise CorpusError("the front matter must be `key: value` lines", path=path, line=2)
    return text[end + 5 :], {str(k): _plain(v) for k, v in data.items()}


def _plain(value: object) -> object:
    """YAML values as JSON can store them: dates become ISO text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def read_plaintext(path: Path, detector: SpeakerDetector) -> Transcript:
    data = path.read_bytes()
    raw, encoding = decode(data, path)
    text, attributes = split_front_matter(normalise(raw).lstrip("\ufeff"), path)
    if not text.strip():
        raise CorpusError("the transcript is empty", path=path)
    return Transcript(
        text=text,
        turns=split_turns(text, detector),
        format=path.suffix.lower().lstrip("."),
        encoding=encoding,
        attributes=attributes,
    )
