"""`agreement` compares what each coder read: a suggestion accepted by threshold (`review
--accept-above`) is compared as the tagger's suggestion, not as the coder's coding, and the
command says how many of each coder's codings this leaves out; a coder none of whose codings
was read is not compared. The report's method note says the same, and counts the acceptances
by threshold apart from those read one by one."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from ptce_coding.analysis.synthesis_data import synthesis_data
from ptce_coding.app.project import find_project
from ptce_coding.base.records import Coding
from ptce_coding.report import method_facts, tables
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.synthesis import Synthesis, build_synthesis
from ptce_coding.store import Store
from tests.test_agreement_cli import segment_spans

# a rule suggestion alice coded and bob did not (COOP.LIEU on b2), and one nobody coded
SUGGESTED = [("COOP.LIEU", "b2", 0.9), ("ECO.PUBLIC", "b2", 0.85), ("COOP.ACHATS", "b4", 0.4)]


@pytest.fixture
def batch_waiting(invoke: Callable[..., Result], two_coders: Path) -> Path:
    """alice and bob coded both interviews; rule suggestions wait in pole-b/membre.md."""
    spans = segment_spans(invoke, two_coders)
    with Store(two_coders / "coding.sqlite") as store:
        document = store.document("pole-b/membre.md")
        assert document is not None
        made = [
            (
                document.id,
                Coding(
                    document.name,
                    spans[unit][1],
                    spans[unit][2],
                    code,
                    "rules",
                    "rule",
                    "suggested",
                    confidence=confidence,
                ),
            )
            for code, unit, confidence in SUGGESTED
        ]
        store.replace_suggestions("rule", [document.id], made)
    return two_coders


def table(result: Result) -> dict[str, dict[str, str]]:
    assert result.exit_code == 0, result.output
    return {row["code"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


def test_a_coders_acceptances_by_threshold_are_not_their_reading(
    invoke: Callable[..., Result], batch_waiting: Path
) -> None:
    compare = ("agreement", "--coders", "alice,bob", "--format", "csv")
    before = table(invoke(*compare))
    done = invoke("review", "--accept-above", "0.8", "--coder", "bob", "--yes")
    assert "Accepted 2 suggestions as bob, by threshold" in done.output
    after = invoke(*compare)
    assert table(after) == before  # bob's COOP.LIEU on b2 is the rules', not his
    assert (
        "bob: 2 of their 7 codings are suggestions accepted by threshold (confidence ≥ 0.8), "
        "not read one by one: compared as the tagger's suggestions, not theirs" in after.stderr
    )
    # the rules still say it, as a coder of their own
    rules = table(invoke("agreement", "--coders", "alice,rules", "--format", "csv"))
    assert (rules["COOP.LIEU"]["coded_units"], rules["COOP.LIEU"]["percent"]) == ("1", "100.0")


def test_a_coder_who_read_none_of_their_codings_is_not_compared(
    invoke: Callable[..., Result], batch_waiting: Path
) -> None:
    done = invoke("review", "--accept-above", "0.8", "--coder", "doctorante", "--yes")
    assert done.exit_code == 0, done.output
    refused = invoke("agreement", "--coders", "alice,doctorante")
    assert refused.exit_code == 1
    assert (
        "doctorante: all 2 of their codings are suggestions accepted by threshold (confidence "
        "≥ 0.8), not read one by one: nothing of theirs to compare" in refused.output
    )
    assert "Traceback" not in refused.output
    pairs = invoke("agreement", "--coders", "alice,bob,doctorante", "--pairs")
    assert pairs.exit_code == 0, pairs.output
    assert "Not compared: doctorante: all 2 of their codings" in pairs.stderr


def synthesis(root: Path) -> Synthesis:
    project = find_project(root)
    with project.open_store(create=False) as store:
        data = synthesis_data(store)
    return build_synthesis(data, project.load_codebook(), ReportChoices(project="test"))


def test_the_method_note_counts_acceptances_by_threshold_apart(
    invoke: Callable[..., Result], batch_waiting: Path
) -> None:
    """alice 6 codings and bob 5, imported; bob accepts 2 suggestions by threshold and
    reads 1 (the review's keys): 14 codings counted, the 2 said apart with their threshold;
    the agreement is alice's and bob's on what bob read, and says so."""
    before = synthesis(batch_waiting).method.agreement
    done = invoke("review", "--accept-above", "0.8", "--coder", "bob", "--yes")
    assert done.exit_code == 0, done.output
    with Store(batch_waiting / "coding.sqlite") as store:
        waiting = store.coding_rows(statuses=["suggested"], methods=["rule"])
        assert [row.code for row in waiting] == ["COOP.ACHATS"]
        store.review(waiting[0].id, "accepted", "bob")  # read one by one
    built = synthesis(batch_waiting)
    said = method_facts.provenance(built)
    assert said == (
        "14 codages comptés : 11 codés à la main, 1 suggestion automatique acceptée à la "
        "relecture et 2 suggestions automatiques acceptées en bloc au-dessus d'un seuil de "
        "confiance (0,8), sans être relues une à une."
    ), said
    assert tables.unread_said(built) == (
        "2 des 8 codages de bob sont des suggestions automatiques acceptées en bloc au-dessus "
        "d'un seuil de confiance (0,8), sans être relues une à une : l'accord ne les compte "
        "pas parmi ses codages."
    )
    assert built.method.agreement is not None and before is not None
    # bob's reading only: his COOP.ACHATS read on b4 counts, the batch's b2 codings do not
    assert built.method.agreement_coders == ["alice", "bob"]
    assert (
        before.set_index("code").loc["COOP", "coded_units"]
        < built.method.agreement.set_index("code").loc["COOP", "coded_units"]
    )
    assert (
        before.set_index("code").loc["ECO", "percent"]
        == built.method.agreement.set_index("code").loc["ECO", "percent"]
    )


def test_a_coder_who_read_nothing_is_not_the_reports_agreement(
    invoke: Callable[..., Result], imported: Path
) -> None:
    """alice coded by hand; doctorante only accepted suggestions by threshold on the same
    interview: the report measures no agreement, and says why."""
    spans = segment_spans(invoke, imported)
    with Store(imported / "coding.sqlite") as store:
        document = store.document("pole-b/membre.md")
        assert document is not None
        _, start, end = spans["b2"]
        store.replace_suggestions(
            "rule",
            [document.id],
            [
                (
                    document.id,
                    Coding(
                        document.name,
                        start,
                        end,
                        "COOP.LIEU",
                        "rules",
                        "rule",
                        "suggested",
                        confidence=0.9,
                    ),
                )
            ],
        )
    sheet = imported / "alice.csv"
    sheet.write_text(
        f"document,start,end,code,coder\npole-b/membre.md,{start},{end},COOP.LIEU,alice\n",
        encoding="utf-8",
    )
    assert invoke("codings", "import", str(sheet)).exit_code == 0
    done = invoke("review", "--accept-above", "0.8", "--coder", "doctorante", "--yes")
    assert done.exit_code == 0, done.output
    built = synthesis(imported)
    assert built.method.agreement is None
    assert tables.unread_said(built) == (
        "Le seul codage de doctorante est une suggestion automatique acceptée en bloc "
        "au-dessus d'un seuil de confiance (0,8), sans être relue une à une : l'accord ne "
        "compare pas doctorante, qui n'a relu aucun de ses codages."
    )
