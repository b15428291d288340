"""`import FILE.qdpx`: the first refusal says everything that stops the import, each with
what to do: the codes the codebook lacks, the sources named as a document of the project
with another text, the documents in no case, the file's own problems. Before, a file with
new codes and a source clashing with a document was refused for its codes, and only once
`--codes add` was given, for the clash (user trial, session 37)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from ptce_coding.app.project import find_project

from .test_refi_support import guid, make_qdpx, project_xml, selection

Invoke = Callable[..., Result]

TEXT = "Enquêteur : Et le lieu ?\nMarie : Les locaux partagés comptent beaucoup.\n"
OTHER = "Enquêteur : Et l'argent ?\nPaul : Le budget vient de la région.\n"
LIEU = f'<Code guid="{guid(100)}" name="Mutualisation de locaux" isCodable="true">'
LIEU += "<Description>[ptce-coding id: COOP.LIEU]</Description></Code>"  # the codebook's
LOGEMENT = f'<Code guid="{guid(102)}" name="Logement" isCodable="true"/>'  # new


def tool_file(folder: Path, codes: str, sources: list[tuple[int, str, str]], cased: bool) -> Path:
    """A .qdpx from another tool: ``codes`` (XML), then each source (number, name, text)
    with a coding of COOP.LIEU and one of « Logement »; with ``cased``, every source in case
    pole-a."""
    start = TEXT.index("locaux")
    xml = f"<CodeBook><Codes>{codes}</Codes></CodeBook>"
    if cased:
        refs = "".join(f'<SourceRef targetGUID="{guid(n)}"/>' for n, _, _ in sources)
        xml += f'<Cases><Case guid="{guid(50)}" name="pole-a">{refs}</Case></Cases>'
    xml += "<Sources>"
    for number, name, _ in sources:
        xml += (
            f'<TextSource guid="{guid(number)}" name="{name}" '
            f'plainTextPath="internal://{guid(number)}.txt">'
            + selection(number * 10, start, start + 6, 100)
            + selection(number * 10 + 1, 0, 9, 102)
            + "</TextSource>"
        )
    xml += "</Sources>"
    members = {f"sources/{guid(n)}.txt": text.encode() for n, _, text in sources}
    return make_qdpx(folder / "terrain.qdpx", project_xml(xml, origin="NVivo 12"), members)


def refused_untouched(result: Result, root: Path, codebook: bytes) -> str:
    """The refusal's text, once checked that nothing changed (codebook, documents, codings)."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert (root / "codebooks" / "ptce.yaml").read_bytes() == codebook
    with find_project(root).open_store() as store:
        assert sorted(d.name for d in store.documents()) == [
            "pole-a/directrice.txt",
            "pole-b/membre.md",
        ]
        assert store.coding_rows() == []
    return " ".join(result.output.split())


def test_new_codes_and_a_source_clashing_with_a_document_are_refused_together(
    invoke: Invoke, imported: Path, tmp_path: Path
) -> None:
    codebook = (imported / "codebooks" / "ptce.yaml").read_bytes()
    sources = [(1, "pole-a/directrice.txt", TEXT), (2, "pole-a/nouveau.txt", OTHER)]
    path = tool_file(tmp_path, LIEU + LOGEMENT, sources, cased=True)

    said = refused_untouched(invoke("import", str(path)), imported, codebook)
    assert "1 code(s) of the file are not in the codebook (ptce.yaml): - LOGEMENT" in said
    assert "`--codes add`" in said and "`--codes skip`" in said
    assert (
        "1 source(s) of the file have another text than the project's document of that "
        "name: - 'pole-a/directrice.txt'" in said
    )
    assert "Rename the source in the tool that wrote the file" in said
    assert said.endswith("Nothing was imported: 2 things to settle, each with what to do (→).")

    # `--codes add` settles the codes only: the same clash, nothing else to learn
    said = refused_untouched(invoke("import", str(path), "--codes", "add"), imported, codebook)
    assert "'pole-a/directrice.txt'" in said and "Rename the source" in said
    assert "not in the codebook" not in said


