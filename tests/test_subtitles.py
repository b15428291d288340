"""Subtitle transcripts (.vtt, .srt): cues, speakers, merged turns, offsets, errors."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.subtitles import read_subtitles
from ptce_coding.corpus.transcript import Transcript, segments_of

DATA = Path(__file__).parent / "data" / "subtitles"
DETECTOR = SpeakerDetector()


def turns_of(transcript: Transcript) -> list[tuple[str | None, bool, float | None, str]]:
    """(speaker, interviewer, time, text) of each turn, checking the offsets contract."""
    text = transcript.text
    found = []
    blocks = []
    for turn in transcript.turns:
        assert len(turn.paragraphs) == 1
        start, end = turn.paragraphs[0]
        body = text[start:end]
        assert body and body == body.strip() and "\n" not in body
        label = f"{turn.speaker} : " if turn.speaker else ""
        if re.fullmatch(r"[-–—] ", text[max(start - 2, 0) : start]):
            label = text[start - 2 : start]  # a turn a dialogue dash opens: the dash stays
        assert text[start - len(label) : start] == label
        blocks.append(label + body)
        found.append((turn.speaker, turn.interviewer, turn.time, body))
    assert text == "\n\n".join(blocks)
    return found


def read(path: Path) -> Transcript:
    return read_subtitles(path, DETECTOR)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


# --- the fixtures --------------------------------------------------------------------------


def test_teams_vtt_voice_tags_merge_and_markup() -> None:
    transcript = read(DATA / "entretien_teams.vtt")
    assert transcript.format == "vtt"
    assert transcript.encoding == "utf-8"
    assert transcript.attributes == {"language": "fr", "duration": 67.75, "cues": 9}
    assert turns_of(transcript) == [
        (
            "Enquêtrice",
            True,
            1.0,
            "Bonjour, merci d'avoir accepté cet entretien. "
            "Pouvez-vous présenter le pôle en quelques mots ?",
        ),
        (
            "Claire Moreau",
            False,
            9.8,
            "Alors, le pôle est né en 2014, à l'initiative de trois structures. "
            "Il y avait une régie de quartier, une Scop & une association d'insertion.",
        ),
        ("Enquêtrice", True, 21.4, "Et aujourd'hui, combien de membres ?"),
        ("Claire Moreau", False, 24.1, "Vingt-trois membres\u00a0! Dont la mairie."),
        ("Enquêtrice", True, 31.0, "D'accord."),
        ("Claire Moreau", False, 31.0, "Voilà. On se réunit tous les mois."),
        ("Enquêtrice", True, 62.0, "Qui prend les décisions <au quotidien> ?"),
    ]
    first = transcript.turns[0].paragraphs[0]
    assert first == (13, 13 + 94)
    assert transcript.text.startswith("Enquêtrice : Bonjour, merci")
    assert "Transcription automatique" not in transcript.text  # the NOTE block
    assert "yellow" not in transcript.text  # the STYLE block
    assert "align" not in transcript.text and "<" not in transcript.text.replace("<au", "")


def test_zoom_srt_with_bom_crlf_and_name_prefixes() -> None:
    transcript = read(DATA / "entretien_zoom.srt")
    assert transcript.format == "srt"
    assert transcript.encoding == "utf-8-sig"
    assert transcript.attributes == {"duration": 31.0, "cues": 8}
    assert "\r" not in transcript.text and "\ufeff" not in transcript.text
    assert turns_of(transcript) == [
        ("Enquêteur", True, 0.5, "Bonjour Marc, on commence ?"),
        ("Marc Lefèvre", False, 3.2, "Oui, allons-y."),
        ("Enquêteur", True, 7.0, "Comment votre entreprise est-elle arrivée dans le pôle ?"),
        (
            "Marc Lefèvre",
            False,
            13.0,
            # {\an8} and <i> removed; « Bref : » stays speech (said once, not a known label)
            "Par hasard, en fait. On cherchait des locaux. Bref : on a signé en 2016.",
        ),
        ("Enquêteur", True, 22.3, "Et depuis ?"),
        # "- MARC LEFÈVRE :" in a dialogue cue: the first spelling is kept, next cue merged
        (
            "Marc Lefèvre",
            False,
            22.3,
            "Depuis, on mutualise la comptabilité. Et un véhicule utilitaire.",
        ),
        ("Enquêteur", True, 29.5, "Merci."),
    ]
    assert transcript.turns[1].paragraphs == ((56, 70),)
    assert transcript.text[56:70] == "Oui, allons-y."
    assert transcript.speakers == ["Enquêteur", "Marc Lefèvre"]


def test_cp1252_srt_accents_guillemets_and_oe() -> None:
    transcript = read(DATA / "entretien_cp1252.srt")
    assert transcript.encoding == "cp1252"
    turns = turns_of(transcript)
    assert [(speaker, time) for speaker, _, time, _ in turns] == [
        ("Enquêtrice", 2.0),
        ("Hélène Bérard", 6.0),
        ("Enquêtrice", 16.5),
        ("Hélène Bérard", 19.4),
        ("Enquêtrice", 29.5),
        ("Hélène Bérard", 33.2),
    ]
    assert turns[1][3] == (
        "Elle est au cœur du projet, c'est elle qui a mis à disposition la friche. "
        "Le maire disait « c'est une œuvre collective »."
    )
    assert transcript.attributes["duration"] == 38.6


def test_whisper_vtt_without_speakers_is_one_turn() -> None:
    transcript = read(DATA / "whisper.vtt")
    assert len(transcript.turns) == 1
    turn = transcript.turns[0]
    assert (turn.speaker, turn.interviewer, turn.time) == (None, False, 0.0)
    assert turn.paragraphs == ((0, len(transcript.text)),)
    assert transcript.text.startswith("Alors, la coopération, pour nous, c'est d'abord")
    assert transcript.text.endswith("aux appels d'offres du département.")
    assert " Les collectivités aussi. Mais au bout" in transcript.text
    assert transcript.attributes == {"duration": 40.5, "cues": 9}


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir()))
def test_segments_of_every_fixture(name: str) -> None:
    transcript = read(DATA / name)
    segments = segments_of(transcript)
    assert len(segments) == len(transcript.turns)
    for segment, turn in zip(segments, transcript.turns, strict=True):
        assert (segment.start, segment.end) == turn.paragraphs[0]
        assert segment.time == turn.time and segment.speaker == turn.speaker


# --- the forms of speakers and cues --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        pytest.param(
            "whisperx.srt",
            "1\n00:00:01,000 --> 00:00:02,000\n[SPEAKER_00]: Bonjour.\n\n"
            "2\n00:00:02,500 --> 00:00:04,000\n[SPEAKER_01]: Bonjour madame.\n\n"
            "3\n00:00:04,000 --> 00:00:05,000\n[SPEAKER_01]: Entrez.\n\n"
            "4\n00:00:05,000 --> 00:00:06,000\n[SPEAKER_00]: Merci.\n",
            [
                ("SPEAKER_00", 1.0, "Bonjour."),
                ("SPEAKER_01", 2.5, "Bonjour madame. Entrez."),
                ("SPEAKER_00", 5.0, "Merci."),
            ],
            id="whisperx-brackets",
        ),
        pytest.param(
            "sonix.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nSpeaker 1: On y va ?\n\n"
            "2\n00:00:02,000 --> 00:00:03,000\nSpeaker 2: Oui.\n\n"
            "3\n00:00:03,000 --> 00:00:04,000\nSpeaker 1: Bien.\n",
            [
                ("Speaker 1", 1.0, "On y va ?"),
                ("Speaker 2", 2.0, "Oui."),
                ("Speaker 1", 3.0, "Bien."),
            ],
            id="speaker-n",
        ),
        pytest.param(
            "zoom.vtt",
            "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nJean Dupont: Bonjour à tous.\n\n"
            "2\n00:00:02.000 --> 00:00:03.000\nENQUÊTRICE : Bonjour Jean.\n",
            [("Jean Dupont", 1.0, "Bonjour à tous."), ("ENQUÊTRICE", 2.0, "Bonjour Jean.")],
            id="vtt-name-prefix",
        ),
        pytest.param(
            "teams.vtt",
            "WEBVTT\n\nab12-3\n00:00:01.000 --> 00:00:02.000\n<v Jean Dupont>Bonjour\n\n"
            "cd45-6\n00:00:02.000 --> 00:00:03.000\n<v Jean Dupont>à tous.\n",
            [("Jean Dupont", 1.0, "Bonjour à tous.")],
            id="voice-without-closing-tag",
        ),
        pytest.param(
            "mixte.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nEnquêtrice : Et vous ?\n\n"
            "2\n00:00:02,000 --> 00:00:03,000\n(rires) Moi ?\n\n"
            "3\n00:00:03,000 --> 00:00:04,000\nEnquêtrice : Oui.\n",
            [
                ("Enquêtrice", 1.0, "Et vous ?"),
                (None, 2.0, "(rires) Moi ?"),
                ("Enquêtrice", 3.0, "Oui."),
            ],
            id="cue-without-speaker-in-labelled-file",
        ),
        pytest.param(
            "tirets.srt",
            "1\n00:00:01,000 --> 00:00:03,000\n- Vous venez souvent ?\n- Tous les jeudis.\n",
            [(None, 1.0, "Vous venez souvent ?"), (None, 1.0, "Tous les jeudis.")],
            id="dialogue-dashes-without-names",
        ),
        pytest.param(
            "alone.srt",
            "1\n00:00:01,000 --> 00:00:03,000\nPaul :\nJe crois que oui.\n\n"
            "2\n00:00:03,000 --> 00:00:04,000\nCe serait bien.\n",
            [("Paul", 1.0, "Je crois que oui."), (None, 3.0, "Ce serait bien.")],
            id="label-alone-on-its-line",
        ),
        pytest.param(
            "suite.srt",
            "1\n00:00:01,000 --> 00:00:03,000\nE : Première ligne\n\n"
            "suite après une ligne vide.\n\n"
            "2\n00:00:03,000 --> 00:00:04,000\nR : NOTE de bas de page.\n",
            [
                ("E", 1.0, "Première ligne suite après une ligne vide."),
                ("R", 3.0, "NOTE de bas de page."),
            ],
            id="srt-text-after-blank-line",
        ),
        pytest.param(
            "youtube.vtt",
            "WEBVTT\nKind: captions\n00:00:01.000 --> 00:00:02.000 align:start position:0%\n"
            "on<00:00:01.500><c> commence</c>\n\n"
            "00:00:02.000 --> 00:00:03.000\n{\\an8}R&amp;D &amp;&nbsp;co, &#233;t&eacute;\n",
            [(None, 1.0, "on commence R&D &\u00a0co, été")],
            id="cue-under-header-karaoke-entities",
        ),
        pytest.param(
            "heures.vtt",
            "WEBVTT\n\n59:58.000 --> 01:00:01.500\n<v Anne>Presque une heure.\n",
            [("Anne", 3598.0, "Presque une heure.")],
            id="hours-optional",
        ),
        pytest.param(
            "classe.vtt",
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<v.first.loud Anne Roy>Non !</v>"
            "<v Bob>Si.</v><v Anne Roy>Bon.</v>\n",
            [("Anne Roy", 1.0, "Non !"), ("Bob", 1.0, "Si."), ("Anne Roy", 1.0, "Bon.")],
            id="several-voices-in-one-cue",
        ),
        pytest.param(
            "webvtt.srt",
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Anne>Oui.\n",
            [("Anne", 1.0, "Oui.")],
            id="webvtt-content-in-srt-file",
        ),
        pytest.param(
            "collé.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nOui.\n2\n00:00:02,000 --> 00:00:03,000\nNon.\n",
            [(None, 1.0, "Oui. Non.")],
            id="srt-cue-without-blank-line-before-it",
        ),
        pytest.param(
            "collé.vtt",
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Anne>Oui.\n"
            "00:02.000 --> 00:03.000\n<v Bob>Non.\n",
            [("Anne", 1.0, "Oui."), ("Bob", 2.0, "Non.")],
            id="vtt-cue-without-blank-line-before-it",
        ),
    ],
)
def test_forms(
    tmp_path: Path, name: str, content: str, expected: list[tuple[str | None, float, str]]
) -> None:
    transcript = read(write(tmp_path, name, content))
    assert [(s, t, text) for s, _, t, text in turns_of(transcript)] == expected


def test_one_name_before_a_dash_said_twice_is_speech_and_two_that_alternate_are_labels(
    tmp_path: Path,
) -> None:
    """A name and a dash is a label only where two such labels come back (as in a text
    transcript): a cue's « A0 - 0 » said twice was a speaker « A0 » (hypothesis found it)."""
    cue = "{0}\n00:00:0{0},000 --> 00:00:0{0},500\n{1}\n"
    once = "\n".join(cue.format(i, "Marie Dupont - oui") for i in (1, 2))
    assert [s for s, _, _, _ in turns_of(read(write(tmp_path, "a.srt", once)))] == [None]
    lines = ["Paul Martin - et alors ?", "Marie Dupont - oui", "Paul Martin - et après ?",
             "Marie Dupont - on a signé"]  # fmt: skip
    both = "\n".join(cue.format(i, line) for i, line in enumerate(lines, start=1))
    speakers = [s for s, _, _, _ in turns_of(read(write(tmp_path, "b.srt", both)))]
    assert speakers == ["Paul Martin", "Marie Dupont"] * 2


