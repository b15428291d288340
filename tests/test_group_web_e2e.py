"""Issue 18 in a real browser (the system's Chromium, as tests/test_web_e2e.py): who decided a
suggestion shows on the document page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.app.project import load_project
from ptce_coding.base.records import Coding
from ptce_coding.store import Store
from ptce_coding.web.app import create_app
from tests import test_web_e2e as e2e
from tests.test_web_api import make_web_project

pytestmark = e2e.pytestmark
browser, page, site = e2e.browser, e2e.page, e2e.site  # the fixtures of the e2e tests


def test_accepting_on_the_document_page_shows_the_reviewer(site, page) -> None:
    url, project_dir = site
    with Store(Path(project_dir) / "coding.sqlite") as store:
        [rule] = store.coding_rows(methods=["rule"])
    page.goto(f"{url}/document/pole-a/directrice.txt")
    chip = page.locator(f'.chip[data-id="{rule.id}"]')
    assert "rules" in chip.inner_text()
    with page.expect_navigation():
        chip.locator("button.accept").click()
    chip = page.locator(f'.chip[data-id="{rule.id}"]')
    with Store(Path(project_dir) / "coding.sqlite") as store:
        decided = store.coding_by_id(rule.id)
    assert (decided.coder, decided.suggested_by) == ("alice", "rules")
    text = chip.inner_text()
    assert f"acceptée par alice le {decided.reviewed_at[:10]} (suggérée par rules)" in text
    assert "alice · règle · accepté" in text
    passage = page.locator("#transcript .piece", has_text="achats groupés")
    assert "acceptée par alice" in passage.get_attribute("title")


def test_the_matrix_page_chooses_whose_coding_counts(site, page) -> None:
    url, project_dir = site
    with Store(Path(project_dir) / "coding.sqlite") as store:
        text = store.document("pole-a/directrice.txt").text

        def at(words: str, code: str, coder: str, status: str = "accepted") -> Coding:
            start = text.index(words)
            return Coding(
                "pole-a/directrice.txt",
                start,
                start + len(words),
                code,
                coder,
                method="import",
                status=status,
            )

        store.add_codings(
            [
                at("locaux partagés", "COOP.LIEU", "doctorante"),
                at("achats groupés", "COOP.ACHATS", "encadrant"),
                at("achats groupés", "COOP.ACHATS", "consensus", "rejected"),
            ]
        )

    def cells() -> dict[str, list[str]]:
        rows = page.locator("table.matrix tbody tr")
        return {
            rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").all_inner_texts()
            for i in range(rows.count())
        }

    page.goto(f"{url}/matrice")
    headers = page.locator("table.matrix thead th").all_inner_texts()
    assert [h.split("\n")[-1] for h in headers[1:]] == ["COOP", "ECO"]
    assert cells()["Pôle A"] == ["2", "1"]  # every coder: bob's ECO too
    assert (
        "repose sur le codage de toutes les personnes qui ont codé ces entretiens (bob, "
        "doctorante et encadrant)" in page.inner_text(".whose")
    )
    page.fill('input[name="codeurs"]', "doctorante,encadrant")
    page.fill('input[name="consensus"]', "consensus")
    with page.expect_navigation():
        page.click("form.coders button")
    assert cells()["Pôle A"] == ["1", "0"]  # the consensus said no to the achats
    assert page.inner_text(".whose") == (
        "Cette matrice repose sur le codage de doctorante et d'encadrant, seuls codages retenus "
        "pour cette matrice ; là où l'équipe a tranché un désaccord entre codeurs, sa décision "
        "commune (le consensus, enregistré sous le nom « consensus ») remplace leurs codages."
    )
    # a cell's quotations come from the same selection
    with page.expect_navigation():
        page.click("table.matrix tbody tr:has-text('Pôle A') td a")
    quotes = page.locator("li").all_inner_texts()
    assert any("locaux partagés" in q for q in quotes)
    assert not any("achats groupés" in q for q in quotes)
    with page.expect_navigation():
        page.click("text=← Matrice")
    assert cells()["Pôle A"] == ["1", "0"]


@pytest.fixture
def blind_site(tmp_project: Path, invoke: Callable[..., Result]) -> Iterator[tuple[str, Path]]:
    """The web project with assignments: alice codes pole-a, bob pole-b, and every document
    is double-coded (share 1); bob has accepted the rules' suggestion already."""
    project_dir = make_web_project(tmp_project, invoke)
    with (project_dir / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "assignments:\n  coders:\n    alice: [pole-a]\n    bob: [pole-b]\n"
            "  double_coding:\n    share: 1\n    seed: 3\n"
        )
    with Store(project_dir / "coding.sqlite") as store:
        [rule] = store.coding_rows(methods=["rule"])
        store.review(rule.id, "accepted", "bob")
    app = create_app(load_project(project_dir), "alice")
    with e2e.ServerThread(app) as url:
        yield url, project_dir


