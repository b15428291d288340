"""The restitution as a regional official and a pole's director read it (session 36, helper
E): the cover says plainly whose coding counts, and once that the suggestions are not
reviewed; the shipped codebook has a French name; the emergence factors' table lists
factors, not their categories; the network chapter speaks plain French; a glossary and a
confidentiality notice; a label's proper noun keeps its capital inside a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import docx
import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner, Result
from lxml import html as lxml_html

from ptce_coding.analysis.synthesis_data import synthesis_data
from ptce_coding.app.project import find_project
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.network.measures import pole_measures
from ptce_coding.network.network_result import NetworkResult, PoleNetwork
from ptce_coding.network.typology import read_typology
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.html import render_html
from ptce_coding.report.network_chapter import network_chapter
from ptce_coding.report.synthesis import build_synthesis
from ptce_coding.report.synthesis_model import Synthesis

Invoke = Callable[..., Result]
DEFAULT_CODEBOOK = Path(__file__).parent.parent / "src" / "ptce_coding" / "data" / "ptce.yaml"
# the test codebook with an emergence axis two levels deep and the Europe's code
MORE_CODES = """
  - id: EMERG
    label: Émergence
    definition: Ce qui a fait naître le pôle.
    include: Origines du pôle.
    exclude: Le fonctionnement actuel.
    examples: ["au début on se connaissait"]
    children:
      - id: EMERG.DET
        label: Déterminants
        definition: Les conditions de départ.
        include: Conditions préalables.
        exclude: Les accélérateurs.
        examples: ["tout a commencé par"]
        children:
          - id: EMERG.DET.INTER
            label: Interconnaissance
            definition: Les membres se connaissaient avant le pôle.
            include: Relations anciennes.
            exclude: Les relations nouvelles.
            examples: ["on se connaissait depuis longtemps"]
  - id: INST
    label: Institutions
    definition: Relations avec l'État, la Région et l'Europe.
    include: Pouvoirs publics.
    exclude: Les financements seuls.
    examples: ["la préfecture nous suit"]
    children:
      - id: INST.EUROPE
        label: Europe et fonds européens
        definition: Programmes et fonds de l'Europe (FSE, FEDER).
        include: FSE, FEDER, LEADER.
        exclude: Les fonds nationaux.
        examples: ["le FSE nous aide"]
"""


def _plain(text: str) -> str:
    """HTML or Word text with its tags dropped, entities and no-break spaces made plain."""
    text = re.sub(r"<[^>]+>", " ", text).replace("&#39;", "'").replace("&amp;", "&")
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _code(root: Path, document: str, words: str, code: str, coder: str = "alice") -> None:
    with find_project(root).open_store() as store:
        stored = store.document(document)
        assert stored is not None, document
        start = stored.text.index(words)
        store.add_codings([Coding(document, start, start + len(words), code, coder)])


def _synthesis(root: Path, **choices: object) -> Synthesis:
    """The report's content, as `report` builds it (no chart, no Word file)."""
    project = find_project(root)
    with project.open_store() as store:
        data = synthesis_data(store)
    codebook = load_codebook(root / "codebooks" / "ptce.yaml")
    return build_synthesis(data, codebook, ReportChoices(project="Étude", **choices))  # type: ignore[arg-type]


def _restitution(root: Path, **choices: object) -> str:
    return _plain(render_html(_synthesis(root, **choices), "restitution"))


def _cover(html: str) -> str:
    return _plain(html[html.index('<section class="cover">') : html.index("</section>")])


@pytest.fixture
def emergence(imported: Path) -> Path:
    """The test project with an emergence axis and Europe's code, alice's codings: a factor
    (Interconnaissance) in pole A, its category alone (Déterminants) in pole B, the FSE."""
    codebook = imported / "codebooks" / "ptce.yaml"
    codebook.write_text(codebook.read_text(encoding="utf-8") + MORE_CODES, encoding="utf-8")
    _code(imported, "pole-a/directrice.txt", "nous avons des locaux partagés", "EMERG.DET.INTER")
    _code(imported, "pole-b/membre.md", "on partage un grand bureau", "EMERG.DET")
    _code(imported, "pole-a/directrice.txt", "le FSE nous aide un peu", "INST.EUROPE")
    return imported


# 1. whose coding counts, said plainly ---------------------------------------------------


