"""The web page as a group of coders uses and misuses it (helper V's sweep): pages left open
while the suggestions are made again or a document is imported again, a code changed into
one the passage has, hand-made requests with huge ids or broken text, an address spelling a
document's name in NFD, a coder the assignments give nothing, another site framing a page.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import Result
from starlette.testclient import TestClient

from ptce_coding.app.project import load_project
from ptce_coding.base.records import Coding
from ptce_coding.web.app import create_app
from tests import test_web_e2e as e2e
from tests.test_web_api import (
    EMOJI_DOC,
    EMOJI_TEXT,
    client_for,
    make_web_project,
    manual_codings,
    store_of,
)
from tests.test_web_robustness import DIRECTRICE, blind_project

Headers = dict[str, str]


@pytest.fixture
def project_dir(tmp_project: Path, invoke: Callable[..., Result]) -> Path:
    return make_web_project(tmp_project, invoke)


@pytest.fixture
def alice(project_dir: Path) -> Iterator[tuple[TestClient, Headers]]:
    client, csrf = client_for(project_dir, "alice")
    with client:
        yield client, {"X-CSRF-Token": csrf}


def shown_suggestions(page: str) -> dict[int, dict[str, object]]:
    """The review page's suggestions as its script sends them back (``seen``), by id."""
    found = {}
    for attributes in re.findall(r'<li class="suggestion" ([^>]*)>', page):
        values = {
            k: html.unescape(v) for k, v in re.findall(r'data-([\w-]+)="([^"]*)"', attributes)
        }
        found[int(values["id"])] = {
            "document": values["document"],
            "code": values["code"],
            "start": int(values["start"]),
            "end": int(values["end"]),
        }
    return found


def make_rules_again(project_dir: Path, code: str, reuse: int | str | None = None) -> int:
    """`ptce-coding code` run again meanwhile: the rules' waiting suggestion of directrice.txt
    replaced by another (``code`` on its first 20 characters); returns the new one's id. With
    ``reuse``, the new one takes that id, as stores before schema v5 gave a removed row's id
    to the next one (SQLite without AUTOINCREMENT): the page's check must hold whatever the
    ids do."""
    with store_of(project_dir) as store:
        document = store.document(DIRECTRICE)
        new = Coding(DIRECTRICE, 0, 20, code, "rules", "rule", "suggested", evidence="rule x")
        store.replace_suggestions("rule", [document.id], [(document.id, new)])
        [row] = store.coding_rows(documents=[DIRECTRICE], methods=["rule"])
        if reuse is not None:
            store.db.execute("UPDATE codings SET id = ? WHERE id = ?", (int(reuse), row.id))
            return int(reuse)
    return row.id


def test_a_review_page_older_than_the_suggestions_decides_nothing(alice, project_dir) -> None:
    """Before: SQLite gives a removed row's id to the next one (no AUTOINCREMENT), so once
    the rules ran again, the id the page showed for « COOP.ACHATS on "achats groupés" » was
    another suggestion's (COOP on the first 20 characters): accepting it on the page accepted
    that one, unseen (demo corpus: the page's suggestion 200 was ECO.INTERNES in one
    interview, the one accepted EVAL.IMPACT_SOCIAL in another)."""
    client, csrf = alice
    shown = shown_suggestions(client.get("/revue").text)
    [(rule_id, seen)] = [(i, s) for i, s in shown.items() if s["code"] == "COOP.ACHATS"]
    assert make_rules_again(project_dir, "COOP", reuse=rule_id) == rule_id  # another suggestion
    for body in (
        {"decision": "accept", "seen": seen},
        {"decision": "accept", "start": 0, "end": 30, "seen": seen},
        {"decision": "reject", "seen": seen},
        {"decision": "move", "code": "ECO", "seen": seen},
    ):
        refused = client.post(f"/api/review/{rule_id}", json=body, headers=csrf)
        assert refused.status_code == 409, refused.text
        error = refused.json()["error"]
        assert error.startswith(
            f"Le codage {rule_id} n'est plus ce que la page montre (COOP.ACHATS en "
            f"{seen['start']}-{seen['end']} de {DIRECTRICE}\u202f; maintenant COOP en 0-20 de "
            f"{DIRECTRICE})"
        )
        assert "rien n'a été enregistré.\nRechargez la page." in error
    passage = {"start": 0, "end": 20, "step": "widen-end", "seen": seen}
    assert (
        client.post(f"/api/review/{rule_id}/passage", json=passage, headers=csrf).status_code == 409
    )
    with store_of(project_dir) as store:
        row = store.coding_by_id(rule_id)
        assert (row.code, row.status) == ("COOP", "suggested")
        assert store.coding_rows(methods=["manual"]) == []
    # reloaded, the page shows the new suggestion, and deciding it works
    again = shown_suggestions(client.get("/revue").text)[rule_id]
    decided = client.post(
        f"/api/review/{rule_id}", json={"decision": "accept", "seen": again}, headers=csrf
    )
    assert decided.json() == {"id": rule_id, "status": "accepted"}


