"""Which files an import takes, under which document names and cases (nothing read yet):
the corpus folder's layout, a file alone, README notes, names that are not valid UTF-8."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from ptce_coding.base.errors import CorpusError, PtceError
from ptce_coding.corpus import supported
from ptce_coding.store import Store

# the corpus's tables, passed over at its root (a README too: ``is_readme``)
CORPUS_TABLES = {"cases.csv", "documents.csv", "members.csv"}
README_NAMES = {"readme", "read-me", "lisezmoi", "lisez-moi"}
README_SKIPPED = (
    "a README is notes about its folder, not an interview (to import it as one, import "
    "the file alone, or rename it)"
)


@dataclass(frozen=True)
class Planned:
    path: Path
    name: str
    case: str | None
    skip_reason: str = ""
    problem: str = ""  # a file that cannot be imported as it is: reported as failed


def readable_name(name: str) -> str:
    """A file name as it can be shown and stored: undecodable bytes written as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _checked(item: Planned) -> Planned:
    """A name that is not valid UTF-8 (a byte the file system could not decode) cannot be a
    document or case name: the file fails, with the name shown readably. A valid one is made
    NFC, as a name is typed: macOS writes file names decomposed (NFD, « e » + accent)."""
    shown = readable_name(item.name)
    if shown == item.name and (item.case is None or readable_name(item.case) == item.case):
        return replace(item, name=nfc(item.name), case=item.case and nfc(item.case))
    return Planned(
        item.path,
        shown,
        item.case and readable_name(item.case),
        item.skip_reason,
        "the file or folder name is not valid UTF-8 (an undecodable byte, shown as \\xNN): "
        "rename it with plain or accented letters and import again",
    )


def nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def plan(paths: list[Path], case: str | None = None, corpus: Path | None = None) -> list[Planned]:
    """Which files to import, under which names and cases (nothing read yet).

    A document is named ``<case>/<path in the case's folder>``, as a folder of the corpus
    names it (``corpus/pole-a/entretien.txt`` is ``pole-a/entretien.txt``), whether it comes
    with its folder or alone, with ``--case`` or from its folder's name: two poles'
    ``entretien.docx`` are two documents, and a file of the corpus imported alone is the
    document its folder's import made. A file or folder in the project's ``corpus`` folder
    is of the case folder it is in (``corpus/pole-a/sous/x.txt``: pole-a), however it is
    given; elsewhere a folder's first-level sub-folders are cases, a file alone is of its
    folder's name, and the folder given with ``--case`` is the case's folder."""
    if case is not None:
        check_case(case)
    planned: list[Planned] = []
    for given in paths:
        if not given.exists():
            raise CorpusError("no such file or folder", path=given)
        within = _within(given, corpus)
        if given.is_file():
            planned.append(_alone(given, within, case))
            continue
        found = sorted(given.rglob("*"))
        planned.extend(_unreadable_folders(given, [given, *(p for p in found if p.is_dir())]))
        for path in (p for p in found if p.is_file()):
            relative = path.relative_to(given)
            if any(part.startswith((".", "~$")) for part in relative.parts):
                continue
            if within is not None:
                in_corpus = (*within, *relative.parts)
            elif case is None:  # the folder given holds the case folders, as corpus/ does
                in_corpus = relative.parts
            else:  # the folder given is the case's folder
                in_corpus = (case, *relative.parts)
            item = _planned_file(path, in_corpus, case)
            if item is not None:
                planned.append(item)
    return [_checked(item) for item in planned]


def _within(given: Path, corpus: Path | None) -> tuple[str, ...] | None:
    """The parts of ``given``'s path in the ``corpus`` folder when it is in it (None for the
    folder itself, or a path elsewhere); as written, else with links followed."""
    if corpus is None:
        return None
    for path, folder in (
        (Path(os.path.abspath(given)), Path(os.path.abspath(corpus))),
        (absolute(given), absolute(corpus)),
    ):
        if path == folder:
            return None
        if folder in path.parents:
            return path.relative_to(folder).parts
    return None


