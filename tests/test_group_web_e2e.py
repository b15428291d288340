"""Issue 18 in a real browser (the system's Chromium, as tests/test_web_e2e.py): who decided a
suggestion shows on the document page."""

from __future__ import annotations

from pathlib import Path

from ptce_coding.store import Store
from tests import test_web_e2e as e2e

pytestmark = e2e.pytestmark
browser, page, site = e2e.browser, e2e.page, e2e.site  # the fixtures of the e2e tests


def test_accepting_on_the_document_page_shows_the_reviewer(site, page) -> None:
    url, project_dir = site
    with Store(Path(project_dir) / "coding.sqlite") as store:
        [rule] = store.coding_rows(methods=["rule"])
    page.goto(f"{url}/document/pole-a/directrice.txt")
    chip = page.locator(f'.chip[data-id="{rule["id"]}"]')
    assert "rules" in chip.inner_text()
    with page.expect_navigation():
        chip.locator("button.accept").click()
    chip = page.locator(f'.chip[data-id="{rule["id"]}"]')
    with Store(Path(project_dir) / "coding.sqlite") as store:
        decided = store.coding_by_id(rule["id"])
    assert (decided["coder"], decided["suggested_by"]) == ("alice", "rules")
    text = chip.inner_text()
    assert f"acceptée par alice le {decided['reviewed_at'][:10]} (suggérée par rules)" in text
    assert "alice · règle · accepté" in text
    passage = page.locator("#transcript .piece", has_text="achats groupés")
    assert "acceptée par alice" in passage.get_attribute("title")
