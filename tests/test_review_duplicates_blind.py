"""Review decisions that met what the reviewer had coded already (helper V's « found but not
fixed » 2), and blind double coding of a suggestion the first coder accepted on another
passage (3): the second coder saw, and decided, the first coder's passage."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding, CodingRow
from ptce_coding.cli import cli
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.review import queue as review_queue
from ptce_coding.review.coder_plan import coder_plan
from ptce_coding.store import Store
from ptce_coding.tagging.relevance import RuleRecord, rule_records
from tests.test_web_api import client_for

A = "pole-a/directrice.txt"
LIEU = "locaux partagés"
SENTENCE = "Oui, nous avons des locaux partagés depuis 2012."
ALICES = "locaux partagés depuis 2012."  # `)` on « locaux partagés »
ACHATS = "Les achats groupés"
BLIND = (
    "\nassignments:\n  coders:\n    alice: [pole-a]\n    bob: [pole-b]\n"
    "  double_coding:\n    share: 1.0\n    seed: 1\n"
)


def suggest(project: Path, words: str, code: str) -> int:
    """A rule suggestion of ``code`` on ``words`` in the directrice's interview; its id."""
    with find_project(project).open_store() as store:
        text = store.document(A).text
        start = text.index(words)
        evidence = f"{code}#1: « {words} »"
        store.add_codings(
            [
                Coding(
                    A, start, start + len(words), code, "rules", "rule", "suggested", 0.8, evidence
                )
            ]
        )
        return store.coding_id(A, start, start + len(words), code, "rules")  # type: ignore[return-value]


def span_of(project: Path, words: str) -> tuple[int, int]:
    with find_project(project).open_store() as store:
        start = store.document(A).text.index(words)
    return start, start + len(words)


def rows(project: Path, **filters: object) -> list[CodingRow]:
    with find_project(project).open_store() as store:
        return store.coding_rows(**filters)  # type: ignore[arg-type]


def review_as(project: Path, coder: str, keys: str) -> Result:
    result = CliRunner().invoke(
        cli, ["review", "--coder", coder, "--project", str(project)], input=keys
    )
    assert result.exit_code == 0, result.output
    return result


def exported(invoke: Callable[..., Result], tmp_path: Path, *options: str) -> list[dict]:
    path = tmp_path / "codages.csv"
    result = invoke("codings", "export", str(path), *options)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


# --- 1. no duplicate coding on accept and move -------------------------------------------


def test_accepting_what_the_reviewer_coded_by_hand_makes_no_second_coding(
    imported: Path, invoke: Callable[..., Result], tmp_path: Path
) -> None:
    """Before: two identical alice COOP.LIEU codings on the passage (her own, and the
    accepted suggestion), two rows in her export."""
    suggestion = suggest(imported, LIEU, "COOP.LIEU")
    start, end = span_of(imported, LIEU)
    with find_project(imported).open_store() as store:
        manual = store.add_manual_coding(A, start, end, "COOP.LIEU", "alice")
    # her review does not ask her (s37: she coded it, there is nothing to decide); a decision
    # taken all the same (by id: the web page's API, a script) makes no second coding
    assert "Nothing to review" in review_as(imported, "alice", "").output
    with find_project(imported).open_store() as store:
        review_queue.decide(store, suggestion, "accept", "alice")

    mine = rows(imported, coders=["alice"], statuses=["accepted"])
    assert [(r.id, r.code, r.start, r.end) for r in mine] == [(manual, "COOP.LIEU", start, end)]
    decided = rows(imported, methods=["rule"])
    assert [(r.id, r.status, r.reviewed_by, r.coder) for r in decided] == [
        (suggestion, "accepted", "alice", "rules")
    ]
    # the decision counts for the rule, and the rules do not suggest it again
    assert rule_records(rows(imported)) == {"COOP.LIEU#1": RuleRecord(accepted=1, rejected=0)}
    with find_project(imported).open_store() as store:
        assert store.decided_spans(store.document(A).id, "rules") == [("COOP.LIEU", start, end)]
        events = [e["details"] for e in store.events() if e["action"] == "coding.review"]
    assert events[-1]["coded_already"] == manual
    # one coding in the export by coder, the matrix of alice's codings counts one segment
    assert [r["id"] for r in exported(invoke, tmp_path, "--coder", "alice")] == [str(manual)]
    for coders in (("--coders", "alice"), ()):  # alice's codings, every coder's
        matrix = invoke("matrix", "--format", "csv", *coders, "--codes", "COOP.LIEU")
        assert matrix.exit_code == 0, matrix.output
        assert matrix.stdout.splitlines()[1:] == ["pole-a,1", "pole-b,"]  # pole-b: not coded
    # the REFI-QDA project of every coder: one coding there, alice's (the acceptance that
    # stays the tagger's is a decision, not a coding by a user « rules »)
    qdpx = tmp_path / "etude.qdpx"
    assert invoke("export", "qdpx", str(qdpx)).exit_code == 0
    with zipfile.ZipFile(qdpx) as archive:
        project_xml = archive.read("project.qde").decode("utf-8")
    assert project_xml.count("<Coding ") == 1

    # her own coding removed: the acceptance becomes her coding, the decision is not lost
    with find_project(imported).open_store() as store:
        store.delete_manual_coding(manual, "alice")
    assert [r.id for r in rows(imported, coders=["alice"])] == [suggestion]
    # an undo then gives the suggestion back to the rules, as any acceptance's
    with find_project(imported).open_store() as store:
        assert review_queue.undo(store, suggestion, "alice") == "accepted"
    assert rows(imported, coders=["alice"]) == []


