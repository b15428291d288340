"""The Markdown report, for those who write their thesis in it; figures beside it.

Transcript text never becomes markup: ``<``, ``>``, ``&``, ``|`` and line breaks are escaped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader

from ptce_coding.base.files import atomic_path
from ptce_coding.report import pair_tables, tables
from ptce_coding.report.chapter_blocks import Block, FigureBlock, Quote, TableBlock
from ptce_coding.report.charts.placement import part_suffix
from ptce_coding.report.formatting import fr_count, fr_date, fr_number
from ptce_coding.report.synthesis_model import Synthesis

TEMPLATES = Path(__file__).parent / "templates"


_ENTITY = re.compile(r"&(?=#?\w+;)")
# What Markdown would read as emphasis, code, a link or strikethrough (« **vraiment** », a
# QCA term « A*B*C », « [rires](…) »); an underscore only where it can open or close emphasis
# (« _x_ »), not inside a word (« OBJ.DEV_ECO »).
_INLINE = re.compile(r"[\\*`\[\]~]|(?<!\w)_|_(?!\w)")
# What would end or break a link's target (link_target).
_LINK_UNSAFE = frozenset(" ()<>[]\\%#?\"'`")
# Line breaks and runs of spaces, which would end a table row: one space; a no-break space
# (« 4 127 », a name typed with one) is kept.
_BREAKS = re.compile(r"[^\S\u00a0\u202f]+")
# What would start a heading or a list at the beginning of a line.
_BLOCK = re.compile(r"^(#|[-+](?=\s)|\d+(?=[.)]\s))")


def md(text: object) -> str:
    """Text safe inside Markdown (and its tables): no HTML tag or entity, no cell breaks, no
    emphasis, code, link, heading or list made of its characters (a backslash before them);
    a plain « & » stays as it is (« Bois & Habitat »)."""
    value = _ENTITY.sub("&amp;", "" if text is None else str(text))
    value = _INLINE.sub(lambda found: "\\" + found.group(), value)
    value = value.replace("<", "&lt;").replace(">", "&gt;")
    value = _BREAKS.sub(" ", value.replace("|", "\\|")).strip()
    return _BLOCK.sub(_escape_block_start, value)


def _escape_block_start(found: re.Match[str]) -> str:
    """« # », « - », « + » with a backslash before; « 1. » as « 1\\. »."""
    start = found.group()
    return start + "\\" if start[0].isdigit() else "\\" + start


def link_target(path: str) -> str:
    """A relative path as a Markdown link's target: what would end or break it (a space, a
    parenthesis, « < », a quote… in a figure named after a pole, « reseau-Pôle (Nord).png »)
    percent-encoded; other characters, accents included, as they are."""
    return "".join(f"%{ord(c):02X}" if c in _LINK_UNSAFE or ord(c) < 32 else c for c in path)


def md_table(
    frame: pd.DataFrame, *, index: bool = True, index_label: str = "", decimals: int = 1
) -> str:
    if frame is None or frame.empty:
        return "—"
    label = index_label or str(frame.index.name or "")
    head = ([label] if index else []) + [str(c) for c in frame.columns]
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
    def chart(paths: list[Path] | None, caption: str) -> str:
        """The chart's PNG files, its parts « (1/2) », « (2/2) » one after the other."""
        pngs = [Path(p) for p in paths or [] if Path(p).suffix == ".png"]
        lines = []
        for index, png in enumerate(pngs, start=1):
            try:
                where = png.relative_to(folder).as_posix()
            except ValueError:
                where = png.as_posix()
            text = md(caption + part_suffix(index, len(pngs)))
            lines.append(f"\n![{text}]({link_target(where)})\n")
        return "".join(lines)

    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=False, trim_blocks=True, lstrip_blocks=True
    )

    def block(item: Block) -> str:
        if isinstance(item, TableBlock):
            return (md(item.caption) + "\n\n" if item.caption else "") + md_table(
                item.frame, decimals=item.decimals
            )
        if isinstance(item, FigureBlock):
            return chart([item.path], item.caption)
        if isinstance(item, Quote):
            return f"> « {md(item.text)} »\n> — {md(item.source)}"
        return md(item)

    environment.filters["md"] = md
    environment.filters["n"] = fr_count
    environment.filters["fr"] = fr_number
    environment.filters["date"] = fr_date
    return environment.get_template("synthese.md.j2").render(
        s=synthesis,
        t=tables,
        pt=pair_tables,
        table=md_table,
        chart=chart,
        block=block,
    )


def write_markdown(synthesis: Synthesis, path: Path) -> Path:
    with atomic_path(path) as temp:
        temp.write_text(render_markdown(synthesis, path.parent), encoding="utf-8")
    return path
