"""The self-contained HTML documents: a Jinja2 template (autoescaped), images embedded.

One template makes both documents: the restitution (``audience="restitution"``) and the
research annex (``audience="annexe"``). Tables are split to the page width (``tables.fit``)
with fixed column widths, so that a heading never breaks inside a word and nothing is
clipped when printed on A4. The rendered text gets French no-break spaces before « : ; ! ? »
and inside « » (``typeset_html``), so that no mark starts a line.
"""

from __future__ import annotations

import base64
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from ptce_coding.base.files import atomic_path
from ptce_coding.report import pair_tables, tables
from ptce_coding.report.chapter_blocks import Block, FigureBlock, Quote, TableBlock
from ptce_coding.report.charts.placement import part_suffix
from ptce_coding.report.figures import RESTITUTION_CAPTIONS
from ptce_coding.report.formatting import fr_count, fr_date, fr_number, typeset
from ptce_coding.report.synthesis_model import Synthesis

TEMPLATES = Path(__file__).parent / "templates"
# The rendered document cut into tags and the text between them: the template and the
# escaping write every « < » and « > » of a text or an attribute as an entity, so a tag is
# all from « < » to the next « > ». Not the style sheet, nor code (a QCA expression).
_TAG = re.compile(r"(<[^>]*>)")
_VERBATIM = re.compile(r"<(style|code)\b", re.IGNORECASE)


def _environment():
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["fr"] = fr_number
    environment.filters["n"] = fr_count
    environment.filters["date"] = fr_date
    environment.filters["prose"] = prose
    return environment


def prose(text: str) -> Markup:
    """A sentence of the report, escaped, its apostrophes kept as typed (« d'unités », not
    « d&#39;unités »: harmless in a paragraph's text, and what the template's own sentences
    show)."""
    return Markup(str(escape(text)).replace("&#39;", "'"))


def _cell(value: Any, decimals: int) -> str:  # a DataFrame's cell
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<td class="n">{escape(fr_number(value, decimals))}</td>'
    if isinstance(value, str) and value[:1].isdigit() and len(value) < 16:
        return f'<td class="n">{escape(value)}</td>'
    return f"<td>{escape('' if pd.isna(value) else str(value))}</td>"


def html_table(
    frame: pd.DataFrame | None, *, index: bool = True, index_label: str = "", decimals: int = 1
) -> Markup:
    """A DataFrame as HTML tables as wide as the page at most (split by whole columns),
    every cell escaped, numbers right-aligned in French, base rows set apart."""
    if frame is None or frame.empty:
        return Markup('<p class="muted">—</p>')
    if not index:
        frame = frame.set_index(frame.columns[0])
    label = index_label or (frame.index.name or "")
    parts = []
    for part in tables.fit(frame):
        widths = tables.column_widths(part)
        total = sum(widths)
        columns = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in widths)
        head = "".join(f"<th>{escape(str(c))}</th>" for c in [label, *part.columns])
        rows = []
        for key, row in part.iterrows():
            base = ' class="base"' if str(key).startswith(("Base", "Codeurs")) else ""
            cells = "".join(_cell(value, decimals) for value in row)
            rows.append(f"<tr{base}><th>{escape(str(key))}</th>{cells}</tr>")
        parts.append(
            f"<table><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return Markup("".join(parts))


def embedded_chart(
    paths: list[Path] | None, caption: str, numbers: Iterator[int] | None = None
) -> Markup:
    """The chart's PNG files (its parts, « (1/2) », « (2/2) », when a page could not hold it
    at a readable size: charts/placement.py), each a figure with its caption, which is its
    alternative text too; with ``numbers``, the caption numbered as the Word document's,
    « Figure 1 – … »."""
    pngs = [Path(p) for p in paths or [] if Path(p).suffix == ".png" and Path(p).is_file()]
    figures = []
    for index, png in enumerate(pngs, start=1):
        data = base64.b64encode(png.read_bytes()).decode("ascii")
        text = escape(caption + part_suffix(index, len(pngs)))
        number = Markup("") if numbers is None else Markup(f"<b>Figure {next(numbers)}</b> – ")
        figures.append(
            f'<figure><img alt="{text}" src="data:image/png;base64,{data}">'
            f"<figcaption>{number}{text}</figcaption></figure>"
        )
    return Markup("".join(figures))


def html_quote(quote: Quote) -> Markup:
    """A quotation and its source, never split across two pages."""
    mark = ' <span class="flag">(suggestion non relue)</span>' if quote.suggested else ""
    return Markup(
        f"<blockquote><p>« {escape(quote.text)} »</p>"
        f"<cite>— {escape(quote.source)}{mark}</cite></blockquote>"
    )


def html_block(block: Block) -> Markup:
    """A block of an extra chapter."""
    if isinstance(block, TableBlock):
        caption = Markup(f"<p>{escape(block.caption)}</p>") if block.caption else Markup("")
        return caption + html_table(block.frame, decimals=block.decimals)
    if isinstance(block, FigureBlock):
        return embedded_chart([block.path], block.caption)
    if isinstance(block, Quote):
        return html_quote(block)
    return Markup(f"<p>{escape(block)}</p>")


def typeset_html(document: str) -> str:
    """The text of ``document`` (never its tags, style sheet or code) with the spaces of
    French punctuation made unbreakable (``formatting.typeset``): « : » or « » » never starts
    a line, « « » never ends one, in the template's sentences as in names and quotations."""
    parts = _TAG.split(document)
    verbatim = None
    for index in range(0, len(parts), 2):  # even: text; odd: the tag after it
        if verbatim is None:
            parts[index] = typeset(parts[index])
        tag = parts[index + 1] if index + 1 < len(parts) else ""
        if verbatim is None and (found := _VERBATIM.match(tag)):
            verbatim = found.group(1).lower()
        elif verbatim is not None and tag.lower().startswith(f"</{verbatim}"):
            verbatim = None
    return "".join(parts)


def render_html(synthesis: Synthesis, audience: str = "annexe") -> str:
    template = _environment().get_template("synthese.html.j2")
    numbers = itertools.count(1)  # the restitution's figures, numbered as in Word

    def restitution_chart(name: str) -> Markup:
        return embedded_chart(
            synthesis.restitution_charts.get(name), RESTITUTION_CAPTIONS[name], numbers
        )

    return typeset_html(
        template.render(
            s=synthesis,
            audience=audience,
            t=tables,
            pt=pair_tables,
            table=html_table,
            chart=embedded_chart,
            restitution_chart=restitution_chart,
            quote=html_quote,
            block=html_block,
        )
    )


def write_html(synthesis: Synthesis, path: Path, audience: str = "annexe") -> Path:
    with atomic_path(path) as temp:
        temp.write_text(render_html(synthesis, audience), encoding="utf-8")
    return path
