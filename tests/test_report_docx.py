"""The Word documents (restitution and research annex): real headings in order, a table of
contents field, French language, named styles, tables with display names and their bases,
verbatim quotes kept with their source, charts as pictures, extra chapters in one call."""

from __future__ import annotations

import itertools
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

from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.report.axis_model import Chapter, CodeSummary
from ptce_coding.report.chapter_blocks import ExtraChapter, Quote, TableBlock
from ptce_coding.report.docx_writer import WARNING, write_docx
from ptce_coding.report.labels import Names
from ptce_coding.report.method_model import Method
from ptce_coding.report.synthesis_model import Synthesis

pytestmark = pytest.mark.slow  # each test builds a Word report (python-docx, charts)

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
POLES = {"alpha": "Pôle Alpha des Morvandiaux", "beta": "Collectif Bêta", "gamma": "Pôle Gamma"}
SCRIPT = "<script>alert(1)</script> on partage le hangar & les bureaux"
FORMULA = '=HYPERLINK("http://exemple.invalid","clic") la Région nous finance'
AGREEMENT = pd.DataFrame(
    [
        ("COOP", 40, 12, 92.5, 0.8123, 0.8131, 0.9012, ""),  # 12 coded units: read
        ("ECO", 40, 1, 97.5, 0.0, -0.01, 0.975, ""),  # 1 coded unit: too few to conclude
        ("(mean)", 40, None, 96.25, 0.8123, 0.8131, 0.9506, ""),
    ],
    columns=[
        "code",
        "units",
        "coded_units",
        "percent",
        "cohen_kappa",
        "krippendorff_alpha",
        "gwet_ac1",
        "note",
    ],
)


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
    interviews = pd.DataFrame({"COOP": [0, 0, 0], "COOP.LIEU": [1, 1, 0]}, index=CASES)
    eco = pd.DataFrame({"ECO": [0, 0, 0], "ECO.PUBLIC": [0, 0, 0]}, index=CASES)
    quotes = [
        Quote(
            "alpha",
            "alpha/entretien-animatrice.txt",
            "Anne",
            SCRIPT,
            pole=POLES["alpha"],
            interview="Ateliers Alpha",
            role="animatrice",
        ),
        Quote(
            "beta",
            "beta/entretien-elu.txt",
            None,
            FORMULA + "\x0b",
            suggested=True,
            pole=POLES["beta"],
            interview="Commune de Bêta",
            role="élu",
        ),
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
            documents=interviews if axis == "COOP" else frame,
            highlights=quotes[:1] if axis == "COOP" else [],
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
        names=Names(poles=POLES),
        bases=pd.DataFrame(
            {
                "interviews": [2, 1, 1],
                "segments": [24, 10, 6],
                "words": [2400, 800, 500],
                "coders": [1, 1, 0],
            },
            index=CASES,
        ),
        overview_words=pd.DataFrame({"COOP": [20.0, 5.0, 0.0], "ECO": [0.0] * 3}, index=CASES),
        overview_interviews=pd.DataFrame({"COOP": [1, 1, 0], "ECO": [0, 0, 0]}, index=CASES),
    )


def render(
    tmp_path: Path, synthesis: Synthesis, audience: str = "annexe"
) -> docx.document.Document:
    target = tmp_path / "out" / "synthese.docx"
    assert write_docx(synthesis, target, audience) == target
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


def levels(document: docx.document.Document) -> list[int]:
    return [
        0 if style == "Title" else int(style.split()[-1])
        for style, _ in headings(document)
        if style == "Title" or style.split()[-1].isdigit()
    ]


def test_annex_chapters_in_order_without_an_empty_one(tmp_path: Path) -> None:
    document = render(tmp_path, make_synthesis(tmp_path))
    found = headings(document)
    assert found[0] == ("Title", "Synthèse des entretiens")
    level_one = [text for style, text in found if style == "Heading 1"]
    assert level_one == [
        "Chiffres clés",
        "Les pôles et les bases",
        "Vue d'ensemble",
        "Coopération",
        "Économie",
        "Méthode",
        "Grille de codage",
    ]  # one chapter per axis: no second, empty « Émergence »
    sub = [text for style, text in found if style == "Heading 2"]
    assert any(text.startswith("Mutualisation de locaux") for text in sub)
    assert "Accord intercodeurs" in sub
    text = full_text(document)
    after = text.split("\nÉconomie\n")[2]  # [1]: the table of contents
    assert after.splitlines()[1] == "Aucun codage pour cet axe."  # an empty axis says so
    assert "Document généré le 7 mars 2025." in text
    assert "Financements publics" not in [text.split("  ")[0] for _, text in found]


