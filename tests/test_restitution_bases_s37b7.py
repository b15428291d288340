"""The bases under the report's « k/N » tables are those of the interviews N counts (session
37, helper B7): while coding is under way, the segments and words of the coded interviews
(``analysis.matrices.coded_documents``, as `matrix --value share` reads them), « k sur N »
coded interviews, « — » for a pole none of whose interviews is coded, and a note under the
table that says so; alike in HTML, Word and Markdown."""

from __future__ import annotations

import csv
import html as html_lib
import io
import re
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli

DATA = Path(__file__).parent / "data"
CASES = (
    "case,nom,statut\n"
    "pole-a,Pôle Alpha,association\n"
    "pole-b,Pôle Beta,association\n"
    "pole-c,Pôle Gamma,SCIC\n"
)
POLES = {"pole-a": "Pôle Alpha", "pole-b": "Pôle Beta", "pole-c": "Pôle Gamma"}
INTERVIEW = (
    "Enquêtrice : Est-ce que vous partagez des locaux ?\n\n"
    "{name} : Oui, nous avons des locaux partagés depuis longtemps avec les autres "
    "structures du pôle, et les achats groupés suivent depuis deux ans.\n\n"
    "Enquêtrice : Et le financement ?\n\n"
    "{name} : Nous avons répondu à deux appels à projets de la Région cette année.\n"
)
LONG = (  # pole-a's second interview, not coded: more segments and words than the coded one
    "Enquêtrice : Et alors ?\n\n"
    "Paul : Nous avons parlé de la météo dans la vallée toute la matinée, puis du marché.\n\n"
    "Paul : Ensuite nous sommes allés voir les bâtiments de l'ancienne usine au bord de l'eau.\n\n"
    "Paul : Le soir, nous avons dîné tous ensemble chez le maire du village voisin.\n"
)
SEGMENTS = "Base : segments des entretiens codés"
WORDS = "Base : mots des entretiens codés"
INTERVIEWS = "Base : entretiens codés"
NOTE = "Bases : les entretiens codés seulement"


def _run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, [*args, "--project", str(root)])
    assert result.exit_code == 0, result.output
    return result


def _code(root: Path, document: str, words: str, code: str) -> None:
    with find_project(root).open_store() as store:
        stored = store.document(document)
        assert stored is not None, document
        start = stored.text.index(words)
        store.add_codings([Coding(document, start, start + len(words), code, "anne")])


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pole-a: two interviews, one coded; pole-b: its one interview coded; pole-c: its one
    interview not coded. anne codes by hand; `report` has run."""
    root = tmp_path_factory.mktemp("b7") / "study"
    CliRunner().invoke(cli, ["init", str(root)])
    shutil.copyfile(DATA / "codebook.yaml", root / "codebooks" / "ptce.yaml")
    shutil.rmtree(root / "corpus")
    for case, name in (("pole-a", "Marie"), ("pole-b", "Luc"), ("pole-c", "Anna")):
        (root / "corpus" / case).mkdir(parents=True)
        (root / "corpus" / case / "e1.txt").write_text(
            INTERVIEW.format(name=name), encoding="utf-8"
        )
    (root / "corpus" / "pole-a" / "e2.txt").write_text(LONG, encoding="utf-8")
    (root / "corpus" / "cases.csv").write_text(CASES, encoding="utf-8")
    _run(root, "import", str(root / "corpus"))
    for case in ("pole-a", "pole-b"):
        _code(root, f"{case}/e1.txt", "nous avons des locaux partagés", "COOP.LIEU")
    _run(root, "report")
    return root


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _html_table(path: Path, after: str) -> dict[str, list[str]]:
    """The rows of the first table after the text ``after``: label → cells."""
    text = path.read_text(encoding="utf-8")
    table = text[text.index(after) :]
    table = table[: table.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S):
        cells = [
            _clean(html_lib.unescape(re.sub(r"<[^>]+>", "", c)))
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows


def _html_after_table(path: Path, after: str) -> str:
    """The paragraph that follows the first table after ``after``."""
    text = path.read_text(encoding="utf-8")
    rest = text[text.index(after) :]
    rest = rest[rest.index("</table>") + len("</table>") :]
    return _clean(html_lib.unescape(re.sub(r"<[^>]+>", "", rest[: rest.index("</p>")])))


def _word_table(path: Path, first: str) -> tuple[dict[str, list[str]], str]:
    """The rows of the first Word table whose first column is headed ``first``, and the
    paragraph after it."""
    document = docx.Document(str(path))
    body = list(document.element.body.iterchildren())
    for index, element in enumerate(body):
        if not element.tag.endswith("}tbl"):
            continue
        table = docx.table.Table(element, document)
        if table.rows[0].cells[0].text != first:
            continue
        rows = {_clean(r.cells[0].text): [_clean(c.text) for c in r.cells[1:]] for r in table.rows}
        after = (  # Word puts an empty paragraph after a table
            docx.text.paragraph.Paragraph(e, document).text
            for e in body[index + 1 : index + 3]
            if e.tag.endswith("}p")
        )
        return rows, _clean(next((text for text in after if text.strip()), ""))
    raise AssertionError(f"no Word table headed {first!r}")


def _markdown_table(path: Path, heading: str) -> tuple[dict[str, list[str]], str]:
    """The rows of the first table after ``heading`` in the Markdown annex, and the first
    paragraph after it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(heading)
    rows: dict[str, list[str]] = {}
    note = ""
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            cells = [_clean(c) for c in line.strip("|").split("|")]
            rows[cells[0]] = cells[1:]
        elif rows and line.strip():
            note = _clean(line)
            break
    return rows, note


