"""The project's lists of names (``private/names.csv``), which always win over the model.

One row per name: ``name, kind[, pseudonym]``. ``name`` is the name as written (« Anne
Hurand ») or, prefixed with ``re:``, a regular expression (``re:Hurand(?:-Petit)?``); ``kind``
is person, organisation or place (French words are accepted); ``pseudonym`` is optional: a
pseudonym (« Jeanne ») or a role (« Directrice du pôle »), which sociologists often prefer.
The folder ``private/`` holds everything that must never leave the team: these lists, the
review workbooks and the mapping of names to pseudonyms.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ptce_coding.base.errors import PtceError

PRIVATE_DIR = "private"
NAMES_FILE = "names.csv"
KINDS = ("person", "organisation", "place", "email", "phone", "url")
_KIND_WORDS = {
    "person": "person",
    "personne": "person",
    "per": "person",
    "organisation": "organisation",
    "organization": "organisation",
    "org": "organisation",
    "structure": "organisation",
    "place": "place",
    "lieu": "place",
    "commune": "place",
    "loc": "place",
    "ville": "place",
}


class NamesError(PtceError):
    """The project's list of names is malformed."""


@dataclass(frozen=True)
class ListedName:
    """A row of ``private/names.csv``."""

    name: str
    kind: str
    pseudonym: str | None = None
    pattern: str | None = None  # a regular expression, when the row starts with ``re:``
    line: int = 0


@dataclass(frozen=True)
class KnownName:
    """A pole or organisation the project's own files name, with how it is written."""

    kind: str
    name: str
    variants: tuple[str, ...]
    pseudonym: str = ""  # empty: numbered like a detected name
    # the variants the project's files write (not read in the interviews): names for certain
    declared: tuple[str, ...] = ()


def parse_kind(value: str) -> str | None:
    """person, organisation or place from an English or French word; None if unknown."""
    return _KIND_WORDS.get(value.strip().lower())


def load_names(path: Path) -> list[ListedName]:
    """The rows of a names list; a missing file is an empty list."""
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    if "name" not in columns or "kind" not in columns:
        raise NamesError(
            f"the columns must be name, kind and optionally pseudonym (found: "
            f"{', '.join(columns) or 'nothing'})",
            path=path,
            line=1,
        )
    names: list[ListedName] = []
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        names.append(_listed(row, path, line))
    return names


def _listed(row: dict[str, str], path: Path, line: int) -> ListedName:
    name, kind = row.get("name", ""), parse_kind(row.get("kind", ""))
    if not name:
        raise NamesError("empty name", path=path, line=line)
    if kind is None:
        raise NamesError(
            f"unknown kind {row.get('kind', '')!r} for {name!r}",
            path=path,
            line=line,
            hint="Use person, organisation or place.",
        )
    pattern = None
    if name.startswith("re:"):
        pattern = name[3:]
        try:
            re.compile(pattern)
        except re.error as exc:
            raise NamesError(
                f"bad regular expression {pattern!r}: {exc}", path=path, line=line
            ) from None
    return ListedName(name, kind, row.get("pseudonym") or None, pattern, line)


def git_exposure(private: Path) -> str | None:
    """A warning when ``private`` sits in a git repository without being ignored."""
    folder = private if private.is_dir() else private.parent
    try:
        inside = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
            capture_output=True,
            text=True,
            check=False,
        )
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return None
        ignored = subprocess.run(
            ["git", "-C", str(folder), "check-ignore", "-q", str(private.resolve() / "x")],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:  # git is not installed: nothing to check
        return None
    if ignored.returncode == 0:
        return None
    return (
        f"{private} is inside a git repository and is not ignored: real names could be "
        "committed. Add `private/` to the repository's .gitignore."
    )
