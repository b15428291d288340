"""The codings exchange file (DESIGN.md): CSV (UTF-8, comma) or XLSX."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ptce_coding.base.cells import DECISIONS, whole_number
from ptce_coding.base.coder_selection import RESERVED_CODERS, STRUCTURE_CODER, hidden_character
from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.records import STATUSES, Coding, CodingRow
from ptce_coding.base.tables import read_table, sheets_with_columns
from ptce_coding.codebook.model import Codebook, did_you_mean

EXPORT_COLUMNS = [
    "document",
    "start",
    "end",
    "code",
    "coder",
    "status",
    "memo",
    "case",
    "text",
    "method",
    "confidence",
    "evidence",
    "suggested_by",
    "reviewed_by",
    "reviewed_at",
    "id",
]  # id: what `memo add --coding` takes


def codings_table(rows: list[CodingRow]) -> pd.DataFrame:
    return pd.DataFrame([row.as_dict() for row in rows], columns=EXPORT_COLUMNS)


REQUIRED = ("document", "start", "end", "code")
# Column names a French sheet may use (compared without case), read as the exchange names
# when the exchange name itself is absent.
FRENCH_COLUMNS = {
    "codeur": "coder",
    "codeuse": "coder",
    "début": "start",
    "debut": "start",
    "fin": "end",
    "statut": "status",
    "mémo": "memo",
    "texte": "text",
}
# Several codes typed in one cell (« COOP; GOUV »): a code id never holds these.
CODE_SEPARATORS = re.compile(r"[;,\n]")
MAX_LISTED = 20


@dataclass(frozen=True)
class CodebookIds:
    """What an imported row's code is checked against: the codebook's ids, those retired,
    and each code's label to its id (to name the id when a label is typed instead)."""

    codes: set[str]
    retired: set[str] = field(default_factory=set)
    labels: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, codebook: Codebook) -> CodebookIds:
        return cls(
            codes={c.id for c in codebook.codes},
            retired={c.id for c in codebook.codes if c.retired},
            labels={c.label: c.id for c in codebook.codes if c.label},
        )


@dataclass
class CodingsFile:
    """What a codings file gives (``read_codings``): the codings to add (the store passes
    over those it holds: « already present »), and with ``update`` the stored codings to
    change, as (id, new values)."""

    codings: list[Coding] = field(default_factory=list)
    edits: list[tuple[int, Coding]] = field(default_factory=list)
    unchanged: int = 0  # rows of a tagger's coding given back as stored (with ``update``)
    undecided: list[int] = field(default_factory=list)  # disagreements rows without decision
    uncoded: list[int] = field(default_factory=list)  # rows with an empty `code` cell


def read_codings(
    path: Path,
    *,
    texts: dict[str, str],
    codebook: CodebookIds,
    coder: str | None,
    method: str = "import",
    existing: Mapping[int, CodingRow] | None = None,
    update: bool = False,
) -> CodingsFile:
    """Codings of an exchange file, every row checked; ExchangeError lists all bad rows.

    ``texts`` maps each document name to its stored text; ``codebook`` gives the codes a row
    may name (``CodebookIds``).
    A ``coder`` column, when filled, wins over ``coder``; ``status`` defaults to accepted.
    The rows of a disagreements sheet left without a decision are not imported
    (``CodingsFile.undecided``). A row with an empty ``code`` (a segment of a `segments
    export` sheet left uncoded) is not imported either (``uncoded``). A code cell may hold
    several ids (« COOP; GOUV »): one coding per id. Of a workbook, the one sheet whose first
    row names the columns is read.

    ``existing`` (the store's codings by id): without ``update``, a row of a `codings
    export` whose ``id`` names a coding of its coder that it no longer matches (code,
    passage, status or memo edited) is refused, since an import only adds codings; so is a
    row, with or without ``id``, that gives a stored coding (document, span, code, coder)
    another status or memo (``_changes_stored``): it would be « already present » and its
    memo or status lost. With ``update``, those rows change the stored coding instead
    (``_updates``): a person's coding only (``_human``), by its own coder; a row of a
    tagger's coding given back as stored is passed over, an edited one refused (it is
    decided in the review).
    """
    frame, first_row = _read_frame(path, coder)
    reader = _Reader(texts, codebook, coder, method, existing or {}, update)
    problems: list[str] = []
    for offset, row in enumerate(frame.to_dict(orient="records")):
        number = first_row + offset
        problem = reader.take(row, number)
        if problem:
            problems.append(f"row {number}: {problem}")
    if problems:
        listed = problems[:MAX_LISTED]
        more = len(problems) - len(listed)
        raise ExchangeError(
            f"{len(problems)} row(s) cannot be imported, so nothing was imported:\n  "
            + "\n  ".join(listed)
            + (f"\n  … and {more} more" if more else ""),
            path=path,
        )
    return reader.found