def test_a_document_page_older_than_the_suggestions_decides_nothing(alice, project_dir) -> None:
    """The document page's Accepter / Rejeter buttons: the same (before: accepted unseen)."""
    client, csrf = alice
    page = client.get(f"/document/{DIRECTRICE}").text
    chips = re.findall(
        r'<li class="chip suggested" data-id="(\d+)" data-code="([^"]+)" '
        r'data-start="(\d+)" data-end="(\d+)"',
        page,
    )
    [(rule_id, code, start, end)] = [c for c in chips if c[1] == "COOP.ACHATS"]
    seen = {"document": DIRECTRICE, "code": code, "start": int(start), "end": int(end)}
    assert make_rules_again(project_dir, "ECO", reuse=rule_id) == int(rule_id)
    refused = client.post(
        f"/api/review/{rule_id}", json={"decision": "accept", "seen": seen}, headers=csrf
    )
    assert refused.status_code == 409
    assert "n'est plus ce que la page montre" in refused.json()["error"]
    with store_of(project_dir) as store:
        assert store.coding_by_id(int(rule_id)).status == "suggested"


def test_a_passage_selected_before_the_document_was_imported_again(
    alice, project_dir: Path, invoke: Callable[..., Result]
) -> None:
    """Before: the page's offsets were taken on the old text; after a re-import that added
    a sentence before them, the coding landed on other words (demo corpus: « ingénieur bois »
    selected, « 2014, donc un » coded)."""
    client, csrf = alice
    page = client.get(f"/document/{EMOJI_DOC}").text
    text_hash = re.search(r'data-text-hash="([0-9a-f]+)"', page).group(1)
    start = EMOJI_TEXT.index("solidaire")
    path = project_dir / "corpus" / EMOJI_DOC
    path.write_text(EMOJI_TEXT.replace("changé ?", "changé ? Depuis 2015 ?"), encoding="utf-8")
    assert invoke("import", str(project_dir / "corpus")).exit_code == 0
    body = {
        "document": EMOJI_DOC,
        "start": start,
        "end": start + 9,
        "code": "COOP",
        "seen": {"text_hash": text_hash},
    }
    refused = client.post("/api/codings", json=body, headers=csrf)
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"] == (
        f"Le document {EMOJI_DOC} a été importé à nouveau depuis que la page a été chargée\u00a0: "
        "son texte a changé, et le passage sélectionné peut s'y trouver ailleurs maintenant"
        "\u202f; rien n'a été enregistré.\nRechargez la page et sélectionnez à nouveau le passage."
    )
    assert manual_codings(project_dir) == []
    fresh = re.search(r'data-text-hash="([0-9a-f]+)"', client.get(f"/document/{EMOJI_DOC}").text)
    start = EMOJI_TEXT.replace("changé ?", "changé ? Depuis 2015 ?").index("solidaire")
    body = {**body, "start": start, "end": start + 9, "seen": {"text_hash": fresh.group(1)}}
    added = client.post("/api/codings", json=body, headers=csrf)
    assert added.status_code == 201 and added.json()["text"] == "solidaire"