def _share_bases(root: Path) -> dict[str, dict[str, str]]:
    """`matrix --level 1 --value share`: case → its interviews, coded ones and base."""
    out = _run(root, "matrix", "--level", "1", "--value", "share", "--format", "csv").stdout
    start = out.index("case,")
    return {row["case"]: row for row in csv.DictReader(io.StringIO(out[start:]))}


def _expected(root: Path) -> tuple[list[str], list[str]]:
    """The segment bases and « k sur N » per pole, in the tables' order, from `matrix`."""
    shares = _share_bases(root)
    segments, interviews = [], []
    for case in POLES:
        coded, total = int(shares[case]["coded_interviews"]), int(shares[case]["interviews"])
        segments.append(shares[case]["base_segments"] if coded else "—")
        interviews.append(f"{coded} sur {total}")
    return segments, interviews


@pytest.mark.slow  # the whole report: charts, Word documents
def test_the_restitution_s_axis_table_rests_on_the_coded_interviews(study: Path) -> None:
    segments, interviews = _expected(study)
    folder = study / "outputs" / "report"
    after = "Comparaison des pôles, axe par axe"
    html = _html_table(folder / "restitution.html", after)
    word, word_note = _word_table(folder / "restitution.docx", "Axe")
    for rows in (html, word):
        assert rows["Axe"] == list(POLES.values())
        assert rows["Coopération"] == ["1/1", "1/1", "non codé"]
        assert rows.get(SEGMENTS) == segments, rows
        assert rows.get(INTERVIEWS) == interviews, rows
        assert rows[WORDS][2] == "—"  # pole-c: nothing coded, no base
        assert "Base : segments de parole" not in rows  # all the pole's interviews: not N's
    # the words of the coded interviews: the annex's shares of words divide by them
    annex = _html_table(folder / "synthese.html", "Part des mots (en %)")
    assert html[WORDS][:2] == annex[WORDS][:2] == word[WORDS][:2]
    html_note = _html_after_table(folder / "restitution.html", after)
    for note in (html_note, word_note):
        assert note.startswith(NOTE), note
        assert "« — » : aucun entretien du pôle n'est encore codé" in note


@pytest.mark.slow  # the whole report: charts, Word documents
def test_the_annex_k_of_n_tables_say_the_same_bases_in_every_format(study: Path) -> None:
    segments, interviews = _expected(study)
    folder = study / "outputs" / "report"
    markdown, md_note = _markdown_table(
        folder / "synthese.md", "### Entretiens qui abordent chaque axe"
    )
    html = _html_table(folder / "synthese.html", "Entretiens qui abordent chaque axe")
    for rows in (markdown, html):
        assert rows.get(SEGMENTS) == segments, rows
        assert rows.get(INTERVIEWS) == interviews, rows
    assert md_note.startswith(NOTE), md_note
    # the axis chapter's table: « 1 (1/1) » over the coded interviews' segments
    chapter, chapter_note = _markdown_table(folder / "synthese.md", "## Coopération")
    word, word_note = _word_table(folder / "synthese.docx", "Code")
    for rows in (chapter, word):
        assert rows.get(SEGMENTS) == segments, rows
        assert rows.get(INTERVIEWS) == interviews, rows
        assert rows["Codeurs"][2] == "—", rows
    for note in (chapter_note, word_note):
        assert note.startswith(NOTE), note
