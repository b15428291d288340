"""Codebook loading: every kind of error is reported with its line and code."""

from __future__ import annotations

import textwrap

import pytest

from ptce_coding.app.project import default_codebook_path
from ptce_coding.base.errors import CodebookError
from ptce_coding.codebook.loader import load_codebook, parse_codebook

from .conftest import DATA


def problems(yaml_text: str) -> list[str]:
    with pytest.raises(CodebookError) as caught:
        parse_codebook(textwrap.dedent(yaml_text), path="cb.yaml")
    return [str(p) for p in caught.value.problems]


def test_duplicate_id_reports_both_lines() -> None:
    found = problems(
        """\
        name: t
        codes:
          - id: A
            label: a
          - id: A
            label: again
        """
    )
    assert found == ["cb.yaml, line 5: code A: duplicate id (first defined at line 3)"]


def test_unknown_parent() -> None:
    found = problems(
        """\
        name: t
        codes:
          - id: A
            label: a
          - id: A.B
            label: b
            parent: Z
        """
    )
    assert found == ["cb.yaml, line 5: code A.B: unknown parent 'Z'"]


def test_cycle_through_parents() -> None:
    found = problems(
        """\
        name: t
        codes:
          - id: A
            label: a
            parent: B
          - id: B
            label: b
            parent: A
        """
    )
    assert found == [
        "cb.yaml, line 3: code A: parent cycle A -> B -> A",
        "cb.yaml, line 6: code B: parent cycle B -> A -> B",
    ]


def test_unknown_rule_key_and_invalid_regex() -> None:
    found = problems(
        """\
        name: t
        codes:
          - id: A
            label: a
            rules:
              - lemma: local
                windw: 3
              - regex: "(unclosed"
        """
    )
    assert found[0].startswith("cb.yaml, line 7: code A, rule 1: unknown rule key 'windw'")
    assert found[1].startswith(
        "cb.yaml, line 8: code A, rule A#2: invalid regular expression '(unclosed'"
    )


def test_empty_label_and_bad_id() -> None:
    found = problems(
        """\
        name: t
        codes:
          - id: A
            label: "  "
          - id: not-an-id
            label: x
        """
    )
    assert found[0] == "cb.yaml, line 4: code A: empty label"
    assert found[1].startswith("cb.yaml, line 5: code not-an-id: `id` must be dotted")


def test_rule_needs_exactly_one_kind() -> None:
    found = problems(
        """\
        name: t
        codes:
          - id: A
            label: a
            rules:
              - lemma: x
                regex: y
              - veto: true
        """
    )
    assert "exactly one of lemma, phrase, pattern, regex, near (found lemma, regex)" in found[0]
    assert found[1].startswith("cb.yaml, line 8: code A, rule 2: a rule needs exactly one")


def test_malformed_yaml_has_a_line() -> None:
    found = problems("name: t\ncodes:\n  - id: A\n    label: [unclosed\n")
    assert found[0].startswith("cb.yaml, line 5: malformed YAML")


def test_duplicate_yaml_key_is_an_error() -> None:
    found = problems("name: t\ncodes:\n  - id: A\n    label: a\n    label: b\n")
    assert found[0].startswith("cb.yaml, line 5: malformed YAML: duplicate key 'label'")


def test_nesting_and_tree_queries() -> None:
    book = load_codebook(DATA / "codebook.yaml")
    assert [c.id for c in book.top_level()] == ["COOP", "ECO"]
    assert book.get("COOP.LIEU").parent == "COOP"
    assert book.rollup("COOP.LIEU", 1) == "COOP"
    assert book.rollup("COOP", 2) == "COOP"
    assert [rule.id for rule in book.get("COOP.LIEU").rules] == [
        "COOP.LIEU#1",
        "COOP.LIEU#2",
        "lieu-negation",
    ]
    assert book.get("COOP.LIEU").rules[2].veto


def test_version_changes_with_content_only() -> None:
    text = (DATA / "codebook.yaml").read_text(encoding="utf-8")
    same = parse_codebook("# a comment\n" + text)
    changed = parse_codebook(text.replace("Partage de locaux", "Partage de lieux"))
    original = parse_codebook(text)
    assert same.version == original.version
    assert changed.version != original.version


TOP_LEVEL = ["MORPH", "OBJ", "COOP", "GOUV", "ECO", "EMERG", "TERR", "INST", "EVAL"]


def test_default_codebook_is_complete() -> None:
    book = load_codebook(default_codebook_path())
    assert [code.id for code in book.top_level()] == TOP_LEVEL
    assert {"EMERG.DET", "EMERG.ACC"} <= {code.id for code in book.children("EMERG")}
    assert len(book) >= 45
    for code in book.codes:
        assert code.definition and code.include and code.exclude, code.id
        assert code.examples, code.id
        assert any(not rule.veto for rule in code.rules), code.id
        if code.parent:
            assert code.id.startswith(code.parent + "."), code.id
    assert book.warnings() == []


@pytest.mark.slow
def test_default_codebook_examples_trigger_their_code() -> None:
    """Each code's own examples make the rules suggest it (or one of its sub-codes)."""
    from ptce_coding.base.language import for_pipeline, load_pipeline
    from ptce_coding.tagging.rules import RuleTagger

    book = load_codebook(default_codebook_path())
    nlp = load_pipeline()
    tagger = RuleTagger(book, nlp)
    missed = []
    for code in book.codes:
        found: set[str] = set()
        for example in code.examples:
            found |= set(tagger.codes(nlp(for_pipeline(example)), example))
        if not any(code.id in book.ancestors(hit) for hit in found):
            missed.append(code.id)
    assert missed == []
