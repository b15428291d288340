"""A file that names a document by its file alone (a gold coding made elsewhere, a
documents.csv written before documents were named <case>/<file>) still finds it when one
case has that file (session 34: the dev set's gold, `codings.csv`, names
000_bd2812c46b4043d7.txt, imported with --case seminaire)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ptce_coding.cli import cli
from ptce_coding.store import Store

TEXT = (
    "Enquêteur : Comment est né le pôle ?\n\n"
    "Marie : On a mutualisé les locaux avec trois associations du quartier.\n"
)


def _project(root: Path, cases: tuple[str, ...]) -> Path:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    for case in cases:
        source = root.parent / f"source-{case}" / "entretien.txt"
        source.parent.mkdir(parents=True)
        source.write_text(TEXT + f"\nMarie : C'est le pôle {case}.\n", encoding="utf-8")
        result = runner.invoke(cli, ["import", str(source), "--case", case, "--project", str(root)])
        assert result.exit_code == 0, result.output
    return root


def _codings_file(root: Path) -> Path:
    path = root.parent / "gold.csv"
    start = TEXT.index("On a")
    path.write_text(
        f"document,start,end,code,coder\nentretien.txt,{start},{start + 20},COOP,claire\n",
        encoding="utf-8",
    )
    return path


def test_a_coding_naming_the_file_alone_finds_its_document(tmp_path: Path) -> None:
    """Before: « unknown document 'entretien.txt' », nothing imported."""
    root = _project(tmp_path / "p", ("seminaire",))
    gold = _codings_file(root)
    result = CliRunner().invoke(cli, ["codings", "import", str(gold), "--project", str(root)])
    assert result.exit_code == 0, result.output
    with Store(root / "coding.sqlite") as store:
        (row,) = store.coding_rows(coders=["claire"])
    assert row.document == "seminaire/entretien.txt"


def test_a_file_two_cases_have_is_refused_with_both(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", ("pole-a", "pole-b"))
    gold = _codings_file(root)
    result = CliRunner().invoke(cli, ["codings", "import", str(gold), "--project", str(root)])
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert "'entretien.txt' is in 2 cases (pole-a/entretien.txt, pole-b/entretien.txt)" in said


def test_documents_csv_naming_the_file_alone_gives_its_attributes(tmp_path: Path) -> None:
    """Before: the row named no document (« did you mean seminaire/entretien.txt? »)."""
    root = _project(tmp_path / "p", ("seminaire",))
    (root / "corpus" / "documents.csv").write_text(
        "document,role\nentretien.txt,directrice\n", encoding="utf-8"
    )
    source = root.parent / "source-seminaire" / "entretien.txt"
    result = CliRunner().invoke(
        cli, ["import", str(source), "--case", "seminaire", "--project", str(root)]
    )
    assert result.exit_code == 0, result.output
    with Store(root / "coding.sqlite") as store:
        document = store.document("seminaire/entretien.txt")
    assert document is not None and document.attributes.get("role") == "directrice"
