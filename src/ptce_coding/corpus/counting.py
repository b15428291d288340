"""Which segments the taggers code and the statistics count, and what is left out.

One rule for every consumer (rule coding, the assisted tagger, matrices, agreement, evaluate):

- interviewer turns are left out (unless ``coding.interviewer_turns`` asks the taggers to code
  them; they never count in matrices);
- the text outside any turn (before the first label, after a section heading that closed a
  turn: ``headings.section_heading``, or the whole of a document without any label) is coded
  and counted like any turn, except its title lines (``headings.heading``): the title block at
  the top (the paragraphs of at most ``BLOCK_WORDS`` words before the first longer one: a
  title, « Entretien réalisé le … à … ») and headings (« # … », « 2. Restitution »,
  « ■ La gouvernance », « SOMMAIRE », « Conclusion »). A short sentence is content:
  « Trois types de gouvernance sont visibles au sein des PTCE », « Les ressources des pôles
  sont de 4 types : » lead into what follows and researchers code them. Every other
  paragraph is content and counts, so that an introduction or a report's first sections are
  never silently dropped. A document without any label has its title lines read so too
  when it is written text (a report); in speech without labels (subtitles' cues, short
  lines: ``headings.written``) no line is a title. ``coding.preamble: all`` counts the title
  lines too.

Both marks are stored with each segment (``interviewer``, ``title``) and derived again from
the settings at every import, so a changed setting applies to documents already imported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ptce_coding.base.records import Segment
from ptce_coding.corpus.headings import heading, written
from ptce_coding.corpus.label_patterns import DIARISED
from ptce_coding.corpus.speaker_forms import PARTICLES
from ptce_coding.corpus.speakers import SpeakerDetector, fold, full_name

BLOCK_WORDS = 25  # a paragraph of the title block at the top is at most this long
PREAMBLE_CHOICES = ("titles", "all")  # coding.preamble: « titles » leaves title lines out
# a coded paragraph longer than this is reported at import: suggestions, counts and agreement
# are per paragraph, and a transcript pasted as one block has a single one
LONG_PARAGRAPH_WORDS = 1_000


@dataclass(frozen=True)
class LeftOut:
    """The words of one document, as `documents` lists them: ``words``, every word of its
    text (``count_words``: speaker labels and timestamps included), and ``counted_words``,
    those the taggers code and the statistics count; the others by why they are left out."""

    words: int
    counted_words: int
    title_words: int
    interviewer_words: int

    @property
    def label_words(self) -> int:
        """Words of the text in no segment: the speaker labels and timestamps before turns."""
        return max(0, self.words - self.counted_words - self.title_words - self.interviewer_words)

    def describe(self) -> str:
        """Where the words not counted are (empty when every word is counted)."""
        parts = []
        if self.title_words:
            parts.append(f"{self.title_words} words in title lines outside the speakers' turns")
        if self.interviewer_words:
            parts.append(f"{self.interviewer_words} words in interviewer turns")
        if self.label_words:
            parts.append(f"{self.label_words} words of speaker labels and timestamps")
        return ", ".join(parts)


def mark_titles(segments: Sequence[Segment], text: str, preamble: str = "titles") -> list[Segment]:
    """The segments of one document (reading order) with ``title`` set by the rule above;
    ``text`` is the document's text, which the offsets refer to."""
    ordered = sorted(segments, key=lambda s: s.position)
    titled = any(s.speaker for s in ordered) or written([text[s.start : s.end] for s in ordered])
    marked = []
    before_first = in_block = True
    for segment in ordered:
        if segment.speaker:
            before_first = False
        in_block = in_block and before_first and segment.words <= BLOCK_WORDS
        title = (
            titled
            and not segment.speaker
            and preamble == "titles"
            and (in_block or heading(text[segment.start : segment.end], segment.words))
        )
        marked.append(segment if segment.title == title else replace(segment, title=title))
    return marked


def is_coded(segment: Segment, interviewer_turns: bool = False) -> bool:
    """Whether the taggers code this segment."""
    return not segment.title and (interviewer_turns or not segment.interviewer)


def left_out(segments: Sequence[Segment], words: int) -> LeftOut:
    """How many words of one document are counted, and why the others are left out of the
    statistics; ``words``: every word of its text (``count_words``). Counted as `documents`
    counts them: the segments of no interviewer turn and no title line."""
    return LeftOut(
        words=words,
        counted_words=sum(s.words for s in segments if not s.interviewer and not s.title),
        title_words=sum(s.words for s in segments if s.title),
        interviewer_words=sum(s.words for s in segments if s.interviewer and not s.title),
    )


def longest_paragraph(segments: Sequence[Segment]) -> int:
    """Words of the longest paragraph the taggers code (0: none)."""
    return max((s.words for s in segments if is_coded(s)), default=0)


@dataclass(frozen=True)
class Asker:
    """A speaker of a document without interviewer: its paragraphs, how many of them are
    questions (end with a question mark), its words."""

    speaker: str
    paragraphs: int
    questions: int
    words: int


def unnamed_interviewer(segments: Sequence[Segment], text: str) -> list[Asker]:
    """The speakers of an interview without interviewer (the labels of an automatic
    transcription, « Speaker 1 », or initials not in ``speakers.interviewers``, « PB »), most
    questions first, then fewest words; empty for any other document. Every turn is then
    coded as the interviewees', questions included: the user should be told. An interview:
    two speakers or more, whose turns hold at least half of the paragraphs, or who all have
    a diarisation label (a report quoting a few speakers is not one)."""
    if any(s.interviewer for s in segments):
        return []
    spoken = [s for s in segments if s.speaker]
    names = {s.speaker for s in spoken if s.speaker and " + " not in s.speaker}  # not overlaps
    diarised = all(DIARISED.fullmatch(name) for name in names)
    if len(names) < 2 or (2 * len(spoken) < len(segments) and not diarised):
        return []
    askers = []
    for name in names:
        own = [s for s in spoken if s.speaker == name]
        asked = sum(text[s.start : s.end].rstrip().endswith("?") for s in own)
        askers.append(Asker(name, len(own), asked, sum(s.words for s in own)))
    return sorted(askers, key=lambda a: (-a.questions, a.words, a.speaker))


