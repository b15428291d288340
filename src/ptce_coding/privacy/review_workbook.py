"""The review workbook: one row per entity, filled in by the researcher before anything is
applied.

Each row shows an entity (a person with all the ways the corpus writes their name, an
organisation, a place, a contact detail), how often and in how many interviews it occurs, an
example in context, and what found it. The researcher keeps it, drops it (not a name to hide,
or wrongly detected), or changes its pseudonym (a role such as « Directrice du pôle » is
welcome), its kind or its variants (« Anne | Hurand | Anne Hurand »). Giving two rows the same
pseudonym makes them one person.

Read back, the workbook is refused, every problem listed, when a row the review wrote is no
longer there (a hidden sheet keeps their ids: the name would stay in clear, undecided), or
when a pseudonym is one of the names replaced (its own: nothing hidden; another's: the exports
would name the wrong person; the pseudonyms' checks are ``review_pseudonyms``').
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ptce_coding.base.errors import PtceError
from ptce_coding.base.files import atomic_path
from ptce_coding.base.packages import settle_package
from ptce_coding.base.tables import read_table
from ptce_coding.privacy.entity import Entity, bare_variant
from ptce_coding.privacy.file_names import file_name
from ptce_coding.privacy.mapping_file import SEPARATOR
from ptce_coding.privacy.names import KINDS, parse_kind
from ptce_coding.privacy.pseudonyms import (
    another_pole_s,
    pole_pseudonyms,
)
from ptce_coding.privacy.replacer import Replacer, occurrences
from ptce_coding.privacy.review_pseudonyms import (
    names_in_pseudonyms,
    pseudonyms_of_their_kind,
    pseudonyms_that_are_names,
)

COLUMNS = (
    "entity",
    "decision",
    "kind",
    "name",
    "pseudonym",
    "variants",
    "occurrences",
    "documents",
    "new",
    "sources",
    "example",
)
EDITABLE = ("decision", "kind", "pseudonym", "variants")
# what a decision may be written, and what it does: keep replaces the name by its pseudonym
# in the exports, drop leaves it as it is
DECISIONS = {
    "keep": True,
    "change": True,
    "changed": True,
    "remplacer": True,
    "pseudonymiser": True,
    "masquer": True,
    "cacher": True,
    "drop": False,
    "laisser": False,
    "en clair": False,
    "laisser en clair": False,
}
# words that say one thing to one reader and the other to another (« supprimer » the name
# from the exports, or the row from the review?): refused, never guessed
AMBIGUOUS = frozenset(
    {"supprimer", "effacer", "enlever", "retirer", "ignorer", "garder", "conserver"}
    | {"oui", "non", "yes", "no", "ok"}
)
CONTEXT = 45
WRITTEN = "written"  # a hidden sheet: the rows the review wrote, to notice a deleted one
HELP = [
    "How to review",
    "One row per person, organisation, place or contact detail found in the corpus.",
    "decision: keep (replace the name by its pseudonym in every anonymised export; change "
    "the pseudonym, kind or variants as you like: « change » reads as keep) or drop (leave "
    "the name as it is: not a name to hide, or wrongly detected). In French: remplacer, "
    "masquer = keep; laisser, en clair = drop. « supprimer », « non », « oui », « garder », "
    "« ignorer » are refused: they could mean either.",
    "pseudonym: change it freely; a role (« Directrice du pôle ») is fine. Two rows with the "
    "same pseudonym become one person.",
    "kind: person, organisation, place, email, phone or url. A numbered pseudonym follows "
    "a changed kind (« Personne 2 » of a row made a place becomes « Commune N »); one you "
    "wrote yourself stays.",
    f"variants: every way the name is written, separated by «{SEPARATOR.strip()}»; add a "
    "nickname or a misspelling; « re:… » is a regular expression; « context:… » a name this "
    "row holds only where the words around it say this row's kind (« Monsieur Kessler » a "
    "person, « la ville de Florence » a place): elsewhere it is the row that lists it "
    "without « context: ».",
    "new: yes when the name was not in the previous review (earlier decisions are kept).",
    "The other columns are for information and are not read back.",
    "Then: ptce-coding pseudonymise --apply THIS_FILE",
]


def review_rows(
    entities: Sequence[Entity], documents: Mapping[str, str]
) -> list[dict[str, int | str]]:
    """One row per entity: counts over the documents and an example in context."""
    found = occurrences(entities, documents)
    rows: list[dict[str, int | str]] = []
    for entity in entities:
        places = found.get(entity.id, [])
        example = ""
        if places:
            name, start, end = places[0]
            text = documents[name]
            before = " ".join(text[max(0, start - CONTEXT) : start].split())
            after = " ".join(text[end : end + CONTEXT].split())
            example = f"…{before} [{text[start:end]}] {after}… ({name})"
        files = [] if places else _file_names_of(entity, documents)
        if files:  # a name no text writes: « Ardoin » of « Jean-Luc_Ardoin_H_57_SO.TextGrid »
            example = f"(file name: {files[0]})"
        rows.append(
            {
                "entity": entity.id,
                "decision": "keep" if entity.kept else "drop",
                "kind": entity.kind,
                "name": entity.name,
                "new": "yes" if entity.new else "",
                "pseudonym": entity.pseudonym,
                "variants": SEPARATOR.join(entity.variants),
                "occurrences": len(places),
                "documents": len({p[0] for p in places}) or len(files),
                "sources": ", ".join(sorted(entity.sources)),
                "example": example,
            }
        )
    order = {kind: i for i, kind in enumerate(KINDS)}
    rows.sort(key=lambda r: (order[str(r["kind"])], -int(r["occurrences"])))
    return rows


def _file_names_of(entity: Entity, documents: Mapping[str, str]) -> list[str]:
    """The documents whose file name holds a name of ``entity`` (``file_names.file_name``)."""
    spans = Replacer([entity], safety_net=False).spans
    return [
        name for name in documents if file_name(name.split("/")[-1], spans) != name.split("/")[-1]
    ]


def write_review(rows: Sequence[Mapping[str, object]], path: Path) -> Path:
    """The workbook (.xlsx), with a drop-down for the decision; atomically, the same bytes
    from the same rows: undated (``base.packages.settle_package`` without a moment, as the
    matrices' workbooks), for its rows come from the interviews' texts and the lists of
    names, not from the codings whose last change dates the report's files."""
    if path.suffix.lower() != ".xlsx":
        raise PtceError(
            "the review file must be a workbook",
            path=path,
            hint="Give a file name ending in .xlsx.",
        )
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # a new workbook's one (active) sheet
    sheet.title = "review"
    sheet.append(list(COLUMNS))
    editable = PatternFill("solid", fgColor="FFF2CC")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        if cell.value in EDITABLE:
            cell.fill = editable
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a name is never a formula
    choice = DataValidation(type="list", formula1='"keep,drop,change"', allow_blank=False)
    sheet.add_data_validation(choice)
    choice.add(f"B2:B{max(2, len(rows) + 1)}")
    kinds = DataValidation(type="list", formula1='"' + ",".join(KINDS) + '"')
    sheet.add_data_validation(kinds)
    kinds.add(f"C2:C{max(2, len(rows) + 1)}")
    widths = {
        "entity": 8,
        "decision": 10,
        "kind": 13,
        "name": 28,
        "pseudonym": 24,
        "variants": 40,
        "occurrences": 12,
        "documents": 11,
        "new": 6,
        "sources": 18,
        "example": 90,
    }
    for number, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = widths[column]
    for cell in sheet["K"][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    notes = workbook.create_sheet("help")
    for line in HELP:
        notes.append([line])
    notes["A1"].font = Font(bold=True)
    notes.column_dimensions["A"].width = 120
    written = workbook.create_sheet(WRITTEN)
    written.sheet_state = "hidden"
    for row in rows:
        written.append([str(row["entity"]), str(row["name"])])
        for cell in written[written.max_row]:
            cell.data_type = "s"
    with atomic_path(path) as temp:
        workbook.save(temp)
        settle_package(temp, None)  # not the time of writing: the same names, same bytes
    return path


def read_review(path: Path, cases: Collection[str] = ()) -> list[Entity]:
    """The entities of a reviewed workbook, kept and dropped (``Entity.kept``); every bad row
    is reported, with its number. ``cases``: the case folders, which are no pseudonym of
    another name (``pole-a`` for ``alpha`` beside a folder ``pole-a``)."""
    frame, first_row = read_table(path)
    missing = [c for c in ("entity", *EDITABLE) if c not in frame.columns]
    if missing:
        raise PtceError(
            f"missing column(s): {', '.join(missing)}",
            path=path,
            line=1,
            hint="Review the workbook written by `pseudonymise --review`.",
        )
    problems: list[str] = []
    entities: list[Entity] = []
    for offset, row in enumerate(frame.to_dict(orient="records")):
        number = first_row + offset
        if not any(str(v).strip() for v in row.values()):
            continue
        written = " ".join(row["decision"].split()).lower()
        decision = DECISIONS.get(written)
        kind = parse_kind(row["kind"]) or (row["kind"].strip().lower() or None)
        variants = [v.strip() for v in row["variants"].split(SEPARATOR.strip()) if v.strip()]
        pseudonym = row["pseudonym"].strip()
        if decision is None:
            problems.append(_decision_problem(number, row["decision"], written))
        elif not decision:
            if variants:  # remembered, so that the next review does not ask again
                dropped = Entity(
                    row["entity"].strip() or f"R{number}",
                    kind if kind in KINDS else "person",
                    bare_variant(variants[0]),
                    variants,
                    pseudonym or "-",
                    kept=False,
                )
                entities.append(dropped)
        elif kind not in KINDS:
            problems.append(f"row {number}: kind must be one of {', '.join(KINDS)}")
        elif not pseudonym:
            problems.append(f"row {number}: a kept name needs a pseudonym")
        elif not variants:
            problems.append(f"row {number}: no variants: nothing to replace")
        else:
            entity_id = row["entity"].strip() or f"R{number}"
            name = bare_variant(variants[0])
            entities.append(Entity(entity_id, kind, name, variants, pseudonym, {"review"}))
    pseudonyms_of_their_kind(entities)
    problems += pseudonyms_that_are_names(entities)
    problems += names_in_pseudonyms(entities)
    folders = pole_pseudonyms(cases, ())
    problems += [
        f"{e.id}: the pseudonym {e.pseudonym!r} is the name of another case's folder: the "
        "exports would give that pole's name to this one; choose another"
        for e in entities
        if e.kept and another_pole_s(e.pseudonym, e.variants, folders)
    ]
    problems += _deleted_rows(
        path, {str(row["entity"]).strip() for row in frame.to_dict("records")}
    )
    if problems:
        raise PtceError(
            f"{len(problems)} row(s) to correct; nothing was applied:\n  " + "\n  ".join(problems),
            path=path,
        )
    return entities


def _decision_problem(number: int, given: object, written: str) -> str:
    """What is wrong with a decision the sheet does not read, and which words say what."""
    meaning = (
        "keep (replace the name by its pseudonym in the exports; also change, remplacer, "
        "masquer) or drop (leave the name as it is; also laisser, en clair)"
    )
    if written in AMBIGUOUS:
        return (
            f"row {number}: decision {given!r} is ambiguous (the name removed from the exports, "
            f"or the row from the review?): write {meaning}"
        )
    return f"row {number}: decision must be keep or drop, not {given!r}: {meaning}"


def _deleted_rows(path: Path, present: set[str]) -> list[str]:
    """Rows the review wrote that are no longer in the sheet: their names would stay in clear
    in the exports, undecided. (A workbook saved as CSV has no record of what was written.)"""
    if path.suffix.lower() != ".xlsx":
        return []
    workbook = load_workbook(path, read_only=True)
    try:
        if WRITTEN not in workbook.sheetnames:
            return []
        rows = list(workbook[WRITTEN].iter_rows(values_only=True))
    finally:
        workbook.close()
    gone = [
        (str(row[0]), str(row[1] or ""))
        for row in rows
        if row and row[0] and str(row[0]) not in present
    ]
    if not gone:
        return []
    listed = ", ".join(f"{entity} ({name})" for entity, name in gone[:10])
    return [
        f"{len(gone)} row(s) deleted from the sheet: {listed}{' …' if len(gone) > 10 else ''}: "
        "their names would stay as they are in the exports; put the rows back (decision drop "
        "leaves a name as it is)"
    ]
