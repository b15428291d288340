"""Reading a codebook from YAML: every problem located by file, line and code.

PyYAML is extended so that each mapping and list remembers its line; the validator then turns
the plain data into ``Code`` and ``Rule`` records, collecting all problems before raising.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ptce_coding.base.errors import CodebookError, PtceError
from ptce_coding.base.regex_safety import nested_repeat
from ptce_coding.base.yaml_errors import yaml_stop
from ptce_coding.codebook.model import DEFAULT_WINDOW, Code, Codebook, Rule

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
RULE_KINDS = ("lemma", "phrase", "pattern", "regex", "near")
RULE_OPTIONS = {"id", "veto", "case_sensitive", "window", "note"}
PATTERN_KEYS = {
    "ORTH",
    "TEXT",
    "NORM",
    "LOWER",
    "LEMMA",
    "IS_ALPHA",
    "IS_ASCII",
    "IS_DIGIT",
    "IS_LOWER",
    "IS_UPPER",
    "IS_TITLE",
    "IS_PUNCT",
    "IS_SPACE",
    "IS_STOP",
    "IS_SENT_START",
    "LIKE_NUM",
    "LIKE_URL",
    "LIKE_EMAIL",
    "SPACY",
    "LENGTH",
    "OP",
    "SHAPE",
    "PREFIX",
    "SUFFIX",
}
# spaCy's token attributes that need a component the toolkit does not run (it tokenises and
# lemmatises only, for speed: base/language.py EXCLUDED): the Matcher stops on POS, TAG,
# MORPH and DEP (E155), and ENT_TYPE never matches
UNTAGGED_KEYS = {
    "POS": "a part-of-speech tagger",
    "TAG": "a part-of-speech tagger",
    "MORPH": "a morphologizer",
    "DEP": "a dependency parser",
    "ENT_TYPE": "a named-entity recogniser",
}
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Deeper than any real grid (the PTCE one has 4 levels); beyond it, the recursive readers of
# the tree (here, in the YAML library, in the matrices and the report) could run out of stack.
MAX_DEPTH = 50


class _Located(dict[Any, Any]):
    """A YAML mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _LocatedList(list[Any]):
    line: int = 0
    item_lines: list[int]


if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built in


