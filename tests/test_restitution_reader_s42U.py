"""The restitution read as a Region officer and a pole director would (helper U, session 42,
on the demo corpus with claire's and malik's codings): codes that tie are never listed as a
ranking, wherever the tie is in an axis' reading; the method note says how the coders
agreed; a measure a network's reading cites is in the glossary; an interview named after
its file is not given as the speaker's organisation; pairs of coders that agree alike tie;
the figures key a pole not coded yet « non codé », as the text says it; the network chapter
names the cooperation code by its label; the rules alone are said once in the method note;
the emergence row of the comparison says where it is read."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import docx
import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from ptce_coding.analysis.synthesis_data import synthesis_data
from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.network.measures import pole_measures
from ptce_coding.network.network_result import NetworkResult, PoleNetwork
from ptce_coding.network.typology import read_typology
from ptce_coding.report import pair_tables
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.docx_writer import write_docx
from ptce_coding.report.figures import draw_charts
from ptce_coding.report.frequent_codes import frequent_codes
from ptce_coding.report.html import render_html
from ptce_coding.report.network_chapter import network_chapter
from ptce_coding.report.synthesis import build_synthesis
from ptce_coding.report.synthesis_model import Synthesis
from tests.test_charts import svg_lines
from tests.test_network_cli import SCOP, network_study, segment_of
from tests.test_report_agreement_pairs import _mean as mean_row
from tests.test_report_agreement_pairs import _pair as pair_row
from tests.test_report_agreement_pairs import _synthesis as pairs_synthesis

A, B = "pole-a/directrice.txt", "pole-b/membre.md"


def _code(root: Path, document: str, words: str, code: str, coder: str = "alice") -> None:
    with find_project(root).open_store() as store:
        stored = store.document(document)
        assert stored is not None, document
        start = stored.text.index(words)
        store.add_codings([Coding(document, start, start + len(words), code, coder)])


def _synthesis(root: Path, choices: ReportChoices | None = None) -> Synthesis:
    with find_project(root).open_store() as store:
        data = synthesis_data(store)
    codebook = load_codebook(root / "codebooks" / "ptce.yaml")
    return build_synthesis(data, codebook, choices or ReportChoices(project="Étude"))


def _run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, [*args, "--project", str(root)])
    assert result.exit_code == 0, result.output
    return result


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text).replace("&#39;", "'").replace("&amp;", "&")
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


# -- 1. codes met as often are grouped, at the top of a reading as further down ------------


@pytest.mark.parametrize(
    ("counts", "said"),
    [
        # the demo's Morphologie with two coded interviews: « nombre de membres et évolution
        # (2), salariés et ETP des membres (2), puis à égalité : … (1 chacun) »
        (
            [2, 2, 1, 1, 1, 1],
            " ; le plus souvent (en entretiens), à égalité : a, b (2 chacun), "
            "puis à égalité : c, d, e et 1 autre (1 chacun)",
        ),
        ([2, 2, 1], " ; le plus souvent (en entretiens), à égalité : a, b (2 chacun), puis c (1)"),
        ([5, 3, 3], " ; le plus souvent (en entretiens) : a (5), puis à égalité : b, c (3 chacun)"),
        (
            [3, 3, 2, 2],
            " ; le plus souvent (en entretiens), à égalité : a, b (3 chacun), "
            "puis à égalité : c, d (2 chacun)",
        ),
        # unchanged: no tie among the codes named, or a tie at the cut
        ([3, 2, 1], " ; le plus souvent (en entretiens) : a (3), b (2), c (1)"),
        (
            [4, 2, 1, 1],
            " ; le plus souvent (en entretiens) : a (4), b (2), puis à égalité : c, d (1 chacun)",
        ),
        ([2, 2, 2, 1], " ; le plus souvent (en entretiens), à égalité : a, b, c (2 chacun)"),
    ],
)
def test_codes_met_as_often_are_grouped_wherever_they_are(counts: list[int], said: str) -> None:
    series = pd.Series(counts, index=list("abcdef")[: len(counts)])
    assert frequent_codes(series, str) == said


OUTILS = """      - id: COOP.OUTILS
        label: Outils partagés
        definition: Matériel mis en commun.
        include: Outils, machines, véhicules partagés.
        exclude: Le matériel d'un seul membre.
        examples: ["on partage les machines"]
"""


def with_third_code(root: Path) -> None:
    """The test codebook's COOP with a third sub-code, COOP.OUTILS."""
    path = root / "codebooks" / "ptce.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - id: ECO\n", OUTILS + "  - id: ECO\n", 1), encoding="utf-8")


