"""`import FILE.qdpx`: the codes the codebook lacks are listed and chosen (`--codes add`, a
codebook change `codebook undo` takes back, or `--codes skip`), never added silently; a
document in no case of the file needs `--case`, never becomes a « (sans cas) » pole."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from ptce_coding.app.project import find_project
from ptce_coding.codebook.loader import load_codebook

from .test_refi_support import guid, make_qdpx, project_xml, selection

Invoke = Callable[..., Result]

TEXT_1 = "Enquêteur : Et le lieu ?\nMarie : Les locaux partagés comptent beaucoup.\n"
TEXT_2 = "Enquêteur : Et l'argent ?\nPaul : Le budget vient de la région.\n"


def tool_project(tmp_path: Path, *, cases: bool = True, new_codes: bool = True) -> Path:
    """A small .qdpx from another tool: two sources, a known code (COOP.LIEU, by the id its
    description gives, as ptce-coding writes it) and, with ``new_codes``, two codes the
    codebook lacks (« Émotions » with 2 codings, « Logement » with 1); with ``cases``, each
    source in a case, else none."""
    start = TEXT_1.index("locaux")
    codes = (
        "<CodeBook><Codes>"
        f'<Code guid="{guid(100)}" name="Mutualisation de locaux" isCodable="true">'
        "<Description>[ptce-coding id: COOP.LIEU]</Description></Code>"
        + (
            f'<Code guid="{guid(101)}" name="Émotions" isCodable="true"/>'
            f'<Code guid="{guid(102)}" name="Logement" isCodable="true"/>'
            if new_codes
            else ""
        )
        + "</Codes></CodeBook>"
    )
    sources = (
        "<Sources>"
        f'<TextSource guid="{guid(1)}" name="marie" plainTextPath="internal://{guid(1)}.txt">'
        + selection(10, start, start + 15, 100)
        + (selection(11, start, start + 6, 101) + selection(12, 0, 10, 101) if new_codes else "")
        + "</TextSource>"
        f'<TextSource guid="{guid(2)}" name="paul" plainTextPath="internal://{guid(2)}.txt">'
        + (selection(13, 0, 10, 102) if new_codes else "")
        + "</TextSource></Sources>"
    )
    case_xml = (
        "<Cases>"
        f'<Case guid="{guid(50)}" name="pole-x"><SourceRef targetGUID="{guid(1)}"/></Case>'
        f'<Case guid="{guid(51)}" name="pole-y"><SourceRef targetGUID="{guid(2)}"/></Case>'
        "</Cases>"
        if cases
        else ""
    )
    return make_qdpx(
        tmp_path / ("autre.qdpx" if cases else "sans-cas.qdpx"),
        project_xml(codes + case_xml + sources, origin="NVivo 12"),
        {
            f"sources/{guid(1)}.txt": TEXT_1.encode(),
            f"sources/{guid(2)}.txt": TEXT_2.encode(),
        },
    )


def stored(root: Path) -> tuple[dict[str, str], list[str]]:
    """({document: case}, [codes of the stored codings, sorted])."""
    with find_project(root).open_store() as store:
        documents = {d.name: d.case for d in store.documents()}
        codes = sorted(r.code for r in store.coding_rows(statuses=["accepted"]))
    return documents, codes


def test_new_codes_are_listed_and_nothing_written_without_a_choice(
    invoke: Invoke, tmp_project: Path, tmp_path: Path
) -> None:
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    before = codebook.read_bytes()
    result = invoke("import", str(tool_project(tmp_path)))
    assert result.exit_code == 1, result.output
    assert "2 code(s) of the file are not in the codebook (ptce.yaml)" in result.output
    assert "EMOTIONS « Émotions » (2 codings)" in result.output
    assert "LOGEMENT « Logement » (1 coding)" in result.output
    assert "--codes add" in result.output and "--codes skip" in result.output
    assert "Nothing was imported." in result.output and "Traceback" not in result.output
    assert codebook.read_bytes() == before
    assert stored(tmp_project) == ({}, [])


def test_codes_skip_imports_the_codings_of_known_codes_and_counts_the_others(
    invoke: Invoke, tmp_project: Path, tmp_path: Path
) -> None:
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    before = codebook.read_bytes()
    result = invoke("import", str(tool_project(tmp_path)), "--codes", "skip")
    assert result.exit_code == 0, result.output
    assert "3 codings of 2 code(s) not in codebooks/ptce.yaml left out (--codes skip)" in (
        result.output
    )
    assert "EMOTIONS « Émotions »: 2 codings" in result.output
    assert "LOGEMENT « Logement »: 1 coding" in result.output
    assert "0 new codes" in result.output
    assert codebook.read_bytes() == before
    documents, codes = stored(tmp_project)
    assert documents == {"pole-x/marie": "pole-x", "pole-y/paul": "pole-y"}
    assert codes == ["COOP.LIEU"]


def test_codes_add_is_a_codebook_change_that_undo_takes_back(
    invoke: Invoke, tmp_project: Path, tmp_path: Path
) -> None:
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    before = codebook.read_bytes()
    qdpx = tool_project(tmp_path)
    result = invoke("import", str(qdpx), "--codes", "add")
    assert result.exit_code == 0, result.output
    assert "2 new codes in codebooks/ptce.yaml" in result.output
    assert {"EMOTIONS", "LOGEMENT"} <= {c.id for c in load_codebook(codebook).codes}
    assert stored(tmp_project)[1] == ["COOP.LIEU", "EMOTIONS", "EMOTIONS", "LOGEMENT"]

    undone = invoke("codebook", "undo")
    assert undone.exit_code == 0, undone.output
    assert "no codebook change to undo" not in undone.output
    assert "Undid the import of autre.qdpx of " in undone.output
    assert "2 code(s) taken out of the codebook and 2 document(s) taken back" in undone.output
    assert "--codes skip" in undone.output
    assert codebook.read_bytes() == before
    assert stored(tmp_project) == ({}, [])
    assert invoke("codebook", "validate").exit_code == 0

    # the way back: the documents and the codings of the codes the codebook has
    again = invoke("import", str(qdpx), "--codes", "skip")
    assert again.exit_code == 0, again.output
    assert stored(tmp_project) == (
        {"pole-x/marie": "pole-x", "pole-y/paul": "pole-y"},
        ["COOP.LIEU"],
    )


def test_undo_of_an_import_keeps_work_done_since_on_its_documents(
    invoke: Invoke, tmp_project: Path, tmp_path: Path
) -> None:
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    assert invoke("import", str(tool_project(tmp_path)), "--codes", "add").exit_code == 0
    added = codebook.read_bytes()
    with find_project(tmp_project).open_store() as store:
        store.add_memo("document", "pole-y/paul", "Entretien à reprendre.")
    undone = invoke("codebook", "undo")
    assert undone.exit_code == 1, undone.output
    assert "'pole-y/paul' (0 coding(s), 1 memo(s))" in undone.output
    assert "nothing was changed" in undone.output and "Traceback" not in undone.output
    assert codebook.read_bytes() == added
    assert set(stored(tmp_project)[0]) == {"pole-x/marie", "pole-y/paul"}


def test_documents_in_no_case_need_a_case(
    invoke: Invoke, tmp_project: Path, tmp_path: Path
) -> None:
    qdpx = tool_project(tmp_path, cases=False, new_codes=False)
    result = invoke("import", str(qdpx))
    assert result.exit_code == 1, result.output
    assert "2 document(s) of the file are in no case: 'marie', 'paul'" in result.output
    assert "--case NAME" in result.output and "Traceback" not in result.output
    assert "not in the codebook" not in result.output  # its codes are the codebook's
    assert stored(tmp_project) == ({}, [])

    result = invoke("import", str(qdpx), "--case", "pole-z")
    assert result.exit_code == 0, result.output
    assert stored(tmp_project) == (
        {"pole-z/marie": "pole-z", "pole-z/paul": "pole-z"},
        ["COOP.LIEU"],
    )
    assert "(sans cas)" not in invoke("documents").output


def test_the_case_of_the_file_wins_over_case(
    invoke: Invoke, tmp_project: Path, tmp_path: Path
) -> None:
    qdpx = tool_project(tmp_path, new_codes=False)
    assert invoke("import", str(qdpx), "--case", "pole-z").exit_code == 0
    assert stored(tmp_project)[0] == {"pole-x/marie": "pole-x", "pole-y/paul": "pole-y"}


def test_documents_already_there_need_no_case(
    invoke: Invoke, tmp_project: Path, tmp_path: Path
) -> None:
    """A file brought back from another tool whose sources are the project's documents:
    they keep their case, nothing to ask."""
    qdpx = tool_project(tmp_path, cases=False, new_codes=False)
    assert invoke("import", str(qdpx), "--case", "pole-z").exit_code == 0
    again = invoke("import", str(qdpx))
    assert again.exit_code == 0, again.output
    assert "0 documents added, 2 already there" in again.output