def test_restitution_is_the_short_document(tmp_path: Path) -> None:
    document = render(tmp_path, make_synthesis(tmp_path), "restitution")
    found = headings(document)
    level_one = [text for style, text in found if style == "Heading 1"]
    assert level_one == [
        "Les pôles étudiés",
        "Comparaison des pôles, axe par axe",
        "Facteurs d'émergence",
        "Note de méthode",
    ]
    assert [t for s, t in found if s == "Heading 2"] == ["Coopération", "Économie"]
    text = full_text(document)
    assert "Restitution aux pôles et à la Région" in text
    assert (
        "Aucun codage pour cet axe\u00a0: il n'a pas été abordé dans les entretiens codés." in text
    )
    assert "Grille de codage" not in level_one and "À utiliser" not in text
    assert not any("κ de Cohen" in c.text for t in document.tables for c in t.rows[0].cells)


@pytest.mark.parametrize("audience", ["restitution", "annexe"])
def test_heading_levels_never_skip_and_toc_is_a_field(tmp_path: Path, audience: str) -> None:
    synthesis = make_synthesis(tmp_path)
    deep = BOOK.get("COOP.LIEU")
    synthesis.chapters[0].codes[1] = replace(synthesis.chapters[0].codes[1], depth=3, code=deep)
    document = render(tmp_path, synthesis, audience)
    found = levels(document)
    assert found[0] == 0
    assert all(b <= a + 1 for a, b in itertools.pairwise(found)), found
    xml = document.element.xml
    deepest = 2 if audience == "restitution" else 1  # the annex lists its chapters only
    assert f'TOC \\o "1-{deepest}"' in xml and 'w:fldCharType="begin"' in xml
    assert 'w:fldCharType="end"' in xml
    settings = document.settings.element.xml
    assert "w:updateFields" not in settings  # Word asks nothing: the entries are written
    toc = [p.text for p in document.paragraphs if p.style.name.startswith("toc")]
    assert toc[0] == ("Les pôles étudiés" if audience == "restitution" else "Chiffres clés")


def test_french_everywhere_and_named_styles(tmp_path: Path) -> None:
    render(tmp_path, make_synthesis(tmp_path))
    target = tmp_path / "out" / "synthese.docx"
    archive = zipfile.ZipFile(target)
    styles = archive.read("word/styles.xml").decode()
    settings = archive.read("word/settings.xml").decode()
    assert "en-US" not in styles and "en-US" not in settings
    defaults = styles.split("<w:docDefaults>", 1)[1].split("</w:docDefaults>", 1)[0]
    assert 'w:lang w:val="fr-FR"' in defaults
    assert 'w:themeFontLang w:val="fr-FR"' in settings
    document = docx.Document(str(target))
    assert document.core_properties.language == "fr-FR"
    used = {p.style.name for p in document.paragraphs}
    assert {"Citation", "Source de citation", "Note de lecture"} <= used
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Citation":  # a quotation never ends a page alone
            assert paragraph.style.paragraph_format.keep_with_next
            assert paragraph.style.paragraph_format.keep_together


def test_tables_hold_the_numbers_with_display_names_and_bases(tmp_path: Path) -> None:
    document = render(tmp_path, make_synthesis(tmp_path))
    figures = table_with(document, "Indicateur")
    assert cell(figures, "Mots (personnes interviewées)", "Valeur") == "12\u202f345"
    poles = table_with(document, "Forme juridique")
    assert cell(poles, "Pôle Gamma", "Année de création") == "2015"
    assert cell(poles, "Pôle Alpha des Morvandiaux", "Entretiens") == "2"
    shares = table_with(document, "Axe")
    assert [c.text for c in shares.rows[0].cells] == ["Axe", *POLES.values()]
    assert cell(shares, "Coopération", "Pôle Alpha des Morvandiaux") == "1/2"
    assert cell(shares, "Base\u00a0: mots", "Pôle Gamma") == "500"
    words = [t for t in document.tables if t.rows[1].cells[0].text == "Coopération"]
    assert cell(words[1], "Coopération", "Collectif Bêta") == "5,0"  # % of words
    counts = table_with(document, "Code")
    assert cell(counts, "Mutualisation de locaux", "Pôle Alpha des Morvandiaux") == "3 (1/2)"
    assert cell(counts, "Base\u00a0: segments de parole", "Collectif Bêta") == "10"
    assert cell(counts, "Codeurs", "Pôle Gamma") == "0"
    texts = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert not any(case in texts for case in CASES)  # never a slug
    coders = table_with(document, "Codeur")
    assert [c.text for c in coders.rows[2].cells] == [
        "rules",
        "règles",
        "suggestion non relue",
        "7",
    ]
    agreement = table_with(document, "α de Krippendorff")
    assert cell(agreement, "Coopération", "α de Krippendorff") == "0,813"
    assert cell(agreement, "Économie", "Unités codées") == "1"
    readings = table_with(document, "Lecture")  # a second part when too wide for the page
    assert cell(readings, "Coopération", "Lecture") == "fiable"
    assert cell(readings, "Économie", "Lecture") == "trop peu d'unités codées pour conclure"
    assert "α ≥ 0,800 fiable\u202f; 0,667–0,800 conclusions provisoires" in full_text(document)


