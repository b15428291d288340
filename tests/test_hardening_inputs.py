"""Bad inputs of issue 20 (items 1-13): each refused with a clear message, nothing changed."""

from __future__ import annotations

import os
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from ptce_coding.app.project import find_project
from ptce_coding.base.records import CodingRow


def _refused_cleanly(result: Result) -> None:
    """Exit code 1 through the CLI's error edge, not an exception escaping the command."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)


def _stored_codings(root: Path) -> list[CodingRow]:
    with find_project(root).open_store() as store:
        return store.coding_rows()


# --- item 4: offsets inf / 1e400 -------------------------------------------------------------


@pytest.mark.parametrize("value", ["inf", "1e400", "-inf", "nan", "1_0", "1e1"])
def test_codings_import_refuses_infinite_offsets(invoke, tmp_project: Path, value: str) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    path = tmp_project / "inf.csv"
    path.write_text(
        "document,start,end,code,coder\n"
        "pole-a/directrice.txt,0,10,COOP.LIEU,alice\n"
        f"pole-a/directrice.txt,0,{value},COOP.LIEU,alice\n",
        encoding="utf-8",
    )
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    _refused_cleanly(result)
    assert f"row 3: start and end must be whole numbers (got '0', '{value}')" in result.output
    assert _stored_codings(tmp_project) == []


# --- item 8: 216.7, duplicated columns, XLSX formulas --------------------------------------


def test_codings_import_refuses_a_fractional_offset(invoke, tmp_project: Path) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    path = tmp_project / "frac.csv"
    path.write_text(
        "document,start,end,code,coder\npole-a/directrice.txt,0,10.7,COOP.LIEU,alice\n",
        encoding="utf-8",
    )
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert "row 2: start and end must be whole numbers (got '0', '10.7')" in result.output
    assert _stored_codings(tmp_project) == []


def test_codings_import_accepts_a_whole_number_written_as_float(invoke, tmp_project: Path) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    path = tmp_project / "whole.csv"
    path.write_text(
        "document,start,end,code,coder\npole-a/directrice.txt,0.0,10.0,COOP.LIEU,alice\n",
        encoding="utf-8",
    )
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert [(r.start, r.end) for r in _stored_codings(tmp_project)] == [(0, 10)]


@pytest.mark.parametrize(
    ("header", "row", "named"),
    [
        (
            "document,start,end,code,coder,start",
            "pole-a/directrice.txt,0,10,COOP.LIEU,alice,20",
            "`start` (columns 2 and 6)",
        ),
        (
            "document,start,end,code,coder,Code",
            "pole-a/directrice.txt,0,10,COOP.LIEU,alice,ECO.PUBLIC",
            "`code` (columns 4 and 6)",
        ),
    ],
)
def test_codings_import_refuses_a_column_given_twice(
    invoke, tmp_project: Path, header: str, row: str, named: str
) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    path = tmp_project / "twice.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert "twice.csv, line 1: column(s) given twice" in result.output
    assert named in result.output
    assert _stored_codings(tmp_project) == []


def test_codings_import_refuses_a_formula_memo(invoke, tmp_project: Path) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    path = tmp_project / "formula.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["document", "start", "end", "code", "coder", "memo"])
    sheet.append(["pole-a/directrice.txt", 0, 10, "COOP.LIEU", "alice", '=D2&" (voir)"'])
    book.save(path)
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 1
    assert "1 cell(s) hold a formula, not a value: F2" in result.output
    assert "paste it as values only" in result.output
    assert _stored_codings(tmp_project) == []


# --- item 12: serve on a busy port ------------------------------------------------------------


def test_serve_on_a_busy_port_says_so_before_serving(
    invoke, tmp_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    import uvicorn

    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = invoke("serve", "--no-browser", "--port", str(port))
    _refused_cleanly(result)
    assert f"port {port} on 127.0.0.1 is already in use" in result.output
    assert f"--port {port + 1}" in result.output
    assert "Serving" not in result.output
    assert calls == []


# --- items 5 and 9: project.yaml -----------------------------------------------------------


def _set_in_project_yaml(root: Path, old: str, new: str) -> None:
    path = root / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "codebook: codebooks/ptce.yaml",
            "codebook: codebooks",
            "`codebook` names a folder",
        ),
        ("cases: corpus/cases.csv", "cases: corpus", "`cases` names a folder"),
        ("documents: corpus/documents.csv", "documents: corpus", "`documents` names a folder"),
        ("outputs: outputs ", "outputs: project.yaml ", "`outputs` names a file"),
        ("max_megabytes: 50", "max_megabytes: .nan", "`import.max_megabytes` must be a positive"),
        ("max_megabytes: 50", "max_megabytes: .inf", "`import.max_megabytes` must be a positive"),
        (
            "interviewer_turns: false",
            "interviewer_turns: 'false'",
            "`coding.interviewer_turns` must be true or false, not 'false'",
        ),
        (
            "interviewer_turns: false",
            "interviewer_turns: [1]",
            "`coding.interviewer_turns` must be true or false, not [1]",
        ),
        (
            "interviewer_turns: false",
            "interviewer_turn: true",
            "unknown `coding` setting(s): interviewer_turn "
            "(`interviewer_turn` → did you mean `interviewer_turns`?)",
        ),
        (
            "  interviewers: []",
            "  interviewer: [Alice]",
            "unknown `speakers` setting(s): interviewer "
            "(`interviewer` → did you mean `interviewers`?)",
        ),
        (
            "max_megabytes: 50",
            "max_megabyte: 50",
            "unknown `import` setting(s): max_megabyte",
        ),
        (
            "min_positive: 5",
            "min_positiv: 5",
            "unknown `model` setting(s): min_positiv (`min_positiv` → did you mean",
        ),
        (
            "\nlanguage: fr",
            "\nlangage: fr",
            "unknown setting(s): langage (`langage` → did you mean `language`?)",
        ),
    ],
)
def test_project_yaml_wrong_settings_are_refused_before_anything_runs(
    invoke, tmp_project: Path, old: str, new: str, message: str
) -> None:
    _set_in_project_yaml(tmp_project, old, new)
    for command in (("import", str(tmp_project / "corpus")), ("codebook", "validate"), ("code",)):
        result = invoke(*command)
        _refused_cleanly(result)
        # every wrong setting names its line (tests/test_bad_settings.py checks which)
        assert re.search(r"project\.yaml, line \d+: " + re.escape(message), result.output), (
            command,
            result.output,
        )
    assert not (tmp_project / "coding.sqlite").exists()


# --- items 1 and 2: a file name that is not UTF-8, an unreadable file, in a folder ---------

TURNS = "Enquêteur : Bonjour.\n\nMarie : Nous partageons des locaux depuis 2012.\n"


def _documents(root: Path) -> list[str]:
    with find_project(root).open_store() as store:
        return sorted(d.name for d in store.documents())


def test_a_file_name_that_is_not_utf8_fails_alone_and_clearly(invoke, tmp_project: Path) -> None:
    folder = tmp_project / "corpus" / "pole-a"
    bad = Path(os.fsdecode(bytes(folder) + b"/entretien-r\xe9sum\xe9.txt"))
    bad.write_text(TURNS, encoding="utf-8")
    result = invoke("import", str(tmp_project / "corpus"))
    _refused_cleanly(result)
    assert "pole-a/entretien-r\\xe9sum\\xe9.txt: the file or folder name is not valid UTF-8" in (
        result.output
    )
    assert "2 imported, 0 unchanged, 1 failed" in result.output
    assert _documents(tmp_project) == ["pole-a/directrice.txt", "pole-b/membre.md"]


def test_an_unreadable_file_in_a_folder_fails_alone_and_clearly(
    invoke, tmp_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_project / "corpus" / "pole-a" / "verrouille.txt"
    locked.write_text(TURNS, encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the file system refuse as it would
        real_open = Path.open

        def refusing_open(self: Path, *args, **kwargs):
            if self.name == locked.name:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refusing_open)
    try:
        result = invoke("import", str(tmp_project / "corpus"))
    finally:
        locked.chmod(0o644)
    _refused_cleanly(result)
    assert "pole-a/verrouille.txt: cannot read the file: Permission denied" in result.output
    assert "2 imported, 0 unchanged, 1 failed" in result.output
    assert _documents(tmp_project) == ["pole-a/directrice.txt", "pole-b/membre.md"]


# --- items 6 and 7: encodings ----------------------------------------------------------------


def test_utf8_transcript_with_a_few_bad_bytes_is_refused_not_garbled(
    invoke, tmp_project: Path
) -> None:
    good = (
        "Enquêteur : Pouvez-vous présenter le pôle ?\n\n"
        "Marie : Je vous présente la démarche : une coopération très concrète, "
        "des locaux partagés, des achats groupés, une gouvernance à plusieurs voix.\n\n"
    ).encode()
    path = tmp_project / "corpus" / "pole-a" / "abime.txt"
    path.write_bytes(good + b"Marie : C'est d\xe9j\xe0 une r\xe9ussite.\n")
    result = invoke("import", str(path), "--case", "pole-a")
    _refused_cleanly(result)
    assert "3 byte(s) are not valid UTF-8" in result.output
    assert "line 5: « Marie : C'est d\\xe9j\\xe0 une r\\xe9ussite. »" in result.output
    assert "save it as UTF-8" in result.output
    assert not (tmp_project / "coding.sqlite").exists() or _documents(tmp_project) == []


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "Café crème, l’œuvre déjà vue… « à nous » 10 €"),
        ("mac_roman", "Café crème, déjà vu à Noël"),
        ("cp850", "Café crème, déjà vu à Noël"),
    ],
)
def test_a_legacy_transcript_reads_as_french(
    invoke, tmp_project: Path, encoding: str, text: str
) -> None:
    path = tmp_project / "corpus" / "pole-a" / "ancien.txt"
    path.write_bytes(f"Enquêteur : Bonjour.\n\nMarie : {text}\n".encode(encoding))
    result = invoke("import", str(path), "--case", "pole-a")
    assert result.exit_code == 0, result.output
    with find_project(tmp_project).open_store() as store:
        document = store.document("pole-a/ancien.txt")
        assert document is not None
        assert text in document.text
        assert document.encoding == encoding


def test_one_row_cp1252_codings_csv_keeps_its_accents(invoke, tmp_project: Path) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    path = tmp_project / "une-ligne.csv"
    path.write_bytes(
        "document,start,end,code,coder,memo\n"
        "pole-a/directrice.txt,0,10,COOP.LIEU,alice,déjà vu\n".encode("cp1252")
    )
    result = invoke("codings", "import", str(path))
    assert result.exit_code == 0, result.output
    assert [r.memo for r in _stored_codings(tmp_project)] == ["déjà vu"]


# --- item 11: a .docx or .odt zip bomb --------------------------------------------------------


def _padded(source: Path, target: Path, megabytes: int) -> None:
    """``source`` (a zip) with a member of ``megabytes`` MB of zeros: a few KB zipped."""
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, old.read(info.filename))
        new.writestr("word/media/padding.bin", b"\0" * (megabytes * 1_000_000))


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_a_zip_bomb_transcript_is_refused_before_it_is_unzipped(
    invoke, tmp_project: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    import docx

    _set_in_project_yaml(tmp_project, "max_megabytes: 50", "max_megabytes: 1")
    plain = tmp_project / f"plain{suffix}"
    if suffix == ".docx":
        document = docx.Document()
        document.add_paragraph("Enquêteur : Bonjour.")
        document.add_paragraph("Marie : Nous partageons des locaux.")
        document.save(plain)
    else:
        from odf.opendocument import OpenDocumentText
        from odf.text import P

        document = OpenDocumentText()
        document.text.addElement(P(text="Marie : Nous partageons des locaux."))
        document.save(str(plain))
    bomb = tmp_project / "corpus" / "pole-a" / f"bombe{suffix}"
    _padded(plain, bomb, 3)
    assert bomb.stat().st_size < 100_000
    opened: list[str] = []
    monkeypatch.setattr(docx, "Document", lambda *a, **k: opened.append("docx"))
    import odf.opendocument

    monkeypatch.setattr(odf.opendocument, "load", lambda *a, **k: opened.append("odt"))
    result = invoke("import", str(bomb), "--case", "pole-a")
    _refused_cleanly(result)
    assert re.search(
        rf"bombe{suffix}: the \{suffix} file expands to [34]\.\d MB once unzipped, over the "
        r"1 MB limit; it was not read",
        result.output,
    ), result.output
    assert opened == []
    assert _documents(tmp_project) == []


# --- item 3: a paragraph longer than spaCy's max_length ----------------------------------------


@pytest.mark.slow  # the French spaCy model
def test_code_reads_a_paragraph_longer_than_the_pipeline_limit(
    invoke, tmp_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ptce_coding.base.language import load_pipeline

    # the real limit is 1,000,000 characters; the same happens at 2,000
    monkeypatch.setattr(load_pipeline(), "max_length", 2_000)
    filler = "Nous parlons de beaucoup de choses différentes ici. " * 120
    long_turn = f"Marie Dupont : {filler}Oui, nous avons des locaux partagés depuis 2012.\n"
    assert len(long_turn) > 6_000
    path = tmp_project / "corpus" / "pole-a" / "long.txt"
    path.write_text(f"Enquêteur : Et les locaux ?\n\n{long_turn}", encoding="utf-8")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    result = invoke("code")
    assert result.exit_code == 0, result.output
    with find_project(tmp_project).open_store() as store:
        rows = [r for r in store.coding_rows() if r.document == "pole-a/long.txt"]
        text = store.document("pole-a/long.txt").text
    assert [r.code for r in rows] == ["COOP.LIEU"]
    assert "locaux partagés" in text[rows[0].start : rows[0].end]


@pytest.mark.slow  # the French spaCy model
def test_long_texts_are_parsed_in_pieces_with_their_own_offsets() -> None:
    from ptce_coding.base.language import blank_pipeline, pipe_texts

    nlp = blank_pipeline()
    nlp.max_length = 50
    texts = ["court", "un deux trois quatre cinq " * 10 + "fin", "x" * 130, ""]
    docs = list(pipe_texts(nlp, texts))
    assert [doc.text for doc in docs] == texts
    long = docs[1]
    assert long[-1].text == "fin" and long[-1].idx == len(texts[1]) - 3
    assert all(texts[1][t.idx : t.idx + len(t)] == t.text for t in long)
    assert len([t for t in long if t.text == "trois"]) == 10


# --- item 10: a catastrophic regular expression ------------------------------------------------


def _add_regex_rule(root: Path, pattern: str) -> None:
    path = root / "codebooks" / "ptce.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "          - phrase: FSE\n"
    assert anchor in text
    rule = f"          - id: piege\n            regex: '{pattern}'\n"
    path.write_text(text.replace(anchor, anchor + rule), encoding="utf-8")


@pytest.mark.parametrize(
    ("pattern", "nesting"),
    [
        (r"^(\w+\s?)+$", "a `+` repeat inside a group repeated `+`"),
        (r"(a*)*b", "a `*` repeat inside a group repeated `*`"),
        (r"(.*,){20}", "a `*` repeat inside a group repeated `{20}`"),
    ],
)
def test_codebook_validate_refuses_nested_repeats(
    invoke, tmp_project: Path, pattern: str, nesting: str
) -> None:
    _add_regex_rule(tmp_project, pattern)
    before = (tmp_project / "codebooks" / "ptce.yaml").read_text(encoding="utf-8")
    result = invoke("codebook", "validate")
    _refused_cleanly(result)
    assert f"code ECO.PUBLIC, rule piege: the regular expression {pattern!r} has {nesting}" in (
        result.output
    )
    assert "catastrophic backtracking" in result.output
    assert (tmp_project / "codebooks" / "ptce.yaml").read_text(encoding="utf-8") == before
    _refused_cleanly(invoke("code"))


@pytest.mark.slow  # the French spaCy model
def test_a_bounded_word_window_is_not_taken_for_a_runaway(invoke, tmp_project: Path) -> None:
    _add_regex_rule(tmp_project, r"\b(\w+\s){0,3}partag")
    result = invoke("codebook", "validate")
    assert result.exit_code == 0, result.output


@pytest.mark.slow  # the French spaCy model
def test_a_regex_that_runs_away_while_coding_is_stopped_and_named(
    invoke, tmp_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # overlapping alternatives escape the nesting check; `re` would run for years on this
    # segment (2^60 ways to cut it), the time limit stops it
    import ptce_coding.tagging.rules as rules

    monkeypatch.setattr(rules, "MATCH_SECONDS", 0.2)
    _add_regex_rule(tmp_project, r"(a|aa)+$")
    assert invoke("codebook", "validate").exit_code == 0
    path = tmp_project / "corpus" / "pole-a" / "cri.txt"
    path.write_text("Enquêteur : Et alors ?\n\nMarie Dupont : " + "a" * 60 + "h !\n")
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    result = invoke("code")
    _refused_cleanly(result)
    assert "code ECO.PUBLIC, rule piege: the regular expression '(a|aa)+$' ran over 0.2 s" in (
        result.output
    )
    assert "nothing was written" in result.output
    assert _stored_codings(tmp_project) == []


# --- item 13: a REFI-QDA project that cannot be imported whole ---------------------------------


def _damaged_qdpx(folder: Path) -> Path:
    """Three text sources: one sound, one whose .txt is missing, one with bad selections;
    codes Lieu and Public (new to the test codebook), and a coding of an unknown code."""
    from .test_refi_support import codebook_xml, guid, make_qdpx, project_xml, selection

    text = "Nous partageons des locaux depuis 2012 avec trois voisins.\n"

    def source(number: int, body: str) -> str:
        return (
            f'<TextSource guid="{guid(number)}" name="entretien{number}.txt" '
            f'plainTextPath="internal://{guid(number)}.txt">{body}</TextSource>'
        )

    sources = (
        source(1, selection(1, 0, 15, 100) + selection(2, 20, 26, 101))
        + source(2, selection(3, 0, 4, 100))  # its .txt is not in the archive
        + source(
            3,
            selection(4, 0, 4, 100)
            + selection(5, 10, 999, 100)  # beyond the text
            + selection(6, 30, 20, 101)  # start > end
            + selection(7, 5, 9, 999),  # unknown code GUID
        )
    )
    qde = project_xml(
        codebook_xml((100, "Lieu partagé"), (101, "Public")) + f"<Sources>{sources}</Sources>",
        origin="MAXQDA 24",
    )
    members = {
        f"Sources/{guid(1)}.txt": text.encode(),
        f"Sources/{guid(3)}.txt": b"Autre " + text.encode(),
    }
    return make_qdpx(folder / "etude.qdpx", qde, members)


def test_a_damaged_qdpx_is_refused_whole_with_every_problem(invoke, tmp_project: Path) -> None:
    path = _damaged_qdpx(tmp_project)
    codebook = (tmp_project / "codebooks" / "ptce.yaml").read_bytes()
    result = invoke("import", str(path))
    _refused_cleanly(result)
    assert "4 problem(s) in the project, so nothing was imported" in result.output
    for problem in (
        "source 'entretien2.txt': its text is missing, unreadable or empty",
        "source 'entretien3.txt', selection 10-999: falls outside the source's text (0-65)",
        "source 'entretien3.txt', selection 30-20: starts after it ends",
        "source 'entretien3.txt', selection 5-9: coded with an unknown code (GUID "
        "00000000-0000-4000-8000-000000000999",
    ):
        assert problem in result.output, problem
    assert "--partial" in result.output
    assert (tmp_project / "codebooks" / "ptce.yaml").read_bytes() == codebook
    if (tmp_project / "coding.sqlite").exists():
        assert _documents(tmp_project) == [] and _stored_codings(tmp_project) == []


def test_partial_imports_the_rest_and_says_what_was_left_out(invoke, tmp_project: Path) -> None:
    path = _damaged_qdpx(tmp_project)
    result = invoke("import", str(path), "--partial", "--codes", "add", "--case", "pole-q")
    assert result.exit_code == 0, result.output
    assert "2 documents added" in result.output and "3 codings added" in result.output
    assert "PARTIAL import (--partial): 4 item(s) left out, not in the store:" in result.output
    assert "- source 'entretien2.txt': its text is missing, unreadable or empty" in result.output
    assert _documents(tmp_project) == ["pole-q/entretien1.txt", "pole-q/entretien3.txt"]
    assert len(_stored_codings(tmp_project)) == 3


def test_an_unreadable_sub_folder_fails_instead_of_vanishing(
    invoke, tmp_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_project / "corpus" / "pole-c"
    locked.mkdir()
    (locked / "cache.txt").write_text(TURNS, encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() == 0:  # root lists anything: make the file system refuse as it would
        real_scandir = os.scandir

        def refusing_scandir(path=".", *args, **kwargs):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path, *args, **kwargs)

        monkeypatch.setattr(os, "scandir", refusing_scandir)
    try:
        result = invoke("import", str(tmp_project / "corpus"))
    finally:
        locked.chmod(0o755)
    _refused_cleanly(result)
    assert "/corpus/pole-c: cannot read the folder: Permission denied" in result.output
    assert "2 imported, 0 unchanged, 1 failed" in result.output


def test_a_zip_bomb_codings_workbook_is_refused_before_it_is_unzipped(
    invoke, tmp_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ptce_coding.base.tables as tables

    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    monkeypatch.setattr(tables, "MAX_XLSX_UNZIPPED", 1_000_000)
    plain = tmp_project / "plain.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["document", "start", "end", "code", "coder"])
    book.active.append(["pole-a/directrice.txt", 0, 10, "COOP.LIEU", "alice"])
    book.save(plain)
    bomb = tmp_project / "bombe.xlsx"
    _padded(plain, bomb, 3)
    result = invoke("codings", "import", str(bomb))
    _refused_cleanly(result)
    assert re.search(
        r"the workbook expands to 3\.\d MB once unzipped, over the 1 MB", result.output
    )
    assert _stored_codings(tmp_project) == []
