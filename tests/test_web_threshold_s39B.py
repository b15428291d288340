"""The web page's matrix cell marks what rests on suggestions accepted by threshold (`review
--accept-above`): counted as their reviewer's, as in the matrix, yet nobody read them, and the
cell says so, in French (session 39, B)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from ptce_coding.base.records import Coding
from ptce_coding.store import Store
from tests.test_web_api import client_for, make_web_project


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_a_cell_marks_the_passages_accepted_by_threshold(
    tmp_project: Path, invoke: Callable[..., Result]
) -> None:
    project_dir = make_web_project(tmp_project, invoke)
    # bob accepts by threshold the model's COOP.LIEU at 0.93 on « locaux partagés »
    done = invoke("review", "--accept-above", "0.9", "--coder", "bob", "--yes")
    assert done.exit_code == 0, done.output
    assert "Accepted 1 suggestion as bob, by threshold" in done.output
    client, _ = client_for(project_dir, "alice")
    with client:
        cell = client.get("/matrice/cellule?cas=pole-a&code=COOP").text
        document = client.get("/document/pole-a/directrice.txt").text
    passages = re.findall(
        r'<li class="passage[^"]*">(.*?)</li>\s*(?=<li class="passage|</ul>)', cell, re.S
    )
    assert len(passages) == 1
    assert '<li class="passage by-threshold">' in cell
    said = _text(passages[0])
    assert "Accepté par seuil, non lu un à un" in said
    assert (
        "bob (suggestion du modèle acceptée par seuil, confiance ≥ 0,9, non lue une à une)" in said
    )
    help_line = _text(re.search(r'<p class="help">(.*?)</p>', cell, re.S).group(1))
    assert help_line.endswith(
        "Il repose seulement sur des suggestions acceptées par seuil (confiance au-dessus d'un "
        "seuil, review --accept-above ), que personne n'a lues une à une."
    )
    # the transcript's list of codings and its hover say it too
    decided = re.findall(r'<div class="meta decided">(.*?)</div>', document, re.S)
    by_threshold = [d for d in map(html.unescape, decided) if "par seuil" in d]
    assert len(by_threshold) == 1
    assert by_threshold[0].startswith("acceptée par seuil (confiance ≥ 0,9) par bob le ")
    assert by_threshold[0].endswith(", non lue une à une (suggérée par model)")
    titles = [html.unescape(t) for t in re.findall(r'title="([^"]*)"', document)]
    assert any("acceptée par seuil (confiance ≥ 0,9) par bob le " in t for t in titles)


def test_a_cell_counts_the_passages_that_rest_on_them_alone(
    tmp_project: Path, invoke: Callable[..., Result]
) -> None:
    project_dir = make_web_project(tmp_project, invoke)
    assert invoke("review", "--accept-above", "0.9", "--coder", "bob", "--yes").exit_code == 0
    with Store(project_dir / "coding.sqlite") as store:
        document = store.document("pole-a/directrice.txt")
        assert document is not None
        start = document.text.index("Les achats groupés")
        store.add_codings([Coding(document.name, start, start + 18, "COOP.ACHATS", "alice")])
    client, _ = client_for(project_dir, "alice")
    with client:
        cell = client.get("/matrice/cellule?cas=pole-a&code=COOP").text
    assert cell.count('<li class="passage by-threshold">') == 1
    assert cell.count('<li class="passage">') == 1
    help_line = _text(re.search(r'<p class="help">(.*?)</p>', cell, re.S).group(1))
    assert help_line.startswith("2 passages d'interviewés codés COOP")
    assert "1 d'entre eux repose seulement sur des suggestions acceptées par seuil" in help_line