def test_the_file_s_problems_new_codes_and_documents_in_no_case_in_one_refusal(
    invoke: Invoke, imported: Path, tmp_path: Path
) -> None:
    """A selection outside its text (a problem of the file), a new code and documents in no
    case: the three options the import needs are named at once, and given, it imports."""
    codebook = (imported / "codebooks" / "ptce.yaml").read_bytes()
    source = (
        f'<TextSource guid="{guid(3)}" name="nouveau" plainTextPath="internal://{guid(3)}.txt">'
        + selection(30, 0, 9, 102)
        + selection(31, 10, 999, 100)  # past the text's end
        + "</TextSource>"
    )
    path = make_qdpx(
        tmp_path / "terrain.qdpx",
        project_xml(
            f"<CodeBook><Codes>{LIEU}{LOGEMENT}</Codes></CodeBook><Sources>{source}</Sources>",
            origin="NVivo 12",
        ),
        {f"sources/{guid(3)}.txt": OTHER.encode()},
    )

    said = refused_untouched(invoke("import", str(path)), imported, codebook)
    assert f"{path}: 1 problem(s) in the project, so nothing was imported:" in said
    assert "--partial" in said
    assert "1 code(s) of the file are not in the codebook (ptce.yaml): - LOGEMENT" in said
    assert "1 document(s) of the file are in no case: 'nouveau'" in said
    assert "`--case NAME`" in said
    assert said.endswith("Nothing was imported: 3 things to settle, each with what to do (→).")

    result = invoke("import", str(path), "--partial", "--codes", "add", "--case", "pole-c")
    assert result.exit_code == 0, result.output
    assert "1 document added" in result.output


def test_a_new_code_named_as_a_code_of_the_codebook_says_which(
    invoke: Invoke, imported: Path, tmp_path: Path
) -> None:
    """Two codes of the file the codebook lacks though it has their name: « Mutualisation
    de locaux » under another code of the file, and the file's COOP.LIEU (its id line)
    renamed « Locaux » there. `--codes add` would make them codes of their own: the
    refusal names the codebook's code and how to join them."""
    codebook = (imported / "codebooks" / "ptce.yaml").read_bytes()
    codes = (
        f'<Code guid="{guid(99)}" name="Thèmes" isCodable="true">'
        f'<Code guid="{guid(100)}" name="Mutualisation de locaux" isCodable="true"/></Code>'
        f'<Code guid="{guid(103)}" name="Locaux" isCodable="true">'
        "<Description>[ptce-coding id: COOP.LIEU]</Description></Code>" + LOGEMENT
    )
    path = tool_file(tmp_path, codes, [(1, "pole-a/nouveau.txt", OTHER)], cased=True)

    said = refused_untouched(invoke("import", str(path)), imported, codebook)
    assert (
        "THEMES.MUTUALISATION_DE_LOCAUX « Mutualisation de locaux » (1 coding): the "
        "codebook's COOP.LIEU has this name" in said
    )
    assert (
        "COOP.LIEU_2 « Locaux » (0 codings): the file's COOP.LIEU, which the codebook names "
        "« Mutualisation de locaux »" in said
    )
    assert "`ptce-coding codebook merge THEMES.MUTUALISATION_DE_LOCAUX --into COOP.LIEU`" in (said)


def test_codes_add_refused_by_the_codebook_is_said_before_it_is_given(
    invoke: Invoke, imported: Path, tmp_path: Path
) -> None:
    """A codebook whose `codes:` is not its last key takes no appended code: the first
    refusal says `--codes add` would be refused too; given, it is refused with the codebook
    and with the other things to settle."""
    yaml_path = imported / "codebooks" / "ptce.yaml"
    lines = yaml_path.read_text(encoding="utf-8").splitlines(keepends=True)
    name_line = next(line for line in lines if line.startswith("name:"))
    lines.remove(name_line)
    assert lines[-1].endswith("\n") and not any(line.startswith("description:") for line in lines)
    yaml_path.write_text("".join([*lines, name_line]), encoding="utf-8")  # after `codes:`
    assert invoke("codebook", "validate").exit_code == 0
    codebook = yaml_path.read_bytes()
    sources = [(1, "pole-a/directrice.txt", TEXT), (2, "pole-a/nouveau.txt", OTHER)]
    path = tool_file(tmp_path, LIEU + LOGEMENT, sources, cased=True)

    said = refused_untouched(invoke("import", str(path)), imported, codebook)
    assert "`--codes add` is refused as the codebook stands" in said
    assert "`codes:` must be its last top-level key" in said

    said = refused_untouched(invoke("import", str(path), "--codes", "add"), imported, codebook)
    assert "ptce.yaml: cannot add codes to this codebook" in said
    assert "Move the `codes:` list to the end of the YAML file" in said
    assert "'pole-a/directrice.txt'" in said
    assert said.endswith("Nothing was imported: 2 things to settle, each with what to do (→).")
