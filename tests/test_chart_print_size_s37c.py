"""The report's charts as printed on A4: every text of every figure at 8 points or more at the
size the Word document places it (its picture's width against the figure's own), a chart too
large for a page at that size drawn in several figures, « (1/3) », rather than shrunk.

Before session 37 the small multiples of twelve poles were saved 8.5 inches wide with 6.5 pt
values and placed 6.7 inches wide: 5 pt on paper; the grouped bars of the demo's five poles
too, and the heatmaps' 7 pt values printed at 7 pt or less."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from PIL import Image

from ptce_coding.app.project import find_project
from ptce_coding.base.charts import DPI
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.codebook.loader import load_codebook
from tests.test_charts import POLES

pytestmark = pytest.mark.slow  # matplotlib figures, the Word documents

MIN_PRINTED = 8.0  # points: readable on A4
EMU_PER_INCH = 914400
FONT_SIZE = re.compile(r"font-size: ([\d.]+)px")  # matplotlib's SVG: 1 px = 1 pt


def _project(root: Path, poles: list[str], runner: CliRunner) -> None:
    """A project with the default codebook: one interview per pole, each of its answers
    coded with one of the axes COOP and MORPH's codes (most of them, in every pole)."""
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    codebook = load_codebook(find_project(root).codebook_path)
    codes = [
        c.id
        for c in codebook.codes
        if c.id.startswith(("COOP.", "MORPH.")) and not codebook.children(c.id)
    ]
    lines = ["case,nom"]
    for number, name in enumerate(poles, start=1):
        folder = root / "corpus" / f"pole-{number:02d}"
        folder.mkdir(parents=True)
        turns = "\n\n".join(
            f"Enquêtrice : Question {i} ?\n\nMarie : Réponse {i} du pôle {number}."
            for i in range(len(codes))
        )
        (folder / "entretien.txt").write_text(turns + "\n", encoding="utf-8")
        lines.append(f'pole-{number:02d},"{name}"')
    (root / "corpus" / "cases.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)])
    assert result.exit_code == 0, result.output
    codings = []
    with find_project(root).open_store() as store:
        for number in range(1, len(poles) + 1):
            document = f"pole-{number:02d}/entretien.txt"
            text = store.document(document).text
            for i, code in enumerate(codes):
                if (number + i) % 4:  # three codes in four, not the same in every pole
                    start = text.index(f"Réponse {i} du")
                    end = text.index("\n", start)
                    codings += [Coding(document, start, end, code, "anne")] * (1 + (i % 3))
        store.add_codings(codings)


def _printed_sizes(report: Path) -> dict[str, float]:
    """For each picture of synthese.docx and restitution.docx, by its figure's name: the size
    in points its smallest text prints at (the SVG's font sizes × the picture's width / the
    PNG's)."""
    figures = {hashlib.sha1(p.read_bytes()).hexdigest(): p for p in report.glob("figures/*.png")}
    printed = {}
    for name in ("synthese.docx", "restitution.docx"):
        printed |= _printed_in(report / name, figures)
    return printed


def _printed_in(path: Path, figures: dict[str, Path]) -> dict[str, float]:
    document = docx.Document(str(path))
    printed = {}
    for shape in document.inline_shapes:
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        png = figures[hashlib.sha1(document.part.related_parts[blip].blob).hexdigest()]
        with Image.open(png) as image:
            saved_inches = image.size[0] / DPI
        placed_inches = shape.width / EMU_PER_INCH
        svg = png.with_suffix(".svg").read_text(encoding="utf-8")
        smallest = min(float(size) for size in FONT_SIZE.findall(svg))
        printed[png.stem] = smallest * placed_inches / saved_inches
    return printed


@pytest.mark.parametrize("count", [5, 12])
def test_every_text_of_every_figure_prints_at_8_points(tmp_path: Path, count: int) -> None:
    """Five poles (the demo's grouped bars, 4.6 to 5.3 pt printed before) and twelve (small
    multiples): every figure the report draws is in a Word document (the annex, or the
    restitution for its own), each text at 8 pt or more as placed; a chart split in parts
    says which part it is in its title."""
    root = tmp_path / "study"
    runner = CliRunner()
    _project(root, POLES[:count], runner)
    result = runner.invoke(cli, ["report", "--project", str(root)])
    assert result.exit_code == 0, result.output
    report = root / "outputs" / "report"
    printed = _printed_sizes(report)
    drawn = sorted(p.stem for p in report.glob("figures/*.png"))
    assert sorted(printed) == drawn  # every figure placed, each part of a chart too
    assert any(name.startswith("morph-barres") for name in drawn)
    too_small = {name: round(size, 2) for name, size in printed.items() if size < MIN_PRINTED}
    assert too_small == {}
    for name in drawn:
        part = re.fullmatch(r"(.+)-(\d+)", name)
        if part and (report / "figures" / f"{part[1]}-1.png").is_file():
            parts = len(list(report.glob(f"figures/{part[1]}-*.png")))
            svg = (report / "figures" / f"{name}.svg").read_text(encoding="utf-8")
            assert f"({part[2]}/{parts})" in svg, name
