"""The Word synthesis report: real headings and tables, verbatim quotes, charts as pictures."""

from __future__ import annotations

import struct
import textwrap
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

import docx
import pandas as pd
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from ptce_coding.codebook import parse_codebook
from ptce_coding.report.docx_writer import WARNING, write_docx
from ptce_coding.report.synthesis import Chapter, CodeSummary, Method, Quote, Synthesis

BOOK = parse_codebook(
    textwrap.dedent(
        """\
        name: Grille test
        language: fr
        codes:
          - id: COOP
            label: Coopération
            definition: Activités menées ensemble.
            include: Toute coopération entre membres.
            exclude: Les simples relations commerciales.
            children:
              - id: COOP.LIEU
                label: Mutualisation de locaux
                definition: Partage de locaux ou d'un lieu.
                include: Locaux partagés.
                exclude: Un lieu d'un seul membre.
          - id: ECO
            label: Économie
            definition: Ressources du pôle.
            children:
              - id: ECO.PUBLIC
                label: Financements publics
                definition: Subventions et marchés publics.
        """
    )
)
CASES = ["alpha", "beta", "gamma"]
SCRIPT = "<script>alert(1)</script> on partage le hangar & les bureaux"
FORMULA = '=HYPERLINK("http://exemple.invalid","clic") la Région nous finance'
AGREEMENT = pd.DataFrame(
    [
        ("COOP", 40, 12, 92.5, 0.8123, 0.8131, 0.9012, ""),
        ("ECO", 40, 0, 100.0, None, None, 1.0, "a single category"),
        ("(mean)", 40, None, 96.25, 0.8123, 0.8131, 0.9506, ""),
    ],
    columns=[
        "code", "units", "coded_units", "percent", "cohen_kappa", "krippendorff_alpha",
        "gwet_ac1", "note",
    ],
)  # fmt: skip