def test_interviewer_flags_and_formats(tmp_path: Path) -> None:
    transcript = read(write(tmp_path, "a.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\n<v E>Q ?\n"))
    assert transcript.format == "vtt" and transcript.turns[0].interviewer
    transcript = read(write(tmp_path, "b.srt", "WEBVTT\n\n00:00.000 --> 00:01.000\n<v E>Q ?\n"))
    assert transcript.format == "vtt"


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message", "line"),
    [
        ("notes.srt", "Entretien du 3 mai.\n\nMarie : bonjour.\n", "no subtitle cue found", 1),
        ("vide.vtt", "WEBVTT\n\nNOTE rien\n", "no subtitle cue found", None),
        ("nocue.vtt", "\n\nWEBVTT\n\n", "no subtitle cue found", None),
        ("bad.vtt", "\nWEBVT\n\n00:01.000 --> 00:02.000\nOui.\n", "must start with `WEBVTT`", 2),
        ("bad2.vtt", "1\n00:00:01,000 --> 00:00:02,000\nOui.\n", "must start with `WEBVTT`", 1),
        ("empty.vtt", "", "must start with `WEBVTT`", 1),
        (
            "t.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nOui.\n\n2\n00:00:03,000 --> 00:00:0\nNon.\n",
            "malformed timing line '00:00:03,000 --> 00:00:0'",
            6,
        ),
        (
            "t.srt",
            "1\n00:00:01,000 -> 00:00:02,000\nOui.\n",
            "malformed timing line '00:00:01,000 -> 00:00:02,000'",
            2,
        ),
        ("t.srt", "1\n00:00:01,000 --> 00:00:72,000\nOui.\n", "malformed timing line", 2),
        ("t.srt", "1\n00:00:01,000 --> 00:00:02,000xx\nOui.\n", "malformed timing line", 2),
        ("t.srt", "1\nOui.\n\n2\n00:00:03,000 --> 00:00:04,000\nNon.\n", "after cue number 1", 2),
        ("t.srt", "1\n00:00:01,000 --> 00:00:02,000\nOui.\n\n2\n", "after cue number 2", 6),
        (
            "t.vtt",
            "WEBVTT\n\n00:05.000 --> 00:02.000 align:start\nOui.\n",
            "the cue ends before it starts (00:05.000 --> 00:02.000 align:start)",
            3,
        ),
        # srt would read these wrong: a minute, 1.005 s; webvtt-py would leave these cues out
        (
            "t.srt",
            "1\n00:01,000 --> 00:02,500\nOui.\n",
            "malformed timing line '00:01,000 --> 00:02,500': expected `00:01:02,500 --> ",
            2,
        ),
        ("t.srt", "1\n00:00:01,5 --> 00:00:02,000\nOui.\n", "malformed timing line", 2),
        (  # past the range of a timedelta
            "t.srt",
            "1\n99999999999:00:00,000 --> 99999999999:00:01,000\nOui.\n",
            "malformed timing line",
            2,
        ),
        (
            "t.vtt",
            "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nOui.\n",
            "malformed timing line '00:00:01,000 --> 00:00:02,000': expected `00:01:02.500 --> ",
            3,
        ),
        (
            "t.vtt",
            "WEBVTT\n\n00:01.000 --> 00:72.000\nOui.\n\n00:03.000 --> 00:04.000\nNon.\n",
            "malformed timing line '00:01.000 --> 00:72.000'",
            3,
        ),
        # srt would take a lone cue number for the text of the cue before it
        (
            "t.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nOui.\n\n2\n\n"
            "3\n00:00:03,000 --> 00:00:04,000\nNon.\n",
            "after cue number 2",
            6,
        ),
        (
            "t.srt",
            "Titre\n\n1\n00:00:01,000 --> 00:00:02,000\nOui.\n",
            "text before the first subtitle cue",
            1,
        ),
        (
            "t.srt",
            "1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n",
            "the subtitle cues contain no text",
            None,
        ),
    ],
)
def test_errors(tmp_path: Path, name: str, content: str, message: str, line: int | None) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(CorpusError) as info:
        read(path)
    assert message in info.value.message
    assert info.value.line == line
    assert info.value.path == str(path)


