"""`ptce-coding pseudonymise`: detect names, review them, apply the reviewed pseudonyms."""

from __future__ import annotations

from pathlib import Path

import click

from ptce_coding.app.project import Project
from ptce_coding.cli.common import cli, project_option
from ptce_coding.cli.messages import info, working
from ptce_coding.cli.options import given


@cli.command()
@click.option(
    "--review",
    "review_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the detections to this workbook (.xlsx), one row per person, organisation, "
    "place or contact detail, to keep, drop or change.",
)
@click.option(
    "--apply",
    "apply_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read this reviewed workbook and write the pseudonyms used by --anonymise exports "
    "(private/pseudonyms.csv).",
)
@click.option(
    "--names",
    "names_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The project's list of names (default: private/names.csv): name, kind[, pseudonym].",
)
@click.option("--no-model", is_flag=True, help="Lists, speaker labels and patterns only (fast).")
@project_option
def pseudonymise(
    project: Project,
    review_file: Path | None,
    apply_file: Path | None,
    names_file: Path | None,
    no_model: bool,
) -> None:
    """Find the people, organisations, places, e-mails, phones and URLs the interviews name,
    and give each one pseudonym for the whole project (« Personne 7 », or a role from
    private/names.csv). Countries and continents (« en Allemagne », « l'Europe ») place no
    pole: they are not proposed, and stay as said. Nothing is applied before review; the
    stored texts never change; exports pseudonymise with --anonymise.

    Example:

    \b
        ptce-coding pseudonymise --review private/revue.xlsx
        ptce-coding pseudonymise --apply private/revue.xlsx
        ptce-coding codings export partage.xlsx --anonymise
    """
    # imported on use, not at the top: start-up speed
    from ptce_coding.privacy.workflow import apply_review, prepare_review

    if bool(review_file) == bool(apply_file):
        raise click.UsageError("give either --review FILE.xlsx or --apply FILE.xlsx")
    if apply_file is not None:
        unused = [
            f"--{n.replace('_file', '').replace('_', '-')}" for n in given("names_file", "no_model")
        ]
        if unused:
            raise click.UsageError(
                f"{', '.join(unused)} cannot apply to --apply: the names were found when the "
                "workbook was written (--review); --apply reads its rows as reviewed"
            )
        cases: list[str] = []
        if project.store_path.exists():  # a case folder is no pseudonym of another name
            with project.open_store(create=False) as store:
                cases = list(store.cases())
        applied = apply_review(
            apply_file, private=project.private_path, outputs=project.outputs_path, cases=cases
        )
        for warning in applied.warnings:
            info(f"Warning: {warning}")
        kinds = sorted({e.kind for e in applied.entities})
        counts = ", ".join(f"{sum(e.kind == k for e in applied.entities)} {k}" for k in kinds)
        info(
            f"Wrote {len(applied.entities)} pseudonyms ({counts or 'none'}) to {applied.path}; "
            "exports with --anonymise now use them."
        )
        return
    assert review_file is not None
    project.refuse_own_file(review_file, "the review of names")
    with project.open_store(create=False) as store, working("Detecting names"):
        result = prepare_review(
            store,
            review_file,
            private=project.private_path,
            outputs=project.outputs_path,
            interviewers=project.speakers.all_interviewers(),
            use_model=not no_model,
            names_path=names_file,
            members_path=project.members_path,
        )
    for warning in result.warnings:
        info(f"Warning: {warning}")
    occurrences = sum(int(r["occurrences"]) for r in result.rows)
    persons = sum(r["kind"] == "person" for r in result.rows)
    info(
        f"Wrote {len(result.rows)} names to review ({persons} persons; {occurrences} "
        f"occurrences) to {result.path}. Keep, drop or change each row, then run "
        f"`ptce-coding pseudonymise --apply {result.path}`."
    )
