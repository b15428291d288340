"""The self-contained HTML report: a Jinja2 template (autoescaped), images embedded."""

from __future__ import annotations

import base64
from pathlib import Path

import pandas as pd
from markupsafe import Markup, escape

from ptce_coding.files import atomic_path
from ptce_coding.report.formatting import fr_number, labelled
from ptce_coding.report.synthesis import Synthesis

TEMPLATES = Path(__file__).parent / "templates"


def _environment():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["fr"] = fr_number
    return environment


def html_table(
    frame: pd.DataFrame, *, index: bool = True, index_label: str = "", decimals: int = 1
) -> Markup:
    """A DataFrame as an HTML table; every cell escaped, numbers right-aligned in French."""
    if frame is None or frame.empty:
        return Markup("<p>—</p>")
    head = ([escape(index_label)] if index else []) + [escape(str(c)) for c in frame.columns]
    rows = []
    for key, row in frame.iterrows():
        cells = [f"<th>{escape(str(key))}</th>"] if index else []
        for value in row:
            if isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(f'<td class="n">{escape(fr_number(value, decimals))}</td>')
            else:
                cells.append(f"<td>{escape('' if pd.isna(value) else str(value))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    header = "".join(f"<th>{cell}</th>" for cell in head)
    wide = " wide" if len(head) > 8 else ""
    return Markup(
        f'<div class="table{wide}"><table><thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def embedded_chart(paths: list[Path] | None, caption: str) -> Markup:
    png = next((p for p in paths or [] if p.suffix == ".png"), None)
    if png is None:
        return Markup("")
    data = base64.b64encode(png.read_bytes()).decode("ascii")
    return Markup(
        f'<figure><img alt="{escape(caption)}" src="data:image/png;base64,{data}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def render_html(synthesis: Synthesis) -> str:
    labels = {code.id: code.label for _, code in synthesis.codebook}
    template = _environment().get_template("synthese.html.j2")
    return template.render(
        s=synthesis,
        overview=synthesis.overview.rename(columns=lambda c: labels.get(c, c)),
        table=html_table,
        chart=embedded_chart,
        labelled=lambda frame: labelled(frame, labels),
    )


def write_html(synthesis: Synthesis, path: Path) -> Path:
    with atomic_path(path) as temp:
        temp.write_text(render_html(synthesis), encoding="utf-8")
    return path
