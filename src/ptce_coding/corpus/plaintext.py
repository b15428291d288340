"""Plain-text and Markdown transcripts (.txt, .md), in any common encoding.

An optional YAML front matter (``---`` lines around ``key: value`` pairs) gives interview
attributes; it is not part of the stored text.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ptce_coding.base.decoding import decode
from ptce_coding.base.errors import CorpusError
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
