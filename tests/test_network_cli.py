"""`ptce-coding network` on a small project: aliases, ties from cooperation codings only,
evidence, NER candidates, the report chapter and `run`."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.cli import cli

pytestmark = pytest.mark.slow  # the French spaCy model

DATA = Path(__file__).parent / "data"
SCOP = "pole-n/entretien-scop.txt"
ASSO = "pole-n/entretien-asso.txt"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def segment_of(text: str, words: str) -> tuple[int, int]:
    """The paragraph of ``text`` that holds ``words``."""
    start = text.rindex("\n", 0, text.index(words)) + 1
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


def network_study(root: Path) -> Path:
    """A new project at ``root`` with the test codebook, the network test corpus and its
    members list (not imported)."""
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    shutil.copyfile(DATA / "codebook.yaml", root / "codebooks" / "ptce.yaml")
    shutil.rmtree(root / "corpus")
    shutil.copytree(DATA / "network" / "corpus", root / "corpus")
    shutil.copyfile(DATA / "network" / "members.csv", root / "corpus" / "members.csv")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    runner = CliRunner()
    root = network_study(tmp_path_factory.mktemp("network") / "study")
    result = runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert "members.csv" not in result.output  # an attribute table, not a transcript
    with find_project(root).open_store() as store:
        scop, asso = store.document(SCOP).text, store.document(ASSO).text
        store.add_codings(
            [
                Coding(SCOP, *segment_of(scop, "Nous partageons"), "COOP.LIEU", "anne"),
                Coding(SCOP, *segment_of(scop, "subvention"), "ECO.PUBLIC", "anne"),
                Coding(SCOP, *segment_of(scop, "achetons"), "COOP.ACHATS", "anne"),
                Coding(ASSO, *segment_of(asso, "apprentis"), "COOP.LIEU", "anne"),
            ]
        )
    result = runner.invoke(cli, ["network", "--project", str(root), "--format", "csv"])
    assert result.exit_code == 0, result.output
    return root


def test_ties_only_from_cooperation_segments_aliases_grouped(project: Path) -> None:
    ties = {
        (r["organisation_a"], r["organisation_b"]): r
        for r in rows(project / "outputs" / "network" / "ties.csv")
    }
    assert set(ties) == {
        ("Atelier du Bourg", "Menuiserie Verte"),  # co-mention in the shared-workshop segment
        ("Atelier du Bourg", "SCOP du Val"),  # said by the SCOP: « l'Atelier du Bourg » and
        ("Menuiserie Verte", "SCOP du Val"),  # « les ateliers du bourg » are one member
        ("Association Les Copeaux", "GEIQ Bois"),  # « le GEIQ », said by the association
    }
    # the financing segment names Menuiserie Verte and the GEIQ but is coded ECO only
    assert ("GEIQ Bois", "Menuiserie Verte") not in ties
    assert ties[("Atelier du Bourg", "SCOP du Val")]["weight"] == "2"
    assert ties[("Atelier du Bourg", "SCOP du Val")]["rules"] == "interviewee"


def test_evidence_points_at_the_segments(project: Path) -> None:
    with find_project(project).open_store() as store:
        document = store.document(SCOP)
        text, segments = document.text, store.segments(document.id)
    evidence = [
        r
        for r in rows(project / "outputs" / "network" / "evidence.csv")
        if (r["organisation_a"], r["organisation_b"]) == ("Atelier du Bourg", "SCOP du Val")
    ]
    assert [r["codes"] for r in evidence] == ["COOP.LIEU", "COOP.ACHATS"]
    for row, words in zip(evidence, ("Nous partageons", "achetons"), strict=True):
        (segment,) = [s for s in segments if words in text[s.start : s.end]]
        assert (row["segment"], row["start"], row["end"]) == tuple(
            str(v) for v in (segment.position, segment.start, segment.end)
        )
        assert row["text"] == text[segment.start : segment.end]


def test_acronyms_match_their_exact_form_only(project: Path) -> None:
    """« j'ai » in a cooperation segment is not the member whose alias is AI."""
    found = {r["organisation_a"] for r in rows(project / "outputs" / "network" / "ties.csv")}
    found |= {r["organisation_b"] for r in rows(project / "outputs" / "network" / "ties.csv")}
    assert "Atelier d'Insertion" not in found
    measures = rows(project / "outputs" / "network" / "measures.csv")
    assert measures[0]["members_named"] == "5"  # all but the Atelier d'Insertion


def test_measures_reading_and_governance(project: Path) -> None:
    (pole,) = rows(project / "outputs" / "network" / "measures.csv")
    assert pole["ties"] == "4"
    assert pole["components"] == "2"  # the Copeaux–GEIQ pair apart from the SCOP's triangle
    assert float(pole["density"]) == pytest.approx(4 / 10)
    assert pole["governance_attribute"] == "polycentrique"
    assert pole["reading"] == "multipolaire"


def test_ner_candidates_go_to_review_not_to_members(project: Path) -> None:
    candidates = rows(project / "outputs" / "network" / "candidates.csv")
    names = {r["candidate"] for r in candidates}
    assert "Les Amis du Plateau" in names
    plateau = next(r for r in candidates if r["candidate"] == "Les Amis du Plateau")
    assert plateau["mentions"] == "1" and "[Les Amis du Plateau]" in plateau["context"]
    assert not names & {"Menuiserie Verte", "Atelier du Bourg", "GEIQ"}
    members = (project / "corpus" / "members.csv").read_text(encoding="utf-8")
    assert "Plateau" not in members
    assert (project / "outputs" / "network" / "figures" / "reseau-pole-n.png").is_file()
    assert (project / "outputs" / "network" / "figures" / "reseau-pole-n.svg").is_file()


