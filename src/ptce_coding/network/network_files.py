"""The network's files: ties.csv, evidence.csv, measures.csv, candidates.csv and a drawing
per pole."""

from __future__ import annotations

from pathlib import Path

from ptce_coding.base.cells import write_csv
from ptce_coding.base.files import distinct_file_names
from ptce_coding.network.drawing import draw_pole
from ptce_coding.network.network_result import COUNTS, NetworkResult, PoleNetwork


def write_network(result: NetworkResult, folder: Path) -> list[Path]:
    """ties.csv, evidence.csv, measures.csv, candidates.csv and a drawing per pole."""
    measures = result.measures_frame()
    counts = {column: "Int64" for column in COUNTS if column in measures}  # « 4 », not « 4.0 »
    tables = {
        "ties.csv": result.ties_frame(),
        "evidence.csv": result.evidence,
        "measures.csv": measures.astype(counts),
    }
    if result.candidates is not None:
        tables["candidates.csv"] = result.candidates
    else:  # not asked for this time: an older review file would no longer match the rest
        (folder / "candidates.csv").unlink(missing_ok=True)
    written = []
    for name, frame in tables.items():
        written.append(write_csv(frame, folder / name, index=False))
    pieces = distinct_file_names(pole.case for pole in result.poles)  # « Pôle-Nord », « pôle-nord »
    for pole in result.poles:
        if pole.read and pole.graph.number_of_nodes():
            written.extend(
                draw_pole(
                    pole.graph,
                    pole.members,
                    drawing_title(pole),
                    folder / "figures" / f"reseau-{pieces[pole.case]}",
                )
            )
    return written


def drawing_title(pole: PoleNetwork) -> str:
    return f"{pole.name} : réseau de coopération (lecture : {pole.reading.configuration})"