def test_the_restitution_does_not_rank_two_codes_of_every_interview(imported: Path) -> None:
    """Both interviews coded COOP.LIEU and COOP.ACHATS, one COOP.OUTILS: the first two
    tie, and the reading says so rather than list them in the codebook's order."""
    with_third_code(imported)
    _code(imported, A, "nous avons des locaux partagés", "COOP.LIEU")
    _code(imported, B, "on partage un grand bureau", "COOP.LIEU")
    _code(imported, A, "Les achats groupés", "COOP.ACHATS")
    _code(imported, B, "Une subvention de la Région", "COOP.ACHATS")
    _code(imported, A, "deux appels à projets", "COOP.OUTILS")
    shown = _plain(render_html(_synthesis(imported), "restitution"))
    assert "mutualisation de locaux (2), achats groupés (2)" not in shown
    assert (
        "le plus souvent (en entretiens), à égalité : mutualisation de locaux, achats groupés "
        "(2 chacun), puis outils partagés (1)." in shown
    )


# -- 2. the method note says how the coders agreed, not only where it cannot tell ---------

LONG = "Entretien long, pôle A\n\n" + "".join(
    f"Enquêtrice : Question {n} ?\n\nMarie Dupont : Réponse numéro {n} sur le pôle.\n\n"
    for n in range(1, 15)
)


def _docx_text(path: Path) -> str:
    return " ".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_the_method_note_says_how_the_coders_agreed(
    invoke: Callable[..., Result], imported: Path, tmp_path: Path
) -> None:
    """alice and bob coded 12 answers of one interview alike on COOP.LIEU, and split ECO
    between them: the note said « alice et bob, sur 1 entretien codé par les deux. Détail
    dans l'annexe. », never how they agreed; it says it now, axis by axis, in words a
    reader knows, and opens on a capital."""
    (imported / "corpus" / "pole-a" / "long.txt").write_text(LONG, encoding="utf-8")
    assert invoke("import", str(imported / "corpus")).exit_code == 0
    for n in range(1, 13):
        answer = f"Réponse numéro {n} sur"
        for coder in ("alice", "bob"):
            _code(imported, "pole-a/long.txt", answer, "COOP.LIEU", coder)
        _code(imported, "pole-a/long.txt", answer, "ECO.PUBLIC", "alice" if n <= 6 else "bob")
    synthesis = _synthesis(imported)
    said = (
        "Accord entre codeurs. Mesuré entre alice et bob, sur 1 entretien codé par les deux. "
        "L'accord est fiable pour Coopération ; insuffisant pour Économie. Détail dans l'annexe."
    )
    assert said in _plain(render_html(synthesis, "restitution"))
    word = write_docx(synthesis, tmp_path / "restitution.docx", "restitution")
    assert said in _plain(_docx_text(word))


# -- 3. a measure a pole's reading cites is in the restitution's glossary ------------------

GOVERNANCE: dict[str, object] = {
    "governance_attribute": "—",
    "codes_monocentrique": 0,
    "codes_polycentrique": 0,
    "codes_verticale": 0,
    "codes_horizontale": 0,
    "agreement": "—",
}
EVIDENCE_COLUMNS = ["case", "organisation_a", "organisation_b", "weight", "rule", "document"]


def _network(graph: nx.Graph, groups: int, modularity: float | None) -> NetworkResult:
    """pole-a's network as ``graph``, read with ``groups`` groups of ≥ 3 members and their
    ``modularity`` (no quotation: no evidence row)."""
    measures = pole_measures("pole-a", graph)
    components = sum(len(part) >= 2 for part in nx.connected_components(graph))
    reading = read_typology(measures, groups, modularity, components, 0)
    pole = PoleNetwork("pole-a", "Pôle A", [], graph, measures, reading, groups, modularity)
    pole.governance.update(GOVERNANCE)
    evidence = pd.DataFrame(columns=EVIDENCE_COLUMNS)
    return NetworkResult(("accepted",), [pole], [], [], evidence, None, ("co-mention",), ("COOP",))


def _glossary_of(root: Path, result: NetworkResult) -> tuple[list[str], str]:
    synthesis = _synthesis(root)
    synthesis.network = network_chapter(result, {"pole-a": "Pôle A"})
    shown = _plain(render_html(synthesis, "restitution"))
    return [term for term, _ in synthesis.glossary()], shown[shown.index("Glossaire") :]


