"""Bad user input across the command line (session 33, helper D): the consensus is a
group's decision, never a tagger's; project.yaml and codebook mistakes named with their line
and what to do; options that named nothing or were silently ignored. Each is refused with
one message, exit code 1 (DESIGN.md), no traceback, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ptce_coding.cli import cli
from ptce_coding.store import Store
from tests.test_bad_input_cli import refused

Invoke = Callable[..., Result]


def _edit(root: Path, old: str, new: str, name: str = "project.yaml") -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def _matrices(root: Path) -> list[str]:
    folder = root / "outputs" / "matrices"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


CONSENSUS_LINE = "  # consensus: consensus        #"


# --- 1. a consensus is people's decision: the taggers are never offered, nor taken --------


def test_an_unknown_consensus_offers_people_not_the_taggers(
    invoke: Invoke, two_coders: Path, suggested: Path
) -> None:
    """Before: « Coders with codings: alice, bob, rules », the rules offered as a consensus."""
    result = invoke("matrix", "--consensus", "consensu")
    refused(
        result,
        "no coding by consensu in the store: as the consensus, no decision of theirs would "
        "replace any coding",
        "Coders with codings: alice, bob (not rules: a tagger cannot be the consensus)",
        "ptce-coding codings import desaccords.xlsx --coder consensus",
    )
    assert "alice, bob, rules" not in result.output
    # a near miss is named
    refused(invoke("report", "--consensus", "bobb"), "(did you mean bob?)")
    # the taggers stay coders one can count
    assert invoke("matrix", "--coders", "alice,rules", "--status", "all").exit_code == 0


@pytest.mark.parametrize("tagger", ["rules", "model", "structure", "Rules"])
def test_a_tagger_as_the_consensus_is_refused(
    invoke: Invoke, two_coders: Path, suggested: Path, tagger: str
) -> None:
    """Before: `--consensus rules` was taken (the rules having codings), and the matrix was
    written as « case-x-code-count-consensus-rules »."""
    refused(
        invoke("matrix", "--consensus", tagger),
        f"--consensus: {tagger} is a tagger's name, not a consensus",
        "or `none`",
    )
    assert _matrices(two_coders) == []


def test_a_tagger_as_the_consensus_in_project_yaml_is_refused_with_its_line(
    invoke: Invoke, two_coders: Path, suggested: Path
) -> None:
    _edit(two_coders, CONSENSUS_LINE, "  consensus: model             #")
    line = _line_of(two_coders / "project.yaml", "consensus: model")
    refused(
        invoke("matrix"),
        f"project.yaml, line {line}: `analysis.consensus`: model is a tagger's name, not a "
        "consensus",
        "or delete the line",
    )
    assert _matrices(two_coders) == []


@pytest.mark.slow  # builds the report
def test_a_consensus_of_project_yaml_with_no_decision_is_noted(
    invoke: Invoke, two_coders: Path, suggested: Path
) -> None:
    """Before the consensus meeting (or a typo): the outputs say a consensus was applied;
    before, nothing said that none of its decisions exists."""
    _edit(two_coders, CONSENSUS_LINE, "  consensus: consensus         #")
    for command in (["matrix"], ["report"]):
        result = invoke(*command)
        assert result.exit_code == 0, result.output
        assert (
            "Note: `analysis.consensus` in project.yaml names consensus, with no coding in the "
            "store: no consensus decision replaces anything yet (coders with codings: alice, "
            "bob;" in result.output
        ), command


def test_consensus_none_in_project_yaml_is_no_consensus(invoke: Invoke, two_coders: Path) -> None:
    """As `--consensus none`; before, a coder named « none » (outputs « …-consensus-none »)."""
    _edit(two_coders, CONSENSUS_LINE, "  consensus: none              #")
    result = invoke("matrix")
    assert result.exit_code == 0, result.output
    assert _matrices(two_coders) == ["case-x-code-count.csv", "case-x-code-count.xlsx"]


def test_a_coder_named_twice_in_a_selection_is_refused(invoke: Invoke, two_coders: Path) -> None:
    """Before: « case-x-code-count-coders-alice+alice »."""
    refused(invoke("matrix", "--coders", "alice,alice"), "--coders names alice twice")
    _edit(two_coders, "  coders: []      ", "  coders: [bob, bob]")
    line = _line_of(two_coders / "project.yaml", "coders: [bob, bob]")
    refused(invoke("matrix"), f"project.yaml, line {line}: `analysis.coders` names bob twice")
    assert _matrices(two_coders) == []


# --- 2. a person never decides under a tagger's name -------------------------------------


def test_review_under_a_taggers_name_is_refused(invoke: Invoke, suggested: Path) -> None:
    """Before: taken (exit 0; on suggestions with a confidence, « Accepted 5 suggestions as
    rules »): the decisions passed for the rules' own, and every analysis left them out."""
    refused(
        invoke("review", "--accept-above", "0", "--yes", "--coder", "rules"),
        "'rules' is the name of a tagger",
        "give the name of the person who codes",
    )
    with Store(suggested / "coding.sqlite") as store:
        assert {row.status for row in store.coding_rows()} == {"suggested"}