def _read_frame(path: Path, coder: str | None) -> tuple[pd.DataFrame, int]:
    """The file's table, its columns under their exchange names, and the file row of its
    first data row; a required column missing is refused."""
    frame, first_row = read_table(path, sheet=_codings_sheet(path))
    frame = frame.rename(
        columns={
            name: english
            for name, english in FRENCH_COLUMNS.items()
            if name in frame.columns and english not in frame.columns
        }
    )
    missing = [c for c in REQUIRED if c not in frame.columns]
    if "coder" not in frame.columns and not coder:
        missing.append("coder (or give --coder)")
    if missing:
        header = _header_row(frame, first_row)
        raise ExchangeError(
            f"missing column(s): {', '.join(missing)} (found: {', '.join(frame.columns)})"
            + (
                f"; the column names are on row {header}, under a title: the first row must "
                "hold them"
                if header
                else ""
            ),
            path=path,
            line=1,
            hint=f"Delete the row(s) above row {header} (the title) and import again."
            if header
            else "Columns: document, start, end, code, coder, and optionally status, memo.",
        )
    return frame, first_row


Key = tuple[str, int, int, str, str]  # what the store keeps one coding of (``_key``)


class _Reader:
    """One reading of a codings file, row by row: what the rows are checked against, and
    what they give so far (``found``)."""

    def __init__(
        self,
        texts: dict[str, str],
        codebook: CodebookIds,
        coder: str | None,
        method: str,
        existing: Mapping[int, CodingRow],
        update: bool,
    ) -> None:
        self.texts, self.codebook, self.coder, self.method = texts, codebook, coder, method
        self.existing, self.update = existing, update
        self.found = CodingsFile()
        self.held: dict[Key, list[CodingRow]] = {}
        for stored_row in existing.values():
            self.held.setdefault(_key(stored_row), []).append(stored_row)
        # each coding the file gives (document, span, code, coder) → its first row and coding
        self.seen: dict[Key, tuple[int, Coding]] = {}
        self.changed_by: dict[int, int] = {}  # stored coding's id → the row that changes it
        # a name typed (NFC) finds a document a store kept in NFD (a macOS file name)
        self.stored = {unicodedata.normalize("NFC", name): name for name in texts}

    def take(self, row: dict[Hashable, str], number: int) -> str:
        """Row ``number``'s codings added to ``found``; why the row is refused, else ""."""
        if not any(str(value).strip() for value in row.values()):
            return ""
        if "former_code" in row and not row["code"].strip():
            return ""  # a re-assignment sheet: this coding was not re-assigned
        if not row["code"].strip():
            if (row.get("memo") or "").strip():
                return "a memo but no code (fill the `code` cell)"
            self.found.uncoded.append(number)
            return ""  # a segment left uncoded
        if "decision" in row:  # a disagreements sheet edited at a consensus meeting
            decision = DECISIONS.get(row["decision"].strip().lower())
            if decision is None and row["decision"].strip():
                return f"decision must be yes or no, not {row['decision']!r}"
            if decision is None:  # not decided: not imported, and said
                self.found.undecided.append(number)
                return ""
            row = {**row, "status": decision}
        document = row["document"].strip()
        if document not in self.texts:
            normal = unicodedata.normalize("NFC", document)
            row = {**row, "document": self.stored.get(normal, document)}
        old = self._named(row)
        if self.update and old is not None and not _human(old):
            if _given_as_stored(row, old):
                self.found.unchanged += 1
                return ""
            return _suggestion_edited(old, f"its `id` names coding {old.id}, ")
        if old is not None:
            row = self._old_passage_quoted(row, old)
        found, problem = self._codings(row)
        if problem or not found:
            return problem
        if self.update:
            adds, edits, problem = _updates(row, found, old, self.held)
        else:
            adds, edits = found, []
            problem = _edited(row, found, old) or _changes_stored(row, found, self.held)
        return problem or self._keep(adds, edits, number)

    def _named(self, row: Mapping[Hashable, str]) -> CodingRow | None:
        """The stored coding the row's ``id`` names (a `codings export` sent back), if any.
        A re-assignment or disagreements sheet carries no id of the codings it gives."""
        if "former_code" in row or "decision" in row:
            return None
        coding_id = whole_number(str(row.get("id") or "x"))
        return self.existing.get(coding_id) if coding_id is not None else None

    def _old_passage_quoted(self, row: dict[Hashable, str], old: CodingRow) -> dict[Hashable, str]:
        """The row of ``old``'s coder without its `text` cell when that cell quotes coding
        ``old``'s passage (the coder changed the offsets and left the exported text as it
        was), or with ``update`` when the row's offsets are ``old``'s (a sheet whose passage
        edit was imported already, sent again): the offsets say the passage. Without
        ``update`` the row is then refused as an edit (``_edited``), not for its text."""
        quoted, text = row.get("text"), self.texts.get(old.document)
        span = (whole_number(str(row["start"])), whole_number(str(row["end"])))
        coder = (row.get("coder") or "").strip() or self.coder
        if (
            quoted
            and text is not None
            and coder == old.coder
            and (
                (self.update and span == (old.start, old.end))
                or _same_passage(quoted, text[old.start : old.end])
            )
        ):
            return {name: value for name, value in row.items() if name != "text"}
        return row

    def _codings(self, row: Mapping[Hashable, str]) -> tuple[list[Coding], str]:
        """The row's codings, one per code of its `code` cell, or why it is refused."""
        typed = [part.strip() for part in CODE_SEPARATORS.split(row["code"]) if part.strip()]
        found: list[Coding] = []
        book = self.codebook
        for one in typed:
            coding, problem = _coding(
                {**row, "code": one}, self.texts, book.codes, self.coder, self.method, book.retired
            )
            if coding is None:
                return [], f"{problem}{_label_hint(one, book.labels)}"
            found.append(coding)
        return found, ""

    def _keep(self, adds: list[Coding], edits: list[tuple[int, Coding]], number: int) -> str:
        """The row's codings to add and changes kept, each once: why the row is refused when
        it gives a coding an earlier row gave otherwise, or changes a coding an earlier row
        changes, else ""."""
        fresh, twice = _first_times([*adds, *(coding for _, coding in edits)], number, self.seen)
        if twice:
            return twice
        edits = [(i, coding) for i, coding in edits if any(coding is f for f in fresh)]
        for coding_id, _ in edits:
            earlier = self.changed_by.setdefault(coding_id, number)
            if earlier != number:
                return (
                    f"changes coding {coding_id}, which row {earlier} changes otherwise: keep "
                    "one of the two rows"
                )
        self.found.codings.extend(c for c in adds if any(c is f for f in fresh))
        self.found.edits.extend(edits)
        return ""