def test_a_measure_the_readings_cite_is_in_the_glossary(imported: Path) -> None:
    """« 2 groupes peu liés entre eux (modularité 0,33) » and « 2 composantes séparées »
    were read in the restitution, whose glossary said neither word."""
    _code(imported, A, "nous avons des locaux partagés", "COOP.LIEU")
    two_parts = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")])
    terms, glossary = _glossary_of(imported, _network(two_parts, 2, 0.5))
    assert "Composantes" in terms and "Modularité" not in terms
    assert "Composantes : des groupes de membres reliés entre eux et à aucun autre" in glossary
    linked = nx.Graph([*two_parts.edges, ("c", "d")])
    terms, glossary = _glossary_of(imported, _network(linked, 2, 0.36))
    assert "Modularité" in terms and "Composantes" not in terms
    assert "Modularité : une mesure de la part des liens qui restent" in glossary
    assert "à partir de 0,3, le réseau se lit en groupes peu liés entre eux." in glossary
    star = nx.Graph([("a", "b"), ("a", "c"), ("a", "d"), ("b", "c")])
    terms, _ = _glossary_of(imported, _network(star, 1, None))
    assert not {"Composantes", "Modularité", "Noyau, ajustement"} & set(terms)


# -- 4. an interview named after its file is not given as the speaker's organisation -------


def test_a_file_s_name_is_not_given_as_an_organisation(imported: Path, tmp_path: Path) -> None:
    """The test corpus has no documents.csv: its interviews are named after their files.
    A quotation's source read « — personne interrogée (Directrice, Pôle A) », the file's
    name where the note says the organisation is; it says the interview now, after the
    pole, and the note says when the organisation is not given."""
    _code(imported, A, "nous avons des locaux partagés depuis 2012", "COOP.LIEU")
    synthesis = _synthesis(imported)
    html = _plain(render_html(synthesis, "restitution"))
    word = _plain(_docx_text(write_docx(synthesis, tmp_path / "restitution.docx", "restitution")))
    for shown in (html, word):
        assert "personne interrogée (Directrice, Pôle A)" not in shown
        assert "— personne interrogée (Pôle A, entretien « Directrice »)" in shown
        assert (
            "Citations. Chaque citation est la ou les phrases qui portent le code, avec la "
            "fonction de la personne interrogée, son organisation et son pôle, ou, quand la "
            "liste des entretiens ne donne pas son organisation, son pôle et l'entretien dont "
            "elle vient ; « […] » marque une phrase coupée." in shown
        )


def test_an_organisation_given_is_said_as_before(imported: Path) -> None:
    (imported / "corpus" / "documents.csv").write_text(
        "document,organisation,role\npole-a/directrice.txt,Atelier Commun,directrice\n",
        encoding="utf-8",
    )
    _run(imported, "import", str(imported / "corpus"))
    _code(imported, A, "nous avons des locaux partagés depuis 2012", "COOP.LIEU")
    html = _plain(render_html(_synthesis(imported), "restitution"))
    assert "— directrice (Atelier Commun, Pôle A)" in html
    assert "son organisation et son pôle ; « […] » marque une phrase coupée." in html


# -- 5. pairs of coders that agree alike tie: none is named alone ---------------------------


def test_pairs_that_agree_alike_are_said_to_tie() -> None:
    """ana–bea and ana–cleo both at α = 0,500: « accord le plus faible : ana et bea »
    named one of them, by the order of the names."""
    weakest_tie = pairs_synthesis(
        [
            pair_row("ana", "bea", 1, 12, 0.5),
            pair_row("ana", "cleo", 1, 12, 0.5),
            pair_row("bea", "cleo", 1, 12, 0.9),
            *(mean_row(c, 2, 0.6) for c in ("ana", "bea", "cleo")),
        ]
    )
    assert pair_tables.pairs_reading(weakest_tie) == (
        "Sur 3 paires assez codées pour conclure, 2 sont sous 0,800 ; accord le plus faible : "
        "à égalité, ana et bea, ana et cleo (α = 0,500, à écarter) ; le plus fort : bea et "
        "cleo (α = 0,900, fiable)."
    )
    alike = pairs_synthesis(
        [
            pair_row("ana", "bea", 1, 12, 0.7),
            pair_row("ana", "cleo", 1, 12, 0.7),
            pair_row("bea", "cleo", 1, 12, 0.7),
            *(mean_row(c, 2, 0.7) for c in ("ana", "bea", "cleo")),
        ]
    )
    assert pair_tables.pairs_reading(alike) == (
        "Sur 3 paires assez codées pour conclure, 3 sont sous 0,800 ; toutes ont le même "
        "accord : ana et bea, ana et cleo, bea et cleo (α = 0,700, provisoire)."
    )


# -- 6. the figures key a pole not coded yet as the text says it --------------------------


