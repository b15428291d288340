"""The names hidden in what names a document: its file name, its case, its header.

A file name writes a name with « _ », « . » or digits around it (« Jean-Luc_Ardoin_H_57_SO
.TextGrid »), where a name in a text is a whole word only between spaces and punctuation;
a name written with a hyphen there may be two words of a full name (« Simon-Tivolle.trs »);
and in any case: a file name is often in lower case (« entretien_dupont_lyon.txt »), where a
text's word in lower case is no name (« la biscuiterie »).
A case is its project pseudonym (``pole-b``), never what another row makes of its folder
name (« Personne 5 », when the NER read the town « Saint-Ouen » as a person).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ptce_coding.privacy.entity import Entity
from ptce_coding.privacy.names import KnownName

# what separates the words of a file name, besides spaces: « Jean-Luc_Ardoin_H_57.txt »
_SEPARATORS = re.compile(r"[_.\d]")
_HYPHEN = re.compile(r"-")
# the Transcriber header's attributes that name people or files (``corpus.transcriber``)
_PEOPLE_ATTRIBUTES = frozenset({"scribe"})
_FILE_ATTRIBUTES = frozenset({"audio_filename"})

Spans = Callable[[str], Iterable[Any]]  # ``apply.Replacer.spans``: start, end, pseudonym


def _capitals(text: str) -> str:
    """``text`` in capitals, one character for one (« ß » stays), so that offsets hold."""
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in text)


def file_name(name: str, spans: Spans) -> str:
    """``name`` (one part of a path) with every name ``spans`` finds replaced, its « _ »,
    « . » and digits read as spaces, then also its hyphens (the longer name first: « Jean-Luc
    Martin », then « Simon » and « Tivolle » of « Simon-Tivolle »), as written, then in
    capitals: a name in any case (« entretien_dupont_lyon.txt », ``spans`` finds a name as
    written and in capitals)."""
    spaced = _SEPARATORS.sub(" ", name)
    found: list[Any] = []
    for words in (spaced, _HYPHEN.sub(" ", spaced)):
        for variant in (words, _capitals(words)):
            for span in spans(variant):
                if not any(f.start < span.end and span.start < f.end for f in found):
                    found.append(span)
    parts, cursor = [], 0
    for span in sorted(found, key=lambda s: s.start):
        parts += [name[cursor : span.start], span.pseudonym]
        cursor = span.end
    return "".join([*parts, name[cursor:]])


def document_name(name: str, cases: Mapping[str, str], spans: Spans) -> str:
    """A stored document name (``case/file``): its case folder its pseudonym (``cases``),
    every other part through ``file_name``."""
    parts = name.split("/")
    return "/".join(
        cases[part] if index == 0 and part in cases else file_name(part, spans)
        for index, part in enumerate(parts)
    )


def header_attributes(
    attributes: Mapping[str, Any], string: Callable[[Any], Any], spans: Spans
) -> dict[str, Any]:
    """A document's attributes for an anonymised export: its texts through ``string``, its
    audio file's name through ``file_name``; without the maps and lists a transcript's
    header holds (the Transcriber speakers « {'sp1': 'Simon Tivolle'} », its topics and
    sections) nor its scribes (« Archambault/Brochard »): names no review listed."""
    kept: dict[str, Any] = {}
    for key, value in attributes.items():
        if key in _PEOPLE_ATTRIBUTES or isinstance(value, dict | list | tuple | set):
            continue
        if key in _FILE_ATTRIBUTES and isinstance(value, str):
            kept[key] = file_name(value, spans)
        else:
            kept[key] = string(value)
    return kept


def case_pseudonyms(
    cases: Iterable[str], mapping: Sequence[Entity], known: Sequence[KnownName]
) -> dict[str, str]:
    """Each case's project pseudonym: that of the mapping's row that writes its folder name
    as it is (the project's row when several do: the one whose pseudonym ``known`` gives
    the folder), else the one ``known`` gives it; a case whose row the researcher dropped,
    or named so already (``pole-a``), stays as it is."""
    folders = {k.name: k.pseudonym for k in known if k.variants == (k.name,) and k.pseudonym}
    found: dict[str, str] = {}
    for case in cases:
        rows = [e for e in mapping if case in e.variants]
        rows.sort(key=lambda e: (e.pseudonym != folders.get(case), e.kind != "organisation"))
        if rows:
            found[case] = rows[0].pseudonym if rows[0].kept else case
        else:
            found[case] = folders.get(case, case)
    return found