def _coding(
    row: Mapping[Hashable, str],
    texts: dict[str, str],
    codes: set[str],
    coder: str | None,
    method: str,
    retired: set[str],
) -> tuple[Coding | None, str]:
    document = row["document"].strip()
    if document not in texts:
        return None, f"unknown document {document!r} (see `ptce-coding documents`)"
    start, end = whole_number(row["start"]), whole_number(row["end"])
    if start is None or end is None:
        return None, f"start and end must be whole numbers (got {row['start']!r}, {row['end']!r})"
    text = texts[document]
    if start >= end:
        return None, f"start ({start}) must be before end ({end})"
    if not 0 <= start < end <= len(text):
        return None, (
            f"{start}-{end} falls outside document {document!r} (0-{len(text)} characters)"
        )
    code = row["code"].strip()
    if code not in codes and code.upper() in codes:
        code = code.upper()  # ids are upper case: « coop.reseau » is COOP.RESEAU
    if code not in codes:
        return None, f"unknown code {code!r}, not in the codebook{did_you_mean(code, codes)}"
    if code in retired:
        return None, f"code {code!r} is retired: it is no longer used for new codings"
    who = (row.get("coder") or "").strip() or (coder or "")
    if not who:
        return None, "no coder (fill the coder column or give --coder)"
    hidden = hidden_character(who)
    if hidden:
        return None, (
            f"coder {who!r} holds a control or invisible character ({hidden}): write the "
            "coder's name without it (retype it in the `coder` column)"
        )
    if who.lower() in RESERVED_CODERS:
        return None, (
            f"coder {who!r} is the name of a tagger ({', '.join(RESERVED_CODERS)} are the "
            "taggers' names): write the name of the person who coded in the `coder` column "
            "(or leave it empty and give --coder)"
        )
    status = (row.get("status") or "").strip().lower() or "accepted"
    if status not in STATUSES:
        return None, f"unknown status {status!r} (one of {', '.join(STATUSES)})"
    quoted = row.get("text")
    if quoted and not _same_passage(quoted, text[start:end]):
        return None, (
            f"the `text` column differs from the document's text at {start}-{end}: "
            "the offsets do not point at the quoted passage" + _moved(quoted, text)
        )
    memo = (row.get("memo") or "").strip() or None
    return Coding(document, start, end, code, who, method=method, status=status, memo=memo), ""


