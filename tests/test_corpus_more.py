"""Corpus: .odt, interview attributes, size limit, carrying codings over, readers' offsets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties
from odf.table import Table, TableCell, TableRow
from odf.text import H, P, Span

from ptce_coding.app.project import find_project
from ptce_coding.corpus import read_transcript
from ptce_coding.corpus.carry import carry_over
from ptce_coding.corpus.transcript import segments_of


def write_odt(path: Path) -> None:
    document = OpenDocumentText()
    bold = Style(name="Gras", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    for label, speech in [
        ("Enquêtrice :", " Comment le pôle est-il né ?"),
        ("Paul Roux :", " D’une friche et de l’appel à projets."),
    ]:
        paragraph = P()
        paragraph.addElement(Span(stylename=bold, text=label))
        paragraph.addText(speech)
        document.text.addElement(paragraph)
    document.text.addElement(P(text="Et d'une bande de copains."))
    table = Table()
    for cells in (["Enquêtrice", "Et la gouvernance ?"], ["Paul Roux", "Une SCIC depuis 2014."]):
        row = TableRow()
        for value in cells:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    document.save(str(path))


def pieces(path: Path) -> list[tuple[str | None, bool, str]]:
    transcript = read_transcript(path)
    return [
        (s.speaker, s.interviewer, transcript.text[s.start : s.end])
        for s in segments_of(transcript)
    ]


def test_odt_bold_labels_and_table(tmp_path: Path) -> None:
    path = tmp_path / "entretien.odt"
    write_odt(path)
    assert pieces(path) == [
        ("Enquêtrice", True, "Comment le pôle est-il né ?"),
        ("Paul Roux", False, "D’une friche et de l’appel à projets."),
        ("Paul Roux", False, "Et d'une bande de copains."),
        ("Enquêtrice", True, "Et la gouvernance ?"),
        ("Paul Roux", False, "Une SCIC depuis 2014."),
    ]


def test_front_matter_and_documents_csv_are_attributes(invoke, tmp_project: Path) -> None:
    path = tmp_project / "corpus" / "pole-a" / "elu.md"
    path.write_text(
        "---\nrole: élu\ndate: 2016-03-02\n---\nE : Bonjour.\nR : Bonjour.\n", encoding="utf-8"
    )
    (tmp_project / "corpus" / "documents.csv").write_text(
        "document,role,interviewer\npole-a/elu.md,vice-président,claire\nabsent.txt,x,y\n",
        encoding="utf-8",
    )
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    assert "documents.csv names documents not in the store: absent.txt" in result.output
    with find_project(tmp_project).open_store() as store:
        document = store.document("pole-a/elu.md")
    assert document.text == "E : Bonjour.\nR : Bonjour.\n"
    assert document.attributes == {
        "role": "vice-président",
        "date": "2016-03-02",
        "interviewer": "claire",
    }


def test_a_cases_csv_row_of_no_case_is_said_not_made_a_case(invoke, tmp_project: Path) -> None:
    """A typo in cases.csv (« pole-bb ») made an empty case holding pole-b's attributes,
    without a word, and pole-b had none."""
    (tmp_project / "corpus" / "cases.csv").write_text(
        "case,region\npole-a,Bretagne\npole-bb,Occitanie\n", encoding="utf-8"
    )
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "cases.csv names case(s) with no interview: pole-bb (did you mean pole-b?)" in said
    with find_project(tmp_project).open_store() as store:
        assert store.cases() == {"pole-a": {"region": "Bretagne"}, "pole-b": {}}
    (tmp_project / "corpus" / "cases.csv").write_text(
        "case,region\npole-a,Bretagne\npole-b,Occitanie\n", encoding="utf-8"
    )
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    assert "no interview" not in result.output
    with find_project(tmp_project).open_store() as store:
        assert store.cases()["pole-b"] == {"region": "Occitanie"}


@pytest.mark.slow  # the French spaCy model
def test_matrix_rows_by_attribute(invoke, tmp_project: Path) -> None:
    invoke("import", str(tmp_project / "corpus"))
    invoke("code")
    result = invoke(
        "matrix", "--rows", "laureat", "--level", "1", "--status", "all", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"laureat": "2013", "COOP": 2, "ECO": 2},
        {"laureat": "non", "COOP": 0, "ECO": 1},
    ]
    unknown = invoke("matrix", "--rows", "couleur")
    assert unknown.exit_code == 1
    assert "no attribute 'couleur' on any case or document" in unknown.output
    assert "laureat, region" in unknown.output


def test_size_limit_from_project_settings(invoke, tmp_project: Path) -> None:
    settings_file = tmp_project / "project.yaml"
    settings_file.write_text(
        settings_file.read_text(encoding="utf-8").replace(
            "max_megabytes: 50", "max_megabytes: 0.0001"
        ),
        encoding="utf-8",
    )
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 1
    assert "over the 0.0001 MB limit" in result.output
    with find_project(tmp_project).open_store() as store:
        assert store.counts()["documents"] == 0


def test_folder_with_a_bad_file_imports_the_good_ones(invoke, tmp_project: Path) -> None:
    (tmp_project / "corpus" / "pole-b" / "casse.docx").write_bytes(b"PK\x03\x04garbage")
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 1
    broken = tmp_project / "corpus" / "pole-b" / "casse.docx"  # the whole path (issue 20)
    assert f"1 file(s) could not be imported: {broken}: not a readable .docx" in result.output
    with find_project(tmp_project).open_store() as store:
        assert store.counts()["documents"] == 2


WORDS = st.text(alphabet="abcdeéèô ", min_size=1, max_size=12)


@pytest.mark.slow  # a big hypothesis run
@settings(deadline=None)
@given(
    before=st.lists(WORDS, max_size=5),
    passage=st.text(alphabet="xyzXYZ", min_size=3, max_size=10),
    between=st.lists(WORDS, max_size=5),
    inserted=WORDS,
)
def test_carry_over_follows_the_passage(before, passage, between, inserted) -> None:
    old = " ".join(before) + "[" + passage + "]" + " ".join(between)
    start = old.index("[") + 1
    new = inserted + old.replace(" ".join(between), inserted + " ".join(between), 1)
    moved, lost = carry_over(old, new, [(1, start, start + len(passage))])
    assert lost == []
    new_start, new_end = moved[1]
    assert new[new_start:new_end] == passage


def test_carry_over_loses_a_removed_passage() -> None:
    moved, lost = carry_over("un deux trois", "un trois", [(7, 3, 7), (8, 8, 13)])
    assert lost == [7]
    assert moved == {8: (3, 8)}


@pytest.mark.slow  # a big hypothesis run
@settings(deadline=None, max_examples=40)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Enquêteur", "Anne Morel", "Q", "R"]),
            st.text(
                alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
            ),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_docx_segments_slice_the_text(tmp_path_factory, turns) -> None:
    path = tmp_path_factory.mktemp("docx") / "t.docx"
    document = docx.Document()
    for speaker, speech in turns:
        paragraph = document.add_paragraph()
        paragraph.add_run(speaker + " :").bold = True
        paragraph.add_run(" " + speech)
    document.save(str(path))
    transcript = read_transcript(path)
    for segment in segments_of(transcript):
        piece = transcript.text[segment.start : segment.end]
        assert piece == piece.strip() and piece


def test_docx_bold_title_and_heading_are_no_speakers(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph().add_run("Entretien n°3").bold = True
    document.add_paragraph("Réalisé au siège du pôle.")
    for label, speech in [("Enquêtrice : ", "Vous coordonnez ?"), ("Marie Dupont", "")]:
        paragraph = document.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(speech)
    document.add_paragraph("Oui, depuis 2012.")  # a bold name alone: her words follow
    document.add_paragraph().add_run("Partie 2 – la gouvernance").bold = True
    document.add_paragraph("Le guide prévoit ici une relance.")
    path = tmp_path / "entretien.docx"
    document.save(str(path))
    assert pieces(path) == [
        (None, False, "Entretien n°3"),
        (None, False, "Réalisé au siège du pôle."),
        ("Enquêtrice", True, "Vous coordonnez ?"),
        ("Marie Dupont", False, "Oui, depuis 2012."),
        # a short paragraph all in bold is a heading: it ends her turn
        (None, False, "Partie 2 – la gouvernance"),
        (None, False, "Le guide prévoit ici une relance."),
    ]


def test_docx_heading_style_ends_the_turn(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Paul Roux : On a commencé en 2012.")
    document.add_paragraph("Enquêtrice : Et ensuite ?")
    document.add_heading("La gouvernance", level=2)
    document.add_paragraph("Le guide prévoit une relance.")
    document.add_paragraph("Paul Roux : Une SCIC.")
    path = tmp_path / "entretien.docx"
    document.save(str(path))
    assert pieces(path) == [
        ("Paul Roux", False, "On a commencé en 2012."),
        ("Enquêtrice", True, "Et ensuite ?"),
        (None, False, "La gouvernance"),
        (None, False, "Le guide prévoit une relance."),
        ("Paul Roux", False, "Une SCIC."),
    ]


def test_odt_heading_ends_the_turn(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.text.addElement(P(text="Enquêtrice : Et ensuite ?"))
    document.text.addElement(H(outlinelevel=2, text="La gouvernance"))
    document.text.addElement(P(text="Le guide prévoit une relance."))
    path = tmp_path / "entretien.odt"
    document.save(str(path))
    assert pieces(path) == [
        ("Enquêtrice", True, "Et ensuite ?"),
        (None, False, "La gouvernance"),
        (None, False, "Le guide prévoit une relance."),
    ]


def test_run_on_an_empty_corpus_says_so_and_writes_nothing(invoke, tmp_project: Path) -> None:
    """`run` on a new project wrote an empty report and 16 matrices of nothing."""
    shutil.rmtree(tmp_project / "corpus")
    (tmp_project / "corpus" / "pole-a").mkdir(parents=True)
    (tmp_project / "corpus" / "pole-a" / "vide.docx").write_bytes(b"not a zip")
    result = invoke("run")
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert "nothing to code: the corpus folder" in said and "holds no transcript" in said
    assert "that could be imported (1 failed: pole-a/vide.docx:" in said
    assert "Put each pole's transcripts in a sub-folder of the corpus folder" in said
    assert not (tmp_project / "outputs" / "report").exists()
    assert not list((tmp_project / "outputs").rglob("*.csv"))


@pytest.mark.slow  # `run` codes with the French spaCy model
def test_run_says_what_import_says_of_a_file_and_of_the_tables(invoke, tmp_project: Path) -> None:
    """`run` printed only the files that failed: the words a .docx holds outside its text
    and a cases.csv row naming no case went unsaid."""
    document = docx.Document()
    document.add_paragraph("Enquêtrice : Et les locaux ?")
    answer = document.add_paragraph("Paul : Nous partageons des locaux avec la SCIC.")
    document.add_comment(answer.runs, text="à vérifier", author="Relectrice")
    document.save(str(tmp_project / "corpus" / "pole-b" / "paul.docx"))
    (tmp_project / "corpus" / "cases.csv").write_text(
        "case,region\npole-a,Bretagne\npole-bb,Occitanie\n", encoding="utf-8"
    )
    result = invoke("run")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "added: pole-b/paul.docx: not read: 2 words in comments" in said
    assert "Note: cases.csv names case(s) with no interview: pole-bb (did you mean pole-b?)" in said


def test_rows_of_cases_csv_and_documents_csv_name_what_they_may_mean(
    invoke, tmp_project: Path
) -> None:
    """« Pôle A » (the pole's name, not its folder) got no « did you mean », difflib being too
    far. A documents.csv row naming a file without its folder got none either; since session
    34 it is that document's row when one case has the file (tests/test_bare_document_names.py)."""
    document = next(p for p in (tmp_project / "corpus" / "pole-a").iterdir() if p.is_file())
    (tmp_project / "corpus" / "cases.csv").write_text(
        "case,region\nPôle A,Bretagne\n", encoding="utf-8"
    )
    (tmp_project / "corpus" / "documents.csv").write_text(
        f"document,role\n{document.name},élu\n", encoding="utf-8"
    )
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Pôle A (did you mean pole-a?)" in said
    assert f"{document.name} (did you mean" not in said
    with find_project(tmp_project).open_store() as store:
        assert store.document(f"pole-a/{document.name}").attributes["role"] == "élu"


def test_front_matter_numbers_are_read_as_written(invoke, tmp_project: Path) -> None:
    """YAML 1.1 read a postal code « 01000 » as the octal 512, « 01 » as 1 and a time
    « 14:30 » as the sexagesimal 870: attributes silently changed."""
    path = tmp_project / "corpus" / "pole-a" / "elu.md"
    path.write_text(
        "---\ncp: 01000\ndepartement: 01\nheure: 14:30\nduree: 45\n---\nE : Bonjour.\n",
        encoding="utf-8",
    )
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    with find_project(tmp_project).open_store() as store:
        attributes = store.document("pole-a/elu.md").attributes
    assert attributes == {"cp": "01000", "departement": "01", "heure": "14:30", "duree": 45}
