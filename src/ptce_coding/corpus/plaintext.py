"""Plain-text and Markdown transcripts (.txt, .md), in any common encoding.

An optional YAML front matter (``---`` lines around ``key: value`` pairs) gives interview
attributes; it is not part of the stored text.

A file whose content is another format ptce-coding reads (a Transcriber file saved as
``.txt``, a TextGrid, subtitles, a web page, an RTF, Word, OpenDocument or PDF document) is
refused with the name to give it, as a misnamed .docx or .odt is (``office_files``): read as
text, its markup would be coded and counted, and its speakers lost. Renamed, it is read by its
own reader, and its name in the project says what it is.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ptce_coding.base.decoding import decode
from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.office_files import zipped_format
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import Transcript, normalise
from ptce_coding.corpus.turns import split_turns

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML as people write an interview's attributes: a number is a decimal number, and
    what only YAML 1.1 reads as one stays the text it is: « 01000 » (a postal code, not
    the octal 512), « 01 » (a department), « 14:30 » (a time, not the sexagesimal 870),
    « 0x1F », « 1_000 »."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, found) for tag, found in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FrontMatterLoader.add_implicit_resolver(
    _INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_FrontMatterLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


# a format read by its own reader: what it is, its usual suffix, what reading it as text does
_MARKUP = "would be coded and counted as words"
_OTHER_FORMATS = {
    "trs": ("a Transcriber file", ".trs", f"its XML markup {_MARKUP}, and its speakers lost"),
    "textgrid": ("a Praat TextGrid", ".TextGrid", f"its tiers and times {_MARKUP}"),
    "vtt": ("a WebVTT subtitle file", ".vtt", f"its cue timings {_MARKUP}"),
    "srt": ("a SubRip subtitle file", ".srt", f"its cue numbers and timings {_MARKUP}"),
    "html": ("a web page", ".html", f"its HTML markup {_MARKUP}"),
    "rtf": ("an RTF document", ".rtf", f"its RTF control words {_MARKUP}"),
    "docx": ("a Word document", ".docx", "its bytes are not text"),
    "odt": ("an OpenDocument text", ".odt", "its bytes are not text"),
    "pdf": ("a PDF document", ".pdf", "its bytes are not text"),
}
# what may come before a document's first element: an XML declaration, comments, a DOCTYPE
_PROLOG = r"(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)\s*)*"
_SIGNATURES = {
    "trs": re.compile(_PROLOG + r"<Trans[\s/>]", re.DOTALL),
    "textgrid": re.compile(r'File\s+type\s*=\s*"ooTextFile"\s+Object\s+class\s*=\s*"TextGrid"'),
    "vtt": re.compile(r"WEBVTT(?:[ \t][^\n]*)?(?:\n|$)"),
    "srt": re.compile(
        r"\d+[ \t]*\n[ \t]*\d+:[0-5]\d:[0-5]\d[,.]\d{3}[ \t]+-->[ \t]+\d+:[0-5]\d:[0-5]\d[,.]\d{3}"
    ),
    "html": re.compile(
        r"(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE\s+html\b|<html[\s>])",
        re.DOTALL | re.IGNORECASE,
    ),
    "rtf": re.compile(r"\{\\rtf"),
}


def _format_of_bytes(data: bytes, path: Path) -> str | None:
    """The other format (``_OTHER_FORMATS``) a file's bytes show: a Word or OpenDocument zip,
    a PDF; None otherwise."""
    if data.startswith(b"PK\x03\x04"):
        return (zipped_format(path) or "").lstrip(".") or None
    return "pdf" if data[:1024].lstrip().startswith(b"%PDF-") else None


def _format_of_text(text: str) -> str | None:
    """The other format (``_OTHER_FORMATS``) a decoded text starts as, or None."""
    head = text.lstrip("\ufeff \t\n")[:4096]
    return next((name for name, sign in _SIGNATURES.items() if sign.match(head)), None)


def _refuse_other_format(found: str | None, path: Path) -> None:
    if found is None:
        return
    what, suffix, effect = _OTHER_FORMATS[found]
    raise CorpusError(
        f"{what} ({suffix}) with the extension {path.suffix}: read as plain text, {effect}; "
        "it was not imported",
        path=path,
        hint=f"Rename it {path.stem}{suffix} and import it again.",
    )


def split_front_matter(text: str, path: Path) -> tuple[str, dict]:
    if not text.startswith("---\n"):
        return text, {}
    end = text.find("\n---\n", 4)
    if end < 0:
        return text, {}
    try:
        data = yaml.load(text[4:end], Loader=_FrontMatterLoader)  # a SafeLoader
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
    _refuse_other_format(_format_of_bytes(data, path), path)
    raw, encoding = decode(data, path)
    whole = normalise(raw).lstrip("\ufeff")
    _refuse_other_format(_format_of_text(whole), path)
    text, attributes = split_front_matter(whole, path)
    if not text.strip():
        raise CorpusError("the transcript is empty", path=path)
    return Transcript(
        text=text,
        turns=split_turns(text, detector),
        format=path.suffix.lower().lstrip("."),
        encoding=encoding,
        attributes=attributes,
    )
