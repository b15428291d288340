"""A selection's outputs (session 37, helper R3): `matrix --cases` and `report --cases` write
files named after their poles and never replace the whole study's; the report on some poles
speaks of those poles only; a count matrix leaves empty a row that nothing counted codes, as
the share matrix and the report (« non codé ») do; `--consensus none` said on purpose is not
answered with advice to set a consensus."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from ptce_coding.app.project import find_project
from ptce_coding.base import selected_codings
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from ptce_coding.report.case_label import MAX_CASES_BYTES, cases_label

A, B = "pole-a/directrice.txt", "pole-b/membre.md"


def _code(root: Path, items: list[tuple[str, str, str, str, str]]) -> None:
    """Codings by hand: (document, words, code, coder, status)."""
    with find_project(root).open_store() as store:
        texts = store.document_texts()
        codings = []
        for document, words, code, coder, status in items:
            start = texts[document].index(words)
            end = start + len(words)
            codings.append(Coding(document, start, end, code, coder, status=status))
        store.add_codings(codings)


ALICE_BOTH_BOB_A = [  # alice codes both poles, bob pole-a only
    (A, "locaux partagés depuis 2012", "COOP.LIEU", "alice", "accepted"),
    (B, "Une subvention de la Région", "ECO.PUBLIC", "alice", "accepted"),
    (A, "nous avons des locaux partagés", "COOP.LIEU", "bob", "accepted"),
    (A, "le FSE nous aide", "ECO.PUBLIC", "bob", "accepted"),
]


def _digests(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) → its SHA-256."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- 1. matrix --cases: its own files ------------------------------------------------------


def test_matrix_cases_never_replace_the_whole_study(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """Before: `matrix --cases pole-b` wrote case-x-code-count.csv, the whole study's file,
    with pole-b's row alone."""
    _code(imported, ALICE_BOTH_BOB_A)
    assert invoke("matrix").exit_code == 0
    folder = imported / "outputs" / "matrices"
    whole = _digests(folder)
    assert sorted(whole) == ["case-x-code-count.csv", "case-x-code-count.xlsx"]
    result = invoke("matrix", "--cases", "pole-b")
    assert result.exit_code == 0, result.output
    mine = folder / "case-x-code-count-cases-pole-b.csv"
    assert f"Wrote {mine}, {mine.with_suffix('.xlsx')}" in result.stderr
    assert [row[0] for row in _csv(mine.read_text(encoding="utf-8"))] == ["case", "pole-b"]
    assert {k: v for k, v in _digests(folder).items() if k in whole} == whole
    # the order the poles are named in is one selection; --codes, --status, --coders before
    both = invoke("matrix", "--cases", "pole-b,pole-a", "--codes", "ECO", "--coders", "alice")
    assert both.exit_code == 0, both.output
    name = "case-x-code-count-ECO-coders-alice-cases-pole-a+pole-b.csv"
    assert (folder / name).is_file()
    assert _digests(folder)["case-x-code-count.csv"] == whole["case-x-code-count.csv"]


def test_a_pole_named_with_a_comma_or_decomposed_names_its_files_as_stored(
    invoke: Callable[..., Result], tmp_project: Path
) -> None:
    """The file name is the pole's as the project spells it: « Pôle B, Sud » given in
    pieces, « é » typed as e and an accent (macOS), give one file."""
    corpus = tmp_project / "corpus"
    (corpus / "pole-b").rename(corpus / "Pôle B, Sud")
    (corpus / "cases.csv").write_text(
        'case,region\npole-a,Bretagne\n"Pôle B, Sud",Occitanie\n', encoding="utf-8"
    )
    assert invoke("import", str(corpus)).exit_code == 0
    decomposed = "Po\u0302le B, Sud"
    for asked in ("Pôle B, Sud", decomposed, f"{decomposed},pole-a"):
        result = invoke("matrix", "--status", "all", "--cases", asked)
        assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_project / "outputs" / "matrices").glob("*.csv"))
    assert names == [
        "case-x-code-count-with-suggestions-cases-Pôle-B--Sud+pole-a.csv",
        "case-x-code-count-with-suggestions-cases-Pôle-B--Sud.csv",
    ]


def test_cases_label_is_short_and_safe() -> None:
    """Many poles or long names: their number and a digest of their names, within
    MAX_CASES_BYTES; two such selections, two names."""
    assert cases_label([]) == ""
    assert cases_label(["trois-vallons", "terres-d-orlan"]) == (
        "cases-terres-d-orlan+trois-vallons"
    )
    assert cases_label(["a/b", "Pôle: Nord"]) == "cases-Pôle--Nord+a-b"
    many = [f"ressources-val-de-lisonne-{i}" for i in range(8)]
    label = cases_label(many)
    assert re.fullmatch(r"cases-8-[0-9a-f]{8}", label)
    assert label == cases_label(reversed(many))
    assert label != cases_label([*many[:7], "autre"])
    assert len(cases_label(["é" * 40]).encode("utf-8")) <= MAX_CASES_BYTES


# --- 3. count matrix: a row nothing counted codes is empty, not 0 ----------------------------