def test_blind_review_on_the_web_page(blind_site, page) -> None:
    url, project_dir = blind_site
    with Store(Path(project_dir) / "coding.sqlite") as store:
        [rule] = store.coding_rows(methods=["rule"])
    page.goto(f"{url}/")
    mine = page.locator("tr", has_text="directrice.txt").locator("td.mine")
    assert mine.inner_text() == "double codage à l'aveugle (avec bob) · 0 décidée(s), 3 à revoir"
    page.goto(f"{url}/revue")
    assert page.locator(".suggestion").count() == 3  # bob's decision is alice's to make too
    assert "bob" not in page.inner_text("main")
    # on the document page bob's accepted suggestion is a suggestion for alice, not bob's
    page.goto(f"{url}/document/pole-a/directrice.txt")
    chip = page.locator(f'.chip[data-id="{rule.id}"]')
    assert "bob" not in page.inner_text("#codings") and "suggéré" in chip.inner_text()
    with page.expect_navigation():
        chip.locator("button.reject").click()
    with Store(Path(project_dir) / "coding.sqlite") as store:
        assert store.coding_by_id(rule.id).coder == "bob"  # bob's decision stays
        [own] = [r for r in store.coding_rows(methods=["rule"]) if r.origin == rule.id]
    assert (own.reviewed_by, own.status) == ("alice", "rejected")
    assert page.locator(f'.chip[data-id="{rule.id}"]').count() == 0  # decided: gone
    page.goto(f"{url}/")
    assert (
        "1 décidée(s), 2 à revoir"
        in page.locator("tr", has_text="directrice.txt").locator("td.mine").inner_text()
    )


