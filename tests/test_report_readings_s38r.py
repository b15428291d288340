"""What the report says its figures rest on (session 38, helper R).

1. The annex's « Bases des chiffres » and the `bases` sheet of matrices.xlsx described all of
   each pole's interviews while the base rows under the tables counted the coded ones; the
   restitution's « Lire les chiffres » said « rapporté aux entretiens du pôle ».
2. The network chapter quoted its ties raw: « (rires) » kept, cut with « … ».
3. With one coder counted, the consensus « remplace leurs codages ».
4. The method did not say the consensus decisions a codebook change set aside.
5. The agreement part did not say the units it left out where a coder stopped.
"""

from __future__ import annotations

import csv
import html as html_lib
import io
import re
import shutil
from pathlib import Path

import docx
import networkx as nx
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from ptce_coding.analysis.synthesis_data import synthesis_data
from ptce_coding.app.project import find_project
from ptce_coding.base.coder_selection import CoderSelection
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.network.measures import pole_measures
from ptce_coding.network.mentions import Mention
from ptce_coding.network.network_result import NetworkResult, PoleNetwork
from ptce_coding.network.ties import Evidence, Tie
from ptce_coding.network.typology import read_typology
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.docx_writer import write_docx
from ptce_coding.report.html import render_html
from ptce_coding.report.markdown import render_markdown
from ptce_coding.report.network_chapter import network_chapter
from ptce_coding.report.synthesis import build_synthesis
from ptce_coding.report.synthesis_model import Synthesis
from ptce_coding.report.workbook import write_workbook
from tests.test_agreement_cli import segment_spans, write_codings
from tests.test_agreement_extent_s37g import ALICE, BOB, DOCUMENT, code
from tests.test_consensus_carry_s37m1 import decide
from tests.test_restitution_bases_s37b7 import INTERVIEW, LONG, POLES

DATA = Path(__file__).parent / "data"


def _run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, [*args, "--project", str(root)])
    assert result.exit_code == 0, result.output
    return result


def _plain(text: str) -> str:
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _synthesis(root: Path, selection: CoderSelection | None = None) -> Synthesis:
    """The report's content, as `report` builds it (no chart, no Word file)."""
    with find_project(root).open_store() as store:
        data = synthesis_data(store)
    codebook = load_codebook(root / "codebooks" / "ptce.yaml")
    choices = ReportChoices(project="Étude", selection=selection or CoderSelection())
    return build_synthesis(data, codebook, choices)


