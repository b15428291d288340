"""Speaker labels inside Markdown's containers, which ``SpeakerDetector.match`` does not see
past: a quotation (« > **Marie :** … »), a list item (« - **Marie :** … ») and a row of a
pipe table (« | Marie | Bonjour… | », a Word table as pandoc writes it)."""

from __future__ import annotations

import re
from dataclasses import replace

from ptce_coding.corpus.speaker_forms import TABLE_HEADERS
from ptce_coding.corpus.speakers import Label, SpeakerDetector, fold, looks_like_name

_S = r"[ \t\u00a0\u202f]"
_QUOTED = re.compile(rf"^{_S}*(?:>{_S}*)+(?=\S)")
_BULLET = re.compile(rf"^{_S}*[-*+]{_S}+(?=\*\*|__)")
_TABLE_ROW = re.compile(rf"^{_S}*\|{_S}*(?P<name>[^|]+?){_S}*(?<!\\)\|{_S}*(?=[^|\s])")


def markdown_label(line: str, detector: SpeakerDetector) -> Label | None:
    """The label of a line in a Markdown container, its length counting the container's
    marks. In a quotation, as without the quotation mark; after a list's bullet, only in
    bold, weak and ``in_list`` (taken where the transcript alternates such labels that come
    back: « - **Emploi :** 12 salariés », « - **Paris Mix** » are list items); the first
    cell of a table's row, weak too (a table of figures does not alternate), not a column's
    name (« | Locuteur | Texte | »)."""
    found = _QUOTED.match(line) or _BULLET.match(line)
    if found is not None:
        label = detector.match(line[found.end() :])
        if label is None:
            return None
        label = replace(label, length=found.end() + label.length)
        if found.re is _QUOTED:
            return label
        return replace(label, certain=False, weak=True, in_list=True)
    row = _TABLE_ROW.match(line)
    if row is None:
        return None
    name = row.group("name").strip("*_ ").rstrip(" :").strip()
    if not looks_like_name(name) or fold(name) in TABLE_HEADERS:
        return None
    return Label(name, row.end(), weak=True)
