"""The names hidden in what names a document: its file name, its case, its header.

A file name writes a name with « _ », « . » or digits around it (« Jean-Luc_Ardoin_H_57_SO
.TextGrid »), where a name in a text is a whole word only between spaces and punctuation;
a name written with a hyphen there may be two words of a full name (« Simon-Tivolle.trs »);
and in any case: a file name is often in lower case (« entretien_dupont_lyon.txt »), where a
text's word in lower case is no name (« la biscuiterie »).
A case is its project pseudonym (``pole-b``), never what another row makes of its folder
name (« Personne 5 », when the NER read the town « Saint-Ouen » as a person).

A file name holds names the text never writes: CFPP's « Jean-Luc_Ardoin_H_57_SO.TextGrid »
names its interviewee in full, the transcript only « Jean-Luc ». ``file_words`` reads each
file name as a phrase, with the words in it that may be names (capitalised, not a word the
corpus writes in lower case, not a French common noun, a role, a title or a name of the
field) and those the NER reads as a person's; the review proposes them (``pseudonyms``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ptce_coding.privacy.detect import common_nouns, lowercase_vocabulary
from ptce_coding.privacy.entity import Entity
from ptce_coding.privacy.name_words import (
    GENERIC,
    NOT_NAMES,
    PRENOMINAL,
    is_role_word,
    is_title,
    is_world_place,
)
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


def _whole_token(name: str, start: int, end: int) -> bool:
    """Whether ``name[start:end]`` is a whole token of a file name: no letter nor digit
    glued to it (« ESLO » of « ESLO1_INTPERS » is not)."""
    before = name[start - 1] if start > 0 else " "
    after = name[end] if end < len(name) else " "
    return not before.isalnum() and not after.isalnum()


def file_name(name: str, spans: Spans, cases: Collection[str] = ()) -> str:
    """``name`` (one part of a path) with every name ``spans`` finds replaced, its « _ »,
    « . » and digits read as spaces, then also its hyphens (the longer name first: « Jean-Luc
    Martin », then « Simon » and « Tivolle » of « Simon-Tivolle »), as written, then in
    capitals: a name in any case (« entretien_dupont_lyon.txt », ``spans`` finds a name as
    written and in capitals). A case's folder name (``cases``) is replaced only as a whole
    token: the case ``eslo`` is not in ``ESLO1_INTPERS_420_C.trs``, whose « ESLO1 » names
    the corpus (a person's name glued to a digit, « dupont2 », is replaced)."""
    spaced = _SEPARATORS.sub(" ", name)
    folders = {case.casefold() for case in cases}
    found: list[Any] = []
    for words in (spaced, _HYPHEN.sub(" ", spaced)):
        for variant in (words, _capitals(words)):
            for span in spans(variant):
                written = name[span.start : span.end].casefold()
                if written in folders and not _whole_token(name, span.start, span.end):
                    continue
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
        cases[part] if index == 0 and part in cases else file_name(part, spans, cases)
        for index, part in enumerate(parts)
    )


def header_attributes(
    attributes: Mapping[str, Any],
    string: Callable[[Any], Any],
    spans: Spans,
    cases: Collection[str] = (),
) -> dict[str, Any]:
    """A document's attributes for an anonymised export: its texts through ``string``, its
    audio file's name through ``file_name``; without the maps and lists a transcript's
    header holds (the Transcriber speakers « {'sp1': 'Simon Tivolle'} », its topics and
    sections) nor its scribes (« Archambault/Brochard »): names no review listed; ``cases``,
    the case folders, replaced only as whole tokens (``file_name``)."""
    kept: dict[str, Any] = {}
    for key, value in attributes.items():
        if key in _PEOPLE_ATTRIBUTES or isinstance(value, dict | list | tuple | set):
            continue
        if key in _FILE_ATTRIBUTES and isinstance(value, str):
            kept[key] = file_name(value, spans, cases)
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


