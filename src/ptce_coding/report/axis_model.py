"""One top-level axis's chapter of the synthesis report, as plain data: its case × code
counts and shares, each code's summary with its quotations, its charts and highlights."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ptce_coding.codebook.model import Code
from ptce_coding.report.chapter_blocks import Quote


@dataclass
class CodeSummary:
    code: Code
    depth: int
    counts: dict[str, int]
    quotes: list[Quote] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Chapter:
    """One top-level axis: its matrix, its codes with quotations, its charts."""

    axis: Code
    counts: pd.DataFrame  # case × codes of the axis (coded segments)
    shares: pd.DataFrame  # case × codes, % of the case's interviewee segments
    codes: list[CodeSummary]
    charts: dict[str, list[Path]] = field(default_factory=dict)
    documents: pd.DataFrame | None = None  # case × codes, interviews that mention it
    highlights: list[Quote] = field(default_factory=list)  # the restitution's quotations

    @property
    def coded(self) -> bool:
        return bool(self.counts.to_numpy().sum()) if not self.counts.empty else False