def png(path: Path) -> Path:
    """A valid 2×2 RGB PNG written without any imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


def make_synthesis(
    tmp_path: Path, *, suggestions: bool = False, agreement: bool = True
) -> Synthesis:
    coop = pd.DataFrame({"COOP": [0, 0, 0], "COOP.LIEU": [3, 1, 0]}, index=CASES)
    eco = pd.DataFrame({"ECO": [0, 0, 0], "ECO.PUBLIC": [0, 0, 0]}, index=CASES)
    quotes = [
        Quote("alpha", "alpha/entretien-animatrice.txt", "Anne", SCRIPT),
        Quote("beta", "beta/entretien-elu.txt", None, FORMULA + "\x0b", suggested=True),
    ]
    codes = {code.id: (depth, code) for depth, code in BOOK.walk()}
    chapters = [
        Chapter(
            BOOK.get(axis),
            frame,
            frame * 10.0,
            [
                CodeSummary(
                    codes[c][1], codes[c][0], frame[c].to_dict(), quotes if c == "COOP.LIEU" else []
                )
                for c in frame.columns
            ],
            charts={"coop": [png(tmp_path / "coop.png"), tmp_path / "coop.svg"]}
            if axis == "COOP"
            else {},
        )
        for axis, frame in (("COOP", coop), ("ECO", eco))
    ]
    method = Method(
        codebook_name="Grille test",
        codebook_version="abc123",
        versions_seen=["abc123", "0ld"],
        coders=pd.DataFrame(
            [("anne", "manual", "accepted", 4), ("rules", "rule", "suggested", 7)],
            columns=["coder", "method", "status", "codings"],
        ),
        statuses=("accepted", "suggested") if suggestions else ("accepted",),
        agreement=AGREEMENT if agreement else None,
        agreement_coders=["anne", "bruno"] if agreement else [],
        agreement_documents=2 if agreement else 0,
    )
    return Synthesis(
        title="Synthèse des entretiens",
        project="Projet test",
        generated="2025-03-07",
        figures={
            "poles": 3,
            "interviews": 4,
            "words": 12345,
            "segments": 40,
            "codings": 11,
            "coders": 2,
        },
        cases=pd.DataFrame(
            {
                "forme_juridique": ["SCIC", "association", None],
                "annee_creation": [2012, 2009, 2015],
            },
            index=pd.Index(CASES, name="case"),
        ),
        overview=pd.DataFrame({"COOP": [12.5, 3.0, 0.0], "ECO": [0.0, 0.0, 0.0]}, index=CASES),
        overview_counts=pd.DataFrame({"COOP": [3, 1, 0], "ECO": [0, 0, 0]}, index=CASES),
        chapters=chapters,
        emergence=pd.DataFrame(index=CASES),
        cooccurrence=pd.DataFrame(),
        method=method,
        codebook=list(BOOK.walk()),
        quotations=pd.DataFrame(),
        includes_suggestions=suggestions,
        charts={"overview": [tmp_path / "missing.png", tmp_path / "missing.svg"]},
    )


def render(tmp_path: Path, synthesis: Synthesis) -> docx.document.Document:
    target = tmp_path / "out" / "synthese.docx"
    assert write_docx(synthesis, target) == target
    assert [p.name for p in target.parent.iterdir()] == ["synthese.docx"]  # no .part left
    return docx.Document(str(target))


def headings(document: docx.document.Document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]


def table_with(document: docx.document.Document, header: str) -> docx.table.Table:
    found = [t for t in document.tables if header in [c.text for c in t.rows[0].cells]]
    assert found, f"no table with a {header!r} column"
    return found[0]


def cell(table: docx.table.Table, row_label: str, column: str) -> str:
    columns = [c.text for c in table.rows[0].cells]
    for row in table.rows[1:]:
        if row.cells[0].text == row_label:
            return row.cells[columns.index(column)].text
    raise AssertionError(f"no row {row_label!r}")


def full_text(document: docx.document.Document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_headings_in_order(tmp_path: Path) -> None:
    document = render(tmp_path, make_synthesis(tmp_path))
    found = headings(document)
    assert found[0] == ("Title", "Synthèse des entretiens")
    level_one = [text for style, text in found if style == "Heading 1"]
    assert level_one == [
        "Chiffres clés", "Les pôles", "Vue d'ensemble", "Coopération", "Économie",
        "Émergence", "Méthode", "Annexe — Grille de codage",
    ]  # fmt: skip
    sub = [text for style, text in found if style == "Heading 2"]
    assert any(text.startswith("Mutualisation de locaux") and "COOP.LIEU" in text for text in sub)
    assert "Accord intercodeurs" in sub
    assert "Aucun codage pour cet axe." in full_text(document)
    assert "Document généré le 7 mars 2025." in full_text(document)
    assert "Financements publics" not in [text.split("  ")[0] for _, text in found]


def test_tables_hold_the_numbers(tmp_path: Path) -> None:
    document = render(tmp_path, make_synthesis(tmp_path))
    figures = table_with(document, "Indicateur")
    assert cell(figures, "Mots (personnes interviewées)", "Valeur") == "12\u00a0345"
    assert cell(table_with(document, "Forme juridique"), "gamma", "Annee creation") == "2015"
    overview = table_with(document, "Coopération")
    assert cell(overview, "alpha", "Coopération") == "12,5"
    assert cell(overview, "beta", "Économie") == "0,0"
    counts = table_with(document, "Mutualisation de locaux")
    assert [c.text for c in counts.rows[0].cells] == ["Pôle", "Mutualisation de locaux"]
    assert cell(counts, "alpha", "Mutualisation de locaux") == "3"
    coders = table_with(document, "Codeur")
    assert [c.text for c in coders.rows[2].cells] == [
        "rules",
        "règles",
        "suggestion non relue",
        "7",
    ]
    agreement = table_with(document, "α de Krippendorff")
    assert cell(agreement, "Coopération", "α de Krippendorff") == "0,813"
    assert cell(agreement, "Coopération", "Accord (%)") == "92,5"
    assert cell(agreement, "Économie", "κ de Cohen") == "—"
    assert cell(agreement, "Moyenne", "Lecture") == "fiable"
    assert "α ≥ 0,800 fiable ; 0,667–0,800 conclusions provisoires" in full_text(document)
    for style, text in headings(document):
        assert style != "Normal", text


def test_table_header_repeats_and_numbers_align_right(tmp_path: Path) -> None:
    document = render(tmp_path, make_synthesis(tmp_path))
    counts = table_with(document, "Mutualisation de locaux")
    header = counts.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for c in header.cells for run in c.paragraphs[0].runs)
    assert counts.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert counts.rows[1].cells[0].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.RIGHT


def test_quotes_are_verbatim_plain_text(tmp_path: Path) -> None:
    target = tmp_path / "synthese.docx"
    write_docx(make_synthesis(tmp_path), target)
    document = docx.Document(str(target))
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes[0].startswith(f"« {SCRIPT} »")
    assert "alpha/entretien-animatrice.txt, Anne, alpha" in quotes[0]
    assert quotes[1].startswith(f"« {FORMULA} »")  # the control character is dropped
    assert "(suggestion non relue)" in quotes[1]
    assert "(suggestion non relue)" not in quotes[0]
    xml = zipfile.ZipFile(target).read("word/document.xml").decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml
    assert "<script>" not in xml
    assert "fldSimple" not in xml and "instrText" not in xml


@pytest.mark.parametrize("suggestions", [False, True])
def test_suggestions_warning_only_when_included(tmp_path: Path, suggestions: bool) -> None:
    document = render(tmp_path, make_synthesis(tmp_path, suggestions=suggestions))
    text = full_text(document)
    assert (WARNING in text) is suggestions
    assert WARNING == "Ce document inclut des suggestions automatiques non relues."
    counted = "Statuts comptés : accepté, suggestion non relue." in text
    assert counted is suggestions


def test_charts_embedded_when_present(tmp_path: Path) -> None:
    document = render(tmp_path, make_synthesis(tmp_path))
    assert len(document.inline_shapes) == 1  # the overview chart is missing: skipped
    synthesis = make_synthesis(tmp_path)
    for chapter in synthesis.chapters:
        chapter.charts = {}
    assert len(render(tmp_path / "none", synthesis).inline_shapes) == 0


def test_method_without_agreement(tmp_path: Path) -> None:
    document = render(tmp_path, make_synthesis(tmp_path, agreement=False))
    text = full_text(document)
    assert "Non calculé" in text
    assert "Autres versions de la grille vues dans la base : 0ld." in text
    assert all("α de Krippendorff" not in c.text for t in document.tables for c in t.rows[0].cells)


def test_annex_lists_the_codebook(tmp_path: Path) -> None:
    text = full_text(render(tmp_path, make_synthesis(tmp_path)))
    annex = text.split("Annexe — Grille de codage", 1)[1]
    for _, code in BOOK.walk():
        assert code.id in annex and code.label in annex
    assert "À utiliser : Locaux partagés." in annex
    assert "Ne pas utiliser : Un lieu d'un seul membre." in annex


def test_emergence_table_has_labels(tmp_path: Path) -> None:
    synthesis = make_synthesis(tmp_path)
    emergence = pd.DataFrame({"ECO.PUBLIC": [0, 2, 5]}, index=CASES)
    document = render(tmp_path, replace(synthesis, emergence=emergence))
    assert (
        cell(table_with(document, "Financements publics"), "gamma", "Financements publics") == "5"
    )
    assert "La grille de codage n'a pas de code d'émergence." not in full_text(document)


def test_wide_matrix_goes_landscape(tmp_path: Path) -> None:
    synthesis = make_synthesis(tmp_path)
    wide = {f"attribut_{n}": [n, n, n] for n in range(11)}
    synthesis = replace(synthesis, cases=pd.DataFrame(wide, index=CASES))
    document = render(tmp_path, synthesis)
    first, second = table_with(document, "Attribut 0"), table_with(document, "Attribut 10")
    assert first is not second  # 11 columns: split in two tables, each with the poles
    assert [c.text for c in first.columns[0].cells] == ["Pôle", *CASES]
    assert [c.text for c in second.columns[0].cells] == ["Pôle", *CASES]
    orientations = [section.orientation for section in document.sections]
    assert WD_ORIENT.LANDSCAPE in orientations
    assert orientations[0] == orientations[-1] == WD_ORIENT.PORTRAIT
    for section in document.sections:
        assert (section.page_width > section.page_height) is (
            section.orientation == WD_ORIENT.LANDSCAPE
        )
