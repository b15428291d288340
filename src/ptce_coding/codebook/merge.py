"""New codes appended to the text of a YAML codebook, its comments and order kept.

New codes are appended to the ``codes:`` list in the flat form (``parent:`` rather than
nesting), so the existing text of the file, with its comments, is left exactly as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ptce_coding.base.errors import ExchangeError
from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.codebook.model import Code, Codebook


def yaml_scalar(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value`` (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def appended_yaml(text: str, new: list[Code], source: str) -> str:
    """The codebook text with ``new`` codes appended to its ``codes:`` list."""
    if not new:
        return text
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or list(data)[-1] != "codes":
        raise ExchangeError(
            "cannot add codes to this codebook: `codes:` must be its last top-level key",
            hint="Move the `codes:` list to the end of the YAML file and import again.",
        )
    lines = [f"  # --- codes imported from {source} ---"]
    for code in new:
        lines.append(f"  - id: {code.id}")
        lines.append(f"    label: {yaml_scalar(code.label)}")
        if code.parent:
            lines.append(f"    parent: {code.parent}")
        for name in ("definition", "include", "exclude"):
            value = getattr(code, name)
            if value:
                lines.append(f"    {name}: {yaml_scalar(value)}")
        if code.examples:
            lines.append("    examples: [" + ", ".join(yaml_scalar(e) for e in code.examples) + "]")
        if code.color:
            lines.append(f'    color: "{code.color}"')
        if code.retired:
            lines.append("    retired: true")
    return text.rstrip("\n") + "\n" + "\n".join(lines) + "\n"


def merged_codebook(path: Path, new: list[Code], source: str) -> tuple[str, Codebook]:
    """The new text of the codebook file and the codebook it gives (validated)."""
    text = path.read_text(encoding="utf-8")
    merged = appended_yaml(text, new, source)
    return merged, parse_codebook(merged, path=str(path))
