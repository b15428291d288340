"""The restitution's table of the poles says whose words it counts while the coding is under
way (user trial, session 41, U).

With one interview of a pole coded out of two, the restitution split the poles' table to the
page: « Pôle | Entretiens codés | Mots » read « 1 | 4 092 », where 4 092 were the words of
both interviews, and the table under it gave « Base : mots des entretiens codés : 1 844 »: two
figures for the words of one coded interview. The column now says it counts every
interview (« Mots (tous les entretiens) ») whenever it stands beside « Entretiens codés »."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from click.testing import Result

pytestmark = pytest.mark.slow  # the whole report: figures, Word documents

HEADER = "Mots (tous les entretiens)"


def _poles_header(markdown: str) -> list[str]:
    section = markdown[markdown.index("## Les pôles et les bases") :]
    line = next(line for line in section.splitlines() if line.startswith("| Pôle |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_the_poles_words_say_they_are_every_interviews(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    (two_coders / "corpus" / "pole-a" / "second.txt").write_text(
        "Enquêtrice : Et vous ?\n\nMarc : On partage un atelier avec deux autres structures "
        "du quartier depuis longtemps.\n",
        encoding="utf-8",
    )
    assert invoke("import", str(two_coders / "corpus")).exit_code == 0
    result = invoke("report")
    assert result.exit_code == 0, result.output
    report = two_coders / "outputs" / "report"
    header = _poles_header((report / "synthese.md").read_text(encoding="utf-8"))
    assert "Entretiens codés" in header
    assert HEADER in header and "Mots" not in header
    html = lxml.html.fromstring((report / "restitution.html").read_bytes())
    heads = [" ".join(th.text_content().split()) for th in html.iter("th")]
    assert HEADER in heads


def test_a_fully_coded_study_keeps_its_words_column(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    result = invoke("report")
    assert result.exit_code == 0, result.output
    markdown = (two_coders / "outputs" / "report" / "synthese.md").read_text(encoding="utf-8")
    header = _poles_header(markdown)
    assert "Mots" in header and HEADER not in header and "Entretiens codés" not in header
