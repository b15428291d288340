"""Attribute tables: ``corpus/cases.csv`` (a ``case`` column, then any attributes) and
``corpus/documents.csv`` (a ``document`` column with the names `documents` lists, then any
attributes: role of the interviewee, date, interviewer…)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ptce_coding.base.errors import CorpusError
from ptce_coding.corpus.plaintext import decode


def read_cases(path: Path) -> dict[str, dict[str, Any]]:
    return read_attribute_table(path, "case")


def read_documents(path: Path) -> dict[str, dict[str, Any]]:
    return read_attribute_table(path, "document")


def read_attribute_table(path: Path, key: str) -> dict[str, dict[str, Any]]:
    """{name: {attribute: value}}; empty cells are left out. Missing file: no attributes."""
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
    if key not in header:
        raise CorpusError(
            f"no `{key}` column (columns: {', '.join(header) or 'none'})",
            path=path,
            line=1,
            hint=f"The first column must be named `{key}`"
            + (" and hold the case folder names." if key == "case" else "."),
        )
    cases: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if None in row:
            raise CorpusError("more cells than columns", path=path, line=line)
        values = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        name = values.pop(key)
        if not name:
            if any(values.values()):
                raise CorpusError(f"a row without a {key} name", path=path, line=line)
            continue
        if name in cases:
            raise CorpusError(
                f"{key} {name!r} is listed twice (first at line {first_line[name]})",
                path=path,
                line=line,
            )
        first_line[name] = line
        cases[name] = {key: value for key, value in values.items() if key and value}
    return cases
