"""The piece of an output file's name that says which poles it is about (``--cases``), so
that the files of a selection of poles never replace the whole study's (``restitution.html``,
``case-x-code-level1-count.csv``), nor another selection's. Light on purpose: `matrix`
imports it, without the report's other modules."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable

# Room for the rest of a file name (« restitution-coders-…-anonyme.docx », within
# files.MAX_NAME_BYTES): past this, the poles are named by their number and a digest.
MAX_CASES_BYTES = 60


def cases_label(cases: Iterable[str]) -> str:
    """``cases-terres-d-orlan+trois-vallons`` for the poles trois-vallons and terres-d-orlan,
    in the order of their names (``--cases b,a`` is the selection ``--cases a,b``): each name
    as a file name takes it, what is not a letter, a digit, « - » or « _ » made « - », as the
    coders' names in ``CoderSelection.label``. When that is longer than ``MAX_CASES_BYTES``
    (many poles, long names): their number and a short digest of their names,
    ``cases-8-3fa2c1d0``. '' for no pole (the whole study: the names of earlier versions)."""
    names = sorted({unicodedata.normalize("NFC", name) for name in cases})
    if not names:
        return ""
    label = "cases-" + "+".join(_safe(name) for name in names)
    if len(label.encode("utf-8")) <= MAX_CASES_BYTES:
        return label
    digest = hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()[:8]
    return f"cases-{len(names)}-{digest}"


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name)
