"""A codebook's tagging rules read from its YAML (`rules:` of a code): each rule's kind, terms,
regular expression or spaCy token pattern, and options, checked with the line of each
problem."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any

from ptce_coding.base.regex_safety import nested_repeat
from ptce_coding.codebook.located_yaml import Located, LocatedList, plain
from ptce_coding.codebook.model import DEFAULT_WINDOW, Rule

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


class RuleReader:
    """Reads a code's rules; each problem goes to ``problem(message, line)`` and the rule
    with it is left out."""

    def __init__(self, problem: Callable[[str, int | None], None]) -> None:
        self.problem = problem

    def rules(self, code_id: str, data: Any, line: int) -> list[Rule]:
        if data is None:
            return []
        if not isinstance(data, LocatedList):
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
        if not isinstance(item, Located):
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
                compiled = re.compile(value)
            except re.error as exc:
                self.problem(f"{about}: invalid regular expression {value!r}: {exc}", value_line)
                return None
            if compiled.search("") is not None:
                self.problem(
                    f"{about}: the regular expression {value!r} matches an empty text, so it "
                    "would match every segment: make it need at least one word, e.g. "
                    "'coop.*' → 'coop\\w*'",
                    value_line,
                )
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
        if not isinstance(value, LocatedList) or not value:
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
            tokens.append(plain({str(k).upper(): v for k, v in token.items()}))
        if all(set(token) <= {"OP"} for token in tokens):
            self.problem(
                f"{about}: every token of the pattern is {{}} (any word): it would match every "
                "word of every segment; give at least one token a condition, such as "
                "{LEMMA: achat}",
                line,
            )
            return None
        return tuple(tokens)
