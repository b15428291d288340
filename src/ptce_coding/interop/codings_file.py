"""The codings exchange file (DESIGN.md): CSV (UTF-8, comma) or XLSX, read and every row
checked. What a row does to a coding already in the store (given back, edited, changed with
``--update``) is ``edited_codings``'s."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ptce_coding.base.cells import DECISIONS, whole_number
from ptce_coding.base.coder_selection import RESERVED_CODERS, CoderSelection, hidden_character
from ptce_coding.base.document_names import by_file_alone
from ptce_coding.base.errors import ExchangeError
from ptce_coding.base.records import STATUSES, Coding, CodingRow
from ptce_coding.base.tables import read_table, sheets_with_columns
from ptce_coding.codebook.model import Codebook, did_you_mean
from ptce_coding.interop.edited_codings import (
    CodingKey,
    changes_stored,
    coding_key,
    edited_export,
    given_as_stored,
    ids_of_another_store,
    made_by_a_person,
    row_updates,
    same_passage,
    suggestion_edited,
    tagger_row,
    without_stale_quote,
)

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
    # consensus decisions given (rows of a disagreements sheet decided), by their coder
    decided: dict[str, int] = field(default_factory=dict)


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
    another status or memo (``changes_stored``): it would be « already present » and its
    memo or status lost. With ``update``, those rows change the stored coding instead
    (``row_updates``): a person's coding only (``made_by_a_person``), by its own coder; a
    row of a tagger's coding given back as stored is passed over, an edited one refused (it
    is decided in the review): see ``edited_codings``. Without ``update``, a row of a
    tagger's coding kept under its name (pending or rejected suggestion, structural code)
    is refused (``tagger_row``). A file whose ids are another store's (a `codings export`
    of another project: ``ids_of_another_store``) is refused as a whole."""
    frame, first_row = _read_frame(path, coder)
    reader = _Reader(texts, codebook, coder, method, existing or {}, update)
    records = frame.to_dict(orient="records")
    foreign = reader.ids_of_another_store(records, first_row)
    if foreign:
        raise ExchangeError(
            f"{foreign}; nothing was imported",
            path=path,
            hint="Empty the `id` column (keep its name, or delete the column) and import "
            "again: each row is then added, or counted « already present » when this project "
            "holds its coding.",
        )
    problems: list[str] = []
    for offset, row in enumerate(records):
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
        self.held: dict[CodingKey, list[CodingRow]] = {}
        for stored_row in existing.values():
            self.held.setdefault(coding_key(stored_row), []).append(stored_row)
        # each coding the file gives (document, span, code, coder) → its first row and coding
        self.seen: dict[CodingKey, tuple[int, Coding]] = {}
        self.changed_by: dict[int, int] = {}  # stored coding's id → the row that changes it
        # a name typed (NFC) finds a document a store kept in NFD (a macOS file name)
        self.stored = {unicodedata.normalize("NFC", name): name for name in texts}
        # a document is named <case>/<file>: a file (another tool's, or made before documents
        # were named so) may name it by its file alone, which finds it when one case has it
        self.in_cases = {
            alone: held for alone, held in by_file_alone(texts).items() if alone not in self.stored
        }

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
            cases = self.in_cases.get(unicodedata.normalize("NFC", document), [])
            if len(cases) > 1:
                return (
                    f"document {document!r} is in {len(cases)} cases ({', '.join(sorted(cases))}): "
                    "write the one meant, <case>/<file> as `ptce-coding documents` lists it"
                )
            row = {**row, "document": self._document_name(document)}
        old = self._named(row)
        if old is not None and not made_by_a_person(old):
            kept_as_taggers = old.coder.lower() in RESERVED_CODERS  # not accepted by a person
            if (
                not self.update
                and kept_as_taggers
                and self._coder_of(row).lower() == old.coder.lower()
            ):
                return tagger_row(old, edited=not given_as_stored(row, old))
            if self.update and given_as_stored(row, old):
                self.found.unchanged += 1
                return ""
            if self.update:
                return suggestion_edited(old, f"its `id` names coding {old.id}, ")
        if old is not None:
            text = self.texts.get(old.document)
            row = without_stale_quote(row, old, text, self.coder, update=self.update)
        found, problem = self._codings(row)
        if problem or not found:
            return problem
        if self.update:
            adds, edits, problem = row_updates(row, found, old, self.held)
        else:
            adds, edits = found, []
            problem = edited_export(row, found, old, self.held) or changes_stored(
                row, found, self.held
            )
        problem = problem or self._keep(adds, edits, number)
        if not problem and "decision" in row:
            for coding in found:
                self.found.decided[coding.coder] = self.found.decided.get(coding.coder, 0) + 1
        return problem

    def _named(self, row: Mapping[Hashable, str]) -> CodingRow | None:
        """The stored coding the row's ``id`` names (a `codings export` sent back), if any.
        A re-assignment or disagreements sheet carries no id of the codings it gives."""
        if "former_code" in row or "decision" in row:
            return None
        coding_id = whole_number(str(row.get("id") or "x"))
        return self.existing.get(coding_id) if coding_id is not None else None

    def ids_of_another_store(self, rows: list[dict[Hashable, str]], first_row: int) -> str:
        """Why the file's `id` column is refused as a whole (its ids are another store's:
        ``ids_of_another_store``), else ""."""
        named: list[tuple[int, CodingKey, CodingRow]] = []
        for offset, row in enumerate(rows):
            old = self._named(row)
            key = self._typed_key(row)
            if old is not None and key is not None:
                named.append((first_row + offset, key, old))
        return ids_of_another_store(named, self.held)

    def _typed_key(self, row: Mapping[Hashable, str]) -> CodingKey | None:
        """The coding the row gives as typed (its first code), None when a cell is missing."""
        document = self._document_name(str(row.get("document") or "").strip())
        start, end = whole_number(str(row.get("start"))), whole_number(str(row.get("end")))
        codes = [part.strip() for part in CODE_SEPARATORS.split(str(row.get("code") or ""))]
        who = self._coder_of(row)
        if start is None or end is None or not codes[0] or not who:
            return None
        return (document, start, end, codes[0].upper(), who)

    def _document_name(self, document: str) -> str:
        """The stored name of the document a row names: itself, its NFC form, or its file
        alone when one case has that file; else as typed (refused as unknown)."""
        if document in self.texts:
            return document
        normal = unicodedata.normalize("NFC", document)
        cases = self.in_cases.get(normal, [])
        return self.stored.get(normal) or (cases[0] if len(cases) == 1 else document)

    def _coder_of(self, row: Mapping[Hashable, str]) -> str:
        """The row's coder: its `coder` cell, else --coder."""
        return (row.get("coder") or "").strip() or (self.coder or "")

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