# a word of a file name read as a phrase: letters, maybe joined by « - » or « ' »
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# a name's word, written as a name: a capital, then at least one letter in lower case
_NAME_FORM = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’-]*[a-zß-öø-ÿ][\w'’-]*")


@dataclass(frozen=True)
class FileWords:
    """A document's file name read as a phrase (« Jean-Luc Ardoin H 57 SO »: « _ » and « . »
    as spaces, without its extension; or its hyphens as spaces too), the spans of its words
    that may be names (``may_be_name``) and those of such words the NER reads as a person's
    name (« Entretien Marie Dupont »: « Marie Dupont »)."""

    document: str
    phrase: str
    words: tuple[tuple[int, int], ...]
    people: tuple[tuple[int, int], ...] = ()


def name_form(word: str) -> str:
    """A word of a file name as a name is written: « ardoin » → « Ardoin »."""
    return word[:1].upper() + word[1:] if word.islower() else word


def may_be_name(word: str, is_common: Callable[[str], bool]) -> bool:
    """A word of a file name that may be a name: written as one (or in lower case), not a
    word in capitals (« SO », « ESLO »), no courtesy word, role, title, adjective before a
    noun, name of the field, country, and no part of it a common word (``is_common``:
    written in lower case in the corpus, or a French common noun: « entretien »,
    « interview »)."""
    form = name_form(word)
    if len(form) < 3 or form.isupper() or _NAME_FORM.fullmatch(form) is None:
        return False
    folded = form.casefold()
    if folded in NOT_NAMES or folded in GENERIC or folded in PRENOMINAL:
        return False
    if is_title(form) or is_role_word(form) or is_world_place(form):
        return False
    return not any(is_common(part) for part in re.split(r"['’-]", folded) if part)


def file_phrases(name: str) -> list[str]:
    """A document name's file (its last part) read as phrases: its stem with « _ » and « . »
    as spaces, then with its hyphens as spaces too (when it has one)."""
    stem = PurePosixPath(name.split("/")[-1]).stem
    spaced = " ".join(re.sub(r"[_.]+", " ", stem).split())
    unhyphenated = " ".join(spaced.replace("-", " ").split())
    return [spaced] if unhyphenated == spaced else [spaced, unhyphenated]


def file_words(texts: Mapping[str, str], nlp: Any = None) -> list[FileWords]:
    """Every stored document's file name read as phrases (``file_phrases``), with the words
    that may be names (``may_be_name``: the corpus of ``texts`` says which words are
    common) and, with the NER (``nlp``: ``detect.load_ner``), the runs of such words
    written with a capital inside a person it reads (PER)."""
    vocabulary = lowercase_vocabulary(texts.values())
    is_noun = common_nouns(nlp) if nlp is not None else (lambda word: False)

    def is_common(word: str) -> bool:
        return word in vocabulary or is_noun(word)

    found = []
    for document in texts:
        for phrase in file_phrases(document):
            words = tuple(
                (m.start(), m.end())
                for m in _WORD.finditer(phrase)
                if may_be_name(m.group(), is_common)
            )
            found.append(FileWords(document, phrase, words))
    if nlp is None or not found:
        return found
    read = []
    for entry, doc in zip(found, nlp.pipe(f.phrase for f in found), strict=True):
        spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PER"]
        read.append(FileWords(entry.document, entry.phrase, entry.words, _runs(entry, spans)))
    return read


def _runs(entry: FileWords, spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The runs of consecutive words of ``entry`` that may be names, written with a capital,
    inside the ``spans`` (the NER's persons)."""
    runs: list[tuple[int, int]] = []
    for start, end in spans:
        inside = [
            (s, e) for s, e in entry.words if start <= s and e <= end and entry.phrase[s].isupper()
        ]
        for s, e in inside:
            if runs and runs[-1][0] >= start and not entry.phrase[runs[-1][1] : s].strip():
                runs[-1] = (runs[-1][0], e)
            else:
                runs.append((s, e))
    return tuple(runs)
