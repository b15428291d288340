"""What a heading looks like in a transcript or a report, read line by line.

Two questions, one set of marks:

- ``heading``: is a paragraph that stands outside any speaker's turn (before the first speaker
  label, or after a section heading) a title line? ``# …``; one line of at most
  ``TITLE_WORDS`` words *marked* as a heading (a section number or letter « 2. », « IV. »,
  « a. », « 1- », a section sign « ■ », written in capitals « SOMMAIRE », quoted whole
  « « … » »); or a bare line of at most ``BARE_TITLE_WORDS`` words that does not end as a
  sentence (« Conclusion »). A list item and a short sentence are content: « Trois types de
  gouvernance sont visibles au sein des PTCE », « Les ressources sont de 4 types : ». A table
  of contents is one too: its entries, each a title then a tab or dot leaders and its page
  number, one a line or run together (« INTRODUCTION⇥4 RESTITUTION DES RECHERCHES⇥6 »).
  The same marks make the title lines of a document without any speaker label, when it is
  written text (``written``), not speech without labels (subtitles' cues, short lines).
- ``section_heading``: does a line close the turn it follows? Only a line that is marked as a
  section (``# …``, a section number or letter, a section sign, all in Markdown bold:
  « **Objectifs :** » when it is no speaker label), short, on its own and not
  ending as a sentence does: « ## Question 2 : les financements », « 3. Table ronde »,
  « ■ La gouvernance ». What follows it until the next speaker label is nobody's turn (a
  report's narrative, a guide's section), not the last speaker's words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

TITLE_WORDS = 12  # a marked heading is at most this long
BARE_TITLE_WORDS = 5  # a heading with no mark at all (« Conclusion ») is at most this long
_LIST_ITEM = re.compile(r"^\s*(?:[-–—•*·]|\(?[a-z0-9]\))\s")
# what marks a line as a heading: markdown, a section sign, or a section number or letter
# (« 2. », « IV. », « a. », « 1- », « 2.1 »)
_HEADING_MARK = re.compile(
    r"^\s*(?:#|[■□▪▫●◆◇►▶▸§]|(?:\d+(?:\.\d+)*|[IVXLC]+|[A-Za-z])(?:[.)]|\s*[-–—])(?:\s|$))"
)
# a line all in Markdown bold, a colon inside or after it (« **Objectifs :** »,
# « __Relances__ : »), that starts as a heading does (a capital or a number; « **non** » in a
# turn is a word stressed)
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?P<words>(?:(?!\1).)+)\1\s*:?\s*$")
_SENTENCE_END = re.compile(r"[.:;!?…]\W*$")
_STATEMENT_END = re.compile(r"[.;!?…]\W*$")  # a heading may end with « : », not with « . »
_QUOTED = re.compile(r"^\s*[«“\"].*[»”\"]\W*$", re.DOTALL)
# an entry of a table of contents: a title (a letter in it), then a tab or dot leaders
# (« ........ », « … »), then its page number, at the end of a line or before the next entry
_TOC_ENTRY = re.compile(
    r"(?P<title>[^\t\n]+?)"
    r"(?P<leader>[ .…]*\t[ \t.…]*|[ ]*(?:\.{3,}|…+)[ .…]*)(?P<page>\d{1,4})(?=\s|$)"
)
_TOC = re.compile(rf"(?:{_TOC_ENTRY.pattern}\s*)+")
# a paragraph of written text (a report's) is longer than this; speech without labels is
# mostly shorter (a subtitle's cue, a line per utterance)
WRITTEN_WORDS = 25
QUESTIONS_EVERY = 10  # written text: at most one paragraph in this many is a question
_CLOSING = " \t\u00a0\u202f»\"”’')]*_"


def heading(paragraph: str, words: int) -> bool:
    """Whether a paragraph outside any turn is a title line (see the module's text)."""
    if paragraph.lstrip().startswith("#") or table_of_contents(paragraph):
        return True
    if words > TITLE_WORDS or "\n" in paragraph.strip():
        return False
    if _LIST_ITEM.match(paragraph):
        return False
    if (
        _HEADING_MARK.match(paragraph)
        or _QUOTED.match(paragraph)
        or bold_line(paragraph)
        or capitals(paragraph)
    ):
        return True
    return words <= BARE_TITLE_WORDS and not _SENTENCE_END.search(paragraph)


def table_of_contents(paragraph: str) -> bool:
    """Entries of a table of contents, each a title of at most ``TITLE_WORDS`` words then a
    tab or dot leaders and a page number, the pages going up: two entries at least, or one
    with dot leaders (« Introduction ........ 4 »). A table of figures pasted as text
    (« Salariés⇥12 », « Bénévoles⇥4 ») has no pages going up."""
    stripped = paragraph.strip()
    if not ("\t" in stripped or "..." in stripped or "…" in stripped):
        return False
    if _TOC.fullmatch(stripped) is None:
        return False
    entries = list(_TOC_ENTRY.finditer(stripped))
    pages = [int(entry.group("page")) for entry in entries]
    leaders = any("\t" not in entry.group("leader") for entry in entries)
    return (
        (len(entries) >= 2 or leaders)
        and pages == sorted(pages)
        and all(
            len(title.split()) <= TITLE_WORDS and any(c.isalpha() for c in title)
            for title in (entry.group("title") for entry in entries)
        )
    )


def written(paragraphs: Sequence[str]) -> bool:
    """Whether a document without any speaker label (its ``paragraphs``) reads as written
    text (a report, an article), its title lines to be left out as a labelled document's
    are: most of its words in paragraphs longer than ``WRITTEN_WORDS``, and few questions
    (at most one paragraph in ``QUESTIONS_EVERY`` ends with « ? »). Short paragraphs all
    along are speech without labels (the cues of subtitles, a line per utterance), and
    questions and answers an interview whose labels were not read (a dialogue opened by
    dashes): there a short line is words said, never a title."""
    words = [len(paragraph.split()) for paragraph in paragraphs]
    total = sum(words)
    asked = sum(paragraph.rstrip(_CLOSING).endswith("?") for paragraph in paragraphs)
    return (
        total > 0
        and 2 * sum(w for w in words if w > WRITTEN_WORDS) >= total
        and asked * QUESTIONS_EVERY <= len(paragraphs)
    )


def section_heading(line: str) -> bool:
    """Whether a line on its own closes the turn before it (see the module's text)."""
    stripped = line.strip()
    if not stripped or len(stripped.split()) > TITLE_WORDS or _LIST_ITEM.match(stripped):
        return False
    marked = _HEADING_MARK.match(stripped) or bold_line(stripped)
    return bool(marked) and not _STATEMENT_END.search(stripped.rstrip("*_ :"))


def list_item(line: str) -> bool:
    """A line that starts as a list's item (« - », « • », « * », « a) », « 1) »)."""
    return _LIST_ITEM.match(line) is not None


def capitals(paragraph: str) -> bool:
    """Written in capitals (« SOMMAIRE », « LES RENCONTRES DU LABO »)."""
    letters = [c for c in paragraph if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def bold_line(line: str) -> bool:
    """A line all in Markdown bold that starts as a heading does (see ``_BOLD_LINE``)."""
    found = _BOLD_LINE.match(line)
    words = found.group("words") if found else ""
    return words == words.strip() != "" and (words[0].isupper() or words[0].isdigit())
