"""Plain records of a REFI-QDA project or codebook, as read from a .qdpx or .qdc file.

GUIDs are normalised to lower case without braces, so that references written in another case
by the same tool still match. Offsets of codings are code points into ``RefiSource.text``: the
source's text normalised as ptce-coding stores it (Unicode NFC, ``\\n`` line ends, no BOM).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RefiCode:
    """A code; ``code_id`` is the ptce-coding id found in its description, if any;
    ``codable`` its ``isCodable`` (false: a folder of codes, or a code retired);
    ``note_guids`` the notes its ``<NoteRef>``s name (memos about the code)."""

    guid: str
    name: str
    parent_guid: str | None = None
    color: str | None = None
    description: str = ""
    code_id: str | None = None
    codable: bool = True
    note_guids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RefiSource:
    """A text source with its normalised text and its variables (name → value);
    ``description`` its ``<Description>`` (where QualCoder and NVivo keep a document's memo),
    ``note_guids`` the notes its ``<NoteRef>``s name (memos about the document)."""

    guid: str
    name: str
    text: str
    variables: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    note_guids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RefiCoding:
    """A code applied to ``text[start:end]`` of a source.

    ``user`` is the GUID of the coder (see ``RefiProject.users`` for names), ``note`` the memo
    attached to the selection or the coding, ``selection_guid`` the GUID of its selection.
    """

    source_guid: str
    start: int
    end: int
    code_guid: str
    user: str | None = None
    created_at: str | None = None
    note: str | None = None
    selection_guid: str | None = None


@dataclass(frozen=True)
class RefiCase:
    """A case, with its variables, the sources that belong to it and its ``<Description>``
    (where QualCoder keeps a case's memo)."""

    guid: str
    name: str
    variables: dict[str, Any] = field(default_factory=dict)
    source_guids: list[str] = field(default_factory=list)
    description: str = ""


@dataclass(frozen=True)
class RefiNote:
    """A project note (memo); ``user`` is the GUID of its author, when given."""

    guid: str
    name: str
    text: str
    user: str | None = None


@dataclass(frozen=True)
class RefiSet:
    """A named set of codes and sources."""

    guid: str
    name: str
    code_guids: list[str] = field(default_factory=list)
    source_guids: list[str] = field(default_factory=list)


@dataclass
class RefiProject:
    """Everything read from a .qdpx file.

    ``origin`` is the project's ``origin`` attribute as written; ``tool`` the writing tool as
    detected (``nvivo``, ``maxqda``, ``atlasti``, ``qualcoder``, ``taguette``,
    ``qualitative-coding``, ``ptce-coding`` or ``unknown``); ``offset_convention`` says how the
    file's positions were read before conversion to code points of ``RefiSource.text``.
    """

    name: str
    origin: str
    tool: str
    codes: list[RefiCode] = field(default_factory=list)
    sources: list[RefiSource] = field(default_factory=list)
    codings: list[RefiCoding] = field(default_factory=list)
    cases: list[RefiCase] = field(default_factory=list)
    users: dict[str, str] = field(default_factory=dict)
    notes: list[RefiNote] = field(default_factory=list)
    sets: list[RefiSet] = field(default_factory=list)
    description: str = ""
    offset_convention: str = ""
    warnings: list[str] = field(default_factory=list)
    # what cannot be imported: a source whose text is missing, a selection outside its text
    # or reversed, a coding of an unknown code… (an import refuses them unless told to go on)
    losses: list[str] = field(default_factory=list)
    # the notes a selection refers to, joined to the memo of its codings (``RefiCoding.note``)
    joined_notes: set[str] = field(default_factory=set)

    def code(self, guid: str) -> RefiCode:
        """The code with this GUID (KeyError when there is none)."""
        for code in self.codes:
            if code.guid == guid:
                return code
        raise KeyError(guid)

    def source(self, guid: str) -> RefiSource:
        """The source with this GUID (KeyError when there is none)."""
        for source in self.sources:
            if source.guid == guid:
                return source
        raise KeyError(guid)

    def user_name(self, guid: str | None) -> str | None:
        """The name of a user, or its GUID when the file gives no name."""
        if guid is None:
            return None
        return self.users.get(guid) or guid
