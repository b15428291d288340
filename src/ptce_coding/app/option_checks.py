"""What a command's options name exists: coders with codings (--coders, --coder,
--consensus), suggestions among the codings counted (--include-suggestions), documents
(--document). A name of nothing is refused with what there is, rather than an output of
zeros, or one that says it counts what it does not."""

from __future__ import annotations

import difflib

import pandas as pd

from ptce_coding.analysis.frames import codings_frame
from ptce_coding.base.coder_selection import (
    RESERVED_CODERS,
    STRUCTURE_CODER,
    CoderSelection,
)
from ptce_coding.base.errors import PtceError
from ptce_coding.base.selected_codings import absent_coders, select_codings
from ptce_coding.evolution.memos import nearest_document
from ptce_coding.store import Store


def refuse_absent_coders(codings: pd.DataFrame, asked: tuple[str, ...], what: str) -> None:
    """Coders named on the command line with no coding in ``codings`` (every coder's): a typo
    or codings not imported yet; ``what`` says what counting them would give."""
    absent, present = absent_coders(codings, asked)
    if absent:
        raise PtceError(
            f"no coding by {', '.join(absent)} in the store: {what}",
            hint=f"Coders with codings: {', '.join(present) or '(none yet)'}. Give one of them "
            "(or import the codings first: `ptce-coding codings import FILE --coder NAME`).",
        )


def check_selection(store: Store, selection: CoderSelection, consensus_asked: bool = False) -> None:
    """`--coders` naming a coder with no coding in the store is refused, for every command
    that takes it (report, network, compare, exports, evaluate), as for `matrix`; and
    `--consensus` (``consensus_asked``) naming one: no decision of theirs would replace
    anything, yet the outputs would say a consensus was applied."""
    asked = tuple(n for n in selection.asked if n != STRUCTURE_CODER)
    if asked:
        refuse_absent_coders(codings_frame(store), asked, "nothing of theirs would be counted")
    if consensus_asked and selection.consensus:
        refuse_absent_consensus(codings_frame(store), selection)


def refuse_absent_consensus(codings: pd.DataFrame, selection: CoderSelection) -> None:
    """A consensus (--consensus) with no coding in the store: no decision of theirs would
    replace anything, yet the outputs would say a consensus was applied. The hint offers
    people only, the nearest name first: a consensus is a group's decision, never a tagger's
    (``rules``, ``model``), which stay candidates for --coders."""
    name = selection.consensus
    present = set(codings["coder"])
    if not name or name in present:
        return
    people = sorted(present - set(RESERVED_CODERS))
    close = difflib.get_close_matches(name, people, n=1)
    taggers = sorted(present & set(RESERVED_CODERS))
    left_out = f" (not {', '.join(taggers)}: a tagger cannot be the consensus)" if taggers else ""
    raise PtceError(
        f"no coding by {name} in the store: as the consensus, no decision of theirs would "
        "replace any coding" + (f" (did you mean {close[0]}?)" if close else ""),
        hint=f"Coders with codings: {', '.join(people) or '(no person yet)'}{left_out}. The "
        "consensus is the filled disagreements workbook (`ptce-coding agreement --coders A,B "
        "--disagreements desaccords.xlsx`), imported with `ptce-coding codings import "
        "desaccords.xlsx --coder consensus`; until then, leave --consensus out or give "
        "--consensus none.",
    )


def check_suggestions_counted(
    store: Store, selection: CoderSelection, option: str, instead: str
) -> None:
    """Suggestions asked for on the command line (``option``: --include-suggestions,
    --status all) while the coders counted have none: the suggestions waiting for review are
    the taggers' (rules, model), which a selection leaves out unless it names them; refused
    rather than an output that says it counts suggestions and counts none (``instead``: what
    else the user can do)."""
    if not selection.coders:
        return
    codings = codings_frame(store)
    waiting = codings[codings["status"] == "suggested"]
    if waiting.empty or (select_codings(codings, selection)["status"] == "suggested").any():
        return
    whose = sorted(set(waiting["coder"]))
    source = "" if selection.asked else " (analysis.coders in project.yaml)"
    raise PtceError(
        f"{option} would count no suggestion: no coding of {', '.join(selection.coders)}"
        f"{source} is a suggestion (those waiting for review are by {', '.join(whose)})",
        hint=f"Name the tagger among the coders (--coders {','.join(selection.coders)},"
        f"{whose[0]}), or {instead}.",
    )


def stored_documents(store: Store, names: tuple[str, ...]) -> tuple[str, ...]:
    """Document names given on the command line (--document), as the store spells them; a
    name of no document is refused, with the nearest names, rather than match nothing."""
    known = sorted(row.document for row in store.document_rows())
    spelled = tuple(store.stored_document_name(name) for name in names)
    unknown = [name for name in spelled if name not in known]
    if unknown:
        raise PtceError(
            f"no document {', '.join(repr(n) for n in unknown)} in this project"
            + nearest_document(unknown[0], known),
            hint="`ptce-coding documents` lists the documents (give the name it shows, with "
            "its case folder: pole-a/entretien-1.txt).",
        )
    return spelled
