"""Defects found by fuzzing: a bad regular expression in a token pattern, a store locked by
another program, attribute tables with an open quote or a column twice, a report folder that
cannot be written, file names in decomposed Unicode (NFD, as macOS writes them). Each ends in
one clear message, exit code 1, and nothing half-written."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ptce_coding.app import workflow
from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding, DocumentText
from ptce_coding.base.settings import SpeakerSettings
from ptce_coding.corpus import read_transcript
from ptce_coding.corpus.speakers import SpeakerDetector
from ptce_coding.corpus.transcript import segments_of
from ptce_coding.store import base as store_base


def store_of(root: Path):
    return find_project(root).open_store(create=False)


def no_traceback(result) -> None:
    """The command ended on its own message, not on an exception click caught for it."""
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


# --- 1. a token pattern with a bad REGEX ---------------------------------------------------

BAD_PATTERN = '  - id: ZZ\n    label: test\n    rules: [ {pattern: [{LOWER: {REGEX: "([bad"}}]} ]\n'


def add_bad_pattern(root: Path) -> int:
    """Appends a code whose token pattern has a bad REGEX; returns the line of its rule."""
    path = root / "codebooks" / "ptce.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + BAD_PATTERN, encoding="utf-8")
    return text.count("\n") + 3


@pytest.mark.slow  # the French spaCy model
def test_bad_regex_in_a_token_pattern_is_a_codebook_problem(invoke, tmp_project: Path) -> None:
    line = add_bad_pattern(tmp_project)
    for command in (["codebook", "validate"], ["code"]):
        if command == ["code"]:
            assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
        result = invoke(*command)
        assert result.exit_code == 1, result.output
        no_traceback(result)
        assert (
            f"ptce.yaml, line {line}: code ZZ, rule ZZ#1: invalid regular expression '([bad' "
            "in the token pattern: unterminated character set at position 1"
        ) in result.output
    with store_of(tmp_project) as store:
        assert store.counts()["codings"] == 0


# --- 2. a store locked by another program --------------------------------------------------


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Another program (DB Browser for SQLite…) holding a write transaction on the store."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """A locked store is waited for a short while only (30 s in real use)."""
    monkeypatch.setattr(store_base, "BUSY_SECONDS", 0.2, raising=False)


IN_USE = (
    "coding.sqlite: the store is in use by another program (locked): nothing was written\n"
    "Close that program (a SQLite browser, or another ptce-coding command still running) "
    "and run the command again."
)


def test_a_locked_store_is_a_clear_error_and_nothing_is_written(
    invoke, tmp_project: Path, short_wait: None
) -> None:
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    new = tmp_project / "corpus" / "pole-a" / "nouveau.txt"
    new.write_text("E : Bonjour.\nAnne : Nous partageons les locaux.\n", encoding="utf-8")
    with store_of(tmp_project) as store:
        before = store.counts()
    with locked(tmp_project / "coding.sqlite"):
        for command in (
            ["import", str(tmp_project / "corpus")],
            ["memo", "add", "--code", "COOP", "Un mémo."],
        ):
            result = invoke(*command)
            assert result.exit_code == 1, result.output
            no_traceback(result)
            assert IN_USE in result.output
            assert "failed" not in result.output  # the import stopped: not a bad file
    with store_of(tmp_project) as store:
        assert store.counts() == before
        assert store.memos() == []


def test_code_on_a_locked_store_is_a_clear_error(
    invoke, tmp_project: Path, short_wait: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Said before the French pipeline is loaded (and the 30 s wait comes first)."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with store_of(tmp_project) as store:
        before = store.counts()

    def not_yet() -> None:
        raise AssertionError("the pipeline was loaded before the store was found locked")

    monkeypatch.setattr(workflow, "load_pipeline", not_yet)
    with locked(tmp_project / "coding.sqlite"):
        result = invoke("code")
    assert result.exit_code == 1, result.output
    no_traceback(result)
    assert IN_USE in result.output
    with store_of(tmp_project) as store:
        assert store.counts() == before


# --- 3. attribute tables with an open quote or a column twice ------------------------------

OPEN_QUOTE = (
    'case,nom,region\npole-a,"Collectif de la Biscuiterie,Occitanie\npole-b,Pôle Terres,Centre\n'
)


@pytest.mark.parametrize(
    ("file", "content", "expected"),
    [
        (
            "cases.csv",
            OPEN_QUOTE,
            'cases.csv, line 2: the quote that opens « "Collectif de la Biscuiterie,Occitanie » '
            "is not closed on this line: the cell would take in the lines after it\n"
            'Close the quote (") on that line; a name or attribute never holds a line break.',
        ),
        (
            "documents.csv",
            'document,role\n\npole-a/directrice.txt,"directrice\n\npole-b/membre.md,membre\n',
            'documents.csv, line 3: the quote that opens « "directrice » is not closed on this '
            "line",
        ),
        (
            "cases.csv",
            "case,nom,region,nom\npole-a,A,Bretagne,B\n",
            "cases.csv, line 1: column 'nom' is there twice (columns 2 and 4)\n"
            "Rename or remove one of them: each column is one attribute.",
        ),
        (
            "documents.csv",
            "document;role;role\npole-a/directrice.txt;directrice;membre\n",
            "documents.csv, line 1: column 'role' is there twice (columns 2 and 3)",
        ),
    ],
)
def test_an_attribute_table_with_an_open_quote_or_a_column_twice_is_refused(
    invoke, tmp_project: Path, file: str, content: str, expected: str
) -> None:
    (tmp_project / "corpus" / file).write_text(content, encoding="utf-8")
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 1, result.output
    no_traceback(result)
    assert expected in result.output
    with store_of(tmp_project) as store:
        assert store.counts()["documents"] == 0
        assert store.cases() == {}


def test_a_quoted_cell_on_its_line_is_still_read(invoke, tmp_project: Path) -> None:
    (tmp_project / "corpus" / "cases.csv").write_text(
        'case,nom\n\npole-a,"Collectif, de la ""Biscuiterie"""\n', encoding="utf-8"
    )
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with store_of(tmp_project) as store:
        assert store.cases()["pole-a"] == {"nom": 'Collectif, de la "Biscuiterie"'}