def absolute(path: str | Path) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):  # a path the system cannot resolve
        return Path(path).absolute()


def _alone(path: Path, within: tuple[str, ...] | None, case: str | None) -> Planned:
    """A file given alone, imported as asked (whatever its name or type); ``within``: the
    parts of its path in the corpus folder, None when it is elsewhere."""
    if within is not None and len(within) > 1:
        owner = case if case is not None else within[0]
        return _in_case(path, "/".join((owner, *within[1:])), owner, case)
    if within is not None and case is None:  # at the corpus root, as the corpus import says
        return Planned(path, path.name, None, "not in a case sub-folder (or give --case)")
    owner = case if case is not None else path.resolve().parent.name
    return _in_case(path, f"{owner}/{path.name}", owner, case)


def _in_case(path: Path, name: str, owner: str, case: str | None) -> Planned:
    """The file planned in case ``owner``; but a case named after a hidden folder
    (« .brouillon », « ~$… »), which the corpus import leaves out and no case can be named,
    fails with what to do (``case``: the one given, checked already)."""
    if case is None and owner.startswith((".", "~$")):
        return Planned(
            path,
            name,
            None,
            problem=f"its case would be {owner}, a hidden folder's name, which the import "
            "of the corpus leaves out and a case cannot have: give --case to import it into "
            "a case, or move it into a case's folder",
        )
    return Planned(path, name, owner)


def _planned_file(path: Path, in_corpus: tuple[str, ...], case: str | None) -> Planned | None:
    """One file of a folder, by the parts of its path in the corpus folder (or the folder
    that plays it): its case is the first (``--case`` when given), its name
    ``<case>/<the rest>``. Files a folder holds beside the interviews are left out: the
    corpus tables and notes at its root without a word, a README in a case's folder said.
    None: left out without a word."""
    if len(in_corpus) == 1 and case is None:  # at the corpus root
        if path.name.lower() in CORPUS_TABLES or is_readme(path.name):
            return None
        return Planned(path, in_corpus[0], None, "not in a case sub-folder (or give --case)")
    owner = case if case is not None else in_corpus[0]
    name = "/".join((owner, *in_corpus[1:]))
    if path.suffix.lower() == ".csv":
        return None
    if is_readme(path.name):
        return Planned(path, name, None, README_SKIPPED)
    if not supported(path):
        return Planned(path, name, None, f"unsupported type {path.suffix}")
    return _in_case(path, name, owner, case)


def is_readme(name: str) -> bool:
    """« README.md », « readme.txt », « LISEZMOI.docx », « Lisez-moi.odt »: a file of notes
    about its folder, never an interview."""
    return name.split(".")[0].casefold().replace(" ", "-").replace("_", "-") in README_NAMES


def check_case(case: str) -> None:
    """A case given for an import (``--case``) must be a name a corpus folder can have: not
    empty, no slash, not hidden (``Store.check_case_name``). Raises CorpusError."""
    try:
        Store.check_case_name(case)
    except PtceError as exc:
        raise CorpusError(f"--case: {exc.message}", hint=exc.hint) from None


def _unreadable_folders(given: Path, folders: list[Path]) -> list[Planned]:
    """Folders that cannot be listed: their files would be silently missing, so each fails."""
    failed = []
    for folder in folders:
        relative = folder.relative_to(given)
        if any(part.startswith((".", "~$")) for part in relative.parts):
            continue
        try:
            with os.scandir(folder):
                pass
        except OSError as exc:
            name = (given.name if folder == given else relative.as_posix()) + "/"
            failed.append(
                Planned(
                    folder,
                    name,
                    None,
                    problem=f"cannot read the folder: {exc.strerror or exc}; the files in it "
                    "were not imported (check its permissions, then import again)",
                )
            )
    return failed