def _key(coding: Coding | CodingRow) -> Key:
    """What the store keeps one coding of: document, span, code and coder."""
    return (coding.document, coding.start, coding.end, coding.code, coding.coder)


def _changes_stored(
    row: Mapping[Hashable, str], found: list[Coding], held: Mapping[Key, list[CodingRow]]
) -> str:
    """Why a row that gives a stored coding again (its document, span, code and coder) with
    another status or memo is refused, else "". The store would count it « already present »
    and keep its own status and memo: the row's, edited in a file imported again, would be
    lost without a word (``--update`` applies them: ``_updates``). What a row asks is
    ``_asks_no_change``'s."""
    for coding in found:
        stored = held.get(_key(coding))
        if stored and not any(_asks_no_change(row, coding, old) for old in stored):
            return _stored_conflict(row, coding, stored[0])
    return ""


def _given_status(row: Mapping[Hashable, str]) -> bool:
    """Whether the row gives a status: a filled `status` cell, or a decision."""
    return bool((row.get("status") or "").strip()) or "decision" in row


def _spaced(memo: str | None) -> str:
    """A memo compared spaces aside (Excel may turn a line break into another)."""
    return " ".join((memo or "").split())


def _asks_no_change(row: Mapping[Hashable, str], coding: Coding, old: CodingRow) -> bool:
    """Whether row ``coding`` leaves stored coding ``old`` (the same document, span, code and
    coder) as it is. An empty `memo` or `status` cell (or no such column) asks for no
    change, and memos are compared spaces aside: a sheet without memos, or an older one,
    imported again changes nothing of a memo written since in the store."""
    memo = _spaced(coding.memo)
    return (not memo or memo == _spaced(old.memo)) and (
        not _given_status(row) or coding.status == old.status
    )


def _stored_conflict(row: Mapping[Hashable, str], coding: Coding, old: CodingRow) -> str:
    """What a row says against stored coding ``old``, what would be lost, and how to keep
    the store's or the row's."""
    memo, given_status = _spaced(coding.memo), _given_status(row)
    in_store, in_row, keep = [], [], []
    if _human(old):
        keep.append("import the file with --update (it changes the stored coding)")
    if memo and memo != _spaced(old.memo):
        in_store.append(f"memo {old.memo or ''!r}")
        in_row.append(f"memo {coding.memo!r}")
        keep.append(
            f'add its memo to coding {old.id} (`ptce-coding memo add --coding {old.id} "…"`), '
            "then copy the store's into the row"
        )
    if given_status and coding.status != old.status:
        in_store.append(f"status {old.status}")
        in_row.append(f"status {coding.status}")
    if old.method == "manual":
        keep.append(f"delete coding {old.id} in `ptce-coding serve` and import again")
    kept = " and ".join(name.split()[0] for name in in_store)  # « memo and status »
    return (
        f"already in the store as coding {old.id} ({coding.coder}'s {coding.code} at "
        f"{coding.start}-{coding.end} of {coding.document!r}) with {' and '.join(in_store)}, "
        f"the row with {' and '.join(in_row)}: an import without --update adds codings and "
        f"never changes a stored one, so the row's {kept} would be lost. To keep the store's, "
        "copy it into the row (or delete the row) and import again"
        + (f"; to keep the row's, {' or '.join(keep)}" if keep else "")
    )


