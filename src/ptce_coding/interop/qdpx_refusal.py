"""What stops a .qdpx import, found before anything is written and said in one refusal.

Each stop comes with what the importer can do about it: the file's own problems (``--partial``),
the codes the codebook lacks (``--codes add|skip``, and whether the codebook takes them, and
whether one of them would take codings whose code was removed by hand), the sources no case
holds (``--case``), the sources named as a document of the project that has another text
(renamed in the tool). All are said at once, so that one run tells everything
to settle: before, the importer learnt of them one run at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ptce_coding.base.errors import ExchangeError, PtceError
from ptce_coding.codebook.merge import merged_codebook
from ptce_coding.codebook.model import Code, Codebook
from ptce_coding.corpus.transcript import text_hash
from ptce_coding.interop.refi import RefiCode, RefiProject, RefiSource
from ptce_coding.interop.same_names import name_key
from ptce_coding.store import Store

_LISTED = 25  # codes or sources listed in full by a refusal; the others counted


@dataclass(frozen=True)
class ImportStop:
    """One thing that stops the import (``what``), and what the importer can do about it."""

    what: str
    remedy: str
    says_nothing_imported: bool = False  # its own line says so (the file's problems)


def refuse(path: Path, stops: list[ImportStop]) -> None:
    """One error for every stop, each followed by its remedy (« → »); nothing is written."""
    if not stops:
        return
    text = "\n".join(f"{stop.what}\n  → {stop.remedy}" for stop in stops)
    if len(stops) > 1:
        text += f"\nNothing was imported: {len(stops)} things to settle, each with what to do (→)."
    elif not stops[0].says_nothing_imported:
        text += "\nNothing was imported."
    raise ExchangeError(text, path=path)


def file_problems(refi: RefiProject, partial: bool) -> list[ImportStop]:
    """The problems of the file (a missing source text, a selection outside its text…),
    unless ``partial`` leaves what they touch out."""
    if not refi.losses or partial:
        return []
    return [
        ImportStop(
            f"{len(refi.losses)} problem(s) in the project, so nothing was imported:\n  - "
            + "\n  - ".join(refi.losses),
            "Fix them in the tool that wrote the file and export it again, or give "
            "--partial to import everything else (the summary then lists what was left out).",
            says_nothing_imported=True,
        )
    ]


def code_name(code: RefiCode, code_id: str) -> str:
    """« ID « name » »: a code of the file, by the id it would have and its name there."""
    name = code.name.strip()
    return f"{code_id} « {name} »" if name and name != code_id else code_id


def codings_per_code(refi: RefiProject) -> dict[str, int]:
    """{code GUID: its codings in the file}."""
    used: dict[str, int] = {}
    for coding in refi.codings:
        used[coding.code_guid] = used.get(coding.code_guid, 0) + 1
    return used


def lacking_codes(
    refi: RefiProject,
    ids: dict[str, str],
    new: list[Code],
    codebook: tuple[Path, Codebook],
    choice: str | None,
) -> list[ImportStop]:
    """The codes the codebook lacks (``new``; ``ids``: every code's id, by GUID) when the
    importer chose nothing (``choice``, ``--codes``), each with its codings and the code of
    the codebook it is named as; or, with ``--codes add``, a codebook that cannot take
    them (``codebook``: its file and what it holds)."""
    if not new or choice == "skip":
        return []
    path, book = codebook
    refused = _add_refused(path, new, refi.name)
    if choice == "add":
        if refused is None:
            return []
        message, hint = refused
        return [
            ImportStop(
                f"--codes add: {path.name}: {message}",
                (f"{hint} " if hint else "")
                + "Or give `--codes skip` to import only the codings of the codes the "
                "codebook has.",
            )
        ]
    lacking = {code.id for code in new}
    used = codings_per_code(refi)
    listed, merges = [], []
    for code in refi.codes:
        code_id = ids[code.guid]
        if code_id not in lacking:
            continue
        count = used.get(code.guid, 0)
        line = f"{code_name(code, code_id)} ({count} coding{'s' * (count != 1)})"
        named, ours = _namesake(code, code_id, book)
        if named:
            line += f": {named}"
            merges.append(f"`ptce-coding codebook merge {code_id} --into {ours}`")
        listed.append(line)
    more = f"\n  … and {len(listed) - _LISTED} more" if len(listed) > _LISTED else ""
    remedy = (
        "Choose what becomes of them: `--codes add` adds them to the codebook (one "
        "codebook change, which `ptce-coding codebook undo` takes back), `--codes skip` "
        "imports only the codings of the codes the codebook has (those left out are "
        "counted)."
    )
    if merges:
        remedy += (
            " A code the codebook has by that name or id (said on its line) becomes a code "
            f"of its own with `--codes add`; {merges[0]} then puts its codings on the "
            "codebook's code."
        )
    if refused is not None:
        message, hint = refused
        remedy += f" `--codes add` is refused as the codebook stands ({path.name}: {message})" + (
            f": {hint}" if hint else "."
        )
    return [
        ImportStop(
            f"{len(listed)} code(s) of the file are not in the codebook ({path.name}):\n  - "
            + "\n  - ".join(listed[:_LISTED])
            + more,
            remedy,
        )
    ]


def _add_refused(path: Path, new: list[Code], source: str) -> tuple[str, str | None] | None:
    """Why the codebook file cannot take the ``new`` codes (message, hint), if it cannot."""
    try:
        merged_codebook(path, new, source)
    except PtceError as error:
        return error.message, error.hint
    return None


def _namesake(code: RefiCode, code_id: str, book: Codebook) -> tuple[str, str]:
    """What a code of the file that the codebook lacks is named as there, and that code's
    id: the code whose id the file gives it (which the codebook names otherwise), or the
    codes of its name elsewhere in the tree; ("", "") when none."""
    if code.code_id is not None and code.code_id != code_id and code.code_id in book:
        label = book.get(code.code_id).label
        return f"the file's {code.code_id}, which the codebook names « {label} »", code.code_id
    same = [ours.id for ours in book.codes if name_key(ours.label) == name_key(code.name)]
    if not same:
        return "", ""
    verb = "has" if len(same) == 1 else "have"
    return f"the codebook's {' and '.join(same)} {verb} this name", same[0]


def unclaimed(store: Store, new: list[Code], choice: str | None) -> list[ImportStop]:
    """The new codes (``new``) that `--codes add` would create under an id codings of the
    project still use, though its code was removed from the codebook by hand: the new code
    would take those codings as its own, unsaid. The codebook commands refuse the same
    (``evolution.orphan_codes.check_unclaimed``); ``--codes skip`` creates none."""
    if choice == "skip" or not new:
        return []
    usage = store.code_usage()
    claimed = {code.id: usage[code.id] for code in new if usage.get(code.id)}
    if not claimed:
        return []
    listed = [f"{code} ({n} coding{'s' * (n != 1)} of the project)" for code, n in claimed.items()]
    first = next(iter(claimed))
    return [
        ImportStop(
            f"`--codes add` would create {len(claimed)} code(s) under an id that codings of "
            "the project still use, though its code was removed from the codebook by hand: "
            "the new code would take them as its own:\n  - " + "\n  - ".join(listed),
            f"Decide first what those codings are: `ptce-coding codebook merge {first} --into "
            "CODE` moves them to a code of the codebook; or give `--codes skip` to import "
            "only the codings of the codes the codebook has.",
        )
    ]


def document_name(source: RefiSource, cases: dict[str, str]) -> str:
    """The name of the document a source makes: ``<case>/<source name>``, as a transcript
    imported into a case is named, unless the source's name starts with its case already
    (a ptce-coding export's); the source's name when it has no case (``cases``:
    ``case_of``)."""
    case = cases.get(source.guid)
    if case is None or source.name.startswith(f"{case}/"):
        return source.name
    return f"{case}/{source.name}"


def case_of(refi: RefiProject, default: str | None) -> dict[str, str]:
    """{source guid: its case}: the file's case holding it, else ``default`` (``--case``),
    else no entry (``caseless`` refuses those the import would add)."""
    cases: dict[str, str] = {}
    for case in refi.cases:
        for guid in case.source_guids:
            cases.setdefault(guid, case.name)
    if default is not None:
        return {s.guid: cases.get(s.guid, default) for s in refi.sources}
    return {s.guid: cases[s.guid] for s in refi.sources if s.guid in cases}


def caseless(store: Store, refi: RefiProject, cases: dict[str, str]) -> list[ImportStop]:
    """The sources the import would add (with a text, not in the store already) that no
    case holds (``cases``: ``case_of``): a ptce-coding document is in a case, and a made-up
    one (« (sans cas) ») would be compared as a pole in the matrices, the report and the
    typology."""
    names = [
        source.name
        for source in refi.sources
        if source.guid not in cases
        and source.text.strip()
        and store.document(source.name) is None
        and store.document_with_hash(text_hash(source.text)) is None
    ]
    if not names:
        return []
    shown = ", ".join(map(repr, names[:10])) + (" …" if len(names) > 10 else "")
    return [
        ImportStop(
            f"{len(names)} document(s) of the file are in no case: {shown} (a document "
            "without a case would be compared as a pole of its own)",
            "Give them a case (a pole of the project) with `--case NAME` (the documents the "
            "file puts in a case keep theirs), or put them in a case in the tool that wrote "
            "the file and export it again.",
        )
    ]


def name_clashes(store: Store, refi: RefiProject, cases: dict[str, str]) -> list[ImportStop]:
    """The sources whose document would be named as one of the project that has another
    text (``cases``: ``case_of``, for ``document_name``): the import would not know which
    text the codings are on."""
    found = []
    for source in refi.sources:
        name = document_name(source, cases)
        existing = store.document(name) if source.text.strip() else None
        if existing is not None and existing.text_hash != text_hash(source.text):
            other = f" (document {existing.name!r})" if existing.name != source.name else ""
            found.append(f"{source.name!r}{other}")
    if not found:
        return []
    more = f"\n  … and {len(found) - _LISTED} more" if len(found) > _LISTED else ""
    return [
        ImportStop(
            f"{len(found)} source(s) of the file have another text than the project's "
            "document of that name:\n  - " + "\n  - ".join(found[:_LISTED]) + more,
            "Rename the source in the tool that wrote the file and export it again, or "
            "import into another project.",
        )
    ]