def test_the_cover_says_whose_coding_counts_plainly(emergence: Path) -> None:
    """« le codage d'alice (tous les codeurs humains) »: one coder's name, then « all the
    human coders »."""
    shown = _restitution(emergence)
    assert (
        "Ce document repose sur le codage d'alice, seule personne à avoir codé ces entretiens."
        in shown
    )
    assert "tous les codeurs humains" not in shown
    _code(emergence, "pole-b/membre.md", "Une subvention de la Région", "ECO.PUBLIC", "bob")
    assert (
        "Ce document repose sur le codage de toutes les personnes qui ont codé ces entretiens "
        "(alice et bob)." in _restitution(emergence)
    )
    chosen = _restitution(emergence, selection=CoderSelection(("alice",)))
    assert "Ce document repose sur le codage d'alice, seul codage retenu pour ce rapport." in chosen
    settled = _restitution(emergence, selection=CoderSelection((), "consensus"))
    assert (
        "; là où l'équipe a tranché un désaccord entre codeurs, sa décision commune (le "
        "consensus, enregistré sous le nom « consensus ») remplace leurs codages." in settled
    )


# 2. the shipped codebook's name ---------------------------------------------------------


def test_the_shipped_codebook_has_a_french_name(tmp_path: Path) -> None:
    """« Codebook PTCE » on the method note of a report in French."""
    root = tmp_path / "etude"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    name = load_codebook(root / "codebooks" / "ptce.yaml").name
    assert name == "Grille de codage PTCE"
    assert load_codebook(DEFAULT_CODEBOOK).name == name


# 3. the unreviewed suggestions, said once on the cover ----------------------------------


def test_the_cover_says_once_that_suggestions_are_not_reviewed(suggested: Path) -> None:
    """The cover said « repose sur les suggestions automatiques, non relues » and, under it,
    « inclut des suggestions automatiques non relues »."""
    html = render_html(_synthesis(suggested, include_suggestions=True), "restitution")
    cover = _cover(html)
    assert cover.count("non relue") == 1, cover
    assert "Ce document inclut des suggestions automatiques non relues" in cover
    assert "personne n'a encore codé ni validé de passage" in cover


# 4. the emergence factors are factors ---------------------------------------------------


def _emergence_rows(html: str) -> dict[str, list[str]]:
    """The emergence factors' table: row label → cells."""
    chapter = lxml_html.fromstring(html).xpath('//h2[.="Facteurs d\'émergence"]/..')[0]
    return {
        _plain(row.xpath("th")[0].text_content()): [
            _plain(c.text_content()) for c in row.xpath("td")
        ]
        for row in chapter.xpath(".//table//tbody/tr")
    }


def test_the_emergence_table_lists_factors_not_their_categories(emergence: Path) -> None:
    """The category EMERG.DET coded alone was a row « Déterminants », as if a factor."""
    html = render_html(_synthesis(emergence), "restitution")
    rows = _emergence_rows(html)
    assert rows["Interconnaissance"] == ["1/1", "0/1"]
    assert rows["Déterminants (sans précision)"] == ["0/1", "1/1"]
    assert "Déterminants" not in rows, rows
    assert "« Sans précision » : un passage codé sur une catégorie de facteurs" in _plain(html)


# 5. the network chapter in plain French -------------------------------------------------


def _network(synthesis: Synthesis) -> NetworkResult:
    """Pole A: four members in a ring, each tied to two others (no centre)."""
    graph = nx.Graph(
        [("Coop", "Atelier"), ("Atelier", "Ferme"), ("Ferme", "Mairie"), ("Mairie", "Coop")]
    )
    measures = pole_measures("pole-a", graph)
    reading = read_typology(measures, 1, 0.0, 1, 0)
    governance = {
        "governance_attribute": "polycentrique",
        "codes_monocentrique": 0,
        "codes_polycentrique": 1,
        "codes_verticale": 0,
        "codes_horizontale": 0,
        "agreement": "—",
    }
    pole = PoleNetwork("pole-a", "Pôle A", [], graph, measures, reading, 1, 0.0, governance)
    evidence = pd.DataFrame(
        columns=["case", "organisation_a", "organisation_b", "document", "segment", "text"]
    )
    return NetworkResult(("accepted",), [pole], [], [], evidence, None, ("co-mention",), ("COOP",))


