"""The report's charts, drawn from the synthesis' DataFrames (see charts/__init__.py). Each is
laid out for the page the report places it in, its text at 8 points or more as printed; a
chart the page cannot hold at that size is several figures, and its entry in ``charts`` lists
their files part after part (charts/placement.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ptce_coding.report import charts
from ptce_coding.report.charts.network_panels import Panel, network_panels
from ptce_coding.report.labels import code_label
from ptce_coding.report.synthesis_model import Synthesis
from ptce_coding.report.tables import NOT_CODED

AXES_TITLE = "Entretiens qui abordent chaque axe, par pôle"
AXES_VALUE = "% des entretiens codés du pôle qui abordent l'axe"
NETWORKS_TITLE = "Réseaux de coopération\u00a0: les membres reliés, par pôle"  # « : » never alone
RESTITUTION_CAPTIONS = {  # the captions of the restitution's own figures, HTML and Word
    "axes": f"{AXES_TITLE} (couleur : part des entretiens codés du pôle)",
    "networks": "Réseaux de coopération : les membres reliés et leurs liens, par pôle",
}


def draw_charts(synthesis: Synthesis, folder: Path) -> None:
    """Fill ``synthesis.charts``, each chapter's ``charts`` and the restitution's own
    (``restitution_charts``) with PNG and SVG files."""
    labels = {code.id: code_label(code) for _, code in synthesis.codebook}
    names = _pole_names(synthesis)
    uncoded = _uncoded(synthesis)

    restitution_charts(synthesis, folder)

    def missing(shares: pd.DataFrame) -> pd.DataFrame:
        shown = shares.astype(float)
        shown.loc[shown.index.isin(uncoded), :] = float("nan")
        return shown

    if not synthesis.overview.empty:
        synthesis.charts["overview"] = charts.pole_heatmap(
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
            missing=NOT_CODED,  # a pole none of whose interviews is coded yet
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
        chapter.charts["heatmap"] = charts.pole_heatmap(
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
            missing=NOT_CODED,
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


def restitution_charts(synthesis: Synthesis, folder: Path) -> None:
    """The restitution's figure of the poles compared axis by axis: its table « k/N » as a
    heatmap, each cell coloured by the share of the pole's coded interviews that address the
    axis and printing « k/N », the axes in rows as in the table, labelled as the restitution
    names them; a pole none of whose interviews is coded hatched and named « (non codé) »."""
    if synthesis.overview_interviews.empty or synthesis.bases.empty:
        return
    coded = synthesis.coded_interviews().astype(int)  # the poles, in the table's order
    counts = synthesis.overview_interviews.reindex(coded.index).fillna(0).astype(int)
    if not counts.to_numpy().any():
        return
    shares = counts.astype(float).div(coded.where(coded > 0), axis=0) * 100
    texts = counts.astype(str).add("/" + coded.astype(str), axis=0)
    labels = {code: synthesis.label(str(code)) for code in counts.columns}
    synthesis.restitution_charts["axes"] = charts.pole_heatmap(
        shares,
        folder / "restitution-axes",
        charts.ChartText(
            title=AXES_TITLE,
            value_label=AXES_VALUE,
            code_labels=labels,
            case_labels=_pole_names(synthesis),
            label_style="label",
            page=charts.PAGE,
        ),
        missing=NOT_CODED,
        annotate=texts,  # « k/N » in each cell
        transpose=False,  # the poles in rows, their names read across
    )


def restitution_networks(synthesis: Synthesis, folder: Path) -> None:
    """The restitution's drawing of the networks (charts/network_panels.py): a panel for
    each pole whose network has a tie, in the chapter's order; none when no pole has one
    (the chapter's text says « 0 lien »). Called once the network chapter is made."""
    if synthesis.network is None:
        return
    panels = [
        Panel(
            f"{section.name} (lecture\u00a0: {section.configuration})",  # no « : » alone
            section.graph,
            {member.name: member.kind for member in section.members},
        )
        for section in synthesis.network.poles
        if section.read and section.graph.number_of_edges()
    ]
    drawn = network_panels(panels, folder / "restitution-reseaux", NETWORKS_TITLE)
    if drawn:
        synthesis.restitution_charts["networks"] = drawn


def _uncoded(synthesis: Synthesis) -> list[str]:
    """The poles none of whose interviews is coded yet."""
    return [str(case) for case, n in synthesis.coded_interviews().items() if not n]


def _pole_names(synthesis: Synthesis) -> dict[str, str] | None:
    """The poles' display names (labels.py); a pole none of whose interviews is coded yet
    said so by its name, its shares hatched as missing (not « 0,0 », which reads as a theme
    its interviews leave out)."""
    names = dict(synthesis.names.poles) or None
    uncoded = _uncoded(synthesis)
    if names and uncoded:
        names = {
            case: f"{name} ({NOT_CODED})" if case in uncoded else name
            for case, name in names.items()
        }
    return names
