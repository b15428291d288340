"""The confidence of rule suggestions (tagging/relevance.py), negation (tagging/negation.py)
and passages (tagging/context.py), and what review decisions teach the rules, with the
default codebook."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from ptce_coding.app.project import default_codebook_path, find_project
from ptce_coding.base.records import CodingRow
from ptce_coding.cli import cli
from ptce_coding.codebook.loader import load_codebook
from ptce_coding.tagging.context import opening, passage, sentences
from ptce_coding.tagging.negation import negated
from ptce_coding.tagging.relevance import (
    AxisMeaning,
    RuleRecord,
    axis_exclusions,
    evidence_rules,
    rule_records,
)
from ptce_coding.tagging.sentence_vectors import encode

INTERVIEW = """\
Enquêteur : Pouvez-vous décrire ce que vous faites ensemble ?

Marie : On a mutualisé les locaux : les associations du pôle partagent le même bâtiment, avec \
une salle de réunion commune et un accueil partagé, et on se répartit les frais de loyer entre \
structures membres.

Enquêteur : Et votre parcours ?

Marie : Moi j'ai grandi à la campagne, mon père était boulanger, et à l'époque on avait un \
petit noyau de clientèle fidèle, des gens du village qui venaient tous les matins chercher \
leur pain.
"""


def _project(tmp_path: Path, runner: CliRunner, min_confidence: str | None = None) -> Path:
    root = tmp_path / "study"
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    if min_confidence is not None:
        settings = root / "project.yaml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(
            text.replace("  min_confidence: 0.35 ", f"  min_confidence: {min_confidence} "),
            encoding="utf-8",
        )
    (root / "corpus" / "pole").mkdir(parents=True)
    (root / "corpus" / "pole" / "e.txt").write_text(INTERVIEW, encoding="utf-8")
    result = runner.invoke(cli, ["import", str(root / "corpus"), "--project", str(root)])
    assert result.exit_code == 0, result.output
    return root


def _rule_codings(root: Path) -> list[CodingRow]:
    with find_project(root).open_store() as store:
        return store.coding_rows(methods=["rule"])


@pytest.mark.slow
def test_a_passing_word_in_a_life_story_is_not_suggested(tmp_path: Path, runner) -> None:
    root = _project(tmp_path, runner)
    result = runner.invoke(cli, ["code", "--project", str(root)])
    assert result.exit_code == 0, result.output
    rows = _rule_codings(root)
    codes = {row.code for row in rows}
    assert "COOP.MUTUALISATION.LIEU" in codes  # the passage is about shared premises
    assert "MORPH.CERCLE.NOYAU" not in codes  # « noyau de clientèle »: another meaning
    assert all("boulanger" not in row.text for row in rows)
    assert all(0.35 <= row.confidence <= 1 for row in rows)
    assert "under the confidence threshold 0.35" in result.output
    # every match is written with coding.min_confidence: 0, each with its confidence
    root_all = _project(tmp_path / "all", runner, "0")
    assert runner.invoke(cli, ["code", "--project", str(root_all)]).exit_code == 0
    everything = {row.code: row.confidence for row in _rule_codings(root_all)}
    assert everything["MORPH.CERCLE.NOYAU"] < 0.35 < everything["COOP.MUTUALISATION.LIEU"]


@pytest.mark.slow
def test_rejected_rules_are_demoted_and_count_less(tmp_path: Path, runner) -> None:
    root = _project(tmp_path, runner, "0")
    assert runner.invoke(cli, ["code", "--project", str(root)]).exit_code == 0
    before = {row.code: row.confidence for row in _rule_codings(root)}
    noyau = [r for r in _rule_codings(root) if r.code == "MORPH.CERCLE.NOYAU"]
    rules = evidence_rules(noyau[0].evidence)
    assert rules and all(rule.startswith("MORPH.CERCLE.NOYAU#") for rule in rules)
    with find_project(root).open_store() as store:
        for _ in range(3):  # three reviewers' rejections of that rule's suggestions
            store.db.execute(
                'INSERT INTO codings (document_id, start, "end", code, coder, method, status,'
                ' evidence, created_at) SELECT document_id, start, "end", code, coder, method,'
                " 'rejected', evidence, created_at FROM codings WHERE id = ?",
                (noyau[0].id,),
            )
    result = runner.invoke(cli, ["code", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert (
        "Rules mostly wrong, in review or against the group's coding (their matches count "
        f"less): {rules[0]}" in result.output
    )
    after = {r.code: r.confidence for r in _rule_codings(root) if r.status == "suggested"}
    assert "MORPH.CERCLE.NOYAU" not in after  # decided: not suggested again on that segment
    assert after["COOP.MUTUALISATION.LIEU"] == before["COOP.MUTUALISATION.LIEU"]


def test_rule_records_from_review_decisions() -> None:
    decided = [
        ("rule", "rejected", "A#1: « x »; A#2: « y »"),
        ("rule", "rejected", "A#1: « x » (threshold 0.40)"),
        ("rule", "rejected", "A#1: « z »"),
        ("rule", "accepted", "A#2: « y »"),
        ("rule", "suggested", "A#3: « w »"),
        ("model", "rejected", "x, y (threshold 0.30)"),
    ]
    rows = [
        CodingRow(n, "doc", "case", 0, 5, "A", "rules", method, status, evidence=evidence)
        for n, (method, status, evidence) in enumerate(decided)
    ]
    records = rule_records(rows)
    assert records["A#1"] == RuleRecord(accepted=0, rejected=3)
    assert records["A#1"].demoted and records["A#1"].weight == pytest.approx(0.4)
    assert records["A#2"] == RuleRecord(accepted=1, rejected=1)
    assert not records["A#2"].demoted and records["A#2"].weight == pytest.approx(1.0)
    assert "A#3" not in records and RuleRecord().weight == 1.0


@pytest.mark.slow  # the French spaCy model
@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("nous ne sommes pas le sous-traitant de la mairie", "sous-traitant", True),
        ("on n'a jamais eu de subvention", "subvention", True),
        ("il y a pas seulement des subventions", "subventions", False),
        ("pas de souci, on a eu une subvention", "subvention", False),  # another clause
        ("on a des locaux partagés", "locaux", False),
    ],
)
def test_negation_before_a_match(text: str, word: str, expected: bool) -> None:
    doc = spacy.blank("fr")(text)
    assert negated(doc, text.index(word)) is expected


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        # « ne … cue » around the match: the French negation of a verb
        ("on ne mutualise pas les locaux", "mutualise", True),
        ("on ne mutualise pas les locaux", "mutualise pas les locaux", True),
        ("nous n'avons avec l'administration aucun lien", "administration", True),
        ("on n’a jamais coopéré avec eux", "coopéré", True),  # the cue before, as before
        ("ils ne coopèrent que sur un projet", "coopèrent", False),  # « ne … que »: only
        ("on ne mutualise pas seulement les locaux", "mutualise", False),
        ("on mutualise pas mal de choses", "mutualise", False),  # no « ne »: not read
        ("je ne sais, on mutualise pas les locaux", "mutualise", False),  # another clause
    ],
)
def test_negation_around_a_match(text: str, words: str, expected: bool) -> None:
    doc = spacy.blank("fr")(text)
    start = text.index(words)
    assert negated(doc, start, start + len(words)) is expected
    if not expected:
        return
    # without the match's end, only a cue before it is read
    before = any(cue in text[:start].split() for cue in ("pas", "jamais", "aucun"))
    assert negated(doc, start) is before


def test_a_passage_is_the_sentences_that_hold_the_evidence() -> None:
    text = "Premier point. On partage les locaux avec trois associations. Et puis la suite ?"
    assert sentences(text) == [(0, 14), (15, 61), (62, 80)]
    start = text.index("locaux")
    assert passage(text, [(start, start + 6)]) == (15, 61)
    long = " ".join(f"mot{i}" for i in range(200))
    start = long.index("mot100")
    begin, end = passage(long, [(start, start + 6)])
    # 40 words on each side of the evidence, no punctuation to cut at
    assert long[begin:end].split() == [f"mot{i}" for i in range(60, 141)]


def test_a_passage_is_where_most_of_the_evidence_is() -> None:
    long = " ".join(f"mot{i}" for i in range(400))

    def at(*words: int, text: str = long) -> list[tuple[int, int]]:
        return [(text.index(f"mot{w} "), text.index(f"mot{w} ") + len(f"mot{w}")) for w in words]

    # matches 80 words apart or less: one place, from the first to the last
    begin, end = passage(long, at(100, 181))
    assert long[begin:end].split() == [f"mot{i}" for i in range(60, 222)]
    # 81 words apart: two places, one match each: the first
    begin, end = passage(long, at(100, 182))
    assert long[begin:end].split() == [f"mot{i}" for i in range(60, 141)]
    # the place with two matches, not the first with one
    begin, end = passage(long, at(10, 200, 210))
    assert long[begin:end].split() == [f"mot{i}" for i in range(160, 251)]
    # with sentences between, one place: the paragraph says what it is about (a sentence
    # ends where the next word has a capital: « mot150. mot151 » would go on, as in speech)
    punctuated = long.replace("mot150 mot151", "mot150. Mot151")
    begin, end = passage(punctuated, at(100, 182, text=punctuated))
    said = punctuated[begin:end].replace(".", "").lower().split()
    assert said == [f"mot{i}" for i in range(60, 223)]


def test_the_opening_of_an_answer() -> None:
    short = "Oui, tous les mois. On commande ensemble."
    assert opening(short) == (0, len(short))  # under 40 words: the whole of it
    sentence = " ".join(f"mot{i}" for i in range(30)).capitalize() + "."
    answer = " ".join([sentence] * 3)
    begin, end = opening(answer)
    # the first two sentences: the second one reaches 40 words
    assert (begin, end) == (0, 2 * len(sentence) + 1)
    unpunctuated = " ".join(f"mot{i}" for i in range(200))
    begin, end = opening(unpunctuated)
    assert unpunctuated[begin:end].split() == [f"mot{i}" for i in range(80)]


@pytest.mark.slow
def test_what_an_axis_excludes_counts_against_it() -> None:
    """The « when not to use » texts are read as negatives: a passage about what the
    governance codes exclude (what members do together, the motives that brought them
    together) is further from governance than one about the board and its votes."""
    book = load_codebook(default_codebook_path())
    exclusions = axis_exclusions(book)
    assert exclusions["GOUV"] and all(text.strip() for text in exclusions["GOUV"])
    meaning = AxisMeaning(book)
    texts = [
        "Le conseil d'administration du pôle vote les décisions, chaque membre a une voix "
        "à l'assemblée générale.",
        "Les associations ont monté ensemble une recyclerie et partagent un entrepôt et "
        "des salariés.",
    ]
    vectors = encode(texts)
    toward, away = meaning.similarities(vectors), meaning.exclusions(vectors)
    board = meaning.signals(toward[0], away[0], "GOUV")
    together = meaning.signals(toward[1], away[1], "GOUV")
    assert together["excluded"] > board["excluded"]
    assert board["similarity"] > together["similarity"]
