"""The report's figures folder: a new report removes the figures an earlier one drew and no
longer draws, and nothing else. A logo, a photo of the pole, a figure exported or retouched by
hand: the user's files in outputs/report/figures*/ are never removed, whatever the report
draws (the chapters by axis, the networks, the typology of the poles), named or anonymised."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.app.project import find_project
from ptce_coding.app.workflow import make_report
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli
from tests.test_compare_cli import COMPARE, LAYOUT, build, set_compare
from tests.test_network_cli import network_study, segment_of

# A user's own files, each with content no report draws.
OWN = {
    "logo.png": b"\x89PNG\r\n\x1a\n the group's logo",
    "photo-du-pole.svg": b"<svg><!-- a photo of the pole, traced --></svg>",
    "carte-faite-main.png": b"\x89PNG\r\n\x1a\n a figure exported by hand",
    "notes.txt": b"which figure goes on which slide",
}


def _code(project: Path, document: str, words: str, code: str) -> None:
    """A coding of ``code`` on the first occurrence of ``words`` in ``document``."""
    with find_project(project).open_store() as store:
        stored = store.document(document)
        assert stored is not None, document
        start = stored.text.index(words)
        store.add_codings([Coding(document, start, start + len(words), code, "anne")])


def _eco_taken_back(project: Path) -> None:
    """anne's ECO coding removed: the next report codes ECO nowhere, and draws no ECO figure
    (a report on other poles, --cases, has a folder of its own)."""
    with find_project(project).open_store() as store:
        for row in store.coding_rows(coders=["anne"]):
            if row.code.startswith("ECO"):
                store.delete_manual_coding(row.id, "anne")


def _put_own_files(folder: Path) -> None:
    for name, content in OWN.items():
        (folder / name).write_bytes(content)


def _own_files_intact(folder: Path) -> None:
    assert {name: (folder / name).read_bytes() for name in OWN} == OWN


def _listed(manifest: Path) -> set[str]:
    return set(json.loads(manifest.read_text(encoding="utf-8"))["figures"])


def _figures(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.suffix in (".png", ".svg")}


@pytest.fixture
def reported(invoke: Callable[..., Result], imported: Path) -> Path:
    """The test project, coded on ECO in pole-a and on COOP in pole-b, reported once, with
    the user's own files put in its figures folder; returns that folder."""
    _code(imported, "pole-a/directrice.txt", "deux appels à projets", "ECO.PUBLIC")
    _code(imported, "pole-b/membre.md", "on partage un grand bureau", "COOP.LIEU")
    result = invoke("report")
    assert result.exit_code == 0, result.output
    figures = imported / "outputs" / "report" / "figures"
    assert (figures / "eco-barres.png").is_file()
    _put_own_files(figures)
    return figures


@pytest.mark.slow  # matplotlib figures, the Word documents
def test_a_new_report_removes_the_earlier_figures_and_keeps_the_user_s_files(
    invoke: Callable[..., Result], reported: Path
) -> None:
    _eco_taken_back(reported.parent.parent.parent)
    result = invoke("report")
    assert result.exit_code == 0, result.output
    _own_files_intact(reported)  # were all removed but notes.txt
    assert not (reported / "eco-barres.png").exists()  # the earlier report's
    assert not (reported / "eco-barres.svg").exists()
    drawn = {
        f"{stem}.{kind}"
        # the annex's, and the restitution's poles compared axis by axis
        for stem in (
            "cooccurrences",
            "coop-barres",
            "coop-carte",
            "vue-ensemble",
            "restitution-axes",
        )
        for kind in ("png", "svg")
    }
    assert _figures(reported) == drawn | {"logo.png", "photo-du-pole.svg", "carte-faite-main.png"}
    # the manifest beside the folder lists this report's figures, never the user's
    assert _listed(reported.parent / ".figures.json") == drawn
    assert f"{len(drawn)} figure files in {reported}" in result.output
    # and the user is told what it left there
    assert f"3 other files left in {reported}, not drawn by this report: " in result.output
    assert "carte-faite-main.png, logo.png, photo-du-pole.svg" in result.output


@pytest.mark.slow  # matplotlib figures, the Word documents
def test_a_figure_retouched_by_hand_is_kept(invoke: Callable[..., Result], reported: Path) -> None:
    """The user opened the report's drawing in Inkscape and saved it in its place."""
    retouched = "<svg><text>Ressources publiques, légende reprise à la main</text></svg>"
    (reported / "eco-barres.svg").write_text(retouched, encoding="utf-8")
    _eco_taken_back(reported.parent.parent.parent)
    result = invoke("report")
    assert result.exit_code == 0, result.output
    assert (reported / "eco-barres.svg").read_text(encoding="utf-8") == retouched
    assert not (reported / "eco-barres.png").exists()  # as the earlier report drew it
    assert "eco-barres.svg" not in _listed(reported.parent / ".figures.json")
    _own_files_intact(reported)


@pytest.mark.slow  # matplotlib figures, the Word documents
def test_a_folder_of_a_report_without_manifest_keeps_what_this_report_does_not_draw(
    invoke: Callable[..., Result], reported: Path
) -> None:
    """A figures folder written by an earlier version (no manifest), or whose manifest was
    damaged: nobody can tell the report's figures from the user's, so none is removed; the
    report says which files it did not draw."""
    manifest = reported.parent / ".figures.json"
    manifest.unlink()
    project = find_project(reported.parent.parent.parent)
    _eco_taken_back(project.root)
    with project.open_store() as store:
        made = make_report(project, store, project.load_codebook())
    assert [p.name for p in made.files.kept] == [  # PNG then SVG
        "carte-faite-main.png",
        "eco-barres.png",
        "eco-carte.png",
        "logo.png",
        "eco-barres.svg",
        "eco-carte.svg",
        "photo-du-pole.svg",
    ]
    assert all(p.parent == reported for p in made.files.kept)
    _own_files_intact(reported)
    assert "eco-barres.png" not in _listed(manifest)  # listed from now on: this report's

    for damaged in ('{"figures": ["vue-ensemble.png"', "\xff\xfe", '["logo.png"]'):
        manifest.write_bytes(damaged.encode("latin-1"))
        result = invoke("report")
        assert result.exit_code == 0, result.output
        _own_files_intact(reported)
        assert (reported / "eco-barres.svg").is_file()
        assert "vue-ensemble.png" in _listed(manifest)  # written anew