class _Loader(_BaseLoader):
    """Every mapping and list read as a located one."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Located:
    loader.flatten_mapping(node)
    result = _Located()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> _LocatedList:
    result = _LocatedList(loader.construct_object(item, deep=True) for item in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [item.start_mark.line + 1 for item in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook file; raise CodebookError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
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
        data = yaml.load(text, Loader=_Loader)
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
    return PtceError(f"malformed YAML: {problem}", path=path, line=line)


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

    def problem(self, message: str, line: int | None) -> None:
        self.problems.append(PtceError(message, path=self.path, line=line))

    def codebook(self, data: Any) -> Codebook:
        if not isinstance(data, _Located):
            self.problem("the codebook must be a mapping with `name` and `codes`", 1)
            raise CodebookError(self.problems, self.path)
        line = getattr(data, "line", None)
        unknown = set(data) - {"name", "language", "description", "codes", "version"}
        for key in sorted(unknown, key=str):
            self.problem(f"unknown top-level key {key!r}", data.key_lines.get(key))
        codes_data = data.get("codes")
        if not isinstance(codes_data, _LocatedList) or not codes_data:
            self.problem("`codes` must be a non-empty list of codes", line)
            raise CodebookError(self.problems, self.path)
        codes: list[Code] = []
        for item, item_line in zip(codes_data, codes_data.item_lines, strict=True):
            self.collect(item, item_line, None, codes)
        codes = self.check_tree(codes)
        self.check_rule_ids(codes)
        if self.problems:
            raise CodebookError(self.problems, self.path)
        return Codebook(
            name=str(data.get("name") or Path(self.path).stem),
            codes=tuple(codes),
            language=str(data.get("language") or "fr"),
            description=str(data.get("description") or ""),
            path=self.path,
        )

    def collect(self, item: Any, line: int, nesting_parent: str | None, out: list[Code]) -> None:
        if not isinstance(item, _Located):
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
        rules = self.rules(code_id, item.get("rules"), item.key_lines.get("rules", line))
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
        if not isinstance(children, _LocatedList):
            self.problem(
                f"{about}: `children` must be a list of codes", item.key_lines.get("children")
            )
            return
        for child, child_line in zip(children, children.item_lines, strict=True):
            self.collect(child, child_line, code_id, out)

    def rules(self, code_id: str, data: Any, line: int) -> list[Rule]:
        if data is None:
            return []
        if not isinstance(data, _LocatedList):
            self.problem(f"code {code_id}: `rules` must be a list", line)
            return []
        rules = []
        for position, (item, item_line) in enumerate(
            zip(data, data.item_lines, strict=True), start=1
        ):
            rule = self.rule(code_id, position, item, item_line)
            if rule is not None:
                rules.append(rule)
        return rules

    def rule(self, code_id: str, position: int, item: Any, line: int) -> Rule | None:
        about = f"code {code_id}, rule {position}"
        if not isinstance(item, _Located):
            self.problem(f"{about}: a rule must be a mapping such as `lemma: ...`", line)
            return None
        kinds = [key for key in item if key in RULE_KINDS]
        unknown = [key for key in item if key not in RULE_KINDS and key not in RULE_OPTIONS]
        for key in unknown:
            self.problem(
                f"{about}: unknown rule key {key!r} (kinds: {', '.join(RULE_KINDS)}; "
                f"options: {', '.join(sorted(RULE_OPTIONS))})",
                item.key_lines.get(key, line),
            )
        if len(kinds) != 1:
            self.problem(
                f"{about}: a rule needs exactly one of {', '.join(RULE_KINDS)}"
                + (f" (found {', '.join(kinds)})" if kinds else ""),
                line,
            )
            return None
        kind = kinds[0]
        value = item[kind]
        value_line = item.key_lines.get(kind, line)
        rule_id = item.get("id", f"{code_id}#{position}")
        if not isinstance(rule_id, str) or not rule_id.strip():
            self.problem(f"{about}: `id` must be a non-empty text", item.key_lines.get("id"))
            rule_id = f"{code_id}#{position}"
        about = f"code {code_id}, rule {rule_id}"
        fields: dict[str, Any] = {}
        if kind in ("lemma", "phrase", "near"):
            terms = [value] if isinstance(value, str) else value
            if (
                not isinstance(terms, list)
                or not all(isinstance(t, str) and t.strip() for t in terms)
                or not terms
            ):
                self.problem(f"{about}: `{kind}` must be a text or a list of texts", value_line)
                return None
            if kind == "near" and len(terms) < 2:
                self.problem(f"{about}: `near` needs at least two terms", value_line)
                return None
            fields["terms"] = tuple(" ".join(t.split()) for t in terms)
        elif kind == "regex":
            if not isinstance(value, str) or not value:
                self.problem(f"{about}: `regex` must be a text", value_line)
                return None
            try:
                re.compile(value)
            except re.error as exc:
                self.problem(f"{about}: invalid regular expression {value!r}: {exc}", value_line)
                return None
            nested = nested_repeat(value)
            if nested:
                self.problem(
                    f"{about}: the regular expression {value!r} has {nested}: on a paragraph "
                    "that almost matches, it can run for hours (catastrophic backtracking). "
                    "Repeat one thing only, e.g. '^(\\w+\\s?)+$' → '^[\\w\\s]+$', or bound "
                    "the inner repeat",
                    value_line,
                )
                return None
            fields["regex"] = value
        else:
            pattern = self.pattern(about, value, value_line)
            if pattern is None:
                return None
            fields["pattern"] = pattern
        window = item.get("window", DEFAULT_WINDOW)
        if "window" in item and kind != "near":
            self.problem(
                f"{about}: `window` only applies to `near` rules", item.key_lines["window"]
            )
        if not isinstance(window, int) or isinstance(window, bool) or window < 1:
            self.problem(
                f"{about}: `window` must be a whole number of tokens, at least 1, not "
                f"{window!r} (default {DEFAULT_WINDOW})",
                item.key_lines.get("window", line),
            )
            window = DEFAULT_WINDOW
        case_sensitive = item.get("case_sensitive", False)
        if "case_sensitive" in item and kind != "regex":
            self.problem(
                f"{about}: `case_sensitive` only applies to `regex` rules",
                item.key_lines["case_sensitive"],
            )
        veto = item.get("veto", False)
        for name, flag in (("veto", veto), ("case_sensitive", case_sensitive)):
            if not isinstance(flag, bool):
                self.problem(f"{about}: `{name}` must be true or false", item.key_lines.get(name))
        note = item.get("note", "")
        return Rule(
            id=rule_id.strip(),
            code=code_id,
            kind=kind,
            window=window,
            veto=veto is True,
            case_sensitive=case_sensitive is True,
            note=str(note or ""),
            line=line,
            **fields,
        )

    def pattern(self, about: str, value: Any, line: int) -> tuple[dict[str, Any], ...] | None:
        if not isinstance(value, _LocatedList) or not value:
            self.problem(f"{about}: `pattern` must be a list of token mappings", line)
            return None
        tokens = []
        for token, token_line in zip(value, value.item_lines, strict=True):
            if not isinstance(token, dict):
                self.problem(
                    f"{about}: each pattern token must be a mapping like {{LEMMA: x}}", token_line
                )
                return None
            untagged = [key for key in token if str(key).upper() in UNTAGGED_KEYS]
            if untagged:
                key = str(untagged[0]).upper()
                self.problem(
                    f"{about}: the token attribute {key} needs {UNTAGGED_KEYS[key]}, which the "
                    "toolkit does not run (it reads words and lemmas only): match on LEMMA, "
                    "LOWER, TEXT, SHAPE or a REGEX instead",
                    token_line,
                )
                return None
            bad = [key for key in token if str(key).upper() not in PATTERN_KEYS]
            if bad:
                close = difflib.get_close_matches(str(bad[0]).upper(), sorted(PATTERN_KEYS), n=1)
                self.problem(
                    f"{about}: unknown token attribute {bad[0]!r} in pattern"
                    + (f" (did you mean {close[0]}?)" if close else "")
                    + f"; known: {', '.join(sorted(PATTERN_KEYS))}",
                    token_line,
                )
                return None
            tokens.append(_plain({str(k).upper(): v for k, v in token.items()}))
        if all(set(token) <= {"OP"} for token in tokens):
            self.problem(
                f"{about}: every token of the pattern is {{}} (any word): it would match every "
                "word of every segment; give at least one token a condition, such as "
                "{LEMMA: achat}",
                line,
            )
            return None
        return tuple(tokens)

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


def _plain(value: Any) -> Any:
    """Located containers back to plain dicts and lists (for spaCy and hashing)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
