"""Commands that make or move codings: code (rules), codings import/export."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ptce_coding.app.project import Project
from ptce_coding.base.errors import PtceError
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.import_notes import present_lines, rejected_lines, uncounted_lines
from ptce_coding.cli.messages import info, plural, progress_bar
from ptce_coding.cli.model_note import model_note
from ptce_coding.cli.options import anonymise_option, anonymised_view, coder_name
from ptce_coding.cli.run_notes import far_lines, replaced_note, threshold_lines

if TYPE_CHECKING:  # imported on use below: start-up speed
    from ptce_coding.interop.codings_given import CodingsFile
    from ptce_coding.store.recoding import Reassigned


@cli.command()
@project_option
def code(project: Project) -> None:
    """Rule-based tagging of every document: writes suggested codings (method `rule`).

    Each (segment, code) the rules find gets a confidence: the rule evidence (negated matches
    left out, each rule weighed by how its suggestions fared in review) and how close the
    segment's meaning is to the code's axis in the codebook (a sentence encoder run
    locally). Once `suggest` has trained the model on the group's coding, and while that
    coding changed little since (at most a tenth of the segments it learned from: a few
    decisions; `code` says how many, and when it was trained), the model's reading weighs each
    finding too (its evidence says « model (CODE, N coded segments): ×ratio »); without it,
    `code` says why and how many suggestions its weighing had written are written no more.
    Suggestions below `coding.min_confidence` (project.yaml, default 0.35) are not written;
    each suggestion covers the sentences that hold its evidence. A new run replaces
    the earlier rule suggestions only; manual, accepted and rejected codings are never
    touched, and a rejected suggestion is not suggested again.

    Example:

    \b
        ptce-coding code
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.app.workflow import run_rules

    book = project.load_codebook()
    with project.open_store(create=False) as store:
        store.command = "code"
        with progress_bar("Coding") as progress:
            run = run_rules(project, store, book, progress)
    info(
        f"Coded {plural(run.segments, 'segment')} of {plural(run.documents, 'document')}: "
        f"{plural(run.added, 'suggestion')} ({replaced_note(run)})"
    )
    info(
        f"Not written: {run.below_confidence} rule finding(s) under the confidence threshold "
        f"{project.coding.min_confidence:.2f} (coding.min_confidence); {run.negated} match(es) "
        "after a negation"
    )
    for line in threshold_lines(run, project.coding.min_confidence):
        info(line)
    cut = project.coding.far_closeness
    for line in far_lines(run.far(cut), cut, book.context_codes):
        info(line)
    if run.demoted:
        info(
            "Rules mostly wrong, in review or against the group's coding (their matches count "
            "less): " + ", ".join(run.demoted)
        )
    model_note(run)


@cli.group()
def codings() -> None:
    """Codings in and out as CSV/XLSX."""


