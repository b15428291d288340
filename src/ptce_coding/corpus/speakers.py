"""Speaker labels at the start of a line: what they look like, who is an interviewer.

Recognised by default: ``Enquêteur : …``, ``E : …``, ``Marie Dupont : …``, ``NOM: …``,
``[00:12:03] Marie : …``, ``Marie [00:12:03] : …``, ``S00: [00:12:03] …`` (noScribe),
``**Q.** …``, ``**Marie :** …``, ``[Marie] …``, ``{Marie} …``; a label alone on its line
(``Marie Dupont``, ``Speaker 1  0:03``), ``Q. …`` / ``R – …`` / ``Q/ …`` / ``Réponse. …``,
``Marie Dupont — …`` (an em or en dash, or a hyphen between spaces) and ``MARIE DUPONT. …``
(capitals and a full stop, as plays are printed) where the transcript alternates them
(``turns.split_turns``); in a text without any label, a dialogue written with a dash before
each turn (``dialogue_dashes``); more with regular expressions in ``project.yaml``
(``speakers.labels``, each with a ``(?P<name>…)`` group). A capitalised word followed by a colon
is taken as a label only when it comes back in the document, is a known label (interviewer
labels, Q, R, E1…) or follows a timestamp, even alone on its line: « Bref : on a continué »
stays speech, and so does « Objectifs : » above a list in an answer (``Label.word_alone``).

Also: names in scripts without capitals (« سارة: », « 王芳： », the full-width colon), a
no-break space before the colon (French typography), a role in lower case after its first word
(« Personne interrogée : »), corpus codes and overlapping speech (« 420PERS : »,
« PB + 420PERS : »), Zoom's « [Marie Dupont] 10:02:03 », « Marie Dupont - 00:12:03 » and a
time alone on the line under a label alone on its line, an interviewer role after an article
(« L'enquêtrice : »). Not speakers: notes and the fields of a transcript's head
(« Participants : Marie Dupont (directrice), Paul Martin (enquêteur) », « Date : … »,
« Lieu : … »: ``speaker_forms.NOT_SPEAKERS``).
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ptce_coding.base.errors import ProjectError
from ptce_coding.base.settings import DEFAULT_INTERVIEWERS, SpeakerSettings
from ptce_coding.corpus.headings import section_heading
from ptce_coding.corpus.label_patterns import (
    CAPITALS,
    CODE,
    DASHED,
    DIALOGUE_DASH,
    DIARISED,
    INCISE_WORDS,
    OWN_LINE,
    PATTERNS,
    SHORT,
)
from ptce_coding.corpus.speaker_forms import (
    FUNCTION_WORDS,
    KNOWN_INTERVIEWEE,
    METADATA_FIELDS,
    NOT_LABEL_LINES,
    NOT_SPEAKERS,
    PARTICLES,
    ROLE_NOUNS,
)


@dataclass(frozen=True)
class Label:
    """A speaker label found at the start of a line: ``length`` characters to skip."""

    speaker: str  # empty: a turn that a dash opens, whose speaker is not said (dash_labels)
    length: int
    time: float | None = None
    certain: bool = False
    own_line: bool = False  # the label is the whole line, the words come on the next ones
    # taken only where the transcript alternates such labels (« Q. … » / « R. … », names
    # alone on their line): one of them alone may be an initial or a heading
    weak: bool = False
    # a word alone on its line before a colon (« Marie : », but also « Objectifs : » opening
    # a list in a turn), in bold or not (« **Objectifs :** », a guide's section heading, as
    # much as « **Marie :** »): ``certain`` in a subtitle cue; in a text, ``split_turns``
    # takes it as « Marie : … » on one line, where it comes back, is known or answers an
    # interviewer. Not a full name nor a role (``names_a_person``), labels whatever follows.
    word_alone: bool = False
    # after a list item's marker (« - **Paris Mix** », a Word or OpenDocument list paragraph):
    # weak, and never a full name said once (``turns.split_turns``): a bold item opens a list
    # of names, places or projects far more often than a turn
    in_list: bool = False


def fold(name: str) -> str:
    """Case- and accent-insensitive form of a label, for comparisons."""
    decomposed = unicodedata.normalize("NFD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip(" .")


# the interviewer roles a word in inclusive writing may start with (« Enquêteur·rice »)
_INTERVIEWER_ROLES = {fold(word) for word in DEFAULT_INTERVIEWERS if len(word) > 3}
_INCLUSIVE = re.compile(r"[·./\-(]")
_ARTICLE = re.compile(r"^(?:l['’]|le |la )(?=\w)")
_ROLE = re.compile(r"(?P<space>\s?)\((?P<role>[^()]+)\)")


def parse_time(value: str | None) -> float | None:
    if not value:
        return None
    seconds = 0.0
    try:
        for part in value.replace(",", ".").split(":"):
            seconds = seconds * 60 + float(part)
    except ValueError:
        return None
    return seconds


class SpeakerDetector:
    """Finds speaker labels and tells interviewers from interviewees."""

    def __init__(self, settings: SpeakerSettings | None = None) -> None:
        settings = settings or SpeakerSettings()
        self.interviewers = {fold(name) for name in settings.all_interviewers()}
        self.custom: list[re.Pattern[str]] = []
        for pattern in settings.labels:
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise ProjectError(
                    f"speakers.labels: invalid regular expression {pattern!r}: {exc}"
                ) from None
            if "name" not in compiled.groupindex:
                raise ProjectError(
                    f"speakers.labels: {pattern!r} needs a (?P<name>…) group for the speaker"
                )
            self.custom.append(compiled)

    def with_interviewers(self, names: Iterable[str]) -> SpeakerDetector:
        """This detector, with more interviewer names (a document's own)."""
        extra = {fold(name) for name in names} - self.interviewers
        if not extra:
            return self
        other = copy.copy(self)
        other.interviewers = self.interviewers | extra
        return other

    def is_interviewer(self, speaker: str | None) -> bool:
        if not speaker:
            return False
        folded = _ARTICLE.sub("", fold(speaker))  # « L'enquêtrice », « Le chercheur »
        if folded in self.interviewers:
            return True
        first = folded.split()[0] if folded.split() else ""
        # "Enquêtrice 2", "Enquêteur (Paul)"
        if first in self.interviewers and len(first) > 2:
            return True
        # « Enquêteur·rice », « Enquêtrice/eur », « Enquêteur(rice) »: a role word in
        # inclusive writing (a name, « Jean-Marc », is not cut so)
        stem = _INCLUSIVE.split(first)[0]
        if stem != first and stem in _INTERVIEWER_ROLES and stem in self.interviewers:
            return True
        # "Mat Pires (ENQ)": a role in parentheses (« Enquêté(e) » is a word in inclusive
        # writing, not « E » the interviewer)
        return any(
            fold(found.group("role")) in self.interviewers
            for found in _ROLE.finditer(speaker)
            if found.group("space") or len(found.group("role")) > 1
        )

    def is_known(self, speaker: str) -> bool:
        """Interviewer labels, R/Réponse, and diarisation labels (« Speaker 1 », « SPEAKER_00 »)."""
        folded = fold(speaker)
        return (
            self.is_interviewer(speaker)
            or folded in KNOWN_INTERVIEWEE
            or DIARISED.fullmatch(speaker) is not None
        )

    def match(self, line: str) -> Label | None:
        for pattern in self.custom:
            found = pattern.match(line)
            if found and found.group("name").strip():
                time = found.groupdict().get("time")
                return Label(found.group("name").strip(), found.end(), parse_time(time), True)
        for pattern in PATTERNS:
            found = pattern.match(line)
            if not found:
                continue
            name = _without_final_stop(found.group("name"))
            if not looks_like_name(name):
                continue
            groups = found.groupdict()
            time = parse_time(groups.get("ts") or groups.get("ts2") or groups.get("ts3"))
            bold = "**" in found.group(0) or "__" in found.group(0)
            alone = not line[found.end() :].strip()
            return Label(
                name,
                found.end(),
                time,
                certain=time is not None or bold or alone,
                word_alone=alone and time is None and not names_a_person(name),
            )
        short = SHORT.match(line)
        if short and _short_label(short.group("name")) and self.is_known(short.group("name")):
            return Label(short.group("name"), short.end(), weak=True)
        return _dashed(line) or _capitals(line) or self._after_dash(line)

    def _after_dash(self, line: str) -> Label | None:
        """« — Marie : … »: a label after a dialogue's dash (an em or en dash; « - Emploi : »
        is more often a list item). Weak: taken where the transcript alternates such
        labels."""
        dash = DIALOGUE_DASH.match(line)
        if dash is None or "-" in dash.group(0):
            return None
        label = self.match(line[dash.end() :])
        if label is None:
            return None
        return replace(label, length=dash.end() + label.length, certain=False, weak=True)

    def match_own_line(self, line: str) -> Label | None:
        """A label that is the whole line, without a colon (« Marie Dupont »,
        « Speaker 1  0:03 »): certain with a timestamp; without one, ``split_turns`` takes it
        only if it is a known label or the transcript alternates such lines."""
        found = OWN_LINE.match(line)
        if not found:
            return None
        name = found.group("name").strip()
        if name[-1] in ".!?…;," or fold(name) in NOT_LABEL_LINES or not looks_like_name(name):
            return None
        time = parse_time(found.group("ts") or found.group("ts2"))
        certain = time is not None
        weak = not certain and not self.is_known(name)
        return Label(name, len(line), time, certain=certain, own_line=True, weak=weak)


# « IV. Discutant », « 2. Restitution », « II) Partie »: a numbered heading (a single letter
# stays an initial: « M. Dupont », « L. Martin »)
_JOINT = re.compile(r"\s+\+\s+")
_HEADING_NUMBER = re.compile(r"^(?:[IVX]{2,5}|\d+(?:\.\d+)*)[.)]$")


def no_speaker(name: str) -> bool:
    """« Participants », « Date », « Lieu », « Rires »: words before a colon that are a note or
    a field of the transcript's head, never a speaker (``speaker_forms.NOT_SPEAKERS``)."""
    return fold(name) in NOT_SPEAKERS


def head_field(line: str) -> bool:
    """« Date : 12 mars 2024 », « **Lieu :** Lille », « Durée de l'entretien : 1 h »: a line
    that is a field of a transcript's head (its first word in
    ``speaker_forms.METADATA_FIELDS``)."""
    found = PATTERNS[0].match(line)
    return found is not None and fold(found.group("name").split()[0]) in METADATA_FIELDS


def looks_like_name(name: str) -> bool:
    parts = _JOINT.split(name)
    if len(parts) > 1:  # speakers talking at once
        return all(looks_like_name(part) for part in parts)
    if not name or len(name) > 40 or no_speaker(name):
        return False
    words = name.split()
    if len(words) > 1 and _HEADING_NUMBER.match(words[0]):
        return False  # a section heading is not a speaker
    if not (_capital(words[0][0]) or re.fullmatch(CODE, words[0])):
        return False
    if any(len(word) > 4 and all(_wide(c) for c in word) for word in words):
        return False  # Chinese or Japanese words run together: a clause, not a name
    role = fold(words[0]) in ROLE_NOUNS  # « Personne interrogée », « Chargée de mission »
    for word in words[1:]:
        if word.lower() in PARTICLES:
            continue
        if not (_capital(word[0]) or word[0].isdigit() or word.startswith("(") or role):
            return False
    return True


def _capital(letter: str) -> bool:
    """A capital letter, or a letter of a script without capitals (Arabic, Hebrew, Chinese,
    Japanese…), where any name starts as a capitalised one does."""
    return letter.isupper() or (letter.isalpha() and not letter.islower())


def _wide(letter: str) -> bool:
    """A Chinese or Japanese character (East Asian wide)."""
    return letter.isalpha() and unicodedata.east_asian_width(letter) in ("W", "F")


def _without_final_stop(name: str) -> str:
    """« Enq. » is « Enq », « Q. » is « Q »; an initial ending a name keeps its full stop:
    « Marie D. », « J.-M. D. »."""
    name = name.strip()
    words = name.split()
    if len(words) > 1 and len(words[-1].rstrip(".")) == 1 and words[-1].endswith("."):
        return name
    return name.rstrip(".").strip()


def full_name(name: str) -> bool:
    """« Marie Dupont », « Jean de La Tour »: two or more capitalised words; speakers
    talking at once (« Simon Tivolle + Patricia Martin ») when each is one."""
    parts = _JOINT.split(name)
    if len(parts) > 1:
        return all(full_name(part) for part in parts)
    words = name.split()
    return (
        len(words) >= 2
        and fold(words[0]) not in FUNCTION_WORDS
        and all(w[0].isupper() for w in words if w.lower() not in PARTICLES)
    )


def names_a_person(name: str) -> bool:
    """« Marie Dupont », « Directrice », « Chargée de mission »: a full name or a role, a
    speaker even alone on its line and said once; a single other word (« Marie »,
    « Objectifs ») may as well be a section heading."""
    words = name.split()
    return full_name(name) or (bool(words) and fold(words[0]) in ROLE_NOUNS)


def _short_label(name: str) -> bool:
    """« Q. », « R – », « INT. », « E1. »; not a letter that numbers a section or a list item
    (« I. Le contexte », « e. Le modèle économique »), Q and R apart."""
    return name[0].isupper() and (len(name) > 1 or name in ("Q", "R")) and not _ROMAN.match(name)


_ROMAN = re.compile(r"^[IVXL]+$")


def _dashed(line: str) -> Label | None:
    """« Marie Dupont — Bonjour » (``DASHED``): weak, taken where the transcript alternates
    such labels, as « Q – »; not a name that an incise follows (« Marie Dupont — la
    directrice — est partie »)."""
    found = DASHED.match(line)
    # « MARIE DUPONT. - Bonjour », « Enq. – Et ensuite ? »: the full stop is not the name's
    if not found or not looks_like_name(name := _without_final_stop(found.group("name"))):
        return None
    if section_heading(line):  # « V. Questions – débat avec les participants »
        return None
    if fold(name) in NOT_LABEL_LINES | FUNCTION_WORDS:  # « Oui - enfin », « Alors — »
        return None
    dash = found.group("dash")
    if dash != "-" and f" {dash} " in " ".join(line[found.end() :].split()[: INCISE_WORDS + 1]):
        return None
    time = parse_time(found.group("ts") or found.group("ts2"))
    return Label(name, found.end(), time, certain=time is not None, weak=time is None)


def _capitals(line: str) -> Label | None:
    """« MARIE DUPONT. Bonjour » (``CAPITALS``): weak, taken where the transcript alternates
    such labels; not a roman numeral (« II. Contexte ») nor « OK. »."""
    found = CAPITALS.match(line)
    if not found:
        return None
    name = found.group("name")
    letters = [c for c in name if c.isalpha()]
    if (
        len(letters) < 2
        or not name.isupper()
        or _ROMAN.match(name)
        or fold(name) in NOT_LABEL_LINES
        or not looks_like_name(name)
    ):
        return None
    return Label(name, found.end(), weak=True)
