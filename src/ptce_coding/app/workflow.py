"""The whole job on a project: import what is new, code with the rules, write the matrices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ptce_coding.analysis.frames import codings_frame, segments_frame, with_attribute
from ptce_coding.analysis.matrices import (
    STATUS_FILTERS,
    case_code_matrix,
    code_labels,
    cooccurrence,
    interviewee_segments,
)
from ptce_coding.analysis.quotations import framework_matrix, quotations
from ptce_coding.app.project import Project
from ptce_coding.base.coder_selection import STRUCTURE_CODER, CoderSelection
from ptce_coding.base.errors import PtceError
from ptce_coding.base.language import DocCache, load_pipeline
from ptce_coding.base.selected_codings import select_codings
from ptce_coding.base.tables import write_xlsx
from ptce_coding.codebook.model import Codebook
from ptce_coding.corpus.importer import ImportReport, import_paths
from ptce_coding.store import Store
from ptce_coding.tagging.relevance import rule_records
from ptce_coding.tagging.rule_coding import RuleRun, Scoring, code_with_rules
from ptce_coding.tagging.rules import RuleTagger
from ptce_coding.tagging.training_data import HUMAN_METHODS, human_coded_documents


def record_codebook(store: Store, codebook: Codebook) -> None:
    content = Path(codebook.path).read_text(encoding="utf-8") if codebook.path else ""
    with store.transaction():
        store.record_codebook(codebook.version, codebook.name, content)


def human_coding(store: Store) -> dict[str, tuple[int, list[tuple[str, int, int]]]]:
    """Per human-coded document: where its coded part ends and its codings (code, start, end),
    to measure how each rule agrees with the group's coding."""
    rows = store.coding_rows(statuses=["accepted"], methods=list(HUMAN_METHODS), with_text=False)
    ends = human_coded_documents(rows)
    spans: dict[str, list[tuple[str, int, int]]] = {}
    for row in rows:
        spans.setdefault(row["document"], []).append((row["code"], row["start"], row["end"]))
    return {document: (end, spans[document]) for document, end in ends.items()}


def run_rules(
    project: Project,
    store: Store,
    codebook: Codebook,
    progress: Callable[[int, int], None] | None = None,
) -> RuleRun:
    nlp = load_pipeline()
    tagger = RuleTagger(codebook, nlp)
    cache = DocCache(project.cache_path / "docs", nlp)
    record_codebook(store, codebook)
    scoring = Scoring(
        min_confidence=project.min_confidence,
        sentence_vectors=project.model_sentence_vectors,
        vectors_folder=project.cache_path / "vectors",
        records=rule_records(store.coding_rows(methods=["rule"], with_text=False)),
        human=human_coding(store),
    )
    return code_with_rules(
        store,
        codebook,
        tagger,
        cache,
        interviewer_turns=project.code_interviewer_turns,
        progress=progress,
        scoring=scoring,
    )


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
        return "-".join(parts)


def selected(
    store: Store, request: MatrixRequest, *, with_text: bool | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Segments (with the rows' attribute) and codings of the request's cases, coders (and
    consensus: coder_selection.py), status;
    with their texts if asked, or by default if the request quotes them (framework)."""
    quoting = request.kind == "framework" if with_text is None else with_text
    segments = with_attribute(segments_frame(store, with_text=quoting), store, request.rows)
    codings = codings_frame(store, coders=list(request.coders) or None, with_text=quoting)
    codings = select_codings(codings, request.selection)
    codings = codings[codings["status"].isin(STATUS_FILTERS[request.status])]
    if request.cases:
        unknown = sorted(set(request.cases) - set(segments["case"]))
        if unknown:
            raise PtceError(f"unknown case(s): {', '.join(unknown)}")
        segments = segments[segments["case"].isin(request.cases)]
        codings = codings[codings["case"].isin(request.cases)]
    return segments, codings


def build_matrix(store: Store, codebook: Codebook, request: MatrixRequest) -> pd.DataFrame:
    """The matrix a request describes."""
    segments, codings = selected(store, request)
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
    elif request.kind == "crosstab":
        matrix = case_code_matrix(
            segments,
            codings,
            codebook,
            rows=request.rows,
            value=request.value,
            level=request.level,
        )
    else:
        raise PtceError(f"unknown matrix kind {request.kind!r}")
    if request.codes:
        keep = [c for c in matrix.columns if c.startswith(request.codes)]
        if not keep:
            raise PtceError(f"no code id starts with {request.codes!r} at this level")
        matrix = matrix[keep]
        if request.kind == "cooccurrence":
            matrix = matrix.loc[keep]
    return matrix


def write_matrix(matrix: pd.DataFrame, codebook: Codebook, folder: Path, name: str) -> list[Path]:
    """The matrix as CSV and as XLSX (with a sheet of code labels)."""
    from ptce_coding.base.cells import write_csv

    csv_path = write_csv(matrix, folder / f"{name}.csv", index=True)
    xlsx_path = write_xlsx(
        folder / f"{name}.xlsx",
        {"matrix": matrix, "codes": code_labels(codebook, [str(c) for c in matrix.columns])},
    )
    return [csv_path, xlsx_path]


SUGGESTIONS_COUNTED = (
    "No coding has been accepted yet: the report counts the rules' suggestions, and says so on "
    "its cover."
)


def counts_suggestions(store: Store, asked: bool) -> bool:
    """One rule for `run` and `report`: unreviewed suggestions are counted when asked
    (--include-suggestions), and always while no coding has been accepted (the report would
    be empty; the interview's structural codes, which no one coded, do not count); the
    report's cover says so."""
    return asked or store.count_codings(["accepted"], except_coder=STRUCTURE_CODER) == 0


def empty_matrix_hint(store: Store, status: str) -> str | None:
    """Why a matrix is all zeros, and what to do, when the reason is a missing step."""
    if store.count_codings(["accepted", "suggested"]) == 0:
        return (
            "The store has no codings yet, so every cell is 0: run `ptce-coding code` for the "
            "rules' suggestions (then review them, or count them with --status all), or import "
            "codings with `ptce-coding codings import`."
        )
    if (
        status == "accepted"
        and store.count_codings(["accepted"], except_coder=STRUCTURE_CODER) == 0
    ):
        return (
            "No coding has been accepted yet, so every cell is 0: review the suggestions "
            "(`ptce-coding review`), or count them with --status all."
        )
    return None


@dataclass
class RunReport:
    imported: ImportReport
    rules: RuleRun
    matrices: list[Path] = field(default_factory=list)


def run_project(
    project: Project, store: Store, progress: Callable[[int, int], None] | None = None
) -> RunReport:
    """`ptce-coding run`: corpus/ → store → rule suggestions → case × code matrices."""
    codebook = project.load_codebook()
    imported = import_paths(project, store, [project.corpus_path], progress=progress)
    rules = run_rules(project, store, codebook, progress)
    folder = project.outputs_path / "matrices"
    written: list[Path] = []
    for status in ("accepted", "all"):
        for level in (1, None):
            for value in ("count", "share"):
                request = MatrixRequest(
                    value=value, level=level, status=status, selection=project.analysis
                )
                matrix = build_matrix(store, codebook, request)
                written.extend(write_matrix(matrix, codebook, folder, request.name))
    return RunReport(imported, rules, written)