# --- 4. a report folder that cannot be written ---------------------------------------------


def report_once(invoke, root: Path) -> Path:
    assert invoke("import", str(root / "corpus")).exit_code == 0
    with store_of(root) as store:
        store.add_codings([Coding("pole-a/directrice.txt", 105, 150, "ECO.PUBLIC", "anne")])
    result = invoke("report")
    assert result.exit_code == 0, result.output
    return root / "outputs" / "report"


def snapshot(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in sorted(folder.rglob("*"))}


@pytest.mark.slow  # matplotlib, python-docx: the whole report twice
def test_a_report_file_that_cannot_be_written_stops_the_report_before_its_figures(
    invoke, tmp_project: Path
) -> None:
    folder = report_once(invoke, tmp_project)
    (folder / "restitution.html").unlink()
    (folder / "restitution.html").mkdir()  # in the way of the file
    before = snapshot(folder)
    assert any(name.startswith("figures/") for name in before)
    result = invoke("report")
    assert result.exit_code == 1, result.output
    no_traceback(result)
    assert (
        "restitution.html: a folder is in the way of this report file: nothing was written\n"
        "Move or rename that folder, then run the command again."
    ) in result.output
    assert snapshot(folder) == before


@pytest.mark.slow  # matplotlib, python-docx: the whole report twice
def test_a_read_only_report_folder_stops_the_report_before_its_figures(
    invoke, tmp_project: Path
) -> None:
    folder = report_once(invoke, tmp_project)
    before = snapshot(folder)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)  # 0o550
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable")
        result = invoke("report")
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1, result.output
    no_traceback(result)
    assert "report: cannot write the report in this folder" in result.output
    assert snapshot(folder) == before


# --- 5. file names in decomposed Unicode (NFD) ---------------------------------------------

NFC_NAME = "pole-a/été.txt"
NFC_CASE = "pôle-c"
NFD_CASE = unicodedata.normalize("NFD", NFC_CASE)
TEXT = "E : Et les locaux ?\nAnne : Nous partageons les locaux depuis deux ans.\n"


def codings_file(root: Path, document: str) -> Path:
    path = root / "codages.csv"
    path.write_text(f"document,start,end,code,coder\n{document},20,40,COOP.LIEU,alice\n", "utf-8")
    return path


def test_nfd_file_names_are_stored_in_nfc_and_found_by_the_name_typed(
    invoke, tmp_project: Path
) -> None:
    corpus = tmp_project / "corpus"
    (corpus / "pole-a" / "e\u0301te\u0301.txt").write_text(TEXT, encoding="utf-8")
    (corpus / NFD_CASE).mkdir()
    (corpus / NFD_CASE / "membre.txt").write_text(TEXT.replace("deux", "trois"), "utf-8")
    (corpus / "cases.csv").write_text(f"case,nom\n{NFC_CASE},Pôle C\n", encoding="utf-8")
    result = invoke("import", str(corpus))
    assert result.exit_code == 0, result.output
    with store_of(tmp_project) as store:
        names = {d.name: d.case for d in store.documents()}
        assert names[NFC_NAME] == "pole-a"
        assert names[f"{NFC_CASE}/membre.txt"] == NFC_CASE
        assert store.cases()[NFC_CASE] == {"nom": "Pôle C"}
    assert invoke("codings", "import", str(codings_file(tmp_project, NFC_NAME))).exit_code == 0
    result = invoke("memo", "add", "--document", NFC_NAME, "Un mémo.")
    assert result.exit_code == 0, result.output
    result = invoke("documents", "remove", NFC_NAME, "--yes")
    assert result.exit_code == 0, result.output
    with store_of(tmp_project) as store:
        assert store.document(NFC_NAME) is None
        assert store.memos() == []