def test_review_page_edits_the_passage_and_moves_a_suggestion(site, page) -> None:
    url, project_dir = site
    page.goto(f"{url}/revue?methode=rule")
    current = page.locator(".suggestion.current")
    rule_id = int(current.get_attribute("data-id"))
    assert current.locator("mark.passage").inner_text() == "achats groupés"
    page.keyboard.press(")")  # to the end of its sentence
    page.wait_for_selector("#message:has-text('Passage modifié')")
    passage = current.locator("mark.passage")
    assert passage.inner_text() == "achats groupés, c'est pour l'an prochain."
    page.click("button[data-step='narrow-end']")  # one sentence: no shorter
    page.wait_for_selector("#message:has-text('ne peut pas changer ainsi')")
    page.keyboard.press("(")  # from the start of its sentence
    page.wait_for_function(
        "() => document.querySelector('.suggestion.current mark.passage').textContent"
        " === \"Les achats groupés, c'est pour l'an prochain.\""
    )
    e2e.screenshot(page, "web-review-passage.png")
    page.keyboard.press("a")
    page.wait_for_selector("#message:has-text('Suggestion acceptée')")
    with Store(Path(project_dir) / "coding.sqlite") as store:
        [accepted] = [r for r in store.coding_rows(methods=["rule"]) if r.id == rule_id]
        events = [e["action"] for e in store.events()]
    assert (accepted.status, accepted.coder) == ("accepted", "alice")
    assert accepted.text == "Les achats groupés, c'est pour l'an prochain."
    assert "coding.review.passage" in events

    # the model's suggestion moved to another code, searched by its label
    page.goto(f"{url}/revue?methode=model")
    current = page.locator(".suggestion.current")
    model_id = int(current.get_attribute("data-id"))
    page.keyboard.press("m")
    assert page.evaluate("document.activeElement.id") == "move-code"
    page.keyboard.type("ECO")
    page.keyboard.press("Enter")
    page.wait_for_selector("#message:has-text('Suggestion déplacée vers ECO')")
    with Store(Path(project_dir) / "coding.sqlite") as store:
        assert store.coding_by_id(model_id).status == "rejected"
        [moved] = [r for r in store.coding_rows(coders=["alice"]) if r.origin == model_id]
    assert (moved.code, moved.method, moved.text) == ("ECO", "manual", "locaux partagés")
    with page.expect_navigation():
        page.keyboard.press("u")  # undo: the move is taken back
    with Store(Path(project_dir) / "coding.sqlite") as store:
        assert store.coding_by_id(model_id).status == "suggested"
        assert store.coding_by_id(moved.id) is None


def cli_in(project_dir: Path, *args: str) -> Result:
    from click.testing import CliRunner

    from ptce_coding.cli import cli

    result = CliRunner().invoke(cli, [*args, "--project", str(project_dir)])
    assert result.exit_code == 0, result.output
    return result


def test_a_removed_document_leaves_the_web_page_and_comes_back(site, page) -> None:
    url, project_dir = site
    page.goto(f"{url}/")
    assert page.locator('a.doc-link[title="Fichier : pole-a/directrice.txt"]').count() == 1
    removed = cli_in(project_dir, "documents", "remove", "pole-a/directrice.txt", "--yes")
    event = removed.output.split("(event ")[1].split(":")[0]
    page.goto(f"{url}/")
    assert page.locator('a.doc-link[title="Fichier : pole-a/directrice.txt"]').count() == 0
    page.goto(f"{url}/revue")
    assert page.locator(".suggestion").count() == 0  # its suggestions went with it
    cli_in(project_dir, "history", "--restore", event, "--yes")
    page.goto(f"{url}/")
    assert page.locator('a.doc-link[title="Fichier : pole-a/directrice.txt"]').count() == 1
    page.goto(f"{url}/revue")
    assert page.locator(".suggestion").count() == 3


def test_structural_codes_on_the_web_page(site, page) -> None:
    url, project_dir = site
    data = Path(__file__).parent / "data" / "structure"
    (Path(project_dir) / "corpus" / "pole-b" / "guide.txt").write_bytes(
        (data / "guide.txt").read_bytes()
    )
    with (Path(project_dir) / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write("structure:\n  code: STRUCT\n  headings: '^#+\\s*(?P<key>Question \\d+)'\n")
    cli_in(project_dir, "import", str(Path(project_dir) / "corpus"))
    cli_in(project_dir, "structure")
    page.goto(f"{url}/document/pole-b/guide.txt")
    chips = page.locator("#codings .chip").all_inner_texts()
    assert [c.split("\n")[0] for c in chips] == [
        "Question 1 STRUCT.QUESTION_1",
        "Question 2 STRUCT.QUESTION_2",
    ]
    assert all("structure · import · accepté" in c for c in chips)
    page.goto(f"{url}/matrice")
    headers = [h.split("\n")[-1] for h in page.locator("table.matrix thead th").all_inner_texts()]
    assert "STRUCT" in headers
    row = page.locator("table.matrix tbody tr", has_text="Pôle B").locator("td").all_inner_texts()
    assert row[headers.index("STRUCT") - 1] == "2"  # the two interviewee answers under them
