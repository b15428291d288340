"""One row of a codings file checked cell by cell (document, span, code, coder, status, quoted
text): the coding it gives, or why it is refused, in words a researcher can act on. A retired
code takes no new coding, but a row giving back a coding the store holds of it (a `codings
export` sent back, its status or memo edited) is one. A code id the codebook no longer has,
or has split, is said with what became of it (``former_code``)."""

from __future__ import annotations

from collections.abc import Container, Hashable, Mapping

from ptce_coding.base.cells import whole_number
from ptce_coding.base.coder_selection import RESERVED_CODERS, hidden_character
from ptce_coding.base.records import STATUSES, Coding, CodingRow
from ptce_coding.codebook.model import did_you_mean
from ptce_coding.evolution.former_ids import Fate
from ptce_coding.interop.edited_codings import CodingKey, coding_key, same_passage


def row_coding(
    row: Mapping[Hashable, str],
    texts: dict[str, str],
    codes: set[str],
    coder: str | None,
    method: str,
    retired: set[str],
    held: Container[CodingKey] = (),
    named: CodingRow | None = None,
) -> tuple[Coding | None, str]:
    """The coding of a row naming one code, or None and why the row is refused. A row of a
    ``retired`` code is refused unless the store holds its coding (``held``: document,
    span, code and coder); ``named``: the stored coding the row's `id` names, if any."""
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
    coding = Coding(document, start, end, code, who, method=method, status=status, memo=memo)
    if code in retired and coding_key(coding) not in held:
        return None, _retired(coding, named)
    return coding, ""


def _retired(coding: Coding, named: CodingRow | None) -> str:
    """Why a row gives a retired code a coding the store does not hold: a new one, a coding
    moved to it, or a coding of it given another passage."""
    said = f"code {coding.code!r} is retired: it is no longer used for new codings"
    if named is None or named.code != coding.code or named.coder != coding.coder:
        return said
    return (
        f"{said}, and coding {named.id} keeps its passage ({named.start}-{named.end}): give "
        "the row that passage back, or give the coding a code in use (its `code` cell) with its "
        "new passage"
    )


def label_hint(typed: str, labels: Mapping[str, str] | None) -> str:
    """« : it is the label of GOUV, write the code's id » when ``typed`` is a code's label."""
    folded = {label.casefold(): code for label, code in (labels or {}).items()}
    code = folded.get(" ".join(typed.split()).casefold())
    return f": « {typed} » is the label of {code}, write the id {code}" if code else ""


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


def former_code(typed: str, fate: Fate, first_row: int | None = None) -> str:
    """Why a row's code ``typed`` is refused when it is an id a recorded codebook change
    replaced or split (``fate``): what became of it, and what to do. An id followed to a
    code in use is refused only without --follow-renames. ``first_row``: an earlier row
    told the id's story already."""
    said = (
        f"unknown code {typed!r}, not in the codebook"
        if fate.steps
        else f"code {typed!r} is retired"
    )
    if first_row is not None:
        if fate.usable:
            return f"{said}: it is {fate.now} now (see row {first_row})"
        return f"{said}: it cannot be followed to one code in use (see row {first_row})"
    story = f"{said}: {fate.code} {fate.story()}"
    if fate.usable:  # what to do is said once, under the rows (codings_file.read_codings)
        return story
    if fate.split_into:
        return (
            f"{story}: which of them a passage has is a coder's choice, so the id cannot be "
            "followed (not even with --follow-renames). Write the one meant in the row's "
            f"`code` cell (the store's codings of {fate.now} are re-assigned with the sheet "
            "`codebook split` wrote)"
        )
    return (
        f"{story}, so it takes no new coding and cannot be followed (not even with "
        "--follow-renames). Write a code in use in the row's `code` cell (`ptce-coding "
        "codebook show`)"
    )
