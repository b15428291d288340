"""A document's name is ``<case>/<file>``: a file or table made elsewhere (another tool's
codings, a documents.csv written before documents were named so) may name it by its file
alone, which finds it when one case has that file."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def by_file_alone(names: Iterable[str]) -> dict[str, list[str]]:
    """Each file alone (``<file>``, NFC) → the documents ``<case>/<file>`` that hold it."""
    found: dict[str, list[str]] = {}
    for name in names:
        if "/" in name:
            found.setdefault(unicodedata.normalize("NFC", name.split("/", 1)[1]), []).append(name)
    return found