def test_a_code_changed_away_hands_the_acceptance_back(imported: Path) -> None:
    suggestion = suggest(imported, LIEU, "COOP.LIEU")
    start, end = span_of(imported, LIEU)
    with find_project(imported).open_store() as store:
        manual = store.add_manual_coding(A, start, end, "COOP.LIEU", "alice")
        review_queue.decide(store, suggestion, "accept", "alice")
        store.change_manual_coding(manual, "ECO", "alice")
    assert sorted((r.code, r.id) for r in rows(imported, coders=["alice"])) == [
        ("COOP.LIEU", suggestion),
        ("ECO", manual),
    ]


def test_accepting_on_an_edited_passage_the_reviewer_coded_makes_no_second_coding(
    imported: Path,
) -> None:
    suggestion = suggest(imported, LIEU, "COOP.LIEU")
    start, end = span_of(imported, SENTENCE)
    with find_project(imported).open_store() as store:
        manual = store.add_manual_coding(A, start, end, "COOP.LIEU", "alice")
        review_queue.accept_on(store, suggestion, "alice", (start, end))
    assert [r.id for r in rows(imported, coders=["alice"])] == [manual]
    assert rule_records(rows(imported)) == {"COOP.LIEU#1": RuleRecord(accepted=1, rejected=0)}


def test_moving_to_a_code_the_reviewer_holds_there_makes_no_new_coding(imported: Path) -> None:
    """Before: a second alice COOP.ACHATS coding on the passage, identical to hers."""
    suggestion = suggest(imported, ACHATS, "ECO.PUBLIC")
    start, end = span_of(imported, ACHATS)
    book = load_codebook(imported / "codebooks" / "ptce.yaml")
    with find_project(imported).open_store() as store:
        manual = store.add_manual_coding(A, start, end, "COOP.ACHATS", "alice")
        moved = review_queue.move(store, suggestion, "COOP.ACHATS", "alice", book)
        assert moved == manual
        events = [e["details"] for e in store.events() if e["action"] == "coding.review.move"]
    assert events[-1]["coding"] == manual and events[-1]["coded_already"] is True
    mine = rows(imported, coders=["alice"])
    assert [(r.id, r.code, r.start, r.end) for r in mine] == [(manual, "COOP.ACHATS", start, end)]
    assert [(r.status, r.reviewed_by) for r in rows(imported, methods=["rule"])] == [
        ("rejected", "alice")
    ]
    assert rule_records(rows(imported)) == {"ECO.PUBLIC#1": RuleRecord(accepted=0, rejected=1)}
    # the undo of the move leaves her coding: it was there before
    with find_project(imported).open_store() as store:
        assert review_queue.undo(store, suggestion, "alice") == "rejected"
    assert [r.id for r in rows(imported, coders=["alice"])] == [manual]
    assert [r.status for r in rows(imported, methods=["rule"])] == ["suggested"]


