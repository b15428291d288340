"""The members of each pole: ``corpus/members.csv``.

Columns: ``case`` (the pole's folder name), ``organisation`` (the name shown), ``kind``
(association, SCOP, SCIC, SIAE, collectivité, entreprise hors ESS, recherche, …), ``circle``
(``1``/``first``/``premier`` or ``2``/``second``) and ``aliases`` (other names the
interviews use, separated by ``;``). The organisation's name is always one of its aliases.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ptce_coding.base.errors import PtceError
from ptce_coding.corpus.cases import lowered_header, read_table

COLUMNS = ("case", "organisation", "kind", "circle", "aliases")
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


class MembersError(PtceError):
    """corpus/members.csv is malformed."""


@dataclass(frozen=True)
class Member:
    case: str
    name: str
    kind: str
    circle: int  # 1: first circle (the core the pole names), 2: second circle
    aliases: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str]:
        return (self.case, self.name)


def read_members(path: Path) -> list[Member]:
    """Every member, checked: a bad row stops with its line number. The file is read as
    cases.csv is (any encoding, commas or semicolons, no cell across lines: read_table)."""
    if not path.is_file():
        raise MembersError("no members file", path=path, hint=_HINT)
    table = read_table(path, MembersError)
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
    seen: dict[tuple[str, str], int] = {}
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
        if member.key in seen:
            raise MembersError(
                f"{member.name!r} is listed twice for {member.case} (first at line "
                f"{seen[member.key]})",
                path=path,
                line=line,
            )
        seen[member.key] = line
        for alias in member.aliases:
            owner = claimed.get((member.case, alias.lower()))
            if owner and owner[0] != member.name:
                raise MembersError(
                    f"the alias {alias!r} is also given to {owner[0]!r} (line {owner[1]}): "
                    "an alias must name one member of a pole",
                    path=path,
                    line=line,
                )
            claimed[(member.case, alias.lower())] = (member.name, line)
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


def _member(values: dict[str, str], path: Path, line: int) -> Member:
    for column in ("case", "organisation", "kind", "circle"):
        if not values.get(column):
            raise MembersError(f"empty `{column}`", path=path, line=line)
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
    return Member(values["case"], values["organisation"], values["kind"], circle, tuple(aliases))


_HINT = (
    "corpus/members.csv lists each pole's organisations: "
    "case,organisation,kind,circle,aliases (aliases separated by `;`)."
)
