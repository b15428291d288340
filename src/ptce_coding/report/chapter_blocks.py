"""The blocks a chapter of the synthesis report is made of: a paragraph (str), a table, a
figure or a quotation (``Quote``, with the source it names), and a chapter another module
contributes (``ExtraChapter``), shown in the documents of its audience."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

AUDIENCES = ("restitution", "annexe")


@dataclass(frozen=True)
class Quote:
    case: str
    document: str
    speaker: str | None
    text: str
    suggested: bool = False
    pole: str = ""  # display names: the pole, the interview's label, the speaker's role
    interview: str = ""
    role: str = ""
    code: str = ""
    # its interview has neither organisation nor label in documents.csv: ``interview`` is
    # its file's name made readable (labels._file_labels), not the speaker's organisation
    from_file: bool = False

    @property
    def source(self) -> str:
        """« directrice (SCIC Terres d'Orlan, Pôle Alimentaire Terres d'Orlan) »; the pole
        said once where the interviewee's organisation is the pole itself (« coordinatrice
        (Collectif de la Biscuiterie) ») or one name holds the other: the longer one is
        given (« animateur du pôle (Pôle Bois & Habitat du Val de Morvanne) », not
        « (Pôle Bois & Habitat, Pôle Bois & Habitat du Val de Morvanne) »). A name holds the
        other as whole words only: « Eslo » is not said in « ESLO1_INTPERS_420_C »."""
        if self.from_file:
            return self._file_source()
        interview, pole = _folded(self.interview), _folded(self.pole)
        if interview and pole and (_holds(pole, interview) or _holds(interview, pole)):
            parts: tuple[str, ...] = (self.pole if len(pole) >= len(interview) else self.interview,)
        else:
            parts = (self.interview, self.pole)
        where = ", ".join(part for part in parts if part)
        return f"{self.role} ({where})" if self.role and where else self.role or where

    def _file_source(self) -> str:
        """An interview named after its file, said as one, after the pole: « personne
        interrogée (Pôle Alimentaire, entretien « directrice scic ») ». In the place of the
        organisation, « (Entretien directrice scic, Pôle Alimentaire) » read as the name of
        a structure (helper U, session 42)."""
        name = _FILE_WORD.sub("", self.interview).strip()
        if not name:
            said = ""
        elif name.isdigit():
            said = f"entretien {name}"
        else:
            said = f"entretien « {name} »"
        where = ", ".join(part for part in (self.pole, said) if part)
        return f"{self.role} ({where})" if self.role and where else self.role or where


# « Entretien » opening a file's name made readable (« Entretien directrice scic »): said once
_FILE_WORD = re.compile(r"^entretiens?(?:\s+|$)", re.IGNORECASE)


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def _holds(name: str, part: str) -> bool:
    """Whether ``part`` is in ``name`` as whole words (both folded)."""
    return re.search(rf"(?<!\w){re.escape(part)}(?!\w)", name) is not None


@dataclass
class TableBlock:
    """A table of an extra chapter: rows are its index (display names), columns headings."""

    caption: str
    frame: pd.DataFrame
    decimals: int = 0


@dataclass
class FigureBlock:
    path: Path  # a .png
    caption: str


Block = str | TableBlock | FigureBlock | Quote  # str: a paragraph


@dataclass
class ExtraChapter:
    """A chapter another module contributes (e.g. a typology of the poles): a title and
    blocks in order, shown in the documents of ``audience`` before the method."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    audience: tuple[str, ...] = AUDIENCES