@pytest.mark.slow  # matplotlib figures, the Word documents
def test_a_manifest_never_removes_a_file_outside_the_folder_or_another_s_content(
    invoke: Callable[..., Result], reported: Path
) -> None:
    report = reported.parent
    manifest = report / ".figures.json"
    written = json.loads(manifest.read_text(encoding="utf-8"))
    (report / "notes-de-reunion.png").write_bytes(b"the meeting's notes, photographed")
    logo = OWN["logo.png"]
    written["figures"].update(
        {
            "../notes-de-reunion.png": written["figures"]["eco-barres.png"],
            "logo.png": "0" * 64,  # a name the report drew once, the user's content now
        }
    )
    manifest.write_text(json.dumps(written), encoding="utf-8")
    _eco_taken_back(report.parent.parent)
    assert invoke("report").exit_code == 0
    assert (report / "notes-de-reunion.png").read_bytes() == b"the meeting's notes, photographed"
    assert (reported / "logo.png").read_bytes() == logo
    _own_files_intact(reported)


@pytest.mark.slow  # matplotlib figures, the Word documents
def test_a_folder_in_the_way_of_the_manifest_stops_the_report_before_anything_is_written(
    invoke: Callable[..., Result], imported: Path
) -> None:
    report = imported / "outputs" / "report"
    (report / ".figures.json").mkdir(parents=True)
    result = invoke("report")
    assert result.exit_code == 1, result.output
    assert "a folder is in the way of this report file: nothing was written" in result.output
    assert sorted(p.name for p in report.iterdir()) == [".figures.json"]


@pytest.mark.slow  # matplotlib figures, the Word documents, the typology chapter
def test_named_and_anonymised_reports_each_tidy_their_own_folder_only(tmp_path: Path) -> None:
    root = tmp_path / "study"
    build(root, CliRunner(), LAYOUT)  # five poles: the « Typologie des pôles » chapter
    set_compare(root, COMPARE)
    (root / "private").mkdir()
    (root / "private" / "names.csv").write_text(
        "name,kind,pseudonym\nMarie,person,Directrice\n", encoding="utf-8"
    )
    review = root / "private" / "revue.xlsx"
    for args in (["--review", str(review), "--no-model"], ["--apply", str(review)]):
        result = CliRunner().invoke(cli, ["pseudonymise", *args, "--project", str(root)])
        assert result.exit_code == 0, result.output

    def report(*args: str) -> Result:
        result = CliRunner().invoke(cli, ["report", *args, "--project", str(root)])
        assert result.exit_code == 0, result.output
        return result

    folder = root / "outputs" / "report"
    named, anonymised = folder / "figures", folder / "figures-anonyme"
    report()
    report("--anonymise")
    for figures in (named, anonymised):
        typology = {p.name for p in figures.glob("typologie-*")}
        assert typology and typology <= _figures(figures), figures
        _put_own_files(figures)
    named_before = {p.name: p.read_bytes() for p in named.iterdir()}

    # three poles coded: no typology chapter, its figures were the earlier anonymised report's
    with find_project(root).open_store() as store:
        for row in store.coding_rows(coders=["anne"]):
            if row.case in ("pole-4", "pole-5"):
                store.delete_manual_coding(row.id, "anne")
    result = report("--anonymise")
    assert "no chapter (5 poles, 3 with a coded interview" in result.output
    assert not list(anonymised.glob("typologie-*"))
    _own_files_intact(anonymised)
    assert _listed(folder / ".figures-anonyme.json") == _figures(anonymised) - set(OWN)
    assert {p.name: p.read_bytes() for p in named.iterdir()} == named_before  # not its own

    report()
    assert not list(named.glob("typologie-*"))
    _own_files_intact(named)
    _own_files_intact(anonymised)


@pytest.mark.slow  # the French spaCy model (member aliases), matplotlib figures
def test_the_network_drawings_go_when_the_chapter_goes_and_the_user_s_files_stay(
    tmp_path: Path,
) -> None:
    root = network_study(tmp_path / "study")
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)]).exit_code == 0
    )
    scop = "pole-n/entretien-scop.txt"
    with find_project(root).open_store() as store:
        text = store.document(scop).text
        store.add_codings(
            [
                Coding(scop, *segment_of(text, "Nous partageons"), "COOP.LIEU", "anne"),
                Coding(scop, *segment_of(text, "achetons"), "COOP.ACHATS", "anne"),
            ]
        )
    result = runner.invoke(cli, ["report", "--project", str(root)])
    assert result.exit_code == 0, result.output
    figures = root / "outputs" / "report" / "figures"
    assert {p.name for p in figures.glob("reseau-*")} == {"reseau-pole-n.png", "reseau-pole-n.svg"}
    _put_own_files(figures)
    (figures / "reseau-fait-main.svg").write_text("<svg>drawn on paper</svg>", encoding="utf-8")

    (root / "corpus" / "members.csv").unlink()  # no members listed: no network chapter
    result = runner.invoke(cli, ["report", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in figures.glob("reseau-*")} == {"reseau-fait-main.svg"}
    _own_files_intact(figures)