def test_a_taggers_name_as_the_projects_coder_or_assignee_is_refused(
    invoke: Invoke, suggested: Path
) -> None:
    settings = suggested / "project.yaml"
    original = settings.read_text(encoding="utf-8")
    _edit(suggested, "# coder: alice                  #", "coder: model                    #")
    refused(
        invoke("review", "--accept-above", "0", "--yes"),
        f"project.yaml, line {_line_of(settings, 'coder: model')}: `coder`: 'model' is the "
        "name of a tagger",
    )
    settings.write_text(original, encoding="utf-8")
    _edit(
        suggested,
        "# assignments:                  #",
        "assignments:\n  coders:\n    rules: [pole-a]\n#",
    )
    refused(
        invoke("progress"),
        f"project.yaml, line {_line_of(settings, 'rules: [pole-a]')}: `assignments.coders`: "
        "'rules' is the name of a tagger",
    )


# --- 3. project.yaml: the line to look at, what to do -------------------------------------


def test_a_quote_left_open_in_project_yaml_names_the_line_where_it_opens(
    invoke: Invoke, tmp_project: Path
) -> None:
    """Before: « line 52: malformed YAML: found unknown escape character » (the file's end)."""
    _edit(tmp_project, 'name: "study"', 'name: "study')
    refused(
        invoke("documents"),
        "project.yaml, line 2: malformed YAML: a text in double quotes opened here is not "
        "closed (YAML stopped at line",
        "Inside double quotes a backslash starts an escape",
    )


def test_a_tab_in_project_yaml_says_yaml_indents_with_spaces(
    invoke: Invoke, tmp_project: Path
) -> None:
    _edit(tmp_project, "  interviewers: []", "\tinterviewers: []")
    line = _line_of(tmp_project / "project.yaml", "\tinterviewers")
    refused(
        invoke("documents"),
        f"project.yaml, line {line}: malformed YAML: a tab character",
        "YAML indents with spaces, never tabs",
    )


@pytest.mark.parametrize("outputs", ["corpus", "corpus/sorties", "."])
def test_outputs_in_the_corpus_are_refused(invoke: Invoke, imported: Path, outputs: str) -> None:
    """Before: the matrices (and the report's .md and .html, read as interviews by the next
    import) were written into the corpus."""
    _edit(imported, "outputs: outputs ", f"outputs: {outputs} ")
    line = _line_of(imported / "project.yaml", f"outputs: {outputs}")
    refused(
        invoke("matrix"),
        f"project.yaml, line {line}: `outputs` (",
        "are one folder or one inside the other",
    )
    assert not list((imported / "corpus").rglob("*.xlsx"))


@pytest.mark.parametrize(
    ("old", "new", "key", "other"),
    [
        ("store: coding.sqlite ", "store: project.yaml ", "store", "project.yaml itself"),
        ("store: coding.sqlite ", "store: codebooks/ptce.yaml ", "store", "`codebook`"),
        ("codebook: codebooks/ptce.yaml ", "codebook: project.yaml ", "codebook", "project"),
    ],
)
def test_a_setting_naming_another_settings_file_is_refused(
    invoke: Invoke, imported: Path, old: str, new: str, key: str, other: str
) -> None:
    """Before: `store: project.yaml` said « not a ptce-coding store, or damaged … move it
    away to start a new store », of the project's own settings."""
    _edit(imported, old, new)
    line = _line_of(imported / "project.yaml", new.strip())
    result = invoke("documents")
    refused(result, f"project.yaml, line {line}: `{key}` names the same file as {other}")
    assert "move it away" not in result.output


def test_a_store_in_a_missing_folder_says_which_setting(invoke: Invoke, tmp_project: Path) -> None:
    """Before: « cannot open the store: unable to open database file »."""
    _edit(tmp_project, "store: coding.sqlite ", "store: base/coding.sqlite ")
    line = _line_of(tmp_project / "project.yaml", "store: base/")
    for command in (["import", str(tmp_project / "corpus")], ["documents"]):
        refused(
            invoke(*command),
            f"project.yaml, line {line}: `store` names a file in a folder that does not exist",
            "Create the folder, correct the path in `store`",
        )


def test_init_in_the_corpus_of_a_project_is_refused(runner: CliRunner, tmp_project: Path) -> None:
    """Before: a project created in corpus/pole-c, whose outputs the outer `import` reads."""
    inner = tmp_project / "corpus" / "pole-c"
    result = runner.invoke(cli, ["init", str(inner)])
    refused(result, "is inside the corpus folder of the project in", "nothing was created")
    assert not inner.exists()
    assert runner.invoke(cli, ["init", str(tmp_project / "autre")]).exit_code == 0


# --- 4. the codebook ----------------------------------------------------------------------

PATTERN = '- pattern: [{LEMMA: "achat"}, {LOWER: {IN: '


