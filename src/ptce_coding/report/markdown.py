"""The Markdown report, for those who write their thesis in it; figures beside it.

Transcript text never becomes markup: ``<``, ``>``, ``&``, ``|`` and line breaks are escaped.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from ptce_coding.files import atomic_path
from ptce_coding.report.formatting import fr_number, labelled
from ptce_coding.report.synthesis import Synthesis

TEMPLATES = Path(__file__).parent / "templates"


def md(text: object) -> str:
    """Text safe inside Markdown (and its tables): no HTML, no cell breaks."""
    value = html.escape("" if text is None else str(text), quote=False)
    return " ".join(value.replace("|", "\\|").split())


def md_table(
    frame: pd.DataFrame, *, index: bool = True, index_label: str = "", decimals: int = 1
) -> str:
    if frame is None or frame.empty:
        return "—"
    head = ([index_label] if index else []) + [str(c) for c in frame.columns]
    lines = [
        "| " + " | ".join(md(h) for h in head) + " |",
        "|" + "|".join("---" for _ in head) + "|",
    ]
    for key, row in frame.iterrows():
        cells = [md(key)] if index else []
        for value in row:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            cells.append(
                fr_number(value, decimals) if number else md("" if pd.isna(value) else value)
            )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render_markdown(synthesis: Synthesis, folder: Path) -> str:
    from jinja2 import Environment, FileSystemLoader

    labels = {code.id: code.label for _, code in synthesis.codebook}

    def chart(paths: list[Path] | None, caption: str) -> str:
        png = next((p for p in paths or [] if p.suffix == ".png"), None)
        return f"\n![{md(caption)}]({png.relative_to(folder).as_posix()})\n" if png else ""

    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=False, trim_blocks=True, lstrip_blocks=True
    )
    environment.filters["md"] = md
    return environment.get_template("synthese.md.j2").render(
        s=synthesis,
        overview=synthesis.overview.rename(columns=lambda c: labels.get(c, c)),
        table=md_table,
        chart=chart,
        labelled=lambda frame: labelled(frame, labels),
    )


def write_markdown(synthesis: Synthesis, path: Path) -> Path:
    with atomic_path(path) as temp:
        temp.write_text(render_markdown(synthesis, path.parent), encoding="utf-8")
    return path