def test_a_count_matrix_leaves_empty_a_pole_its_coders_did_not_code(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """bob coded pole-a only: `matrix --coders bob` read pole-b as all 0, a theme nobody
    spoke of, while `--value share` leaves it empty and the report says « non codé »."""
    _code(imported, ALICE_BOTH_BOB_A)
    result = invoke("matrix", "--coders", "bob", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = _csv(result.stdout)
    assert rows[0] == ["case", "COOP", "COOP.LIEU", "COOP.ACHATS", "ECO", "ECO.PUBLIC"]
    assert rows[1:] == [["pole-a", "0", "1", "0", "0", "1"], ["pole-b", "", "", "", "", ""]]
    assert (
        "Not coded by bob, left empty: pole-b (nothing counted codes their interviews: a 0 "
        "would read as a theme nobody spoke of; the report says « non codé »)."
    ) in result.stderr
    written = imported / "outputs" / "matrices" / "case-x-code-count-coders-bob.csv"
    assert _csv(written.read_text(encoding="utf-8"))[1:] == rows[1:]
    sheet = openpyxl.load_workbook(written.with_suffix(".xlsx"))["matrix"]
    assert [c.value for c in sheet[3]] == ["pole-b", None, None, None, None, None]
    assert [c.value for c in sheet[2]] == ["pole-a", 0, 1, 0, 0, 1]
    # the same rows as the share matrix leaves empty; presence and documents alike
    share = _csv(invoke("matrix", "--coders", "bob", "--value", "share", "--format", "csv").stdout)
    assert share[2][:6] == ["pole-b", "", "", "", "", ""]
    for value in ("presence", "documents", "per1000"):
        out = _csv(invoke("matrix", "--coders", "bob", "--value", value, "--format", "csv").stdout)
        assert out[2] == ["pole-b", "", "", "", "", ""], value
    # every pole coded: every cell a number, no note
    pooled = invoke("matrix", "--format", "csv")
    assert _csv(pooled.stdout)[2] == ["pole-b", "0", "0", "0", "0", "1"]
    assert "left empty" not in pooled.stderr


def test_a_count_matrix_before_any_coding_is_empty_and_says_so(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """Nothing coded: no row is coded, every cell empty (not 0), and the messages say so."""
    result = invoke("matrix")
    assert result.exit_code == 0, result.output
    assert (
        "Nothing coded yet: every cell of this matrix (2 rows × 5 codes) is empty, so it is "
        "not printed; the files below hold it." in result.stderr
    )
    assert "The store has no codings yet, so every cell is empty: run `ptce-coding code`" in (
        result.stderr
    )
    assert "left empty" not in result.stderr  # the hint says it all
    one = invoke("matrix", "--cases", "pole-a")
    assert "every cell of this matrix (1 row × 5 codes) is empty" in one.stderr


# --- 2. --consensus none: no advice to set one ---------------------------------------------


def test_consensus_none_said_on_purpose_is_not_advised_a_consensus(
    invoke: Callable[..., Result], imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A coder `consensus` holds « no » decisions. Without a consensus setting the note
    advises to apply them; with `--consensus none` the user chose: the fact, no advice."""

    def afresh(*args: str) -> Result:  # a process says each note once: each command anew
        monkeypatch.setattr(selected_codings, "told", set())
        return invoke(*args)

    _code(
        imported,
        [
            *ALICE_BOTH_BOB_A,
            (A, "nous avons des locaux partagés", "COOP.LIEU", "consensus", "rejected"),
            (B, "Une subvention de la Région", "ECO.PUBLIC", "consensus", "accepted"),
        ],
    )
    advice = "To apply them, set `analysis: {consensus: consensus}` in project.yaml"
    assert advice in afresh("matrix").stderr
    said = afresh("matrix", "--consensus", "none")
    assert said.exit_code == 0, said.output
    assert advice not in said.stderr and "--consensus consensus" not in said.stderr
    assert (
        "Note: coder consensus holds 1 « no » decision(s) (a filled disagreements workbook "
        "imported as consensus?) that are not applied: with --consensus none, consensus counts "
        "as one more coder and its « no » removes nothing."
    ) in said.stderr
    # --coder (read after --consensus) keeps it said
    again = afresh("matrix", "--consensus", "none", "--coder", "alice", "--coder", "consensus")
    assert again.exit_code == 0, again.output
    assert advice not in again.stderr and "with --consensus none, consensus counts" in again.stderr


# --- 1. report --cases: its own files, its own poles and coders ------------------------------


def _report(invoke: Callable[..., Result], *args: str) -> Result:
    result = invoke("report", *args)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.slow  # the report's figures (matplotlib), the Word documents
def test_report_cases_never_replace_the_whole_study(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """Before: `report --cases pole-b` wrote restitution.html, synthese.*, matrices.xlsx and
    the figures of the whole study with pole-b's alone."""
    _code(imported, ALICE_BOTH_BOB_A)
    _report(invoke)
    folder = imported / "outputs" / "report"
    whole = _digests(folder)
    for name in ("restitution.html", "restitution.docx", "synthese.md", "matrices.xlsx"):
        assert name in whole
    result = _report(invoke, "--cases", "pole-b")
    assert {k: v for k, v in _digests(folder).items() if k in whole} == whole
    for name in (
        "restitution-cases-pole-b.html",
        "restitution-cases-pole-b.docx",
        "synthese-cases-pole-b.html",
        "synthese-cases-pole-b.docx",
        "synthese-cases-pole-b.md",
        "matrices-cases-pole-b.xlsx",
    ):
        assert f"  {folder / name}\n" in result.stderr, name
    assert any((folder / "figures-cases-pole-b").glob("*.png"))
    assert (folder / ".figures-cases-pole-b.json").is_file()
    markdown = (folder / "synthese-cases-pole-b.md").read_text(encoding="utf-8")
    assert "`restitution-cases-pole-b.html` et `restitution-cases-pole-b.docx`" in markdown
    # a coder selection and a pole selection: both in the names
    _report(invoke, "--cases", "pole-b", "--coders", "alice")
    assert (folder / "restitution-coders-alice-cases-pole-b.html").is_file()
    # the whole study again: its usual names
    again = _report(invoke)
    assert f"  {folder / 'restitution.html'}\n" in again.stderr


@pytest.mark.slow  # the report's figures (matplotlib), the Word documents
def test_a_report_on_some_poles_speaks_of_those_poles_and_their_coders(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """analysis.coders names alice, bob and carol; only alice coded pole-b. Before: the note
    on poles without `nom` named pole-a too, and « Chiffres clés » said 3 coders."""
    _code(imported, ALICE_BOTH_BOB_A)
    _code(imported, [(A, "Les achats groupés", "COOP.ACHATS", "carol", "accepted")])
    settings = imported / "project.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "  coders: []" in text
    settings.write_text(text.replace("  coders: []", "  coders: [alice, bob, carol]"), "utf-8")
    result = _report(invoke, "--cases", "pole-b")
    assert (
        "Note: 1 pole has no `nom` in corpus/cases.csv: the report names it after the folder "
        "(pole-b → Pôle B); add a `nom` column to name it; 1 interview has no `libelle` in "
        "corpus/documents.csv: the report names it after the file."
    ) in result.stderr
    assert "pole-a →" not in result.stderr
    folder = imported / "outputs" / "report"
    markdown = (folder / "synthese-coders-alice+bob+carol-cases-pole-b.md").read_text("utf-8")
    figures = markdown[markdown.index("## Chiffres clés") :].splitlines()[4]
    assert figures.split("|")[1:-1][0].strip() == "1"  # one pole
    assert figures.split("|")[1:-1][-1].strip() == "1"  # alice alone coded pole-b
    whole = _report(invoke)
    assert "2 poles have no `nom`" in whole.stderr and "2 interviews have no" in whole.stderr
    markdown = (folder / "synthese-coders-alice+bob+carol.md").read_text("utf-8")
    figures = markdown[markdown.index("## Chiffres clés") :].splitlines()[4]
    assert figures.split("|")[1:-1][-1].strip() == "3"


@pytest.mark.slow  # pseudonymise, the report's figures, the Word documents
def test_an_anonymised_report_on_some_poles_names_them_as_it_does(tmp_path: Path) -> None:
    """The file name of an anonymised report on some poles says « Pôle B », as the report
    does: never the pole's folder, which the report pseudonymises."""
    root = tmp_path / "study"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    shutil.copyfile(
        Path(__file__).parent / "data" / "codebook.yaml", root / "codebooks" / "ptce.yaml"
    )
    for case, name in (("ferme-des-roches", "Marie"), ("atelier-du-lac", "Luc")):
        (root / "corpus" / case).mkdir(parents=True)
        (root / "corpus" / case / "e1.txt").write_text(
            f"Enquêtrice : Est-ce que vous partagez des locaux ?\n\n{name} : Oui, nous avons "
            "des locaux partagés depuis longtemps avec les autres structures du pôle.\n",
            encoding="utf-8",
        )

    def run(*args: str) -> Result:
        result = CliRunner().invoke(cli, [*args, "--project", str(root)])
        assert result.exit_code == 0, result.output
        return result

    run("import", str(root / "corpus"))
    for case in ("ferme-des-roches", "atelier-du-lac"):
        _code(root, [(f"{case}/e1.txt", "des locaux partagés", "COOP.LIEU", "anne", "accepted")])
    review = root / "private" / "revue.xlsx"
    review.parent.mkdir(exist_ok=True)
    run("pseudonymise", "--review", str(review), "--no-model")
    run("pseudonymise", "--apply", str(review))
    run("report", "--anonymise", "--cases", "ferme-des-roches")
    folder = root / "outputs" / "report"
    named = sorted(p.name for p in folder.iterdir() if "anonyme" in p.name)
    assert "restitution-cases-Pôle-B-anonyme.html" in named, named
    assert not [n for n in named if "ferme" in n or "roches" in n]
    assert not (folder / "restitution-anonyme.html").exists()
