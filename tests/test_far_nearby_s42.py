"""In a far document, what the rules find of the surroundings is likely where the talk dwells
on them: a context code's finding weighs its segment's length and how many segments near it
speak of the surroundings too (tagging/far_documents.py, session 42).

The fixtures are the tests' invented interview with an Orléans ironmonger: in
``entretien-quincaillier.txt`` the town's development and its town hall come up in one answer
among talk of his shop and his Sundays; in ``entretien-quincaillier-ville.txt`` the same answer
is followed by two more on the industrial estate and the town centre's plan."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from ptce_coding.cli import cli
from ptce_coding.tagging.far_documents import NEARBY_WORDS, far_confidence, surroundings
from ptce_coding.web.french import evidence as french

FAR = Path(__file__).parent / "data" / "far"
ANSWER = "la mairie a fait l'aménagement urbain"


def _run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--project", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def coded(tmp_path: Path) -> dict[str, list[dict[str, str]]]:
    """Both interviews imported (ENQ the interviewer, every rule finding written) and coded:
    per document, its rule suggestions as `codings export` writes them."""
    root = tmp_path / "study"
    CliRunner().invoke(cli, ["init", str(root)])
    settings = root / "project.yaml"
    text = settings.read_text(encoding="utf-8").replace(
        "  interviewers: []", "  interviewers: [ENQ]"
    )
    settings.write_text(text.replace("  min_confidence: 0.35 ", "  min_confidence: 0    "))
    for name in ("entretien-quincaillier.txt", "entretien-quincaillier-ville.txt"):
        _run(root, "import", str(FAR / name), "--case", "orleans")
    _run(root, "code")
    _run(root, "codings", "export", str(root / "out.csv"))
    found: dict[str, list[dict[str, str]]] = {}
    with (root / "out.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["method"] == "rule":
                found.setdefault(row["document"].split("/")[-1], []).append(row)
    return found


def _of(rows: list[dict[str, str]], code: str, words: str) -> dict[str, str]:
    (row,) = [r for r in rows if r["code"] == code and words in r["text"]]
    return row


@pytest.mark.slow
def test_the_same_answer_is_likely_where_the_talk_dwells_on_the_town(coded: dict) -> None:
    alone = coded["entretien-quincaillier.txt"]
    dwelt = coded["entretien-quincaillier-ville.txt"]
    for code in ("TERR", "INST.COLLECTIVITES"):
        said_once, said_among = _of(alone, code, ANSWER), _of(dwelt, code, ANSWER)
        assert float(said_once["confidence"]) < 0.35 <= float(said_among["confidence"])
        assert "(no other passage on them nearby)" in said_once["evidence"]
        assert "(2 other passages on them nearby)" in said_among["evidence"]
    # the two answers after it are likely too, each with its neighbours
    assert float(_of(dwelt, "TERR", "développement économique")["confidence"]) >= 0.35
    assert float(_of(dwelt, "INST.COLLECTIVITES", "municipalité")["confidence"]) >= 0.35
    # any other code stays rarely right there, whatever its neighbours
    others = [r for r in dwelt if not r["code"].startswith(("TERR", "INST"))]
    assert others and all(float(r["confidence"]) < 0.15 for r in others)
    assert all("on them nearby" not in r["evidence"] for r in others)


@pytest.mark.slow
def test_the_page_says_the_neighbours_in_french(coded: dict) -> None:
    row = _of(coded["entretien-quincaillier-ville.txt"], "TERR", ANSWER)
    shown = french(row["evidence"])
    assert "nearby" not in shown
    assert "ce qu'il dit de l'environnement du cas (2 autres passages proches en parlent)" in shown
    row = _of(coded["entretien-quincaillier.txt"], "TERR", ANSWER)
    assert "(aucun autre passage proche n'en parle)" in french(row["evidence"])


def test_neighbours_are_counted_in_the_words_between_them() -> None:
    gap = NEARBY_WORDS - 1
    # a marked segment, then `gap` words of unmarked talk, then a marked one: neighbours;
    # one word more between them and they are not
    assert [n for _, n in surroundings([10, gap, 10], [True, False, True])] == [1, 2, 1]
    assert [n for _, n in surroundings([10, gap + 1, 10], [True, False, True])] == [0, 2, 0]
    # a segment is not its own neighbour; its length is the log of its words (at least one)
    assert surroundings([0, 40], [True, True]) == [(0.0, 1), (math.log(40), 1)]


def test_a_longer_answer_with_more_neighbours_is_likelier() -> None:
    one_match = 0.69  # relevance.rule_signal of one match of weight 1
    by_length = [
        far_confidence({"rules": one_match, "length": math.log(w)}, True) for w in (5, 60, 300)
    ]
    assert by_length == sorted(by_length) and by_length[0] < by_length[-1]
    by_nearby = [
        far_confidence({"rules": one_match, "length": math.log(60), "nearby": math.log1p(n)}, True)
        for n in (0, 1, 3)
    ]
    assert by_nearby == sorted(by_nearby) and by_nearby[-1] - by_nearby[0] > 0.2
    # another code's confidence reads neither
    other = far_confidence({"rules": one_match, "length": math.log(300), "nearby": 3.0}, False)
    assert other == far_confidence({"rules": one_match}, False) < 0.1
