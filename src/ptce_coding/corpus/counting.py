"""Which segments the taggers code and the statistics count, and what is left out.

One rule for every consumer (rule coding, the assisted tagger, matrices, agreement, evaluate):

- interviewer turns are left out (unless ``coding.interviewer_turns`` asks the taggers to code
  them; they never count in matrices);
- in a document that has speaker labels, the text before the first label is a *preamble*; of
  it, only title lines are left out: the title block at the top (the paragraphs of at most
  ``BLOCK_WORDS`` words before the first longer one: a title, « Entretien réalisé le … à … »)
  and, further on, headings: one line of at most ``TITLE_WORDS`` words that is *marked* as a
  heading (``# …``, a section number or letter « 2. », « IV. », « a. », « 1- », a section
  sign « ■ », written in capitals « SOMMAIRE », or quoted whole « « … » »), or a bare line of
  at most ``BARE_TITLE_WORDS`` words with no sentence punctuation at its end
  (« Conclusion »). A short sentence is content: « Trois types de gouvernance sont visibles
  au sein des PTCE », « Les ressources des pôles sont de 4 types : » lead into what follows
  and researchers code them. Every other paragraph is content and counts, so that an
  introduction or a report's first sections are never silently dropped.
  ``coding.preamble: all`` counts the title lines too.

Both marks are stored with each segment (``interviewer``, ``title``) and derived again from
the settings at every import, so a changed setting applies to documents already imported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ptce_coding.base.records import Segment

TITLE_WORDS = 12  # a marked heading further down the preamble is at most this long
BARE_TITLE_WORDS = 5  # a heading with no mark at all (« Conclusion ») is at most this long
BLOCK_WORDS = 25  # a paragraph of the title block at the top is at most this long
_LIST_ITEM = re.compile(r"^\s*(?:[-–—•*·]|\(?[a-z0-9]\))\s")
# what marks a line as a heading: markdown, a section sign, or a section number or letter
# (« 2. », « IV. », « a) », « 1- », « 2.1 »)
_HEADING_MARK = re.compile(
    r"^\s*(?:#|[■□▪▫●◆◇►▶▸§]|(?:\d+(?:\.\d+)*|[IVXLC]+|[A-Za-z])(?:[.)]|\s*[-–—])(?:\s|$))"
)
_SENTENCE_END = re.compile(r"[.:;!?…]\W*$")
_QUOTED = re.compile(r"^\s*[«“\"].*[»”\"]\W*$", re.DOTALL)
PREAMBLE_CHOICES = ("titles", "all")  # coding.preamble: « titles » leaves title lines out


@dataclass(frozen=True)
class LeftOut:
    """Words of one document that the taggers do not code nor the statistics count."""

    words: int
    title_words: int
    interviewer_words: int

    @property
    def counted_words(self) -> int:
        return self.words - self.title_words - self.interviewer_words

    def describe(self) -> str:
        parts = []
        if self.title_words:
            parts.append(f"{self.title_words} words in title lines before the first speaker")
        if self.interviewer_words:
            parts.append(f"{self.interviewer_words} words in interviewer turns")
        return ", ".join(parts)


def mark_titles(segments: Sequence[Segment], text: str, preamble: str = "titles") -> list[Segment]:
    """The segments of one document (reading order) with ``title`` set by the rule above;
    ``text`` is the document's text, which the offsets refer to."""
    ordered = sorted(segments, key=lambda s: s.position)
    labelled = any(s.speaker for s in ordered)
    marked = []
    before_first = in_block = True
    for segment in ordered:
        if segment.speaker:
            before_first = False
        in_block = in_block and before_first and segment.words <= BLOCK_WORDS
        title = (
            labelled
            and before_first
            and preamble == "titles"
            and (in_block or _heading(text[segment.start : segment.end], segment.words))
        )
        marked.append(segment if segment.title == title else replace(segment, title=title))
    return marked


def _heading(paragraph: str, words: int) -> bool:
    """A heading line: ``# …``; or one short line marked as a heading (section sign, number
    or letter, capitals, quoted whole); or a bare line of a few words that does not end as a
    sentence does. A list item and a short sentence are content."""
    if paragraph.lstrip().startswith("#"):
        return True
    if words > TITLE_WORDS or "\n" in paragraph.strip():
        return False
    if _LIST_ITEM.match(paragraph):
        return False
    if _HEADING_MARK.match(paragraph) or _QUOTED.match(paragraph) or _capitals(paragraph):
        return True
    return words <= BARE_TITLE_WORDS and not _SENTENCE_END.search(paragraph)


def _capitals(paragraph: str) -> bool:
    """Written in capitals (« SOMMAIRE », « LES RENCONTRES DU LABO »)."""
    letters = [c for c in paragraph if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def is_coded(segment: Segment, interviewer_turns: bool = False) -> bool:
    """Whether the taggers code this segment."""
    return not segment.title and (interviewer_turns or not segment.interviewer)


def left_out(segments: Sequence[Segment]) -> LeftOut:
    """How many words of one document are left out of the statistics, and why."""
    return LeftOut(
        words=sum(s.words for s in segments),
        title_words=sum(s.words for s in segments if s.title),
        interviewer_words=sum(s.words for s in segments if s.interviewer and not s.title),
    )
