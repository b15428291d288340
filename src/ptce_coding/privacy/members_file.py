"""The organisations of ``corpus/members.csv`` (the project's ``network.members``), as the
review of names reads them: each member's name and the other names the interviews use.

The file is the one ``network`` reads (``case, organisation, kind, circle, aliases``, aliases
separated by « ; »), read the same way (any encoding, commas or semicolons, a title line
above the column names refused with the line to delete: ``read_table``); pseudonymisation
needs only ``organisation`` and ``aliases``, so a file the network would refuse for its
``circle`` still has its names hidden. A missing or empty file lists nobody.
"""

from __future__ import annotations

from pathlib import Path

from ptce_coding.base.errors import PtceError
from ptce_coding.corpus.cases import lowered_header, read_table

# where the members file is unless project.yaml says otherwise (network.members, whose default
# it is: privacy sits below network, the same path written twice, kept equal by a test)
MEMBERS_FILE = Path("corpus/members.csv")
MemberNames = tuple[str, tuple[str, ...]]
# the columns the review of names reads: a first line with neither, above a line with one, is a
# title (read_table)
NAME_COLUMNS = ("organisation", "aliases")
# what a hint of read_table says to do once the file is mended: the file is read by the
# commands that hide names (pseudonymise, --anonymise), not by an import
AGAIN = "run the command again"
_HINT = (
    "corpus/members.csv lists each pole's organisations: case,organisation,kind,circle,aliases "
    "(aliases separated by `;`); the review of names reads organisation and aliases."
)


class MembersFileError(PtceError):
    """corpus/members.csv cannot give the names of the poles' members."""


def read_member_names(path: Path) -> list[MemberNames]:
    """(organisation, aliases) of each row of the members file, in its order; a row without
    an organisation, a row with more cells than columns or a file without an
    ``organisation`` column stops with the file and line."""
    if not path.is_file():
        return []
    table = read_table(path, MembersFileError, columns=NAME_COLUMNS, again=AGAIN)
    if table is None:
        return []
    header_line, names, rows = table
    header = lowered_header(path, header_line, names, MembersFileError)
    if "organisation" not in header:
        raise MembersFileError(
            f"no `organisation` column (columns: {', '.join(names) or 'none'})",
            path=path,
            line=header_line,
            hint=_HINT,
        )
    members: list[MemberNames] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise MembersFileError(
                f"more cells than columns ({len(row)} for {len(header)})",
                path=path,
                line=line,
                hint="A cell that holds the separator needs quotes: aliases « a;b » in a file "
                'separated by semicolons are written "a;b".',
            )
        values = dict(zip(header, (cell.strip() for cell in row), strict=False))
        name = " ".join(values.get("organisation", "").split())
        if not name:
            raise MembersFileError(
                "a row without an organisation: its aliases would name nobody",
                path=path,
                line=line,
                hint="Write the member's name in the `organisation` column, or delete the row.",
            )
        aliases = [" ".join(a.split()) for a in values.get("aliases", "").split(";")]
        members.append((name, tuple(dict.fromkeys(a for a in aliases if a and a != name))))
    return members
