"""The cuts of ``coded_extent`` as a group reads them: with several coders compared in
pairs (`agreement --pairs`), a coder who stopped in a document cuts each of their pairs at
the same place; said once per coder and document, the note stays as long as the documents
they stopped in, not three or four times that."""

from __future__ import annotations

from ptce_coding.analysis.coded_extent import Cut


def group_cuts(cuts: list[Cut]) -> list[list[Cut]]:
    """``cuts`` gathered by coder, document and place of the cut (the same units left out),
    in the order of each group's first cut."""
    groups: dict[tuple[str, str, int, int, int, int], list[Cut]] = {}
    for cut in cuts:
        key = (cut.coder, cut.document, cut.units, cut.last_unit, cut.first_left, cut.last_left)
        groups.setdefault(key, []).append(cut)
    return list(groups.values())
