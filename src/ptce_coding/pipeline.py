"""The whole job on a project: import what is new, code with the rules, write the matrices."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ptce_coding.codebook import Codebook
from ptce_coding.corpus.importer import ImportReport, import_paths
from ptce_coding.frames import codings_frame, segments_frame, with_attribute
from ptce_coding.matrices import STATUS_FILTERS, case_code_matrix, code_labels
from ptce_coding.nlp import DocCache, load_pipeline
from ptce_coding.project import Project
from ptce_coding.report.xlsx import write_xlsx
from ptce_coding.store import Store
from ptce_coding.tagging.rule_coding import RuleRun, code_with_rules
from ptce_coding.tagging.rules import RuleTagger


def record_codebook(store: Store, codebook: Codebook) -> None:
    content = Path(codebook.path).read_text(encoding="utf-8") if codebook.path else ""
    with store.transaction():
        store.record_codebook(codebook.version, codebook.name, content)


def run_rules(project: Project, store: Store, codebook: Codebook) -> RuleRun:
    nlp = load_pipeline()
    tagger = RuleTagger(codebook, nlp)
    cache = DocCache(project.cache_path / "docs", nlp)
    record_codebook(store, codebook)
    return code_with_rules(
        store, codebook, tagger, cache, interviewer_turns=project.code_interviewer_turns
    )


def _safe(name: str) -> str:
    """An attribute name as a piece of a file name."""
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name)


def matrix_name(rows: str, value: str, level: int | None, status: str) -> str:
    parts = [f"{_safe(rows)}-x-code"]
    if level is not None:
        parts.append(f"level{level}")
    parts.append(value)
    if status != "accepted":
        parts.append("with-suggestions" if status == "all" else "suggestions-only")
    return "-".join(parts)


def build_matrix(
    store: Store,
    codebook: Codebook,
    *,
    rows: str = "case",
    value: str = "count",
    level: int | None = None,
    status: str = "accepted",
    coders: list[str] | None = None,
) -> pd.DataFrame:
    segments = with_attribute(segments_frame(store), store, rows)
    codings = codings_frame(store, statuses=STATUS_FILTERS[status], coders=coders)
    return case_code_matrix(segments, codings, codebook, rows=rows, value=value, level=level)


def write_matrix(matrix: pd.DataFrame, codebook: Codebook, folder: Path, name: str) -> list[Path]:
    """The matrix as CSV and as XLSX (with a sheet of code labels)."""
    from ptce_coding.files import atomic_path

    csv_path = folder / f"{name}.csv"
    with atomic_path(csv_path) as temp:
        matrix.to_csv(temp, encoding="utf-8")
    xlsx_path = write_xlsx(
        folder / f"{name}.xlsx",
        {"matrix": matrix, "codes": code_labels(codebook, list(matrix.columns))},
    )
    return [csv_path, xlsx_path]


@dataclass
class RunReport:
    imported: ImportReport
    rules: RuleRun
    matrices: list[Path] = field(default_factory=list)


def run_project(project: Project, store: Store) -> RunReport:
    """`ptce-coding run`: corpus/ → store → rule suggestions → case × code matrices."""
    codebook = project.load_codebook()
    imported = import_paths(project, store, [project.corpus_path])
    rules = run_rules(project, store, codebook)
    folder = project.outputs_path / "matrices"
    written: list[Path] = []
    for status in ("accepted", "all"):
        for level in (1, None):
            for value in ("count", "share"):
                matrix = build_matrix(store, codebook, value=value, level=level, status=status)
                name = matrix_name("case", value, level, status)
                written.extend(write_matrix(matrix, codebook, folder, name))
    return RunReport(imported, rules, written)
