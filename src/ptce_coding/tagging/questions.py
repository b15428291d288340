"""What the rules find on a segment, and what an interviewer's question gives the answer after it.

In an interview the question sets what the answer is about: « Et qui décide ? — Le bureau, une
fois par mois. » The rules read the interviewer's questions without suggesting anything on
them; a code found in a question is *carried* to the answer's first paragraph (the suggestion
covers its opening, ``context.opening``), its confidence read on the question, where the words
are. ``Questions`` follows one document's turns in order and decides where a question's codes go:

- the interviewer's consecutive paragraphs are one question (their codes add up);
- it carries its codes only if it asks (``asks``): a « ? », or a request (« Parlez-moi de
  vos locaux. », a verb in the imperative) in one of its paragraphs. An interviewer who tells a
  story of their own (« une équipe de professeurs d'université… j'avais travaillé soixante-dix
  heures ») asks nothing: « C'est beaucoup trop » is no answer about universities. In a
  transcript whose interviewer never writes a « ? » (transcribed without punctuation), every
  paragraph of theirs counts as asking, as before;
- the first interviewee paragraph after it takes them, unless it finds a code itself (its own
  finding stands) or denies it (every match negated: « Vous avez des locaux partagés ? — Non,
  pas de locaux partagés »);
- an answer that says no (``negation.denies``: « Non, … », « ben j'ai pas… ») takes nothing;
- an answer that only asks back (``context.asks_back``: « Comment ça ? ») is not yet the
  answer: the question waits, and the interviewer's reply adds to it;
- anything else (a title line, a turn nobody codes) ends the question.

Once confidences are known, ``superseded`` leaves out a carried code where the answer finds a
code under it at least as likely: « la gouvernance ? — le conseil d'administration… » is
GOUV.CA, not also GOUV.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ptce_coding.base.records import Segment
from ptce_coding.codebook.model import Codebook
from ptce_coding.tagging.context import asks_back
from ptce_coding.tagging.negation import denies

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Finding:
    """A code the rules found on a segment: its evidence, the rules and where they matched
    (offsets relative to the segment, or to ``asked``)."""

    segment: Segment
    code: str
    evidence: str
    matches: tuple[tuple[str, int, int], ...]  # (rule id, start, end)
    # the interviewer's question the code was found in, carried to the answer's first
    # paragraph (its confidence is read on the question, where the words are)
    asked: Segment | None = None

    @property
    def read_on(self) -> Segment:
        """The segment whose words and meaning give the finding its confidence."""
        return self.asked or self.segment


@dataclass
class Questions:
    """Where the codes of one document's questions go, its segments read in order."""

    asked: list[Finding] = field(default_factory=list)  # found in the last question
    last: int = -2  # the position of the question's last paragraph (or of an answer asking back)
    asking: bool = False  # whether one of the question's paragraphs asks

    def question(self, segment: Segment, found: Iterable[Finding], asking: bool = True) -> None:
        """An interviewer's paragraph, what the rules found in it and whether it asks."""
        goes_on = self.last + 1 == segment.position
        earlier = self.asked if goes_on else []
        self.asking = asking or (goes_on and self.asking)
        self.asked = [*earlier, *found]
        self.last = segment.position

    def answer(
        self, segment: Segment, doc: Doc, found: Iterable[Finding], denied: set[str]
    ) -> list[Finding]:
        """An interviewee's paragraph (``doc``, as parsed), what the rules found in it and the
        codes whose every match is negated there: the question's findings it takes."""
        if not self.asked:
            return []
        says_no = denies(doc)
        if asks_back(doc.text) and not says_no:
            self.last = segment.position  # the interviewer's reply adds to the question
            return []
        asked, self.asked = self.asked, []
        if says_no or not self.asking:
            return []
        said = {item.code for item in found} | denied
        return [
            replace(item, segment=segment, asked=item.segment)
            for item in asked
            if item.code not in said
        ]

    def end(self) -> None:
        """A segment that is neither question nor answer: the question is over."""
        self.asked = []


# a verb's pronoun joined by a hyphen: a request (« Dites-moi », « Racontez-nous ») or a
# question by inversion (« Avez-vous », « Est-ce que », « Y a-t-il »)
JOINED_PRONOUNS = frozenset(
    ["-moi", "-toi", "-nous", "-vous", "-ce", "-il", "-elle", "-on", "-ils", "-elles", "-t-il"]
)


def asks(doc: Doc) -> bool:
    """Whether an interviewer's paragraph (as parsed) asks: a « ? », a verb in the imperative
    (« Parlez de vos locaux »), or a pronoun joined to a verb (« Dites-moi… », « Pouvez-vous
    nous… », « Est-ce que… »)."""
    return "?" in doc.text or any(
        token.lower_ in JOINED_PRONOUNS
        or (token.pos_ in ("VERB", "AUX") and "Imp" in token.morph.get("Mood", []))
        for token in doc
    )


def superseded(
    findings: Iterable[Finding], confidence: Callable[[Finding], float], codebook: Codebook
) -> set[tuple[int, str]]:
    """(segment position, code) of the carried findings that the answer's own finding of a
    code under them, at least as likely, says better."""
    findings = list(findings)
    below: dict[tuple[int, str], float] = {}
    for item in findings:
        if item.asked is None:
            value = confidence(item)
            for code in codebook.above(item.code):
                key = (item.segment.position, code)
                below[key] = max(below.get(key, 0.0), value)
    return {
        (item.segment.position, item.code)
        for item in findings
        if item.asked is not None
        and below.get((item.segment.position, item.code), -1.0) >= confidence(item)
    }
