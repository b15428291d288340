"""Exchanges with the tools researchers use, as those tools write the files: REFI-QDA
projects with dated variables, memos kept in descriptions or linked by ``NoteRef``, empty
selections, sets; codings spreadsheets with a title row or a row pasted twice."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from ptce_coding.app.project import find_project
from ptce_coding.codebook.loader import load_codebook

from .test_refi_support import guid, make_qdpx, project_xml

DOCUMENT = "pole-a/directrice.txt"
TEXT = "Bonjour.\nNous partageons des locaux.\nFin."  # « Nous partageons des locaux. »: 9-36


def qualcoder_like(tmp_path: Path, *, variables: str = "", case: str = "", **more: str) -> Path:
    """A project as QualCoder writes one: a code with two sub-codes, a case of one source,
    and what the test adds: variables, children of the case and of the source
    (``source=``), other cases (``cases=``), elements after <Sources> (``after=``)."""
    body = (
        f'<Users><User guid="{guid(1)}" name="marie"/></Users>'
        "<CodeBook><Codes>"
        f'<Code guid="{guid(10)}" name="Lieux" isCodable="true" color="#FF0000">'
        f'<Code guid="{guid(11)}" name="Partage" isCodable="true" color="#00FF00"/>'
        f'<Code guid="{guid(12)}" name="Bureaux" isCodable="true" color="#FF0000"/>'
        "</Code></Codes></CodeBook>"
        f"{variables}"
        f'<Cases><Case guid="{guid(30)}" name="Marie">{case}'
        f'<SourceRef targetGUID="{guid(40)}"/></Case>{more.get("cases", "")}</Cases>'
        f'<Sources><TextSource guid="{guid(40)}" name="entretien1" '
        f'plainTextPath="internal://{guid(40)}.txt">{more.get("source", "")}</TextSource>'
        f"</Sources>{more.get('after', '')}"
    )
    return make_qdpx(
        tmp_path / "qualcoder.qdpx",
        project_xml(body, origin="QualCoder 3.5"),
        {f"sources/{guid(40)}.txt": TEXT.encode("utf-8")},
    )


def coded(number: int, start: int, end: int, code: int, inside: str = "") -> str:
    """A PlainTextSelection coded with ``code``; ``inside`` goes before its Coding."""
    return (
        f'<PlainTextSelection guid="{guid(number)}" name="" startPosition="{start}" '
        f'endPosition="{end}" creatingUser="{guid(1)}">{inside}'
        f'<Coding guid="{guid(number + 5000)}" creatingUser="{guid(1)}">'
        f'<CodeRef targetGUID="{guid(code)}"/></Coding></PlainTextSelection>'
    )


def stored(root: Path) -> dict:
    with find_project(root).open_store() as store:
        return {
            "documents": {d.name: d.attributes for d in store.documents()},
            "cases": store.cases(),
            "codings": sorted(
                (r.document, r.start, r.end, r.code, r.coder, r.status, r.memo)
                for r in store.coding_rows()
            ),
            "memos": sorted((m.target_kind, m.target, m.text) for m in store.memos()),
        }


# --- .qdpx ------------------------------------------------------------------------------------


def test_dated_variables_are_stored_as_iso_dates(invoke, tmp_project: Path, tmp_path: Path):
    """A DateValue or DateTimeValue (NVivo and QualCoder write them for « date of the
    interview ») crashed the import with a traceback: the store keeps JSON."""
    variables = (
        "<Variables>"
        f'<Variable guid="{guid(20)}" name="date_entretien" typeOfVariable="Date"/>'
        f'<Variable guid="{guid(21)}" name="enregistré" typeOfVariable="DateTime"/>'
        f'<Variable guid="{guid(22)}" name="âge" typeOfVariable="Integer"/>'
        "</Variables>"
    )
    case = (
        f'<VariableValue><VariableRef targetGUID="{guid(20)}"/>'
        "<DateValue>2024-03-01</DateValue></VariableValue>"
        f'<VariableValue><VariableRef targetGUID="{guid(22)}"/>'
        "<IntegerValue>42</IntegerValue></VariableValue>"
    )
    source = (
        f'<VariableValue><VariableRef targetGUID="{guid(21)}"/>'
        "<DateTimeValue>2024-03-01T10:30:00Z</DateTimeValue></VariableValue>"
    )
    path = qualcoder_like(tmp_path, variables=variables, case=case, source=source)
    result = invoke("import", "qdpx", str(path), "--codes", "add")
    assert result.exit_code == 0, result.output
    assert result.exception is None
    found = stored(tmp_project)
    assert found["cases"]["Marie"] == {"date_entretien": "2024-03-01", "âge": 42}
    assert found["documents"]["Marie/entretien1"] == {"enregistré": "2024-03-01T10:30:00+00:00"}


def test_an_empty_selection_is_a_problem_listed_and_left_out_with_partial(
    invoke, tmp_project: Path, tmp_path: Path
):
    """A selection that starts where it ends reached the store, which refused the whole
    import with « falls outside document » and no file named, even with --partial."""
    path = qualcoder_like(tmp_path, source=coded(50, 9, 9, 11) + coded(52, 9, 36, 12))
    result = invoke("import", "qdpx", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "qualcoder.qdpx" in result.output
    assert "selection 9-9: covers no character" in result.output
    assert stored(tmp_project)["documents"] == {}
    result = invoke("import", "qdpx", str(path), "--partial", "--codes", "add")
    assert result.exit_code == 0, result.output
    assert "covers no character" in result.output
    codings = stored(tmp_project)["codings"]
    assert [(c[1], c[2], c[3]) for c in codings] == [(9, 36, "LIEUX.BUREAUX")]


def test_memos_in_descriptions_of_sources_and_cases_are_imported(
    invoke, tmp_project: Path, tmp_path: Path
):
    """QualCoder keeps a file's memo and a case's memo in their <Description> (NVivo a
    source's description): they were lost. Imported once, whatever the number of imports."""
    path = qualcoder_like(
        tmp_path,
        case="<Description>Directrice, entretien long.</Description>",
        source="<Description>Enregistrement coupé à la fin.</Description>" + coded(50, 9, 36, 11),
    )
    for _ in range(2):
        result = invoke("import", "qdpx", str(path), "--codes", "add")
        assert result.exit_code == 0, result.output
    assert stored(tmp_project)["memos"] == [
        ("case", "Marie", "Directrice, entretien long."),
        ("document", "Marie/entretien1", "Enregistrement coupé à la fin."),
    ]


def test_notes_a_code_or_source_refers_to_are_memos_on_it(
    invoke, tmp_project: Path, tmp_path: Path
):
    """A note a code or a source refers to (<NoteRef>, as MAXQDA, NVivo and ATLAS.ti link
    their memos) became a memo on the project; a note of a selection, joined to its coding's
    memo, came a second time as a memo on the project."""
    notes = (
        "<Notes>"
        f'<Note guid="{guid(90)}" name="Journal"><PlainTextContent>Journal de terrain'
        "</PlainTextContent></Note>"
        f'<Note guid="{guid(91)}" name="Commentaire"><PlainTextContent>À revoir'
        "</PlainTextContent></Note>"
        f'<Note guid="{guid(92)}" name="Mémo du code"><PlainTextContent>Les lieux partagés'
        "</PlainTextContent></Note>"
        f'<Note guid="{guid(93)}" name="Mémo du document"><PlainTextContent>Bruit de fond'
        "</PlainTextContent></Note>"
        "</Notes>"
    )
    body = (
        "<CodeBook><Codes>"
        f'<Code guid="{guid(10)}" name="Lieux" isCodable="true">'
        f'<NoteRef targetGUID="{guid(92)}"/></Code></Codes></CodeBook>'
        f'<Sources><TextSource guid="{guid(40)}" name="entretien1" '
        f'plainTextPath="internal://{guid(40)}.txt">'
        + coded(50, 9, 36, 10).replace(
            "</PlainTextSelection>", f'<NoteRef targetGUID="{guid(91)}"/></PlainTextSelection>'
        )
        + f'<NoteRef targetGUID="{guid(93)}"/></TextSource></Sources>'
        + notes
    )
    path = make_qdpx(
        tmp_path / "maxqda.qdpx",
        project_xml(body, origin="MAXQDA 24"),
        {f"sources/{guid(40)}.txt": TEXT.encode("utf-8")},
    )
    result = invoke("import", "qdpx", str(path), "--codes", "add", "--case", "pole-q")
    assert result.exit_code == 0, result.output
    found = stored(tmp_project)
    assert found["memos"] == [
        ("code", "LIEUX", "Les lieux partagés"),
        ("document", "pole-q/entretien1", "Bruit de fond"),
        ("project", "", "Journal de terrain"),
    ]
    assert [c[6] for c in found["codings"]] == ["À revoir"]


def test_a_sub_code_keeps_its_own_colour(invoke, tmp_project: Path, tmp_path: Path):
    """QualCoder gives each code its colour: a sub-code's was dropped (only a top-level code
    kept one); a sub-code of its parent's colour (MAXQDA) still inherits it."""
    path = qualcoder_like(tmp_path, source=coded(50, 9, 36, 11))
    assert invoke("import", "qdpx", str(path), "--codes", "add").exit_code == 0
    book = load_codebook(tmp_project / "codebooks" / "ptce.yaml")
    assert book.get("LIEUX").color == "#FF0000"
    assert book.get("LIEUX.PARTAGE").color == "#00FF00"
    assert book.get("LIEUX.BUREAUX").color is None


def test_sets_are_named_not_dropped_without_a_word(invoke, tmp_project: Path, tmp_path: Path):
    """MAXQDA's document sets and ATLAS.ti's code groups were left out silently."""
    sets = (
        f'<Sets><Set guid="{guid(70)}" name="Vague 2024">'
        f'<MemberSource targetGUID="{guid(40)}"/></Set></Sets>'
    )
    path = qualcoder_like(tmp_path, source=coded(50, 9, 36, 11), after=sets)
    result = invoke("import", "qdpx", str(path), "--codes", "add")
    assert result.exit_code == 0, result.output
    assert "1 set(s) not imported: 'Vague 2024' (1 source(s), 0 code(s))" in result.output
    qdc = tmp_path / "groupes.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti Win 23.4.0"><Codes>'
        f'<Code guid="{guid(80)}" name="code1" isCodable="true"/></Codes>'
        f'<Sets><Set name="code group 1" guid="{guid(81)}">'
        f'<MemberCode targetGUID="{guid(80)}"/></Set></Sets></CodeBook>',
        encoding="utf-8",
    )
    result = invoke("codebook", "import", str(qdc))
    assert result.exit_code == 0, result.output
    assert "1 set(s) of codes not imported" in result.output
    assert "'code group 1'" in result.output


