"""The web page's API and pages through Starlette's test client: manual codings (create,
list, change, delete, only one's own), review decisions, CSRF and access-token refusals,
HTML escaping of transcript text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from ptce_coding.app.project import load_project
from ptce_coding.base.records import Coding, CodingRow
from ptce_coding.store import Store
from ptce_coding.store.manual import NotYourCoding
from ptce_coding.web.app import create_app
from ptce_coding.web.transcript import cut

EMOJI_DOC = "pole-a/emoji.txt"
EMOJI_TEXT = (
    "Enquêtrice : Qu'est-ce qui a changé ?\n\n"
    "Marie Dupont : Le café 😀 solidaire a ouvert <script>alert(1)</script> près des achats "
    "groupés.\n"
)


def make_web_project(tmp_project: Path, invoke: Callable[..., Result]) -> Path:
    """The test project with a transcript holding accents, an emoji and markup, imported,
    and three suggestions waiting for review (two of the model, one of the rules)."""
    (tmp_project / "corpus" / "pole-a" / "emoji.txt").write_text(EMOJI_TEXT, encoding="utf-8")
    result = invoke("import", str(tmp_project / "corpus"))
    assert result.exit_code == 0, result.output
    with Store(tmp_project / "coding.sqlite") as store:
        document = store.document("pole-a/directrice.txt")
        assert document is not None
        start = document.text.index("locaux partagés")
        model = [
            Coding(
                document.name,
                start,
                start + 15,
                "COOP.LIEU",
                "model",
                "model",
                "suggested",
                confidence=conf,
                evidence="locaux partagés",
            )
            for conf in (0.93, 0.55)
        ]
        store.replace_suggestions("model", [document.id], [(document.id, c) for c in model])
        achats = document.text.index("achats groupés")
        rule = Coding(
            document.name,
            achats,
            achats + 14,
            "COOP.ACHATS",
            "rules",
            "rule",
            "suggested",
            evidence="rule achat-groupe",
        )
        store.replace_suggestions("rule", [document.id], [(document.id, rule)])
    return tmp_project


@pytest.fixture
def project_dir(tmp_project: Path, invoke: Callable[..., Result]) -> Path:
    return make_web_project(tmp_project, invoke)


def client_for(project_dir: Path, coder: str, **options: object) -> tuple[TestClient, str]:
    app = create_app(load_project(project_dir), coder, **options)  # type: ignore[arg-type]
    return TestClient(app, base_url="http://127.0.0.1:8765"), app.state.context.secrets.csrf_token


@pytest.fixture
def alice(project_dir: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    client, csrf = client_for(project_dir, "alice")
    with client:
        yield client, {"X-CSRF-Token": csrf}


def store_of(project_dir: Path) -> Store:
    return Store(project_dir / "coding.sqlite")


def manual_codings(project_dir: Path) -> list[CodingRow]:
    with store_of(project_dir) as store:
        return store.coding_rows(methods=["manual"])


def test_create_list_change_delete_own_coding(alice, project_dir: Path) -> None:
    client, csrf = alice
    text = EMOJI_TEXT
    start = text.index("solidaire")  # after an accent and an emoji: code points, not UTF-16
    response = client.post(
        "/api/codings",
        json={"document": EMOJI_DOC, "start": start, "end": start + 9, "code": "COOP"},
        headers=csrf,
    )
    assert response.status_code == 201, response.text
    [row] = manual_codings(project_dir)
    assert (row.start, row.end, row.text) == (start, start + 9, "solidaire")
    assert (row.coder, row.method, row.status, row.code) == (
        "alice",
        "manual",
        "accepted",
        "COOP",
    )
    listed = client.get(f"/api/documents/{EMOJI_DOC}/codings").json()
    assert [(c["id"], c["coder"]) for c in listed] == [(row.id, "alice")]

    changed = client.post(f"/api/codings/{row.id}", json={"code": "ECO"}, headers=csrf)
    assert changed.json() == {"id": row.id, "before": "COOP", "code": "ECO"}
    assert manual_codings(project_dir)[0].code == "ECO"

    deleted = client.delete(f"/api/codings/{row.id}", headers=csrf)
    assert deleted.status_code == 200
    assert manual_codings(project_dir) == []
    with store_of(project_dir) as store:
        events = [e for e in store.events() if e["action"].startswith("coding.manual")]
    assert [(e["action"], e["actor"], e["command"]) for e in events] == [
        ("coding.manual.add", "alice", "serve"),
        ("coding.manual.change", "alice", "serve"),
        ("coding.manual.delete", "alice", "serve"),
    ]
    assert events[-1]["details"]["removed"]["code"] == "ECO"  # the log keeps it whole


def test_a_coder_cannot_alter_another_coders_codings(alice, project_dir: Path) -> None:
    client, csrf = alice
    with store_of(project_dir) as store:
        store.add_codings([Coding(EMOJI_DOC, 0, 10, "COOP", "bob")])
        [bob] = store.coding_rows(coders=["bob"])
        rule = store.coding_rows(methods=["rule"])[0]
    for coding_id in (bob.id, rule.id):
        assert client.delete(f"/api/codings/{coding_id}", headers=csrf).status_code == 403
        changed = client.post(f"/api/codings/{coding_id}", json={"code": "ECO"}, headers=csrf)
        assert changed.status_code == 403
    assert "est celui de bob" in client.delete(f"/api/codings/{bob.id}", headers=csrf).text
    with store_of(project_dir) as store:
        assert store.coding_by_id(bob.id).code == "COOP"
        assert store.coding_by_id(rule.id).status == "suggested"
        with pytest.raises(NotYourCoding):  # refused by the store itself, not only the page
            store.delete_manual_coding(bob.id, "alice")
        with pytest.raises(NotYourCoding):
            store.change_manual_coding(bob.id, "ECO", "alice")
    # the document page shows bob's coding, without buttons to alter it
    page = client.get(f"/document/{EMOJI_DOC}").text
    chip = re.search(rf'<li class="chip" data-id="{bob.id}".*?</li>', page, re.S).group(0)
    assert "bob" in chip and "Supprimer" not in chip


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"document": EMOJI_DOC, "start": 5, "end": 5000, "code": "COOP"}, "sort du document"),
        ({"document": EMOJI_DOC, "start": 9, "end": 3, "code": "COOP"}, "sort du document"),
        ({"document": EMOJI_DOC, "start": 0, "end": 3, "code": "NOPE"}, "Code inconnu"),
        ({"document": "nowhere.txt", "start": 0, "end": 3, "code": "COOP"}, "Aucun document"),
        (
            {"document": EMOJI_DOC, "start": "0", "end": 3, "code": "COOP"},
            "doit être un nombre entier",
        ),
    ],
)
def test_bad_codings_are_refused_with_a_message(alice, project_dir, body, message) -> None:
    client, csrf = alice
    response = client.post("/api/codings", json=body, headers=csrf)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert manual_codings(project_dir) == []


def test_the_same_coding_twice_is_refused(alice, project_dir: Path) -> None:
    client, csrf = alice
    body = {"document": EMOJI_DOC, "start": 0, "end": 4, "code": "COOP"}
    assert client.post("/api/codings", json=body, headers=csrf).status_code == 201
    again = client.post("/api/codings", json=body, headers=csrf)
    assert again.status_code == 400 and "est déjà codé COOP par alice" in again.json()["error"]
    assert len(manual_codings(project_dir)) == 1


def test_review_decisions_are_recorded_like_the_cli(alice, project_dir: Path) -> None:
    client, csrf = alice
    page = client.get("/revue?ordre=uncertainty").text
    ids = [int(i) for i in re.findall(r'class="suggestion" data-id="(\d+)"', page)]
    with store_of(project_dir) as store:
        rows = {r.id: r for r in store.coding_rows(statuses=["suggested"])}
    # closest to 0.5 first, the rule (no confidence) last
    assert [rows[i].confidence for i in ids] == [0.55, 0.93, None]
    first, second = ids[0], ids[1]
    accepted = client.post(f"/api/review/{first}", json={"decision": "accept"}, headers=csrf)
    assert accepted.json() == {"id": first, "status": "accepted"}
    client.post(f"/api/review/{second}", json={"decision": "reject"}, headers=csrf)
    with store_of(project_dir) as store:
        assert (store.coding_by_id(first).status, store.coding_by_id(first).reviewed_by) == (
            "accepted",
            "alice",
        )
        assert store.coding_by_id(second).status == "rejected"
    again = client.post(f"/api/review/{first}", json={"decision": "reject"}, headers=csrf)
    assert again.status_code == 400 and "n'est plus une suggestion" in again.json()["error"]
    wrong = client.post(f"/api/review/{ids[2]}", json={"decision": "maybe"}, headers=csrf)
    assert wrong.status_code == 400 and "Décision inconnue" in wrong.json()["error"]
    undone = client.post(f"/api/review/{second}/undo", headers=csrf).json()
    assert undone == {"id": second, "before": "rejected", "status": "suggested"}
    with store_of(project_dir) as store:
        actions = [
            (e["action"], e["details"]["reviewer"])
            for e in store.events()
            if e["action"] in ("coding.review", "coding.unreview")
        ]
    assert actions == [("coding.review", "alice")] * 2 + [("coding.unreview", "alice")]
    remaining = re.findall(r'class="suggestion" data-id="(\d+)"', client.get("/revue").text)
    assert sorted(int(i) for i in remaining) == sorted([second, ids[2]])


def test_state_changes_without_the_csrf_token_are_refused(alice, project_dir: Path) -> None:
    client, _ = alice
    body = {"document": EMOJI_DOC, "start": 0, "end": 4, "code": "COOP"}
    for headers in ({}, {"X-CSRF-Token": "forged"}):
        response = client.post("/api/codings", json=body, headers=headers)
        assert response.status_code == 403
        assert "CSRF" in response.json()["error"]
    suggestion = review_ids(project_dir)[0]
    assert client.post(f"/api/review/{suggestion}", json={"decision": "accept"}).status_code == 403
    assert manual_codings(project_dir) == []
    assert review_ids(project_dir)[0] == suggestion  # still waiting


def review_ids(project_dir: Path) -> list[int]:
    with store_of(project_dir) as store:
        return [r.id for r in store.coding_rows(statuses=["suggested"])]


def test_the_page_carries_the_csrf_token_and_the_coder(alice) -> None:
    client, csrf = alice
    page = client.get("/").text
    assert f'<meta name="csrf-token" content="{csrf["X-CSRF-Token"]}">' in page
    assert '<strong id="coder">alice</strong>' in page


def test_beyond_loopback_the_access_token_is_required(project_dir: Path) -> None:
    client, csrf = client_for(project_dir, "alice", host="0.0.0.0")
    token = client.app.state.context.secrets.access_token
    assert client.get("/").status_code == 403
    assert "jeton d'accès" in client.get("/").text
    assert client.get("/?token=wrong").status_code == 403
    entry = client.get(f"/?token={token}", follow_redirects=False)
    assert entry.status_code == 303 and entry.headers["location"] == "/"
    assert client.get("/").status_code == 200  # the cookie now carries the token
    body = {"document": EMOJI_DOC, "start": 0, "end": 4, "code": "COOP"}
    assert client.post("/api/codings", json=body).status_code == 403  # CSRF still needed
    assert client.post("/api/codings", json=body, headers={"X-CSRF-Token": csrf}).status_code == 201
    stranger = TestClient(client.app, base_url="http://127.0.0.1:8765")
    refused = stranger.post("/api/codings", json=body, headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 403  # the CSRF token alone is not enough


def test_on_loopback_other_host_names_are_refused(project_dir: Path) -> None:
    app = create_app(load_project(project_dir), "alice")
    assert TestClient(app, base_url="http://localhost:8765").get("/").status_code == 200
    assert TestClient(app, base_url="http://evil.example").get("/").status_code == 400


def test_transcript_text_is_escaped_and_pieces_carry_code_point_offsets(alice) -> None:
    client, _ = alice
    page = client.get(f"/document/{EMOJI_DOC}").text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    spans = re.findall(r'<span class="piece[^"]*" data-start="(\d+)" data-end="(\d+)"', page)
    reply = EMOJI_TEXT.index("Le café")
    assert (str(reply), str(len(EMOJI_TEXT.rstrip("\n")))) in spans


def _row(coding_id: int, start: int, end: int) -> CodingRow:
    return CodingRow(coding_id, "doc", "case", start, end, "ECO", "alice")


def test_pieces_are_cut_at_every_coding_boundary() -> None:
    text = "Le café 😀 solidaire a ouvert"
    codings = [_row(1, 3, 19), _row(2, 8, 9)]
    pieces = cut(text, 0, len(text), codings)
    assert [(p.text, p.codings) for p in pieces] == [
        ("Le ", ()),
        ("café ", (1,)),
        ("😀", (1, 2)),
        (" solidaire", (1,)),
        (" a ouvert", ()),
    ]


@pytest.mark.slow  # several commands on a project (about a second)
def test_pages_documents_codebook_matrix(alice, project_dir: Path) -> None:
    client, csrf = alice
    with store_of(project_dir) as store:
        document = store.document("pole-a/directrice.txt")
        sentence = "Oui, nous avons des locaux partagés depuis 2012."
        start = document.text.index(sentence)
    body = {
        "document": document.name,
        "start": start,
        "end": start + len(sentence),
        "code": "COOP.LIEU",
    }
    assert client.post("/api/codings", json=body, headers=csrf).status_code == 201
    home = client.get("/").text
    # 1 of the 3 answer segments coded (the title and the questions are not to code); 2
    # segments have suggestions, none fully reviewed; 3 waiting
    assert re.search(r"directrice\.txt</small></td>.*?1 / 3</td>.*?0 / 2</td>.*?>3</a>", home, re.S)
    with store_of(project_dir) as store:
        model = [r.id for r in store.coding_rows(methods=["model"])]
    for coding_id in model:  # both suggestions of the segment on shared premises decided
        client.post(f"/api/review/{coding_id}", json={"decision": "reject"}, headers=csrf)
    home = client.get("/").text
    assert re.search(r"directrice\.txt</small></td>.*?1 / 3</td>.*?1 / 2</td>.*?>1</a>", home, re.S)
    for coding_id in model:
        client.post(f"/api/review/{coding_id}/undo", headers=csrf)
    codebook = client.get("/livre-de-codes").text
    lieu = re.search(r'id="code-COOP.LIEU".*?</li>', codebook, re.S).group(0)
    assert "1 accepté(s) · 2 suggéré(s)" in lieu and "Partage de locaux" in lieu
    matrix = client.get("/matrice").text
    assert 'href="/matrice/cellule?cas=pole-a&amp;code=COOP">1</a>' in matrix
    cell = client.get("/matrice/cellule?cas=pole-a&code=COOP").text
    assert "«\u202fOui, nous avons des locaux partagés depuis 2012.\u202f»" in cell
    assert client.get("/document/nope.txt").status_code == 404


def test_serve_command_binds_loopback_and_prints_the_token_beyond(
    invoke: Callable[..., Result], project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = invoke("serve", "--no-browser", "--coder", "alice")
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8765
    assert "for coder alice at http://127.0.0.1:8765/" in result.output
    assert "token" not in result.output
    result = invoke("serve", "--no-browser", "--host", "0.0.0.0", "--port", "9000")
    assert calls[-1]["host"] == "0.0.0.0"
    assert re.search(r"http://127\.0\.0\.1:9000/\?token=\S{20,}", result.output)


def test_serve_without_a_store_says_what_to_do(
    tmp_project: Path, invoke: Callable[..., Result]
) -> None:
    result = invoke("serve", "--no-browser")
    assert result.exit_code == 1
    assert "the project has no store yet" in result.output


def test_document_page_shows_suggestions_to_decide_or_hides_them(alice, project_dir) -> None:
    client, _ = alice
    with store_of(project_dir) as store:
        ids = [r.id for r in store.coding_rows(statuses=["suggested"])]
    page = client.get("/document/pole-a/directrice.txt").text
    chips = re.findall(r'<li class="chip suggested" data-id="(\d+)".*?</li>', page, re.S)
    assert sorted(int(i) for i in chips) == sorted(ids)
    assert page.count('class="accept">Accepter</button>') == len(ids)
    assert "Masquer les 3 suggestion(s)" in page
    # a suggestion underlines its passage without tinting it
    piece = re.search(r'<span class="piece coded"[^>]*>locaux partagés</span>', page).group(0)
    assert "box-shadow" in piece and "background-color" not in piece
    hidden = client.get("/document/pole-a/directrice.txt?suggestions=non").text
    assert 'class="chip suggested"' not in hidden and "Afficher les 3 suggestion(s)" in hidden


@pytest.mark.slow  # several commands on a project (about a second)
def test_two_coders_write_at_once_and_see_each_other(project_dir: Path) -> None:
    """One server per coder over the same store: concurrent writes all land (WAL, short
    transactions), and each page shows who coded what."""
    from concurrent.futures import ThreadPoolExecutor

    clients = {name: client_for(project_dir, name) for name in ("alice", "bob")}
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", EMOJI_TEXT)][:12]

    def code_all(name: str) -> list[int]:
        client, csrf = clients[name]
        return [
            client.post(
                "/api/codings",
                json={"document": EMOJI_DOC, "start": s, "end": e, "code": "COOP"},
                headers={"X-CSRF-Token": csrf},
            ).status_code
            for s, e in words
        ]

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(code_all, ["alice", "bob"]))
    assert results == [[201] * len(words)] * 2
    rows = manual_codings(project_dir)
    assert sorted({r.coder for r in rows}) == ["alice", "bob"] and len(rows) == 2 * len(words)
    page = clients["alice"][0].get(f"/document/{EMOJI_DOC}").text
    for name in ("alice", "bob"):
        assert page.count(f'<div class="meta">{name} · manuel') == len(words)
    assert page.count(">Supprimer</button>") == len(words)  # only alice's own


def test_an_empty_coder_name_is_refused(project_dir: Path) -> None:
    from ptce_coding.base.errors import PtceError

    with pytest.raises(PtceError, match="coder name is empty"):
        create_app(load_project(project_dir), "  ")


def test_an_edited_codebook_shows_at_the_next_page(alice, project_dir: Path) -> None:
    import os

    client, _ = alice
    assert "Achats groupés" in client.get("/livre-de-codes").text
    path = project_dir / "codebooks" / "ptce.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Achats groupés", "Achats en commun"),
        encoding="utf-8",
    )
    later = path.stat().st_mtime + 5
    os.utime(path, (later, later))
    page = client.get("/livre-de-codes").text
    assert "Achats en commun" in page and "Achats groupés" not in page


def test_serve_opens_the_browser_unless_told_not_to(
    invoke: Callable[..., Result], project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import webbrowser

    import uvicorn

    opened: list[str] = []

    class NowTimer:  # the real one waits a second for the server to listen
        def __init__(self, delay: float, function: Callable, args: tuple = ()) -> None:
            self.function, self.args = function, args

        def start(self) -> None:
            self.function(*self.args)

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    monkeypatch.setattr(threading, "Timer", NowTimer)
    monkeypatch.setattr(webbrowser, "open", opened.append)
    assert invoke("serve", "--port", "8777").exit_code == 0
    assert opened == ["http://127.0.0.1:8777/"]
    assert invoke("serve", "--no-browser").exit_code == 0
    assert len(opened) == 1


def test_review_queue_of_one_document(alice) -> None:
    client, _ = alice
    home = client.get("/").text
    assert 'href="/revue?document=pole-a/directrice.txt">3</a>' in home
    page = client.get("/revue?document=pole-a/directrice.txt").text
    assert len(re.findall(r'class="suggestion" data-id', page)) == 3
    other = client.get("/revue?document=pole-b/membre.md").text
    assert 'class="suggestion"' not in other and "Aucune suggestion à revoir" in other


@pytest.mark.slow  # a big hypothesis run
@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="aé 😀\n<&", min_size=1, max_size=40),
    spans=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 40)), max_size=5),
)
def test_pieces_cover_the_paragraph_and_name_their_codings(text, spans) -> None:
    codings = [
        _row(n, min(a, len(text) - 1), min(max(a, len(text) - 1) + 1, b + a))
        for n, (a, b) in enumerate(spans)
    ]
    codings = [c for c in codings if c.start < c.end <= len(text)]
    pieces = cut(text, 0, len(text), codings)
    assert "".join(p.text for p in pieces) == text
    assert [p.start for p in pieces[1:]] == [p.end for p in pieces[:-1]]
    for piece in pieces:
        assert piece.text == text[piece.start : piece.end]
        for offset in range(piece.start, piece.end):  # every character: the same codings
            assert piece.codings == tuple(c.id for c in codings if c.start <= offset < c.end)


def test_review_context_stays_in_the_passages_turn() -> None:
    from ptce_coding.web.review_page import review_context

    text = "Q : Et les achats ?\n\nR : Les achats groupés, c'est pour l'an prochain.\n\nQ : Bien."
    start = text.index("achats groupés")
    context = review_context(text, start, start + len("achats groupés"))
    assert context == {"before": "R : Les ", "after": ", c'est pour l'an prochain."}
    long = "mot " * 100
    middle = review_context(long, 200, 203)
    assert middle["before"].startswith("…") and middle["after"].endswith("…")
    assert len(middle["before"]) == 161 and middle["after"] == long[203:363] + "…"


def test_a_passage_is_reshaped_within_its_document_only(alice, project_dir: Path) -> None:
    """The review page widens or narrows a suggestion's passage by a sentence; a span outside
    the document (a crafted request) is refused, not answered with an inverted passage."""
    client, csrf = alice
    with store_of(project_dir) as store:
        rule = store.coding_rows(methods=["rule"])[0]
        text = store.document(rule.document).text
    url = f"/api/review/{rule.id}/passage"
    wider = client.post(
        url, json={"start": rule.start, "end": rule.end, "step": "widen-end"}, headers=csrf
    )
    assert wider.status_code == 200, wider.text
    found = wider.json()
    assert found["start"] <= rule.start < rule.end <= found["end"]
    assert found["text"] == text[found["start"] : found["end"]]
    for start, end in ((10**30, 5), (-3, 4), (40, 10), (0, len(text) + 1)):
        refused = client.post(
            url, json={"start": start, "end": end, "step": "widen-start"}, headers=csrf
        )
        assert refused.status_code == 400, (start, end, refused.text)
        assert "sort du document" in refused.json()["error"]
    with store_of(project_dir) as store:
        assert store.coding_by_id(rule.id).status == "suggested"  # nothing recorded