def test_report_has_the_network_chapter(project: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "--project", str(project)])
    assert result.exit_code == 0, result.output
    folder = project / "outputs" / "report"
    html = (folder / "synthese.html").read_text(encoding="utf-8")
    markdown = (folder / "synthese.md").read_text(encoding="utf-8")
    for text in (html, markdown):
        assert "Réseaux de coopération" in text
        assert "Centralisation de degré" in text
        assert "Pôle N" in text
    assert (folder / "figures" / "reseau-pole-n.png").is_file()
    import docx

    headings = [
        p.text
        for p in docx.Document(str(folder / "synthese.docx")).paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert "Réseaux de coopération" in headings


def test_bad_members_file_is_a_located_error(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    (copy / "corpus" / "members.csv").write_text(
        "case,organisation,kind,circle,aliases\npole-n,X,SCOP,troisième,\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["network", "--project", str(copy), "--no-candidates"])
    assert result.exit_code == 1
    assert "members.csv, line 2: unknown circle 'troisième'" in result.output
    assert "Traceback" not in result.output
    (copy / "corpus" / "members.csv").unlink()
    result = CliRunner().invoke(cli, ["network", "--project", str(copy), "--no-candidates"])
    assert result.exit_code == 1
    assert "members.csv: no members file" in result.output


def test_run_skips_the_network_quietly_without_members(tmp_project: Path) -> None:
    result = CliRunner().invoke(cli, ["run", "--project", str(tmp_project)])
    assert result.exit_code == 0, result.output
    assert "Network: skipped (no corpus/members.csv" in result.output
    assert not (tmp_project / "outputs" / "network").exists()
    html = (tmp_project / "outputs" / "report" / "synthese.html").read_text(encoding="utf-8")
    assert "Réseaux de coopération" not in html


def test_run_writes_the_network_and_the_chapter_when_members_are_listed(
    project: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    shutil.rmtree(copy / "outputs")
    result = CliRunner().invoke(cli, ["run", "--project", str(copy)])
    assert result.exit_code == 0, result.output
    assert "Network: 6 files in" in result.output, result.output  # 4 tables, PNG, SVG
    (pole,) = rows(copy / "outputs" / "network" / "measures.csv")
    assert pole["ties"] == "4"  # accepted codings exist: the new rule suggestions do not count
    html = (copy / "outputs" / "report" / "synthese.html").read_text(encoding="utf-8")
    assert "Réseaux de coopération" in html


def test_help_states_the_thresholds_of_the_reading() -> None:
    from ptce_coding.network import typology

    text = CliRunner().invoke(cli, ["network", "--help"]).output
    for value in (
        typology.MONOCENTRIC_CENTRALISATION,
        typology.EXTENDED_CENTRALISATION,
        typology.MULTIPOLAR_MODULARITY,
        typology.VERTICAL_BETWEENNESS,
    ):
        assert str(value) in text
    assert f"{typology.MONOCENTRIC_SHARE:.0%}" in text
    assert f"{typology.EXTENDED_SHARE:.0%}" in text


def test_anonymised_report_leaves_the_network_chapter_out(project: Path, tmp_path: Path) -> None:
    """The chapter names organisations and quotes segments: an anonymised report, meant to be
    shared, does without it (and says so)."""
    copy = tmp_path / "study"
    shutil.copytree(project, copy)
    runner = CliRunner()
    review = copy / "private" / "revue.xlsx"
    for args in (["--review", str(review), "--no-model"], ["--apply", str(review)]):
        result = runner.invoke(cli, ["pseudonymise", *args, "--project", str(copy)])
        assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["report", "--anonymise", "--project", str(copy)])
    assert result.exit_code == 0, result.output
    assert "network" in result.output and "left out" in result.output
    html = (copy / "outputs" / "report" / "synthese-anonyme.html").read_text(encoding="utf-8")
    assert "Réseaux de coopération" not in html
    result = runner.invoke(cli, ["report", "--project", str(copy)])
    html = (copy / "outputs" / "report" / "synthese.html").read_text(encoding="utf-8")
    assert "Réseaux de coopération" in html
    # the named report did not replace the anonymised one (they shared their files' names:
    # nothing told which one a folder held)
    kept = (copy / "outputs" / "report" / "synthese-anonyme.html").read_text(encoding="utf-8")
    assert "Réseaux de coopération" not in kept
    assert (copy / "outputs" / "report" / "figures-anonyme").is_dir()


def test_report_library_keeps_the_network_out_of_an_anonymised_report(
    project: Path, tmp_path: Path
) -> None:
    """Whoever calls write_report with a view: no network chapter, whatever is passed."""
    from ptce_coding.analysis.synthesis_data import synthesis_data
    from ptce_coding.network.assemble import network_if_listed
    from ptce_coding.report.choices import ReportChoices
    from ptce_coding.report.publish import write_report

    copy = tmp_path / "study"
    shutil.copytree(project, copy)
    review = copy / "private" / "revue.xlsx"
    runner = CliRunner()
    for args in (["--review", str(review), "--no-model"], ["--apply", str(review)]):
        assert runner.invoke(cli, ["pseudonymise", *args, "--project", str(copy)]).exit_code == 0
    from ptce_coding.privacy.apply import load_view

    found = find_project(copy)
    book = found.load_codebook()
    with found.open_store() as store:
        network = network_if_listed(
            found.network,
            store,
            book,
            members_file=found.members_path,
            cache_folder=found.cache_path,
            include_suggestions=True,
        )
        assert network is not None
        synthesis, files = write_report(
            synthesis_data(store),
            book,
            tmp_path / "out",
            ReportChoices(project="p", view=load_view(store, found.private_path)),
            network=network,
        )
    assert synthesis.network is None
    assert "Réseaux de coopération" not in files.html.read_text(encoding="utf-8")
