"""XLSX writing: transcript text stays text (never a formula), readable sheets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ptce_coding.base.files import atomic_path

MAX_WIDTH = 60


def write_xlsx(path: str | Path, sheets: dict[str, pd.DataFrame], *, index: bool = True) -> Path:
    """One sheet per DataFrame, header frozen, columns sized; written atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the default sheet
    for title, frame in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        table = frame.reset_index() if index else frame
        header = [str(column) for column in table.columns]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.data_type = "s"  # a code label « =1+1 » in a header stays text
        for row in table.itertuples(index=False):
            sheet.append([_cell(value) for value in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # « =HYPERLINK(…) » in a transcript stays text
        sheet.freeze_panes = "B2" if index else "A2"
        for number, column in enumerate(table.columns, start=1):
            longest = max(
                [len(str(column))] + [len(str(v)) for v in table[column].head(200).tolist()]
            )
            sheet.column_dimensions[get_column_letter(number)].width = min(longest + 2, MAX_WIDTH)
    with atomic_path(path) as temp:
        workbook.save(temp)
    return Path(path)


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
