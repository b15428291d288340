"""Quotations: the voices of the interviewees behind each cell of a matrix.

A quotation is the sentence(s) of a coded passage that carry the code: those holding the
tagger's evidence (the words a rule matched, the terms the model weighed) or, for a human
coding, the words of the code's label, criteria and examples; a short passage is quoted
whole. The most representative ones for a (case, code) cell are the shortest complete
quotations that still say something (at least ``MIN_CHARS``), taken from as many interviews
as possible.
"""

from __future__ import annotations

import re

import pandas as pd

from ptce_coding.analysis.matrices import check_codes, code_columns, interviewee_segments
from ptce_coding.codebook.model import Codebook

MIN_CHARS = 40
MAX_CHARS = 320
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
COLUMNS = ["case", "code", "document", "speaker", "status", "quotation", "complete"]
_WORD = re.compile(r"\w{4,}")
_STEM = 5  # letters compared: « mutualisons » and « mutualisation » meet on « mutua »


def terms_of(*texts: object) -> set[str]:
    """Word stems (first letters of words of 4+ letters) of ``texts``, lower-cased."""
    found: set[str] = set()
    for text in texts:
        if isinstance(text, str):
            found.update(w.lower()[:_STEM] for w in _WORD.findall(text))
        elif isinstance(text, list | tuple | set):
            found |= terms_of(*text)
    return found


def evidence_terms(evidence: object) -> set[str]:
    """The stems of the words a tagger quoted as evidence (« … »), else of the whole text."""
    if not isinstance(evidence, str):
        return set()
    quoted = re.findall(r"«\s*([^»]+?)\s*»", evidence)
    return terms_of(*quoted) if quoted else terms_of(evidence)


def focus(passage: str, terms: set[str], max_chars: int = MAX_CHARS) -> tuple[str, bool]:
    """The sentence(s) of ``passage`` that carry ``terms``: the best sentence, then its
    neighbours while they fit in ``max_chars``; « […] » marks what was left out.

    Returns (text, complete): ``complete`` is False when a sentence had to be cut."""
    text = " ".join(passage.split())
    if len(text) <= max_chars or not terms:
        return quotation(text, max_chars)
    sentences = [s for s in _SENTENCE.split(text) if s]
    scores = [len(terms_of(s) & terms) for s in sentences]
    if max(scores) == 0:
        return quotation(text, max_chars)
    best = scores.index(max(scores))
    first = last = best
    while True:  # add neighbours that carry the code too, then context if still too short
        short = _length(sentences, first, last) < 2 * MIN_CHARS
        options = [
            i
            for i in (last + 1, first - 1)
            if 0 <= i < len(sentences)
            and (scores[i] > 0 or short)
            and _length(sentences, min(first, i), max(last, i)) <= max_chars
        ]
        if not options:
            break
        grown = max(options, key=lambda i: scores[i])
        first, last = min(first, grown), max(last, grown)
    kept = " ".join(sentences[first : last + 1])
    if len(kept) > max_chars:
        return kept[: max_chars - 1].rstrip() + "…", False
    return ("[…] " if first > 0 else "") + kept + (
        " […]" if last < len(sentences) - 1 else ""
    ), True


def _length(sentences: list[str], first: int, last: int) -> int:
    return len(" ".join(sentences[first : last + 1]))


def quotation(passage: str, max_chars: int = MAX_CHARS) -> tuple[str, bool]:
    """The passage as a quotation: whole if short, else its first complete sentences.

    Returns (text, complete): ``complete`` is False when a sentence had to be cut.
    """
    text = " ".join(passage.split())
    if len(text) <= max_chars:
        return text, True
    kept = ""
    for sentence in _SENTENCE.split(text):
        if len(kept) + len(sentence) + 1 > max_chars:
            break
        kept = f"{kept} {sentence}".strip()
    if kept:
        return kept + " […]", True
    return text[: max_chars - 1].rstrip() + "…", False


def quotations(
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    codebook: Codebook,
    *,
    level: int | None = None,
) -> pd.DataFrame:
    """Every interviewee quotation, one row per (coded passage, code at ``level``).

    ``codings`` needs document, start, end, code, status and text (the coded passage), and
    may have evidence (the tagger's matched words); a coding is quoted if it overlaps an
    interviewee segment, with that segment's speaker, by the sentences carrying the code.
    """
    check_codes(codings, codebook)
    if codings.empty:
        return pd.DataFrame(columns=COLUMNS)
    counted = interviewee_segments(segments)[["document", "case", "start", "end", "speaker"]]
    if "evidence" not in codings.columns:
        codings = codings.assign(evidence=None)
    pairs = codings[["document", "start", "end", "code", "status", "text", "evidence"]].merge(
        counted, on="document", suffixes=("", "_segment")
    )
    pairs = pairs[(pairs["start"] < pairs["end_segment"]) & (pairs["end"] > pairs["start_segment"])]
    pairs = pairs.drop_duplicates(["document", "start", "end", "code"])
    vocabulary = {
        code.id: terms_of(code.label, code.include, code.examples) for code in codebook.codes
    }
    rows = []
    for row in pairs.itertuples(index=False):
        evidence = evidence_terms(row.evidence)
        code = str(row.code)
        text, complete = focus(str(row.text), evidence or vocabulary.get(code, set()))
        rows.append(
            {
                "case": row.case,
                "code": codebook.rollup(code, level),
                "document": row.document,
                "speaker": row.speaker if isinstance(row.speaker, str) else None,
                "status": row.status,
                "quotation": text,
                "complete": complete,
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.drop_duplicates(["case", "code", "document", "quotation"]).reset_index(drop=True)


def representative(found: pd.DataFrame, per_cell: int) -> pd.DataFrame:
    """Up to ``per_cell`` quotations per (case, code): complete and long enough first, then
    shortest first, one per interview before a second from the same interview."""
    if found.empty:
        return found
    ranked = found.assign(
        usable=(found["quotation"].str.len() >= MIN_CHARS) & found["complete"],
        length=found["quotation"].str.len(),
    ).sort_values(["case", "code", "usable", "length"], ascending=[True, True, False, True])
    ranked["turn"] = ranked.groupby(["case", "code", "document"]).cumcount()
    ranked = ranked.sort_values(
        ["case", "code", "turn", "usable", "length"], ascending=[True, True, True, False, True]
    )
    return ranked.groupby(["case", "code"]).head(per_cell)[COLUMNS].reset_index(drop=True)


def framework_matrix(
    quotes: pd.DataFrame,
    codebook: Codebook,
    cases: list[str],
    *,
    level: int | None = None,
    per_cell: int = 2,
) -> pd.DataFrame:
    """Case × code cells holding up to ``per_cell`` quotations « … » (document, speaker),
    marked « [suggestion] » when not yet reviewed; an empty cell holds 0."""
    columns = code_columns(codebook, level)
    chosen = representative(quotes, per_cell)
    cells = pd.DataFrame("0", index=cases, columns=columns, dtype=object)
    for (case, code), group in chosen.groupby(["case", "code"]):
        if case not in cells.index or code not in cells.columns:
            continue
        cells.loc[case, code] = "\n".join(
            f"« {row.quotation} » ({row.document}, "
            f"{row.speaker if isinstance(row.speaker, str) else 'sans locuteur'})"
            + (" [suggestion]" if row.status == "suggested" else "")
            for row in group.itertuples(index=False)
        )
    cells.index.name = "case"
    cells.columns.name = "code"
    return cells