UNLABELLED_QUESTIONS = (
    3  # paragraphs ending with « ? » that make a text without labels an interview
)


def unlabelled_questions(segments: Sequence[Segment], text: str) -> int:
    """The paragraphs ending with a question mark of a document where no speaker label was
    recognised, when there are at least ``UNLABELLED_QUESTIONS`` of them (else 0): an
    interview whose labels the import did not read, its questions then coded and counted as
    the interviewee's words. The user should be told."""
    if any(s.speaker for s in segments):
        return 0
    asked = sum(text[s.start : s.end].rstrip().endswith("?") for s in segments)
    return asked if asked >= UNLABELLED_QUESTIONS else 0


DECLARING_TURNS = 3  # a declaration of who interviews is among the first turns
# « Paul Martin (enquêteur) », « Claire Roux (chercheuse au CNRS) »: a name, then its role
_NAMED_ROLE = re.compile(r"(?P<name>[^,;:()\n]+?)\s*\((?P<role>[^()\n]+)\)")
# « Enquêtrice : Claire Roux », « Enquêteurs : Paul Martin et Léa Morel »: a role, then names
_ROLE_NAMES = re.compile(r"^[\s*_]*(?P<role>[^:\n]{1,40}?)[\s*_]*:[\s*_]*(?P<names>[^\n]+)$")
_NAME_LIST = re.compile(r"\s*(?:[,;/&]|\bet\b)\s*")
_CIVILITIES = {"m", "mme", "mlle", "mr", "dr", "pr"}


def declared_interviewers(
    segments: Sequence[Segment], text: str, detector: SpeakerDetector
) -> set[str]:
    """The speakers the head of a transcript declares interviewers: « Enquêteur : Paul
    Martin » (an interviewer's turn, or a line of the head), « Participants : Marie Dupont
    (directrice), Paul Martin (enquêteur) » (a role in parentheses, also one name a line)
    make « Paul Martin », « Paul » and « PM » interviewers where they are speakers who ask
    questions (a paragraph of theirs ends with « ? »). The head: the text before the first
    turns, and the first ``DECLARING_TURNS`` turns. « Enquêteur : Bonjour Marie » declares
    nobody: « Bonjour » and « BM » are no speakers."""
    asks: dict[str, bool] = {}
    for s in segments:
        if s.speaker:
            key = fold(s.speaker)
            asks[key] = asks.get(key, False) or text[s.start : s.end].rstrip().endswith("?")
    declared: set[str] = set()
    for name in _head_names(segments, text, detector):
        words = name.split()
        for form in (name, words[0], "".join(word[0] for word in words)):
            if asks.get(fold(form)) and not detector.is_interviewer(form):
                declared.add(form)
    return declared


def _head_names(segments: Sequence[Segment], text: str, detector: SpeakerDetector) -> list[str]:
    """The full names the head of a transcript gives an interviewer's role."""
    head: list[Segment] = []
    turns = 0
    for s in sorted(segments, key=lambda s: s.position):
        turns += bool(s.speaker)
        if turns > DECLARING_TURNS:
            break
        head.append(s)
    names: list[str] = []
    for s in head:
        lines = text[s.start : s.end].strip().split("\n")
        if detector.is_interviewer(s.speaker):  # « Enquêteur : Paul Martin »
            names += _names(lines[0])
        for line in lines:
            listed = _ROLE_NAMES.match(line)
            if listed and _interviewer_role(listed.group("role"), detector):
                names += _names(listed.group("names"))
            for named in _NAMED_ROLE.finditer(line):
                if _interviewer_role(named.group("role"), detector):
                    names += _names(_trailing_name(named.group("name")))
    return names


def _interviewer_role(role: str, detector: SpeakerDetector) -> bool:
    """« enquêteur », « Chercheuse au CNRS », « Enquêteurs »: an interviewer's role."""
    role = re.split(r"[,;]", role)[0].strip()
    singular = role[:-1] if role[-1:] in ("s", "x") else role
    return detector.is_interviewer(role) or detector.is_interviewer(singular)


def _names(said: str) -> list[str]:
    """The full names ``said`` lists (« Paul Martin », « Paul Martin et Léa Morel »), without
    a civility; none when it holds anything else (« Marie Dupont, vous êtes directrice ? »)."""
    parts = [part.strip().rstrip(".").strip() for part in _NAME_LIST.split(said.strip())]
    if not all(full_name(part) for part in parts):
        return []
    return [_without_civility(part) for part in parts]


def _without_civility(name: str) -> str:
    """« M. Paul Martin » → « Paul Martin »; « M. Martin » stays."""
    words = name.split()
    if len(words) > 2 and fold(words[0]) in _CIVILITIES:
        return " ".join(words[1:])
    return name


def _trailing_name(words: str) -> str:
    """The capitalised words that end ``words``: « Entretien mené par Paul Martin » →
    « Paul Martin »."""
    kept: list[str] = []
    for word in reversed(words.split()):
        if not (word[0].isupper() or word.lower() in PARTICLES):
            break
        kept.insert(0, word)
    while kept and kept[0].lower() in PARTICLES:
        kept.pop(0)
    return " ".join(kept)
