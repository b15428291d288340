"""The codebook: codes in a tree, loaded from YAML and validated with located errors.

A codebook file is a mapping with ``name``, ``language``, ``description`` and ``codes``: a list
of codes, nested with ``children`` (or flat with ``parent``). Each code has an ``id`` (dotted,
ASCII), a French ``label``, a ``definition``, ``include``/``exclude`` criteria, ``examples``,
``rules`` and a ``memo``. The format of rules is documented in ``tagging/rules.py``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from difflib import get_close_matches
from functools import cached_property
from typing import Any

from ptce_coding.base.errors import PtceError

DEFAULT_WINDOW = 10
# A code id cited in a code's texts, « (GOUV.DELEGUEE) »: dotted, so « ETP » or « SCIC » is not
CITED_ID = re.compile(r"(?<![\w.])[A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)+(?![\w])")
CITED_FIELDS = ("definition", "include", "exclude", "memo")
ORPHAN_HINT = (
    "Nothing was deleted. If the code was renamed by hand in the YAML: "
    "`ptce-coding codebook rename OLD NEW`; if it was merged into another: "
    "`ptce-coding codebook merge OLD --into CODE`; to keep it for the history: put it back "
    "in the YAML and run `ptce-coding codebook retire OLD`."
)


@dataclass(frozen=True)
class Rule:
    """One tagging rule of a code. ``kind`` says which of the fields holds the rule."""

    id: str
    code: str
    kind: str
    terms: tuple[str, ...] = ()
    pattern: tuple[dict[str, Any], ...] = ()
    regex: str = ""
    case_sensitive: bool = False
    window: int = DEFAULT_WINDOW
    veto: bool = False
    note: str = ""
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Code:
    """A code of the codebook."""

    id: str
    label: str
    parent: str | None = None
    definition: str = ""
    include: str = ""
    exclude: str = ""
    examples: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()
    memo: str = ""
    color: str | None = None
    retired: bool = False  # kept for history and old codings; not offered for new coding
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Codebook:
    """A validated tree of codes, in file order."""

    name: str
    codes: tuple[Code, ...]
    language: str = "fr"
    description: str = ""
    path: str | None = None
    # codes that describe a case's surroundings (its territory, the institutions around it)
    # rather than the case itself: in a document far from what the codebook describes, what
    # the rules find of them is still likely (``tagging/far_documents.py``)
    context_codes: tuple[str, ...] = ()
    _by_id: dict[str, Code] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {code.id: code for code in self.codes})

    def __contains__(self, code_id: object) -> bool:
        return code_id in self._by_id

    def __len__(self) -> int:
        return len(self.codes)

    def get(self, code_id: str) -> Code:
        try:
            return self._by_id[code_id]
        except KeyError:
            raise PtceError(
                f"unknown code {code_id!r}{self.did_you_mean(str(code_id))}",
                hint="Run `ptce-coding codebook show` to list the codes.",
            ) from None

    def children(self, code_id: str | None) -> list[Code]:
        return [code for code in self.codes if code.parent == code_id]

    def top_level(self) -> list[Code]:
        return self.children(None)

    def ancestors(self, code_id: str) -> list[str]:
        """Ids from the top-level code down to ``code_id`` (inclusive)."""
        chain = []
        current: str | None = code_id
        while current is not None:
            chain.append(current)
            current = self.get(current).parent
        return chain[::-1]

    def above(self, code_id: str) -> list[str]:
        """Ids of the codes above ``code_id``, nearest first; none for a code not in the
        codebook."""
        return self.ancestors(code_id)[-2::-1] if code_id in self else []

    def is_context(self, code_id: str) -> bool:
        """Whether ``code_id`` is one of ``context_codes`` or under one of them."""
        return code_id in self and any(c in self.context_codes for c in self.ancestors(code_id))

    def depth(self, code_id: str) -> int:
        """1 for a top-level code."""
        return len(self.ancestors(code_id))

    def rollup(self, code_id: str, level: int | None) -> str:
        """The ancestor of ``code_id`` at ``level`` (itself when it is not deeper)."""
        if level is None:
            return code_id
        chain = self.ancestors(code_id)
        return chain[min(level, len(chain)) - 1]

    def at_level(self, level: int | None) -> list[Code]:
        """Codes a matrix at ``level`` has as columns: those no deeper than the level."""
        if level is None:
            return list(self.codes)
        return [code for code in self.codes if self.depth(code.id) <= level]

    def walk(self) -> Iterator[tuple[int, Code]]:
        """(depth, code) in tree order."""

        def visit(parent: str | None, depth: int) -> Iterator[tuple[int, Code]]:
            for code in self.children(parent):
                yield depth, code
                yield from visit(code.id, depth + 1)

        yield from visit(None, 1)

    def did_you_mean(self, code_id: str) -> str:
        """« (did you mean COOP.LIEU?) » for an unknown id close to known ones; else ""."""
        return did_you_mean(code_id, [code.id for code in self.codes])

    def rules(self) -> list[Rule]:
        """Rules of the codes in use (a retired code suggests nothing)."""
        return [rule for code in self.codes if not code.retired for rule in code.rules]

    @cached_property
    def version(self) -> str:
        """Hash of the normalised content: equal codebooks have equal versions."""
        content = {
            "name": self.name,
            "codes": sorted((_code_content(code) for code in self.codes), key=lambda c: c["id"]),
        }
        blob = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]

    def missing_citations(self, former: Collection[str] = ()) -> list[tuple[Code, str, str]]:
        """(code, field, cited id) of the code ids a code's texts cite (« (GOUV.DELEGUEE) »)
        that are not in the codebook, under one of its axes: a code renamed since, a typo.
        ``former``: ids a recorded codebook change replaced; the ids under their axes count
        too (after `codebook rename GOUV GOV` no axis GOUV is left to tell that « GOUV.CA »
        is a code id)."""
        heads = {code.id.split(".", 1)[0] for code in self.codes}
        heads |= {old.split(".", 1)[0] for old in former}
        return [
            (code, name, cited)
            for code in self.codes
            for name in CITED_FIELDS
            for cited in dict.fromkeys(CITED_ID.findall(getattr(code, name)))
            if cited.split(".", 1)[0] in heads and cited not in self
        ]

    def warnings(self, fates: Mapping[str, str] | None = None) -> list[str]:
        """Things that are allowed but worth fixing (missing definitions, ids off the tree,
        texts citing a code that is not there). ``fates``: {id a recorded codebook change
        replaced: what became of it, « it was renamed … »}, said in place of a close id."""
        fates = fates or {}
        found = [
            f"{code_place(code)}: its {name} cites {cited}, which is not in the codebook"
            + (f": {fates[cited]}" if cited in fates else self.did_you_mean(cited))
            for code, name, cited in self.missing_citations(fates)
        ]
        for code in self.codes:
            place = code_place(code)
            missing = [
                name
                for name in ("definition", "include", "exclude")
                if not getattr(code, name).strip()
            ]
            if not code.examples:
                missing.append("examples")
            if missing:
                found.append(f"{place}: no {', '.join(missing)}")
            if code.parent and not code.id.startswith(code.parent + "."):
                found.append(f"{place}: id does not start with its parent's id {code.parent}")
            elif not code.parent and "." in code.id:
                above = code.id.rsplit(".", 1)[0]
                found.append(
                    f"{place}: its id reads as a sub-code of {above}, but it is a top-level code"
                    f" (nest it under {above}, or give it `parent: {above}`)"
                    if above in self
                    else f"{place}: its id reads as a sub-code of {above}, which is not in the "
                    f"codebook (it is a top-level code: add {above}, or give it an id without "
                    "a dot)"
                )
        return found


def code_place(code: Code) -> str:
    """« line 12: code GOUV.CA » (« code GOUV.CA » when its line is not known), for messages."""
    return f"line {code.line}: code {code.id}" if code.line else f"code {code.id}"


def did_you_mean(code_id: str, ids: Iterable[str]) -> str:
    """« (did you mean COOP.LIEU?) » when ``code_id`` is close to some of ``ids``; else ""."""
    known = sorted(ids)
    close = get_close_matches(code_id, known, n=3, cutoff=0.75)
    if not close:  # « coop.lieu » for COOP.LIEU
        close = get_close_matches(code_id.upper(), known, n=1, cutoff=0.8)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def _code_content(code: Code) -> dict[str, Any]:
    data = asdict(code)
    data.pop("line")
    for rule in data["rules"]:
        rule.pop("line")
    return data


def code_table(codebook: Codebook) -> list[dict[str, Any]]:
    """One row per code in tree order, for `codebook show --format csv|json`."""
    return [
        {
            "id": code.id,
            "label": code.label,
            "parent": code.parent or "",
            "depth": depth,
            "rules": len(code.rules),
            "definition": code.definition,
        }
        for depth, code in codebook.walk()
    ]