def test_one_own_coding_page_older_than_the_store_is_not_removed(alice, project_dir) -> None:
    """A page showing coding N as one's COOP on « Le café »: when N is now another coding of
    one's own (the first removed in another tab, a new one made since), « Supprimer » on
    the old page must not remove the new one."""
    client, csrf = alice
    start = EMOJI_TEXT.index("Le café")
    body = {"document": EMOJI_DOC, "start": start, "end": start + 7, "code": "COOP"}
    first = client.post("/api/codings", json=body, headers=csrf).json()
    seen = {k: first[k] for k in ("document", "code", "start", "end")}
    assert client.delete(f"/api/codings/{first['id']}", headers=csrf).status_code == 200
    other = {**body, "start": 0, "end": 10, "code": "ECO"}
    second = client.post("/api/codings", json=other, headers=csrf).json()
    assert second["id"] != first["id"]  # schema v5: an id is never given again
    with store_of(project_dir) as store:  # as a store before v5 gave it
        store.db.execute("UPDATE codings SET id = ? WHERE id = ?", (first["id"], second["id"]))
    stale = {"seen": seen}
    assert (
        client.request(
            "DELETE", f"/api/codings/{first['id']}", json=stale, headers=csrf
        ).status_code
        == 409
    )
    changed = client.post(
        f"/api/codings/{first['id']}", json={**stale, "code": "ECO.PUBLIC"}, headers=csrf
    )
    assert changed.status_code == 409
    [kept] = manual_codings(project_dir)
    assert (kept.code, kept.start, kept.end) == ("ECO", 0, 10)


def test_a_code_changed_into_one_the_passage_has_is_refused(alice, project_dir) -> None:
    """Before: « Changer le code » of one's ECO into COOP where one had COOP already made
    two identical codings (adding the same one twice is refused); changing a code into
    itself wrote a change in the event log."""
    client, csrf = alice
    body = {"document": EMOJI_DOC, "start": 0, "end": 4, "code": "COOP"}
    coop = client.post("/api/codings", json=body, headers=csrf).json()["id"]
    eco = client.post("/api/codings", json={**body, "code": "ECO"}, headers=csrf).json()["id"]
    refused = client.post(f"/api/codings/{eco}", json={"code": "COOP"}, headers=csrf)
    assert refused.status_code == 400
    assert refused.json()["error"] == (
        f"Ce passage (0-4 de «\u202f{EMOJI_DOC}\u202f») est déjà codé COOP par alice "
        f"(codage {coop})\u202f; rien n'a été modifié.\nSupprimez plutôt ce codage, si le "
        "passage n'a pas le bon code."
    )
    same = client.post(f"/api/codings/{eco}", json={"code": "ECO"}, headers=csrf)
    assert same.json() == {"id": eco, "before": "ECO", "code": "ECO"}
    assert sorted(c.code for c in manual_codings(project_dir)) == ["COOP", "ECO"]
    with store_of(project_dir) as store:
        assert [e["action"] for e in store.events()].count("coding.manual.change") == 0
    # another coder's coding of that code there is no twin: changing into it is fine
    with store_of(project_dir) as store:
        store.add_codings([Coding(EMOJI_DOC, 0, 4, "ECO.PUBLIC", "bob")])
    assert client.post(f"/api/codings/{eco}", json={"code": "ECO.PUBLIC"}, headers=csrf).json() == {
        "id": eco,
        "before": "ECO",
        "code": "ECO.PUBLIC",
    }


def test_a_coder_cannot_undo_another_coders_decision(alice, project_dir) -> None:
    """Before: alice's « undo » on a suggestion bob accepted (a hand-made request, or the U
    key of a page older than bob's decision) put it back to suggested: bob's decision was
    gone, the event log said alice took it back."""
    client, csrf = alice
    bob, bob_csrf = client_for(project_dir, "bob")
    with store_of(project_dir) as store:
        rule = store.coding_rows(methods=["rule"])[0]
    accepted = bob.post(
        f"/api/review/{rule.id}", json={"decision": "accept"}, headers={"X-CSRF-Token": bob_csrf}
    )
    assert accepted.status_code == 200
    refused = client.post(f"/api/review/{rule.id}/undo", headers=csrf)
    assert refused.status_code == 403
    assert refused.json()["error"] == (
        f"Le codage {rule.id} a été décidé par bob, pas par alice\u00a0: seul·e bob peut annuler "
        "cette décision\u202f; rien n'a été modifié.\nChaque codeur·se n'annule que ses propres "
        "décisions."
    )
    with store_of(project_dir) as store:
        kept = store.coding_by_id(rule.id)
        assert (kept.status, kept.reviewed_by) == ("accepted", "bob")
        assert "coding.unreview" not in [e["action"] for e in store.events()]
    undone = bob.post(f"/api/review/{rule.id}/undo", headers={"X-CSRF-Token": bob_csrf})
    assert undone.json()["before"] == "accepted"


HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("POST", f"/api/codings/{HUGE}", {"code": "COOP"}),
        ("DELETE", f"/api/codings/{HUGE}", None),
        ("POST", f"/api/review/{HUGE}", {"decision": "accept"}),
        ("POST", f"/api/review/{HUGE}/undo", None),
        ("POST", f"/api/review/{HUGE}/passage", {"start": 0, "end": 4, "step": "widen-end"}),
    ],
)
def test_an_id_beyond_sqlites_integers_is_no_coding(alice, method, url, body) -> None:
    """Before: 500, OverflowError (Python int too large to convert to SQLite INTEGER)."""
    client, csrf = alice
    response = client.request(method, url, json=body, headers=csrf)
    assert response.status_code == 400
    assert response.json()["error"] == f"Aucun codage {HUGE}.\nRechargez la page."


@pytest.mark.parametrize(
    ("seen", "message"),
    [
        ("COOP", "«\u202fseen\u202f» doit être un objet JSON, pas 'COOP'."),
        ({"start": "3"}, "«\u202fstart\u202f» doit être un nombre entier, pas '3'."),
        ({"code": ["COOP"]}, "«\u202fcode\u202f» doit être un texte, pas ['COOP']."),
    ],
)
def test_a_malformed_seen_is_refused(alice, project_dir, seen, message) -> None:
    """Before: ``seen`` was not read, and the suggestion was accepted."""
    client, csrf = alice
    with store_of(project_dir) as store:
        rule = store.coding_rows(methods=["rule"])[0]
    body = {"decision": "accept", "seen": seen}
    refused = client.post(f"/api/review/{rule.id}", json=body, headers=csrf)
    assert refused.status_code == 400 and refused.json()["error"] == message
    with store_of(project_dir) as store:
        assert store.coding_by_id(rule.id).status == "suggested"


