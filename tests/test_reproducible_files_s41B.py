"""The same store gives the same files, byte for byte (helper T's defect 13, session 40): a
thesis that archives checksums compares the .xlsx and .docx of two runs. They differed in
docProps/core.xml (created and modified: now) and in each zip entry's time (now), and the
restitution's drawing of the networks in the order its ties were drawn in."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx
import pytest
from click.testing import Result

from ptce_coding.report.charts.network_panels import Panel, network_panels
from ptce_coding.store import Store

SECOND = 1.1  # a core property's time changes every second, a zip entry's every two


def _files(folder: Path, suffixes: tuple[str, ...]) -> dict[str, bytes]:
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.suffix in suffixes and path.is_file()
    }


def _twice(
    invoke: Callable[..., Result],
    args: list[str],
    folder: Path,
    suffixes: tuple[str, ...],
    wait: float = SECOND,
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    first = _files(folder, suffixes)
    time.sleep(wait)
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return first, _files(folder, suffixes)


def _differing(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    assert first and first.keys() == second.keys()
    return [name for name in first if first[name] != second[name]]


def test_matrix_twice_writes_the_same_workbook(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    first, second = _twice(invoke, ["matrix"], two_coders / "outputs" / "matrices", (".xlsx",))
    assert _differing(first, second) == []


@pytest.mark.slow  # the report draws its charts (matplotlib)
def test_report_twice_writes_the_same_files(
    invoke: Callable[..., Result], two_coders: Path
) -> None:
    folder = two_coders / "outputs" / "report"
    suffixes = (".xlsx", ".docx", ".md", ".html")
    # past a zip entry's two seconds too
    first, second = _twice(invoke, ["report"], folder, suffixes, 2 * SECOND)
    assert _differing(first, second) == []
    with Store(two_coders / "coding.sqlite") as store:
        latest = max(row.created_at or "" for row in store.coding_rows())
    moment = datetime.fromisoformat(latest).astimezone(UTC)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    for name in ("restitution.docx", "synthese.docx", "matrices.xlsx"):
        with zipfile.ZipFile(folder / name) as package:
            core = package.read("docProps/core.xml").decode("utf-8")
            times = {info.date_time for info in package.infolist()}
        # the time of the store's last coding, not of the run
        assert f">{stamp}</dcterms:created>" in core, name
        assert f">{stamp}</dcterms:modified>" in core, name
        assert times == {(*moment.timetuple()[:5], moment.second // 2 * 2)}, name


def _graph(edges: list[tuple[str, str]]) -> nx.Graph:
    graph = nx.Graph()
    for left, right in edges:
        graph.add_edge(left, right, weight=2)
    return graph


@pytest.mark.slow  # matplotlib
def test_network_panel_drawn_alike_whatever_order_its_ties_came_in(tmp_path: Path) -> None:
    """The ties came from sets: their order, and the end each line started from, changed
    from one run to the next (restitution-reseaux.svg differed)."""
    kinds = {"Mairie": "collectivité", "Scierie": "entreprise", "Atelier": "association"}
    drawn = []
    for name, edges in (
        ("a", [("Mairie", "Scierie"), ("Scierie", "Atelier"), ("Atelier", "Mairie")]),
        ("b", [("Atelier", "Scierie"), ("Mairie", "Atelier"), ("Scierie", "Mairie")]),
    ):
        paths = network_panels(
            [Panel("Pôle (lecture : dense)", _graph(edges), kinds)], tmp_path / name, "Réseaux"
        )
        drawn.append([path.read_bytes() for path in paths if path.suffix == ".svg"])
    assert drawn[0] and drawn[0] == drawn[1]
