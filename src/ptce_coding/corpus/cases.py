"""Case attributes from ``corpus/cases.csv``: a ``case`` column, then any attributes."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ptce_coding.corpus.plaintext import decode
from ptce_coding.errors import CorpusError


def read_cases(path: Path) -> dict[str, dict[str, Any]]:
    """{case: {attribute: value}}; empty cells are left out. Missing file: no attributes."""
    if not path.exists():
        return {}
    text, _ = decode(path.read_bytes(), path)
    text = text.lstrip("\ufeff")
    if not text.strip():
        return {}
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(text.splitlines(), dialect=dialect)
    header = [name.strip() for name in (reader.fieldnames or [])]
    if "case" not in header:
        raise CorpusError(
            f"no `case` column (columns: {', '.join(header) or 'none'})",
            path=path,
            line=1,
            hint="The first column must be named `case` and hold the case folder names.",
        )
    cases: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if None in row:
            raise CorpusError("more cells than columns", path=path, line=line)
        values = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        name = values.pop("case")
        if not name:
            if any(values.values()):
                raise CorpusError("a row without a case name", path=path, line=line)
            continue
        if name in cases:
            raise CorpusError(
                f"case {name!r} is listed twice (first at line {first_line[name]})",
                path=path,
                line=line,
            )
        first_line[name] = line
        cases[name] = {key: value for key, value in values.items() if key and value}
    return cases
