"""Where a YAML file stopped being read, in the words of someone who edits it: project.yaml
and the codebook say their syntax errors from this one reading."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

# what YAML was reading when it stopped: a quote or bracket left open, which YAML notices
# lines further down, so that a message can name the line where it opens
OPENED = {
    "while scanning a double-quoted scalar": "a text in double quotes",
    "while scanning a quoted scalar": "a text in quotes",
    "while scanning a single-quoted scalar": "a text in single quotes",
    "while scanning a plain scalar": "a text",
    "while parsing a flow sequence": "a list in brackets [ ]",
    "while parsing a flow mapping": "a mapping in braces { }",
}


@dataclass(frozen=True)
class YamlStop:
    """A YAML syntax error read: what YAML says, the line where it stopped (1-based), what
    was left open and on which line, and whether a tab is the cause."""

    problem: str
    line: int | None
    opened: str | None
    opened_line: int | None
    tab: bool


def yaml_stop(exc: yaml.MarkedYAMLError, unread: str) -> YamlStop:
    """``exc`` read; ``unread`` is the problem said when YAML gives none."""
    problem = exc.problem or unread
    mark = exc.problem_mark or exc.context_mark
    return YamlStop(
        problem=problem,
        line=mark.line + 1 if mark else None,
        opened=OPENED.get(exc.context or ""),
        opened_line=exc.context_mark.line + 1 if exc.context_mark else None,
        tab="\t" in problem or "'\\t'" in problem or "tab character" in problem,
    )