def decisions_note(found: CodingsFile, analysis: CoderSelection) -> str:
    """What the command says of the consensus decisions a disagreements sheet gave
    (``found.decided``), given the project's ``analysis`` setting: applied, or how to apply
    them (until they are, their coder is pooled as one more coder, whose « no » removes
    nothing); "" when the file held none."""
    notes = []
    for name, count in sorted(found.decided.items()):
        given = f"{count} consensus decision(s) (rows with a `decision`) under coder {name}"
        if analysis.consensus == name:
            notes.append(
                f"{given}, the project's consensus: applied where they decide (a « no » takes "
                "out the coders' codings of its code and of the codes under it on the "
                "passage, a « yes » stands for their codings of its code)"
            )
            continue
        setting = (
            f"analysis.consensus is {analysis.consensus}, not {name}"
            if analysis.consensus
            else "no consensus is set"
        )
        notes.append(
            f"{given}: {setting}, so matrix, report, export qdpx, network, evaluate and "
            f"compare would count {name} as one more coder, and its « no » would remove "
            f"nothing. To apply them, set `analysis: {{consensus: {name}}}` in project.yaml, "
            f"or give --consensus {name} to those commands"
        )
    return "".join(f"{note}.\n" for note in notes).rstrip("\n")


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
            "taggers' names), and an import adds a person's codings. A row of a tagger in a "
            "`codings export` is a suggestion waiting for review or rejected, or a structural "
            "code: delete the row (a suggestion is decided in the review). If a person coded "
            "it, write their name in the `coder` column (or leave it empty and give --coder)"
        )
    status = (row.get("status") or "").strip().lower() or "accepted"
    if status not in STATUSES:
        return None, f"unknown status {status!r} (one of {', '.join(STATUSES)})"
    quoted = row.get("text")
    if quoted and not same_passage(quoted, text[start:end]):
        return None, (
            f"the `text` column differs from the document's text at {start}-{end}: "
            "the offsets do not point at the quoted passage" + _moved(quoted, text)
        )
    memo = (row.get("memo") or "").strip() or None
    return Coding(document, start, end, code, who, method=method, status=status, memo=memo), ""


def _first_times(
    found: list[Coding], number: int, seen: dict[CodingKey, tuple[int, Coding]]
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
