"""Reading a .qdpx project (REFI-QDA 1.x) as written by real tools.

Tolerated: ``Sources/`` or ``sources/``; the XML named ``project.qde`` or ``<Name>.qde``;
texts as .txt (UTF-8 with or without BOM, UTF-16 with BOM), inline ``<PlainTextContent>`` or
.docx; empty or missing optional elements; codes nested at any depth. Codings that refer to
unknown codes or to sources without text are skipped and listed in ``warnings``. Positions are
converted to code points of our normalised text according to the writing tool (``detect.py``).
"""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

from lxml import etree

from ptce_coding.base.errors import ExchangeError
from ptce_coding.corpus.transcript import without_controls

from . import elements as el
from .codes import normal_guid, read_codes
from .detect import Check, check_of, choose_convention, detect_tool
from .model import RefiCoding, RefiNote, RefiProject, RefiSource
from .offsets import Convention, OffsetMap, our_text
from .safety import (
    MAX_MEMBERS,
    MAX_TOTAL_SIZE,
    Archive,
    local_name,
    name_of,
    parse_xml,
    schema_errors,
    strip_namespaces,
)
from .sources import SourceLoader

PROJECT_NS = "urn:QDA-XML:project:1.0"
_OTHER_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")


def read_qdpx(
    path: str | Path, *, max_total_size: int = MAX_TOTAL_SIZE, max_members: int = MAX_MEMBERS
) -> RefiProject:
    """Read a .qdpx file; raise ExchangeError when it is not a readable REFI-QDA project."""
    path = Path(path)
    with Archive(path, label=path, max_total_size=max_total_size, max_members=max_members) as zf:
        warnings: list[str] = []
        qde, folder = _find_project(zf, path, warnings)
        root = parse_xml(zf.read(qde), qde.filename, path)
        _check_root(root, qde.filename, path, warnings)
        strip_namespaces(root)
        loader = SourceLoader(zf, folder, path, warnings)
        return _Reader(root, loader, warnings).project()


def _find_project(archive: Archive, path: Path, warnings: list[str]) -> tuple[zipfile.ZipInfo, str]:
    found = [info for info in archive.members() if info.filename.lower().endswith(".qde")]
    if not found:
        raise ExchangeError(
            "no .qde project in the archive",
            path=path,
            hint="A .qdpx file holds a project.qde (REFI-QDA); is this a .qdpx export?",
        )

    def rank(info: zipfile.ZipInfo) -> tuple[int, bool, str]:
        name = info.filename
        return name.count("/"), name.rsplit("/", 1)[-1].lower() != "project.qde", name

    best = min(found, key=rank)
    if len(found) > 1:
        warnings.append(f"{len(found)} .qde files in the archive; {best.filename} was read")
    folder = best.filename[: best.filename.rfind("/") + 1]
    return best, folder


def _check_root(root: etree._Element, name: str, path: Path, warnings: list[str]) -> None:
    namespace = etree.QName(root).namespace or ""
    if local_name(root) != "Project" or not (
        namespace.startswith("urn:QDA-XML:project") or not namespace
    ):
        raise ExchangeError(
            f"{name}: not a REFI-QDA project (root element {etree.QName(root).text})", path=path
        )
    if namespace == PROJECT_NS:
        errors = schema_errors(root, "Project.xsd")
        if errors:
            warnings.append(
                f"{name} does not follow Project.xsd ({len(errors)} error(s); first: {errors[0]})"
            )
    else:
        warnings.append(f"{name}: namespace {namespace or '(none)'!r}, not {PROJECT_NS}")