def test_a_store_with_nfd_names_keeps_working_with_names_typed_in_nfc(
    invoke, tmp_project: Path
) -> None:
    """A store filled before names were normalised holds the NFD names of files copied from a
    Mac: they are found by their NFC spelling, a re-import knows the file, nothing is lost."""
    corpus = tmp_project / "corpus"
    old_case, old_name = (
        unicodedata.normalize("NFD", "pôle-a"),
        unicodedata.normalize("NFD", "pôle-a/été.txt"),
    )
    assert invoke("import", str(corpus)).exit_code == 0
    (corpus / old_case).mkdir()
    path = corpus / old_name
    path.write_text(TEXT, encoding="utf-8")
    transcript = read_transcript(path, SpeakerDetector(SpeakerSettings()), 10)
    with store_of(tmp_project) as store:
        store.add_document(
            name=old_name,
            case=old_case,
            content=DocumentText(
                format=transcript.format,
                text=transcript.text,
                text_hash=transcript.text_hash,
                words=9,
            ),
            segments=segments_of(transcript),
        )
    with (corpus / "cases.csv").open("a", encoding="utf-8") as table:
        table.write("pôle-a,Normandie,2020\n")  # typed: NFC
    result = invoke("codings", "import", str(codings_file(tmp_project, "pôle-a/été.txt")))
    assert result.exit_code == 0, result.output
    result = invoke("memo", "add", "--document", "pôle-a/été.txt", "Un mémo.")
    assert result.exit_code == 0, result.output
    result = invoke("memo", "add", "--case", "pôle-a", "Un mémo du pôle.")
    assert result.exit_code == 0, result.output
    result = invoke("import", str(corpus))
    assert result.exit_code == 0, result.output
    assert "0 imported, 3 unchanged, 0 failed" in result.output
    with store_of(tmp_project) as store:
        assert store.counts()["documents"] == 3
        assert sorted(store.cases()) == sorted(["pole-a", "pole-b", old_case])
        assert store.cases()[old_case] == {"region": "Normandie", "laureat": "2020"}
        document = store.document("pôle-a/été.txt")
        assert document is not None and document.name == old_name
        assert len(store.document_codings(document.id)) == 1  # the manual coding is there
        assert [m.target for m in store.memos("document", "pôle-a/été.txt")] == [old_name]
    result = invoke("documents", "remove", "pôle-a/été.txt", "--yes")
    assert result.exit_code == 0, result.output
    with store_of(tmp_project) as store:
        assert store.document("pôle-a/été.txt") is None
        assert [(m.target_kind, m.target) for m in store.memos()] == [("case", old_case)]


def test_a_command_waiting_for_a_locked_store_says_so_then_goes_on(
    invoke, tmp_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another command writing for a while: the second one waited in silence, up to 30 s,
    and looked stuck. It now says it waits, and goes on once the store is free."""
    monkeypatch.setattr(store_base, "BUSY_SECONDS", 10.0)
    monkeypatch.setattr(store_base, "WAIT_NOTICE_SECONDS", 0.2)
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    holder = sqlite3.connect(
        tmp_project / "coding.sqlite", isolation_level=None, check_same_thread=False
    )
    holder.execute("BEGIN EXCLUSIVE")
    timer = threading.Timer(1.0, lambda: holder.execute("ROLLBACK"))
    timer.start()
    try:
        result = invoke("memo", "add", "--code", "COOP", "Un mémo.")
    finally:
        timer.join()
        holder.close()
    assert result.exit_code == 0, result.output
    assert "coding.sqlite: another program is writing to the store" in result.output
    assert "waiting for it, up to 10 s" in result.output
    with store_of(tmp_project) as store:
        assert [m.text for m in store.memos()] == ["Un mémo."]


def test_a_store_locked_too_long_is_said_waited_for_then_refused(
    invoke, tmp_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_base, "BUSY_SECONDS", 0.8)
    monkeypatch.setattr(store_base, "WAIT_NOTICE_SECONDS", 0.2)
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with locked(tmp_project / "coding.sqlite"):
        result = invoke("memo", "add", "--code", "COOP", "Un mémo.")
        quiet = invoke("--quiet", "memo", "add", "--code", "COOP", "Un autre.")
    assert result.exit_code == 1, result.output
    no_traceback(result)
    assert "waiting for it, up to 1 s" in result.output
    assert IN_USE in result.output
    assert quiet.exit_code == 1 and "waiting" not in quiet.output  # --quiet: errors only
