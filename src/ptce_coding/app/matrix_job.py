"""A matrix as `ptce-coding matrix` asks for it: the request, the segments and codings it
selects, the table and its files. Light on purpose: a matrix reads the store, never spaCy,
the models or the report's modules (`run` and `report` live in ``workflow.py``), but for the
small one that names a selection of poles in its files (``report.case_label``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ptce_coding.analysis.frames import codings_frame, segments_frame, with_attribute
from ptce_coding.analysis.matrices import (
    BASE_COLUMNS,
    STATUS_FILTERS,
    case_code_matrix,
    code_labels,
    coded_share_matrix,
    cooccurrence,
    interviewee_segments,
    share_bases,
)
from ptce_coding.analysis.quotations import framework_matrix, quotations
from ptce_coding.analysis.unread_codings import as_read, unread_shares
from ptce_coding.app.option_checks import refuse_absent_coders
from ptce_coding.base.case_choice import chosen_cases
from ptce_coding.base.cells import write_csv
from ptce_coding.base.coder_selection import RESERVED_CODERS, STRUCTURE_CODER, CoderSelection
from ptce_coding.base.errors import PtceError
from ptce_coding.base.files import MAX_NAME_BYTES, fitting_name
from ptce_coding.base.selected_codings import (
    absent_coders,
    below_decided,
    select_codings,
)
from ptce_coding.base.tables import write_xlsx
from ptce_coding.report.case_label import cases_label

if TYPE_CHECKING:
    from ptce_coding.codebook.model import Codebook
    from ptce_coding.store import Store


def _safe(name: str) -> str:
    """An attribute name as a piece of a file name."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name)


@dataclass(frozen=True)
class MatrixRequest:
    """What `ptce-coding matrix` asks for."""

    kind: str = "crosstab"  # crosstab, cooccurrence, framework
    rows: str = "case"
    value: str = "count"
    level: int | None = None
    status: str = "accepted"
    coders: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()
    selection: CoderSelection = field(default_factory=CoderSelection)  # whose coding counts
    codes: str | None = None  # id prefix
    window: int = 0
    jaccard: bool = False
    quotes: int = 2
    # the codings accepted by threshold (`review --accept-above`) counted as the tagger's
    # suggestions, as `agreement` compares them: only what a person read counts as theirs
    without_threshold: bool = False

    @property
    def name(self) -> str:
        if self.kind == "cooccurrence":
            parts = ["code-x-code", f"window{self.window}", "jaccard" if self.jaccard else "count"]
        elif self.kind == "framework":
            parts = [f"{_safe(self.rows)}-x-code", "quotations"]
        else:
            parts = [f"{_safe(self.rows)}-x-code", self.value]
        if self.level is not None:
            parts.insert(1, f"level{self.level}")
        if self.codes:
            parts.append(_safe(self.codes))
        if self.status != "accepted":
            parts.append("with-suggestions" if self.status == "all" else "suggestions-only")
        if self.selection.label:
            parts.append(self.selection.label)
        if self.without_threshold:  # never over the matrix that counts them
            parts.append("without-threshold")
        if self.cases:  # never the whole study's file (`chosen_request`: the names as stored)
            parts.append(cases_label(self.cases))
        # a long --codes prefix beside long coder and pole names: within the file system's limit
        return fitting_name("-".join(parts), MAX_NAME_BYTES - len(".xlsx"))


# The options of `matrix` that only one or two kinds read (the others ignore them).
KIND_OPTIONS: dict[str, tuple[str, ...]] = {
    "rows": ("crosstab", "framework"),
    "value": ("crosstab",),
    "window": ("cooccurrence",),
    "jaccard": ("cooccurrence",),
    "quotes": ("framework",),
}
_KIND_SHAPES = {
    "crosstab": "rows × codes",
    "cooccurrence": "code × code",
    "framework": "cases × codes, quotations in the cells",
}


