"""The data a command prints on standard output: a table for reading, CSV or JSON for scripts
(--format)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import click

FORMATS = ("table", "csv", "json")
TABLE_DECIMALS = 4


def format_option(command: Callable) -> Callable:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="table for reading; csv or json for scripts (data alone on standard output).",
    )(command)


def _plain(value: Any) -> Any:
    """A missing number (NaN) is printed empty in tables and as null in JSON."""
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _said(value: Any) -> Any:
    """A yes-or-no value as a table or a spreadsheet user reads it."""
    return ("yes" if value else "no") if isinstance(value, bool) else value


def emit(rows: Sequence[Mapping[Any, Any]], columns: Sequence[str], output_format: str) -> None:
    """``rows`` (a DataFrame's records or plain dicts) as a table, CSV or JSON: a yes-or-no
    value is true/false in JSON, « yes »/« no » in a table and CSV (not Python's True)."""
    rows = [{c: _plain(row.get(c)) for c in columns} for row in rows]
    if output_format == "json":
        click.echo(
            json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2)
        )
        return
    rows = [{c: _said(value) for c, value in row.items()} for row in rows]
    if output_format == "csv":
        writer = csv.DictWriter(
            sys.stdout, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
    else:
        # imported on use, not at the top: start-up speed
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        cells = [[_table_cell(row.get(c)) for c in columns] for row in rows]
        widths = [
            max([len(str(c))] + [len(line[i]) for line in cells]) for i, c in enumerate(columns)
        ]
        console = Console()
        if not console.is_terminal:  # piped or captured: never cut a cell
            console = Console(width=sum(widths) + 3 * len(widths) + 1)

        def literal(text: str) -> Text:
            """``text`` as it is: a memo, a name or a passage may hold « [b] », « [/fin] »
            or « :smile: », which rich would read as its markup (or refuse) or an emoji."""
            return console.render_str(text, markup=False, emoji=False, highlight=False)

        table = Table()
        for column in columns:
            table.add_column(literal(str(column)), overflow="fold")
        for line in cells:
            table.add_row(*map(literal, line))
        console.print(table)


def _table_cell(value: Any) -> str:
    """Tables round statistics to 4 decimals; csv and json give them whole."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(round(value, TABLE_DECIMALS))
    return str(value)


def emit_frame(frame: Any, output_format: str) -> None:
    """A DataFrame (index included) in the chosen format."""
    table = frame.reset_index()
    rows = table.to_dict(orient="records")
    emit(rows, [str(c) for c in table.columns], output_format)
