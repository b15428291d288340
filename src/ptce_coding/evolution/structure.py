"""The interview's own structure as codes: the interview guide's questions become structural
codes, so that a matrix reads « what was said under question 3 ».

Set in project.yaml::

    structure:
      code: STRUCT              # the parent code of the structural codes (added if missing)
      topics: true              # Transcriber: each section's topic (<Topic desc=…>)
      headings: '^#+\\s*(?P<key>Question \\d+)'   # text files: a one-line paragraph that
                                # matches is a heading; (?P<key>…) names the code (else the
                                # whole line)

A heading's code covers every segment after it up to the next heading; a Transcriber
section's code covers its turns. A document's title line is never a heading: its first
paragraph, when it is no speaker turn (« # Entretien avec Mathieu Esparza, coordinateur »),
names the interview, often the interviewee, not a question of the guide, and would put that
name into the codebook. The code id is the parent and the key in capitals
(« Question 3 » → STRUCT.QUESTION_3), so the same question in every interview is the same
code. `ptce-coding structure` adds the codes the codebook lacks (appended, comments kept) and
writes the codings as coder ``structure`` (method import, accepted): a later run replaces them,
and only them. Every coder selection counts them (coder_selection.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ptce_coding.base.coder_selection import STRUCTURE_CODER
from ptce_coding.base.errors import PtceError
from ptce_coding.base.files import atomic_path
from ptce_coding.base.records import Coding, Document, Segment
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.codebook.merge import merged_codebook
from ptce_coding.codebook.model import Code, Codebook

if TYPE_CHECKING:
    from ptce_coding.store import Store

MAX_KEY = 40  # characters of a code id's last part
UNTITLED = "Sans titre"  # the label of a heading with no text (« # »), code …SANS_TITRE


@dataclass(frozen=True)
class StructureSettings:
    code: str = ""  # the parent code; empty: no structural codes
    topics: bool = True
    headings: str | None = None  # a regular expression
    source: str = field(default="", compare=False)  # the file that sets it: project.yaml
    line: int | None = field(default=None, compare=False)  # the line of `code:` there

    @property
    def configured(self) -> bool:
        return bool(self.code)


@dataclass(frozen=True)
class Part:
    """A stretch of an interview under one question: its code, label and text span."""

    code: str
    label: str
    start: int
    end: int


@dataclass
class StructureRun:
    codes_added: list[str] = field(default_factory=list)
    codings: int = 0
    removed: int = 0
    per_code: dict[str, int] = field(default_factory=dict)  # code: documents
    titles: list[str] = field(default_factory=list)  # documents whose title line matched
    # code: the different headings it stands for, when there are several (the id keeps the
    # first MAX_KEY characters, and letters only: two questions may fall on one code)
    merged: dict[str, list[str]] = field(default_factory=dict)


def code_id(parent: str, key: str) -> str:
    """« Question 3 : la gouvernance » → PARENT.QUESTION_3_LA_GOUVERNANCE (ASCII capitals)."""
    plain = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    part = re.sub(r"[^A-Z0-9]+", "_", plain.upper()).strip("_")[:MAX_KEY].strip("_")
    return f"{parent}.{part or 'SANS_TITRE'}"


def document_parts(
    document: Document, segments: list[Segment], settings: StructureSettings
) -> list[Part]:
    """The structural parts of one document: its Transcriber sections (with a topic) or the
    stretches under its headings (its title line left out: ``title_line``)."""
    if document.format == "trs":
        return _sections(document, segments, settings) if settings.topics else []
    if not settings.headings:
        return []
    pattern = re.compile(settings.headings)
    title = title_line(document, segments, pattern)
    parts: list[Part] = []
    current: tuple[str, str] | None = None
    under: list[Segment] = []

    def close() -> None:
        if current and under:
            parts.append(Part(current[0], current[1], under[0].start, under[-1].end))

    for segment in segments:
        match = _heading(document, segment, pattern)
        if match and segment is title:
            current, under = None, []  # what follows the title up to the first question
        elif match:
            close()
            key = (match.groupdict().get("key") or match.string).strip(" #:.-")
            # a heading with no text (« # ») is a code all the same: its label cannot be empty
            current, under = (code_id(settings.code, key), key or UNTITLED), []
        elif current:
            under.append(segment)
    close()
    return parts


def _heading(
    document: Document, segment: Segment, pattern: re.Pattern[str]
) -> re.Match[str] | None:
    """The pattern's match on a heading paragraph: a paragraph of its own, one line (the
    speaker reader may have taken it for the end of the turn before, as it has no label: it
    is a heading all the same)."""
    line = document.text[segment.start : segment.end].strip()
    return pattern.search(line) if "\n" not in line else None


def title_line(
    document: Document, segments: list[Segment], pattern: re.Pattern[str]
) -> Segment | None:
    """The document's title line when the pattern matches it: its first paragraph, when it
    is no speaker turn (« # Entretien avec Mathieu Esparza »); None otherwise. A heading
    after it is a question of the guide, even before the first turn (« ## Question 1 »)."""
    first = min(segments, key=lambda s: s.position, default=None)
    if first is None or first.speaker or not _heading(document, first, pattern):
        return None
    return first


def _sections(
    document: Document, segments: list[Segment], settings: StructureSettings
) -> list[Part]:
    parts = []
    by_position = {s.position: s for s in segments}
    for section in document.attributes.get("sections") or []:
        topic, turns = section.get("topic"), section.get("turns") or [0, 0]
        inside = [by_position[i] for i in range(turns[0], turns[1]) if i in by_position]
        if topic and inside:
            parts.append(
                Part(code_id(settings.code, topic), topic, inside[0].start, inside[-1].end)
            )
    return parts


def _refuse_codebook_code(settings: StructureSettings, codebook: Codebook, store: Store) -> None:
    """`structure.code` must be the structure's own code: one it added (or one made for it,
    without rules or examples), never a code of the grid, under which the interviews'
    headings would be coded and counted. A code in whose subtree a rule or an example is
    written, or a coder other than the structure coded, is the grid's."""
    if settings.code not in codebook:
        return
    subtree = [c.id for c in codebook.codes if settings.code in codebook.ancestors(c.id)]
    grid = any(codebook.get(c).rules or codebook.get(c).examples for c in subtree) or any(
        row.coder != STRUCTURE_CODER for row in store.coding_rows(codes=subtree, with_text=False)
    )
    if not grid:
        return
    code = codebook.get(settings.code)
    where = f"{codebook.path}, line {code.line}" if code.line else str(codebook.path)
    raise PtceError(
        f"`structure.code` {code.id} is a code of the codebook ({where}: {code.label}): the "
        f"interviews' headings would be coded under it, as {code.id}.…, and counted in {code.id}",
        path=settings.source or None,
        line=settings.line,
        hint="Give `structure.code` an id that is not in the codebook (STRUCT, for example): "
        "`ptce-coding structure` adds it as the parent of the structural codes.",
    )


def _refuse_nothing_found(settings: StructureSettings, store: Store) -> None:
    """No part in any document: the heading pattern matched no paragraph, or only paragraphs
    that follow one another (every line a heading, none with an answer under it). Running on
    would add the parent code to the codebook and delete the earlier structural codings."""
    documents = store.documents()
    texts = [d for d in documents if d.format != "trs"]
    pattern = re.compile(settings.headings) if settings.headings else None
    matched = total = titles = 0
    for document in texts:
        segments = store.segments(document.id)
        total += len(segments)
        if pattern is not None:
            matched += sum(bool(_heading(document, s, pattern)) for s in segments)
            titles += title_line(document, segments, pattern) is not None
    if pattern is None:
        found = "no `headings` pattern is set"
    elif matched == 0:
        found = f"`headings` matched none of the {total} paragraphs of the text files"
    elif matched == titles:
        found = (
            f"`headings` matched only the title line of {titles} document(s) (their first "
            "paragraph, before any speaker turn), which names the interview, not a question"
        )
    else:
        found = (
            f"`headings` matched {matched} of the {total} paragraphs of the text files, "
            "but none has a paragraph under it before the next heading"
        )
    trs = len(documents) - len(texts)
    topics = f"; no Transcriber section with a topic in {trs} .trs file(s)" if trs else ""
    raise PtceError(
        f"the `structure` setting finds no question in the {len(documents)} document(s): "
        f"{found}{topics}; nothing was changed",
        path=settings.source or None,
        line=settings.line,
        hint="Check `structure.headings` against a heading line of a transcript (a one-line "
        "paragraph, such as « # Question 3 : la gouvernance »): `ptce-coding segments export` "
        "shows the paragraphs.",
    )


def apply_structure(settings: StructureSettings, store: Store, codebook_path: Path) -> StructureRun:
    """Structural codes for every document: codes the codebook (``codebook_path``) lacks
    appended to it (first:
    a code unused is harmless, a coding of an unknown code is not), then the structure
    codings replaced in one transaction."""
    if not settings.configured:
        raise PtceError(
            "the project has no `structure` setting",
            hint="Add to project.yaml: `structure: {code: STRUCT, topics: true, headings: "
            "'^#+\\s*(?P<key>Question \\d+)'}` (see `ptce-coding structure --help`).",
        )
    codebook = load_codebook(codebook_path)
    _refuse_codebook_code(settings, codebook, store)
    found: list[tuple[Document, Part]] = []
    titles = []
    pattern = re.compile(settings.headings) if settings.headings else None
    for document in store.documents():
        segments = store.segments(document.id)
        for part in document_parts(document, segments, settings):
            found.append((document, part))
        if pattern and document.format != "trs" and title_line(document, segments, pattern):
            titles.append(document.name)
    if not found:
        _refuse_nothing_found(settings, store)
    run = StructureRun()
    labels = {part.code: part.label for _, part in found}
    new = []
    if settings.code not in codebook:
        definition = "Les questions du guide d'entretien (codes structurels)."
        new.append(Code(settings.code, "Structure de l'entretien", definition=definition))
    new += [
        Code(code, label, parent=settings.code)
        for code, label in sorted(labels.items())
        if code not in codebook
    ]
    text, merged = merged_codebook(codebook_path, new, "the interviews' structure")
    codings = [
        Coding(
            document.name,
            part.start,
            part.end,
            part.code,
            STRUCTURE_CODER,
            method="import",
            codebook_version=merged.version,
        )
        for document, part in found
    ]
    original = codebook_path.read_text(encoding="utf-8")
    written = False
    try:
        # the store's write lock first: a store in use leaves the codebook as it was
        with store.transaction():
            if new:
                with atomic_path(codebook_path) as temp:
                    temp.write_text(text, encoding="utf-8")
                written = True
            run.removed = store.replace_structure(codings, STRUCTURE_CODER)
    except BaseException:  # the store refused after the YAML was written: put it back
        if written:
            with atomic_path(codebook_path) as temp:
                temp.write_text(original, encoding="utf-8")
        raise
    run.codes_added = [code.id for code in new]
    run.codings = len(codings)
    # a question asked twice in one interview is one document for its code
    documents = Counter(code for code, _ in {(part.code, doc.name) for doc, part in found})
    run.per_code = dict(sorted(documents.items()))
    run.merged = _merged_headings(found)
    run.titles = titles
    return run


def _merged_headings(found: list[tuple[Document, Part]]) -> dict[str, list[str]]:
    """Codes that stand for headings that differ by more than case, accents, spaces or
    punctuation (« Question 3 : gouvernance » and « QUESTION 3 – Gouvernance » are one
    question), with those headings."""
    headings: dict[str, dict[str, str]] = {}
    for _, part in found:
        plain = unicodedata.normalize("NFKD", part.label).encode("ascii", "ignore").decode()
        key = re.sub(r"[^a-z0-9]+", " ", plain.lower()).strip()
        headings.setdefault(part.code, {}).setdefault(key, part.label)
    return {
        code: sorted(labels.values())
        for code, labels in sorted(headings.items())
        if len(labels) > 1
    }
