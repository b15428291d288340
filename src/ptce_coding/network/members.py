"""The members of each pole: ``corpus/members.csv``.

Columns: ``case`` (the pole's folder name), ``organisation`` (the name shown), ``kind``
(association, SCOP, SCIC, SIAE, collectivité, entreprise hors ESS, recherche, …), ``circle``
(``1``/``first``/``premier`` or ``2``/``second``) and ``aliases`` (other names the
interviews use, separated by ``;``). The organisation's name is always one of its aliases.
An alias names one member of its pole (« l’Atelier » and « l'Atelier » are one alias), and
one made of common words only (« la », « nous ») is refused: it would be found everywhere.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ptce_coding.base.errors import PtceError
from ptce_coding.base.language import blank_pipeline, for_pipeline
from ptce_coding.corpus.cases import lowered_header, read_table
from ptce_coding.corpus.stale_rows import nearest_name

if TYPE_CHECKING:
    from spacy.language import Language

COLUMNS = ("case", "organisation", "kind", "circle", "aliases")
# what a hint of read_table says to do once the file is mended: it is read by `network` (and
# `run`, `report`), not by an import
AGAIN = "run `ptce-coding network` (or `run`, `report`) again"
CIRCLES = {
    "1": 1,
    "first": 1,
    "premier": 1,
    "1er": 1,
    "noyau": 1,
    "2": 2,
    "second": 2,
    "deuxième": 2,
    "2e": 2,
}
# what a missing value of a column asks for
EMPTY_HINTS = {
    "case": "Write the pole's case folder name in `case` (the `case` column of "
    "`ptce-coding documents`), or delete the row.",
    "organisation": "Write the member's name in `organisation`, or delete the row.",
    "kind": "Write what the member is in `kind` (association, SCOP, SCIC, SIAE, collectivité, "
    "entreprise hors ESS, recherche…).",
    "circle": "Write `first` (1) or `second` (2) in `circle`.",
}
MAX_LISTED = 12  # poles named in a note on a case with no interview


class MembersError(PtceError):
    """corpus/members.csv is malformed."""


@dataclass(frozen=True)
class Member:
    case: str
    name: str
    kind: str
    circle: int  # 1: first circle (the core the pole names), 2: second circle
    aliases: tuple[str, ...]
    line: int = field(default=0, compare=False)  # its row's line in the members file

    @property
    def key(self) -> tuple[str, str]:
        return (self.case, self.name)


def read_members(path: Path) -> list[Member]:
    """Every member, checked: a bad row stops with its line number. The file is read as
    cases.csv is (any encoding, a BOM, commas, semicolons or tabs, Excel's « sep=; », no cell
    across lines, a title line above the column names refused with the line to delete:
    read_table)."""
    if not path.is_file():
        raise MembersError("no members file", path=path, hint=_HINT)
    table = read_table(path, MembersError, columns=COLUMNS, again=AGAIN)
    if table is None:
        raise MembersError("the members file is empty", path=path, line=1, hint=_HINT)
    header_line, names, rows = table
    header = lowered_header(path, header_line, names, MembersError)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise MembersError(
            f"missing column(s): {', '.join(missing)} (columns: {', '.join(names) or 'none'})",
            path=path,
            line=header_line,
            hint=_HINT,
        )
    members: list[Member] = []
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    claimed: dict[tuple[str, str], tuple[str, int]] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise MembersError(
                "more cells than columns",
                path=path,
                line=line,
                hint="A cell that holds the separator needs quotes: aliases « a;b » in a file "
                'separated by semicolons are written "a;b".',
            )
        values = dict(zip(header, (cell.strip() for cell in row), strict=False))
        member = _member(values, path, line)
        first = seen.setdefault((member.case, _said(member.name)), (member.name, line))
        if first[1] != line:
            written = "" if first[0] == member.name else f", written {first[0]!r}"
            raise MembersError(
                f"{member.name!r} is listed twice for {member.case} (first at line "
                f"{first[1]}{written}): the network would read one organisation as two",
                path=path,
                line=line,
                hint=f"Keep one row per organisation: delete line {line}, after moving its "
                f"aliases, if any, to line {first[1]}.",
            )
        for alias in member.aliases:
            said = _said(alias)
            owner = claimed.get((member.case, said))
            if owner and owner[0] != member.name:
                raise MembersError(
                    f"the alias {alias!r} is also given to {owner[0]!r} (line {owner[1]}): "
                    "an alias must name one member of a pole",
                    path=path,
                    line=line,
                    hint=f"Keep {alias!r} on one of lines {owner[1]} and {line}, the member "
                    "the interviews mean by it, and delete it from the other.",
                )
            claimed[(member.case, said)] = (member.name, line)
            _refuse_common_words(member, alias, path, line)
        members.append(member)
    if not members:
        raise MembersError(
            "the members file lists no member (a header and no row): every pole's network "
            "would be empty",
            path=path,
            line=header_line,
            hint=_HINT,
        )
    return members


def _said(name: str) -> str:
    """A name as the interviews' matcher tells names apart: « l’Atelier » and « l'Atelier »,
    « SCOP du Val » and « scop du val » are one."""
    return " ".join(for_pipeline(name).casefold().split())


def is_acronym(alias: str) -> bool:
    """An alias in capitals (ADVT, AI): the interviews' matcher takes its exact form only."""
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


