"""`export qdpx` then `import qdpx` in a fresh project gives back the project the group
had (user trial, session 37):

- the coders' codings as they made them, and the consensus decisions beside them (a « no »
  under a user of its own): the same agreement, and with the consensus set the same matrix.
  Before, the coders' codings went with the « no » already applied, under their names, and
  the decisions were left out: the agreement read in the fresh project was inflated;
- a Transcriber interview keeps its turns: whose each part of an overlap is goes with the
  file; before, each overlap came back one turn of « A + B », its interviewer words counted;
- a document made from a source is named `<case>/<source>`, as a transcript is; a file
  imported again with another --case says where its documents stay;
- `--codes add` refuses a code of the file that would take codings whose code was removed
  from the codebook by hand (as the codebook commands do), in the one refusal."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.app.project import find_project
from ptce_coding.base import selected_codings
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli

from .conftest import DATA
from .test_consensus_s34f import decide_level_one
from .test_refi_support import guid, make_qdpx, project_xml, selection
from .test_whose_coding_s35r import set_analysis

Invoke = Callable[..., Result]
TRS = Path(__file__).parent / "data" / "transcriber" / "chevauchement_enqueteur.trs"


@pytest.fixture(autouse=True)
def nothing_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each command says its notes afresh (a process says each note once)."""
    monkeypatch.setattr(selected_codings, "told", set())


def fresh(runner: CliRunner, tmp_path: Path) -> Invoke:
    """A second project, made by `init`, with the test codebook: commands run in it."""
    root = tmp_path / "fresh"
    result = runner.invoke(cli, ["init", str(root)])
    assert result.exit_code == 0, result.output
    shutil.copyfile(DATA / "codebook.yaml", root / "codebooks" / "ptce.yaml")

    def run(*args: str) -> Result:
        return runner.invoke(cli, [*args, "--project", str(root)])

    return run