def _first_times(
    found: list[Coding], number: int, seen: dict[Key, tuple[int, Coding]]
) -> tuple[list[Coding], str]:
    """The codings of row ``number`` no row before gave, and why the row is refused when it
    gives a coding again with another status or memo: the store keeps one coding of each
    document, span, code and coder, so one of the two would be lost without a word. A row
    given twice alike (a pasted row) is one coding. ``seen`` is updated."""
    fresh: list[Coding] = []
    for coding in found:
        key = (coding.document, coding.start, coding.end, coding.code, coding.coder)
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = (number, coding)
            fresh.append(coding)
        elif (earlier[1].status, earlier[1].memo or "") != (coding.status, coding.memo or ""):
            first = earlier[1]
            return [], (
                f"the same coding as row {earlier[0]} ({coding.code} at "
                f"{coding.start}-{coding.end} of {coding.document!r} by {coding.coder}) with "
                f"another status or memo (row {earlier[0]}: {first.status}, "
                f"{first.memo or ''!r}; row {number}: {coding.status}, {coding.memo or ''!r}): "
                "keep one of the two rows (merge the memos into it)"
            )
    return fresh, ""


def _required_names() -> list[set[str]]:
    """For each required column, the names it may have (its own, French ones)."""
    aliases = {english: {english} for english in REQUIRED}
    for name, english in FRENCH_COLUMNS.items():
        aliases.get(english, set()).add(name)
    return [aliases[english] for english in REQUIRED]


def _header_row(frame: pd.DataFrame, first_row: int) -> int | None:
    """The file row of the column names when a title is above them (the first rows of a
    sheet a person made: « Codages d'Alice, juin »), else None."""
    aliases = _required_names()
    for offset, row in enumerate(frame.head(MAX_LISTED).itertuples(index=False)):
        cells = {str(value).strip().lower() for value in row}
        if all(cells & names for names in aliases):
            return first_row + offset
    return None


def _label_hint(typed: str, labels: Mapping[str, str] | None) -> str:
    """« : it is the label of GOUV, write the code's id » when ``typed`` is a code's label."""
    folded = {label.casefold(): code for label, code in (labels or {}).items()}
    code = folded.get(" ".join(typed.split()).casefold())
    return f": « {typed} » is the label of {code}, write the id {code}" if code else ""


def _codings_sheet(path: Path) -> str | None:
    """Of a workbook, the one sheet whose first row names the exchange columns (a sheet of
    notes beside it is left alone); None for a CSV, or when no sheet has them (the first is
    read, and its columns are said to be missing). Codings on two sheets are refused: only one
    would be read."""
    if path.suffix.lower() != ".xlsx" or not path.is_file():
        return None
    titles = sheets_with_columns(path, _required_names())
    if len(titles) > 1:
        raise ExchangeError(
            f"{len(titles)} sheets hold codings ({', '.join(titles)}), and one sheet is read: "
            "nothing was imported",
            path=path,
            hint="Put every coding on one sheet (delete or rename the others' header row), or "
            "save each sheet as its own .xlsx file and import each.",
        )
    return titles[0] if titles else None


def _moved(quoted: str, text: str) -> str:
    """Where a quoted passage now is when it is once in ``text`` (the document was imported
    again since the sheet was written); else ""."""
    passage = quoted.strip()
    at = text.find(passage)
    if at < 0 or text.find(passage, at + 1) >= 0:
        return ""
    return (
        f" (it is now at {at}-{at + len(passage)}: the document was imported again since the "
        "file was written; export the segments or codings again and copy the codes over)"
    )


def _same_passage(quoted: str, passage: str) -> bool:
    """``quoted`` is ``passage``, spaces aside, or as a CSV saved by Excel in Windows-1252
    (French Excel's « CSV ») leaves it: « ? » for each character that code page lacks (the
    narrow no-break space of French typography, « ✓ »)."""
    if " ".join(quoted.split()) == " ".join(passage.split()):
        return True
    lossy = passage.encode("cp1252", errors="replace").decode("cp1252")
    return "?" in quoted and " ".join(quoted.split()) == " ".join(lossy.split())


