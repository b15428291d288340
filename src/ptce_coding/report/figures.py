"""The report's charts, drawn from the synthesis' DataFrames (see charts/__init__.py). Each is
laid out for the page the report places it in, its text at 8 points or more as printed; a
chart the page cannot hold at that size is several figures, and its entry in ``charts`` lists
their files part after part (charts/placement.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ptce_coding.report import charts
from ptce_coding.report.labels import code_label
from ptce_coding.report.synthesis_model import Synthesis
from ptce_coding.report.tables import NOT_CODED


def draw_charts(synthesis: Synthesis, folder: Path) -> None:
    """Fill ``synthesis.charts`` and each chapter's ``charts`` with PNG and SVG files."""
    labels = {code.id: code_label(code) for _, code in synthesis.codebook}
    names = dict(synthesis.names.poles) or None  # the poles' display names (labels.py)
    # a pole none of whose interviews is coded yet: said by its name, its shares hatched as
    # missing (not « 0,0 », which reads as a theme its interviews leave out)
    uncoded = [case for case, n in synthesis.coded_interviews().items() if not n]
    if names and uncoded:
        names = {
            case: f"{name} ({NOT_CODED})" if case in uncoded else name
            for case, name in names.items()
        }

    def missing(shares: pd.DataFrame) -> pd.DataFrame:
        shown = shares.astype(float)
        shown.loc[shown.index.isin(uncoded), :] = float("nan")
        return shown

    if not synthesis.overview.empty:
        synthesis.charts["overview"] = charts.heatmap(
            missing(synthesis.overview),
            folder / "vue-ensemble",
            charts.ChartText(
                title="Part des segments codés, par pôle et par axe",
                value_label="% des segments des personnes interrogées",
                code_labels=labels,
                case_labels=names,
                page=charts.PAGE,
            ),
            percent=True,
        )
    if synthesis.cooccurrence.to_numpy().sum() > 0:
        synthesis.charts["cooccurrence"] = charts.cooccurrence_heatmap(
            synthesis.cooccurrence,
            folder / "cooccurrences",
            charts.ChartText(
                title="Axes codés dans les mêmes segments", code_labels=labels, page=charts.PAGE
            ),
        )
    for chapter in synthesis.chapters:
        coded = chapter.counts.loc[:, (chapter.counts != 0).any(axis=0)]
        if coded.empty:
            continue
        stem = folder / chapter.axis.id.lower()
        chapter.charts["heatmap"] = charts.heatmap(
            missing(chapter.shares[coded.columns]),
            stem.with_name(stem.name + "-carte"),
            charts.ChartText(
                title=f"{chapter.axis.label} : part des segments, par pôle et par code",
                value_label="% des segments des personnes interrogées",
                code_labels=labels,
                case_labels=names,
                page=charts.PAGE,  # a long label cut, « … », rather than every text shrunk
            ),
            percent=True,
            transpose=len(coded.columns) > 12,  # many codes: one per line, on a portrait page
        )
        chapter.charts["bars"] = charts.axis_bars(
            coded,
            stem.with_name(stem.name + "-barres"),
            charts.ChartText(
                title=f"{chapter.axis.label} : segments codés par pôle",
                value_label="segments codés",
                code_labels=labels,
                case_labels=names,
                page=charts.PAGE,  # more codes than a page holds: several figures, « (1/2) »
            ),
        )
