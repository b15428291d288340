"""The two documents as printed: `run` on (a copy of) the demo project writes them, headless
Chromium prints the HTML and LibreOffice converts the DOCX to PDF, and the pages are read
back: the restitution fits in 12 pages, no text leaves the text area (no clipped table), no
heading is left at the foot of a page and no table heading is broken inside a word."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html

from tests.render_support import (
    CHROMIUM,
    SOFFICE,
    Pages,
    broken_words,
    demo_report,
    docx_to_pdf,
    html_to_pdf,
    missing_words,
    read_pdf,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists() or not Path(SOFFICE).exists(),
        reason="needs /usr/bin/chromium and LibreOffice (apt-get install chromium "
        "libreoffice-writer-nogui; .ci/run installs them)",
    ),
]
pytest.importorskip("pdfplumber")
MAX_RESTITUTION_PAGES = 12


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's demo project, copied, after `ptce-coding run`."""
    return demo_report(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def printed(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pages]:
    folder = tmp_path_factory.mktemp("pdf")
    pages = {}
    for name in ("restitution", "synthese"):
        pages[f"{name}.html"] = read_pdf(
            html_to_pdf(demo / f"{name}.html", folder / f"{name}-html.pdf")
        )
        pages[f"{name}.docx"] = read_pdf(docx_to_pdf(demo / f"{name}.docx", folder))
    return pages


def test_run_writes_both_documents(demo: Path) -> None:
    for name in (
        "restitution.html",
        "restitution.docx",
        "synthese.html",
        "synthese.docx",
        "synthese.md",
        "matrices.xlsx",
    ):
        assert (demo / name).stat().st_size > 1000, name
    restitution = (demo / "restitution.html").read_text("utf-8")
    annex = (demo / "synthese.html").read_text("utf-8")
    assert "Restitution aux pôles et à la Région" in restitution
    assert "Annexe de recherche" in annex
    # the demo's report rests on suggestions alone: no « 0 codeurs » among the key figures
    for text in (restitution, annex):
        assert "</b>codages</div>" in text and "</b>codeurs</div>" not in text
    for text in (restitution, annex):
        assert "Pôle Alimentaire Terres d&#39;Orlan" in text
        for slug in ("terres-d-orlan", "collectif-biscuiterie", ".txt", "entretien-elu"):
            assert slug not in text  # display names, never folder slugs or paths
        for english in ("coder", "cohen_kappa", "accepted", "method"):
            assert f">{english}<" not in text
    assert "directrice de la SCIC (SCIC Terres d&#39;Orlan, Pôle Alimentaire" in annex
    assert "À utiliser" not in restitution and "Ne pas utiliser" in annex


def test_quotations_are_capped_per_chapter(demo: Path) -> None:
    annex = lxml_html.fromstring((demo / "synthese.html").read_bytes())
    axes = [s for s in annex.iter("section") if (s.get("id") or "").startswith("axe-")]
    assert len(axes) == 9
    counts = [len(list(section.iter("blockquote"))) for section in axes]
    assert max(counts) == 12 and min(counts) > 0  # the demo fills the cap somewhere
    short = lxml_html.fromstring((demo / "restitution.html").read_bytes())
    comparison = next(s for s in short.iter("section") if "axe par axe" in s.text_content())
    assert len(list(comparison.iter("blockquote"))) == 2 * 8  # two per axis, 8 axes
    # « role (organisation, pole) », or « role (pole) » where the organisation's name is in it
    sources = [re.search(r"\(([^()]*)\)", q.text_content()) for q in comparison.iter("cite")]
    poles = {found.group(1).rsplit(", ", 1)[-1] for found in sources if found}
    assert len(poles) == 5  # the quotations come from every pole


def test_restitution_is_short_and_the_annex_complete(printed: dict[str, Pages]) -> None:
    for name in ("restitution.html", "restitution.docx"):
        assert 3 <= printed[name].count <= MAX_RESTITUTION_PAGES, (name, printed[name].count)
    for name in ("synthese.html", "synthese.docx"):
        assert printed[name].count > printed[name.replace("synthese", "restitution")].count


@pytest.mark.parametrize(
    "name", ["restitution.html", "restitution.docx", "synthese.html", "synthese.docx"]
)
def test_nothing_outside_the_page_and_no_heading_at_its_foot(
    printed: dict[str, Pages], name: str
) -> None:
    pages = printed[name]
    assert pages.outside == [], pages.outside[:10]
    assert pages.stranded == [], pages.stranded
    assert pages.orphans == [], pages.orphans  # no quotation's source alone atop a page


def html_text(path: Path) -> tuple[list[str], str]:
    """The table headings and the visible text of an HTML document."""
    page = lxml_html.fromstring(path.read_bytes())
    return [th.text_content() for th in page.iter("th")], " ".join(page.find("body").itertext())


def docx_text(path: Path) -> tuple[list[str], str]:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    headers = [c.text for t in document.tables for c in t.rows[0].cells]
    return headers, "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("name", ["restitution", "synthese"])
@pytest.mark.parametrize("kind", ["html", "docx"])
def test_every_word_printed_and_no_heading_broken(
    demo: Path, printed: dict[str, Pages], name: str, kind: str
) -> None:
    headers, source = (html_text if kind == "html" else docx_text)(demo / f"{name}.{kind}")
    assert headers
    words = printed[f"{name}.{kind}"].words
    assert missing_words(words, source) == []  # nothing clipped at the margin
    assert broken_words(words, headers, source) == []  # never « Morph » « ologie »
