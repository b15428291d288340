"""Rows of a codings file that fall on a tagger's coding: a suggestion of the rules or the
model (waiting for review, accepted or rejected) or a structural code of the interview guide.
A file does not change one (it is decided in the review, or made from the guide): why a row is
refused, and what to do instead."""

from __future__ import annotations

from ptce_coding.base.coder_selection import STRUCTURE_CODER
from ptce_coding.base.records import CodingRow


def suggestion_edited(old: CodingRow, subject: str) -> str:
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
    return (
        f"{subject}a suggestion of the {old.method} tagger ({_review_state(old)}): a "
        "suggestion is decided in the review, not changed from a file. Review it instead "
        "(`ptce-coding review`, or `ptce-coding serve`), and give the row the stored values "
        "back (`codings export` again) or delete the row" + beside
    )


def tagger_row(old: CodingRow, *, edited: bool) -> str:
    """Why, without ``--update``, a row whose `id` names ``old``, a tagger's coding kept under
    the tagger's name (a suggestion waiting for review or rejected, a structural code), and
    whose coder is that tagger (a `codings export` sent back) is refused; what to do. Writing
    a person's name in its `coder` cell would make a person's coding of a suggestion nobody
    accepted."""
    if old.coder.lower() == STRUCTURE_CODER:
        what = (
            f"coding {old.id}, a structural code of the interview guide (`ptce-coding "
            "structure` makes it from the guide)"
        )
        decided = "a structural code is not imported"
    else:
        what = f"coding {old.id}, a suggestion of the {old.method} tagger ({_review_state(old)})"
        decided = "a suggestion is decided in the review (`ptce-coding review` or `serve`)"
    given = "edited since" if edited else "as `codings export` wrote it"
    return (
        f"{what}, {given}: an import adds a person's codings, and {decided}. Delete the row "
        "(the coding stays in the store as it is)"
        + (
            ""
            if edited
            else ", or import the file with --update, which passes over a tagger's rows given "
            "back unedited (and applies the file's edits to people's codings)"
        )
    )


def _review_state(old: CodingRow) -> str:
    """« waiting for review », or « accepted by alice in the review »."""
    if old.status == "suggested":
        return "waiting for review"
    return f"{old.status} by {old.reviewed_by or old.coder} in the review"
