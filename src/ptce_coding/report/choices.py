"""What a report is asked to show: its title, its cases, its codings, its readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ptce_coding.base.coder_selection import CoderSelection

if TYPE_CHECKING:
    from ptce_coding.privacy.apply import AnonymisedView

DEFAULT_TITLE = "Synthèse des entretiens"


@dataclass(frozen=True)
class ReportChoices:
    """The choices of one report, made once and read by every chapter.

    ``project``: the project's name on the title page; ``cases``: the poles shown (None:
    all); ``include_suggestions``: count the suggestions with the accepted codings;
    ``view``: pseudonymise everything shown (an anonymised report, to be shared);
    ``selection``: whose codings count (coder_selection.py; default: every coder)."""

    project: str
    title: str = DEFAULT_TITLE
    cases: list[str] | None = None
    include_suggestions: bool = False
    view: AnonymisedView | None = None
    selection: CoderSelection = field(default_factory=CoderSelection)