def check_kind_options(kind: str, given: list[str]) -> None:
    """Options given on the command line that ``kind`` does not read are refused rather
    than ignored (`--rows speaker` on a code × code matrix)."""
    wrong = [name for name in given if kind not in KIND_OPTIONS.get(name, (kind,))]
    if not wrong:
        return
    said = ", ".join(f"--{name}" for name in wrong)
    which = "; ".join(f"--{name} is for --kind {' or '.join(KIND_OPTIONS[name])}" for name in wrong)
    verb, leave = ("does", "it") if len(wrong) == 1 else ("do", "them")
    raise PtceError(
        f"{said} {verb} not apply to --kind {kind} ({_KIND_SHAPES.get(kind, kind)})",
        hint=f"{which}. Leave {leave} out, or ask for that kind of matrix.",
    )


def selected(
    store: Store, request: MatrixRequest, *, with_text: bool | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Segments (with the rows' attribute) and codings of the request's cases, coders (and
    consensus: coder_selection.py), status;
    with their texts if asked, or by default if the request quotes them (framework)."""
    quoting = request.kind == "framework" if with_text is None else with_text
    segments = with_attribute(segments_frame(store, with_text=quoting), store, request.rows)
    codings = codings_frame(store, coders=list(request.coders) or None, with_text=quoting)
    _refuse_absent_coders(codings, request)
    if request.without_threshold:
        marks = store.threshold_acceptances()
        _refuse_none_read(codings, marks, request)
        codings = as_read(codings, marks)
    codings = select_codings(codings, request.selection, segments)
    codings = codings[codings["status"].isin(STATUS_FILTERS[request.status])]
    # a consensus « yes » on an axis adds no category beside the coders' sub-codes
    codings = below_decided(codings, request.selection.consensus, request.level)
    if request.cases:  # a pole named with a comma arrives in pieces: put back together
        cases = chosen_cases(request.cases, set(segments["case"]))
        segments = segments[segments["case"].isin(cases)]
        codings = codings[codings["case"].isin(cases)]
    return segments, codings


def _refuse_none_read(
    codings: pd.DataFrame, marks: dict[int, float], request: MatrixRequest
) -> None:
    """A coder named on the command line all of whose codings are acceptances by threshold:
    ``without_threshold`` leaves nothing of theirs, refused rather than a matrix of zeros
    (as `agreement` does not compare them)."""
    asked = tuple(n for n in (*request.coders, *request.selection.asked) if n != STRUCTURE_CODER)
    unread = [share for share in unread_shares(codings, marks, asked) if share.none_read]
    if unread:
        names = ", ".join(share.coder for share in unread)
        raise PtceError(
            f"every coding of {names} is a suggestion accepted by threshold (`review "
            "--accept-above`), not read one by one: --without-threshold leaves nothing of "
            "theirs to count",
            hint="Leave --without-threshold out to count them as their reviewer's, or leave "
            f"{names} out of the coders.",
        )


def chosen_request(store: Store, request: MatrixRequest) -> MatrixRequest:
    """``request`` with its cases as the project spells them (``case_choice.chosen_cases``: a
    pole named with a comma put back together, a name typed in another Unicode form), so
    that its file names (``MatrixRequest.name``) are those of the poles it counts; an
    unknown case is refused, with the project's cases."""
    if not request.cases:
        return request
    return replace(request, cases=tuple(chosen_cases(request.cases, store.cases())))


def _refuse_absent_coders(codings: pd.DataFrame, request: MatrixRequest) -> None:
    """A coder asked for on the command line (--coder, --coders) with no coding in the
    store: a typo or a coding not imported yet, refused rather than a matrix of zeros."""
    asked = tuple(n for n in (*request.coders, *request.selection.asked) if n != STRUCTURE_CODER)
    refuse_absent_coders(codings, asked, "the matrix would be all zeros for them")
    counted = codings[codings["status"].isin(STATUS_FILTERS[request.status])]
    absent, _ = absent_coders(counted, asked)
    if absent:  # a person's codings are accepted: `--status suggested` finds none of theirs
        theirs = sorted(set(codings.loc[codings["coder"].isin(absent), "status"]))
        raise PtceError(
            f"no {' or '.join(STATUS_FILTERS[request.status])} coding by {', '.join(absent)}: "
            "the matrix would be all zeros for them",
            hint=f"Their codings are {', '.join(theirs)} (suggestions waiting for review are "
            "the taggers': rules, model). Choose --status to match.",
        )


def selection_note(store: Store, selection: CoderSelection) -> str | None:
    """A note when project.yaml's `analysis.coders` names coders with no coding in the
    store (before they code, or a typo): what they count is nothing; and when its
    `analysis.consensus` names one (before the consensus meeting, or a typo): nothing is
    replaced, though the outputs' names and the report's cover say a consensus was applied.
    (Names given on the command line with no coding are refused: option_checks.py.)"""
    codings = codings_frame(store)
    settings = tuple(n for n in selection.coders if n not in selection.asked)
    absent, present = absent_coders(codings, settings)
    notes = []
    if absent:
        notes.append(
            f"Note: `analysis.coders` in project.yaml names {', '.join(absent)}, with no coding "
            f"in the store: nothing of theirs is counted (coders with codings: "
            f"{', '.join(present) or 'none yet'}; check the names, or import their codings)."
        )
    if selection.consensus and selection.consensus not in set(codings["coder"]):
        people = [n for n in present if n not in RESERVED_CODERS]
        notes.append(
            f"Note: `analysis.consensus` in project.yaml names {selection.consensus}, with no "
            "coding in the store: no consensus decision replaces anything yet (coders with "
            f"codings: {', '.join(people) or 'no person yet'}; check the name, or import the "
            "filled disagreements workbook with `ptce-coding codings import FILE --coder "
            f"{selection.consensus}`)."
        )
    return "\n".join(notes) or None


def build_matrix(store: Store, codebook: Codebook, request: MatrixRequest) -> pd.DataFrame:
    """The matrix a request describes. A share (--value share) is of the segments of the
    row's coded interviews, as in the report's annex, and its matrix says so: its codes are
    followed by each row's ``BASE_COLUMNS`` (interviews, coded_interviews, base_segments)."""
    segments, codings = selected(store, request)
    return matrix_of(segments, codings, codebook, request)


def matrix_of(
    segments: pd.DataFrame, codings: pd.DataFrame, codebook: Codebook, request: MatrixRequest
) -> pd.DataFrame:
    """The matrix a request describes, of the segments and codings it selected
    (``selected``)."""
    if request.kind == "cooccurrence":
        matrix = cooccurrence(
            segments,
            codings,
            codebook,
            level=request.level,
            window=request.window,
            jaccard=request.jaccard,
        )
    elif request.kind == "framework":
        if request.rows != "case":
            raise PtceError("the framework matrix has cases as rows")
        quotes = quotations(segments, codings, codebook, level=request.level)
        cases = sorted(interviewee_segments(segments)["case"].unique())
        matrix = framework_matrix(
            quotes, codebook, cases, level=request.level, per_cell=request.quotes
        )
        matrix = _not_coded_left_empty(matrix, share_bases(segments, codings, request.rows))
    elif request.kind == "crosstab" and request.value == "share":
        matrix = coded_share_matrix(
            segments, codings, codebook, rows=request.rows, level=request.level
        )
    elif request.kind == "crosstab":
        matrix = case_code_matrix(
            segments,
            codings,
            codebook,
            rows=request.rows,
            value=request.value,
            level=request.level,
        )
        matrix = _not_coded_left_empty(matrix, share_bases(segments, codings, request.rows))
    else:
        raise PtceError(f"unknown matrix kind {request.kind!r}")
    if request.codes:
        keep = [c for c in matrix.columns if c.startswith(request.codes)]
        if not keep:
            raise PtceError(
                f"no code id starts with {request.codes!r} at this level"
                + codebook.did_you_mean(request.codes),
                hint="Run `ptce-coding codebook show` to list the codes.",
            )
        matrix = matrix[keep]
        if request.kind == "cooccurrence":
            matrix = matrix.loc[keep]
    if request.kind == "crosstab" and request.value == "share":
        bases = share_bases(segments, codings, request.rows)
        matrix = pd.concat([matrix, bases.reindex(matrix.index)], axis=1)
        matrix.columns.name = "code"
    return matrix


def _not_coded_left_empty(matrix: pd.DataFrame, bases: pd.DataFrame) -> pd.DataFrame:
    """A count (presence, per1000, documents) or framework matrix with the rows none of
    whose interviews has a coding counted (``share_bases``: no coded interview, by anyone
    the selection counts) left empty, as a share matrix and the report (« non codé ») leave
    them: their 0 would read as a theme nobody spoke of. Whole numbers stay whole (« 3 »,
    not « 3.0 ») beside the empty cells."""
    uncoded = matrix.index.isin(bases.index[bases["coded_interviews"] == 0])
    if not uncoded.any():
        return matrix
    whole = matrix.dtypes.map(pd.api.types.is_integer_dtype).all()
    matrix = matrix.astype(object) if whole else matrix.copy()
    matrix.loc[uncoded, :] = float("nan")
    return matrix


def not_coded_rows(matrix: pd.DataFrame) -> list[str]:
    """The rows of a crosstab or framework matrix left empty because nothing counted codes
    their interviews (``_not_coded_left_empty``, ``coded_share_matrix``)."""
    codes = matrix[code_columns_of(matrix)]
    if codes.empty or not len(codes.columns):
        return []
    return [str(label) for label in codes.index[codes.isna().all(axis=1)]]


def code_columns_of(matrix: pd.DataFrame) -> list[str]:
    """The matrix's columns that are codes (a share matrix's bases after them left out)."""
    return [str(c) for c in matrix.columns if c not in BASE_COLUMNS]


def write_matrix(
    matrix: pd.DataFrame,
    codebook: Codebook,
    folder: Path,
    name: str,
    by_threshold: pd.DataFrame | None = None,
) -> list[Path]:
    """The matrix as CSV and as XLSX (with a sheet of code labels, and ``by_threshold``:
    how much of each cell rests on acceptances by threshold,
    ``matrix_threshold.threshold_part``, when any does)."""
    # whole numbers beside empty cells (``_not_coded_left_empty``) stay whole in the CSV:
    # an empty cell as NaN would turn their column to floats there (« 3.0 »)
    blanks = matrix.select_dtypes(include="object").columns
    as_csv = matrix.copy()
    as_csv[blanks] = as_csv[blanks].map(lambda value: pd.NA if pd.isna(value) else value)
    csv_path = write_csv(as_csv, folder / f"{name}.csv", index=True)
    sheets = {"matrix": matrix, "codes": code_labels(codebook, code_columns_of(matrix))}
    if by_threshold is not None:
        sheets["by_threshold"] = by_threshold
    xlsx_path = write_xlsx(folder / f"{name}.xlsx", sheets)
    return [csv_path, xlsx_path]


def empty_matrix_hint(store: Store, status: str, *, cells: str = "0") -> str | None:
    """Why a matrix counts nothing, and what to do, when the reason is a missing step;
    ``cells``: what its cells are (« 0 », « empty »: a crosstab's rows not coded)."""
    if store.count_codings(["accepted", "suggested"]) == 0:
        return (
            f"The store has no codings yet, so every cell is {cells}: run `ptce-coding code` "
            "for the rules' suggestions (then review them, or count them with --status all), "
            "or import codings with `ptce-coding codings import`."
        )
    if (
        status == "accepted"
        and store.count_codings(["accepted"], except_coder=STRUCTURE_CODER) == 0
    ):
        return (
            f"No coding has been accepted yet, so every cell is {cells}: review the "
            "suggestions (`ptce-coding review`), or count them with --status all."
        )
    return None


def codes_with_a_count(matrix: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The matrix as the terminal's table shows it: only its codes with a count (a column,
    and for a code × code matrix its row too, with some cell other than 0), the files and
    the machine formats keeping every code; a framework matrix (quotations) as it is."""
    if kind == "framework":
        return matrix
    codes = code_columns_of(matrix)
    counts = matrix[codes].fillna(0).astype(float)
    kept = [c for c in codes if counts[c].to_numpy().any()]
    shown = matrix[[c for c in matrix.columns if c not in codes or c in kept]]
    return shown.loc[kept] if kind == "cooccurrence" else shown