def test_cases_that_hold_no_document_are_said_with_their_attributes(
    invoke, tmp_project: Path, tmp_path: Path
):
    """A focus group's transcript in the case of each participant (NVivo), or a case without
    a text source: the case and its attributes were left out without a word."""
    variables = (
        f'<Variables><Variable guid="{guid(20)}" name="âge" typeOfVariable="Integer"/></Variables>'
    )
    cases = "".join(
        f'<Case guid="{guid(31 + n)}" name="{name}"><VariableValue>'
        f'<VariableRef targetGUID="{guid(20)}"/><IntegerValue>{age}</IntegerValue>'
        f"</VariableValue>{refs}</Case>"
        for n, (name, age, refs) in enumerate(
            [("Paul", 40, f'<SourceRef targetGUID="{guid(40)}"/>'), ("Lina", 50, "")]
        )
    )
    path = qualcoder_like(tmp_path, variables=variables, cases=cases)
    result = invoke("import", "qdpx", str(path), "--codes", "add")
    assert result.exit_code == 0, result.output
    assert (
        "case 'Paul' was not made a case: its document(s) 'Marie/entretien1' are in another "
        "case (a document belongs to one case); its attributes were not imported (âge=40)"
    ) in result.output
    assert "case 'Lina' was not made a case: it holds no text source of the file" in result.output
    assert "case 'Marie'" not in result.output
    assert set(stored(tmp_project)["cases"]) == {"Marie"}


