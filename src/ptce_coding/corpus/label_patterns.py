"""The regular expressions of a speaker label at the start of a line (``speakers``): a name
(in any script, a corpus code, speakers at once), times, the forms a label takes (« Marie : »,
« **Q.** », « [Marie] », « Q. – », « Marie Dupont — », « MARIE DUPONT. », a label alone on
its line) and the labels of diarisation tools."""

from __future__ import annotations

import re

TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
# spaces, the no-break ones included: French typography puts one before a colon
# (« Enquêteur\u00a0: », « Marie\u202f: » as Word and LibreOffice write them)
SPACE = r"[ \t\u00a0\u202f]"
# what may come before a label: spaces, and the direction marks a word processor writes
# before right-to-left text (Arabic, Hebrew)
LEAD = r"^[ \t\u00a0\u202f\u200e\u200f\u202a-\u202e\u2066-\u2069]*"


# the combining marks of the scripts names are written in (NFC leaves vowel signs apart from
# their letter, and they are no ``\w``): Latin, Cyrillic, Hebrew, Arabic, the Indic and Thai
# blocks whole (their letters, marks and digits), diacritic supplements, Japanese voicing marks
MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0900-\u0dff\u0e00-\u0e7f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
    "\u3099\u309a\ufe20-\ufe2f"
)
# inside a name: apostrophes, dots and hyphens (« D'Artagnan », « J.-M. »), the middle dot of
# French inclusive writing (« Enquêteur·rice ») and of Japanese (« ジョン・スミス »), Persian
# joiners, Hebrew geresh, and combining marks
NAME_CHAR = rf"[\w'’.\-·・\u200c\u200d\u05f3\u05f4{MARKS}]"
# a speaker code of a corpus (ESLO: « 420PERS », « 421INC »): digits, then capitals
CODE = r"\d{1,4}[A-Z]{2,}[A-Z0-9]*(?!\w)"
ONE_NAME = (
    rf"(?:[^\W\d_]{NAME_CHAR}*|{CODE})(?:{SPACE}+[\w'’]{NAME_CHAR}*){{0,3}}"
    rf"(?:{SPACE}*\([^()\d]{{1,20}}\))?"
)
# speakers talking at once, as Transcriber's overlapping turns are named: « PB + 420PERS »
NAME = rf"{ONE_NAME}(?:{SPACE}+\+{SPACE}+{ONE_NAME}){{0,2}}"
BOLD = r"(?:\*\*|__)"
# bold or italic around a label followed by its colon (« *Int. :* », pandoc's italic): a
# single mark only right before a word, never a list's bullet (« * Marie : … »)
EMPHASIS = r"(?:\*\*|__|\*(?=[^\W\d_])|_(?=[^\W\d_]))"
EMPHASIS_END = r"(?:\*\*|__|\*|_)"
COLON = "[:：]"  # the full-width colon of Chinese and Japanese text
PATTERNS = (
    # [00:12:03] Marie Dupont : …   /   Marie (00:12:03) : …   /   **Marie :** …
    # [00:00.000 --> 00:04.000] SPEAKER_00: … (Whisper's time range)   /   *Int. :* …
    re.compile(
        rf"{LEAD}(?:[\[(]?(?P<ts>{TIME})(?:{SPACE}*-->{SPACE}*{TIME})?[\])]?{SPACE}*[-–]?{SPACE}*)?"
        rf"{EMPHASIS}?{SPACE}*"
        rf"(?P<name>{NAME}){SPACE}*(?:[\[(](?P<ts2>{TIME})[\])]{SPACE}*)?{EMPHASIS_END}?{SPACE}*"
        rf"{COLON}(?!\d)(?:{SPACE}*{EMPHASIS_END})?{SPACE}*(?:[\[(](?P<ts3>{TIME})[\])]{SPACE}*)?"
    ),
    # **Q.** …   /   **Marie** …   /   **INT** — … (the dash is the label's, not a word said)
    re.compile(
        rf"{LEAD}(?:[\[(]?(?P<ts>{TIME})[\])]?{SPACE}*)?{BOLD}{SPACE}*(?P<name>{NAME})"
        rf"{SPACE}*[.:：]?{SPACE}*{BOLD}{SPACE}*(?:[.:：]|[—–-](?={SPACE}))?{SPACE}*"
    ),
    # [Marie] …   /   {Marie} …   /   [Marie Dupont] 10:02:03 … (Zoom)
    re.compile(
        rf"{LEAD}(?:[\[(]?(?P<ts>{TIME})[\])]?{SPACE}*)?[\[{{](?P<name>{NAME})[\]}}]"
        rf"{SPACE}*(?:(?P<ts2>\d{{1,2}}:\d{{2}}:\d{{2}})(?![\d:]){SPACE}*)?{COLON}?{SPACE}*"
    ),
    # Marie<tab>…   (a two-column table pasted as text; not a table of contents: « Titre<tab>6 »)
    re.compile(rf"^(?:(?P<ts>{TIME})\t+)?(?P<name>{NAME})\t+(?=[^\t]*[^\W\d_])"),
)
# « Q. … », « R – … », « Q.– … », « Q/ … », « INT. … », « Réponse. … »: a short label (or
# a known one: ``SpeakerDetector.is_known``), a full stop, a slash or a dash
SHORT = re.compile(
    rf"{LEAD}(?P<name>[^\W\d_]{{1,13}}\d?){SPACE}*(?:\.(?:{SPACE}*[–—-](?={SPACE}))?|[/–—-](?={SPACE}))"
    rf"{SPACE}*(?=\S)"
)
# « Marie Dupont — Bonjour, je suis… », « ENQ – Et ensuite ? », « Paul - Oui. »: a name, then
# a dash between spaces (« Marie Dupont - 00:12:03 », a time alone after it, is a label
# alone on its line: ``OWN_LINE``)
DASHED = re.compile(
    rf"{LEAD}(?:[\[(]?(?P<ts>{TIME})[\])]?{SPACE}*)?(?P<name>{NAME}){SPACE}+(?P<dash>[—–-]){SPACE}+"
    rf"(?![\[(]?{TIME}[\])]?{SPACE}*$)(?:[\[(]?(?P<ts2>{TIME})[\])]?{SPACE}*(?:[—–-]{SPACE}+)?)?(?=\S)"
)
# « MARIE DUPONT. Bonjour… », « PAUL. — Et ensuite ? »: a name in capitals and a full stop,
# as plays are printed
CAPITALS = re.compile(
    rf"{LEAD}(?P<name>[^\W\d_][\w'’\-]*(?:{SPACE}+[^\W\d_][\w'’\-]*){{0,3}})\."
    rf"(?:{SPACE}*[—–-])?{SPACE}+(?=\S)"
)
# an incise that the dash after a name opens and closes: « Marie Dupont — la directrice —
# est partie » is speech
INCISE_WORDS = 6
# A label alone on its line, the words on the next ones (exports of Otter, Trint, Word):
# « Marie Dupont », « Speaker 1  0:03 », « Enquêtrice [00:12:03] », « 00:12:03 Marie »,
# « Marie Dupont - 00:12:03 »
OWN_LINE = re.compile(
    rf"{LEAD}(?:[\[(]?(?P<ts>{TIME})[\])]?{SPACE}*[-–]?{SPACE}*)?(?P<name>{NAME})"
    rf"(?:{SPACE}+(?:[-–]{SPACE}+)?[\[(]?(?P<ts2>{TIME})[\])]?)?{SPACE}*$"
)
# labels of diarisation tools (automatic transcription), speakers even when said once
DIARISED = re.compile(
    r"(?:speaker|locuteur|locutrice|intervenant|intervenante|orateur|oratrice|participant"
    r"|participante|interlocuteur|interlocutrice|s)[ _]?\d+",
    re.IGNORECASE,
)

# « — Pouvez-vous présenter le pôle ? » / « — Oui, le pôle… »: a dash before each turn of a
# dialogue and no name (a rule of dashes, « - - - », is none)
DIALOGUE_DASH = re.compile(rf"{LEAD}[—–-]{SPACE}+(?=[^\s—–-])")
