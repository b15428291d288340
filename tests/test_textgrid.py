"""Praat TextGrids: one interval tier per speaker, turns in time order."""

from __future__ import annotations

from pathlib import Path

import pytest
from praatio import textgrid

from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus import read_transcript
from ptce_coding.corpus.transcript import segments_of

DATA = Path(__file__).parent / "data" / "textgrid"


def pieces(path: Path) -> list[tuple[str | None, bool, float | None, str]]:
    transcript = read_transcript(path)
    return [
        (s.speaker, s.interviewer, s.time, transcript.text[s.start : s.end])
        for s in segments_of(transcript)
    ]


EXPECTED = [
    ("Enquêtrice", True, 0.0, "et la gouvernance comment ça se passe"),
    # consecutive intervals of one speaker are one turn; an overlap starts its own turn
    ("Paul Roux", False, 3.5, "euh le conseil d'administration se réunit tous les mois"),
    ("Enquêtrice", True, 9.0, "d'accord"),
    ("Paul Roux", False, 9.5, 'et on vote les "grandes" décisions en assemblée'),
]


def test_tiers_are_speakers_in_time_order() -> None:
    assert pieces(DATA / "entretien.TextGrid") == EXPECTED  # the point tier is no speech


def test_utf16_as_praat_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "entretien.TextGrid"
    path.write_text((DATA / "entretien.TextGrid").read_text(encoding="utf-8"), encoding="utf-16")
    assert pieces(path) == EXPECTED


def test_a_damaged_textgrid_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "coupe.TextGrid"
    path.write_text(
        (DATA / "entretien.TextGrid").read_text(encoding="utf-8")[:300], encoding="utf-8"
    )
    with pytest.raises(CorpusError, match="not a readable Praat TextGrid"):
        read_transcript(path)
    path.write_text("Bonjour, ceci n'est pas une grille.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="not a Praat TextGrid"):
        read_transcript(path)


def test_import_reads_textgrids(invoke, tmp_project: Path) -> None:
    target = tmp_project / "corpus" / "pole-a" / "entretien.TextGrid"
    target.write_bytes((DATA / "entretien.TextGrid").read_bytes())
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    assert "added  pole-a/entretien.TextGrid (4 segments, 35 words, 17 counted)" in result.output
    assert "8 words in interviewer turns, 10 words of speaker labels and timestamps" in " ".join(
        result.output.split()
    )


def test_short_text_format(tmp_path: Path) -> None:
    grid = textgrid.openTextgrid(str(DATA / "entretien.TextGrid"), includeEmptyIntervals=False)
    path = tmp_path / "court.TextGrid"
    grid.save(str(path), format="short_textgrid", includeBlankSpaces=True)
    assert "item [" not in path.read_text(encoding="utf-8")  # really the short format
    assert pieces(path) == EXPECTED