def test_the_web_page_accepts_and_moves_without_a_second_coding(imported: Path) -> None:
    lieu = suggest(imported, LIEU, "COOP.LIEU")
    achats = suggest(imported, ACHATS, "ECO.PUBLIC")
    client, csrf = client_for(imported, "alice")
    headers = {"X-CSRF-Token": csrf}
    with find_project(imported).open_store() as store:
        store.add_manual_coding(A, *span_of(imported, LIEU), "COOP.LIEU", "alice")
        store.add_manual_coding(A, *span_of(imported, ACHATS), "COOP.ACHATS", "alice")
    with client:
        for coding, body in ((lieu, {"decision": "accept"}), (achats, {"decision": "move"})):
            body = {**body, "code": "COOP.ACHATS"} if body["decision"] == "move" else body
            answer = client.post(f"/api/review/{coding}", json=body, headers=headers)
            assert answer.status_code == 200, answer.text
        listed = client.get(f"/api/documents/{A}/codings").json()
    mine = sorted((c["code"], c["start"]) for c in listed if c["coder"] == "alice")
    assert mine == sorted(
        [("COOP.LIEU", span_of(imported, LIEU)[0]), ("COOP.ACHATS", span_of(imported, ACHATS)[0])]
    )


# --- 2. blind double coding: the second coder decides the suggestion as suggested --------


@pytest.fixture
def blind(imported: Path) -> tuple[Path, int]:
    """alice and bob code the directrice's interview blind; a rule suggested COOP.LIEU on
    « locaux partagés », and alice accepted it to the end of its sentence (`)` then `a`)."""
    settings = imported / "project.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + BLIND, encoding="utf-8")
    suggestion = suggest(imported, LIEU, "COOP.LIEU")
    output = review_as(imported, "alice", ")a").output
    assert "1 accepted (1 on another passage)" in output
    [row] = rows(imported, methods=["rule"])
    assert (row.id, row.text, row.reviewed_by) == (suggestion, ALICES, "alice")
    return imported, suggestion


def test_the_second_coder_reviews_the_suggestion_as_suggested(blind: tuple[Path, int]) -> None:
    """Before: bob's queue showed, and his acceptance took, alice's sentence."""
    project, suggestion = blind
    with find_project(project).open_store() as store:
        plan = coder_plan(store, find_project(project).assignments, "bob")
        [item] = review_queue.pending(store, coder="bob", plan=plan)
        assert (item.id, item.text, (item.start, item.end)) == (
            suggestion,
            LIEU,
            span_of(project, LIEU),
        )
        assert review_queue.pending(store, coder="alice", plan=plan) == []
    output = review_as(project, "bob", "a").output
    assert f"Marie Dupont: {LIEU}\n" in output
    assert "depuis 2012" not in output.split("→")[0].split("Marie Dupont:")[-1]
    [decision] = [r for r in rows(project, methods=["rule"]) if r.reviewed_by == "bob"]
    assert (decision.origin, decision.coder, decision.text) == (suggestion, "bob", LIEU)
    # alice's decision stays hers, on her passage
    mine = rows(project, coders=["alice"])
    assert [(r.id, r.text) for r in mine] == [(suggestion, ALICES)]


def test_the_second_coder_moves_and_edits_from_the_passage_suggested(
    blind: tuple[Path, int],
) -> None:
    project, suggestion = blind
    book = load_codebook(project / "codebooks" / "ptce.yaml")
    start, end = span_of(project, LIEU)
    with find_project(project).open_store() as store:
        moved = review_queue.move(store, suggestion, "COOP", "bob", book)
        assert store.coding_by_id(moved).text == LIEU
        review_queue.undo(store, suggestion, "bob")
        # a passage edited by bob is read against the suggested one, not alice's
        decision = review_queue.accept_on(store, suggestion, "bob", (start, end + 1))
        events = [e["details"] for e in store.events() if e["action"] == "coding.review.passage"]
        assert (store.coding_by_id(decision).start, store.coding_by_id(decision).end) == (
            start,
            end + 1,
        )
    assert events[-1]["coding"] == decision and events[-1]["before"] == [start, end]