def _edited(row: Mapping[Hashable, str], found: list[Coding], old: CodingRow | None) -> str:
    """Why a row of a `codings export` edited in a spreadsheet cannot come back without
    ``--update``: its ``id`` names coding ``old``, of the same coder, it no longer matches.
    An import adds codings, so the stored one would stay as it was beside the row's, against
    the coder's intent; else ""."""
    if old is None or all(coding.coder != old.coder for coding in found):
        return ""
    where = (old.document, old.start, old.end, old.code)
    same = [c for c in found if (c.document, c.start, c.end, c.code) == where]
    if same and (same[0].memo or "") == (old.memo or "").strip() and same[0].status == old.status:
        return ""
    if not _human(old):
        return _suggestion_edited(old, f"its `id` names coding {old.id}, ")
    advice = (
        "an import adds codings and never changes or removes one: to apply the row's edits "
        f"to coding {old.id}, import the file with --update; to add the row's coding beside "
        f"coding {old.id}, which stays, empty the `id` cell"
    )
    if not same:
        new = found[0]
        return (
            f"coding {old.id} is {old.code} at {old.start}-{old.end} in the store, the row "
            f"says {', '.join(c.code for c in found)} at {new.start}-{new.end}: {advice}"
        )
    return (
        f"coding {old.id} has status {old.status} and memo {old.memo or ''!r} in the "
        f"store, the row {same[0].status} and {same[0].memo or ''!r}: {advice}"
    )


# --- with --update: rows that change stored codings ----------------------------------------

# The methods of people's codings, as tagging/training_data.HUMAN_METHODS (importing it would
# load spaCy): a tagger's suggestion (rule, model) is decided in the review, not in a file.
HUMAN_METHODS = ("manual", "import")


def _human(old: CodingRow) -> bool:
    """Whether stored coding ``old`` is a person's, which a file may change: made by hand or
    imported, not a tagger's suggestion (method rule, model: even once a reviewer accepted
    it) nor a structural code of the interview guide (coder ``structure``, method import)."""
    return old.method in HUMAN_METHODS and old.coder.lower() not in RESERVED_CODERS


def _given_as_stored(row: Mapping[Hashable, str], old: CodingRow) -> bool:
    """Whether the row gives stored coding ``old`` as it is (its row of a `codings export`
    sent back unedited): the cells compared as typed, an empty `coder` or `status` cell
    taken for the stored one."""
    start, end = whole_number(str(row["start"])), whole_number(str(row["end"]))
    nfc = unicodedata.normalize
    return (
        nfc("NFC", row["document"].strip()) == nfc("NFC", old.document)
        and (start, end) == (old.start, old.end)
        and row["code"].strip().upper() == old.code.upper()
        and (row.get("coder") or "").strip() in ("", old.coder)
        and (row.get("status") or "").strip().lower() in ("", old.status)
        and ("memo" not in row or _spaced(row["memo"]) == _spaced(old.memo))
    )


def _suggestion_edited(old: CodingRow, subject: str) -> str:
    """Why a row may not change ``old``, a tagger's coding, and what to do instead;
    ``subject``: how the row came to it (« its `id` names coding 12, »)."""
    beside = (
        "; to code the passage otherwise, give the row no `id` and your name as coder: its "
        "coding is added beside"
    )
    if old.coder.lower() == STRUCTURE_CODER:
        return (
            f"{subject}a structural code of the interview guide, which `ptce-coding structure` "
            "makes from the guide: a file does not change it. Give the row the stored values "
            "back (`codings export` again) or delete the row" + beside
        )
    state = (
        "waiting for review"
        if old.status == "suggested"
        else f"{old.status} by {old.reviewed_by or old.coder} in the review"
    )
    return (
        f"{subject}a suggestion of the {old.method} tagger ({state}): a suggestion is "
        "decided in the review, not changed from a file. Review it instead (`ptce-coding "
        "review`, or `ptce-coding serve`), and give the row the stored values back "
        "(`codings export` again) or delete the row" + beside
    )