@pytest.mark.slow  # matplotlib figures
def test_a_pole_not_coded_is_keyed_non_code_in_the_figures(imported: Path, tmp_path: Path) -> None:
    """Only pole-a is coded: pole-b's row of the restitution's figure is hatched and named
    « Pôle B (non codé) », and its key read « valeur manquante »; so did the annex's."""
    _code(imported, A, "nous avons des locaux partagés depuis 2012", "COOP.LIEU")
    synthesis = _synthesis(imported)
    draw_charts(synthesis, tmp_path)
    drawn = [*synthesis.restitution_charts["axes"], *synthesis.charts["overview"]]
    for chapter in synthesis.chapters:
        drawn += chapter.charts.get("heatmap", [])
    keys = [svg_lines(path) for path in drawn if path.suffix == ".svg"]
    assert len(keys) >= 3
    for text in keys:
        assert "Pôle B (non codé)" in text
        assert "valeur manquante" not in text
        assert text.count("non codé") == 2  # the pole's name, and the key


# -- 7. the cooperation code is named by its label, not its id ----------------------------


@pytest.mark.slow  # the French spaCy model (the network's reading of the interviews)
def test_the_network_chapter_names_the_cooperation_code_by_its_label(tmp_path: Path) -> None:
    """« (code COOP de la grille de codage, ou l'un de ses sous-codes) »: an id a Region
    officer never saw; the restitution and the annex name its label."""
    root = network_study(tmp_path / "study")
    _run(root, "import", str(root / "corpus"))
    with find_project(root).open_store() as store:
        stored = store.document(SCOP)
        assert stored is not None
        span = segment_of(stored.text, "Nous partageons")
        store.add_codings([Coding(SCOP, *span, "COOP.LIEU", "anne")])
    _run(root, "report")
    said = "il est question de coopération (code « Coopération » de la grille de codage, ou"
    for name in ("restitution.html", "synthese.html"):
        shown = _plain((root / "outputs" / "report" / name).read_text(encoding="utf-8"))
        assert "code COOP de la grille" not in shown, name
        assert said in shown, name
    word = _plain(_docx_text(root / "outputs" / "report" / "restitution.docx"))
    assert said in word


# -- 8. a document that rests on the rules alone says so once in its method note -----------


def test_the_rules_alone_are_said_once_in_the_method_note(suggested: Path) -> None:
    """The demo as `run` leaves it: « 345 codages comptés, tous des suggestions automatiques
    non relues. Les suggestions automatiques (règles sur les mots de la grille) non relues
    sont comptées : les chiffres sont provisoires. Les chiffres et les citations reposent sur
    le seul repérage automatique (…) », three sentences for one fact."""
    choices = ReportChoices(project="Étude", include_suggestions=True)
    shown = _plain(render_html(_synthesis(suggested, choices), "restitution"))
    note = shown[shown.index("Codage. ") : shown.index("Lire les chiffres.")]
    assert "tous des suggestions automatiques non relues." in note
    assert "non relues sont comptées" not in note
    assert (
        "Les chiffres et les citations, provisoires, reposent sur le seul repérage "
        "automatique (des règles sur les mots de la grille de codage) : personne n'a encore "
        "codé ni validé de passage." in note
    )
    assert note.count("provisoire") == 1


# -- 9. the emergence axis, in the comparison's table, says where it is read ---------------

EMERG = """  - id: EMERG
    label: Émergence
    definition: Ce qui a fait naître le pôle.
    include: Les facteurs d'émergence.
    exclude: Le fonctionnement actuel.
    examples: ["tout a commencé avec un appel à projets"]
    children:
      - id: EMERG.ACC
        label: Accélérateurs
        definition: Ce qui a accéléré la naissance du pôle.
        include: Appels à projets, élus moteurs.
        exclude: Les besoins du territoire.
        examples: ["l'appel à projets nous a lancés"]
"""


def test_the_emergence_row_says_where_it_is_read(imported: Path, tmp_path: Path) -> None:
    """The comparison's table and figure have a row « Émergence », and no section of that
    name follows them: the reader is told it is read in « Facteurs d'émergence »."""
    _code(imported, A, "nous avons des locaux partagés depuis 2012", "COOP.LIEU")
    said = "L'axe « Émergence » est lu plus loin, au chapitre sur les facteurs d'émergence."
    assert said not in _plain(render_html(_synthesis(imported), "restitution"))
    path = imported / "codebooks" / "ptce.yaml"
    path.write_text(path.read_text(encoding="utf-8") + EMERG, encoding="utf-8")
    _code(imported, B, "Une subvention de la Région", "EMERG.ACC")
    synthesis = _synthesis(imported)
    html = _plain(render_html(synthesis, "restitution"))
    assert html.index("Comparaison des pôles") < html.index(said) < html.rindex("Facteurs d'")
    word = _plain(_docx_text(write_docx(synthesis, tmp_path / "r.docx", "restitution")))
    assert "aussi les parts de segments et de mots. " + said in word
