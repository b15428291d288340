"""What the report says of the coding, honestly (helper T's defect 12, session 40): codes
that tie are not ranked (« le plus souvent (en entretiens) : acteurs de l'ESS (1), recherche
et formation (1), bâtiment (1) »), and the method note says how much of each interview is
coded and the confidence of the suggestions decided."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from ptce_coding.analysis.synthesis_data import synthesis_data
from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.report import tables
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.frequent_codes import frequent_codes
from ptce_coding.report.html import render_html
from ptce_coding.report.markdown import render_markdown
from ptce_coding.report.synthesis import build_synthesis
from ptce_coding.report.synthesis_model import Synthesis

A, B = "pole-a/directrice.txt", "pole-b/membre.md"


def _code(root: Path, document: str, words: str, code: str, coder: str = "alice") -> None:
    with find_project(root).open_store() as store:
        stored = store.document(document)
        assert stored is not None, document
        start = stored.text.index(words)
        store.add_codings([Coding(document, start, start + len(words), code, coder)])


def _synthesis(root: Path) -> Synthesis:
    with find_project(root).open_store() as store:
        data = synthesis_data(store)
    codebook = load_codebook(root / "codebooks" / "ptce.yaml")
    return build_synthesis(data, codebook, ReportChoices(project="Étude"))


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text).replace("&#39;", "'").replace("&amp;", "&")
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def test_codes_met_as_often_are_not_ranked(imported: Path) -> None:
    _code(imported, A, "nous avons des locaux partagés", "COOP.LIEU")
    _code(imported, B, "on partage un grand bureau", "COOP.ACHATS")
    shown = _plain(render_html(_synthesis(imported), "restitution"))
    assert "le plus souvent (en entretiens) : mutualisation de locaux (1)" not in shown
    assert (
        "Axe abordé dans 2 entretiens sur 2, dans 2 pôles sur 2 ; aucun code ne revient plus "
        "qu'un autre : mutualisation de locaux, achats groupés, chacun dans 1 entretien." in shown
    )


@pytest.mark.parametrize(
    ("counts", "said"),
    [
        ([3, 2, 1], " ; le plus souvent (en entretiens) : a (3), b (2), c (1)"),
        ([1], " ; le plus souvent (en entretiens) : a (1)"),
        (
            [1, 1, 1, 1, 1],
            " ; aucun code ne revient plus qu'un autre : a, b, c et 2 autres, "
            "chacun dans 1 entretien",
        ),
        # a tie at the third place: neither cut nor ordered
        (
            [3, 2, 2, 2],
            " ; le plus souvent (en entretiens) : a (3), puis à égalité : b, c, d (2 chacun)",
        ),
        (
            [9, 4, 3, 3],
            " ; le plus souvent (en entretiens) : a (9), b (4), puis à égalité : c, d (3 chacun)",
        ),
        (
            [2, 2, 1],
            " ; le plus souvent (en entretiens), à égalité : a, b (2 chacun), puis c (1)",
        ),
        ([2, 2, 2, 1], " ; le plus souvent (en entretiens), à égalité : a, b, c (2 chacun)"),
        (
            [2, 2, 2, 2, 1],
            " ; le plus souvent (en entretiens), à égalité : a, b, c et 1 autre (2 chacun)",
        ),
        ([0, 0], ""),
    ],
)
def test_a_tie_is_said_not_ranked(counts: list[int], said: str) -> None:
    series = pd.Series(counts, index=list("abcde")[: len(counts)])
    assert frequent_codes(series, str) == said


def test_the_method_note_says_how_much_is_coded_and_the_confidence_decided(
    imported: Path,
) -> None:
    with find_project(imported).open_store() as store:
        document = store.document(A)
        assert document is not None
        suggestions = []
        for words, code, confidence in (
            ("locaux partagés", "COOP.LIEU", 0.1649),
            ("achats groupés", "COOP.ACHATS", 0.52),
        ):
            start = document.text.index(words)
            coding = Coding(
                A, start, start + len(words), code, "rules", "rule", "suggested", confidence
            )
            suggestions.append((document.id, coding))
        store.replace_suggestions("rule", [document.id], suggestions)
        rows = sorted(store.coding_rows(methods=["rule"]), key=lambda row: row.id)
        store.review(rows[0].id, "accepted", "alice")
        store.review(rows[1].id, "rejected", "alice")
    _code(imported, B, "on partage un grand bureau", "COOP.LIEU")
    synthesis = _synthesis(imported)
    segments = synthesis.figures["segments"]
    assert synthesis.figures["coded_segments"] == 2
    note = _plain(tables.coding_note(synthesis))
    shares = [1 / n * 100 for n in _segments_per_interview(imported).values()]
    low, high = (f"{v:.1f}".replace(".", ",") if v < 10 else str(round(v)) for v in sorted(shares))
    overall = 2 / segments * 100
    overall_said = f"{overall:.1f}".replace(".", ",") if overall < 10 else str(round(overall))
    assert (
        f"2 des {segments} segments de parole portent au moins un codage ({overall_said} %) ; "
        f"selon l'entretien, de {low} % à {high} % de ses segments." in note
    )
    assert (
        "Les 2 suggestions automatiques décidées (1 acceptée, 1 rejetée) avaient une confiance "
        "estimée entre 0,16 et 0,52." in note
    )
    annex = _plain(render_markdown(synthesis, imported / "outputs" / "report"))
    assert "Les 2 suggestions automatiques décidées (1 acceptée, 1 rejetée)" in annex
    assert "selon l'entretien, de" in annex


def _segments_per_interview(root: Path) -> dict[str, int]:
    with find_project(root).open_store() as store:
        data = synthesis_data(store)
    counted = data.segments[~data.segments["interviewer"] & ~data.segments["title"]]
    return counted.groupby("document").size().to_dict()