def test_a_lone_surrogate_in_a_request_is_refused(alice, project_dir) -> None:
    """Before: 500, UnicodeEncodeError (surrogates not allowed) from SQLite."""
    client, csrf = alice
    raw = b'{"document": "pole-a/\\udc80.txt", "start": 0, "end": 3, "code": "COOP"}'
    response = client.post(
        "/api/codings", content=raw, headers={**csrf, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert "demi-caractère UTF-16 isolé" in response.json()["error"]
    assert manual_codings(project_dir) == []


def test_a_blind_document_by_an_nfd_address_hides_the_other_coder(
    tmp_project: Path, invoke: Callable[..., Result]
) -> None:
    """Before: /document/<name in NFD> found the document (the store compares names in NFC)
    but asked the assignments with the address's spelling, found no pair, and showed alice
    bob's codings and decisions on a document they code blind; the JSON list too."""
    case = tmp_project / "corpus" / "pôle-é"
    case.mkdir()
    (case / "entretien.txt").write_text(
        "Enquêtrice : Et la coopération ?\n\nZoé : Des locaux partagés, des achats groupés.\n",
        encoding="utf-8",
    )
    project_dir = make_web_project(tmp_project, invoke)
    blind_project(project_dir)
    settings = project_dir / "project.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("alice: [pole-a]", "alice: [pole-a, pôle-é]"),
        encoding="utf-8",
    )
    name = "pôle-é/entretien.txt"
    with store_of(project_dir) as store:
        store.add_codings([Coding(name, 0, 10, "COOP", "rules", "rule", "suggested")])
        [rule] = store.coding_rows(documents=[name])
    bob, bob_csrf = client_for(project_dir, "bob")
    decided = bob.post(
        f"/api/review/{rule.id}", json={"decision": "accept"}, headers={"X-CSRF-Token": bob_csrf}
    )
    assert decided.status_code == 200, decided.text  # the pair is alice and bob
    alice, _ = client_for(project_dir, "alice")
    nfd = quote(unicodedata.normalize("NFD", name))
    assert nfd != quote(name)
    for address in (quote(name), nfd):
        listed = alice.get(f"/api/documents/{address}/codings").json()
        assert [(c["status"], c["reviewed_by"]) for c in listed] == [("suggested", None)]
        page = alice.get(f"/document/{address}").text
        assert "bob" not in page and "acceptée par" not in page
        queue = alice.get(f"/revue?document={address}").text
        assert len(re.findall(r'class="suggestion" data-id', queue)) == 1


def test_the_review_page_of_a_coder_the_assignments_give_nothing(project_dir) -> None:
    """Before: « Aucune suggestion à revoir » (the suggestions came from `ptce-coding code`),
    while three waited for alice: carol's name is in no assignment (or is mistyped)."""
    settings = project_dir / "project.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "\nassignments:\n  coders:\n    alice: [pole-a]\n    bob: [pole-b]\n",
        encoding="utf-8",
    )
    carol, _ = client_for(project_dir, "carol")
    page = carol.get("/revue").text
    assert "Aucune suggestion à revoir" not in page
    message = html.unescape(
        re.search(r'<p class="empty" id="empty">(.*?)</p>', page, re.S).group(1)
    )
    assert re.sub(r"<[^>]+>", "", message) == (
        "Aucun document ne vous est affecté (assignments de project.yaml, codeur·se « carol ») : "
        "les suggestions sont revues par alice, bob. Vérifiez l'orthographe de votre nom "
        "(option --coder de « ptce-coding serve ») ou ajoutez-le aux affectations."
    )
    alice, _ = client_for(project_dir, "alice")
    assert len(re.findall(r'class="suggestion" data-id', alice.get("/revue").text)) == 3


def test_no_other_site_may_frame_the_pages(alice) -> None:
    """Before: no header forbade it: a page of another site could show the review queue in
    an invisible frame over its own and have the coder press A (accept) or click a button."""
    client, csrf = alice
    for response in (
        client.get("/"),
        client.get(f"/document/{DIRECTRICE}"),
        client.get("/revue"),
        client.get("/document/nowhere.txt"),  # the error page too
        client.post("/api/codings", json={}, headers=csrf),
    ):
        assert response.headers["x-frame-options"] == "DENY"
        policy = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"


# The pages' scripts send what they showed: in a real browser (the system's Chromium, as
# tests/test_web_e2e.py; its fixtures).
browser, page = e2e.browser, e2e.page


def in_chromium(test: Callable[..., None]) -> Callable[..., None]:
    for mark in reversed(e2e.pytestmark):  # slow, and skipped without Chromium
        test = mark(test)
    return test


@pytest.fixture
def plain_site(project_dir: Path) -> Iterator[tuple[str, Path]]:
    """The web project served to alice (the suggestions' rows are the newest: their ids are
    given again when they are made again)."""
    app = create_app(load_project(project_dir), "alice")
    with e2e.ServerThread(app) as url:
        yield url, project_dir


@in_chromium
def test_the_review_page_left_open_while_the_rules_ran_again(plain_site, page) -> None:
    url, project_dir = plain_site
    page.goto(f"{url}/revue?ordre=uncertainty")  # the rule's suggestion comes last
    rule_id = int(page.locator('.suggestion[data-code="COOP.ACHATS"]').get_attribute("data-id"))
    assert make_rules_again(project_dir, "COOP", reuse=rule_id) == rule_id
    page.keyboard.press("s")
    page.keyboard.press("s")
    assert int(page.locator(".suggestion.current").get_attribute("data-id")) == rule_id
    page.keyboard.press("a")
    page.wait_for_selector('#message.error:has-text("n\'est plus ce que la page montre")')
    assert "Rechargez la page." in page.inner_text("#message")
    with store_of(project_dir) as store:
        assert store.coding_by_id(rule_id).status == "suggested"
    assert page.locator(".suggestion.current").get_attribute("data-id") == str(rule_id)