def test_no_cue_message_is_the_documented_one(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"no subtitle cue found: is this a \.vtt/\.srt file\?"):
        read(write(tmp_path, "x.srt", "bonjour\n"))


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="cannot read the file"):
        read(tmp_path / "absent.vtt")


# --- round trip --------------------------------------------------------------------------------

NAMES = [None, "Enquêtrice", "Marie Dupont", "Jean-Luc Martin"]
WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzàâçéèêëîïôûùüÿœABCDEÉÈÇŒ0123456789,.?!'’«»()-",
    min_size=1,
    max_size=8,
)
# not « - x » nor « -x »: in a file without speakers, dashes before lines may be turns
LINE = (
    st.lists(WORD, min_size=1, max_size=6)
    .map(" ".join)
    .filter(lambda line: not re.match(r"-(?:\s|[^\W\d_])", line))
)
CUE = st.tuples(
    st.sampled_from(NAMES),
    st.lists(LINE, min_size=1, max_size=3),
    st.integers(min_value=0, max_value=5000),  # gap before, ms
    st.integers(min_value=0, max_value=8000),  # duration, ms
)


def stamp(ms: int, comma: bool, hours: bool) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    text = f"{m:02d}:{s:02d}{',' if comma else '.'}{ms:03d}"
    return f"{h:02d}:{text}" if hours or h else text