def _pattern(root: Path, tokens: str) -> int:
    """The achats rule's pattern replaced by ``tokens``; its line."""
    path = root / "codebooks" / "ptce.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if PATTERN in line)
    lines[number] = lines[number][: lines[number].index("- pattern")] + f"- pattern: {tokens}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


@pytest.mark.parametrize(
    ("attribute", "needs"),
    [("POS", "a part-of-speech tagger"), ("DEP", "a dependency parser"), ("ENT_TYPE", "a named")],
)
def test_a_token_attribute_the_pipeline_does_not_set_is_refused(
    invoke: Invoke, tmp_project: Path, attribute: str, needs: str
) -> None:
    """Before: `codebook validate` said valid, and `code` stopped on spaCy's E155 with a
    traceback (POS, DEP), or the rule never matched (ENT_TYPE)."""
    line = _pattern(tmp_project, f'[{{LEMMA: "achat"}}, {{{attribute}: "ADJ"}}]')
    refused(
        invoke("codebook", "validate"),
        f"ptce.yaml, line {line}: code COOP.ACHATS, rule COOP.ACHATS#1: the token attribute "
        f"{attribute} needs {needs}",
        "match on LEMMA, LOWER, TEXT, SHAPE or a REGEX instead",
    )


@pytest.mark.parametrize("tokens", ["[{}]", '[{OP: "*"}, {}]'])
def test_a_pattern_of_any_words_is_refused(invoke: Invoke, tmp_project: Path, tokens: str) -> None:
    """Before: valid, and the rule matched every word of every segment."""
    _pattern(tmp_project, tokens)
    refused(
        invoke("codebook", "validate"),
        "rule COOP.ACHATS#1: every token of the pattern is {} (any word)",
    )


def test_a_misspelt_token_attribute_is_named(invoke: Invoke, tmp_project: Path) -> None:
    _pattern(tmp_project, '[{LEMA: "achat"}]')
    refused(
        invoke("codebook", "validate"),
        "unknown token attribute 'LEMA' in pattern (did you mean LEMMA?)",
    )


@pytest.mark.parametrize("window", ["0", "-1", "cinq"])
def test_a_bad_near_window_names_its_line_and_value(
    invoke: Invoke, tmp_project: Path, window: str
) -> None:
    """Before: the rule's line, and « must be a positive number of tokens » without the value."""
    _edit(tmp_project, "window: 5", f"window: {window}", "codebooks/ptce.yaml")
    line = _line_of(tmp_project / "codebooks" / "ptce.yaml", f"window: {window}")
    refused(
        invoke("codebook", "validate"),
        f"ptce.yaml, line {line}: code COOP.LIEU, rule COOP.LIEU#2: `window` must be a whole "
        f"number of tokens, at least 1, not ",
    )


def test_a_codebook_not_in_utf8_names_the_line_and_what_to_do(
    invoke: Invoke, tmp_project: Path
) -> None:
    """Before: « codebook is not UTF-8 (invalid continuation byte) », no line, no advice."""
    path = tmp_project / "codebooks" / "ptce.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    refused(
        invoke("codebook", "validate"),
        "ptce.yaml, line 6: codebook is not UTF-8 (byte 0xe9 cannot be read)",
        "Save ptce.yaml as UTF-8",
    )


def test_a_bracket_left_open_in_the_codebook_says_where_it_opens(
    invoke: Invoke, tmp_project: Path
) -> None:
    (tmp_project / "codebooks" / "ptce.yaml").write_text(
        "name: t\ncodes:\n  - id: A\n    label: [oops\n", encoding="utf-8"
    )
    refused(
        invoke("codebook", "validate"),
        "ptce.yaml, line 5: malformed YAML: did not find expected ',' or ']': a list in "
        "brackets [ ] opened on line 4 is not closed",
    )


# --- 5. options that named nothing were ignored -------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["matrix", "--cases", ","], "Invalid value for '--cases': name at least one case"),
        (["report", "--cases", " "], "Invalid value for '--cases': name at least one case"),
        (["matrix", "--codes", ""], "Invalid value for '--codes': give the beginning of a code"),
        (
            ["agreement", "--coders", "alice,bob", "--codes", " "],
            "Invalid value for '--codes'",
        ),
        (["matrix", "--kind", "framework", "--quotes", "0"], "0 quotations would leave every"),
        (["matrix", "--level", "9"], "the codebook's codes go 2 level(s) deep: give 1 to 2"),
        (["agreement", "--coders", "alice,bob", "--level", "3"], "codes go 2 level(s) deep"),
        (["matrix", "--coder", " "], "Invalid value for --coder: a coder's name, not a blank"),
    ],
)
def test_an_option_that_names_nothing_is_refused(
    invoke: Invoke, two_coders: Path, args: list[str], expected: str
) -> None:
    """Before: every case, every code, every level, a framework of empty cells (exit 0), or
    « --coders needs at least one coder name » for a blank --coder."""
    refused(invoke(*args), expected)
    assert _matrices(two_coders) == []
    assert not (two_coders / "outputs" / "report").exists()