@lru_cache(maxsize=1)
def _tokenizer() -> Language:
    return blank_pipeline()  # French tokens and stop words: no model to load


def _refuse_common_words(member: Member, alias: str, path: Path, line: int) -> None:
    """An alias made of common words only (« la », « nous », « on ») would name the member
    wherever it is said, any case and any inflection (« la » is « le », « les », « l' »):
    every segment would mention it, and the member would read as the hub of its pole."""
    if is_acronym(alias):
        return
    tokens = [t for t in _tokenizer()(for_pipeline(alias)) if not (t.is_punct or t.is_space)]
    if any(not t.is_stop for t in tokens):
        return
    what = (
        f"the organisation's name {alias!r}"
        if alias == member.name
        else f"the alias {alias!r} of {member.name!r}"
    )
    raise MembersError(
        f"{what} is only common words: it would name the member in nearly every segment, and "
        "every tie would go through it",
        path=path,
        line=line,
        hint="Give names the interviews use for this organisation only (« la Menuiserie », "
        "« Menuiserie Verte »); a name in capitals (AI, GE) matches that exact form only.",
    )


def _member(values: dict[str, str], path: Path, line: int) -> Member:
    for column in ("case", "organisation", "kind", "circle"):
        if not values.get(column):
            raise MembersError(f"empty `{column}`", path=path, line=line, hint=EMPTY_HINTS[column])
    circle = CIRCLES.get(values["circle"].lower())
    if circle is None:
        raise MembersError(
            f"unknown circle {values['circle']!r}",
            path=path,
            line=line,
            hint="Write `first` (1) or `second` (2).",
        )
    aliases = [values["organisation"]]
    for alias in (values.get("aliases") or "").split(";"):
        if alias.strip() and alias.strip().lower() not in {a.lower() for a in aliases}:
            aliases.append(alias.strip())
    return Member(
        values["case"], values["organisation"], values["kind"], circle, tuple(aliases), line
    )


@dataclass(frozen=True)
class UnknownCase:
    """A case the members file names that has no interview: a pole whose interviews are not
    imported yet, or a case written otherwise than its folder is named (« Pôle B »)."""

    case: str  # as the members file writes it
    lines: tuple[int, ...]  # the lines of its rows
    nearest: str | None  # the case with interviews it may mean (« pole-b »)
    known: tuple[str, ...]  # the cases with interviews

    def note(self, path: Path) -> str:
        """What to tell: the file, the lines, what is wrong and what to do."""
        lines = ", ".join(str(line) for line in self.lines)
        where = f"{path}, line{'s' if len(self.lines) > 1 else ''} {lines}"
        if self.nearest is not None:
            todo = (
                f"did you mean {self.nearest}? Write the case as its folder is named, or "
                "import this pole's interviews"
            )
        elif self.known:
            shown = ", ".join(self.known[:MAX_LISTED])
            more = " …" if len(self.known) > MAX_LISTED else ""
            todo = (
                f"the poles with interviews are {shown}{more}: write one of them, or import "
                "this pole's interviews"
            )
        else:
            todo = "no pole has an interview yet: import the interviews"
        return f"{where}: {self.case}: listed in the members file but has no interview ({todo})"


def unknown_cases(members: Iterable[Member], cases: Collection[str]) -> list[UnknownCase]:
    """The cases ``members`` name that are none of ``cases`` (the poles with interviews), in
    the file's order, each with the lines naming it and the case it may mean
    (``nearest_name``: « Pôle B », « pole_b » or « pole-bb » for pole-b)."""
    lines: dict[str, list[int]] = {}
    for member in members:
        if member.case not in cases:
            lines.setdefault(member.case, []).append(member.line)
    known = tuple(sorted(cases))
    return [
        UnknownCase(case, tuple(found), nearest_name(case, known), known)
        for case, found in lines.items()
    ]


_HINT = (
    "corpus/members.csv lists each pole's organisations: "
    "case,organisation,kind,circle,aliases (aliases separated by `;`)."
)
