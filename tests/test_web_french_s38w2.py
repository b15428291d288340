"""The web page speaks the report's French (s38 user trial, « Web »): poles by their names,
evidence and refusals in French, a matrix cell listing each counted passage once with the
codes it carries, quotations and examples inside « » with their narrow no-break spaces."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from starlette.testclient import TestClient

from ptce_coding.base.records import Coding
from ptce_coding.store import Store
from tests.test_web_api import EMOJI_DOC, client_for, make_web_project

DIRECTRICE = "pole-a/directrice.txt"
NAME = "Pôle Sud Solidaire"
# words only English writes, one of them in each English message the page used to show
ENGLISH = re.compile(
    r"\b(the|is|was|nothing|already|Reload|belongs|cannot|unknown|outside|since|threshold|"
    r"closest|in the question|coded segments?|few examples|model \([A-Z]|not)\b"
)
# evidence as the taggers write it (tagging/rule_coding.py, classifier_coding.py)
RULE_EVIDENCE = (
    "COOP.ACHATS#1: « achats groupés » in the question “Et les achats ?” — closest in the "
    "codebook: “on achète ensemble” (threshold 0.35)"
)
WEIGHED_EVIDENCE = (
    "COOP.LIEU#1: « locaux partagés » — closest in the codebook: “on partage les locaux”; "
    "model (COOP, 12 coded segments): ×3.2 (threshold 0.35)"
)
MODEL_EVIDENCE = (
    "few examples (1 coded segment(s) and the codebook): locaux, partagés (threshold 0.42)"
)
UNFOUND_EVIDENCE = (
    "no rule finding (45% of such coded passages have the code): locaux, appels (threshold 0.50)"
)


@pytest.fixture
def project_dir(tmp_project: Path, invoke: Callable[..., Result]) -> Path:
    cases = tmp_project / "corpus" / "cases.csv"
    cases.write_text(
        f"case,nom,region,laureat\npole-a,{NAME},Bretagne,2013\npole-b,,Occitanie,non\n",
        encoding="utf-8",
    )
    return make_web_project(tmp_project, invoke)


@pytest.fixture
def alice(project_dir: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    client, csrf = client_for(project_dir, "alice")
    with client:
        yield client, {"X-CSRF-Token": csrf}


def _text(page: str) -> str:
    """What a reader sees of a page: its text, tags and scripts left out."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'title="[^"]*"', " ", page)  # tooltips checked apart
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_poles_are_shown_by_their_name_as_in_the_report(alice) -> None:
    """Before: « pole-a » everywhere (the folder), where the report says « Pôle Sud
    Solidaire » (cases.csv `nom`) and « Pôle B » for a pole with no name."""
    client, _ = alice
    documents = client.get("/").text
    assert f"<h2>{NAME}" in documents and "<h2>Pôle B" in documents
    assert "<h2>pole-a</h2>" not in documents
    matrix = client.get("/matrice?statut=all").text
    assert f"<th>{NAME}</th>" in matrix and "<th>pole-a</th>" not in matrix
    assert "cas=pole-a&amp;" in matrix  # the link still names the case by its id
    document = client.get(f"/document/{DIRECTRICE}").text
    assert f"cas : {NAME}" in document
    review = client.get("/revue").text
    assert f"{NAME} · " in review and "pole-a · " not in review
    cell = client.get("/matrice/cellule?cas=pole-a&code=COOP&statut=all").text
    assert f"<title>{NAME} × Coopération" in cell


def _set_evidence(project_dir: Path, evidences: list[str]) -> None:
    with Store(project_dir / "coding.sqlite") as store, store.transaction():
        rows = store.coding_rows(statuses=["suggested"])
        for row, evidence in zip(rows, evidences, strict=True):
            store.db.execute("UPDATE codings SET evidence = ? WHERE id = ?", (evidence, row.id))


def test_evidence_reads_in_french(alice, project_dir: Path) -> None:
    """Before: « indice : COOP.ACHATS#1: « achats groupés » in the question … — closest in
    the codebook: … (threshold 0.35) » on the review and document pages."""
    client, _ = alice
    _set_evidence(project_dir, [WEIGHED_EVIDENCE, MODEL_EVIDENCE, RULE_EVIDENCE])
    raw = html.unescape(client.get("/revue").text)  # its no-break spaces kept
    review = _text(raw)
    document = client.get(f"/document/{DIRECTRICE}").text
    for page in (review, _text(document)):
        shown = " ".join(re.findall(r"indice : (.*?)(?= Définition| Accepter|$)", page))
        assert not ENGLISH.search(shown), shown
    assert (
        "COOP.ACHATS#1\u00a0: «\u202fachats groupés\u202f» dans la question “Et les achats"
        "\u202f?” — le plus proche dans le livre de codes\u00a0: “on achète ensemble” (seuil 0,35)"
    ) in raw
    assert "modèle (COOP, 12 segments codés) : ×3,2" in review
    assert "peu d'exemples (1 segment codé et le livre de codes)" in review
    titles = " ".join(html.unescape(t) for t in re.findall(r'title="([^"]*)"', document))
    assert "indice" in titles and not ENGLISH.search(titles.split("indice", 1)[1])
    _set_evidence(project_dir, [UNFOUND_EVIDENCE, MODEL_EVIDENCE, RULE_EVIDENCE])
    review = _text(client.get("/revue").text)
    assert "aucune règle ne le trouve (45 % des passages codés sans règle ont le code)" in review


def _refusals(client: TestClient, csrf: dict[str, str], project_dir: Path) -> list[str]:
    """The API's refusals a coder meets, one of each kind."""
    with Store(project_dir / "coding.sqlite") as store:
        store.add_codings([Coding(EMOJI_DOC, 0, 10, "COOP", "bob")])
        bob = store.coding_rows(coders=["bob"])[0].id
        rule = store.coding_rows(methods=["rule"])[0]
    body = {"document": EMOJI_DOC, "start": 0, "end": 4, "code": "COOP"}
    errors = []

    def refused(response: object) -> None:
        assert response.status_code >= 400, response.text  # type: ignore[attr-defined]
        errors.append(response.json()["error"])  # type: ignore[attr-defined]

    assert client.post("/api/codings", json=body, headers=csrf).status_code == 201
    refused(client.post("/api/codings", json=body, headers=csrf))  # twice
    refused(client.post("/api/codings", json={**body, "end": 5000}, headers=csrf))
    refused(client.post("/api/codings", json={**body, "code": "COOP.LIUE"}, headers=csrf))
    refused(client.post("/api/codings", json={**body, "start": "0"}, headers=csrf))
    refused(client.post("/api/codings", json={**body, "document": "x.txt"}, headers=csrf))
    refused(client.post(f"/api/codings/{bob}", json={"code": "ECO"}, headers=csrf))
    refused(client.delete(f"/api/codings/{rule.id}", headers=csrf))
    refused(client.delete("/api/codings/999999", headers=csrf))
    seen = {"document": rule.document, "code": "ECO", "start": rule.start, "end": rule.end}
    decision = {"decision": "accept", "seen": seen}
    refused(client.post(f"/api/review/{rule.id}", json=decision, headers=csrf))
    refused(client.post(f"/api/review/{rule.id}", json={"decision": "maybe"}, headers=csrf))
    assert client.post(
        f"/api/review/{rule.id}", json={"decision": "reject"}, headers=csrf
    ).is_success
    refused(client.post(f"/api/review/{rule.id}", json={"decision": "accept"}, headers=csrf))
    step = {"start": rule.start, "end": rule.end, "step": "narrow-start"}
    refused(client.post(f"/api/review/{rule.id}/passage", json=step, headers=csrf))
    refused(client.post("/api/codings", content=b"{", headers=csrf))
    refused(client.post("/api/codings", json=body))  # no CSRF token
    return errors


def test_refusals_read_in_french(alice, project_dir: Path) -> None:
    """Before: « coding 453 is no longer what the page shows (…): … nothing was recorded
    \\nReload the page. » and the like, on French pages."""
    client, csrf = alice
    errors = _refusals(client, csrf, project_dir)
    for error in errors:
        assert not ENGLISH.search(error), error
    stale = next(e for e in errors if "n'est plus" in e)
    assert stale.endswith("rien n'a été enregistré.\nRechargez la page.")
    assert any("(vouliez-vous dire COOP.LIEU\u202f?)" in e for e in errors)


@pytest.mark.parametrize(
    "url",
    [
        "/revue?methode=magic",
        "/revue?ordre=bogus",
        "/matrice?codeurs=nobody",
        "/matrice?statut=maybe",
        "/matrice/cellule?cas=pole-a&code=COOP.LIEU",
        "/nowhere",
    ],
)
def test_error_pages_read_in_french(alice, url: str) -> None:
    client, _ = alice
    response = client.get(url)
    assert response.status_code >= 400
    message = _text(re.search(r'<pre class="error">(.*?)</pre>', response.text, re.S).group(1))
    assert message and not ENGLISH.search(message) and "Not Found" not in message, message


def _cell_project(project_dir: Path) -> None:
    """On one sentence: alice's COOP.LIEU and COOP, bob's COOP.LIEU on a piece of it, a rule
    suggestion of COOP.ACHATS accepted by bob on the next turn."""
    with Store(project_dir / "coding.sqlite") as store:
        document = store.document(DIRECTRICE)
        assert document is not None
        text = document.text
        sentence = "Oui, nous avons des locaux partagés depuis 2012."
        start = text.index(sentence)
        end = start + len(sentence)
        piece = text.index("locaux partagés")
        store.add_codings(
            [
                Coding(DIRECTRICE, start, end, "COOP.LIEU", "alice"),
                Coding(DIRECTRICE, start, end + 35, "COOP", "alice"),
                Coding(DIRECTRICE, piece, piece + 15, "COOP.LIEU", "bob"),
            ]
        )
        rule = next(r for r in store.coding_rows(methods=["rule"]) if r.code == "COOP.ACHATS")
    client, csrf = client_for(project_dir, "bob")
    with client:
        decided = client.post(
            f"/api/review/{rule.id}", json={"decision": "accept"}, headers={"X-CSRF-Token": csrf}
        )
        assert decided.is_success, decided.text


def test_a_matrix_cell_lists_each_passage_once_with_its_codes(alice, project_dir) -> None:
    """Before: 4 quotations for a cell of 2 segments, « … locaux partagés depuis 2012. »
    three times, and no word of which sub-code each carried."""
    client, _ = alice
    _cell_project(project_dir)
    matrix = client.get("/matrice").text
    count = int(re.search(r"cas=pole-a&amp;code=COOP\b[^>]*>(\d+)</a>", matrix).group(1))
    cell = client.get("/matrice/cellule?cas=pole-a&code=COOP").text
    passages = re.findall(
        r"<li class=\"passage\">(.*?)</li>\s*(?=<li class=\"passage\"|</ul>)", cell, re.S
    )
    assert len(passages) == count == 2
    assert f"{count} passage" in _text(cell)
    assert _text(cell).count("locaux partagés depuis 2012") == 1
    first = _text(passages[0])
    for label in ("Mutualisation de locaux", "COOP.LIEU", "Coopération", "alice", "bob"):
        assert label in first, first
    achats = next(_text(p) for p in passages if "achats groupés" in p)
    assert "Achats groupés" in achats and "COOP.ACHATS" in achats and "bob" in achats


def test_quotations_and_examples_take_french_spaces_inside_guillemets(alice, project_dir) -> None:
    """Before: « Exemples «on partage les locaux» » (a <q> the browser quoted with no space),
    and « « Oui, nous avons… » » with breaking spaces in the cell."""
    client, _ = alice
    codebook = client.get("/livre-de-codes").text
    assert "«\u202fon partage les locaux\u202f»" in codebook
    assert "<q>" not in codebook
    _cell_project(project_dir)
    cell = client.get("/matrice/cellule?cas=pole-a&code=COOP").text
    assert "«\u202fOui, nous avons des locaux partagés depuis 2012." in cell