def render(cues: list[tuple[str | None, list[str], int, int]], fmt: str) -> tuple[str, list[int]]:
    blocks = ["WEBVTT"] if fmt == "vtt" else []
    starts = []
    now = 0
    for index, (speaker, lines, gap, duration) in enumerate(cues, start=1):
        start, now = now + gap, now + gap + duration
        starts.append(start)
        if fmt == "vtt":
            timing = f"{stamp(start, False, index % 2 == 0)} --> {stamp(now, False, False)}"
            body = "\n".join(lines)
            body = f"<v {speaker}>{body}</v>" if speaker else body
            blocks.append(f"{timing} align:start\n{body}")
        else:
            timing = f"{stamp(start, True, True)} --> {stamp(now, True, True)}"
            body = "\n".join(lines)
            body = f"{speaker}: {body}" if speaker else body
            blocks.append(f"{index}\n{timing}\n{body}")
    return "\n\n".join(blocks) + "\n", starts


@pytest.mark.slow  # a big hypothesis run
@settings(max_examples=150, deadline=None)
@given(
    cues=st.lists(CUE, min_size=1, max_size=12),
    fmt=st.sampled_from(["vtt", "srt"]),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
    cues: list[tuple[str | None, list[str], int, int]],
    fmt: str,
    crlf: bool,
    bom: bool,
) -> None:
    content, starts = render(cues, fmt)
    if crlf:
        content = content.replace("\n", "\r\n")
    path = tmp_path_factory.mktemp("round") / f"entretien.{fmt}"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + content.encode("utf-8"))
    transcript = read(path)

    expected: list[tuple[str | None, int, str]] = []
    for (speaker, lines, _, _), start in zip(cues, starts, strict=True):
        text = " ".join(" ".join(lines).split())
        if expected and expected[-1][0] == speaker:
            expected[-1] = (speaker, expected[-1][1], expected[-1][2] + " " + text)
        else:
            expected.append((speaker, start, text))
    changes = sum(1 for a, b in itertools.pairwise(cues) if a[0] != b[0])
    assert len(transcript.turns) == changes + 1 == len(expected)
    for turn, (speaker, start, text) in zip(transcript.turns, expected, strict=True):
        ((begin, end),) = turn.paragraphs
        assert transcript.text[begin:end] == text
        assert turn.speaker == speaker
        assert turn.interviewer == (speaker == "Enquêtrice")
        assert turn.time == pytest.approx(start / 1000)
    assert transcript.attributes["duration"] == pytest.approx((starts[-1] + cues[-1][3]) / 1000)


