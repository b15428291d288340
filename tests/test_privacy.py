"""Pseudonymisation: detection, project-wide pseudonyms, review, --anonymise exports."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result
from spacy.tokens import Doc

from ptce_coding.app.project import load_project
from ptce_coding.privacy.detect import Detection, detect, pattern_detections
from ptce_coding.privacy.pseudonyms import build_entities

DATA = Path(__file__).parent / "data" / "privacy"
LISTED = (
    "Anne Hurand",
    "Hurand",
    "Paul Ferrand",
    "Ferrand",
    "Coopérative des Glaciers",
    "Vernasse",
    "anne.hurand@glaciers.example.org",
    "06 12 34 56 78",
)


@pytest.fixture
def private_project(tmp_project: Path, invoke: Callable[..., Result]) -> Path:
    """The test project with the privacy corpus imported and a names list in private/."""
    shutil.rmtree(tmp_project / "corpus")
    shutil.copytree(DATA / "corpus", tmp_project / "corpus")
    (tmp_project / "private").mkdir()
    shutil.copyfile(DATA / "names.csv", tmp_project / "private" / "names.csv")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    return tmp_project


def _texts(root: Path) -> dict[str, str]:
    with load_project(root).open_store(create=False) as store:
        return store.document_texts()


def _review_and_apply(invoke: Callable[..., Result], root: Path) -> Path:
    review = root / "private" / "revue.xlsx"
    result = invoke("pseudonymise", "--review", str(review), "--no-model")
    assert result.exit_code == 0, result.output
    result = invoke("pseudonymise", "--apply", str(review))
    assert result.exit_code == 0, result.output
    return review


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("06 12 34 56 78", "phone"),
        ("06.12.34.56.78", "phone"),
        ("0612345678", "phone"),
        ("+33 6 12 34 56 78", "phone"),
        ("+33 (0)6 12 34 56 78", "phone"),
        ("0033 6 12 34 56 78", "phone"),
        ("anne.hurand@glaciers.example.org", "email"),
        ("https://glaciers.example.org/pole", "url"),
        ("www.glaciers.fr", "url"),
    ],
)
def test_contact_patterns(value: str, kind: str) -> None:
    text = f"Écrivez ou appelez : {value}. Merci."
    found = [d for d in pattern_detections("doc", text) if d.kind != "person"]
    assert [(d.kind, d.text) for d in found] == [(kind, value)]
    assert text[found[0].start : found[0].end] == value


def test_numbers_that_are_not_phones() -> None:
    text = "entre 2013 et 2015, 45 salariés, 12 34 56 78 ETP, le 06 12 34 56 au matin"
    assert [d for d in pattern_detections("doc", text) if d.kind == "phone"] == []


def test_variants_grouped_and_consistent_across_documents() -> None:
    texts = {
        "a.txt": "Anne Hurand : bonjour. Anne Hurand dirige, Paul Ferrand compte.",
        "b.txt": "Paul Ferrand : Mme Hurand et Anne viennent. Paul aussi.",
    }
    detections = detect(texts, {"a.txt": {"Anne Hurand"}, "b.txt": {"Paul Ferrand"}})
    detections.append(Detection("b.txt", 38, 42, "Anne", "person", "model"))
    entities = build_entities(detections, texts=texts)
    persons = {e.name: e for e in entities if e.kind == "person"}
    assert set(persons) == {"Anne Hurand", "Paul Ferrand"}
    assert set(persons["Anne Hurand"].variants) == {"Anne Hurand", "Hurand", "Anne"}
    assert "Paul" in persons["Paul Ferrand"].variants
    assert persons["Anne Hurand"].pseudonym != persons["Paul Ferrand"].pseudonym
    assert {e.pseudonym for e in persons.values()} == {"Personne 1", "Personne 2"}


def test_ambiguous_first_name_is_not_guessed() -> None:
    texts = {"a.txt": "Anne Hurand et Anne Martel. Anne parle."}
    detections = [
        Detection("a.txt", 0, 11, "Anne Hurand", "person", "model"),
        Detection("a.txt", 15, 26, "Anne Martel", "person", "model"),
        Detection("a.txt", 28, 32, "Anne", "person", "model"),
    ]
    entities = build_entities(detections, texts=texts)
    assert len([e for e in entities if e.kind == "person"]) == 3


def test_review_workbook_one_row_per_name(
    private_project: Path, invoke: Callable[..., Result]
) -> None:
    review = private_project / "private" / "revue.xlsx"
    result = invoke("pseudonymise", "--review", str(review), "--no-model")
    assert result.exit_code == 0, result.output
    assert "Keep, drop or change each row" in result.output
    sheet = openpyxl.load_workbook(review)["review"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    anne = [r for r in rows if r["name"] == "Anne Hurand"]
    assert len(anne) == 1
    anne_row = anne[0]
    assert anne_row["pseudonym"] == "Directrice du pôle" and anne_row["decision"] == "keep"
    assert set(anne_row["variants"].split(" | ")) == {"Anne Hurand", "Hurand", "Anne"}
    # 2 labels + « Mme Hurand » + « Anne » + the e-mail's « hurand » is not a name (lower case)
    assert anne_row["occurrences"] == 4 and anne_row["documents"] == 2
    assert "[Anne Hurand]" in anne_row["example"]
    phones = [r for r in rows if r["kind"] == "phone"]
    assert len(phones) == 2 and {r["pseudonym"] for r in phones} == {"Téléphone 1", "Téléphone 2"}
    again = invoke("pseudonymise", "--review", str(review), "--no-model")
    assert again.exit_code == 1 and "may hold your decisions" in again.output


def test_anonymised_exports_name_nobody_and_keep_codings_on_their_words(
    private_project: Path, invoke: Callable[..., Result], tmp_path: Path
) -> None:
    before = _texts(private_project)
    document = "pole-nord/directrice.txt"
    text = before[document]
    start = text.index("Mon adjoint")
    end = text.index("des comptes.") + len("des comptes.")
    codings = tmp_path / "codings.csv"
    codings.write_text(
        f"document,start,end,code,coder\n{document},{start},{end},COOP,alice\n"
        f"{document},{text.index('Hurand :') + 2},{text.index('Je dirige') + 9},ECO,alice\n",
        encoding="utf-8",
    )
    assert invoke("codings", "import", str(codings)).exit_code == 0
    _review_and_apply(invoke, private_project)

    exported = tmp_path / "out.csv"
    result = invoke("codings", "export", str(exported), "--anonymise")
    assert result.exit_code == 0, result.output
    content = exported.read_text(encoding="utf-8")
    assert not [name for name in LISTED if name in content]
    import pandas as pd

    frame = pd.read_csv(exported).sort_values("code")
    pseudonymised = [(r.start, r.end, r.text) for r in frame.itertuples()]
    assert pseudonymised[0][2] == "Mon adjoint, Personne 1, s'occupe des comptes."
    # a coding starting inside « Hurand » now starts at the pseudonym: same words covered
    assert pseudonymised[1][2] == "Directrice du pôle : Je dirige"

    segments = tmp_path / "segments.xlsx"
    assert invoke("segments", "export", str(segments), "--anonymise").exit_code == 0
    sheet = openpyxl.load_workbook(segments)["segments"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [name for name in LISTED if any(name in cell for cell in cells)]
    speakers = {row[5].value for row in sheet.iter_rows(2)}
    assert {"Directrice du pôle", "Personne 1", "Enquêtrice"} <= speakers
    assert _texts(private_project) == before  # the store never changes


@pytest.mark.slow  # matplotlib figures
def test_anonymised_report_and_qdpx(
    private_project: Path, invoke: Callable[..., Result], tmp_path: Path
) -> None:
    before = _texts(private_project)
    text = before["pole-sud/tresorier.txt"]
    codings = tmp_path / "codings.csv"
    start = text.index("Avec Mme Hurand")
    end = text.index("très présente.") + len("très présente.")
    codings.write_text(
        f"document,start,end,code,coder\npole-sud/tresorier.txt,{start},{end},COOP,alice\n",
        encoding="utf-8",
    )
    assert invoke("codings", "import", str(codings)).exit_code == 0
    _review_and_apply(invoke, private_project)
    result = invoke("report", "--anonymise")
    assert result.exit_code == 0, result.output
    folder = private_project / "outputs" / "report"
    html = (folder / "synthese-anonyme.html").read_text(encoding="utf-8")
    assert "Avec Mme Directrice du pôle, on se voit chaque mois à Commune 1" in html
    workbook = openpyxl.load_workbook(folder / "matrices-anonyme.xlsx")
    cells = [str(c.value) for s in workbook for row in s.iter_rows() for c in row if c.value]
    assert any("Directrice du pôle" in cell for cell in cells)
    # the poles and interviews by the report's neutral names, not by their folders and files
    assert not [cell for cell in cells if "pole-" in cell or ".txt" in cell]
    assert {"Pôle A", "Pôle B", "Entretien B1"} <= set(cells)
    for content in [html, (folder / "synthese-anonyme.md").read_text(encoding="utf-8"), *cells]:
        assert not [name for name in LISTED if name in content]
    with zipfile.ZipFile(folder / "synthese-anonyme.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "Directrice du pôle" in body and "Hurand" not in body

    qdpx = tmp_path / "partage.qdpx"
    assert invoke("export", "qdpx", str(qdpx), "--anonymise").exit_code == 0
    with zipfile.ZipFile(qdpx) as archive:
        everything = "\n".join(
            archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
        )
    assert not [name for name in LISTED if name in everything]
    assert "Directrice du pôle" in everything
    assert _texts(private_project) == before


def test_researcher_changes_and_drops(
    private_project: Path, invoke: Callable[..., Result], tmp_path: Path
) -> None:
    review = private_project / "private" / "revue.xlsx"
    assert invoke("pseudonymise", "--review", str(review), "--no-model").exit_code == 0
    workbook = openpyxl.load_workbook(review)
    sheet = workbook["review"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(2):
        values = dict(zip(header, row, strict=True))
        if values["name"].value == "Paul Ferrand":
            values["pseudonym"].value = "Trésorier"
        if values["name"].value == "Vernasse":
            values["decision"].value = "drop"
    workbook.save(review)
    assert invoke("pseudonymise", "--apply", str(review)).exit_code == 0
    out = tmp_path / "segments.csv"
    assert invoke("segments", "export", str(out), "--anonymise").exit_code == 0
    content = out.read_text(encoding="utf-8")
    assert "Trésorier : " not in content  # labels are not in segment texts…
    assert "Trésorier" in content and "Paul" not in content  # …but speakers and names are
    assert "Vernasse" in content  # dropped: left as it is


def test_bad_review_rows_are_listed_and_nothing_applied(
    private_project: Path, invoke: Callable[..., Result]
) -> None:
    review = private_project / "private" / "revue.xlsx"
    assert invoke("pseudonymise", "--review", str(review), "--no-model").exit_code == 0
    workbook = openpyxl.load_workbook(review)
    workbook["review"]["B2"].value = "peut-être"
    workbook["review"]["E3"].value = ""
    workbook.save(review)
    result = invoke("pseudonymise", "--apply", str(review))
    assert result.exit_code == 1
    assert "row 2: decision must be keep or drop, not 'peut-être'" in result.output
    assert "row 3: a kept name needs a pseudonym" in result.output
    assert not (private_project / "private" / "pseudonyms.csv").exists()


def test_names_list_errors_are_located(
    private_project: Path, invoke: Callable[..., Result]
) -> None:
    names = private_project / "private" / "names.csv"
    names.write_text("name,kind\nAnne Hurand,person\nGlaciers,entreprise\n", encoding="utf-8")
    result = invoke("pseudonymise", "--review", "private/x.xlsx", "--no-model")
    assert result.exit_code == 1
    assert "names.csv, line 3: unknown kind 'entreprise' for 'Glaciers'" in result.output
    assert "Traceback" not in result.output


def test_options_are_exclusive(private_project: Path, invoke: Callable[..., Result]) -> None:
    result = invoke("pseudonymise")
    assert result.exit_code == 1 and "either --review FILE.xlsx or --apply" in result.output


def test_warns_when_private_is_not_git_ignored(
    private_project: Path, invoke: Callable[..., Result]
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(private_project)], check=True)
    result = invoke(
        "pseudonymise", "--review", str(private_project / "private" / "a.xlsx"), "--no-model"
    )
    assert result.exit_code == 0
    assert "is inside a git repository and is not ignored" in result.output
    (private_project / ".gitignore").write_text("private/\n", encoding="utf-8")
    result = invoke(
        "pseudonymise", "--review", str(private_project / "private" / "b.xlsx"), "--no-model"
    )
    assert "not ignored" not in result.output


def test_repository_ignores_private() -> None:
    gitignore = Path(__file__).parent.parent / ".gitignore"
    assert "/private/" in gitignore.read_text(encoding="utf-8").split()


@pytest.mark.slow  # the French spaCy model
def test_model_finds_names_the_lists_do_not(
    private_project: Path, invoke: Callable[..., Result]
) -> None:
    (private_project / "private" / "names.csv").unlink()
    review = private_project / "private" / "revue.xlsx"
    result = invoke("pseudonymise", "--review", str(review))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(review)["review"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    anne = next(r for r in rows if r["name"] == "Anne Hurand")
    assert anne["kind"] == "person" and {"Anne", "Hurand"} <= set(anne["variants"].split(" | "))
    assert any(r["name"] == "Paul Ferrand" and r["kind"] == "person" for r in rows)
    assert "speaker" in anne["sources"]


@pytest.mark.slow  # matplotlib figures
def test_listed_case_names_are_renamed_everywhere(
    private_project: Path, invoke: Callable[..., Result], tmp_path: Path
) -> None:
    names = private_project / "private" / "names.csv"
    names.write_text(
        names.read_text(encoding="utf-8") + "pole-nord,organisation,pole-a\n", encoding="utf-8"
    )
    invoke("memo", "add", "--case", "pole-nord", "Anne Hurand y tient tout.")
    text = _texts(private_project)["pole-nord/directrice.txt"]
    start = text.index("Je dirige")
    end = text.index("des comptes.") + len("des comptes.")  # a quotation long enough to show
    codings = tmp_path / "codings.csv"
    codings.write_text(
        f"document,start,end,code,coder\npole-nord/directrice.txt,{start},{end},COOP,a\n",
        encoding="utf-8",
    )
    assert invoke("codings", "import", str(codings)).exit_code == 0
    _review_and_apply(invoke, private_project)
    out = tmp_path / "segments.csv"
    assert invoke("segments", "export", str(out), "--anonymise").exit_code == 0
    content = out.read_text(encoding="utf-8")
    assert "pole-a/directrice.txt,pole-a," in content and "pole-nord" not in content
    assert invoke("report", "--anonymise").exit_code == 0
    html = (private_project / "outputs" / "report" / "synthese-anonyme.html").read_text(
        encoding="utf-8"
    )
    assert "pole-nord" not in html and "pole-a" not in html  # no slug, even pseudonymised
    assert "Mémo sur Pôle A" in html  # a neutral label instead of the pole's name
    restitution = (private_project / "outputs" / "report" / "restitution-anonyme.html").read_text(
        "utf-8"
    )
    assert "(Entretien A1, Pôle A)" in restitution  # the quotation's pseudonymised source
    assert "pole-nord" not in restitution and "directrice.txt" not in restitution
    assert "Directrice du pôle y tient tout" in html and "Hurand" not in html
    qdpx = tmp_path / "partage.qdpx"
    assert invoke("export", "qdpx", str(qdpx), "--anonymise").exit_code == 0
    with zipfile.ZipFile(qdpx) as archive:
        project_xml = archive.read("project.qde").decode("utf-8")
    assert "pole-a" in project_xml and "pole-nord" not in project_xml


def test_review_file_must_be_a_workbook(
    private_project: Path, invoke: Callable[..., Result]
) -> None:
    result = invoke("pseudonymise", "--review", "private/revue.csv", "--no-model")
    assert result.exit_code == 1
    assert "revue.csv: the review file must be a workbook" in result.output


@pytest.mark.slow  # several commands on a project (about a second)
def test_second_review_keeps_earlier_decisions_and_pseudonyms(
    private_project: Path, invoke: Callable[..., Result]
) -> None:
    first = private_project / "private" / "revue-1.xlsx"
    assert invoke("pseudonymise", "--review", str(first), "--no-model").exit_code == 0
    workbook = openpyxl.load_workbook(first)
    sheet = workbook["review"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(2):
        cells = dict(zip(header, row, strict=True))
        if cells["name"].value == "Vernasse":
            cells["decision"].value = "drop"
        if cells["name"].value == "Paul Ferrand":
            cells["pseudonym"].value = "Trésorier"
    workbook.save(first)
    assert invoke("pseudonymise", "--apply", str(first)).exit_code == 0
    extra = private_project / "corpus" / "pole-sud" / "secretaire.txt"
    extra.write_text(
        "Enquêteur : Qui ?\n\nJeanne Morel : Paul Ferrand et moi, à Vernasse.\n", encoding="utf-8"
    )
    assert invoke("import", str(private_project / "corpus")).exit_code == 0
    second = private_project / "private" / "revue-2.xlsx"
    assert invoke("pseudonymise", "--review", str(second), "--no-model").exit_code == 0
    sheet = openpyxl.load_workbook(second)["review"]
    header = [c.value for c in sheet[1]]
    rows = {
        r[header.index("name")]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(2, values_only=True)
    }
    assert rows["Vernasse"]["decision"] == "drop" and rows["Vernasse"]["new"] in (None, "")
    assert rows["Paul Ferrand"]["pseudonym"] == "Trésorier"
    assert rows["Jeanne Morel"]["new"] == "yes" and rows["Jeanne Morel"]["decision"] == "keep"
    assert rows["Jeanne Morel"]["pseudonym"] == "Personne 1"  # « Personne 1 » was Paul's: free


class _LabellingPipeline:
    """A stand-in for the NER: labels the given substrings (spaCy's blank French tokeniser)."""

    def __init__(self, labels: dict[str, str]) -> None:
        import spacy

        self.nlp, self.labels = spacy.blank("fr"), labels

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        for text in texts:
            doc = self.nlp(text)
            spans = []
            for surface, label in self.labels.items():
                start = text.find(surface)
                if start >= 0:
                    spans.append(
                        doc.char_span(
                            start, start + len(surface), label=label, alignment_mode="expand"
                        )
                    )
            doc.ents = spans
            yield doc


@pytest.mark.slow  # the French spaCy model
def test_model_entities_cleaned_of_common_words() -> None:
    from ptce_coding.privacy.detect import lowercase_vocabulary, model_detections

    text = "J'ai vu les Pieds Nus. Complètement. Merci Anne Hurand ! ESS. Soixante-dix ans."
    other = "c'est complètement fou, soixante-dix personnes"
    labels = {
        "J'ai": "LOC",
        "Pieds Nus": "PER",
        "Complètement": "PER",
        "Merci Anne Hurand": "PER",
        "ESS": "ORG",
        "Soixante-dix": "LOC",
    }
    documents = {"a.txt": text, "b.txt": other}
    found = model_detections(
        documents, _LabellingPipeline(labels), lowercase_vocabulary(documents.values())
    )
    assert [(d.text, d.kind) for d in found] == [
        ("Pieds Nus", "organisation"),  # an article: not a person
        ("Anne Hurand", "person"),  # « Merci » trimmed
    ]
    assert text[found[1].start : found[1].end] == "Anne Hurand"


def test_a_list_pattern_is_one_entity_with_the_list_pseudonym() -> None:
    from ptce_coding.privacy.names import ListedName

    texts = {"a.txt": "Hurand, Hurrand et Hurand-Petit sont la même personne."}
    listed = [ListedName("re:Hurr?and(?:-Petit)?", "person", "Directrice", "Hurr?and(?:-Petit)?")]
    entities = build_entities(detect(texts, {}, listed), listed, texts=texts)
    assert [(e.pseudonym, e.variants) for e in entities] == [
        ("Directrice", ["re:Hurr?and(?:-Petit)?"])
    ]


def _edited_review(root: Path, invoke: Callable[..., Result], edit: Callable) -> Result:
    review = root / "private" / "revue.xlsx"
    assert invoke("pseudonymise", "--review", str(review), "--no-model").exit_code == 0
    workbook = openpyxl.load_workbook(review)
    sheet = workbook["review"]
    header = [c.value for c in sheet[1]]
    rows = {row[header.index("name")].value: row for row in sheet.iter_rows(2)}
    edit(sheet, header, rows)
    workbook.save(review)
    return invoke("pseudonymise", "--apply", str(review))


def test_a_row_deleted_from_the_review_is_not_a_name_left_in_clear(
    private_project: Path, invoke: Callable[..., Result]
) -> None:
    """Before, a deleted row was applied as if the name had never been found: it stayed in
    clear in every --anonymise export."""

    def delete(sheet, header, rows) -> None:
        sheet.delete_rows(rows["Paul Ferrand"][0].row)

    result = _edited_review(private_project, invoke, delete)
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "1 row(s) deleted from the sheet:" in said and "(Paul Ferrand)" in said
    assert "put the rows back (decision drop leaves a name as it is)" in said
    assert not (private_project / "private" / "pseudonyms.csv").exists()


def test_a_pseudonym_that_is_a_name_of_the_interviews_is_refused(
    private_project: Path, invoke: Callable[..., Result]
) -> None:
    """Another person's name as a pseudonym would name the wrong person in the exports; the
    name's own first name would hide nothing."""

    def misuse(sheet, header, rows) -> None:
        pseudonym = header.index("pseudonym")
        rows["Paul Ferrand"][pseudonym].value = "paul"
        others = [name for name in rows if name not in ("Paul Ferrand", "Vernasse")]
        rows["Vernasse"][pseudonym].value = rows[others[0]][header.index("name")].value
        misuse.other = others[0]

    result = _edited_review(private_project, invoke, misuse)
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert "the pseudonym 'paul' is its own name in the interviews: choose another" in said
    assert f"the pseudonym {misuse.other!r} is how " in said
    assert not (private_project / "private" / "pseudonyms.csv").exists()
