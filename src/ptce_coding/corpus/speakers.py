"""Speaker labels at the start of a line: what they look like, who is an interviewer.

Recognised by default: ``Enquêteur : …``, ``E : …``, ``Marie Dupont : …``, ``NOM: …``,
``[00:12:03] Marie : …``, ``Marie [00:12:03] : …``, ``S00: [00:12:03] …`` (noScribe),
``**Q.** …``, ``**Marie :** …``, ``[Marie] …``, ``{Marie} …``; a label alone on its line
(``Marie Dupont``, ``Speaker 1  0:03``) and ``Q. …`` / ``R – …`` where the transcript
alternates them (``turns.split_turns``); more with regular expressions in ``project.yaml``
(``speakers.labels``, each with a ``(?P<name>…)`` group). A capitalised word followed by a colon
is taken as a label only when it comes back in the document, is a known label (interviewer
labels, Q, R, E1…) or follows a timestamp: « Bref : on a continué » stays speech.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ptce_coding.base.errors import ProjectError
from ptce_coding.base.settings import SpeakerSettings

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_NAME = r"[^\W\d_][\w'’.\-]*(?:[ \t]+[\w'’.\-]+){0,3}(?:[ \t]*\([^()\d]{1,20}\))?"
_BOLD = r"(?:\*\*|__)"
_PATTERNS = (
    # [00:12:03] Marie Dupont : …   /   Marie (00:12:03) : …   /   **Marie :** …
    re.compile(
        rf"^[ \t]*(?:[\[(]?(?P<ts>{_TIME})[\])]?[ \t]*[-–]?[ \t]*)?{_BOLD}?[ \t]*"
        rf"(?P<name>{_NAME})[ \t]*(?:[\[(](?P<ts2>{_TIME})[\])][ \t]*)?{_BOLD}?[ \t]*:(?!\d)"
        rf"(?:[ \t]*{_BOLD})?[ \t]*(?:[\[(](?P<ts3>{_TIME})[\])][ \t]*)?"
    ),
    # **Q.** …   /   **Marie** …
    re.compile(
        rf"^[ \t]*(?:[\[(]?(?P<ts>{_TIME})[\])]?[ \t]*)?{_BOLD}[ \t]*(?P<name>{_NAME})"
        rf"[ \t]*[.:]?[ \t]*{_BOLD}[ \t]*[.:]?[ \t]*"
    ),
    # [Marie] …   /   {Marie} …
    re.compile(
        rf"^[ \t]*(?:[\[(]?(?P<ts>{_TIME})[\])]?[ \t]*)?[\[{{](?P<name>{_NAME})[\]}}]"
        rf"[ \t]*:?[ \t]*"
    ),
    # Marie<tab>…   (a two-column table pasted as text; not a table of contents: « Titre<tab>6 »)
    re.compile(rf"^(?:(?P<ts>{_TIME})\t+)?(?P<name>{_NAME})\t+(?=[^\t]*[^\W\d_])"),
)
# « Q. … », « R – … », « INT. … »: a short label, a full stop or a dash
_SHORT = re.compile(r"^[ \t]*(?P<name>[^\W\d_]{1,5}\d?)[ \t]*(?:\.|[–—-](?=[ \t]))[ \t]*(?=\S)")
# A label alone on its line, the words on the next ones (exports of Otter, Trint, Word):
# « Marie Dupont », « Speaker 1  0:03 », « Enquêtrice [00:12:03] », « 00:12:03 Marie »
_OWN_LINE = re.compile(
    rf"^[ \t]*(?:[\[(]?(?P<ts>{_TIME})[\])]?[ \t]*[-–]?[ \t]*)?(?P<name>{_NAME})"
    rf"(?:[ \t]+[\[(]?(?P<ts2>{_TIME})[\])]?)?[ \t]*$"
)
# words said alone on a line that are not speakers
_NOT_LABEL_LINES = {
    "oui",
    "non",
    "si",
    "merci",
    "d'accord",
    "d’accord",
    "voila",
    "bon",
    "ben",
    "bah",
    "ok",
    "okay",
    "euh",
    "ah",
    "oh",
    "bien",
    "exactement",
    "absolument",
    "bonjour",
    "parfait",
    "super",
    "entendu",
    "voilà",
}
_PARTICLES = {"de", "du", "des", "d'", "d’", "la", "le", "van", "von", "di", "da", "ben", "el"}
# labels of diarisation tools (automatic transcription), speakers even when said once
DIARISED = re.compile(
    r"(?:speaker|locuteur|locutrice|intervenant|intervenante|orateur|oratrice|s)[ _]?\d+",
    re.IGNORECASE,
)
_KNOWN_INTERVIEWEE = {"r", "reponse", "interviewe", "interviewee", "enquete", "enquetee"}
_FUNCTION_WORDS = {
    "le",
    "la",
    "les",
    "l'",
    "un",
    "une",
    "des",
    "du",
    "de",
    "et",
    "mais",
    "donc",
    "alors",
    "par",
    "pour",
    "en",
    "au",
    "aux",
    "ce",
    "cette",
    "ces",
    "mon",
    "ma",
    "mes",
    "notre",
    "nos",
    "votre",
    "vos",
    "leur",
    "leurs",
    "son",
    "sa",
    "ses",
    "on",
    "il",
    "elle",
    "nous",
    "vous",
    "ils",
    "elles",
    "je",
    "c'est",
    "a",
    "dans",
    "sur",
    "avec",
    "sans",
    "chez",
}
_NOT_SPEAKERS = {
    "rires",
    "rire",
    "inaudible",
    "silence",
    "pause",
    "musique",
    "bruit",
    "incomprehensible",
    "coupure",
    "fin",
    "debut",
    "note",
    "nb",
    "exemple",
    "remarque",
    "attention",
    "objet",
    "date",
    "lieu",
    "duree",
    "titre",
    "sujet",
    "theme",
}


@dataclass(frozen=True)
class Label:
    """A speaker label found at the start of a line: ``length`` characters to skip."""

    speaker: str
    length: int
    time: float | None = None
    certain: bool = False
    own_line: bool = False  # the label is the whole line, the words come on the next ones
    # taken only where the transcript alternates such labels (« Q. … » / « R. … », names
    # alone on their line): one of them alone may be an initial or a heading
    weak: bool = False


def fold(name: str) -> str:
    """Case- and accent-insensitive form of a label, for comparisons."""
    decomposed = unicodedata.normalize("NFD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip(" .")


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
        folded = fold(speaker)
        if folded in self.interviewers:
            return True
        first = folded.split()[0] if folded.split() else ""
        # "Enquêtrice 2", "Enquêteur (Paul)"
        if first in self.interviewers and len(first) > 2:
            return True
        # "Mat Pires (ENQ)": a role in parentheses
        return any(fold(role) in self.interviewers for role in re.findall(r"\(([^()]+)\)", speaker))

    def is_known(self, speaker: str) -> bool:
        """Interviewer labels, R/Réponse, and diarisation labels (« Speaker 1 », « SPEAKER_00 »)."""
        folded = fold(speaker)
        return (
            self.is_interviewer(speaker)
            or folded in _KNOWN_INTERVIEWEE
            or DIARISED.fullmatch(speaker) is not None
        )

    def match(self, line: str) -> Label | None:
        for pattern in self.custom:
            found = pattern.match(line)
            if found and found.group("name").strip():
                time = found.groupdict().get("time")
                return Label(found.group("name").strip(), found.end(), parse_time(time), True)
        for pattern in _PATTERNS:
            found = pattern.match(line)
            if not found:
                continue
            name = found.group("name").strip().rstrip(".").strip()
            if not looks_like_name(name):
                continue
            groups = found.groupdict()
            time = parse_time(groups.get("ts") or groups.get("ts2") or groups.get("ts3"))
            bold = "**" in found.group(0) or "__" in found.group(0)
            alone = not line[found.end() :].strip()
            return Label(name, found.end(), time, certain=time is not None or bold or alone)
        short = _SHORT.match(line)
        if short and _short_label(short.group("name")) and self.is_known(short.group("name")):
            return Label(short.group("name"), short.end(), weak=True)
        return None

    def match_own_line(self, line: str) -> Label | None:
        """A label that is the whole line, without a colon (« Marie Dupont »,
        « Speaker 1  0:03 »): certain with a timestamp; without one, ``split_turns`` takes it
        only if it is a known label or the transcript alternates such lines."""
        found = _OWN_LINE.match(line)
        if not found:
            return None
        name = found.group("name").strip()
        if name[-1] in ".!?…;," or fold(name) in _NOT_LABEL_LINES or not looks_like_name(name):
            return None
        time = parse_time(found.group("ts") or found.group("ts2"))
        certain = time is not None
        weak = not certain and not self.is_known(name)
        return Label(name, len(line), time, certain=certain, own_line=True, weak=weak)


# « IV. Discutant », « 2. Restitution », « II) Partie »: a numbered heading (a single letter
# stays an initial: « M. Dupont », « L. Martin »)
_HEADING_NUMBER = re.compile(r"^(?:[IVX]{2,5}|\d+(?:\.\d+)*)[.)]$")


def looks_like_name(name: str) -> bool:
    if not name or len(name) > 40 or fold(name) in _NOT_SPEAKERS:
        return False
    words = name.split()
    if len(words) > 1 and _HEADING_NUMBER.match(words[0]):
        return False  # a section heading is not a speaker
    if not words[0][0].isupper():
        return False
    for word in words[1:]:
        if word.lower() in _PARTICLES:
            continue
        if not (word[0].isupper() or word[0].isdigit() or word.startswith("(")):
            return False
    return True


def full_name(name: str) -> bool:
    """« Marie Dupont », « Jean de La Tour »: two or more capitalised words."""
    words = name.split()
    return (
        len(words) >= 2
        and fold(words[0]) not in _FUNCTION_WORDS
        and all(w[0].isupper() for w in words if w.lower() not in _PARTICLES)
    )


def _short_label(name: str) -> bool:
    """« Q. », « R – », « INT. », « E1. »; not a letter that numbers a section or a list item
    (« I. Le contexte », « e. Le modèle économique »), Q and R apart."""
    return name[0].isupper() and (len(name) > 1 or name in ("Q", "R")) and not _ROMAN.match(name)


_ROMAN = re.compile(r"^[IVXL]+$")