@pytest.fixture(scope="module")
def partly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pole-a: two interviews, one coded; pole-b: its one interview coded; pole-c: its one
    interview not coded (anne codes by hand)."""
    root = tmp_path_factory.mktemp("s38r") / "study"
    CliRunner().invoke(cli, ["init", str(root)])
    shutil.copyfile(DATA / "codebook.yaml", root / "codebooks" / "ptce.yaml")
    shutil.rmtree(root / "corpus")
    for case, name in (("pole-a", "Marie"), ("pole-b", "Luc"), ("pole-c", "Anna")):
        (root / "corpus" / case).mkdir(parents=True)
        (root / "corpus" / case / "e1.txt").write_text(
            INTERVIEW.format(name=name), encoding="utf-8"
        )
    (root / "corpus" / "pole-a" / "e2.txt").write_text(LONG, encoding="utf-8")
    cases = "case,nom\n" + "".join(f"{case},{name}\n" for case, name in POLES.items())
    (root / "corpus" / "cases.csv").write_text(cases, encoding="utf-8")
    _run(root, "import", str(root / "corpus"))
    with find_project(root).open_store() as store:
        for case in ("pole-a", "pole-b"):
            stored = store.document(f"{case}/e1.txt")
            assert stored is not None
            start = stored.text.index("nous avons des locaux partagés")
            store.add_codings([Coding(stored.name, start, start + 30, "COOP.LIEU", "anne")])
    return root


def _share_bases(root: Path) -> dict[str, dict[str, str]]:
    """`matrix --level 1 --value share`: case → its interviews, coded ones and base."""
    out = _run(root, "matrix", "--level", "1", "--value", "share", "--format", "csv").stdout
    return {row["case"]: row for row in csv.DictReader(io.StringIO(out[out.index("case,") :]))}


def _html_rows(text: str, after: str) -> dict[str, list[str]]:
    """The rows of the first table after ``after``: label → cells."""
    table = text[text.index(after) :]
    table = table[: table.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S):
        cells = [_plain(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
        rows[cells[0]] = cells[1:]
    return rows


def _markdown_rows(text: str, heading: str) -> tuple[dict[str, list[str]], str]:
    """The rows of the first table after ``heading``, and the first paragraph after it."""
    lines = text.splitlines()
    rows: dict[str, list[str]] = {}
    for line in lines[lines.index(heading) + 1 :]:
        if line.startswith("|"):
            cells = [_plain(c) for c in line.strip("|").split("|")]
            rows[cells[0]] = cells[1:]
        elif rows and line.strip():
            return rows, _plain(line)
    return rows, ""


CODED_HEADINGS = [
    "Entretiens codés",
    "Segments des entretiens codés",
    "Mots des entretiens codés",
    "Codeurs",
]


def _expected_rows(root: Path, synthesis: Synthesis) -> dict[str, list[str]]:
    """Per pole, as `matrix --value share` and the base rows under the tables give them."""
    shares = _share_bases(root)
    under = _html_rows(render_html(synthesis, "annexe"), "Entretiens qui abordent chaque axe")
    expected = {}
    for index, (case, name) in enumerate(POLES.items()):
        coded, total = int(shares[case]["coded_interviews"]), int(shares[case]["interviews"])
        segments = shares[case]["base_segments"] if coded else "—"
        words = under["Base : mots des entretiens codés"][index]
        coders = "1" if coded else "—"
        expected[name] = [f"{coded} sur {total}", segments, words, coders]
    return expected


def test_the_annex_bases_are_those_of_the_coded_interviews(partly: Path) -> None:
    synthesis = _synthesis(partly)
    expected = _expected_rows(partly, synthesis)
    # pole-a's second interview left out: its 2 segments, not the pole's 5
    assert expected["Pôle Alpha"][:2] == ["1 sur 2", "2"]
    assert int(synthesis.bases.loc["pole-a", "segments"]) == 5
    html = render_html(synthesis, "annexe")
    rows = _html_rows(html, "<h3>Bases des chiffres</h3>")
    assert rows["Pôle"] == CODED_HEADINGS
    assert {name: rows[name] for name in POLES.values()} == expected
    after = html[html.index("<h3>Bases des chiffres</h3>") :]
    after = _plain(after[after.index("</table>") : after.index("</section>")])
    assert after.startswith("Bases : les entretiens codés seulement"), after
    markdown = render_markdown(synthesis, partly / "outputs" / "report")
    rows, note = _markdown_rows(markdown, "### Bases des chiffres")
    assert rows["Pôle"] == CODED_HEADINGS
    assert {name: rows[name] for name in POLES.values()} == expected
    assert note.startswith("Bases : les entretiens codés seulement"), note


def test_the_workbook_s_bases_sheet_is_of_the_coded_interviews(
    partly: Path, tmp_path: Path
) -> None:
    synthesis = _synthesis(partly)
    path = write_workbook(synthesis, tmp_path / "matrices.xlsx")
    sheet = openpyxl.load_workbook(path)["bases"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Pôle", "Entretiens", *CODED_HEADINGS]
    shares = _share_bases(partly)
    found = {row[0]: row[1:] for row in rows[1:]}
    for case, name in POLES.items():
        share = shares[case]
        coded = int(share["coded_interviews"])
        assert found[name][:3] == [
            int(share["interviews"]),
            coded,
            int(share["base_segments"]) if coded else None,  # no base, not 0
        ]
    words = _html_rows(render_html(synthesis, "annexe"), "Part des mots (en %)")
    assert [str(found[name][3]) for name in ("Pôle Alpha", "Pôle Beta")] == [
        w.replace(" ", "") for w in words["Base : mots des entretiens codés"][:2]
    ]
    assert found["Pôle Gamma"][3:] == [None, None]


def test_reading_the_figures_says_they_rest_on_the_coded_interviews(partly: Path) -> None:
    note = _plain(render_html(_synthesis(partly), "restitution"))
    note = note[note.index("Lire les chiffres.") : note.index("Accord entre codeurs.")]
    assert "rapporté aux entretiens du pôle" not in note
    assert "rapporté aux entretiens codés du pôle" in note
    assert "« non codé » : aucun entretien du pôle n'est encore codé" in note
    assert "avec un entretien codé par pôle, un écart d'un entretien" in note


@pytest.mark.slow  # builds the Word annex
def test_the_word_annex_bases_are_those_of_the_coded_interviews(
    partly: Path, tmp_path: Path
) -> None:
    synthesis = _synthesis(partly)
    expected = _expected_rows(partly, synthesis)
    document = docx.Document(str(write_docx(synthesis, tmp_path / "synthese.docx", "annexe")))
    table = next(
        t
        for t in document.tables
        if t.rows[0].cells[0].text == "Pôle"
        and any(c.text == "Segments des entretiens codés" for c in t.rows[0].cells)
    )
    rows = {_plain(r.cells[0].text): [_plain(c.text) for c in r.cells[1:]] for r in table.rows}
    assert rows["Pôle"] == CODED_HEADINGS
    assert {name: rows[name] for name in POLES.values()} == expected
    text = [p.text for p in document.paragraphs]
    assert any(t.startswith("Ce sur quoi reposent les chiffres de chaque pôle") for t in text)
    word = docx.Document(str(write_docx(synthesis, tmp_path / "r.docx", "restitution")))
    said = _plain(" ".join(p.text for p in word.paragraphs))
    assert "rapporté aux entretiens codés du pôle" in said


# 2. the network chapter's quotations ------------------------------------------------------

SEGMENT = (
    "(rires) Ah, c'est une bonne question. Honnêtement, le pôle, c'est la galaxie des "
    "Ateliers : il y a le soleil, et puis des planètes autour. La météo était mauvaise cette "
    "année-là, la récolte aussi, et nous avons beaucoup parlé du marché du samedi avec les "
    "voisins. Les Ateliers du Val et Val Net Services travaillent ensemble tous les jours "
    "(rires), on partage les camions. Ensuite il y a eu le déménagement, les cartons, la "
    "nouvelle adresse, tout ce que vous imaginez quand une structure change de locaux. "
    "(silence)"
)


def _tie_network(text: str) -> NetworkResult:
    graph = nx.Graph([("Ateliers du Val", "Val Net Services")])
    measures = pole_measures("pole-a", graph)
    reading = read_typology(measures, 1, 0.0, 1, 0)
    governance = {
        "governance_attribute": "—",
        "codes_monocentrique": 0,
        "codes_polycentrique": 0,
        "codes_verticale": 0,
        "codes_horizontale": 0,
        "agreement": "—",
    }
    pole = PoleNetwork("pole-a", "Pôle A", [], graph, measures, reading, 1, 0.0, governance)
    a, b = "Ateliers du Val", "Val Net Services"
    evidence = Evidence("pole-a/directrice.txt", 3, 1000, 1000 + len(text), "co-mention", ())
    mentions = [
        Mention("pole-a", evidence.document, 3, 1000 + text.index(words), 0, member, words)
        for words, member in (("Ateliers du Val", a), ("Val Net Services", b))
    ]
    mentions = [
        Mention(m.case, m.document, m.segment, m.start, m.start + len(m.text), m.member, m.text)
        for m in mentions
    ]
    rows = pd.DataFrame(
        [
            {
                "case": "pole-a",
                "organisation_a": a,
                "organisation_b": b,
                "weight": 1,
                "rule": "co-mention",
                "document": evidence.document,
                "segment": 3,
                "start": evidence.start,
                "end": evidence.end,
                "codes": "COOP",
                "text": text,
            }
        ]
    )
    tie = Tie("pole-a", a, b, [evidence])
    return NetworkResult(
        ("accepted",), [pole], [tie], mentions, rows, None, ("co-mention",), ("COOP",)
    )


def test_a_tie_is_quoted_as_the_other_chapters_quote() -> None:
    chapter = network_chapter(_tie_network(SEGMENT), {"pole-a": "Pôle A"})
    (quote,) = chapter.poles[0].ties
    assert "(rires)" not in quote.text and "(silence)" not in quote.text
    assert "…" not in quote.text.replace("[…]", "")  # « [...] » only where a sentence is cut
    assert (
        "Les Ateliers du Val et Val Net Services travaillent ensemble tous les jours, on "
        "partage les camions." in quote.text
    )
    # whole sentences: none cut, so no « […] » either
    assert "[…]" not in quote.text, quote.text
    assert quote.text[0].isupper() and quote.text.endswith((".", "!", "?"))


def test_a_tie_quoted_in_the_annex_html_and_markdown(partly: Path) -> None:
    synthesis = _synthesis(partly)
    synthesis.network = network_chapter(_tie_network(SEGMENT), {"pole-a": "Pôle A"})
    html = _plain(render_html(synthesis, "annexe"))
    markdown = _plain(render_markdown(synthesis, partly / "outputs" / "report"))
    for text in (html, markdown):
        chapter = text[text.index("Réseaux de coopération") :]
        assert "« Les Ateliers du Val et Val Net Services travaillent ensemble" in chapter
        assert "(rires)" not in chapter and "» … »" not in chapter and "« … " not in chapter


# 3. the consensus of one coder's coding ----------------------------------------------------


def test_one_coder_s_coding_is_what_the_consensus_replaces(partly: Path) -> None:
    synthesis = _synthesis(partly, CoderSelection((), "consensus"))
    cover = _plain(render_html(synthesis, "restitution"))
    assert (
        "sa décision commune (le consensus, enregistré sous le nom « consensus ») remplace le "
        "codage d'anne." in cover
    )
    assert "remplace leurs codages" not in cover
    glossary = dict(synthesis.glossary())
    assert "leurs codages" not in glossary["Consensus"]
    assert glossary["Consensus"].endswith(
        "elle y remplace le codage de la seule personne dont ce document compte le codage."
    )


# 4. the consensus decisions a codebook change set aside -----------------------------------


@pytest.fixture
def set_aside(invoke, imported: Path) -> Path:  # type: ignore[no-untyped-def]
    """S37 M1's trial: a consensus « no » on COOP.ACHATS at a2, where both coders coded
    COOP.LIEU; `codebook merge COOP.LIEU COOP.ACHATS --into COOP.MUTUALISATION` sets it
    aside."""
    spans = segment_spans(invoke, imported)
    alice = [("COOP.LIEU", "a2"), ("COOP.ACHATS", "a2"), ("ECO.PUBLIC", "a5")]
    for coder, items in (("alice", alice), ("bob", [("COOP.LIEU", "a2"), ("ECO.PUBLIC", "a5")])):
        write_codings(imported / f"{coder}.csv", coder, items, spans)
        result = invoke("codings", "import", str(imported / f"{coder}.csv"))
        assert result.exit_code == 0, result.output
    decide(invoke, imported, {("COOP.ACHATS", "Oui, nous avon"): "no"})
    merged = invoke("codebook", "merge", "COOP.LIEU", "COOP.ACHATS", "--into", "COOP.MUTUALISATION")
    assert merged.exit_code == 0, merged.output
    assert "1 consensus « no » of consensus set aside" in merged.output
    return imported


def test_the_method_says_the_decisions_a_change_set_aside(invoke, set_aside: Path) -> None:  # type: ignore[no-untyped-def]
    synthesis = _synthesis(set_aside, CoderSelection((), "consensus"))
    said = "1 décision « non » du consensus (consensus) a été mise de côté par la modification du "
    change = "(fusion de COOP.LIEU et COOP.ACHATS dans COOP.MUTUALISATION)"
    html = _plain(render_html(synthesis, "annexe"))
    markdown = _plain(render_markdown(synthesis, set_aside / "outputs" / "report"))
    for text in (html, markdown.replace("\\", "")):
        method = text[text.index("Évolution de la grille") :]
        assert said in method and change in method, method[:1500]
        assert "`ptce-coding codebook undo`" in method
        assert "comptent de nouveau" in method
    restitution = _plain(render_html(synthesis, "restitution"))
    note = restitution[restitution.index("Codage.") : restitution.index("Lire les chiffres.")]
    assert (
        "1 décision de consensus a été mise de côté par une modification de la grille de codage "
        "(fusion de COOP.LIEU et COOP.ACHATS dans COOP.MUTUALISATION, " in note
    )
    # undone, the decision is back: nothing set aside to say
    result = invoke("codebook", "undo")
    assert result.exit_code == 0, result.output
    undone = _synthesis(set_aside, CoderSelection((), "consensus"))
    assert "mise de côté" not in _plain(render_html(undone, "annexe"))
    assert "mise de côté" not in _plain(render_html(undone, "restitution"))


# 5. the units the agreement left out where a coder stopped --------------------------------


def test_the_agreement_part_says_what_a_coder_s_stop_left_out(invoke, tmp_project: Path) -> None:  # type: ignore[no-untyped-def]
    """S37 G's case: bob codes the first six of twelve turns of an interview and stops; the
    agreement compares the first six. The report said nothing of the six left out."""
    numbers = code(invoke, tmp_project, {"alice": ALICE, "bob": BOB[:6]})
    synthesis = _synthesis(tmp_project)
    interview = synthesis.names.interview(DOCUMENT)
    said = (
        f"Dans {interview}, le codage de bob s'arrête au segment {numbers['u5']} (unité 6 sur "
        f"12) quand celui d'alice continue : les 6 unités suivantes (segments {numbers['u6']} à "
        f"{numbers['u11']}, dont 6 codées par alice) sont laissées hors de la comparaison "
        "d'alice et de bob"
    )
    html = _plain(render_html(synthesis, "annexe"))
    markdown = _plain(render_markdown(synthesis, tmp_project / "outputs" / "report"))
    for text in (html, markdown.replace("\\", "")):
        agreement = text[text.index("Accord entre codeurs") :]
        assert said in agreement, agreement[:2000]
        assert "`ptce-coding agreement --whole-documents` compte toutes les unités" in agreement
    restitution = _plain(render_html(synthesis, "restitution"))
    note = restitution[restitution.index("Accord entre codeurs.") :]
    assert "Pour 1 entretien, la comparaison s'arrête là où un codeur a visiblement cessé" in note