@codings.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--coder", callback=coder_name, help="Coder of rows whose `coder` cell is empty.")
@click.option(
    "--update",
    is_flag=True,
    help="Apply the rows' edits to the stored codings they give (code, passage, status, memo).",
)
@click.option(
    "--follow-renames",
    is_flag=True,
    help="Import a row whose code was renamed, merged or moved since under the code it is now "
    "(each such id said).",
)
@project_option
def codings_import(
    project: Project, file: Path, coder: str | None, update: bool, follow_renames: bool
) -> None:
    """Import human codings from CSV or XLSX (document, start, end, code, coder[, status, memo]).

    Every row is checked first (document, offsets, code, status); if any row is wrong, the
    rows are listed with their numbers and nothing is imported. Rows already in the store
    are not added twice (their row numbers are said). `status` defaults to accepted. A
    coding on a passage its coder rejected as a suggestion of that code is kept, and said.
    `history --coding ID` finds the import that added a coding (its file, its codings). A
    `segments export` sheet with a `code` column comes back as is: rows left without a code
    are not imported (and counted), a cell may hold several codes (« COOP; GOUV »). French
    column names (codeur, début, fin, statut) are read too; of a workbook, the sheet with
    these columns is read.

    An import adds codings and changes none: a row that edits a stored coding is refused.
    With --update, it changes it instead: a row of a `codings export` whose `id` names a
    coding of its coder gives it its code, passage, status and memo (an empty `status` keeps
    the stored one, an empty `memo` removes it); a row without id that falls on a stored
    coding (document, passage, code, coder) gives it its filled status and memo (a changed
    decision of a disagreements sheet too). Only a person's codings change: a tagger's
    suggestion is decided in the review (its row sent back unedited is passed over). New
    rows are added; no coding is removed; all or nothing, each change in `history`. The `id`
    column names codings of the store that wrote the file: empty it in a `codings export` of
    another project (a file whose ids are another store's is refused).

    The re-assignment sheet `codebook split` writes (a `former_code` column) recodes: each
    filled row gives the stored coding its new code (the same coding, its id kept; `codebook
    undo` of the split gives it back); a row left empty keeps its coding on the retired code.
    A former_code that `codebook rename` or `move` changed since the split is followed to the
    id its codings have now, and said; one merged since is refused (its codings are among the
    merged code's).

    A code id that `codebook rename`, `merge` or `move` replaced since the sheet was typed is
    refused with what became of it; with --follow-renames its rows are imported under the
    code it is now, and each such id is said with its count. A code split since is never
    followed (which new code a passage has is a coder's choice).

    Example:

    \b
        ptce-coding codings import codages-alice.xlsx --coder alice
        ptce-coding codings export codages.xlsx   # edit it in Excel, then:
        ptce-coding codings import codages.xlsx --update
        ptce-coding codings import codages-juin.xlsx --follow-renames   # ids of June
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.app.workflow import record_codebook
    from ptce_coding.base.selected_codings import uncounted_note
    from ptce_coding.interop.codebook_ids import CodebookIds
    from ptce_coding.interop.codings_file import decisions_note, read_codings
    from ptce_coding.interop.imported_rows import present_rows, rejected_before, uncounted_rows
    from ptce_coding.interop.sheet_origin import refuse_another_projects_sheet

    book = project.load_codebook()
    with project.open_store(create=False) as store:
        store.command = "codings import"
        texts = store.document_texts()
        # a sheet written from another project whose passages do not fit: said first
        refuse_another_projects_sheet(file, texts=texts, project=project.name, store=store)
        stored = store.coding_rows(with_text=False)
        found = read_codings(
            file,
            texts=texts,
            codebook=CodebookIds.of(book, store),
            coder=coder,
            existing={row.id: row for row in stored},
            update=update,
            follow_renames=follow_renames,
        )
        given = [
            *found.codings,
            *(coding for _, coding in found.edits),
            *(coding for _, _, coding in found.reassigned),
        ]
        if coder and given and not any(c.coder == coder for c in given):
            named = sorted({c.coder for c in given})
            raise PtceError(
                f"--coder {coder} applies to no row of {file}: its `coder` column names the "
                f"coder of every row ({', '.join(named)}); nothing was imported",
                hint=f"Empty the `coder` cells of {coder}'s rows, or leave --coder out.",
            )
        # a coding added says under which codebook version it was made, as on the web page;
        # the version is recorded with the codings, in one transaction
        new = [
            replace(c, codebook_version=c.codebook_version or book.version) for c in found.codings
        ]
        # the codings added are logged with their ids and the file's name (`history --coding`)
        with store.transaction():
            if new:
                record_codebook(store, book)
            if found.reassignment:
                reassigned = store.reassign_codings(found.reassigned)
            else:
                changed = store.change_codings(found.edits) if update else {}
                done = store.added_codings(new, file.name)
        off_speech = () if found.reassignment else uncounted_rows(found, done.ids, store)
    if found.reassignment:
        for line in [*_followed_former_lines(found), *_reassign_summary(found, reassigned)]:
            info(line)
    elif update:
        unchanged = done.present + found.unchanged + len(found.edits)
        info(_update_summary(file, changed, done.added, unchanged))
    else:
        info(
            f"Imported {plural(done.added, 'coding')} from {file} ({done.present} already present)"
        )
        for line in present_lines(present_rows(found, done.ids, stored)):
            info(line)
        for line in uncounted_lines(off_speech):
            info(line)
    if not found.reassignment:
        for line in rejected_lines(rejected_before(found, done.ids, stored)):
            info(line)
    for line in _followed_lines(found):
        info(line)
    if found.repeated:
        repeated = found.repeated
        rows = ", ".join(map(str, repeated[:20])) + (" …" if len(repeated) > 20 else "")
        info(
            f"{len(repeated)} row(s) gave a coding an earlier row of the file gave alike (rows "
            f"{rows}): each such coding is imported once"
        )
    if found.uncoded:
        info(
            f"Not imported: {len(found.uncoded)} row(s) with an empty `code` cell (segments "
            "not coded)"
        )
    if found.undecided:
        undecided = found.undecided
        rows = ", ".join(map(str, undecided[:20])) + (" …" if len(undecided) > 20 else "")
        info(
            f"Not imported: {len(undecided)} row(s) without a decision (rows {rows}); fill "
            "`decision` (yes/no) and import the file again (rows already imported are not "
            "added twice)"
        )
    note = decisions_note(found, project.analysis)
    if note:
        info(note)
    imported = Counter(c.coder for c in given if c.coder not in found.decided)
    uncounted = uncounted_note(dict(imported), project.analysis)
    if uncounted:
        info(uncounted)


def _followed_lines(found: CodingsFile) -> list[str]:
    """With --follow-renames, each former id read under the code it is now: « GOUV.DELEGUEE
    → GOV.INSTANCES: 1 row (GOUV.DELEGUEE was merged into … on 7 Dec 2026 …) »."""
    if not found.followed:
        return []
    lines = [
        f"Followed {plural(len(found.followed), 'former code id')} to the code each is now "
        "(--follow-renames):"
    ]
    for old, count in sorted(found.followed.items()):
        fate = found.fates[old]
        lines.append(f"  {old} → {fate.now}: {plural(count, 'row')} ({old} {fate.story()})")
    return lines


def _followed_former_lines(found: CodingsFile) -> list[str]:
    """A re-assignment sheet whose `former_code` was renamed or moved since the split: « The
    sheet's former_code followed to the id the split code has now: COOP.LIEU → COOP.LOCAUX: 2
    rows (COOP.LIEU was renamed COOP.LOCAUX on 7 Dec 2026 (codebook rename)) »."""
    if not found.formers_followed:
        return []
    lines = ["The sheet's former_code followed to the id the split code has now:"]
    for old, count in sorted(found.formers_followed.items()):
        source = found.split_sources[old]
        lines.append(f"  {old} → {source.now}: {plural(count, 'row')} ({old} {source.story()})")
    return lines


def _reassign_summary(found: CodingsFile, done: Reassigned) -> list[str]:
    """What importing a split's re-assignment sheet did, per former code: « Re-assigned 2
    codings of GOUV.CA: GOUV.CA.SCIC 2 », the codings re-assigned already, the rows left
    empty, the codings made one with the coder's own of the new code."""
    lines = []
    for former in sorted({*(b for b, _ in done.moved), *found.reassigned_already, *found.left}):
        moved = {after: n for (before, after), n in sorted(done.moved.items()) if before == former}
        already = found.reassigned_already.get(former, 0)
        line = f"Re-assigned {plural(sum(moved.values()), 'coding')} of {former}" + (
            ": " + ", ".join(f"{code} {n}" for code, n in moved.items()) if moved else ""
        )
        notes = [f"{already} re-assigned already"] if already else []
        if moved:
            notes.append("the same codings, ids kept, given their new code: `history` lists each")
        if moved and done.undoable:
            notes.append("`codebook undo` of the split gives them back")
        lines.append(line + (f" ({'; '.join(notes)})" if notes else ""))
        left = found.left.get(former, 0)
        if left:
            lines.append(
                f"{plural(left, 'row')} with an empty `code` cell: "
                + ("its coding stays" if left == 1 else "their codings stay")
                + f" on {former}, counted under it"
            )
    if done.edited:
        fields = [name for names in done.edited.values() for name in names]
        by_field = ", ".join(
            f"{name} {fields.count(name)}" for name in ("status", "memo") if name in fields
        )
        lines.append(f"Changed {plural(len(done.edited), 'coding')} re-assigned too ({by_field})")
    if done.folded:
        lines.append(
            f"{done.folded} of them fell on a coding the coder had there already of the new "
            "code: made one, as a merge does (the other kept whole in the history"
            + ("; `codebook undo` gives it back)" if done.undoable else ")")
        )
    return lines