def test_the_web_pages_show_each_coder_their_own_view(blind: tuple[Path, int]) -> None:
    """Before: bob's review page and document page showed alice's sentence."""
    project, suggestion = blind
    start, end = span_of(project, LIEU)
    alices = span_of(project, ALICES)
    bob, bob_csrf = client_for(project, "bob")
    alice, _ = client_for(project, "alice")
    with bob, alice:
        page = bob.get("/revue").text
        [item] = re.findall(r'<li class="suggestion" ([^>]*)>', page)
        assert f'data-start="{start}" data-end="{end}"' in item
        [marked] = re.findall(r'<mark class="passage"[^>]*>(.*?)</mark>', page, re.S)
        assert html.unescape(marked) == LIEU
        for_bob = {c["id"]: c for c in bob.get(f"/api/documents/{A}/codings").json()}
        assert (for_bob[suggestion]["start"], for_bob[suggestion]["end"]) == (start, end)
        assert for_bob[suggestion]["status"] == "suggested"
        assert for_bob[suggestion]["text"] == LIEU
        document_page = bob.get(f"/document/{A}").text
        assert f'data-id="{suggestion}" data-code="COOP.LIEU" data-start="{start}"' in document_page
        for_alice = {c["id"]: c for c in alice.get(f"/api/documents/{A}/codings").json()}
        assert (for_alice[suggestion]["start"], for_alice[suggestion]["end"]) == alices
        assert for_alice[suggestion]["status"] == "accepted"
        # bob decides what he saw (a request without `seen`: see the next test)
        answer = bob.post(
            f"/api/review/{suggestion}",
            json={"decision": "accept"},
            headers={"X-CSRF-Token": bob_csrf},
        )
        assert answer.status_code == 200, answer.text
    [decision] = [r for r in rows(project, methods=["rule"]) if r.reviewed_by == "bob"]
    assert (decision.start, decision.end) == (start, end)


def test_the_second_coder_s_page_decides_what_it_showed(blind: tuple[Path, int]) -> None:
    project, suggestion = blind
    start, end = span_of(project, LIEU)
    bob, bob_csrf = client_for(project, "bob")
    seen = {"document": A, "code": "COOP.LIEU", "start": start, "end": end}
    with bob:
        answer = bob.post(
            f"/api/review/{suggestion}",
            json={"decision": "accept", "seen": seen},
            headers={"X-CSRF-Token": bob_csrf},
        )
    assert answer.status_code == 200, answer.text


def test_an_undone_acceptance_goes_back_to_the_passage_suggested(
    blind: tuple[Path, int],
) -> None:
    """Before: undone, the suggestion stayed on alice's sentence, for alice's queue and
    bob's alike (and the terminal review, which shows it as suggested, accepted the
    sentence again on a plain `a`)."""
    project, suggestion = blind
    with find_project(project).open_store() as store:
        review_queue.undo(store, suggestion, "alice")
        row = store.coding_by_id(suggestion)
        assert (row.status, row.text) == ("suggested", LIEU)
        review_queue.decide(store, suggestion, "accept", "alice")
        assert store.coding_by_id(suggestion).text == LIEU


def test_the_passage_suggested_follows_a_new_import_of_the_text(
    blind: tuple[Path, int], invoke: Callable[..., Result]
) -> None:
    project, suggestion = blind
    path = project / "corpus" / "pole-a" / "directrice.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Entretien avec", "Premier entretien avec"), encoding="utf-8")
    result = invoke("import", str(project / "corpus"))
    assert result.exit_code == 0, result.output
    with Store(project / "coding.sqlite") as store:
        plan = coder_plan(store, find_project(project).assignments, "bob")
        [item] = review_queue.pending(store, coder="bob", plan=plan)
        assert item.text == LIEU
        assert store.coding_by_id(suggestion).text == ALICES


def test_the_other_coder_s_acceptance_that_stays_the_tagger_s_is_hidden(
    blind: tuple[Path, int],
) -> None:
    """An acceptance where alice had coded the passage herself stays the tagger's row: bob's
    matrix must not count it (it would tell him alice accepted it)."""
    project, _ = blind
    achats = suggest(project, ACHATS, "COOP.ACHATS")
    with find_project(project).open_store() as store:
        store.add_manual_coding(A, *span_of(project, ACHATS), "COOP.ACHATS", "alice")
        review_queue.decide(store, achats, "accept", "alice")
        assert store.coding_by_id(achats).coder == "rules"
    bob, _ = client_for(project, "bob")
    with bob:
        page = bob.get("/matrice/cellule?cas=pole-a&code=COOP").text
    assert "achats groupés" not in html.unescape(page)