def output(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_coders_codings_and_the_decisions_go_as_they_are(
    invoke: Invoke, two_coders: Path, runner: CliRunner, tmp_path: Path
) -> None:
    decide_level_one(invoke, two_coders)  # a « no » on alice's COOP.LIEU, on her ECO.PUBLIC
    set_analysis(two_coders, consensus="consensus")
    agreement = ("agreement", "--coders", "alice,bob", "--level", "1", "--format", "csv")
    matrices = [("matrix", "--level", "1", "--format", "csv"), ("matrix", "--format", "csv")]
    before = [output(invoke(*agreement)), *(output(invoke(*m)) for m in matrices)]
    with find_project(two_coders).open_store() as store:
        stored = sorted(
            (r.document, r.start, r.end, r.code, r.coder, r.status)
            for r in (store.coding_rows(statuses=["accepted", "rejected"]))
            if r.coder in ("alice", "bob", "consensus")
        )
    path = tmp_path / "groupe.qdpx"
    export = invoke("export", "qdpx", str(path))
    assert export.exit_code == 0, export.output
    other = fresh(runner, tmp_path)
    imported = other("import", "qdpx", str(path))
    assert imported.exit_code == 0, imported.output
    with find_project(tmp_path / "fresh").open_store() as store:
        again = sorted(
            (r.document, r.start, r.end, r.code, r.coder, r.status)
            for r in (store.coding_rows(statuses=["accepted", "rejected"]))
        )
    after = [
        output(other(*agreement)),
        *(output(other(*m, "--consensus", "consensus")) for m in matrices),
    ]
    assert after[0] == before[0]  # the coders' agreement
    assert again == stored
    assert after == before  # and the matrices, with the consensus applied

    # said: what the export wrote, how the import read the « no »
    yes = sum(1 for *_, coder, status in stored if coder == "consensus" and status == "accepted")
    no = sum(1 for *_, coder, status in stored if coder == "consensus" and status == "rejected")
    assert no and yes
    said = " ".join(export.output.split())
    assert (
        f"{len(stored) - yes - no} codings as the coders made them and {yes + no} consensus "
        f"decisions of consensus ({yes} « yes », {no} « no »)"
    ) in said
    assert "each « no » one of the user « consensus (decision: no) »" in said
    with zipfile.ZipFile(path) as archive:
        users = set(re.findall(r'<User [^>]*name="([^"]+)"', archive.read("project.qde").decode()))
    assert {"alice", "bob", "consensus", "consensus (decision: no)"} <= users
    assert (
        f"{no} codings of the user « consensus (decision: no) » read as the « no » decisions "
        "of consensus (its rejected codings); they apply with `analysis: {consensus: "
        "consensus}` in project.yaml, or --consensus consensus"
    ) in " ".join(imported.output.split())


@pytest.fixture
def overlapped(tmp_project: Path, invoke: Invoke) -> Path:
    """The test project with a Transcriber interview holding overlaps (pole-c)."""
    folder = tmp_project / "corpus" / "pole-c"
    folder.mkdir()
    shutil.copyfile(TRS, folder / TRS.name)
    assert invoke("import", str(folder)).exit_code == 0
    return tmp_project


def turns(root: Path) -> list[tuple[int, int, str | None, bool]]:
    with find_project(root).open_store() as store:
        document = store.document(f"pole-c/{TRS.name}")
        assert document is not None
        return [(s.start, s.end, s.speaker, s.interviewer) for s in store.segments(document.id)]


def listed(run: Invoke) -> dict[str, object]:
    [row] = [r for r in json.loads(output(run("documents", "--format", "json")))]
    return {key: row[key] for key in ("document", "words", "counted", "segments", "speakers")}


def test_a_transcriber_interview_keeps_its_turns(
    invoke: Invoke, overlapped: Path, runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "e.qdpx"
    export = invoke("export", "qdpx", str(path))
    assert export.exit_code == 0, export.output
    other = fresh(runner, tmp_path)
    result = other("import", "qdpx", str(path))
    assert result.exit_code == 0, result.output
    assert listed(other) == listed(invoke)  # words, counted, segments, speakers
    assert turns(tmp_path / "fresh") == turns(overlapped)
    assert "warning" not in result.output
    assert "in the variable « overlap_turns » of 1 document" in export.output
    with find_project(tmp_path / "fresh").open_store() as store:
        [document] = store.documents()
    assert "overlap_turns" not in document.attributes  # read, not kept as an attribute


def test_an_overlap_variable_that_does_not_fit_the_text_is_said(
    invoke: Invoke, overlapped: Path, runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "e.qdpx"
    assert invoke("export", "qdpx", str(path)).exit_code == 0
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    qde = members["project.qde"].decode()
    value = re.search(r"<TextValue>(\d+-\d+ [^<]*;[^<]*)</TextValue>", qde)
    assert value is not None
    first, rest = value.group(1).split(";", 1)
    start, end = first.split(" ", 1)[0].split("-")
    shifted = f"{int(start) - 4}-{end} {first.split(' ', 1)[1]};{rest}"  # edited elsewhere
    members["project.qde"] = qde.replace(value.group(1), shifted).encode()
    edited = make_qdpx(tmp_path / "edited.qdpx", members.pop("project.qde"), members)
    other = fresh(runner, tmp_path)
    result = other("import", "qdpx", str(edited))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert (
        f"warning: source 'pole-c/{TRS.name}': its variable « overlap_turns » does not fit its text"
    ) in said
    assert "so each overlap is one turn of all its speakers" in said
    speakers = {speaker for _, _, speaker, _ in turns(tmp_path / "fresh")}
    assert "Enquêteur + Marie Dupont" in speakers


TEXT = "Enquêteur : Et le lieu ?\nMarie : Les locaux partagés comptent beaucoup.\n"


def tool_file(folder: Path, codes: str, code_number: int) -> Path:
    """A .qdpx from another tool: one source « entretien.txt » in no case, one coding of the
    code ``code_number``."""
    xml = (
        f"<CodeBook><Codes>{codes}</Codes></CodeBook><Sources>"
        f'<TextSource guid="{guid(1)}" name="entretien.txt" '
        f'plainTextPath="internal://{guid(1)}.txt">'
        + selection(10, 0, 9, code_number)
        + "</TextSource></Sources>"
    )
    return make_qdpx(
        folder / "terrain.qdpx",
        project_xml(xml, origin="NVivo 12"),
        {f"sources/{guid(1)}.txt": TEXT.encode()},
    )


LIEU = (
    f'<Code guid="{guid(100)}" name="Mutualisation de locaux" isCodable="true">'
    "<Description>[ptce-coding id: COOP.LIEU]</Description></Code>"
)


def test_a_source_is_named_in_its_case_and_a_new_case_is_said(
    invoke: Invoke, tmp_project: Path, tmp_path: Path
) -> None:
    path = tool_file(tmp_path, LIEU, 100)
    assert invoke("import", str(path), "--case", "pole-z").exit_code == 0
    documents = json.loads(output(invoke("documents", "--format", "json")))
    assert [(d["document"], d["case"]) for d in documents] == [("pole-z/entretien.txt", "pole-z")]
    again = invoke("import", str(path), "--case", "pole-y")
    assert again.exit_code == 0, again.output
    said = " ".join(again.output.split())
    assert "0 documents added, 1 already there" in said
    assert (
        "warning: 1 document(s) of the file already in the project stay in their case, not "
        "the one the import gives them: 'pole-z/entretien.txt' (in pole-z, not pole-y)"
    ) in said
    assert "`ptce-coding documents move NAME --case CASE` moves one" in said
    documents = json.loads(output(invoke("documents", "--format", "json")))
    assert [(d["document"], d["case"]) for d in documents] == [("pole-z/entretien.txt", "pole-z")]


def test_codes_add_does_not_give_a_new_code_the_codings_of_a_removed_one(
    invoke: Invoke, imported: Path, tmp_path: Path
) -> None:
    """COOP.LIEU removed from the YAML by hand, alice's coding still on it; the file's
    « Autre chose » says its id is COOP.LIEU (Q's repro, session 37)."""
    with find_project(imported).open_store() as store:
        store.add_codings([Coding("pole-a/directrice.txt", 105, 150, "COOP.LIEU", "alice")])
    codebook = imported / "codebooks" / "ptce.yaml"
    text = codebook.read_text(encoding="utf-8")
    removed = re.sub(r"      - id: COOP\.LIEU\n(?:        .*\n)*", "", text)
    assert removed != text
    codebook.write_text(removed, encoding="utf-8")
    other = (
        f'<Code guid="{guid(100)}" name="Autre chose" isCodable="true">'
        "<Description>[ptce-coding id: COOP.LIEU]</Description></Code>"
    )
    path = tool_file(tmp_path, other, 100)

    for codes in ((), ("--codes", "add")):
        result = invoke("import", str(path), "--case", "pole-z", *codes)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        said = " ".join(result.output.split())
        assert (
            "`--codes add` would create 1 code(s) under an id that codings of the project "
            "still use, though its code was removed from the codebook by hand: the new code "
            "would take them as its own: - COOP.LIEU (1 coding of the project)"
        ) in said
        assert "`ptce-coding codebook merge COOP.LIEU --into CODE`" in said
        assert codebook.read_text(encoding="utf-8") == removed
        with find_project(imported).open_store() as store:
            assert [d.name for d in store.documents()] == [
                "pole-a/directrice.txt",
                "pole-b/membre.md",
            ]
    skipped = invoke("import", str(path), "--case", "pole-z", "--codes", "skip")
    assert skipped.exit_code == 0, skipped.output
    assert codebook.read_text(encoding="utf-8") == removed