SOUP = st.lists(
    st.sampled_from(
        [
            "WEBVTT",
            "NOTE x",
            "STYLE",
            "1",
            "",
            " ",
            "00:00:01,000 --> 00:00:02,000",
            "00:01.000 --> 00:00.500",
            "00:01.000 --> 00:02.000 align:start",
            "00:00:01,000 -> 00:00:02,000",
            "<v Anne>Oui</v> <v.x Bob>non",
            "Enquêtrice : bonjour",
            "- Paul : salut",
            "[SPEAKER_00]: ah",
            "<i>bien</i> &amp; {\\an8}voilà",
            "<v>",
            "texte",
            "-->",
        ]
    ),
    max_size=14,
)


@pytest.mark.slow  # a big hypothesis run
@settings(max_examples=300, deadline=None)
@given(lines=SOUP, fmt=st.sampled_from(["vtt", "srt"]))
def test_any_input_gives_a_transcript_or_a_corpus_error(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], fmt: str
) -> None:
    path = tmp_path_factory.mktemp("soup") / f"x.{fmt}"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        transcript = read(path)
    except CorpusError as error:
        assert error.path == str(path) and error.message
        return
    assert transcript.turns
    turns_of(transcript)


def test_long_runs_without_speakers_are_cut_into_paragraphs(tmp_path: Path) -> None:
    """A Whisper transcript without speakers is not one segment of the whole interview."""
    cues = []
    for number in range(30):
        start = number * 4
        sentence = f"Phrase numéro {number} du récit sur la coopération entre les membres du pôle."
        cues.append(
            f"00:{start // 60:02d}:{start % 60:02d}.000 --> 00:{start // 60:02d}:"
            f"{start % 60 + 3:02d}.000\n{sentence}"
        )
    path = tmp_path / "whisper.vtt"
    path.write_text("WEBVTT\n\n" + "\n\n".join(cues) + "\n", encoding="utf-8")
    transcript = read_subtitles(path, SpeakerDetector())
    segments = segments_of(transcript)
    assert len(transcript.turns) == 1
    assert len(segments) == 3  # 13 words a cue: a break after the 10th and the 20th cue
    assert all(s.words >= 120 for s in segments[:-1])
    texts = [transcript.text[s.start : s.end] for s in segments]
    assert texts[1].startswith("Phrase numéro 10 ")
