"""The rows of a codings file read one by one (``CodingsReader``): what they are checked
against (``codebook_ids.CodebookIds``, the store's codings), and what they give
(``codings_given.CodingsFile``): codings to add, stored codings to change, rows passed over.
Each row's cells are checked by ``coding_row``; what a row does to a coding already in the
store is ``edited_codings``'s; a coding two rows give, ``repeated_rows``'.

A split's re-assignment sheet (``review/split_sheet.py``: a `former_code` column) recodes: a
filled row gives the stored coding of its coder, passage and former code the row's code
(``CodingsFile.reassigned``), the coding itself, not a second one beside it. A row left empty
leaves the coding on the former code; a row whose coding has its new code already (the sheet
imported again) is passed over. A former code renamed or moved since the split is followed to
the id its codings have now (``FormerIds.split_source``; ``CodingsFile.formers_followed``);
one merged since is refused (its codings are among the merged code's).

A code id a recorded codebook change replaced (a sheet typed before a rename or merge) is
refused with what became of it (``FormerIds``); with ``follow_renames`` a row of it is read
under the code it is now, and counted (``CodingsFile.followed``). A split code, or one that
ended retired or out of the YAML, is never followed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Mapping

from ptce_coding.base.cells import DECISIONS, whole_number
from ptce_coding.base.coder_selection import RESERVED_CODERS
from ptce_coding.base.document_names import by_file_alone
from ptce_coding.base.records import Coding, CodingRow
from ptce_coding.evolution.former_ids import Fate, SplitSource
from ptce_coding.interop.codebook_ids import CodebookIds
from ptce_coding.interop.coding_row import former_code, label_hint, row_coding
from ptce_coding.interop.codings_given import CodingsFile
from ptce_coding.interop.edited_codings import (
    CodingKey,
    changes_stored,
    coding_key,
    edited_export,
    given_as_stored,
    ids_of_another_store,
    made_by_a_person,
    reassigned_values,
    row_updates,
    suggestion_edited,
    tagger_row,
    without_stale_quote,
)
from ptce_coding.interop.repeated_rows import first_times

# Several codes typed in one cell (« COOP; GOUV »): a code id never holds these.
CODE_SEPARATORS = re.compile(r"[;,\n]")


class CodingsReader:
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
        follow_renames: bool = False,
    ) -> None:
        self.texts, self.codebook, self.coder, self.method = texts, codebook, coder, method
        self.existing, self.update, self.follow = existing, update, follow_renames
        self.found = CodingsFile()
        # each former id refused: its first row (where its story is told) and its fate
        self.told: dict[str, tuple[int, Fate]] = {}
        self.following: list[Fate] = []  # the former ids the row being read follows
        # the split code the row being read names in `former_code`, when its id changed since
        self.former_source: SplitSource | None = None
        self.told_formers: dict[str, int] = {}  # former_code refused → the row that says why
        self.held: dict[CodingKey, list[CodingRow]] = {}
        for stored_row in existing.values():
            self.held.setdefault(coding_key(stored_row), []).append(stored_row)
        # each coding the file gives (document, span, code, coder) → its first row and coding
        self.seen: dict[CodingKey, tuple[int, Coding]] = {}
        self.changed_by: dict[int, int] = {}  # stored coding's id → the row that changes it
        # stored coding's id → the row of a re-assignment sheet that recodes it, its values
        self.reassigned_by: dict[int, tuple[int, Coding]] = {}
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
        self.following, self.former_source = [], None
        problem = self._take(row, number)
        if not problem:
            for fate in {fate.code: fate for fate in self.following}.values():
                self.found.followed[fate.code] = self.found.followed.get(fate.code, 0) + 1
                self.found.fates[fate.code] = fate
            source = self.former_source
            if source is not None:
                followed = self.found.formers_followed
                followed[source.code] = followed.get(source.code, 0) + 1
                self.found.split_sources[source.code] = source
        return problem

    def _take(self, row: dict[Hashable, str], number: int) -> str:
        if "former_code" in row:
            self.found.reassignment = True
            former = self._former(row)
            typed = str(row.get("former_code") or "").strip().upper()
            if former and row["code"].strip().upper() in ("", former.upper(), typed):
                # not re-assigned: the coding stays on its former code
                self.found.left[former] = self.found.left.get(former, 0) + 1
                return ""
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
        if "former_code" in row:
            return self._reassign(row, number)
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
        found, problem = self._codings(row, number, old)
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

    def _reassign(self, row: Mapping[Hashable, str], number: int) -> str:
        """Row ``number`` of a re-assignment sheet, its `code` filled: the stored coding of
        its document, passage, coder and `former_code` recoded (``found.reassigned``), or
        passed over when it has that code already; why the row is refused, else ""."""
        former = self._former(row)
        if not former:
            return (
                "its former_code cell is empty: a row of a re-assignment sheet gives a coding "
                "the sheet lists its new code. Fill former_code with the code the coding has, or "
                "import a new coding from another file"
            )
        if self.former_source is not None and not self.former_source.followable:
            return self._unfollowed_former(self.former_source, number)
        found, problem = self._codings(row, number)
        if problem or not found:
            return problem
        if len(found) > 1:
            return (
                "a coding re-assigned takes one code, and its `code` cell holds "
                f"{', '.join(c.code for c in found)}: write the one it is to have (code the "
                "passage with the others in another file, or in `ptce-coding serve`)"
            )
        coding = found[0]
        olds = self.held.get((coding.document, coding.start, coding.end, former, coding.coder))
        if not olds:
            if coding_key(coding) in self.held:  # re-assigned already: the sheet sent again
                self.found.reassigned_already[former] = (
                    self.found.reassigned_already.get(former, 0) + 1
                )
                return ""
            return (
                f"the coding it re-assigns, {coding.coder}'s {former} at {coding.start}-"
                f"{coding.end} of {coding.document!r}, is not in the store: its document, start, "
                "end, coder and former_code cells must be those the sheet was written with (or "
                f"the coding was removed, or given another code since: `ptce-coding history "
                f"--code {former}`). Empty its `code` cell to leave the row out"
            )
        old = next((o for o in olds if o.status == "accepted"), olds[0])
        values, problem = reassigned_values(row, coding, old, update=self.update)
        if problem:
            return problem
        earlier = self.reassigned_by.get(old.id)
        if earlier is not None:
            if earlier[1] == values:
                return ""  # the same row twice (pasted): one re-assignment
            return (
                f"it re-assigns coding {old.id}, which row {earlier[0]} re-assigns otherwise "
                f"({earlier[1].code}, {earlier[1].status}): keep one of the two rows"
            )
        self.reassigned_by[old.id] = (number, values)
        self.found.reassigned.append((old.id, old.code, values))
        return ""

    def _former(self, row: Mapping[Hashable, str]) -> str:
        """The code a re-assignment row's coding has (its `former_code` cell), as an id: the
        id the split code has now, when a codebook change gave it another since the split
        (``self.former_source``; a code given its old id since is another code)."""
        former = str(row.get("former_code") or "").strip()
        codes = self.codebook.codes
        source = None
        if self.codebook.former is not None and former:
            for code in dict.fromkeys((former, former.upper())):
                source = source or self.codebook.former.split_source(code)
        if source is not None:
            self.former_source = source if source.now != source.code else None
            return source.now
        return former.upper() if former not in codes and former.upper() in codes else former

    def _unfollowed_former(self, source: SplitSource, number: int) -> str:
        """Why row ``number`` cannot re-assign the coding of its `former_code` ``source``:
        a change since the split mixed its codings with another code's (a merge). Its story
        at its first row, a reference to it after."""
        first = self.told_formers.setdefault(source.code, number)
        if first != number:
            return (
                f"its former_code {source.code} cannot be followed to its codings (see row {first})"
            )
        return (
            f"its former_code {source.code} {source.story()} since the split: its codings are "
            f"among the codings of {source.now} now, which the sheet cannot tell apart, so it "
            "re-assigns none of them. Take that change back (`ptce-coding codebook undo`, the "
            "newest change first) and import the sheet again, or give each of them its new code "
            "in a `ptce-coding codings export` imported with --update"
        )

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
        # a former id is the code its codings have now: an export sent back after a rename
        # gives back the codings its ids name
        fate = self.codebook.fate(codes[0])
        code = fate.now if fate is not None and fate.usable else codes[0].upper()
        return (document, start, end, code, who)

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

    def _codings(
        self, row: Mapping[Hashable, str], number: int, named: CodingRow | None = None
    ) -> tuple[list[Coding], str]:
        """The row's codings (row ``number``), one per code of its `code` cell, or why it is
        refused; a retired code's only where the store holds them (``named``: the stored
        coding the row's `id` names). A former id is refused with what became of it, or,
        following renames, read as the code it is now (``self.following``)."""
        typed = [part.strip() for part in CODE_SEPARATORS.split(row["code"]) if part.strip()]
        found: list[Coding] = []
        book = self.codebook
        for one in typed:
            fate, code, followed = book.fate(one), one, None
            if fate is not None and fate.steps:  # not in the codebook: followed or refused
                if not (self.follow and fate.usable):
                    return [], self._refused_former(one, fate, number)
                code, followed = fate.now, fate
            coding, problem = row_coding(
                {**row, "code": code},
                self.texts,
                book.codes,
                self.coder,
                self.method,
                # a split code's refusal says what became of it (below)
                book.retired - {fate.code} if fate is not None else book.retired,
                held=self.held,
                named=named,
            )
            if coding is None:
                return [], f"{problem}{label_hint(one, book.labels)}"
            if fate is not None and not fate.steps and coding_key(coding) not in self.held:
                return [], self._refused_former(one, fate, number)  # new coding, split code
            if followed is not None:
                self.following.append(followed)
            found.append(coding)
        return found, ""

    def _refused_former(self, typed: str, fate: Fate, number: int) -> str:
        """Why row ``number``'s former id ``typed`` is refused (``former_code``): its story
        at its first row, a reference to it after."""
        first, _ = self.told.setdefault(fate.code, (number, fate))
        return former_code(typed, fate, first if first != number else None)

    def followable(self) -> dict[str, str]:
        """{former id refused: the code in use it is now}, of the ids --follow-renames would
        have followed (none when it was given)."""
        return {code: fate.now for code, (_, fate) in self.told.items() if fate.usable}

    def _keep(self, adds: list[Coding], edits: list[tuple[int, Coding]], number: int) -> str:
        """The row's codings to add and changes kept, each once: why the row is refused when
        it gives a coding an earlier row gave otherwise, or changes a coding an earlier row
        changes, else ""."""
        given = [*adds, *(coding for _, coding in edits)]
        fresh, twice = first_times(given, number, self.seen)
        if twice:
            return twice
        if len(fresh) < len(given):
            self.found.repeated.append(number)
        edits = [(i, coding) for i, coding in edits if any(coding is f for f in fresh)]
        for coding_id, _ in edits:
            earlier = self.changed_by.setdefault(coding_id, number)
            if earlier != number:
                return (
                    f"changes coding {coding_id}, which row {earlier} changes otherwise: keep "
                    "one of the two rows"
                )
        kept = [c for c in adds if any(c is f for f in fresh)]
        self.found.codings.extend(kept)
        self.found.rows.extend([number] * len(kept))
        self.found.edits.extend(edits)
        return ""
