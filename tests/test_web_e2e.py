"""The web page in a real browser: the system's headless Chromium driven by Playwright (no
browser download). A passage selected with the mouse is coded at its exact code-point offsets
(accents and an emoji before it); a suggestion is accepted, rejected and restored with the
keyboard.

Set PTCE_WEB_SCREENSHOTS=DIR to keep screenshots of the pages in DIR.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.app.project import load_project
from ptce_coding.base.records import Coding
from ptce_coding.store import Store
from ptce_coding.web.app import create_app
from tests.test_web_api import EMOJI_DOC, EMOJI_TEXT, make_web_project

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,  # drives Chromium
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs the system Chromium at /usr/bin/chromium (apt-get install chromium; "
        ".ci/run installs it)",
    ),
]
SCREENSHOTS = os.environ.get("PTCE_WEB_SCREENSHOTS")


class ServerThread:
    """uvicorn serving the app on a free loopback port, in a thread of the test process."""

    def __init__(self, app: object) -> None:
        import uvicorn

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", ws="none", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def site(tmp_project: Path, invoke: Callable[..., Result]) -> Iterator[tuple[str, Path]]:
    project_dir = make_web_project(tmp_project, invoke)
    with Store(project_dir / "coding.sqlite") as store:  # bob coded « Le café » before
        start = EMOJI_TEXT.index("Le café")
        store.add_codings([Coding(EMOJI_DOC, start, start + 7, "ECO", "bob")])
    app = create_app(load_project(project_dir), "alice")
    with ServerThread(app) as url:
        yield url, project_dir


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors  # no JavaScript error on any page


def screenshot(page: object, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=False)  # type: ignore[attr-defined]


SELECT_POINTS = """([first, last]) => {
  // pixel points at the left edge of `first` and the right edge of `last` (UTF-16 search
  // inside the pieces' text nodes: the browser's own units, converted by the page's code)
  const edge = (word, atEnd) => {
    for (const piece of document.querySelectorAll("#transcript .piece")) {
      const node = piece.firstChild;
      const at = node.data.indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      const index = atEnd ? at + word.length - 1 : at;
      range.setStart(node, index);
      range.setEnd(node, index + 1);
      const box = range.getBoundingClientRect();
      return { x: atEnd ? box.right - 1 : box.left + 1, y: box.top + box.height / 2 };
    }
    throw new Error("not found: " + word);
  };
  return [edge(first, false), edge(last, true)];
}"""


def test_select_a_passage_with_the_mouse_and_code_it(site, page) -> None:
    url, project_dir = site
    page.goto(f"{url}/")
    page.click(f'a.doc-link[title="Fichier : {EMOJI_DOC}"]')
    page.wait_for_selector("#transcript")
    assert page.inner_text("#coder") == "alice"
    # the passage crosses the edge of bob's coding and has an accent and an emoji inside
    start_point, end_point = page.evaluate(SELECT_POINTS, ["café", "solidaire"])
    page.mouse.move(start_point["x"], start_point["y"])
    page.mouse.down()
    page.mouse.move(end_point["x"], end_point["y"], steps=8)
    page.mouse.up()
    page.wait_for_selector("#picker:not([hidden])")
    assert page.inner_text("#picker-quote") == "café 😀 solidaire"
    page.keyboard.type("achats gr")
    visible = page.locator("#code-list li:visible")
    assert visible.count() == 1 and "COOP.ACHATS" in visible.inner_text()
    screenshot(page, "web-document-picker.png")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector('.chip:has-text("Achats groupés")')

    with Store(project_dir / "coding.sqlite") as store:
        [coding] = store.coding_rows(coders=["alice"])
    start = EMOJI_TEXT.index("café")
    end = EMOJI_TEXT.index("solidaire") + len("solidaire")
    assert (coding.start, coding.end, coding.code) == (start, end, "COOP.ACHATS")
    assert coding.text == "café 😀 solidaire"
    assert (coding.method, coding.status) == ("manual", "accepted")
    # overlapping codings: the emoji is under alice's coding only, « café » under both
    both = page.locator("#transcript .piece", has_text="café")
    assert sorted(both.get_attribute("data-codings").split()) == sorted(
        [str(coding.id), str(bob_id(project_dir))]
    )
    assert "alice" in both.get_attribute("title") and "bob" in both.get_attribute("title")
    screenshot(page, "web-document.png")
    both.click()  # a click on a coded passage points at its codings in the panel
    lit = page.locator("#codings .chip.lit")
    lit.first.wait_for()
    assert sorted(int(i) for i in lit.evaluate_all("els => els.map(e => e.dataset.id)")) == sorted(
        [coding.id, bob_id(project_dir)]
    )

    # one's own coding can be removed from the page; bob's has no button
    assert page.locator(f'.chip[data-id="{bob_id(project_dir)}"] button').count() == 0
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click(f'.chip[data-id="{coding.id}"] button.delete')
    with Store(project_dir / "coding.sqlite") as store:
        assert store.coding_rows(coders=["alice"]) == []


def bob_id(project_dir: Path) -> int:
    with Store(project_dir / "coding.sqlite") as store:
        return int(store.coding_rows(coders=["bob"])[0].id)


def wait_for_status(project_dir: Path, coding_id: int, status: str) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with Store(project_dir / "coding.sqlite") as store:
            if store.coding_by_id(coding_id).status == status:
                return
        time.sleep(0.05)
    raise AssertionError(f"coding {coding_id} did not become {status}")


def test_review_suggestions_with_the_keyboard(site, page) -> None:
    url, project_dir = site
    page.goto(f"{url}/revue?ordre=uncertainty")
    current = page.locator(".suggestion.current")
    first = int(current.get_attribute("data-id"))
    assert "confiance 0,55" in current.inner_text()
    screenshot(page, "web-review.png")
    page.keyboard.press("a")
    wait_for_status(project_dir, first, "accepted")
    page.wait_for_selector("#message:has-text('Suggestion acceptée')")
    second = int(page.locator(".suggestion.current").get_attribute("data-id"))
    assert second != first
    page.keyboard.press("s")  # skip: the rule suggestion comes next, nothing recorded
    third = int(page.locator(".suggestion.current").get_attribute("data-id"))
    assert third != second
    wait_for_status(project_dir, second, "suggested")
    page.keyboard.press("r")
    wait_for_status(project_dir, third, "rejected")
    page.wait_for_selector("#message:has-text('Suggestion rejetée')")
    with page.expect_navigation():
        page.keyboard.press("u")  # undo the last decision: back in the queue
    wait_for_status(project_dir, third, "suggested")
    with Store(project_dir / "coding.sqlite") as store:
        assert store.coding_by_id(first).reviewed_by == "alice"
    assert page.locator(".suggestion").count() == 2


def test_a_triple_click_codes_the_whole_paragraph(site, page) -> None:
    url, project_dir = site
    page.goto(f"{url}/document/{EMOJI_DOC}")
    question = page.locator(".para", has_text="Qu'est-ce qui a changé ?")
    question.click(click_count=3)
    page.wait_for_selector("#picker:not([hidden])")
    page.keyboard.type("économie")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with Store(project_dir / "coding.sqlite") as store:
        [coding] = store.coding_rows(coders=["alice"])
    assert coding.text == "Qu'est-ce qui a changé ?"
    assert coding.code == "ECO"
