"""The web page used as a research group uses it: hand-typed addresses, a broken codebook, a
store locked or changed by another command while the page is open, names full of markup and
scripts, blind double coding (what one coder must not see of the other's decisions)."""

from __future__ import annotations

import html
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import Result
from starlette.testclient import TestClient

from ptce_coding.app.project import load_project
from ptce_coding.base.errors import PtceError
from ptce_coding.base.records import Coding
from ptce_coding.report.labels import readable_name
from ptce_coding.web.app import create_app
from tests.test_web_api import EMOJI_DOC, EMOJI_TEXT, client_for, make_web_project, store_of

DIRECTRICE = "pole-a/directrice.txt"


@pytest.fixture
def project_dir(tmp_project: Path, invoke: Callable[..., Result]) -> Path:
    return make_web_project(tmp_project, invoke)


@pytest.fixture
def alice(project_dir: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    client, csrf = client_for(project_dir, "alice")
    with client:
        yield client, {"X-CSRF-Token": csrf}


def error_of(page: str) -> str:
    """The message of the site's error page (unescaped)."""
    found = re.search(r'<pre class="error">(.*?)</pre>', page, re.S)
    assert found, page[:500]
    return html.unescape(found.group(1))


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/revue?ordre=bogus", 400, "Ordre de revue inconnu «\u202fbogus\u202f»"),
        (
            "/revue?methode=manual",
            400,
            "Méthode inconnue «\u202fmanual\u202f» pour la file de revue",
        ),
        ("/revue?document=nowhere.txt", 404, "Aucun document « nowhere.txt » dans le projet."),
        (
            "/matrice?statut=suggested",
            400,
            "Statut inconnu «\u202fsuggested\u202f» pour la matrice",
        ),
        ("/matrice?codeurs=nobody", 400, "Aucun codage de nobody dans le projet"),
        ("/matrice?codeurs=,", 400, "Le champ Codeurs demande au moins un nom"),
        ("/matrice?consensus=x&consensus=y", 400, "Un seul nom de consensus, pas 2\u00a0: x, y"),
        (
            "/matrice?codeurs=al%0Cice",
            400,
            "contient un caractère de contrôle ou invisible (U+000C)",
        ),
        ("/matrice/cellule?cas=pole-a&code=NOPE", 400, "«\u202fNOPE\u202f» n'est pas un axe"),
        (
            "/matrice/cellule?cas=pole-a&code=COOP.LIEU",
            400,
            "«\u202fCOOP.LIEU\u202f» n'est pas un axe",
        ),
        ("/matrice/cellule?cas=nowhere&code=COOP", 404, "Aucun cas « nowhere » dans le projet."),
        ("/document/nowhere.txt", 404, "Aucun document « nowhere.txt » dans le projet."),
    ],
)
def test_a_hand_typed_address_gets_the_sites_error_page(alice, url, status, message) -> None:
    """Before: the error page itself failed (500, « 'page' is undefined ») or the query was
    ignored (an unknown method, status, document, case or axis: an empty page, no word)."""
    client, _ = alice
    response = client.get(url)
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert message in error_of(response.text)
    assert '<a href="/">Retour aux documents</a>' in response.text


def test_empty_and_repeated_fields_take_the_default_or_add_up(alice, project_dir) -> None:
    client, csrf = alice
    assert client.get("/revue?ordre=&methode=").status_code == 200  # an emptied form field
    assert client.get("/matrice?statut=").status_code == 200
    with store_of(project_dir) as store:
        store.add_codings([Coding(DIRECTRICE, 0, 10, "COOP", "bob")])
    start = EMOJI_TEXT.index("Le café")
    body = {"document": EMOJI_DOC, "start": start, "end": start + 7, "code": "ECO"}
    assert client.post("/api/codings", json=body, headers=csrf).status_code == 201
    # codeurs given twice: both count (before: the last one alone, silently)
    page = client.get("/matrice?codeurs=alice&codeurs=bob").text
    assert 'name="codeurs" value="alice, bob"' in page


