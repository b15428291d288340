"""Transcriber (.trs) transcripts: speakers, overlapping turns, sections, offsets, bad files."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ptce_coding.base.errors import CorpusError
from ptce_coding.base.settings import SpeakerSettings
from ptce_coding.corpus import read_transcript
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcriber import read_transcriber
from ptce_coding.corpus.transcript import Transcript, segments_of

DATA = Path(__file__).parent / "data" / "transcriber"
DETECTOR = SpeakerDetector(SpeakerSettings(extra_interviewers=("PB",)))
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Trans SYSTEM "trans-14.dtd">\n'


def read(name: str) -> Transcript:
    return read_transcriber(DATA / name, DETECTOR)


def rows(transcript: Transcript) -> list[tuple[str | None, bool, float | None, str]]:
    result = []
    for turn in transcript.turns:
        assert len(turn.paragraphs) == 1
        start, end = turn.paragraphs[0]
        result.append((turn.speaker, turn.interviewer, turn.time, transcript.text[start:end]))
    return result


def write(tmp_path: Path, xml: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "entretien.trs"
    path.write_bytes(xml.encode(encoding))
    return path


# --- UTF-8, CRLF, two sections with topics, markup inside turns -------------------------

UTF8_ROWS = [
    ("PB", True, 2.1, "bonjour + alors vous pouvez vous présenter ?"),
    (
        "Claire Martin",
        False,
        6.4,
        "oui alors je suis Claire Martin je coordonne le pôle depuis deux mille quinze "
        "on est sur la ressourcerie et la cuisine partagée (rires)",
    ),
    ("PB", True, 19.75, "d'accord"),
    (
        "Claire Martin",
        False,
        21.0,
        "c'est un PTCE lauréat de l'appel à projets de 2013 /// enfin [rire] la première vague",
    ),
    ("PB", True, 31.5, "et la gouvernance comment elle s'organise ?"),
    (
        "Claire Martin",
        False,
        35.2,
        "on a un comité de pilotage avec les collectivités et les entreprises du territoire "
        "qui se réunit tous les trimestres",
    ),
    ("PB", True, 51.3, "hm hm et les habitants ?"),
    (
        "Claire Martin",
        False,
        54.0,
        "les habitants & les usagers ils sont au conseil d'administration de l'association",
    ),
]


def test_utf8_crlf_turns_speakers_times_and_slices() -> None:
    transcript = read("entretien_utf8_crlf.trs")
    assert transcript.format == "trs"
    assert transcript.encoding == "utf-8"
    assert transcript.speakers == ["PB", "Claire Martin"]
    assert len(transcript.turns) == 8  # 10 <Turn>s, one empty and one with only an Event
    assert rows(transcript) == UTF8_ROWS


def test_utf8_stored_text_is_labelled_turns_separated_by_blank_lines() -> None:
    transcript = read("entretien_utf8_crlf.trs")
    assert transcript.text == "\n\n".join(f"{who} : {text}" for who, _, _, text in UTF8_ROWS)
    assert "\r" not in transcript.text
    for dropped in ("bruit de porte", "music", "tx", "rire\n"):
        assert dropped not in transcript.text


def test_utf8_attributes_topics_and_sections() -> None:
    attributes = read("entretien_utf8_crlf.trs").attributes
    assert attributes == {
        "speakers": {"spk1": "PB", "spk2": "Claire Martin"},
        "topics": ["Présentation", "Gouvernance du pôle"],
        "sections": [
            {"type": "report", "topic": "Présentation", "start": 0.0, "end": 31.5, "turns": [0, 4]},
            {
                "type": "report",
                "topic": "Gouvernance du pôle",
                "start": 31.5,
                "end": 62.25,
                "turns": [4, 8],
            },
        ],
        "duration": 62.25,
        "audio_filename": "ptce_a_01.wav",
        "scribe": "Léa",
        "version_date": "240312",
        "language": "fr",
    }
    assert json.loads(json.dumps(attributes)) == attributes


def test_segments_carry_speaker_and_time() -> None:
    transcript = read("entretien_utf8_crlf.trs")
    segments = segments_of(transcript)
    assert [(s.position, s.speaker, s.time) for s in segments[:3]] == [
        (0, "PB", 2.1),
        (1, "Claire Martin", 6.4),
        (2, "PB", 19.75),
    ]
    assert segments[0].words == 8


def test_registered_for_the_trs_suffix() -> None:
    transcript = read_transcript(DATA / "entretien_utf8_crlf.trs", DETECTOR)
    assert transcript == read("entretien_utf8_crlf.trs")


# --- ISO-8859-1, accents, « œ », overlapping speech --------------------------------------


def test_latin1_accents_oe_and_overlapping_turns() -> None:
    transcript = read("entretien_latin1_chevauchement.trs")
    assert transcript.encoding == "iso-8859-1"
    # each <Who> part of an overlap is a turn of its own speaker: no « A + B » speaker
    assert transcript.speakers == ["Enquêtrice", "Hélène Lefèvre", "spk3"]
    assert rows(transcript) == [
        ("Enquêtrice", True, 0.5, "vous êtes arrivée au pôle en quelle année ?"),
        (
            "Hélène Lefèvre",
            False,
            4.0,
            "en deux mille dix-huit « au cœur » du projet c'était l'œuvre de toute une équipe",
        ),
        # the interviewer's words inside the overlap are an interviewer turn; the turn's
        # time goes to its first part
        ("Enquêtrice", True, 12.3, "d'accord"),
        ("Hélène Lefèvre", False, None, "voilà ça a été très vite"),
        (
            "Hélène Lefèvre",
            False,
            13.9,
            "on a monté la légumerie avec les bénévoles et le foyer des jeunes travailleurs",
        ),
        ("Hélène Lefèvre", False, 24.0, "les bénévoles surtout"),
        ("spk3", False, None, "oui oui"),
        (None, False, 25.6, "[inaudible] la réunion du jeudi"),
        ("spk3", False, 30.0, "c'est ça"),
        ("Enquêtrice", True, 31.2, "et aujourd'hui qu'est-ce qui vous manque ?"),
        (
            "Hélène Lefèvre",
            False,
            36.0,
            "des locaux ! des locaux et un peu de trésorerie pour tenir jusqu'à l'été",
        ),
    ]
    assert unicodedata.is_normalized("NFC", transcript.text)
    assert "\n\n[inaudible] la réunion du jeudi\n\nspk3 : c'est ça" in transcript.text
    # the stored text keeps one block per <Turn>, labelled with both speakers
    assert "\n\nEnquêtrice + Hélène Lefèvre : d'accord / voilà ça a été très vite\n\n" in (
        transcript.text
    )


def test_latin1_attributes_without_topics() -> None:
    attributes = read("entretien_latin1_chevauchement.trs").attributes
    assert attributes["speakers"] == {
        "spk1": "Enquêtrice",
        "spk2": "Hélène Lefèvre",
        "spk3": "spk3",
    }
    assert attributes["topics"] == []
    assert attributes["sections"] == [
        {"type": "report", "topic": None, "start": 0.0, "end": 47.5, "turns": [0, 11]}
    ]
    assert attributes["duration"] == 47.5
    assert attributes["scribe"] == "Benoît"
    assert "language" not in attributes


def test_empty_who_part_is_left_out(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD + '<Trans><Speakers><Speaker id="a" name="PB"/><Speaker id="b" name="Léon"/>'
        '</Speakers><Episode><Section type="report" startTime="0" endTime="2">'
        '<Turn speaker="a b" startTime="0" endTime="2"><Sync time="0"/><Who nb="1"/>'
        '<Event desc="rire" type="noise" extent="instantaneous"/>\n<Who nb="2"/>\nbon  ben'
        "</Turn></Section></Episode></Trans>",
    )
    # the empty part was PB's: what is left is Léon's alone
    assert rows(read_transcriber(path, DETECTOR)) == [("Léon", False, 0.0, "bon ben")]


# --- Errors --------------------------------------------------------------------------------


def error_of(path: Path) -> CorpusError:
    with pytest.raises(CorpusError) as caught:
        read_transcriber(path, DETECTOR)
    assert caught.value.path == str(path)
    return caught.value


def test_malformed_xml_gives_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD + "<Trans>\n<Episode>\n<Section>\n<Turn>bonjour\n</Section>\n</Episode>\n</Trans>\n",
    )
    error = error_of(path)
    assert error.message.startswith("malformed XML at line 7: Opening and ending tag mismatch")
    assert error.line == 7
    assert f"{path}, line 7: malformed XML" in str(error)


def test_bytes_not_in_the_declared_encoding(tmp_path: Path) -> None:
    xml = HEAD + '<Trans>\n<Speakers><Speaker id="s" name="Hélène"/></Speakers>\n</Trans>'
    error = error_of(write(tmp_path, xml, "iso-8859-1"))
    assert error.message.startswith("malformed XML at line 4:")
    assert error.hint is not None and "encoding" in error.hint


@pytest.mark.parametrize("content", [b"", b"Enqu\xeatrice : bonjour\n"])
def test_not_xml_at_all(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "entretien.trs"
    path.write_bytes(content)
    assert error_of(path).message.startswith("malformed XML at line 1:")


def test_root_must_be_trans(tmp_path: Path) -> None:
    path = write(tmp_path, '<?xml version="1.0"?>\n\n<TEI><text>bonjour</text></TEI>')
    error = error_of(path)
    assert error.message == "not a Transcriber file: the root element is <TEI>, not <Trans>"
    assert error.line == 3


def test_unknown_speaker_id(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD + '<Trans>\n<Speakers><Speaker id="spk1" name="PB"/></Speakers>\n<Episode>\n'
        '<Section type="report" startTime="0" endTime="9">\n'
        '<Turn speaker="spk1" startTime="0" endTime="1">oui</Turn>\n'
        '<Turn speaker="spk1 spk2" startTime="1" endTime="9"><Who nb="1"/>a<Who nb="2"/>b'
        "</Turn>\n</Section>\n</Episode>\n</Trans>\n",
    )
    error = error_of(path)
    assert error.message == "a <Turn> refers to the unknown speaker id 'spk2'"
    assert error.line == 8
    assert error.hint == "Speaker ids declared in <Speakers>: spk1."


@pytest.mark.parametrize(
    "episode",
    [
        "",
        '<Episode><Section type="nontrans" startTime="0" endTime="5">'
        '<Turn startTime="0" endTime="5"><Sync time="0"/>\n \n'
        '<Background time="0" type="music" level="high"/>\n</Turn></Section></Episode>',
    ],
)
def test_empty_transcription(tmp_path: Path, episode: str) -> None:
    path = write(tmp_path, HEAD + f"<Trans><Speakers/>{episode}</Trans>")
    assert error_of(path).message.startswith("the transcription contains no text")


def test_entities_are_neither_resolved_nor_fetched(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '<?xml version="1.0"?>\n<!DOCTYPE Trans [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n'
        '<Trans><Episode><Section type="report" startTime="0" endTime="1">\n'
        '<Turn startTime="0" endTime="1">a &x; b</Turn></Section></Episode></Trans>',
    )
    error = error_of(path)
    assert error.message == "the entity reference &x; is not defined by the file"
    assert error.line == 4


def test_unavailable_dtd_is_not_loaded(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '<?xml version="1.0"?>\n<!DOCTYPE Trans SYSTEM "http://127.0.0.1:9/trans-14.dtd">\n'
        '<Trans><Episode><Section type="report" startTime="0" endTime="1">'
        '<Turn startTime="0" endTime="1">bonjour</Turn></Section></Episode></Trans>',
    )
    assert read_transcriber(path, DETECTOR).text == "bonjour"


def test_missing_file(tmp_path: Path) -> None:
    assert error_of(tmp_path / "absent.trs").message.startswith("cannot read the file")


# --- Random documents ----------------------------------------------------------------------

TEXT = st.lists(
    st.characters(exclude_categories=("Cs", "Cc", "Cn"))
    | st.sampled_from([" ", "\t", "\r\n", "\xa0", "e\u0301", "œ", "&", "<", "]]>", "///"]),
    max_size=12,
).map("".join)
MARKUP = st.sampled_from(["sync", "event", "comment", "background", "who", "who2"])
ITEMS = st.lists(st.one_of(TEXT.map(lambda text: ("text", text)), MARKUP.map(lambda m: (m, ""))))


@dataclass(frozen=True)
class RandomTurn:
    speakers: tuple[int, ...]
    time: float | None
    items: list[tuple[str, str]]


TURNS = st.builds(
    RandomTurn,
    speakers=st.lists(st.integers(0, 3), max_size=2).map(tuple),
    time=st.none() | st.floats(0, 1e5, allow_nan=False),
    items=ITEMS,
)


def clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def markup(kind: str, desc: str) -> str:
    return {
        "sync": '<Sync time="1.5"/>',
        "event": f'<Event desc={quoteattr(desc)} type="noise" extent="instantaneous"/>',
        "comment": f"<Comment desc={quoteattr(desc)}/>",
        "background": '<Background time="2" type="music" level="low"/>',
        "who": '<Who nb="1"/>',
        "who2": '<Who nb="2"/>',
    }[kind]


def turn_xml(turn: RandomTurn, ids: list[str], desc: str) -> str:
    speaker = f" speaker={quoteattr(' '.join(ids[i] for i in turn.speakers))}"
    time = f' startTime="{turn.time!r}"' if turn.time is not None else ""
    body = "".join(escape(t) if kind == "text" else markup(kind, desc) for kind, t in turn.items)
    return f"<Turn{speaker if turn.speakers else ''}{time}>{body}</Turn>\n"


def expected_parts(turn: RandomTurn) -> list[tuple[tuple[int, ...], str]]:
    """Elements are word boundaries, ``Who`` starts a part, empty parts are left out. Each
    part with whose it is, as places in the turn's ``speaker`` attribute: the text before the
    first ``Who`` is all of theirs; after a ``<Who nb="N"/>``, the Nth speaker's in a turn of
    several, and in a turn of one (or none) that one's (or nobody's)."""
    everyone = tuple(range(len(turn.speakers)))
    pieces: list[list[str]] = [[]]
    owners = [everyone]
    for kind, text in turn.items:
        if kind == "text":
            pieces[-1].append(text)
        elif kind in ("who", "who2"):
            pieces.append([])
            owners.append(((0,) if kind == "who" else (1,)) if len(everyone) > 1 else everyone)
        else:
            pieces[-1].append(" ")
    parts = [(owner, clean("".join(piece))) for owner, piece in zip(owners, pieces, strict=True)]
    return [(owner, part) for owner, part in parts if part]


def expected_turns(parts: list[tuple[tuple[str, ...], str]]) -> list[tuple[tuple[str, ...], str]]:
    """A turn per run of consecutive parts of the same speakers (by name: two places in the
    ``speaker`` attribute may be one name), its text the run's parts joined as in the block
    (`` / ``)."""
    runs: list[tuple[tuple[str, ...], list[str]]] = []
    for whose, part in parts:
        if runs and runs[-1][0] == whose:
            runs[-1][1].append(part)
        else:
            runs.append((whose, [part]))
    return [(whose, " / ".join(texts)) for whose, texts in runs]


@pytest.mark.slow  # a big hypothesis run
@settings(deadline=None, max_examples=150)
@given(
    names=st.lists(TEXT, min_size=4, max_size=4),
    turns=st.lists(TURNS, max_size=8),
    desc=TEXT,
    encoding=st.sampled_from(["utf-8", "iso-8859-1"]),
    crlf=st.booleans(),
)
def test_random_documents_slices_match_collapsed_text(
    tmp_path_factory: pytest.TempPathFactory,
    names: list[str],
    turns: list[RandomTurn],
    desc: str,
    encoding: str,
    crlf: bool,
) -> None:
    ids = ["spk1", "spk2", "x<&>", "PB"]
    speakers = "".join(
        f"<Speaker id={quoteattr(i)} name={quoteattr(n)}/>" for i, n in zip(ids, names, strict=True)
    )
    xml = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<!DOCTYPE Trans SYSTEM "trans-14.dtd">\n'
        f"<Trans><Speakers>{speakers}</Speakers><Episode>"
        f'<Section type="report" startTime="0" endTime="9">\n'
        + "".join(turn_xml(turn, ids, desc) for turn in turns)
        + "</Section></Episode></Trans>\n"
    )
    if crlf:
        xml = xml.replace("\n", "\r\n")
    data = xml.encode(encoding, "xmlcharrefreplace")
    # Latin-1 bytes that also read as UTF-8 (« Ã© », « Â\xa0 ») are read as UTF-8, what a
    # UTF-8 editor leaves under the declaration it does not change: another test's
    assume(
        encoding == "utf-8"
        or all(
            c.isascii() or "\udc80" <= c <= "\udcff"
            for c in data.decode("utf-8", "surrogateescape")
        )
    )
    path = tmp_path_factory.mktemp("random") / "random.trs"
    path.write_bytes(data)
    labels = [clean(name) or ident for ident, name in zip(ids, names, strict=True)]
    blocks = []  # the stored text: one block per <Turn> with words, labelled with all its speakers
    expected = []  # (speaker, interviewer, time, text) of each turn read
    for turn in turns:
        parts = expected_parts(turn)
        if not parts:
            continue
        label = " + ".join(labels[i] for i in turn.speakers)
        body = " / ".join(part for _, part in parts)
        blocks.append(f"{label} : {body}" if label else body)
        named = [(tuple(labels[turn.speakers[i]] for i in whose), part) for whose, part in parts]
        for index, (speakers, text) in enumerate(expected_turns(named)):
            expected.append(
                (
                    " + ".join(speakers) or None,
                    bool(speakers) and all(DETECTOR.is_interviewer(name) for name in speakers),
                    turn.time if index == 0 else None,
                    text,
                )
            )
    if not expected:
        with pytest.raises(CorpusError, match="contains no text"):
            read_transcriber(path, DETECTOR)
        return
    transcript = read_transcriber(path, DETECTOR)
    assert rows(transcript) == expected
    assert transcript.text == "\n\n".join(blocks)
