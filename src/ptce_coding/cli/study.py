"""Commands that change the shape of the study: documents remove / move, cases remove."""

from __future__ import annotations

import unicodedata

import click

from ptce_coding.app.project import Project
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.corpus import documents
from ptce_coding.cli.messages import info
from ptce_coding.codebook.model import did_you_mean
from ptce_coding.evolution.structure import apply_structure
from ptce_coding.evolution.study_shape import Change, case_change, document_change, rows_naming


def _lines(change: Change) -> list[str]:
    """What a change concerns, one line per document, for the confirmation."""
    lines = []
    if change.case is not None:
        attributes = ", ".join(f"{k}={v}" for k, v in change.case_attributes.items())
        lines.append(
            f"case {change.case}"
            + (f" ({attributes})" if attributes else "")
            + f", {change.case_memos} memo(s) on the case"
        )
    for document in change.documents:
        codings = "; ".join(
            f"{coder} {n} {status}" for (coder, status), n in document.codings.items()
        )
        lines.append(
            f"{document.name} (case {document.case}): {document.segments} segments, "
            f"{document.words} words, {sum(document.codings.values())} codings"
            + (f" ({codings})" if codings else "")
            + f", {document.memos} memo(s)"
        )
    return lines


def _confirm(question: str, change: Change, yes: bool) -> None:
    for line in _lines(change):
        info(f"  {line}")
    if not yes:
        click.confirm(question, abort=True, err=True)


@documents.command(name="remove")
@click.argument("names", nargs=-1, required=True)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@project_option
def documents_remove(project: Project, names: tuple[str, ...], yes: bool) -> None:
    """Remove documents with their segments, codings (review decisions included) and memos.

    Lists what goes and asks first. The event log keeps all of it: `ptce-coding history
    --restore EVENT` puts it back. A file left in the corpus folder is not imported again.

    Example:

    \b
        ptce-coding documents remove pole-test/essai.txt
    """

    with project.open_store(create=False) as store:
        store.command = "documents remove"
        # a name given twice is one document: counted once, removed once
        unique = list(dict.fromkeys(store.stored_document_name(name) for name in names))
        change = document_change(store, unique)
        info(
            f"Removing {len(change.documents)} document(s), {change.codings} codings and "
            f"{change.memos} memo(s):"
        )
        _confirm("Remove them?", change, yes)
        events = store.remove_documents(unique)
    for name, event in events.items():
        info(
            f"Removed {name} (event {event}: `ptce-coding history --restore {event}` puts it back)"
        )


@documents.command(name="move")
@click.argument("name")
@click.option("--case", "case", required=True, help="The case the document goes to.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@project_option
def documents_move(project: Project, name: str, case: str, yes: bool) -> None:
    """Put a document in another case: its codings, review decisions and memos follow.

    A name under the old case's folder follows too (pole-a/x.txt becomes pole-b/x.txt):
    move the file to that folder of the corpus and the next import knows it.

    Example:

    \b
        ptce-coding documents move pole-a/entretien-3.txt --case pole-b
    """

    with project.open_store(create=False) as store:
        store.command = "documents move"
        store.check_case_name(case)
        change = document_change(store, [name])
        cases = store.cases()
        if store.stored_case_name(unicodedata.normalize("NFC", case)) == change.documents[0].case:
            # said before asking, not after a yes
            raise click.ClickException(f"{change.documents[0].name} is already in case {case}")
        store.moved_name(name, case)  # a name the case has already: said before asking too
        new = store.stored_case_name(case) not in cases
        # a new case is made (deliberate), but a typo of a case's name would make one too
        close = did_you_mean(case, cases).strip()[1:-1] if new else ""  # « did you mean X? »
        said = f" (a new case{'; ' + close if close else ''})" if new else ""
        info(f"Moving to case {case}{said}:")
        _confirm(f"Move it to {case}?", change, yes)
        new_name = store.move_document(name, case)
    info(f"Moved {name} to case {case}" + (f" as {new_name}" if new_name != name else ""))
    if new_name != name and not (project.corpus_path / new_name).exists():
        info(
            f"Move the file to {project.corpus_dir}/{new_name} too, or the next import "
            "reports it as a duplicate"
        )
    old_name = change.documents[0].name
    if new_name != old_name:
        for row in rows_naming(project.documents_path, "document", [old_name]):
            info(
                f"{project.documents_file} has a row for {row}: rename it to {new_name}, or the "
                "next import leaves the document without the attributes it gives"
            )


@cli.group()
def cases() -> None:
    """The cases (poles) of the study: remove one.

    Example:

    \b
        ptce-coding cases remove pole-test
    """


@cases.command(name="remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@project_option
def cases_remove(project: Project, name: str, yes: bool) -> None:
    """Remove a case with its documents, their codings and memos, and its own memos and
    attributes (a test case that should not be in any matrix or report).

    Lists what goes and asks first; the event log keeps all of it: `ptce-coding history
    --restore EVENT` puts it back. Its interviews left in the corpus folder are not imported
    again; a new interview imported into that folder makes the case anew, and a restore then
    puts the removed documents back into it.

    Example:

    \b
        ptce-coding cases remove pole-test
    """

    with project.open_store(create=False) as store:
        store.command = "cases remove"
        change = case_change(store, name)
        info(
            f"Removing case {name}: {len(change.documents)} document(s), {change.codings} "
            f"codings and {change.memos} memo(s):"
        )
        _confirm("Remove it?", change, yes)
        event = store.remove_case(name)
    info(
        f"Removed case {name} (event {event}: `ptce-coding history --restore {event}` puts it back)"
    )


@cli.command(name="structure")
@project_option
def structure_command(project: Project) -> None:
    """The interview guide's questions as structural codes (the `structure` setting):
    Transcriber sections' topics, and the headings of text files, each covering what was
    said under it, so that `ptce-coding matrix --kind cooccurrence` or `--kind framework
    --codes STRUCT` reads what was said under each question.

    Codes the codebook lacks are appended to it under `structure.code`; the structural
    codings (coder `structure`) are replaced at each run, and only they. A document's title
    line (its first paragraph, when no speaker turn: « # Entretien avec … ») is left out: it
    names the interview, often the interviewee, not a question.

    \b
    structure:
      code: STRUCT
      topics: true
      headings: '^#+\\s*(?P<key>Question \\d+)'

    Example:

    \b
        ptce-coding structure && ptce-coding matrix --kind framework --codes STRUCT
    """

    with project.open_store(create=False) as store:
        store.command = "structure"
        run = apply_structure(project.structure, store, project.codebook_path)
    info(
        f"Structure: {run.codings} structural codings ({run.removed} earlier ones replaced), "
        f"{len(run.codes_added)} codes added to {project.codebook_file}"
    )
    for code, count in sorted(run.per_code.items()):
        info(f"  {code}: {count} document(s)")
    if run.titles:
        shown = ", ".join(run.titles[:3]) + (", …" if len(run.titles) > 3 else "")
        info(
            f"Left out: the title line of {len(run.titles)} document(s) ({shown}), which "
            "`structure.headings` matches: the first paragraph of a document, before any "
            "speaker turn, names the interview (often the interviewee), not a question of the "
            "guide"
        )
    for code, headings in run.merged.items():
        info(
            f"Warning: {code} stands for {len(headings)} different headings: "
            + "; ".join(f"« {heading} »" for heading in headings)
            + ". If they are different questions, name each one with the `key` group of "
            "`structure.headings` (such as '^#+\\s*(?P<key>Question \\d+)')."
        )
