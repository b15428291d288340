"""The codings exchange file (DESIGN.md): CSV (UTF-8, comma) or XLSX."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ptce_coding.base.cells import DECISIONS, whole_number
from ptce_coding.base.coder_selection import RESERVED_CODERS, hidden_character
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


def parse_codings(
    path: Path,
    *,
    texts: dict[str, str],
    codebook: CodebookIds,
    coder: str | None,
    method: str = "import",
    undecided: list[int] | None = None,
    uncoded: list[int] | None = None,
    existing: Mapping[int, CodingRow] | None = None,
) -> list[Coding]:
    """Codings of an exchange file, every row checked; ExchangeError lists all bad rows.

    ``texts`` maps each document name to its stored text; ``codebook`` gives the codes a row
    may name (``CodebookIds``).
    A ``coder`` column, when filled, wins over ``coder``; ``status`` defaults to accepted.
    The rows of a disagreements sheet left without a decision are not imported; their numbers
    are added to ``undecided``. A row with an empty ``code`` (a segment of a `segments export`
    sheet left uncoded) is not imported either; its number is added to ``uncoded``. A code cell
    may hold several ids (« COOP; GOUV »): one coding per id. Of a workbook, the one sheet
    whose first row names the columns is read. ``existing`` (the store's codings by id): a row
    of a `codings export` whose ``id`` names a coding of its coder that it no longer matches
    (code, passage, status or memo edited) is refused, since an import only adds codings; so
    is a row, with or without ``id``, that gives a stored coding (document, span, code,
    coder) another status or memo (``_changes_stored``): it would be « already present » and
    its memo or status lost.
    """
    codes, retired, labels = codebook.codes, codebook.retired, codebook.labels
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
    problems: list[str] = []
    codings: list[Coding] = []
    # each coding the file gives (document, span, code, coder) → its first row and coding
    seen: dict[tuple[str, int, int, str, str], tuple[int, Coding]] = {}
    held: dict[tuple[str, int, int, str, str], list[CodingRow]] = {}
    for stored_row in (existing or {}).values():
        held.setdefault(_key(stored_row), []).append(stored_row)
    # a name typed (NFC) finds a document a store kept in NFD (a macOS file name)
    stored = {unicodedata.normalize("NFC", name): name for name in texts}
    for offset, row in enumerate(frame.to_dict(orient="records")):
        number = first_row + offset
        if not any(str(value).strip() for value in row.values()):
            continue
        if "former_code" in row and not row["code"].strip():
            continue  # a re-assignment sheet: this coding was not re-assigned
        if not row["code"].strip():
            if (row.get("memo") or "").strip():
                problems.append(f"row {number}: a memo but no code (fill the `code` cell)")
            elif uncoded is not None:
                uncoded.append(number)
            continue  # a segment left uncoded
        if "decision" in row:  # a disagreements sheet edited at a consensus meeting
            decision = DECISIONS.get(row["decision"].strip().lower())
            if decision is None and row["decision"].strip():
                problems.append(
                    f"row {number}: decision must be yes or no, not {row['decision']!r}"
                )
                continue
            if decision is None:  # not decided: not imported, and said
                if undecided is not None:
                    undecided.append(number)
                continue
            row = {**row, "status": decision}
        document = row["document"].strip()
        if document not in texts:
            row = {**row, "document": stored.get(unicodedata.normalize("NFC", document), document)}
        typed = [part.strip() for part in CODE_SEPARATORS.split(row["code"]) if part.strip()]
        found: list[Coding] = []
        for one in typed:
            coding, problem = _coding({**row, "code": one}, texts, codes, coder, method, retired)
            if coding is None:
                found = []
                problems.append(f"row {number}: {problem}{_label_hint(one, labels)}")
                break
            found.append(coding)
        edited = _edited(row, found, existing or {}) or _changes_stored(row, found, held)
        if edited:
            problems.append(f"row {number}: {edited}")
            continue
        fresh, twice = _first_times(found, number, seen)
        if twice:
            problems.append(f"row {number}: {twice}")
            continue
        codings.extend(fresh)
    if problems:
        listed = problems[:MAX_LISTED]
        more = len(problems) - len(listed)
        raise ExchangeError(
            f"{len(problems)} row(s) cannot be imported, so nothing was imported:\n  "
            + "\n  ".join(listed)
            + (f"\n  … and {more} more" if more else ""),
            path=path,
        )
    return codings


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


def _key(coding: Coding | CodingRow) -> tuple[str, int, int, str, str]:
    """What the store keeps one coding of: document, span, code and coder."""
    return (coding.document, coding.start, coding.end, coding.code, coding.coder)


def _changes_stored(
    row: Mapping[Hashable, str],
    found: list[Coding],
    held: Mapping[tuple[str, int, int, str, str], list[CodingRow]],
) -> str:
    """Why a row that gives a stored coding again (its document, span, code and coder) with
    another status or memo is refused, else "". The store would count it « already present »
    and keep its own status and memo: the row's, edited in a file imported again, would be
    lost without a word. An empty `memo` or `status` cell (or no such column) asks for no
    change, and memos are compared spaces aside: a sheet without memos, or an older one,
    imported again is not refused for a memo written since in the store."""
    given_status = bool((row.get("status") or "").strip()) or "decision" in row
    for coding in found:
        stored = held.get(_key(coding))
        if not stored:
            continue
        memo = " ".join((coding.memo or "").split())
        if any(
            (not memo or memo == " ".join((old.memo or "").split()))
            and (not given_status or coding.status == old.status)
            for old in stored
        ):
            continue
        return _stored_conflict(coding, stored[0], memo, given_status)
    return ""


def _stored_conflict(coding: Coding, old: CodingRow, memo: str, given_status: bool) -> str:
    """What a row says against stored coding ``old``, what would be lost, and how to keep
    the store's or the row's."""
    in_store, in_row, keep = [], [], []
    if memo and memo != " ".join((old.memo or "").split()):
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
        f"the row with {' and '.join(in_row)}: an import adds codings and never changes a "
        f"stored one, so the row's {kept} would be lost. To keep the store's, copy it into "
        "the row (or delete the row) and import again"
        + (f"; to keep the row's, {' or '.join(keep)}" if keep else "")
    )


def _first_times(
    found: list[Coding], number: int, seen: dict[tuple[str, int, int, str, str], tuple[int, Coding]]
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


def _edited(
    row: Mapping[Hashable, str], found: list[Coding], stored: Mapping[int, CodingRow]
) -> str:
    """Why a row of a `codings export` edited in a spreadsheet cannot come back: its ``id``
    names a coding of the same coder it no longer matches. An import adds codings, so the
    stored one would stay as it was beside the row's, against the coder's intent; else ""."""
    if not found or "former_code" in row or "decision" in row:
        return ""
    coding_id = whole_number(str(row.get("id") or "x"))
    old = stored.get(coding_id) if coding_id is not None else None
    if old is None or all(coding.coder != old.coder for coding in found):
        return ""
    where = (old.document, old.start, old.end, old.code)
    same = [c for c in found if (c.document, c.start, c.end, c.code) == where]
    advice = (
        "an import adds codings and never changes or removes one: empty the `id` cell to add "
        f"the row's coding beside coding {coding_id}, which stays"
    ) + (f", or change coding {coding_id} in `ptce-coding serve`" if old.method == "manual" else "")
    if not same:
        new = found[0]
        return (
            f"coding {coding_id} is {old.code} at {old.start}-{old.end} in the store, the row "
            f"says {', '.join(c.code for c in found)} at {new.start}-{new.end}: {advice}"
        )
    if (same[0].memo or "") != (old.memo or "").strip() or same[0].status != old.status:
        return (
            f"coding {coding_id} has status {old.status} and memo {old.memo or ''!r} in the "
            f"store, the row {same[0].status} and {same[0].memo or ''!r}: {advice}"
        )
    return ""
