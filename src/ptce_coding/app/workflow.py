"""The whole job on a project: import what is new, code with the rules, write the matrices,
the cooperation networks and the report (`ptce-coding run`); and the report alone
(`ptce-coding report`). The CLI only calls these and prints what they return."""

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
from ptce_coding.analysis.synthesis_data import synthesis_data
from ptce_coding.app.option_checks import refuse_absent_coders
from ptce_coding.app.project import Project
from ptce_coding.base.case_choice import chosen_cases
from ptce_coding.base.cells import write_csv
from ptce_coding.base.coder_selection import RESERVED_CODERS, STRUCTURE_CODER, CoderSelection
from ptce_coding.base.errors import PtceError
from ptce_coding.base.language import DocCache, load_pipeline
from ptce_coding.base.selected_codings import absent_coders, select_codings
from ptce_coding.base.tables import write_xlsx
from ptce_coding.codebook.model import Codebook
from ptce_coding.corpus.importer import ImportReport, import_paths
from ptce_coding.network.assemble import NetworkResult, network_if_listed, write_network
from ptce_coding.privacy.apply import load_view
from ptce_coding.report.choices import DEFAULT_TITLE, ReportChoices
from ptce_coding.report.publish import ReportFiles, write_report
from ptce_coding.report.synthesis import Synthesis
from ptce_coding.store import Store
from ptce_coding.tagging.classifier_coding import current_model_view
from ptce_coding.tagging.model_evidence import ModelView
from ptce_coding.tagging.relevance import rule_records
from ptce_coding.tagging.rule_coding import RuleRun, Scoring, code_with_rules
from ptce_coding.tagging.rules import RuleTagger
from ptce_coding.tagging.training_data import HUMAN_METHODS, human_spans


def record_codebook(store: Store, codebook: Codebook) -> None:
    content = Path(codebook.path).read_text(encoding="utf-8") if codebook.path else ""
    with store.transaction():
        store.record_codebook(codebook.version, codebook.name, content)


def human_coding(store: Store) -> dict[str, tuple[int, list[tuple[str, int, int]]]]:
    """Per human-coded document: where its coded part ends and its codings (code, start, end),
    to measure how each rule agrees with the group's coding."""
    rows = store.coding_rows(statuses=["accepted"], methods=list(HUMAN_METHODS), with_text=False)
    return human_spans(rows)


def run_rules(
    project: Project,
    store: Store,
    codebook: Codebook,
    progress: Callable[[int, int], None] | None = None,
    model: ModelView | None = None,
) -> RuleRun:
    """The rules on every document (`code`). Each finding's confidence is weighed with the
    reading of the assisted tagger (``model``, else the one `suggest` saved if it was trained
    on the present coding: ``RuleRun.model_state`` says which)."""
    record_codebook(store, codebook)  # a write first: a locked store is said before spaCy loads
    nlp = load_pipeline()
    tagger = RuleTagger(codebook, nlp)
    cache = DocCache(project.cache_path / "docs", nlp)
    state = "given" if model is not None else "none"
    if model is None and (project.cache_path / "model" / "meta.json").is_file():
        model = current_model_view(
            store, codebook, project.model_settings(), project.coding, project.cache_path
        )
        state = "saved" if model is not None else "earlier"
    scoring = Scoring(
        min_confidence=project.coding.min_confidence,
        sentence_vectors=project.coding.sentence_vectors,
        vectors_folder=project.cache_path / "vectors",
        records=rule_records(store.coding_rows(methods=["rule"], with_text=False)),
        human=human_coding(store),
        model=model,
    )
    run = code_with_rules(
        store,
        codebook,
        tagger,
        cache,
        interviewer_turns=project.coding.interviewer_turns,
        progress=progress,
        scoring=scoring,
    )
    run.model_state = state
    return run


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
    codings = select_codings(codings, request.selection)
    codings = codings[codings["status"].isin(STATUS_FILTERS[request.status])]
    if request.cases:  # a pole named with a comma arrives in pieces: put back together
        cases = chosen_cases(request.cases, set(segments["case"]))
        segments = segments[segments["case"].isin(cases)]
        codings = codings[codings["case"].isin(cases)]
    return segments, codings


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
            raise PtceError(
                f"no code id starts with {request.codes!r} at this level"
                + codebook.did_you_mean(request.codes),
                hint="Run `ptce-coding codebook show` to list the codes.",
            )
        matrix = matrix[keep]
        if request.kind == "cooccurrence":
            matrix = matrix.loc[keep]
    return matrix


def write_matrix(matrix: pd.DataFrame, codebook: Codebook, folder: Path, name: str) -> list[Path]:
    """The matrix as CSV and as XLSX (with a sheet of code labels)."""
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
NOTHING_CODED = (
    "Nothing is coded yet, not even by the rules: the report describes the corpus only. Run "
    "`ptce-coding code` for the rules' suggestions, or import codings "
    "(`ptce-coding codings import`), then `ptce-coding report` again."
)


