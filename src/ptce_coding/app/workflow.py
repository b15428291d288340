"""The whole job on a project: import what is new, code with the rules, write the matrices,
the cooperation networks and the report (`ptce-coding run`); and the report alone
(`ptce-coding report`). The CLI only calls these and prints what they return."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ptce_coding.analysis.synthesis_data import synthesis_data
from ptce_coding.analysis.unread_reference import as_suggested
from ptce_coding.app.matrix_job import MatrixRequest, build_matrix, write_matrix
from ptce_coding.app.project import Project
from ptce_coding.base.coder_selection import STRUCTURE_CODER, CoderSelection
from ptce_coding.base.errors import PtceError
from ptce_coding.base.language import DocCache, load_pipeline
from ptce_coding.base.records import HUMAN_METHODS, CodingRow
from ptce_coding.codebook.model import Codebook
from ptce_coding.corpus.importer import ImportReport, import_paths
from ptce_coding.network.assemble import network_if_listed
from ptce_coding.network.network_files import write_network
from ptce_coding.network.network_result import NetworkResult
from ptce_coding.privacy.apply import load_view
from ptce_coding.report.choices import DEFAULT_TITLE, ReportChoices
from ptce_coding.report.publish import ReportFiles, write_report
from ptce_coding.report.synthesis_model import Synthesis
from ptce_coding.store import Store
from ptce_coding.tagging.classifier_coding import saved_model_reading
from ptce_coding.tagging.model_evidence import ModelView, no_longer_written, weighed_by_model
from ptce_coding.tagging.relevance import rule_records
from ptce_coding.tagging.rule_coding import RuleRun, Scoring, code_with_rules
from ptce_coding.tagging.rules import RuleTagger
from ptce_coding.tagging.training_data import human_spans


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
    on the present coding or on one a few decisions changed: ``RuleRun.model_state`` says
    which, ``RuleRun.model_basis`` on what it was trained). Without it, the rule suggestions
    its weighing had written and that are written no more are counted
    (``RuleRun.model_dropped``)."""
    record_codebook(store, codebook)  # a write first: a locked store is said before spaCy loads
    nlp = load_pipeline()
    tagger = RuleTagger(codebook, nlp)
    cache = DocCache(project.cache_path / "docs", nlp)
    state = "given" if model is not None else "none"
    basis = None
    if model is None and (project.cache_path / "model" / "meta.json").is_file():
        reading = saved_model_reading(
            store, codebook, project.model_settings(), project.coding, project.cache_path
        )
        model, basis = reading.view, reading.basis
        state = "saved" if model is not None else "earlier"
    weighed = weighed_by_model(_rule_suggestions(store)) if model is None else set()
    scoring = Scoring(
        min_confidence=project.coding.min_confidence,
        sentence_vectors=project.coding.sentence_vectors,
        far_closeness=project.coding.far_closeness,
        vectors_folder=project.cache_path / "vectors",
        # a rule's record counts the decisions read: an acceptance by threshold is the
        # rule's own confidence, no evidence that it is right (unread_reference.py)
        records=rule_records(
            as_suggested(
                store.coding_rows(methods=["rule"], with_text=False),
                store.threshold_acceptances(),
            )
        ),
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
    run.model_state, run.model_basis = state, basis
    if weighed:
        run.model_dropped = no_longer_written(weighed, _rule_suggestions(store))
    return run


def _rule_suggestions(store: Store) -> list[CodingRow]:
    return store.coding_rows(methods=["rule"], statuses=["suggested"], with_text=False)


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


def import_corpus(
    project: Project,
    store: Store,
    paths: list[Path],
    case: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """`ptce-coding import`: files and folders into the store, with the project's settings
    and attribute files (cases.csv, documents.csv); a file or folder of the corpus folder is
    of the case folder it is in (``corpus/pole-a/sous/x.txt``: pole-a)."""
    return import_paths(
        store,
        paths,
        project.importing,
        cases_file=project.cases_path,
        documents_file=project.documents_path,
        case=case,
        progress=progress,
        corpus=project.corpus_path,
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
