"""A far document's closeness never reads as at its cut (user trial, session 41, U).

With `coding.far_closeness: 0.21` in project.yaml, `code` said « closeness under 0.21 »
and named `collectif-biscuiterie/entretien-serigraphe-resident.md (0.21)`, and 22
suggestions' evidence read « closeness 0.21, under 0.21 »: the closeness was rounded (0.2068
→ 0.21). With 0.205 it said « under 0.20 » and a document « (0.20) »: the cut was rounded
too. The closeness is now cut to two decimals, as `code` shows the highest finding under
`coding.min_confidence`, and the cut is shown as the project sets it."""

from __future__ import annotations

from ptce_coding.cli.run_notes import far_lines
from ptce_coding.tagging.far_documents import describe, is_far


def test_a_document_just_under_the_cut_does_not_read_as_at_it() -> None:
    assert is_far(0.2068, 0.21)
    line = far_lines({"pole/entretien.md": 0.2068}, 0.21, ("TERR", "INST"))[0]
    assert "(closeness under 0.21, coding.far_closeness)" in line
    assert "pole/entretien.md (0.20)" in line
    assert "closeness 0.20, under 0.21" in describe(0.2068, 0.21, context=True)


def test_the_cut_is_shown_as_the_project_sets_it() -> None:
    line = far_lines({"pole/entretien.md": 0.2049}, 0.205, ("TERR",))[0]
    assert "(closeness under 0.205, coding.far_closeness)" in line
    assert "pole/entretien.md (0.20)" in line
    assert "closeness 0.20, under 0.205" in describe(0.2049, 0.205, context=False)


def test_a_closeness_far_from_the_cut_reads_as_before() -> None:
    line = far_lines({"cfpp/entretien.txt": 0.163}, 0.19, ("TERR", "INST"))[0]
    assert "(closeness under 0.19, coding.far_closeness): cfpp/entretien.txt (0.16)" in line
    assert "(closeness 0.16, under 0.19): rarely right there" in describe(0.163, 0.19, False)
