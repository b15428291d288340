"""Quotations: the voices of the interviewees behind each cell of a matrix.

A quotation is the sentence(s) of a coded passage that carry the code: those holding the
tagger's evidence (the words a rule matched, the terms the model weighed) or, for a human
coding, the words of the code's label, criteria and examples; a short passage is quoted
whole. The most representative ones for a (case, code) cell are the shortest complete
quotations that still say something (at least ``MIN_CHARS``), taken from as many interviews
as possible.

« […] » marks where a quotation cuts a sentence, as a French report quotes: a quotation that
starts at the start of a sentence of the speaker's turn and ends at its end is quoted bare,
though the passage or the turn goes on; one that starts or ends inside a sentence (the words
of the turn before it end no sentence, or it starts in lower case: « […] et puis… ») is
marked there, and is not complete. Sentences are read from the turn's text by the rule the
rule suggestions' passages follow (tagging/sentence_ends.py): a line break ends one, « etc. et
puis », « M. Dupont » or « env. 300 » do not. A quotation is shown without the transcriber's
marks (quotation_marks.py), what was not heard shown « […] »; a line that ends on one
(« (rires) ») still ends its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ptce_coding.analysis.matrices import check_codes, code_columns, interviewee_segments
from ptce_coding.analysis.quotation_marks import CUT, merge_cuts, without_marks
from ptce_coding.analysis.sentence_edges import cuts_after, cuts_before
from ptce_coding.codebook.model import Codebook
from ptce_coding.tagging.sentence_ends import SENTENCE, has_words, split_sentences, starts_lower

MIN_CHARS = 40
MAX_CHARS = 320
COLUMNS = ["case", "code", "document", "speaker", "status", "quotation", "complete"]
_WORD = re.compile(r"\w{4,}")
_STEM = 5  # letters compared: « mutualisons » and « mutualisation » meet on « mutua »
# a sentence that turns round the one before it: a quotation that can keep it keeps it
_TURN = re.compile(
    r"(?:mais|pourtant|cependant|toutefois|néanmoins|par contre|en revanche|sauf que)\b|or,",
    re.IGNORECASE,
)


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


@dataclass(frozen=True)
class _Kept:
    """The sentences of a passage kept as its quotation: ``text`` (« […] » where it cuts a
    sentence), ``complete`` (no sentence cut), and whether it starts where the passage starts
    (``at_start``) and ends where it ends (``at_end``): only there does the turn around the
    passage tell whether a sentence is cut."""

    text: str
    complete: bool
    at_start: bool
    at_end: bool


def focus(passage: str, terms: set[str], max_chars: int = MAX_CHARS) -> tuple[str, bool]:
    """The sentence(s) of ``passage`` that carry ``terms``: the best sentence, then its
    neighbours while they fit in ``max_chars`` (a next sentence that turns round what was
    said, « Mais… », « Pourtant… », is kept when it fits); « […] » marks where a sentence
    was cut, not the whole sentences left out.

    Returns (text, complete): ``complete`` is False when a sentence had to be cut."""
    kept = _focused(passage, terms, max_chars)
    return kept.text, kept.complete


def _focused(passage: str, terms: set[str], max_chars: int = MAX_CHARS) -> _Kept:
    text = " ".join(passage.split())
    if len(text) <= max_chars or not terms:
        return _first_sentences(passage, max_chars)
    units = _Units.of_sentences(passage)
    scores = [len(terms_of(s) & terms) for s in units.texts]
    if max(scores) == 0:
        return _first_sentences(passage, max_chars)
    best = scores.index(max(scores))
    if len(units.texts[best]) > max_chars and len(units.pieces(best).texts) > 1:
        # the best sentence alone is too long: quote pieces of it, its cuts marked
        units = units.split()
        scores = [len(terms_of(s) & terms) for s in units.texts]
        best = scores.index(max(scores))
    first, last = _grown(units.texts, scores, best, max_chars)
    kept = " ".join(units.texts[first : last + 1])
    cut_start = first > 0 and units.cut_after[first - 1]
    start = f"{CUT} " if cut_start else ""
    at_start, at_end = first == 0, last == len(units.texts) - 1
    if len(kept) > max_chars:
        return _Kept(start + _cut(kept, max_chars), False, at_start, False)
    cut_end = not at_end and units.cut_after[last]
    end = f" {CUT}" if cut_end else ""
    return _Kept(start + kept + end, not (cut_start or cut_end), at_start, at_end)


@dataclass(frozen=True)
class _Units:
    """What a quotation is made of: ``texts``, whole sentences (sentence_ends.py) or
    pieces of them (split at each stop, « etc. et puis » in two), and after each whether
    ending there cuts a sentence (``cut_after``: never after a whole sentence)."""

    texts: list[str]
    cut_after: list[bool]

    @classmethod
    def of_sentences(cls, passage: str) -> _Units:
        sentences = split_sentences(passage)
        return cls(sentences, [False] * len(sentences))

    def pieces(self, index: int) -> _Units:
        """The pieces of unit ``index``: cut at each stop and the spaces after it."""
        pieces = [p for p in SENTENCE.split(self.texts[index]) if p]
        return _Units(pieces, [True] * (len(pieces) - 1) + [self.cut_after[index]])

    def split(self) -> _Units:
        """Every unit in pieces."""
        texts: list[str] = []
        cuts: list[bool] = []
        for index in range(len(self.texts)):
            pieces = self.pieces(index)
            texts += pieces.texts
            cuts += pieces.cut_after
        return _Units(texts, cuts)


def _grown(sentences: list[str], scores: list[int], best: int, max_chars: int) -> tuple[int, int]:
    """The first and last of ``sentences`` kept around the ``best`` one: neighbours that
    carry the code too, then context while still too short, within ``max_chars``."""
    first = last = best
    while True:
        short = _length(sentences, first, last) < 2 * MIN_CHARS
        reverses = last + 1 < len(sentences) and bool(_TURN.match(sentences[last + 1]))
        options = [
            i
            for i in (last + 1, first - 1)
            if 0 <= i < len(sentences)
            and (scores[i] > 0 or short or (i == last + 1 and reverses))
            and _length(sentences, min(first, i), max(last, i)) <= max_chars
        ]
        if not options:
            return first, last
        if reverses and last + 1 in options:
            grown = last + 1
        else:
            grown = max(options, key=lambda i: scores[i])
        first, last = min(first, grown), max(last, grown)


def _length(sentences: list[str], first: int, last: int) -> int:
    return len(" ".join(sentences[first : last + 1]))


def _cut(text: str, max_chars: int) -> str:
    """``text`` cut after its last whole word that fits, « […] » after it."""
    room = max_chars - len(" " + CUT)
    kept = text[: room + 1].rsplit(" ", 1)[0] if len(text) > room else text
    return (kept if kept and len(kept) <= room else text[:room]).rstrip(" ,;:") + " " + CUT


def quotation(passage: str, max_chars: int = MAX_CHARS) -> tuple[str, bool]:
    """The passage as a quotation: whole if short, else its first complete sentences
    (« […] » only where that cuts a sentence).

    Returns (text, complete): ``complete`` is False when a sentence had to be cut.
    """
    kept = _first_sentences(passage, max_chars)
    return kept.text, kept.complete


def _first_sentences(passage: str, max_chars: int) -> _Kept:
    text = " ".join(passage.split())
    if len(text) <= max_chars:
        return _Kept(text, True, True, True)
    units = _Units.of_sentences(passage)
    if units.texts and len(units.texts[0]) > max_chars:  # its first pieces, cut marked
        units = units.pieces(0)
    kept = ""
    taken = 0
    for sentence in units.texts:
        if len(kept) + len(sentence) + 1 > max_chars:
            break
        kept = f"{kept} {sentence}".strip()
        taken += 1
    if kept:
        cut_end = units.cut_after[taken - 1]  # « etc. et puis » in pieces: one sentence
        return _Kept(kept + (f" {CUT}" if cut_end else ""), not cut_end, True, False)
    return _Kept(_cut(text, max_chars), False, True, False)


def spoken_chars(quotation: str) -> int:
    """The characters of a quotation, its « […] » marks aside: what the speaker is heard
    saying (« […] Le FSE. […] » is 7)."""
    return len(" ".join(quotation.replace(CUT, " ").split()))


def long_enough(quotations: pd.Series) -> pd.Series:
    """Which quotations say enough to be shown in a report: ``MIN_CHARS`` spoken at least."""
    return quotations.map(spoken_chars).ge(MIN_CHARS)


def at_turn_edges(
    text: str, before: str | None, after: str | None, complete: bool = True
) -> tuple[str, bool]:
    """``text`` (a passage's quotation) with « […] » where it cuts a sentence of its
    speaker's turn, which says ``before`` before the coded passage and ``after`` after it
    (None: the turn is not known, and a passage starting in lower case starts inside a
    sentence): a quotation that starts at a sentence's start and ends at its end takes
    none (sentence_edges.py). Returns (text, complete): not complete when the passage
    starts or ends inside a sentence."""
    if not text:
        return text, complete
    if text.startswith(CUT):  # focus() cut the sentence, or what starts it was not heard
        cut_before = False
    elif before is None:
        cut_before = starts_lower(text)
    else:
        cut_before = cuts_before(without_marks(before), text)
    cut_after = (
        after is not None and not text.endswith(CUT) and cuts_after(text, without_marks(after))
    )
    text = (f"{CUT} " if cut_before else "") + text + (f" {CUT}" if cut_after else "")
    return merge_cuts(text), complete and not (cut_before or cut_after)


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
    counted = interviewee_segments(segments)
    turns = ["text"] if "text" in counted.columns else []  # the segments' text, when known
    counted = counted[["document", "case", "start", "end", "speaker", *turns]]
    if "evidence" not in codings.columns:
        codings = codings.assign(evidence=None)
    pairs = codings[["document", "start", "end", "code", "status", "text", "evidence"]].merge(
        counted, on="document", suffixes=("", "_segment")
    )
    pairs = pairs[(pairs["start"] < pairs["end_segment"]) & (pairs["end"] > pairs["start_segment"])]
    pairs, befores, afters = _around(pairs)
    vocabulary = {
        code.id: terms_of(code.label, code.include, code.examples) for code in codebook.codes
    }
    rows = []
    for row, before, after in zip(pairs.itertuples(index=False), befores, afters, strict=True):
        passage = without_marks(str(row.text))
        if not has_words(passage):
            continue  # nothing but « (rires) »
        evidence = evidence_terms(row.evidence)
        code = str(row.code)
        kept = _focused(passage, evidence or vocabulary.get(code, set()))
        text, complete = at_turn_edges(
            kept.text,
            before if kept.at_start else "",  # sentences left out: focus() read their edge
            after if kept.at_end else "",
            kept.complete,
        )
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


def _around(pairs: pd.DataFrame) -> tuple[pd.DataFrame, list[str | None], list[str | None]]:
    """One row per coded passage (``pairs``: a passage × each segment it overlaps, in the
    codings' order), with its first segment; and, for each, its speaker's words before it in
    that segment and after it in its last segment (None where the text is not known)."""
    keys = ["document", "start", "end", "code"]
    ordered = pairs.sort_values([*keys, "start_segment"], kind="stable")
    firsts = ordered.drop_duplicates(keys).sort_index()
    if "text_segment" not in pairs.columns:
        return firsts, [None] * len(firsts), [None] * len(firsts)
    lasts = ordered.drop_duplicates(keys, keep="last").set_index(keys)
    lasts = lasts.reindex(pd.MultiIndex.from_frame(firsts[keys]))
    befores = [
        _turn_text(turn, turn_start, None, start)
        for turn, turn_start, start in zip(
            firsts["text_segment"], firsts["start_segment"], firsts["start"], strict=True
        )
    ]
    afters = [
        _turn_text(turn, turn_start, end, None)
        for turn, turn_start, end in zip(
            lasts["text_segment"], lasts["start_segment"], firsts["end"], strict=True
        )
    ]
    return firsts, befores, afters


def _turn_text(turn: object, turn_start: int, start: int | None, end: int | None) -> str | None:
    """The words of a speaker's turn (its text ``turn``, from offset ``turn_start``) from
    ``start`` to ``end`` (None: its start, its end); None when the text is not known."""
    if not isinstance(turn, str):
        return None
    low = 0 if start is None else max(0, start - turn_start)
    high = len(turn) if end is None else max(0, end - turn_start)
    return turn[low:high]


def representative(found: pd.DataFrame, per_cell: int) -> pd.DataFrame:
    """Up to ``per_cell`` quotations per (case, code): complete and long enough first, then
    shortest first, one per interview before a second from the same interview."""
    if found.empty:
        return found
    ranked = found.assign(
        usable=long_enough(found["quotation"]) & found["complete"].astype(bool),
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