def counts_suggestions(store: Store, asked: bool) -> bool:
    """One rule for `run` and `report`: unreviewed suggestions are counted when asked
    (--include-suggestions), and always while no coding has been accepted (the report would
    be empty; the interview's structural codes, which no one coded, do not count); the
    report's cover says so. With no suggestion either, there is nothing to count."""
    if asked:
        return True
    return (
        store.count_codings(["accepted"], except_coder=STRUCTURE_CODER) == 0
        and store.count_codings(["suggested"], except_coder=STRUCTURE_CODER) > 0
    )


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


def import_corpus(
    project: Project,
    store: Store,
    paths: list[Path],
    case: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """`ptce-coding import`: files and folders into the store, with the project's settings
    and attribute files (cases.csv, documents.csv)."""
    return import_paths(
        store,
        paths,
        project.importing,
        cases_file=project.cases_path,
        documents_file=project.documents_path,
        case=case,
        progress=progress,
    )


@dataclass
class ReportRun:
    """What making the report did and wrote."""

    synthesis: Synthesis
    files: ReportFiles
    network: NetworkResult | None = None  # the networks built for it (members listed)
    suggestions_fallback: bool = False  # suggestions counted because none is accepted
    nothing_coded: bool = False  # no coding at all, not even a suggestion
    network_left_out: bool = False  # an anonymised report, with members listed


def make_report(
    project: Project,
    store: Store,
    codebook: Codebook,
    *,
    title: str | None = None,
    cases: list[str] | None = None,
    include_suggestions: bool = False,
    anonymise: bool = False,
    selection: CoderSelection | None = None,
) -> ReportRun:
    """`ptce-coding report`: the report's files in outputs/report/, on the codings of
    ``selection`` (default: the project's analysis setting); suggestions counted when asked,
    and always while no coding is accepted (``counts_suggestions``); an anonymised report
    has no network chapter (not worth building)."""
    selection = project.analysis if selection is None else selection
    fallback = not include_suggestions and counts_suggestions(store, False)
    include_suggestions = counts_suggestions(store, include_suggestions)
    view = (
        load_view(store, project.private_path, members_path=project.members_path)
        if anonymise
        else None
    )
    network = (
        None
        if anonymise
        else network_if_listed(
            project.network,
            store,
            codebook,
            members_file=project.members_path,
            cache_folder=project.cache_path,
            include_suggestions=include_suggestions,
            selection=selection,
        )
    )
    synthesis, files = write_report(
        synthesis_data(store),
        codebook,
        project.outputs_path / "report",
        ReportChoices(
            project=project.name,
            title=title or DEFAULT_TITLE,
            cases=cases,
            include_suggestions=include_suggestions,
            view=view,
            selection=selection,
        ),
        network=network,
        compare=project.compare,
    )
    return ReportRun(
        synthesis,
        files,
        network,
        suggestions_fallback=fallback,
        nothing_coded=store.count_codings(["accepted", "suggested"], except_coder=STRUCTURE_CODER)
        == 0,
        network_left_out=anonymise and project.members_path.is_file(),
    )


@dataclass
class RunReport:
    """What `ptce-coding run` did and wrote."""

    imported: ImportReport
    rules: RuleRun
    matrices: list[Path]
    matrices_folder: Path
    counts: dict[str, int]  # the store's, after the rules
    suggestions_counted: bool  # no coding accepted: the network and the report count them
    report: ReportRun
    network_files: list[Path] = field(default_factory=list)
    network_folder: Path | None = None  # None: no members file, no network

    @property
    def network(self) -> NetworkResult | None:
        return self.report.network


def run_project(
    project: Project, store: Store, progress: Callable[[int, int], None] | None = None
) -> RunReport:
    """`ptce-coding run`, the whole job: corpus/ → store → rule suggestions → case × code
    matrices → cooperation networks (when the members file exists) → the report (counting
    the rules' suggestions, and saying so, while no coding is accepted)."""
    codebook = project.load_codebook()
    imported = import_corpus(project, store, [project.corpus_path], progress=progress)
    if not store.counts()["documents"]:  # an empty report and matrices of nothing: stop here
        failed = "; ".join(f"{o.name}: {o.message}" for o in imported.failed[:5])
        raise PtceError(
            f"nothing to code: the corpus folder ({project.corpus_path}) holds no transcript"
            + (
                f" that could be imported ({len(imported.failed)} failed: {failed})"
                if failed
                else ""
            ),
            hint="Put each pole's transcripts in a sub-folder of the corpus folder, named after "
            "the pole (corpus/pole-a/entretien-1.txt), then run again.",
        )
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
    counts = store.counts()
    suggestions = counts_suggestions(store, False)
    report = make_report(
        project, store, codebook, include_suggestions=suggestions, selection=project.analysis
    )
    run = RunReport(imported, rules, written, folder, counts, suggestions, report)
    if report.network is not None:
        run.network_folder = project.outputs_path / project.analysis.named("network")
        run.network_files = write_network(report.network, run.network_folder)
    return run