def _update_summary(file: Path, changed: dict[int, list[str]], added: int, given: int) -> str:
    """« Imported 1 coding from F; changed 2 codings (memo 2, status 1); 5 unchanged »:
    ``given`` counts the rows' stored codings, changed or not."""
    fields = ("code", "passage", "status", "memo")
    counts = {name: sum(name in names for names in changed.values()) for name in fields}
    by_field = ", ".join(f"{name} {n}" for name, n in counts.items() if n)
    return (
        f"Imported {plural(added, 'coding')} from {file}; changed {plural(len(changed), 'coding')}"
        + (f" ({by_field})" if by_field else "")
        + f"; {given - len(changed)} unchanged"
    )


@codings.command(name="export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--coder", "coders", multiple=True, help="Only this coder (repeat for more).")
@click.option(
    "--method",
    "methods",
    multiple=True,
    type=click.Choice(["manual", "rule", "model", "import"]),
    help="Only this method.",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(["suggested", "accepted", "rejected"]),
    help="Only this status.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write over FILE even when it holds codings not imported yet (they are lost).",
)
@anonymise_option
@project_option
def codings_export(
    project: Project,
    file: Path,
    coders: tuple[str, ...],
    methods: tuple[str, ...],
    statuses: tuple[str, ...],
    force: bool,
    anonymise: bool,
) -> None:
    """Write codings to CSV or XLSX (document, start, end, code, coder, …, text, evidence).

    An existing FILE is written over only when it holds nothing `codings import --update`
    would add or change (an earlier export left as it was, or imported since); one with
    codings typed in or edited and not imported yet, or that is no codings sheet, is left
    as it is (--force writes over it). The file is written whole or not at all.

    Example:

    \b
        ptce-coding codings export codages.xlsx --status accepted
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.base.files import note_written
    from ptce_coding.base.tables import write_table
    from ptce_coding.evolution.orphan_codes import check_orphans
    from ptce_coding.interop.codings_columns import codings_table
    from ptce_coding.interop.codings_file import EXPORTS_LEDGER, refuse_unimported_sheet

    project.refuse_own_file(file, "the codings export")
    ledger = project.cache_path / EXPORTS_LEDGER  # what the exports wrote: files.as_written
    book = project.load_codebook()
    with project.open_store(create=False) as store:
        check_orphans(store, book)
        if not force:
            importing = f"ptce-coding codings import {file} --update"
            refuse_unimported_sheet(file, store, book, importing, ledger)
        if coders:
            # imported on use, not at the top: start-up speed
            from ptce_coding.analysis.frames import codings_frame
            from ptce_coding.app.option_checks import refuse_absent_coders

            refuse_absent_coders(codings_frame(store), coders, "the file would hold none of theirs")
        rows = store.coding_rows(
            statuses=statuses or None, coders=coders or None, methods=methods or None
        )
        thresholds = store.threshold_acceptances()  # accepted by threshold, not read
        if anonymise:
            rows = anonymised_view(project, store).coding_rows(rows)
    write_table(codings_table(rows, thresholds), file, sheet="codings")
    note_written(file, ledger)
    info(f"Wrote {plural(len(rows), 'coding')} to {file}")