# --- codings spreadsheets ---------------------------------------------------------------------


def _write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _passage(root: Path, words: str) -> tuple[int, int]:
    with find_project(root).open_store() as store:
        text = store.document(DOCUMENT).text
    start = text.index(words)
    return start, start + len(words)


HEADER = ["document", "start", "end", "code", "coder", "status", "memo"]


def test_a_row_pasted_twice_is_one_coding(invoke, imported: Path):
    start, end = _passage(imported, "locaux partagés")
    row = [DOCUMENT, start, end, "COOP.LIEU", "alice", "accepted", "à discuter"]
    path = _write_csv(imported / "alice.csv", [HEADER, row, row])
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "Imported 1 coding from" in result.output
    assert "(0 already present)" in result.output
    # said, not merged without a word (s39: 322 rows gave 319 codings, and nothing told why)
    assert (
        "1 row(s) gave a coding an earlier row of the file gave alike (rows 3): each such "
        "coding is imported once"
    ) in result.output


def test_a_coding_given_twice_with_another_memo_or_status_is_refused(invoke, imported: Path):
    """The store keeps one coding per passage, code and coder: the second row's memo (or its
    rejection) was dropped without a word, counted « already present »."""
    start, end = _passage(imported, "locaux partagés")
    first = [DOCUMENT, start, end, "COOP.LIEU", "alice", "accepted", "premier avis"]
    memo = [DOCUMENT, start, end, "COOP.LIEU", "alice", "accepted", "second avis"]
    status = [DOCUMENT, start, end, "COOP.LIEU", "alice", "rejected", "premier avis"]
    bob = [DOCUMENT, start, end, "COOP.LIEU", "bob", "accepted", "autre codeur"]
    path = _write_csv(imported / "alice.csv", [HEADER, first, bob, memo, status])
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "row 4: the same coding as row 2" in result.output
    assert "row 5: the same coding as row 2" in result.output
    assert "row 3" not in result.output  # bob's coding is another one
    assert stored(imported)["codings"] == []


def test_a_title_above_the_column_names_is_located(invoke, imported: Path):
    start, end = _passage(imported, "locaux partagés")
    book = Workbook()
    sheet = book.active
    sheet.append(["Codages d'Alice — entretiens de juin"])
    sheet.append([])
    sheet.append(["Document", "Début", "Fin", "Code", "Codeur"])
    sheet.append([DOCUMENT, start, end, "COOP.LIEU", "alice"])
    path = imported / "alice.xlsx"
    book.save(path)
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert "the column names are on row 3, under a title" in result.output
    assert "Delete the row(s) above row 3" in result.output
