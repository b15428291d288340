"""The report's agreement by pairs of coders: with three human coders or more who coded
interviews in common, the research annex shows each pair at the axis level and each coder's
mean (HTML, Markdown, Word, workbook), with a one-sentence reading; the restitution says how
many pairs were measured. With two coders, nothing changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import docx
import openpyxl
import pandas as pd
import pytest
from click.testing import Result

from ptce_coding.analysis.agreement_pairs import NOT_COMPARED, PAIR_COLUMNS, pair_readings
from ptce_coding.analysis.agreement_table import MEAN
from ptce_coding.report import pair_tables, tables
from ptce_coding.report.formatting import typeset
from ptce_coding.report.html import html_table, typeset_html
from ptce_coding.report.markdown import md_table
from ptce_coding.report.method_model import Method
from tests.test_agreement_cli import write_codings

# A long interview: 12 interviewee turns, each one segment (u0 … u11), between questions.
LONG = "".join(
    f"E : Question {i} ?\n\nAnne : Réponse numéro {i} sur le pôle.\n\n" for i in range(12)
)
U = [f"u{i}" for i in range(12)]
# COOP.LIEU rolls up to COOP, ECO.PUBLIC to ECO (level 1). alice and bob differ on one unit;
# carol codes otherwise; dave coded only the director's interview, which nobody else coded.
CODERS = {
    "alice": [("COOP.LIEU", u) for u in U[:6]] + [("ECO.PUBLIC", u) for u in U[6:]],
    "bob": [("COOP.LIEU", u) for u in U[:7]] + [("ECO.PUBLIC", u) for u in U[6:]],
    "carol": [("COOP.LIEU", u) for u in ("u0", "u6", "u7", "u8", "u9")]
    + [("ECO.PUBLIC", u) for u in ("u2", "u3", "u4", "u5")],
    "dave": [("COOP.LIEU", "a2"), ("ECO.PUBLIC", "a5")],
}
HEADER = [
    "Entretiens",
    "Unités",
    "Accord (%)",
    "κ de Cohen",
    "α de Krippendorff",
    "AC1 de Gwet",
    "Lecture",
]
STATISTICS = [("percent", 1), ("cohen_kappa", 3), ("krippendorff_alpha", 3), ("gwet_ac1", 3)]


def _spans(invoke: Callable[..., Result], root: Path) -> dict[str, tuple[str, int, int]]:
    """u0 … u11 in the long interview, a2 and a5 in the director's."""
    out = root / "segments.csv"
    assert invoke("segments", "export", str(out)).exit_code == 0
    rows = pd.read_csv(out)
    spans = {}
    for i in range(12):
        row = rows[rows["text"] == f"Réponse numéro {i} sur le pôle."].iloc[0]
        spans[f"u{i}"] = (str(row["document"]), int(row["start"]), int(row["end"]))
    for key, prefix in (("a2", "Oui, nous avons"), ("a5", "Et puis le FSE")):
        row = rows[rows["text"].str.startswith(prefix)].iloc[0]
        spans[key] = (str(row["document"]), int(row["start"]), int(row["end"]))
    return spans


def _coded(invoke: Callable[..., Result], root: Path, coders: list[str]) -> Path:
    (root / "corpus" / "pole-b" / "longue.txt").write_text(LONG, encoding="utf-8")
    assert invoke("import", str(root / "corpus")).exit_code == 0
    spans = _spans(invoke, root)
    for coder in coders:
        write_codings(root / f"{coder}.csv", coder, CODERS[coder], spans)
        result = invoke("codings", "import", str(root / f"{coder}.csv"))
        assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def group(invoke: Callable[..., Result], tmp_project: Path) -> Path:
    """alice, bob and carol on the long interview; dave on the director's alone."""
    return _coded(invoke, tmp_project, ["alice", "bob", "carol", "dave"])