def test_the_network_chapter_speaks_plain_french(emergence: Path) -> None:
    """« un segment codé COOP (ou un code enfant) », « coordination horizontale
    (centralisation de degré 0,36 ; …) » were all a pole's director read."""
    synthesis = _synthesis(emergence)
    synthesis.network = network_chapter(_network(synthesis), synthesis.names.poles)
    chapter = _plain(render_html(synthesis, "restitution"))
    chapter = chapter[chapter.index("Réseaux de coopération") : chapter.index("Facteurs d'")]
    assert "segment codé" not in chapter and "code enfant" not in chapter
    assert (
        "dans un passage où il est question de coopération (code COOP de la grille de codage, "
        "ou l'un de ses sous-codes)" in chapter
    )
    reading = synthesis.network.poles[0]
    assert reading.configuration == "polycentrique"  # the typology's word, for the typology
    assert reading.why.startswith(
        "plusieurs structures animent la coopération, pas une seule ; les membres sont "
        "reliés directement entre eux — en chiffres : centralisation de degré"
    )
    assert f"({_plain(reading.why)})" in chapter
    assert "Gouvernance déclarée" in chapter and "(attribut)" not in chapter
    glossary = [term for term, _ in synthesis.glossary()]
    assert "Coordination horizontale, verticale" in glossary and "Centralisation" in glossary


# 6. a glossary and a confidentiality notice ---------------------------------------------


def test_the_restitution_has_a_glossary_of_the_words_it_uses(emergence: Path) -> None:
    shown = _restitution(emergence)
    glossary = shown[shown.index("Glossaire.") :]
    for term in ("Pôle (PTCE) :", "Grille de codage :", "Code :", "Segment de parole :"):
        assert term in glossary, term
    assert "Accord entre codeurs (inter-codeurs) :" in glossary
    assert "Sans précision :" in glossary  # the emergence table has such a row
    assert "Consensus :" not in glossary and "Centralisation" not in glossary  # not used


def test_the_cover_says_who_the_document_is_for_and_that_quotations_name_people(
    emergence: Path,
) -> None:
    cover = _cover(render_html(_synthesis(emergence), "restitution"))
    assert (
        "Document confidentiel : il cite des extraits d'entretiens et il est destiné aux pôles "
        "étudiés et à la Région." in cover
    )
    assert "Les citations ne sont pas anonymisées" in cover
    annex = _cover(render_html(_synthesis(emergence), "annexe"))
    assert "il est destiné à l'équipe de recherche" in annex


# 7. proper nouns keep their capital -----------------------------------------------------


def test_a_label_s_proper_noun_keeps_its_capital_inside_a_sentence(emergence: Path) -> None:
    synthesis = _synthesis(emergence)
    assert synthesis.label_in_sentence("INST.EUROPE") == "Europe et fonds européens"
    assert synthesis.label_in_sentence("EMERG.DET.INTER") == "interconnaissance"


def test_the_axis_reading_keeps_europe_s_capital(emergence: Path) -> None:
    """« le plus souvent (en entretiens) : europe et fonds européens (1) »."""
    shown = _restitution(emergence)
    assert "le plus souvent (en entretiens) : Europe et fonds européens (1)" in shown


# the Word restitution says the same ------------------------------------------------------


def _word(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return _plain("\n".join([p.text for p in document.paragraphs] + cells))


@pytest.mark.slow  # the report's charts and Word files
def test_the_word_restitution_says_whose_coding_and_has_the_glossary(
    invoke: Invoke, emergence: Path
) -> None:
    result = invoke("report")
    assert result.exit_code == 0, result.output
    word = _word(emergence / "outputs" / "report" / "restitution.docx")
    assert (
        "Ce document repose sur le codage d'alice, seule personne à avoir codé ces entretiens."
        in word
    )
    assert "Glossaire." in word and "Grille de codage : la liste des thèmes" in word
    assert "Sans précision : un passage codé" in word


@pytest.mark.slow  # the report's charts and Word files
def test_the_word_restitution_has_the_notice_and_the_factors(
    invoke: Invoke, emergence: Path
) -> None:
    result = invoke("report")
    assert result.exit_code == 0, result.output
    word = _word(emergence / "outputs" / "report" / "restitution.docx")
    assert "Les citations ne sont pas anonymisées" in word
    assert "Déterminants (sans précision)" in word
