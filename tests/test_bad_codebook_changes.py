"""A research group changes its codebook mid-project: mistakes get a clear error, codings
follow, nothing is lost or overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.codebook.loader import MAX_DEPTH


@pytest.fixture
def coded(invoke, tmp_project: Path) -> Path:
    """The test corpus with human codings, and one rule suggestion of COOP.LIEU."""
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    with find_project(tmp_project).open_store() as store:
        store.add_codings(
            [
                Coding("pole-a/directrice.txt", 105, 150, "COOP.LIEU", "anne"),
                Coding("pole-a/directrice.txt", 105, 150, "COOP.ACHATS", "anne"),
                Coding("pole-a/directrice.txt", 237, 282, "COOP.ACHATS", "anne"),
                Coding("pole-a/directrice.txt", 237, 282, "COOP.LIEU", "anne", status="rejected"),
                Coding("pole-b/membre.md", 60, 120, "COOP.LIEU", "paul"),
                Coding("pole-b/membre.md", 201, 234, "ECO.PUBLIC", "paul"),
                Coding("pole-b/membre.md", 0, 40, "COOP.LIEU", "rules", "rule", "suggested", 0.7),
            ]
        )
    return tmp_project


def codings(root: Path) -> list[tuple]:
    with find_project(root).open_store() as store:
        return sorted(
            (r.document, r.start, r.end, r.code, r.coder, r.status) for r in store.coding_rows()
        )


def test_exporting_the_codebook_over_a_project_file_is_refused(invoke, coded) -> None:
    codebook = coded / "codebooks" / "ptce.yaml"
    before = codebook.read_bytes()
    result = invoke("codebook", "export", str(codebook))
    assert result.exit_code == 1
    assert "this is the project's codebook: the .qdc export (XML) would write over it" in (
        result.output
    )
    assert "nothing was written" in result.output
    assert codebook.read_bytes() == before
    settings = coded / "project.yaml"
    kept = settings.read_bytes()
    refused = invoke("codebook", "export", str(coded / "codebooks" / ".." / "project.yaml"))
    assert refused.exit_code == 1 and "the project's settings" in refused.output
    assert settings.read_bytes() == kept
    assert invoke("codebook", "export", str(coded / "grille.qdc")).exit_code == 0


def test_exporting_the_memos_over_the_store_is_refused(invoke, coded) -> None:
    store = coded / "coding.sqlite"
    before = codings(coded)
    result = invoke("memo", "export", str(store))
    assert result.exit_code == 1
    assert "this is the project's store: the memos (Markdown) would write over it" in (
        result.output
    )
    assert codings(coded) == before
    assert invoke("memo", "export", str(coded / "memos.md")).exit_code == 0


def _nested(depth: int) -> str:
    lines, indent, code = ["name: profond", "codes:"], "  ", "A"
    for level in range(depth - 1):
        lines += [f"{indent}- id: {code}", f"{indent}  label: niveau {level + 1}"]
        lines.append(f"{indent}  children:")
        indent, code = indent + "    ", f"{code}.N{level + 1}"
    lines += [f"{indent}- id: {code}", f"{indent}  label: feuille"]
    return "\n".join(lines) + "\n"


def _chain(depth: int) -> str:
    lines = ["name: profond", "codes:", "  - id: A", "    label: a"]
    for level in range(1, depth):
        parent = "A" if level == 1 else f"L{level - 1}"
        lines += [f"  - id: L{level}", f"    label: l{level}", f"    parent: {parent}"]
    return "\n".join(lines) + "\n"


def test_a_codebook_deeper_than_the_limit_is_refused_with_its_line(invoke, tmp_project) -> None:
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    codebook.write_text(_nested(MAX_DEPTH), "utf-8")
    assert invoke("codebook", "validate").exit_code == 0
    codebook.write_text(_chain(MAX_DEPTH + 1), "utf-8")
    result = invoke("codebook", "show")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    line = 2 + 3 * MAX_DEPTH  # the line of `- id: L50`
    assert f"line {line}: code L{MAX_DEPTH} is at level {MAX_DEPTH + 1}" in result.output
    assert f"a codebook may have at most {MAX_DEPTH} levels" in result.output


@pytest.mark.parametrize("text", [_chain(1200), _nested(400)], ids=["parents", "children"])
def test_a_very_deep_codebook_is_an_error_not_a_traceback(invoke, tmp_project, text) -> None:
    (tmp_project / "codebooks" / "ptce.yaml").write_text(text, "utf-8")
    for command in (["codebook", "show"], ["codebook", "validate"], ["matrix"]):
        result = invoke(*command)
        assert result.exit_code == 1, command
        assert not isinstance(result.exception, RecursionError), command
        assert f"a codebook may have at most {MAX_DEPTH} levels" in result.output, command
        assert "Flatten the tree" in result.output


def test_an_example_or_label_of_the_wrong_kind_is_named_with_its_line(invoke, tmp_project) -> None:
    codebook = tmp_project / "codebooks" / "ptce.yaml"
    codebook.write_text(
        "name: t\ncodes:\n  - id: A\n    label: a\n    examples:\n      - une phrase\n"
        "      - 2015\n      - note: à revoir\n  - id: B\n    label: [b, c]\n",
        "utf-8",
    )
    result = invoke("codebook", "validate")
    assert result.exit_code == 1
    assert "line 7: code A: example 2 must be a text, not a number (put it in quotes)" in (
        result.output
    )
    assert "line 8: code A: example 3 must be a text, not a mapping" in result.output
    assert "line 10: code B: `label` must be a text, not a list" in result.output
    assert "empty label" not in result.output


@pytest.mark.slow  # ruamel round trips of a codebook
def test_the_split_sheet_lists_decided_codings_and_imports_back_whole(invoke, coded) -> None:
    result = invoke("codebook", "split", "COOP.LIEU", "--into", "COOP.LIEU_A,COOP.LIEU_B")
    assert result.exit_code == 0, result.output
    import openpyxl

    sheet = coded / "outputs" / "reassign-COOP.LIEU.xlsx"
    workbook = openpyxl.load_workbook(sheet)
    rows = list(workbook.active.iter_rows(values_only=True))
    header = list(rows[0])
    assert sorted(row[header.index("coder")] for row in rows[1:]) == ["anne", "paul"]
    for number in range(2, len(rows) + 1):  # every row re-assigned
        workbook.active.cell(row=number, column=header.index("code") + 1).value = "COOP.LIEU_A"
    workbook.save(sheet)
    imported = invoke("codings", "import", str(sheet))
    assert imported.exit_code == 0, imported.output
    assert sum(c[3] == "COOP.LIEU_A" for c in codings(coded)) == 2
    assert sum(c[3] == "COOP.LIEU" for c in codings(coded)) == 2  # rejected and suggested
    assert "2 coding(s) of COOP.LIEU to re-assign" in result.output
    assert "1 suggestion(s) of COOP.LIEU wait for review and are not in the sheet" in (
        result.output
    )


def test_a_merge_says_where_one_coder_now_has_one_coding_of_two_codes(invoke, coded) -> None:
    before = codings(coded)
    result = invoke("codebook", "merge", "COOP.LIEU", "--into", "COOP.ACHATS")
    assert result.exit_code == 0, result.output
    assert (
        "2 passage(s) where one coder had two of the merged codes now hold one coding of "
        "COOP.ACHATS (accepted where either was; memos joined)" in " ".join(result.output.split())
    )
    assert "both kept" not in result.output
    after = codings(coded)
    assert len(after) == len(before) - 2  # one coding per coder, passage and code
    assert sum(c[3] == "COOP.ACHATS" for c in after) == 4
    assert invoke("codebook", "undo").exit_code == 0
    assert codings(coded) == before  # nothing lost


@pytest.mark.slow  # matplotlib figures
def test_the_codebook_annex_marks_a_retired_code(invoke, coded) -> None:
    assert invoke("codebook", "retire", "COOP.LIEU").exit_code == 0
    assert invoke("report").exit_code == 0
    report = coded / "outputs" / "report"
    markdown = (report / "synthese.md").read_text("utf-8")
    annex = markdown[markdown.index("## Grille de codage") :]
    assert "(COOP.LIEU, retiré)" in annex
    assert "(COOP.ACHATS)" in annex and "(COOP.ACHATS, retiré)" not in annex
    assert annex.count("*Code retiré :* plus proposé au codage") == 1
    html = (report / "synthese.html").read_text("utf-8")
    grid = html[html.index('id="grille"') :]
    assert '<span class="muted">COOP.LIEU, retiré</span>' in grid
    assert grid.count("<i>Code retiré\u00a0:</i>") == 1
    import docx

    paragraphs = [p.text for p in docx.Document(str(report / "synthese.docx")).paragraphs]
    start = max(i for i, text in enumerate(paragraphs) if text == "Grille de codage")
    grid_paragraphs = paragraphs[start:]
    assert any(text.endswith("COOP.LIEU, retiré") for text in grid_paragraphs)
    assert sum("Code retiré\u00a0: plus proposé au codage" in text for text in grid_paragraphs) == 1


def test_a_rename_names_the_texts_that_still_cite_the_old_id(invoke, coded) -> None:
    codebook = coded / "codebooks" / "ptce.yaml"
    text = codebook.read_text("utf-8")
    old = "exclude: Achats d'un seul membre."
    assert text.count(old) == 1
    cited = "exclude: Achats d'un seul membre ; la S.C.I.C. ; les locaux (COOP.LIEU)."
    codebook.write_text(text.replace(old, cited), "utf-8")
    line = 1 + text[: text.index(old)].count("\n")
    code_line = 1 + text[: text.index("- id: COOP.ACHATS")].count("\n")
    assert "cites" not in invoke("codebook", "validate").output
    result = invoke("codebook", "rename", "COOP.LIEU", "COOP.LOCAUX")
    assert result.exit_code == 0, result.output
    where = f"warning: codebooks/ptce.yaml, line {code_line}: code COOP.ACHATS: its exclude"
    assert f"{where} cites COOP.LIEU, which is now COOP.LOCAUX" in result.output
    assert "change these ids in the YAML by hand" in result.output
    assert result.output.count(" cites ") == 1  # not « S.C.I.C »
    validated = invoke("codebook", "validate").output
    assert f"{where} cites COOP.LIEU, which is not in the codebook" in validated
    assert codebook.read_text("utf-8").splitlines()[line - 1].strip() == cited


def test_a_merge_into_a_retired_code_says_how_to_proceed(invoke, coded) -> None:
    assert invoke("codebook", "retire", "COOP.ACHATS").exit_code == 0
    codebook = coded / "codebooks" / "ptce.yaml"
    before, stored = codebook.read_bytes(), codings(coded)
    result = invoke("codebook", "merge", "COOP.LIEU", "--into", "COOP.ACHATS")
    assert result.exit_code == 1
    assert "code COOP.ACHATS is already retired: a merge cannot give it new codings" in (
        result.output
    )
    assert "`ptce-coding codebook unretire COOP.ACHATS` first" in result.output
    assert codebook.read_bytes() == before and codings(coded) == stored


def test_a_new_id_that_orphaned_codings_still_use_is_refused(invoke, coded) -> None:
    codebook = coded / "codebooks" / "ptce.yaml"
    text = codebook.read_text("utf-8")
    codebook.write_text(text.replace("id: COOP.LIEU", "id: COOP.LOCAUX"), "utf-8")  # by hand
    edited, before = codebook.read_bytes(), codings(coded)
    for command in (
        ["codebook", "rename", "COOP.ACHATS", "COOP.LIEU"],
        ["codebook", "merge", "COOP.ACHATS", "ECO.PUBLIC", "--into", "COOP.LIEU"],
        ["codebook", "split", "COOP.ACHATS", "--into", "COOP.LIEU,COOP.AUTRE"],
    ):
        result = invoke(*command)
        assert result.exit_code == 1, command
        assert (
            f"`codebook {command[1]}` would create COOP.LIEU (4 coding(s)): codings still use "
            "this id though the code was removed from the codebook by hand" in result.output
        )
        assert "`ptce-coding codebook merge COOP.LIEU --into CODE`" in result.output
        assert codebook.read_bytes() == edited and codings(coded) == before
    assert not (coded / "outputs" / "reassign-COOP.ACHATS.xlsx").exists()
    repaired = invoke("codebook", "rename", "COOP.LIEU", "COOP.LOCAUX")  # the hand rename
    assert repaired.exit_code == 0, repaired.output
    renamed = invoke("codebook", "rename", "COOP.ACHATS", "COOP.LIEU")
    assert renamed.exit_code == 0, renamed.output
    assert "COOP.ACHATS → COOP.LIEU: 2 coding(s)" in renamed.output


def test_show_marks_a_retired_code(invoke, coded) -> None:
    assert invoke("codebook", "retire", "COOP.ACHATS").exit_code == 0
    shown = invoke("codebook", "show").stdout
    assert "  COOP.ACHATS  Achats groupés  [1 rule, retired]" in shown
    assert "  COOP.LIEU  Mutualisation de locaux  [3 rules]" in shown


@pytest.mark.parametrize(
    ("command", "target", "said"),
    [
        (("codings", "export"), "coding.sqlite", "this is the project's store"),
        (("segments", "export"), "corpus/cases.csv", "this is the cases' attributes"),
        (("export", "qdpx"), "codebooks/ptce.yaml", "this is the project's codebook"),
        (("review", "--export"), "project.yaml", "this is the project's settings"),
        (
            ("agreement", "--coders", "anne,bruno", "--disagreements"),
            "corpus/pole-a/directrice.txt",
            "would land in the corpus folder, which `import` reads as interviews",
        ),
        (("codings", "export"), "corpus/pole-b/codages.csv", "would land in the corpus folder"),
    ],
)
def test_no_export_writes_over_the_project_s_own_files(
    invoke, coded: Path, command: tuple[str, ...], target: str, said: str
) -> None:
    """`codings export coding.sqlite` replaced the store with a CSV file; the other exports
    could write over the codebook, the settings, cases.csv or a transcript as well."""
    with find_project(coded).open_store() as store:
        document = store.document("pole-a/directrice.txt")
        assert document is not None
        store.add_codings(
            [Coding(document.name, 0, 20, "COOP", coder) for coder in ("anne", "bruno")]
        )
    files = sorted(p for p in coded.rglob("*") if p.is_file() and ".cache" not in p.parts)
    before = {p: p.read_bytes() for p in files}
    result = invoke(*command, str(coded / target))
    assert result.exit_code == 1, result.output
    assert said in " ".join(result.output.split()) and "nothing was written" in result.output
    after = sorted(p for p in coded.rglob("*") if p.is_file() and ".cache" not in p.parts)
    assert after == files and {p: p.read_bytes() for p in files} == before


def test_review_marks_a_suggestion_of_a_retired_code(invoke, coded: Path) -> None:
    result = invoke("codebook", "retire", "COOP.LIEU")
    assert result.exit_code == 0, result.output
    shown = CliRunner().invoke(
        cli, ["review", "--coder", "paul", "--project", str(coded)], input="q"
    )
    assert shown.exit_code == 0, shown.output
    said = " ".join(shown.output.split())
    assert "→ COOP.LIEU" in said
    assert "a retired code: no longer offered for coding; [m]ove the suggestion" in said