def _expected(invoke: Callable[..., Result], coders: str) -> dict[tuple[str, str], dict]:
    """What `agreement --pairs --level 1` (the library) says of each pair and coder."""
    result = invoke("agreement", "--coders", coders, "--pairs", "--level", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    return {(row["coder"], row["with"]): row for row in json.loads(result.stdout)}


def _cells(row: dict, reading: str) -> list[str]:
    counts = [tables.fr(row["documents"], 0), tables.fr(row["units"], 0)]
    return [*counts, *(tables.fr(row[key], digits) for key, digits in STATISTICS), reading]


def _report(invoke: Callable[..., Result], root: Path, *args: str) -> Path:
    result = invoke("report", *args)
    assert result.exit_code == 0, result.output
    return root / "outputs" / "report"


def _section(markdown: str) -> str:
    return markdown[markdown.index("### Accord par paires") : markdown.index("## Grille")]


def _sheet(path: Path, name: str) -> list[list[object]]:
    workbook = openpyxl.load_workbook(path)
    return [list(row) for row in workbook[name].iter_rows(values_only=True)]


@pytest.mark.slow  # the whole report: charts, Word documents
def test_each_pair_of_the_group_in_every_annex_format(
    invoke: Callable[..., Result], group: Path
) -> None:
    """Three coders on one interview: their three pairs, the pairs with dave said in one
    sentence (he coded no interview another coded), each coder's mean; the figures are
    those of `agreement --pairs --level 1`, in every format of the annex."""
    expected = _expected(invoke, "alice,bob,carol,dave")
    report = _report(invoke, group)
    pairs = [("alice", "bob"), ("alice", "carol"), ("bob", "carol")]
    # by hand: alice and bob differ on u6 only (COOP), 24 decisions, 13 coded by either
    ab = expected[("alice", "bob")]
    assert (ab["documents"], ab["units"], ab["decisions"], ab["coded_decisions"]) == (1, 12, 24, 13)
    assert ab["percent"] == pytest.approx(100 * 23 / 24)
    # alpha (nominal, two coders) = 1 - (2n - 1) · 2·disagreements / (2 · ones · zeros) over
    # the 2n = 48 values: 25 ones, 23 zeros, 1 disagreement
    assert ab["krippendorff_alpha"] == pytest.approx(1 - 47 * 2 / (2 * 25 * 23))
    assert ab["flag"] == "✓" and expected[("alice", "carol")]["flag"] == "✗ < 0.667"
    rows = {
        "alice – bob": _cells(ab, "fiable"),
        "alice – carol": _cells(expected[("alice", "carol")], "à écarter"),
        "bob – carol": _cells(expected[("bob", "carol")], "à écarter"),
    }
    for coder in ("alice", "bob", "carol"):
        mean = expected[(coder, MEAN)]
        assert mean["pairs"] == 2
        reading = pair_tables.pair_reading(mean["flag"])
        rows[f"{coder} : moyenne sur 2 paires"] = ["—", "—", *_cells(mean, reading)[2:]]
    shown = pd.DataFrame(list(rows.values()), index=list(rows), columns=HEADER)
    markdown = (report / "synthese.md").read_text(encoding="utf-8")
    section = _section(markdown)
    assert md_table(shown, index_label="Paire") in section
    assert not [label for label in rows if "dave" in label]
    assert "| dave" not in section  # his pairs are not rows, nor is his mean
    apart = (
        "Sans entretien codé par les deux, 3 paires ne sont pas comparées : alice et dave, "
        "bob et dave, carol et dave."
    )
    assert apart in section
    alphas = {pair: expected[pair]["krippendorff_alpha"] for pair in pairs}
    lowest = min(alphas, key=alphas.__getitem__)
    assert lowest == ("alice", "carol")  # alice – carol and bob – carol: alice first
    reading = (
        "Sur 3 paires assez codées pour conclure, 2 sont sous 0,800 ; accord le plus faible : "
        f"alice et carol (α = {tables.fr(alphas[lowest], 3)}, à écarter) ; le plus fort : "
        f"alice et bob (α = {tables.fr(alphas[('alice', 'bob')], 3)}, fiable)."
    )
    assert reading in section
    # after the main pair's per-axis table, in the method
    assert markdown.index("| Axe | Unités | Unités codées") < markdown.index(
        "### Accord par paires"
    )
    html = (report / "synthese.html").read_text(encoding="utf-8")
    assert "<h3>Accord par paires de codeurs</h3>" in html
    assert typeset_html(html_table(shown, index_label="Paire")) in html  # French spaces
    assert typeset(apart) in html and typeset(reading) in html
    # the workbook: the same rows, the figures whole, each pair's decisions too
    sheet = _sheet(report / "matrices.xlsx", "accord par paires")
    assert sheet[0] == [
        "Paire",
        "Entretiens",
        "Unités",
        "Décisions",
        "Décisions codées",
        *HEADER[2:],
    ]
    assert [row[0] for row in sheet[1:]] == list(rows)
    first = sheet[1]
    assert first[1:5] == [1, 12, 24, 13]
    for value, (key, _) in zip(first[5:9], STATISTICS, strict=True):
        assert value == pytest.approx(ab[key], abs=1e-12)
    assert first[9] == "fiable"
    # the Word annex: a table headed « Paire » with each pair's row
    document = docx.Document(str(report / "synthese.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert (
        headings.index("Accord par paires de codeurs") == headings.index("Accord intercodeurs") + 1
    )
    word = next(t for t in document.tables if t.rows[0].cells[0].text == "Paire")
    assert [row.cells[0].text for row in word.rows[1:]] == [typeset(r) for r in rows]
    assert [c.text for c in word.rows[1].cells[1:5]] == rows["alice – bob"][:4]
    text = "\n".join(p.text for p in document.paragraphs)
    assert typeset(apart) in text and typeset(reading) in text


@pytest.mark.slow  # the whole report: charts, Word documents
def test_the_restitution_says_how_many_pairs_in_one_sentence(
    invoke: Callable[..., Result], group: Path
) -> None:
    report = _report(invoke, group)
    sentence = "Accord mesuré pour 3 paires de codeurs\u202f; détail dans l'annexe."
    html = (report / "restitution.html").read_text(encoding="utf-8")
    assert sentence.replace("'", "&#39;") in html
    assert "Accord par paires" not in html and "alice – bob" not in html
    text = "\n".join(p.text for p in docx.Document(str(report / "restitution.docx")).paragraphs)
    assert sentence in text and "Détail dans l'annexe." not in text


@pytest.mark.slow  # the whole report: charts, Word documents
def test_the_report_s_coders_are_the_pairs_coders(
    invoke: Callable[..., Result], group: Path
) -> None:
    """--coders chooses whose pairs: three of them without dave, no pair left out; two
    coders with documents in common (alice, bob; dave apart) make no pairwise table."""
    report = _report(invoke, group, "--coders", "alice,bob,carol")
    expected = _expected(invoke, "alice,bob,carol")
    section = _section((report / "synthese-coders-alice+bob+carol.md").read_text("utf-8"))
    cells = _cells(expected[("bob", "carol")], "à écarter")
    assert "| bob – carol | " + " | ".join(cells) + " |" in section
    assert "dave" not in section and "ne sont pas comparées" not in section
    report = _report(invoke, group, "--coders", "alice,bob,dave")
    markdown = (report / "synthese-coders-alice+bob+dave.md").read_text("utf-8")
    assert "Accord par paires" not in markdown
    assert "alice et bob, sur 1 entretien codé par les deux" in markdown


@pytest.mark.slow  # the whole report: charts, Word documents
def test_two_coders_change_nothing(invoke: Callable[..., Result], tmp_project: Path) -> None:
    """alice and bob (dave apart): the main pair's table alone, as before, in every format."""
    report = _report(invoke, _coded(invoke, tmp_project, ["alice", "bob", "dave"]))
    for name in ("synthese.md", "synthese.html", "restitution.html"):
        text = (report / name).read_text(encoding="utf-8")
        assert "par paires" not in text and "paires de codeurs" not in text, name
        assert "alice et bob" in text, name
    short = (report / "restitution.html").read_text(encoding="utf-8")
    assert "(moins de 10). Détail dans l'annexe.</p>" in short  # its two axes: too few
    assert "accord par paires" not in openpyxl.load_workbook(report / "matrices.xlsx").sheetnames
    for name in ("synthese.docx", "restitution.docx"):
        document = docx.Document(str(report / name))
        assert not any("par paires" in p.text for p in document.paragraphs), name
        assert not any(t.rows[0].cells[0].text == "Paire" for t in document.tables), name


@pytest.mark.slow  # pseudonymisation, the whole report twice
def test_an_anonymised_report_names_the_coders_as_the_main_pair_s_table(
    invoke: Callable[..., Result], group: Path
) -> None:
    """Coders keep their names in an anonymised report, in the pairs' table as in the main
    pair's sentence: the pairs' rows are the named report's."""
    (group / "corpus" / "cases.csv").write_text(
        "case,nom\npole-a,Pôle des Glaciers\npole-b,Pôle du Sud\n", encoding="utf-8"
    )
    assert invoke("import", str(group / "corpus")).exit_code == 0
    review = group / "private" / "revue.xlsx"
    result = invoke("pseudonymise", "--review", str(review), "--no-model")
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(review)
    for row in workbook["review"].iter_rows(min_row=2):
        if row[3].value == row[4].value:  # the case folders « pole-a »: already neutral
            row[1].value = "drop"
    workbook.save(review)
    result = invoke("pseudonymise", "--apply", str(review))
    assert result.exit_code == 0, result.output
    named = _section((_report(invoke, group) / "synthese.md").read_text("utf-8"))
    report = _report(invoke, group, "--anonymise")
    anonymised = (report / "synthese-anonyme.md").read_text("utf-8")
    assert _section(anonymised) == named
    assert "bob et carol, sur 1 entretien codé par" in anonymised  # the main pair, named as ever


# --- the sentences, on tables made by hand (no report) ---------------------------------------


def _synthesis(rows: list[dict]) -> SimpleNamespace:
    """A stand-in synthesis whose method holds a pairwise table of ``rows`` (pairs, means)."""
    table = pd.DataFrame(
        [{**dict.fromkeys(PAIR_COLUMNS), **row} for row in rows], columns=PAIR_COLUMNS, dtype=object
    )
    table = table.assign(flag=pair_readings(table))
    method = Method("Grille", "v1", [], pd.DataFrame(), ("accepted",), pairwise=table)
    return SimpleNamespace(method=method)


def _pair(a: str, b: str, documents: int, coded: int, alpha: float | None) -> dict:
    statistics = {"percent": 90.0, "cohen_kappa": alpha, "krippendorff_alpha": alpha}
    return {
        "coder": a,
        "with": b,
        "documents": documents,
        "units": 10 * documents,
        "decisions": 20 * documents,
        "coded_decisions": coded,
        **(statistics if documents else {}),
        "gwet_ac1": alpha if documents else None,
    }


def _mean(coder: str, pairs: int, alpha: float | None) -> dict:
    return {
        "coder": coder,
        "with": MEAN,
        "pairs": pairs,
        "percent": 90.0,
        "krippendorff_alpha": alpha,
    }


def test_the_readings_and_the_sentences() -> None:
    """fiable / provisoire / à écarter / too few, as the per-axis table reads them; the
    lowest and highest readable pairs named; the pairs apart in one sentence."""
    s = _synthesis(
        [
            _pair("ana", "bea", 2, 30, 0.85),
            _pair("ana", "cleo", 1, 12, 0.7),
            _pair("ana", "dan", 1, 4, 0.1),  # too few: not read, not named lowest
            _pair("bea", "cleo", 1, 15, 0.5),
            _pair("bea", "dan", 0, 0, None),
            _pair("cleo", "dan", 0, 0, None),
            _mean("ana", 3, 0.55),
            _mean("bea", 2, 0.675),
            _mean("cleo", 2, 0.6),
            _mean("dan", 1, 0.1),
        ]
    )
    shown = pair_tables.pairwise_table(s)  # type: ignore[arg-type]
    assert list(shown.columns) == HEADER
    assert list(shown.index) == [
        "ana – bea",
        "ana – cleo",
        "ana – dan",
        "bea – cleo",
        "ana : moyenne sur 3 paires",
        "bea : moyenne sur 2 paires",
        "cleo : moyenne sur 2 paires",
        "dan : moyenne sur 1 paire",
    ]
    assert list(shown["Lecture"]) == [
        "fiable",
        "provisoire",
        tables.TOO_FEW_FR,
        "à écarter",
        "à écarter",
        "provisoire",
        "à écarter",
        tables.TOO_FEW_FR,  # his only pair is too few
    ]
    assert list(shown.loc["ana – bea"])[:3] == ["2", "20", "90,0"]
    # documents in common but nothing coded on their units (interviewer turns only)
    assert pair_tables.pair_reading(NOT_COMPARED) == "aucun codage à comparer"
    assert list(shown.loc["ana : moyenne sur 3 paires"])[:2] == ["—", "—"]
    assert pair_tables.pairs_apart(s) == (  # type: ignore[arg-type]
        "Sans entretien codé par les deux, 2 paires ne sont pas comparées : bea et dan, "
        "cleo et dan."
    )
    assert pair_tables.pairs_reading(s) == (  # type: ignore[arg-type]
        "Sur 3 paires assez codées pour conclure, 2 sont sous 0,800 ; accord le plus faible : "
        "bea et cleo (α = 0,500, à écarter) ; le plus fort : ana et bea (α = 0,850, fiable)."
    )
    assert pair_tables.annex_pointer(s) == (  # type: ignore[arg-type]
        "Accord mesuré pour 4 paires de codeurs ; détail dans l'annexe."
    )
    assert "| dan : moyenne sur 1 paire | — | — | 90,0 |" in md_table(shown)


def test_one_readable_pair_none_and_none_apart() -> None:
    one = _synthesis(
        [
            _pair("ana", "bea", 1, 11, 0.7),
            _pair("ana", "cleo", 1, 3, 0.2),
            _pair("bea", "cleo", 1, 3, 0.9),
            *(_mean(c, 2, 0.5) for c in ("ana", "bea", "cleo")),
        ]
    )
    assert pair_tables.pairs_reading(one) == (  # type: ignore[arg-type]
        "Une seule paire est assez codée pour conclure : ana et bea (α = 0,700, provisoire)."
    )
    assert pair_tables.pairs_apart(one) == ""  # type: ignore[arg-type]
    none = _synthesis(
        [
            _pair("ana", "bea", 1, 9, 0.9),
            _pair("ana", "cleo", 1, 3, 0.2),
            _pair("bea", "cleo", 0, 0, None),
            *(_mean(c, 2 if c == "ana" else 1, 0.5) for c in ("ana", "bea", "cleo")),
        ]
    )
    assert pair_tables.pairs_reading(none) == (  # type: ignore[arg-type]
        "Aucune paire n'est assez codée pour conclure (moins de 10 décisions codées par l'un "
        "ou l'autre codeur)."
    )
    assert pair_tables.pairs_apart(none) == (  # type: ignore[arg-type]
        "Sans entretien codé par les deux, une paire n'est pas comparée : bea et cleo."
    )
    assert pair_tables.annex_pointer(none) == (  # type: ignore[arg-type]
        "Accord mesuré pour 2 paires de codeurs ; détail dans l'annexe."
    )


def test_no_pairwise_table_with_two_coders() -> None:
    """The renderers' functions say nothing without a pairwise table."""
    s = SimpleNamespace(method=Method("Grille", "v1", [], pd.DataFrame(), ("accepted",)))
    assert pair_tables.pairwise_table(s).empty  # type: ignore[arg-type]
    assert pair_tables.pairs_reading(s) == pair_tables.pairs_apart(s) == ""  # type: ignore[arg-type]
    assert pair_tables.annex_pointer(s) == "Détail dans l'annexe."  # type: ignore[arg-type]