class _Reader:
    """One pass over the project element, collecting warnings."""

    def __init__(self, root: etree._Element, loader: SourceLoader, warnings: list[str]) -> None:
        self.root = root
        self.loader = loader
        self.warnings = warnings
        self.losses: list[str] = []
        self.variables = el.variables(root)
        self.notes = self._notes()
        self.raws: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.selections: list[el.RawSelection] = []
        self._selection_guids: dict[str, el.RawSelection] = {}
        # a source's <Description> and <NoteRef>s: its memos in QualCoder, NVivo, MAXQDA
        self.descriptions: dict[str, str] = {}
        self.source_notes: dict[str, tuple[str, ...]] = {}
        self.joined_notes: set[str] = set()
        self.sources = self._sources()
        self._maps: dict[tuple[str, str], OffsetMap] = {}

    def project(self) -> RefiProject:
        root = self.root
        users = el.users(root)
        codes = read_codes(el.child(el.child(root, "CodeBook"), "Codes"), self.losses)
        self.warnings.extend(
            f"code with GUID {code.guid} has no name: its label in the codebook is its id "
            "(made from its GUID unless it carries one); give it a label in the YAML codebook "
            "(and an id with `codebook rename`)"
            for code in codes
            if not code.name.strip()
        )
        project = RefiProject(
            name=root.get("name") or "",
            origin=root.get("origin") or "",
            tool="unknown",
            codes=codes,
            users=users,
            notes=list(self.notes.values()),
            sets=el.sets(root),
            description=el.child_text(root, "Description"),
            warnings=self.warnings,
            losses=self.losses,
        )
        names = [s.name or "" for s in self.selections if s.end is not None]
        tool, reason = detect_tool(
            project.origin,
            list(users.values()),
            names,
            list(self.raws.values()),
            root.get("basePath") is not None,
        )
        project.tool = tool
        if reason:
            self.warnings.append(f"the file does not name its tool; taken as {tool}: {reason}")
        convention = self._convention(tool)
        project.offset_convention = convention.describe()
        project.sources = [
            RefiSource(
                guid,
                name,
                self._text(guid, convention),
                variables,
                self.descriptions.get(guid, ""),
                self.source_notes.get(guid, ()),
            )
            for guid, name, variables in self.sources
        ]
        self._missing_texts()
        project.codings = self._codings(convention, {code.guid for code in codes}, tool)
        project.joined_notes = self.joined_notes
        known = {source.guid for source in project.sources}
        project.cases = el.cases(root, self.variables, known, self.warnings)
        return project

    def _notes(self) -> dict[str, RefiNote]:
        notes: dict[str, RefiNote] = {}
        for note in el.children(el.child(self.root, "Notes"), "Note"):
            guid = normal_guid(note.get("guid"))
            if guid:
                name = name_of(note)
                raw = self.loader.raw_text(note, f"note {name or guid!r}")
                user = normal_guid(note.get("creatingUser"))
                notes[guid] = RefiNote(guid, name, without_controls(our_text(raw or "")), user)
        return notes

    def _sources(self) -> list[tuple[str, str, dict[str, Any]]]:
        found: list[tuple[str, str, dict[str, Any]]] = []
        other: Counter[str] = Counter()
        seen: set[str] = set()
        container = el.child(self.root, "Sources")
        for source in container if container is not None else ():
            kind = local_name(source)
            if kind in _OTHER_SOURCES:
                other[kind] += 1
            guid = normal_guid(source.get("guid"))
            if kind != "TextSource" or guid is None or guid in seen:
                if guid in seen:
                    self.warnings.append(f"a second source with GUID {guid} was skipped")
                    self.losses.append(
                        f"source {source.get('name') or guid!r}: a second source with GUID "
                        f"{guid}, not imported"
                    )
                continue
            seen.add(guid)
            name = name_of(source) or guid
            if name in self.names.values():
                self.losses.append(
                    f"source {name!r} (GUID {guid}): a second source with this name, not "
                    "imported (a document name is unique in a project: rename one of them)"
                )
                continue
            raw = self.loader.raw_text(source, f"source {name!r}")
            if raw is not None:
                self.raws[guid] = raw
            self.names[guid] = name
            self.descriptions[guid] = el.child_text(source, "Description").strip()
            self.source_notes[guid] = tuple(el.refs(source, "NoteRef"))
            found.append((guid, name, el.values(source, self.variables, self.warnings)))
            self.selections.extend(self._unique(el.selections(source, guid, self.warnings)))
            self._unplaced(source, name)
        for kind, count in sorted(other.items()):
            self.warnings.append(f"{count} {kind} element(s) not imported (text sources only)")
        return found

    def _unique(self, selections: list[el.RawSelection]) -> list[el.RawSelection]:
        """The selections whose GUID no selection read before has: a second one is a problem
        (a memo on a coding names its selection's GUID, which must find one passage)."""
        kept: list[el.RawSelection] = []
        for selection in selections:
            first = self._selection_guids.get(selection.guid or "")
            if first is None:
                if selection.guid:
                    self._selection_guids[selection.guid] = selection
                kept.append(selection)
                continue
            self.warnings.append(f"a second selection with GUID {selection.guid} was skipped")
            self.losses.append(
                f"{self._where(selection)}: a second selection with GUID {selection.guid} "
                f"(the first: {self._where(first)}), not imported with its "
                f"{len(selection.codings)} coding(s) (give each selection its own GUID)"
            )
        return kept

    def _map(self, guid: str, convention: Convention) -> OffsetMap | None:
        if guid not in self.raws:
            return None
        key = (guid, convention.key)
        if key not in self._maps:
            self._maps[key] = OffsetMap(self.raws[guid], convention)
        return self._maps[key]

    def _text(self, guid: str, convention: Convention) -> str:
        mapping = self._map(guid, convention)
        # control characters as spaces, as in any transcript: the same length, so the
        # selections' positions stay valid
        return without_controls(mapping.text) if mapping is not None else ""

    def _convention(self, tool: str) -> Convention:
        # a selection in a source without text checks nothing: it is left out and said
        # (« selection(s) in a source without text »), never counted as not covering its text
        placed = [s for s in self.selections if s.end is not None and s.source_guid in self.raws]
        checks = [
            check
            for s in placed
            if s.end is not None and (check := check_of(s.source_guid, s.start, s.end, s.name))
        ]
        convention, passed = choose_convention(tool, checks, self._map)
        self._report_checks(tool, convention, checks, passed, bool(placed))
        return convention

    def _report_checks(
        self, tool: str, convention: Convention, checks: list[Check], passed: int, placed: bool
    ) -> None:
        if checks and passed < len(checks):
            self.warnings.append(
                f"{len(checks) - passed} of {len(checks)} selection(s) do not cover the text "
                f"their name gives (quote or line:N), with positions read as {convention.key}"
            )
        elif not checks and placed:
            self.warnings.append(
                f"selections carry no quoted text to check them; positions read as "
                f"{convention.key} (the convention known for {tool})"
            )

    def _codings(
        self, convention: Convention, known_codes: set[str], tool: str
    ) -> list[RefiCoding]:
        # ptce-coding writes a coding's memo in the selection's Description; the notes its
        # selections refer to are memos about the coding, imported as memos, not joined here
        linked = tool != "ptce-coding"
        codings: list[RefiCoding] = []
        problems: Counter[str] = Counter()
        unknown: set[str] = set()
        for selection in self.selections:
            span = self._span(selection, convention, problems)
            if span is None:
                continue
            note = self._note(selection, linked)
            for coding in selection.codings:
                if coding.code_guid not in known_codes:
                    unknown.add(coding.code_guid)
                    problems["coding(s) refer to an unknown code, skipped"] += 1
                    self.losses.append(
                        f"{self._where(selection)}: coded with an unknown code "
                        f"(GUID {coding.code_guid}, not in the codebook)"
                    )
                    continue
                extra = [self.notes[g].text for g in coding.notes if g in self.notes and linked]
                if linked:  # imported as the coding's memo, not again as a memo of its own
                    self.joined_notes.update(
                        g for g in [*selection.notes, *coding.notes] if g in self.notes
                    )
                codings.append(
                    RefiCoding(
                        source_guid=selection.source_guid,
                        start=span[0],
                        end=span[1],
                        code_guid=coding.code_guid,
                        user=coding.user or selection.user,
                        created_at=coding.created or selection.created,
                        note="\n\n".join(filter(None, [note, *extra])) or None,
                        selection_guid=selection.guid,
                    )
                )
        for problem, count in sorted(problems.items()):
            self.warnings.append(f"{count} {problem}")
        if unknown:
            self.warnings.append(f"unknown code GUID(s): {', '.join(sorted(unknown)[:5])}")
        return codings

    def _span(
        self, selection: el.RawSelection, convention: Convention, problems: Counter[str]
    ) -> tuple[int, int] | None:
        mapping = self._map(selection.source_guid, convention)
        if mapping is None:
            problems["selection(s) in a source without text, skipped"] += 1
            return None
        if selection.end is None:
            return 0, len(mapping.text)
        span = mapping.span(selection.start, selection.end)
        if span is None:
            problems["selection(s) outside their source's text, skipped"] += 1
            why = (
                "starts after it ends"
                if selection.end < selection.start
                else f"falls outside the source's text (0-{mapping.length})"
            )
            self.losses.append(
                f"{self._where(selection)}: {why}; its {len(selection.codings)} coding(s) "
                "cannot be placed"
            )
            return None
        if span[0] == span[1]:  # a store's coding covers at least one character
            problems["empty selection(s), skipped"] += 1
            self.losses.append(
                f"{self._where(selection)}: covers no character (it starts where it ends); "
                f"its {len(selection.codings)} coding(s) cannot be placed"
            )
            return None
        if not span[2]:
            problems["selection(s) started or ended inside a character, widened"] += 1
        return span[0], span[1]

    def _where(self, selection: el.RawSelection) -> str:
        name = self.names.get(selection.source_guid, selection.source_guid)
        span = "whole source" if selection.end is None else f"{selection.start}-{selection.end}"
        label = f" « {selection.name} »" if selection.name else ""
        return f"source {name!r}, selection {span}{label}"

    def _missing_texts(self) -> None:
        """A text source whose text cannot be read: its document and codings would be lost.
        Why is said with it (the text file not in the archive, outside it, not a .docx…),
        as the loader's warnings say it: a refused import does not print the warnings."""
        for guid, name, _ in self.sources:
            if self.raws.get(guid, "").strip():
                continue
            label = f"source {name!r}: "
            why = "; ".join(w.removeprefix(label) for w in self.warnings if w.startswith(label))
            codings = sum(len(s.codings) for s in self.selections if s.source_guid == guid)
            self.losses.append(
                f"{label}its text is missing, unreadable or empty{f' ({why})' if why else ''}; "
                f"the document and its {codings} coding(s) cannot be imported"
            )

    def _unplaced(self, source: etree._Element, name: str) -> None:
        """Selections whose positions are not numbers."""
        bad = sum(
            1
            for item in el.children(source, "PlainTextSelection")
            if el._position(item.get("startPosition")) is None
            or el._position(item.get("endPosition")) is None
        )
        if bad:
            self.losses.append(f"source {name!r}: {bad} selection(s) without numeric positions")

    def _note(self, selection: el.RawSelection, linked: bool = True) -> str | None:
        notes = selection.notes if linked else []
        parts = [selection.description, *(self.notes[g].text for g in notes if g in self.notes)]
        return "\n\n".join(part for part in parts if part) or None
