"""A codebook a researcher edits by hand: a YAML syntax mistake is said with what to do, and a
rule that would match every segment is refused before any coding (session 34)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.test_bad_input_cli import refused

Invoke = Callable[..., Result]


def _add_to_first_code(root: Path, lines: str) -> int:
    """``lines`` added under the codebook's first code (after its label); their first line."""
    path = root / "codebooks" / "ptce.yaml"
    text = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(text) if line.strip().startswith("label:"))
    indent = text[number][: len(text[number]) - len(text[number].lstrip())]
    added = [indent + line for line in lines.splitlines()]
    path.write_text("\n".join([*text[: number + 1], *added, *text[number + 1 :]]) + "\n", "utf-8")
    return number + 2


def test_a_colon_in_an_unquoted_memo_says_to_quote_it(invoke: Invoke, tmp_project: Path) -> None:
    """Before: « malformed YAML: mapping values are not allowed in this context », no hint."""
    line = _add_to_first_code(tmp_project, "memo: Attention : à relire")
    refused(
        invoke("codebook", "validate"),
        f"ptce.yaml, line {line}: malformed YAML: mapping values are not allowed",
        "A text holding `: ` is written in quotes",
    )


@pytest.mark.parametrize("example", ["- 'l'atelier commun'", '- "il a dit "oui" au projet"'])
def test_a_quote_inside_a_quoted_text_says_how_to_write_it(
    invoke: Invoke, tmp_project: Path, example: str
) -> None:
    """Before: « did not find expected '-' indicator », no hint."""
    _add_to_first_code(tmp_project, f"examples:\n  {example}\n  - une autre")
    refused(
        invoke("codebook", "validate"),
        "malformed YAML:",
        "inside '…' write an apostrophe twice ('l''atelier')",
    )


def test_another_syntax_mistake_gets_the_general_hint(invoke: Invoke, tmp_project: Path) -> None:
    _add_to_first_code(tmp_project, "memo: *ancre")
    refused(invoke("codebook", "validate"), "malformed YAML:", "is written in quotes")


@pytest.mark.parametrize("regex", ["'.*'", "'(coop)?'", "'\\s*'"])
def test_a_regex_matching_an_empty_text_is_refused(
    invoke: Invoke, tmp_project: Path, regex: str
) -> None:
    """Before: valid, and the rule would match every segment."""
    line = _add_to_first_code(tmp_project, f"rules:\n  - regex: {regex}")
    refused(
        invoke("codebook", "validate"),
        f"ptce.yaml, line {line + 1}: code",
        "matches an empty text, so it would match every segment",
    )
    assert invoke("code").exit_code == 1  # nothing is coded with it


def test_a_regex_needing_a_word_is_still_valid(invoke: Invoke, tmp_project: Path) -> None:
    _add_to_first_code(tmp_project, "rules:\n  - regex: '\\bcoop\\w*'")
    result = invoke("codebook", "validate")
    assert result.exit_code == 0, result.output


def test_a_codebook_copied_as_a_dangling_link_says_how_to_copy_it(
    invoke: Invoke, tmp_project: Path
) -> None:
    """The repository's demo codebook is a relative link to the packaged one: a project folder
    copied with `cp -r` keeps the link, which points nowhere. Before: « codebook file not
    found », with « Check `codebook:` in project.yaml », which is right."""
    path = tmp_project / "codebooks" / "ptce.yaml"
    path.unlink()
    path.symlink_to(Path("..") / "src" / "ptce_coding" / "data" / "ptce.yaml")
    refused(
        invoke("codebook", "validate"),
        "ptce.yaml: codebook file is a link to ../src/ptce_coding/data/ptce.yaml, which does not",
        "copy it with `cp -rL`",
    )
