"""What `codings import` says of a file's rows beyond its counts: the rows whose coding the
store held already, the hand codings kept on a passage their coder had rejected as a
suggestion, and those no matrix counts (interop/imported_rows.py finds them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ptce_coding.cli.messages import plural

if TYPE_CHECKING:  # start-up speed: the CLI imports this module at its start
    from ptce_coding.interop.imported_rows import PresentRows, RejectedBefore

# the rows a note names before « and N more »
ROWS_NAMED = 10
# how a stored coding came to be (``imported_rows.how_made``), as the note counts it
MADE = {
    "imported": ("imported before", "imported before"),
    "accepted suggestion": ("accepted suggestion", "accepted suggestions"),
    "manual": ("coded on the web page", "coded on the web page"),
}


def rows_named(rows: Sequence[int], shown: int = ROWS_NAMED) -> str:
    """« row 4 », « rows 3, 5, 9 », « rows 3, 4, … 12 and 3 more »: the first ``shown``."""
    if len(rows) == 1:
        return f"row {rows[0]}"
    named = ", ".join(map(str, rows[:shown]))
    more = len(rows) - shown
    return f"rows {named}" + (f" and {more} more" if more > 0 else "")


def present_lines(present: PresentRows) -> list[str]:
    """« Already present: rows 3, 4 (each gives a coding the store holds: …; 2 imported
    before) », or nothing when no row was."""
    if not present.rows:
        return []
    origins = ", ".join(
        f"{count} {MADE[name][count != 1]}"
        for name, count in sorted(present.origins.items(), key=lambda item: -item[1])
    )
    return [
        f"Already present: {rows_named(present.rows)} (each gives a coding the store holds: "
        "the same document, passage, code and coder" + (f"; {origins})" if origins else ")")
    ]


def rejected_lines(found: Sequence[RejectedBefore]) -> list[str]:
    """Each hand coding imported on a passage its coder had rejected as a suggestion of its
    code: its row, code, passage and the suggestion rejected (the first few, then how many
    more); nothing when there is none."""
    if not found:
        return []
    count = len(found)
    one = count == 1
    lines = [
        f"{plural(count, 'coding')} imported {'gives' if one else 'give'} a code to a passage "
        f"{'its' if one else 'their'} coder rejected as a suggestion of that code; the hand "
        f"{'coding is' if one else 'codings are'} kept (and the rejection stays recorded):"
    ]
    for kept in found[:ROWS_NAMED]:
        coding, suggestions = kept.coding, kept.rejected
        passages = ", ".join(f"{s.start}-{s.end} (coding {s.id})" for s in suggestions)
        taggers = " and ".join(sorted({s.method for s in suggestions}))
        lines.append(
            f"  row {kept.row}: {coding.coder}'s {coding.code} on {coding.start}-{coding.end} "
            f"of {coding.document}; {coding.coder} rejected the {taggers} "
            f"{'suggestion' if len(suggestions) == 1 else 'suggestions'} of {coding.code} on "
            f"{passages}"
        )
    if count > ROWS_NAMED:
        lines.append(f"  and {count - ROWS_NAMED} more")
    return lines


def uncounted_lines(rows: Sequence[int]) -> list[str]:
    """« rows 4, 7: … » for the codings imported on interviewer turns or title lines only,
    which no matrix counts; nothing when there is none."""
    if not rows:
        return []
    one = len(rows) == 1
    return [
        f"Counted nowhere: {rows_named(rows)} {'codes' if one else 'code'} a passage that lies "
        "only on interviewer turns or title lines; "
        f"{'its coding is' if one else 'their codings are'} kept, but no matrix, report or "
        "agreement counts the interviewer's words (`segments export` lists each segment's "
        "speaker: code the answer instead)"
    ]