@in_chromium
def test_the_document_page_left_open_while_the_project_changed(
    plain_site, page, invoke: Callable[..., Result]
) -> None:
    """The document imported again: a passage selected on the old page is refused; a code
    renamed: a suggestion accepted on the old page, or one's own coding removed, is refused."""
    url, project_dir = plain_site
    page.goto(f"{url}/document/{EMOJI_DOC}")
    page.wait_for_selector("#transcript")
    changed = EMOJI_TEXT.replace("changé ?", "changé ? Depuis 2015 ?")
    (project_dir / "corpus" / EMOJI_DOC).write_text(changed, encoding="utf-8")
    assert invoke("import", str(project_dir / "corpus")).exit_code == 0
    start_point, end_point = page.evaluate(e2e.SELECT_POINTS, ["solidaire", "solidaire"])
    page.mouse.move(start_point["x"], start_point["y"])
    page.mouse.down()
    page.mouse.move(end_point["x"], end_point["y"], steps=4)
    page.mouse.up()
    page.wait_for_selector("#picker:not([hidden])")
    page.keyboard.type("économie")
    page.keyboard.press("Enter")
    page.wait_for_selector("#message.error:has-text('a été importé à nouveau depuis que la page')")
    assert manual_codings(project_dir) == []

    with store_of(project_dir) as store:
        store.add_codings([Coding(DIRECTRICE, 0, 10, "COOP.ACHATS", "alice")])
    page.goto(f"{url}/document/{DIRECTRICE}")
    chips = page.locator('.chip[data-code="COOP.ACHATS"]')
    rule, mine = sorted(int(i) for i in chips.evaluate_all("els => els.map(e => e.dataset.id)"))
    assert invoke("codebook", "rename", "COOP.ACHATS", "COOP.GROUPES").exit_code == 0
    page.on("dialog", lambda dialog: dialog.accept())  # « Supprimer ce codage ? »
    for coding_id, button in ((rule, "button.accept"), (mine, "button.delete")):
        page.locator(f'.chip[data-id="{coding_id}"] {button}').click()
        page.wait_for_selector('#message.error:has-text("n\'est plus ce que la page montre")')
        page.evaluate("document.getElementById('message').hidden = true")
    with store_of(project_dir) as store:
        rows = store.coding_rows(documents=[DIRECTRICE], codes=["COOP.GROUPES"])
    assert sorted((r.id, r.status) for r in rows) == [(rule, "suggested"), (mine, "accepted")]


@in_chromium
def test_a_triple_click_codes_the_last_paragraph_too(plain_site, page) -> None:
    """Before: a triple click on a transcript's last paragraph selects up to the codings
    panel beside it, and the page ignored the selection: no list of codes, nothing said."""
    url, project_dir = plain_site
    page.goto(f"{url}/document/{EMOJI_DOC}")
    last = page.locator("#transcript .para").last
    last.click(click_count=3)
    page.wait_for_selector("#picker:not([hidden])")
    assert page.inner_text("#picker-quote").startswith("Le café 😀 solidaire")
    page.keyboard.type("économie")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    [coding] = manual_codings(project_dir)
    assert (coding.start, coding.end) == (
        int(last.get_attribute("data-start")),
        int(last.get_attribute("data-end")),
    )
    assert coding.text.endswith("près des achats groupés.")


def test_an_old_page_s_suggestion_is_gone_once_the_rules_ran_again(alice, project_dir) -> None:
    """Schema v5: the rules run again give their new suggestion a new id, so a page loaded
    before names a coding that is no longer there: refused, nothing recorded."""
    client, csrf = alice
    shown = shown_suggestions(client.get("/revue").text)
    [(rule_id, seen)] = [(i, s) for i, s in shown.items() if s["code"] == "COOP.ACHATS"]
    new_id = make_rules_again(project_dir, "COOP")
    assert new_id != rule_id
    refused = client.post(
        f"/api/review/{rule_id}", json={"decision": "accept", "seen": seen}, headers=csrf
    )
    assert 400 <= refused.status_code < 500, refused.text
    assert f"Aucun codage {rule_id}" in refused.json()["error"]
    with store_of(project_dir) as store:
        assert store.coding_by_id(new_id).status == "suggested"
        assert store.coding_rows(statuses=["accepted"]) == []
