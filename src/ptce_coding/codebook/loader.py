"""Reading a codebook from YAML: every problem located by file, line and code.

PyYAML is extended so that each mapping and list remembers its line; the validator then turns
the plain data into ``Code`` and ``Rule`` records, collecting all problems before raising.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from ptce_coding.base.errors import CodebookError, PtceError
from ptce_coding.base.yaml_errors import yaml_stop
from ptce_coding.codebook.located_yaml import Located, LocatedList, LocatedLoader
from ptce_coding.codebook.model import Code, Codebook
from ptce_coding.codebook.rule_reader import RuleReader

CODE_ID = re.compile(r"^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)*$")
CODE_KEYS = {
    "id",
    "label",
    "parent",
    "definition",
    "include",
    "exclude",
    "examples",
    "rules",
    "memo",
    "color",
    "children",
    "retired",
}
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Deeper than any real grid (the PTCE one has 4 levels); beyond it, the recursive readers of
# the tree (here, in the YAML library, in the matrices and the report) could run out of stack.
MAX_DEPTH = 50


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook file; raise CodebookError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if path.is_symlink():  # a copied project whose codebook was a relative link
            raise PtceError(
                f"codebook file is a link to {os.readlink(path)}, which does not exist here",
                path=path,
                hint="Put the codebook file itself in its place (a folder copied with `cp -r` "
                "keeps links as they are: copy it with `cp -rL`), or start a new project with "
                "`ptce-coding init`, which writes the default codebook.",
            ) from None
        raise PtceError(
            "codebook file not found", path=path, hint="Check `codebook:` in project.yaml."
        ) from None
    except UnicodeDecodeError as exc:
        data = path.read_bytes()
        raise PtceError(
            f"codebook is not UTF-8 (byte 0x{data[exc.start]:02x} cannot be read)",
            path=path,
            line=data[: exc.start].count(b"\n") + 1,
            hint=f"Save {path.name} as UTF-8 (your editor's « Save as… », encoding UTF-8) and "
            "run the command again.",
        ) from None
    except IsADirectoryError:
        raise PtceError(
            "the codebook is a folder, not a file",
            path=path,
            hint="Check `codebook:` in project.yaml.",
        ) from None
    return parse_codebook(text, path=str(path))


def parse_codebook(text: str, path: str = "<codebook>") -> Codebook:
    """Validate codebook YAML text; raise CodebookError listing every problem."""
    try:
        data = yaml.load(text, Loader=LocatedLoader)
    except yaml.MarkedYAMLError as exc:
        raise CodebookError([_malformed(exc, path)], path) from None
    except yaml.YAMLError as exc:
        raise CodebookError([PtceError(f"malformed YAML: {exc}", path=path)], path) from None
    except RecursionError:
        raise CodebookError([_too_deep(path)], path) from None
    try:
        return _Validator(path).codebook(data)
    except RecursionError:
        raise CodebookError([_too_deep(path)], path) from None


def _malformed(exc: yaml.MarkedYAMLError, path: str) -> PtceError:
    """A YAML syntax error with the line to look at and what to do."""
    stop = yaml_stop(exc, str(exc))
    problem, line, opened, start = stop.problem, stop.line, stop.opened, stop.opened_line
    if stop.tab:
        return PtceError(
            f"malformed YAML: {problem}",
            path=path,
            line=line,
            hint="YAML indents with spaces, never tabs: replace the tab on that line with "
            "spaces, as many as the lines around it.",
        )
    if opened and start is not None and line is not None and start < line:
        return PtceError(  # the line where YAML stopped, as always; the message says where
            f"malformed YAML: {problem}: {opened} opened on line {start} is not closed",
            path=path,
            line=line,
            hint="Close the quote or bracket on the line where it opens; a text holding "
            "`: ` or ` #` is written in quotes.",
        )
    return PtceError(f"malformed YAML: {problem}", path=path, line=line, hint=_hint(problem))


def _hint(problem: str) -> str:
    """What to do about a YAML syntax error, from what YAML says of it."""
    if "mapping values are not allowed" in problem:
        return (
            'A text holding `: ` is written in quotes: `memo: "Attention : …"` (or '
            "between single quotes, an apostrophe written twice: 'l''atelier : …')."
        )
    if "expected '-' indicator" in problem or "expected <block end>" in problem:
        return (
            "A text in quotes ends at its next quote: inside '…' write an apostrophe twice "
            "('l''atelier'), inside \"…\" write a quote as \\\" or use « »; each list item "
            "starts with `- ` at the same indentation as the others."
        )
    return (
        "Each code is a `- id: …` item with its keys indented under it by the same spaces; a "
        "text holding `: ` or ` #`, or starting with [ { * & ! ' \" is written in quotes. "
        "`ptce-coding codebook validate` checks the file again."
    )


def _too_deep(
    path: str, line: int | None = None, what: str = "the codes are nested too deeply to read"
) -> PtceError:
    return PtceError(
        f"{what}: a codebook may have at most {MAX_DEPTH} levels",
        path=path,
        line=line,
        hint="Flatten the tree: a sub-code can be a code with a longer label.",
    )


class _Validator:
    """Turns the parsed YAML into a Codebook, collecting every problem with its line."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[PtceError] = []
        self.rule_reader = RuleReader(self.problem)

    def problem(self, message: str, line: int | None) -> None:
        self.problems.append(PtceError(message, path=self.path, line=line))

    def codebook(self, data: Any) -> Codebook:
        if not isinstance(data, Located):
            self.problem("the codebook must be a mapping with `name` and `codes`", 1)
            raise CodebookError(self.problems, self.path)
        line = getattr(data, "line", None)
        unknown = set(data) - {
            "name",
            "language",
            "description",
            "codes",
            "version",
            "context_codes",
        }
        for key in sorted(unknown, key=str):
            self.problem(f"unknown top-level key {key!r}", data.key_lines.get(key))
        codes_data = data.get("codes")
        if not isinstance(codes_data, LocatedList) or not codes_data:
            self.problem("`codes` must be a non-empty list of codes", line)
            raise CodebookError(self.problems, self.path)
        codes: list[Code] = []
        for item, item_line in zip(codes_data, codes_data.item_lines, strict=True):
            self.collect(item, item_line, None, codes)
        codes = self.check_tree(codes)
        self.check_rule_ids(codes)
        context = self.context_codes(data, {code.id for code in codes})
        if self.problems:
            raise CodebookError(self.problems, self.path)
        return Codebook(
            name=str(data.get("name") or Path(self.path).stem),
            codes=tuple(codes),
            language=str(data.get("language") or "fr"),
            description=str(data.get("description") or ""),
            path=self.path,
            context_codes=context,
        )

    def context_codes(self, data: Located, ids: set[str]) -> tuple[str, ...]:
        """The codes ``context_codes`` names: a list of ids of the codebook."""
        given = data.get("context_codes")
        if given is None:
            return ()
        line = data.key_lines.get("context_codes")
        if not isinstance(given, list) or not all(isinstance(c, str) for c in given):
            self.problem(
                "`context_codes` must be a list of code ids, like [TERR, INST]: the codes "
                "that describe a case's surroundings rather than the case itself",
                line,
            )
            return ()
        for code in given:
            if code not in ids:
                self.problem(
                    f"`context_codes` names {code!r}, which is not a code of this codebook "
                    "(check its spelling, or remove it from the list)",
                    line,
                )
        return tuple(dict.fromkeys(c for c in given if c in ids))

    def collect(self, item: Any, line: int, nesting_parent: str | None, out: list[Code]) -> None:
        if not isinstance(item, Located):
            self.problem("a code must be a mapping (id, label, …)", line)
            return
        line = item.line
        code_id = item.get("id")
        about = f"code {code_id}" if code_id else "code without id"
        for key in sorted(set(item) - CODE_KEYS, key=str):
            self.problem(f"{about}: unknown key {key!r}", item.key_lines.get(key, line))
        if not isinstance(code_id, str) or not CODE_ID.match(code_id):
            self.problem(
                f"{about}: `id` must be dotted upper-case ASCII like COOP.MUTUALISATION.LIEU",
                item.key_lines.get("id", line),
            )
            return
        label = item.get("label")
        if label is not None and not isinstance(label, str):
            self.problem(
                f"{about}: `label` must be a text, not {_kind(label)}",
                item.key_lines.get("label", line),
            )
        elif not isinstance(label, str) or not label.strip():
            self.problem(f"{about}: empty label", item.key_lines.get("label", line))
        parent = item.get("parent")
        if parent is not None and nesting_parent is not None and parent != nesting_parent:
            self.problem(
                f"{about}: `parent: {parent}` contradicts its nesting under {nesting_parent}",
                item.key_lines.get("parent", line),
            )
        parent = nesting_parent if nesting_parent is not None else parent
        if parent is not None and not isinstance(parent, str):
            self.problem(f"{about}: `parent` must be a code id", item.key_lines.get("parent"))
            parent = None
        texts = {}
        for key in ("definition", "include", "exclude", "memo"):
            value = item.get(key, "")
            if value is None:
                value = ""
            if not isinstance(value, str):
                self.problem(f"{about}: `{key}` must be text", item.key_lines.get(key, line))
                value = ""
            texts[key] = value.strip()
        examples = item.get("examples") or []
        if isinstance(examples, str):
            examples = [examples]
        if not isinstance(examples, list):
            self.problem(
                f"{about}: `examples` must be a list of texts", item.key_lines.get("examples")
            )
            examples = []
        lines = getattr(examples, "item_lines", [])
        for position, example in enumerate(examples, start=1):
            if not isinstance(example, str):
                self.problem(
                    f"{about}: example {position} must be a text, not {_kind(example)} "
                    "(put it in quotes)",
                    lines[position - 1] if position <= len(lines) else item.key_lines["examples"],
                )
        examples = [example for example in examples if isinstance(example, str)]
        retired = item.get("retired", False)
        if not isinstance(retired, bool):
            self.problem(f"{about}: `retired` must be true or false", item.key_lines.get("retired"))
            retired = False
        color = item.get("color")
        if color is not None and (not isinstance(color, str) or not COLOR.match(color)):
            self.problem(f"{about}: `color` must be like '#1f77b4'", item.key_lines.get("color"))
            color = None
        rules = self.rule_reader.rules(
            code_id, item.get("rules"), item.key_lines.get("rules", line)
        )
        out.append(
            Code(
                id=code_id,
                label=label.strip() if isinstance(label, str) else "",
                parent=parent,
                examples=tuple(e.strip() for e in examples),
                rules=tuple(rules),
                color=color,
                retired=retired,
                line=line,
                **texts,
            )
        )
        children = item.get("children")
        if children is None:
            return
        if not isinstance(children, LocatedList):
            self.problem(
                f"{about}: `children` must be a list of codes", item.key_lines.get("children")
            )
            return
        for child, child_line in zip(children, children.item_lines, strict=True):
            self.collect(child, child_line, code_id, out)

    def check_tree(self, codes: list[Code]) -> list[Code]:
        first_line: dict[str, int | None] = {}
        unique = []
        for code in codes:
            if code.id in first_line:
                self.problem(
                    f"code {code.id}: duplicate id (first defined at line {first_line[code.id]})",
                    code.line,
                )
                continue
            first_line[code.id] = code.line
            unique.append(code)
        by_id = {code.id: code for code in unique}
        for code in unique:
            if code.parent is not None and code.parent not in by_id:
                self.problem(f"code {code.id}: unknown parent {code.parent!r}", code.line)
        for code in unique:
            seen = [code.id]
            current = by_id.get(code.parent) if code.parent else None
            while current is not None:
                if current.id in seen:
                    cycle = " -> ".join([*seen, current.id])
                    if current.id == code.id:
                        self.problem(f"code {code.id}: parent cycle {cycle}", code.line)
                    break
                seen.append(current.id)
                current = by_id.get(current.parent) if current.parent else None
        self.check_depth(unique, by_id)
        return unique

    def check_depth(self, codes: list[Code], by_id: dict[str, Code]) -> None:
        """One problem for the codes deeper than MAX_DEPTH, at the first of them."""
        too_deep = []
        for code in codes:
            depth, current, seen = 1, code, {code.id}
            while current.parent in by_id and current.parent not in seen and depth <= MAX_DEPTH:
                current = by_id[current.parent]
                seen.add(current.id)
                depth += 1
            if depth > MAX_DEPTH:
                too_deep.append(code)
        if too_deep:
            first, more = too_deep[0], len(too_deep) - 1
            what = f"code {first.id} is at level {MAX_DEPTH + 1}"
            if more:
                what += f" (and {more} more code(s) below that level)"
            self.problems.append(_too_deep(self.path, first.line, what))

    def check_rule_ids(self, codes: list[Code]) -> None:
        seen: dict[str, str] = {}
        for code in codes:
            for rule in code.rules:
                if rule.id in seen:
                    self.problem(
                        f"code {code.id}: rule id {rule.id!r} already used by code {seen[rule.id]}",
                        rule.line,
                    )
                seen[rule.id] = code.id


def _kind(value: Any) -> str:
    """What a YAML value is, in a message: « a list », « a number »."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"
