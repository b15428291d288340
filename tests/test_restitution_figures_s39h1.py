"""The restitution's own figures (helper H1, session 39): the poles compared axis by axis as a
heatmap of its table « k/N », and the cooperation networks' ties, one panel per pole with a
tie; numbered « Figure N – … » under each, with the caption as alternative text, in HTML and
Word; placed at their own size (their text as drawn, 8 pt or more); in an anonymised report,
the axes' figure only (no network chapter there), its poles by their letters."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from lxml import html as lxml_html
from PIL import Image

from ptce_coding.cli import cli
from tests.test_network_cli import project  # noqa: F401  (the network study, coded, a fixture)

pytestmark = pytest.mark.slow  # spaCy (import), matplotlib
AXES = "Entretiens qui abordent chaque axe, par pôle (couleur\u00a0: part des entretiens codés"
NETWORKS = "Réseaux de coopération\u00a0: les membres reliés et leurs liens, par pôle"
DPI = 150  # the figures' PNG resolution (base/charts.py)


def _report(root: Path, *options: str) -> Path:
    result = CliRunner().invoke(cli, ["report", *options, "--project", str(root)])
    assert result.exit_code == 0, result.output
    return root / "outputs" / "report"


def _pictures(path: Path) -> list[tuple[str, str, int]]:
    """Each picture of a Word document: the caption under it, its alternative text, its
    width as placed (EMU)."""
    document = docx.Document(str(path))
    body = list(document.element.body.iterchildren())
    found = []
    for index, element in enumerate(body):
        drawing = next(element.iter(qn("w:drawing")), None)
        if drawing is None:
            continue
        caption = "".join(t.text or "" for t in body[index + 1].iter(qn("w:t")))
        described = next(drawing.iter(qn("wp:docPr")))
        extent = next(drawing.iter(qn("wp:extent")))
        found.append((caption, described.get("descr", ""), int(extent.get("cx"))))
    return found


def _chapter_of(path: Path, caption: str) -> str:
    """The heading 1 a caption is under."""
    chapter = ""
    for paragraph in docx.Document(str(path)).paragraphs:
        if paragraph.style.name == "Heading 1":
            chapter = paragraph.text
        if paragraph.text.startswith(caption):
            return chapter
    raise AssertionError(f"no paragraph {caption!r}")


def test_the_restitution_holds_the_axes_and_the_networks(project: Path) -> None:  # noqa: F811
    folder = _report(project)
    pictures = _pictures(folder / "restitution.docx")
    assert [caption[:10] for caption, _, _ in pictures] == ["Figure 1 –", "Figure 2 –"]
    (axes, axes_alt, axes_width), (networks, networks_alt, networks_width) = pictures
    assert AXES in axes and NETWORKS in networks
    assert axes_alt.startswith("Entretiens qui abordent chaque axe, par pôle")
    assert networks_alt.startswith("Réseaux de coopération")
    document = folder / "restitution.docx"
    assert _chapter_of(document, "Figure 1 –") == "Comparaison des pôles, axe par axe"
    assert _chapter_of(document, "Figure 2 –") == "Réseaux de coopération"
    # placed at its own size: its text prints as drawn, at 8 pt or more (charts/placement.py)
    for name, width in (("restitution-axes", axes_width), ("restitution-reseaux", networks_width)):
        png = folder / "figures" / f"{name}.png"
        with Image.open(png) as image:
            natural = image.size[0] / DPI * 914400
        assert natural * 0.99 <= width <= min(natural, 17 / 2.54 * 914400) * 1.01, name
    page = lxml_html.fromstring((folder / "restitution.html").read_bytes())
    captions = [" ".join(c.text_content().split()) for c in page.iter("figcaption")]
    assert [c[:10] for c in captions] == ["Figure 1 –", "Figure 2 –"]
    assert [img.get("alt")[:20] for img in page.iter("img")] == [
        "Entretiens qui abord",
        "Réseaux de coopérati",
    ]
    # the annex does not take the restitution's figures
    annex = [alt for _, alt, _ in _pictures(folder / "synthese.docx")]
    assert not any("Entretiens qui abordent" in alt or "membres reliés" in alt for alt in annex)


def test_the_anonymised_restitution_names_no_pole_in_its_figure(
    project: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    copy = tmp_path / "study"
    shutil.copytree(project, copy)
    review = copy / "private" / "revue.xlsx"
    for args in (["--review", str(review), "--no-model"], ["--apply", str(review)]):
        result = CliRunner().invoke(cli, ["pseudonymise", *args, "--project", str(copy)])
        assert result.exit_code == 0, result.output
    folder = _report(copy, "--anonymise")
    pictures = _pictures(folder / "restitution-anonyme.docx")
    assert len(pictures) == 1 and AXES in pictures[0][0]  # no network chapter: no drawing
    svg = (folder / "figures-anonyme" / "restitution-axes.svg").read_text(encoding="utf-8")
    assert "Pôle A" in svg
    assert not re.search(r"Pôle N|pole-n", svg)
    assert not (folder / "figures-anonyme" / "restitution-reseaux.png").exists()