def test_restitution_flags_agreement_on_too_few_units(tmp_path: Path) -> None:
    text = full_text(render(tmp_path, make_synthesis(tmp_path), "restitution"))
    assert "Pour Économie\u00a0: trop peu d'unités codées pour conclure (moins de 10)." in text


def test_table_header_repeats_and_numbers_align_right(tmp_path: Path) -> None:
    document = render(tmp_path, make_synthesis(tmp_path))
    counts = table_with(document, "Code")
    header = counts.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for c in header.cells for run in c.paragraphs[0].runs)
    assert counts.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert counts.rows[1].cells[0].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.RIGHT


def test_quotes_are_verbatim_plain_text_with_role_and_interview(tmp_path: Path) -> None:
    target = tmp_path / "synthese.docx"
    write_docx(make_synthesis(tmp_path), target)
    document = docx.Document(str(target))
    quotes = [p.text for p in document.paragraphs if p.style.name == "Citation"]
    sources = [p.text for p in document.paragraphs if p.style.name == "Source de citation"]
    assert quotes[0] == f"«\u202f{SCRIPT}\u202f»"
    assert sources[0] == "— animatrice (Ateliers Alpha, Pôle Alpha des Morvandiaux)"
    assert quotes[1] == f"«\u202f{FORMULA}\u202f»"  # the control character is dropped
    assert sources[1].endswith("(suggestion non relue)")
    assert ".txt" not in "".join(sources)
    xml = zipfile.ZipFile(target).read("word/document.xml").decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml
    assert "<script>" not in xml
    assert "fldSimple" not in xml  # the contents and the captions' numbers only:
    assert xml.count("<w:instrText") == 1 + xml.count(" SEQ Figure ") + xml.count(" SEQ Tableau ")


@pytest.mark.parametrize("suggestions", [False, True])
def test_suggestions_warning_only_when_included(tmp_path: Path, suggestions: bool) -> None:
    document = render(tmp_path, make_synthesis(tmp_path, suggestions=suggestions))
    text = full_text(document)
    assert (WARNING in text) is suggestions
    counted = "Statuts comptés\u00a0: accepté, suggestion non relue." in text
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
    assert "Autres versions de la grille vues dans la base\u00a0: 0ld." in text
    assert all("α de Krippendorff" not in c.text for t in document.tables for c in t.rows[0].cells)


def test_annex_lists_the_codebook(tmp_path: Path) -> None:
    text = full_text(render(tmp_path, make_synthesis(tmp_path)))
    annex = text.split("\nGrille de codage\n", 1)[1]
    for _, code in BOOK.walk():
        assert code.id in annex and code.label in annex
    assert "À utiliser\u00a0: Locaux partagés." in annex
    assert "Ne pas utiliser\u00a0: Un lieu d'un seul membre." in annex


def test_wide_table_is_split_on_portrait_pages(tmp_path: Path) -> None:
    synthesis = make_synthesis(tmp_path)
    wide = {f"attribut_{n}": [f"valeur longue {n}"] * 3 for n in range(11)}
    synthesis = replace(synthesis, cases=pd.DataFrame(wide, index=CASES))
    document = render(tmp_path, synthesis)
    first, last = table_with(document, "Attribut 0"), table_with(document, "Attribut 10")
    assert first is not last  # too wide for the page: split, each part with the poles
    assert [c.text for c in first.columns[0].cells] == ["Pôle", *POLES.values()]
    assert [c.text for c in last.columns[0].cells] == ["Pôle", *POLES.values()]
    assert {s.orientation for s in document.sections} == {WD_ORIENT.PORTRAIT}


@pytest.mark.parametrize("audience", [("restitution", "annexe"), ("annexe",)])
def test_an_extra_chapter_is_one_call(tmp_path: Path, audience: tuple[str, ...]) -> None:
    synthesis = make_synthesis(tmp_path)
    table = pd.DataFrame({"Type": ["intégré", "réseau", "—"]}, index=list(POLES.values()))
    synthesis.add_chapter(
        ExtraChapter("Typologie des pôles", ["Trois types.", TableBlock("Types", table)], audience)
    )
    annex = render(tmp_path / "a", synthesis)
    short = render(tmp_path / "r", synthesis, "restitution")
    for document, expected in ((annex, True), (short, "restitution" in audience)):
        level_one = [t for s, t in headings(document) if s == "Heading 1"]
        assert ("Typologie des pôles" in level_one) is expected
        if expected:  # before the method, with its table
            assert level_one.index("Typologie des pôles") == len(level_one) - (
                3 if document is annex else 2
            )
            assert cell(table_with(document, "Type"), "Collectif Bêta", "Type") == "réseau"