def test_a_codebook_broken_while_the_server_runs_is_said_in_the_page(alice, project_dir) -> None:
    """Before: 500 on every page that reads the codebook."""
    client, csrf = alice
    path = project_dir / "codebooks" / "ptce.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - oops: [\n", encoding="utf-8")
    later = path.stat().st_mtime + 5
    os.utime(path, (later, later))
    for url in ("/livre-de-codes", f"/document/{DIRECTRICE}", "/revue", "/matrice"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "Le livre de codes ne se lit plus" in error_of(response.text)
        assert "ptce.yaml, ligne" in error_of(response.text)  # in French (s39 E)
    body = {"document": EMOJI_DOC, "start": 0, "end": 4, "code": "COOP"}
    refused = client.post("/api/codings", json=body, headers=csrf)
    assert refused.status_code == 400 and "livre de codes ne se lit plus" in refused.json()["error"]
    assert client.get("/").status_code == 200  # the list of documents needs no codebook


def test_a_coder_name_with_a_hidden_character_is_refused(project_dir: Path) -> None:
    with pytest.raises(PtceError, match=r"invisible character \(U\+200B\)"):
        create_app(load_project(project_dir), "al\u200bice")


def test_a_document_removed_while_its_page_is_open(alice, project_dir, invoke) -> None:
    client, csrf = alice
    with store_of(project_dir) as store:
        suggestion, decided = store.coding_rows(documents=[DIRECTRICE], statuses=["suggested"])[:2]
    body = {"document": DIRECTRICE, "start": 0, "end": 4, "code": "COOP"}
    mine = client.post("/api/codings", json=body, headers=csrf).json()["id"]
    client.post(f"/api/review/{decided.id}", json={"decision": "reject"}, headers=csrf)
    assert invoke("documents", "remove", DIRECTRICE, "--yes").exit_code == 0
    refused = client.post("/api/codings", json={**body, "code": "ECO"}, headers=csrf)
    assert refused.status_code == 400
    assert (
        "supprimé depuis que la page a été chargée\u202f? Rien n'a été enregistré"
        in refused.json()["error"]
    )
    for response in (
        client.post(f"/api/review/{suggestion.id}", json={"decision": "accept"}, headers=csrf),
        client.post(f"/api/codings/{mine}", json={"code": "ECO"}, headers=csrf),
        client.delete(f"/api/codings/{mine}", headers=csrf),
        client.post(f"/api/review/{decided.id}/undo", headers=csrf),
    ):
        assert response.status_code == 400
        error = response.json()["error"]
        assert "depuis que la page a été chargée" in error and error.endswith("Rechargez la page.")
    page = client.get(f"/document/{DIRECTRICE}")  # before: a bare text, out of the site
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert f"Aucun document « {DIRECTRICE} »" in error_of(page.text)
    listed = client.get(f"/api/documents/{DIRECTRICE}/codings")  # before: [], as if uncoded
    assert listed.status_code == 400 and "Aucun document" in listed.json()["error"]
    with store_of(project_dir) as store:
        assert store.coding_rows(methods=["manual"]) == []


def test_a_store_locked_by_another_program_is_said_in_the_page(
    alice, project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ptce_coding.store.base

    monkeypatch.setattr(ptce_coding.store.base, "BUSY_SECONDS", 0.2)
    client, csrf = alice
    other = sqlite3.connect(project_dir / "coding.sqlite", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another command writing
        assert client.get(f"/document/{DIRECTRICE}").status_code == 200  # reading goes on
        body = {"document": EMOJI_DOC, "start": 0, "end": 4, "code": "COOP"}
        refused = client.post("/api/codings", json=body, headers=csrf)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert refused.status_code == 503
    error = refused.json()["error"]
    assert "est occupée par un autre programme (verrouillée)" in error
    assert error.endswith("puis recommencez dans la page.")  # before: « run the command again »
    assert client.post("/api/codings", json=body, headers=csrf).status_code == 201


def test_names_with_markup_quotes_emoji_and_right_to_left_text(
    tmp_project: Path, invoke: Callable[..., Result]
) -> None:
    """Case, document and speaker names are escaped everywhere, their links lead to their
    pages, and a coding posted from such a page lands on its document."""
    case = tmp_project / "corpus" / "Pôle <b>\"Ça\"</b> & 'co' 🌍".replace("/", "\u2215")
    case.mkdir()
    name = "entretien #1 ?x=1 <img src=x onerror=alert(1)>.txt"
    (case / name).write_text(
        "Enquêtrice : Et la coopération ?\n\n"
        "Zoé O'Brien : Des locaux partagés </script><script>alert('x')</script> 😀.\n",
        encoding="utf-8",
    )
    rtl = tmp_project / "corpus" / "مركز التعاون"
    rtl.mkdir()
    (rtl / "مقابلة ١.txt").write_text(
        "E : Et alors ?\n\nأحمد : Des locaux partagés \u202ereversed\u202c.\n", encoding="utf-8"
    )
    assert invoke("import", str(tmp_project / "corpus")).exit_code == 0
    client, csrf = client_for(tmp_project, "alice")
    home = client.get("/").text
    links = [html.unescape(link) for link in re.findall(r'href="(/document/[^"]+)"', home)]
    assert len(links) == 4
    for link in links:
        page = client.get(link)
        assert page.status_code == 200, link
        for markup in ("<script>alert", "<img src=x", '<b>"Ça"'):
            assert markup not in page.text
        document = html.unescape(re.search(r'data-document="([^"]*)"', page.text).group(1))
        start, end = re.search(
            r'class="para" data-start="(\d+)" data-end="(\d+)"', page.text
        ).groups()
        body = {"document": document, "start": int(start), "end": int(end), "code": "COOP"}
        added = client.post("/api/codings", json=body, headers={"X-CSRF-Token": csrf})
        assert added.status_code == 201 and added.json()["document"] == document
    case_name = case.name
    assert f"{case_name}/{name}" in {row.document for row in _manual(tmp_project)}
    for url in ("/matrice", f"/matrice/cellule?cas={quote(case_name)}&code=COOP", "/revue"):
        page = client.get(url)
        assert page.status_code == 200 and "<img src=x" not in page.text


def _manual(project_dir: Path) -> list:
    with store_of(project_dir) as store:
        return store.coding_rows(methods=["manual"])


def blind_project(project_dir: Path) -> None:
    """alice codes pole-a, bob pole-b; every document is double-coded blind."""
    settings = project_dir / "project.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "\nassignments:\n  coders:\n    alice: [pole-a]\n    bob: [pole-b]\n"
        "  double_coding:\n    share: 1.0\n    seed: 1\n",
        encoding="utf-8",
    )


def test_blind_double_coding_hides_the_other_coders_decisions(project_dir: Path) -> None:
    """Before: the page hid bob's decisions, but the JSON list of the document's codings and
    the matrix (counts and quotations) showed them to alice."""
    blind_project(project_dir)
    bob, bob_csrf = client_for(project_dir, "bob")
    alice, _ = client_for(project_dir, "alice")
    with store_of(project_dir) as store:
        rule = store.coding_rows(documents=[DIRECTRICE], methods=["rule"])[0]
        text = store.document(DIRECTRICE).text
    decided = bob.post(
        f"/api/review/{rule.id}", json={"decision": "accept"}, headers={"X-CSRF-Token": bob_csrf}
    )
    assert decided.status_code == 200
    start = text.index("locaux partagés")
    body = {"document": DIRECTRICE, "start": start, "end": start + 15, "code": "ECO"}
    assert (
        bob.post("/api/codings", json=body, headers={"X-CSRF-Token": bob_csrf}).status_code == 201
    )

    listed = alice.get(f"/api/documents/{DIRECTRICE}/codings").json()
    assert not [c for c in listed if "bob" in (c["coder"], c["reviewed_by"])]
    shown = {c["id"]: c for c in listed}
    assert shown[rule.id]["status"] == "suggested"  # still to decide, for alice
    for_bob = bob.get(f"/api/documents/{DIRECTRICE}/codings").json()
    assert {(c["coder"], c["status"]) for c in for_bob} >= {("bob", "accepted")}

    def cells(client: TestClient) -> list[str]:
        return re.findall(
            r'href="/matrice/cellule\?cas=pole-a&amp;code=(\w+)"', client.get("/matrice").text
        )

    assert sorted(cells(bob)) == ["COOP", "ECO"]
    assert cells(alice) == []
    quotes = alice.get("/matrice/cellule?cas=pole-a&code=ECO").text
    assert "<blockquote>" not in quotes and "0 passage" in quotes
    eco = r'id="code-ECO".*?(\d+) accepté\(s\)'
    assert re.search(eco, bob.get("/livre-de-codes").text, re.S).group(1) == "1"
    assert re.search(eco, alice.get("/livre-de-codes").text, re.S).group(1) == "0"
    row = r"directrice\.txt</small></td>.*?</tr>"
    home = re.search(row, alice.get("/").text, re.S).group(0)
    assert (
        'class="blind"' in home and "/ 3</td>" not in home
    )  # no segment counts (of the 3 answers)
    assert "double codage à l'aveugle (avec bob)" in home
    # a coder outside the pair (a supervisor) sees everything, as before
    carol, _ = client_for(project_dir, "carol")
    assert sorted(cells(carol)) == ["COOP", "ECO"]
    assert "/ 3</td>" in re.search(row, carol.get("/").text, re.S).group(0)


def test_the_matrix_with_suggestions_does_not_tell_the_other_coder_decided(
    project_dir: Path,
) -> None:
    """With « inclure les suggestions » (statut=all), a suggestion bob accepted left alice's
    counts (it had become bob's coding, hidden from her) and one he rejected too (no longer a
    suggestion): her matrix went down by what bob decided, while for her both still wait."""
    blind_project(project_dir)
    bob, bob_csrf = client_for(project_dir, "bob")
    alice, _ = client_for(project_dir, "alice")

    def row(client: TestClient, case: str) -> list[str]:
        page = client.get("/matrice?statut=all").text
        found = re.search(rf"<th[^>]*>{readable_name(case, title=True)}</th>(.*?)</tr>", page, re.S)
        assert found, page[:800]
        return re.findall(r'<td class="num">(?:<a [^>]*>)?(\d+)', found.group(1))

    def quotes(client: TestClient, code: str) -> int:
        page = client.get(f"/matrice/cellule?cas=pole-a&code={code}&statut=all").text
        return page.count("<blockquote>")

    with store_of(project_dir) as store:
        start = store.document(DIRECTRICE).text.index("locaux partagés")
        store.add_codings(
            [Coding(DIRECTRICE, start, start + 15, "ECO.PUBLIC", "rules", "rule", "suggested")]
        )
    before = row(alice, "pole-a")
    assert all(int(count) > 0 for count in before)  # COOP and ECO
    quoted = {code: quotes(alice, code) for code in ("COOP", "ECO")}

    def counts(client: TestClient) -> list[str]:  # the codebook page's, per code
        return re.findall(
            r'<span class="counts">([^<]*)</span>', client.get("/livre-de-codes").text
        )

    counted = counts(alice)
    with store_of(project_dir) as store:
        rules = store.coding_rows(documents=[DIRECTRICE], methods=["rule"])
    assert len(rules) >= 2
    for coding, decision in ((rules[0], "accept"), (rules[1], "reject")):
        done = bob.post(
            f"/api/review/{coding.id}",
            json={"decision": decision},
            headers={"X-CSRF-Token": bob_csrf},
        )
        assert done.status_code == 200
    assert row(alice, "pole-a") == before
    assert {code: quotes(alice, code) for code in ("COOP", "ECO")} == quoted
    assert counts(alice) == counted
    assert counts(bob) != counted
    assert row(bob, "pole-a") != before  # bob sees his own decisions
    carol, _ = client_for(project_dir, "carol")  # outside the pair: as the store says
    assert row(carol, "pole-a") == row(bob, "pole-a")


def test_the_review_queue_of_another_coders_document_says_whose_it_is(project_dir) -> None:
    """Before: « Aucune suggestion à revoir », while the document has suggestions (bob's)."""
    settings = project_dir / "project.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "\nassignments:\n  coders:\n    alice: [pole-a]\n    bob: [pole-b]\n",
        encoding="utf-8",
    )
    alice, _ = client_for(project_dir, "alice")
    page = alice.get(f"/revue?document={DIRECTRICE}").text
    assert len(re.findall(r'class="suggestion" data-id', page)) == 3  # her own document
    with store_of(project_dir) as store:
        store.add_codings([Coding("pole-b/membre.md", 0, 5, "ECO", "model", "model", "suggested")])
    other = alice.get("/revue?document=pole-b/membre.md").text
    assert "Aucune suggestion à revoir" not in other
    assert "Ce document n'est pas dans vos affectations" in other
    assert "ses suggestions sont revues par bob." in other


def test_a_decision_on_a_document_assigned_to_another_coder_is_refused(project_dir) -> None:
    """Before: alice could accept a suggestion of bob's document on the page; it left bob's
    queue, decided under her name (the command line's queue never offered it to her)."""
    settings = project_dir / "project.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "\nassignments:\n  coders:\n    alice: [pole-a]\n    bob: [pole-b]\n",
        encoding="utf-8",
    )
    with store_of(project_dir) as store:
        store.add_codings([Coding("pole-b/membre.md", 0, 5, "ECO", "rules", "rule", "suggested")])
        suggestion = store.coding_rows(documents=["pole-b/membre.md"], methods=["rule"])[0]
    alice, csrf = client_for(project_dir, "alice")
    for body in ({"decision": "accept"}, {"decision": "move", "code": "COOP"}):
        refused = alice.post(
            f"/api/review/{suggestion.id}", json=body, headers={"X-CSRF-Token": csrf}
        )
        assert refused.status_code == 400
        assert (
            "Le document pole-b/membre.md est affecté à bob, pas à alice\u00a0: votre décision "
            "retirerait ses suggestions de leur file de revue\u202f; rien n'a été enregistré"
        ) in refused.json()["error"]
    with store_of(project_dir) as store:
        assert store.coding_by_id(suggestion.id).status == "suggested"
    bob, bob_csrf = client_for(project_dir, "bob")
    decided = bob.post(
        f"/api/review/{suggestion.id}",
        json={"decision": "accept"},
        headers={"X-CSRF-Token": bob_csrf},
    )
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"