def _updates(
    row: Mapping[Hashable, str],
    found: list[Coding],
    old: CodingRow | None,
    held: Mapping[Key, list[CodingRow]],
) -> tuple[list[Coding], list[tuple[int, Coding]], str]:
    """With --update, of a row's codings: those to add (a stored one given as it is among
    them: « already present »), and the stored codings the row changes, as (id, new values);
    or why the row is refused. A row whose `id` names ``old``, a person's coding, changes
    its code, passage, status and memo (``_by_id``). A coding of a row without id that falls
    on a stored one (document, span, code, coder) gives it its filled status and memo cells."""
    adds: list[Coding] = []
    edits: list[tuple[int, Coding]] = []
    if old is not None:
        given, new, problem = _by_id(row, found, old, held)
        if problem:
            return [], [], problem
        found = [coding for coding in found if coding is not given]
        if _same_values(new, old):
            adds.append(new)
        else:
            edits.append((old.id, new))
    for coding in found:
        stored = held.get(_key(coding), [])
        if not stored or any(_asks_no_change(row, coding, s) for s in stored):
            adds.append(coding)
            continue
        people = [s for s in stored if _human(s)]
        if not people:
            return [], [], _suggestion_edited(stored[0], f"it falls on coding {stored[0].id}, ")
        if len(people) > 1:
            return (
                [],
                [],
                (
                    f"it falls on {len(people)} codings of {coding.coder} "
                    f"({', '.join(str(s.id) for s in people)}: {coding.code} at "
                    f"{coding.start}-{coding.end}): fill the `id` cell with the one to change"
                ),
            )
        memo = coding.memo or people[0].memo
        edits.append((people[0].id, _edited_values(row, coding, people[0], memo)))
    return adds, edits, ""


def _by_id(
    row: Mapping[Hashable, str],
    found: list[Coding],
    old: CodingRow,
    held: Mapping[Key, list[CodingRow]],
) -> tuple[Coding, Coding, str]:
    """Of the row's codings, the one that changes coding ``old``, which its `id` names (the
    coding of ``old``'s code, or the only one), and the new values it gives it; or why the
    row may not change it. An emptied `status` cell keeps the stored status; an emptied
    `memo` cell removes the memo (the history keeps it)."""
    target = next((c for c in found if c.code == old.code), found[0])
    problem = _not_by_id(found, old)
    if problem:
        return target, target, problem
    new = _edited_values(row, target, old, target.memo if "memo" in row else old.memo)
    twin = next((s for s in held.get(_key(new), []) if s.id != old.id), None)
    if twin is not None:
        return (
            target,
            new,
            (
                f"its `id` names coding {old.id}, which would become {new.code} at "
                f"{new.start}-{new.end}: {new.coder} has that coding already (coding {twin.id}). "
                f"Delete the row of the one to drop, or give coding {old.id} its stored code and "
                "passage back"
            ),
        )
    return target, new, ""


def _not_by_id(found: list[Coding], old: CodingRow) -> str:
    """Why the row's codings may not change coding ``old``, which its `id` names: another
    coder's, another document, or several codes none of which is ``old``'s; else ""."""
    given = found[0]
    if given.coder != old.coder:
        return (
            f"its `id` names coding {old.id}, {old.coder}'s, and its coder is {given.coder}: "
            "a coding is changed by its own coder only. Empty the `id` cell to add the row as "
            f"{given.coder}'s coding (coding {old.id} stays)"
        )
    if given.document != old.document:
        return (
            f"its `id` names coding {old.id}, of {old.document!r}, and the row says "
            f"{given.document!r}: a coding does not move to another document. Empty the `id` "
            f"cell to add the row's coding there (coding {old.id} stays)"
        )
    if len(found) > 1 and all(c.code != old.code for c in found):
        return (
            f"its `id` names coding {old.id} ({old.code}) and its `code` cell holds "
            f"{', '.join(c.code for c in found)}: write alone the code coding {old.id} is to "
            "have, and each other code on a row without `id`"
        )
    return ""


def _edited_values(
    row: Mapping[Hashable, str], coding: Coding, old: CodingRow, memo: str | None
) -> Coding:
    """Stored coding ``old`` as row ``coding`` makes it, with ``memo``: the stored status
    when the row gives none, the stored memo when the row's is the same spaces aside."""
    return replace(
        coding,
        method=old.method,
        status=coding.status if _given_status(row) else old.status,
        memo=old.memo if _spaced(memo) == _spaced(old.memo) else memo,
    )


def _same_values(new: Coding, old: CodingRow) -> bool:
    """Whether ``new`` leaves stored coding ``old`` as it is."""
    return (new.code, new.start, new.end, new.status, new.memo) == (
        old.code,
        old.start,
        old.end,
        old.status,
        old.memo,
    )
